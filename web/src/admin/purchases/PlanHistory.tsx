import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.ts';
import { usePlanNames } from '../../api/plans.ts';
import type { PlanHistoryRow } from '../../api/types.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { Time } from '../../components/Time.tsx';

/** The organization's plans over time, newest first. */
export function PlanHistory({ orgId }: { orgId: number }) {
  const { t } = useTranslation();
  const planName = usePlanNames();
  const q = useQuery({
    queryKey: ['plan-history', orgId],
    queryFn: () => api.get<Page<PlanHistoryRow>>(`/organizations/${orgId}/plan-history`),
  });
  return (
    <section aria-labelledby="plan-history-title">
      <h3 id="plan-history-title">{t('kf.plan_history.title')}</h3>
      <QueryView query={q}>
        {(p) =>
          p.data.length ? (
            <ul className="plain">
              {p.data.map((h, i) => (
                <li key={i}>
                  <strong>
                    {(h.plan_id != null && h.plan_name ? planName({ id: h.plan_id, name: h.plan_name })?.name : null) ?? t('plan.none')}
                  </strong>
                  {h.addons.length > 0 && <span className="muted"> + {h.addons.join(', ')}</span>}
                  <span className="muted small">
                    {' '}
                    · <Time value={h.valid_from} /> – {h.valid_to ? <Time value={h.valid_to} /> : t('kf.plan_history.current')}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('kf.plan_history.none')}</p>
          )
        }
      </QueryView>
    </section>
  );
}
