import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localName } from '../components/sla.ts';
import { api, type Page } from '../api/client.ts';
import { useLocalized, usePlanName } from '../api/plans.ts';
import { PRIORITIES, type Localized, type SlaPolicy } from '../api/types.ts';
import { KindBadge } from '../components/Badges.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useCalendars, usePlans, useSlaPolicies } from './adminApi.ts';
import { conditionsOf, isConditional, policiesFor, sharedCalendar, sorted } from './slaMatrix.ts';
import { TargetEditor } from './TargetEditor.tsx';
import { SlaWarningSetting } from './SlaWarningSetting.tsx';
import { tightenHan } from '../i18n/index.ts';
import { priorityLabel } from '../components/priority.ts';

const PRESETS = ['tiered-support', 'business-hours'] as const;
const METRICS = ['first_response', 'next_response', 'resolution'] as const;

/** GET /presets: the built-in presets with their descriptions in both languages (the server's words, one source). */
const usePresetInfo = () =>
  useQuery({ queryKey: ['presets'], queryFn: () => api.get<Page<{ name: string; description: Localized }>>('/presets') });

/** SLA policies as a plan × priority matrix, and presets to start from. */
export function SlaPolicies() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('admin.nav.sla'));
  const qc = useQueryClient();
  const plans = usePlans();
  const policies = useSlaPolicies();
  const calendars = useCalendars();
  const [applied, setApplied] = useState<string | null>(null);
  const apply = useMutation({
    mutationFn: (name: string) => api.post(`/presets/${name}/apply`),
    onSuccess: (_r, name) => {
      setApplied(name);
      for (const k of ['plans', 'sla-policies', 'calendars', 'organizations']) void qc.invalidateQueries({ queryKey: [k] });
    },
  });
  const calName = (id: unknown) => {
    const c = (calendars.data ?? []).find((x) => String(x.id) === String(id));
    return c ? localName(c, i18n.language) : undefined;
  };
  const presetInfo = usePresetInfo();
  const localized = useLocalized();
  const planName = usePlanName();
  const describePreset = (name: string) => localized(presetInfo.data?.data.find((x) => x.name === name)?.description);
  /** "with the add-on Premium support · arriving by Web portal, Email" — or "Every ticket on this plan". */
  const conditionText = (p: SlaPolicy) => {
    const c = conditionsOf(p);
    const sep = t('common.list_separator');
    const parts = [
      c.addons.length ? t('admin.sla.cond_addon', { list: c.addons.map((a) => t(`addon_label.${a}`, { defaultValue: a })).join(sep) }) : '',
      c.channels.length
        ? t('admin.sla.cond_channel', { list: c.channels.map((ch) => t(`channel_label.${ch}`, { defaultValue: ch })).join(sep) })
        : '',
      c.categories.length
        ? t('admin.sla.cond_category', { list: c.categories.map((k) => t(`category.${k}.name`, { defaultValue: k })).join(sep) })
        : '',
    ].filter(Boolean);
    return parts.length ? tightenHan(parts.join(' · ')) : t('admin.sla.any_ticket');
  };

  return (
    <main className="admin-page" id="main">
      <div className="page-head">
        <h1>{t('admin.nav.sla')}</h1>
      </div>
      <section className="section">
        <h2>{t('admin.presets.title')}</h2>
        <div className="cards">
          {PRESETS.map((p) => (
            <div key={p} className="card preset">
              <h3>{t(`admin.presets.${p}.name`)}</h3>
              <p className="muted" data-testid={`preset-desc-${p}`}>
                {describePreset(p)}
              </p>
              <button
                type="button"
                className="btn"
                disabled={apply.isPending}
                onClick={() => {
                  if (window.confirm(t('admin.presets.confirm', { name: t(`admin.presets.${p}.name`) }))) apply.mutate(p);
                }}
              >
                {t('admin.presets.apply')}
              </button>
            </div>
          ))}
        </div>
        {apply.isError && <ErrorBanner error={apply.error} />}
        {applied && (
          <div className="notice notice-ok" role="status">
            ✓ {t('admin.presets.applied', { name: t(`admin.presets.${applied}.name`) })}
          </div>
        )}
      </section>
      <section className="section">
        <h2>{t('admin.sla.matrix')}</h2>
        <p className="muted">{t('admin.sla.matrix_desc')}</p>
        <QueryView query={policies}>
          {(list) =>
            list.length === 0 ? (
              <EmptyState icon="clock" title={t('admin.sla.empty')}>
                {t('admin.sla.empty_body')}
              </EmptyState>
            ) : (
              <>
                <div className="table-wrap">
                  <table className="table matrix">
                    <thead>
                      <tr>
                        <th scope="col">{t('admin.org.plan')}</th>
                        <th scope="col">{t('admin.sla.policy')}</th>
                        {PRIORITIES.map((p) => (
                          <th key={p} scope="col">
                            {priorityLabel(t, p)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    {[...(plans.data ?? []), null].map((plan) => {
                      const rows = policiesFor(plan, list);
                      const span = rows.policies.length + (rows.uncovered ? 1 : 0);
                      const planCell = (
                        <th scope="rowgroup" rowSpan={span}>
                          {plan ? planName(plan) : t('plan.none')}
                        </th>
                      );
                      return (
                        <tbody key={plan?.id ?? 'none'} data-testid="matrix-plan">
                          {rows.policies.map((pol, i) => (
                            <tr key={pol.id}>
                              {i === 0 && planCell}
                              <th scope="row" className="policy-cell">
                                <KindBadge kind={pol.kind} /> {localName(pol, i18n.language)}
                                <div className="muted small">{conditionText(pol)}</div>
                                {sharedCalendar(pol) && calName(sharedCalendar(pol)) && (
                                  <div className="muted small">{t('admin.sla.counted_in', { calendar: calName(sharedCalendar(pol)) })}</div>
                                )}
                              </th>
                              {PRIORITIES.map((prio) => {
                                const targets = pol.targets.filter((x) => x.priority === prio);
                                return (
                                  <td key={prio}>
                                    {targets.length === 0 ? (
                                      <span className="muted">{t('sla.no_target_short')}</span>
                                    ) : (
                                      METRICS.map((m) => {
                                        const x = targets.find((y) => y.metric === m);
                                        return x ? (
                                          <TargetEditor
                                            key={m}
                                            policy={pol}
                                            target={x}
                                            calendar={sharedCalendar(pol) ? undefined : calName(x.calendar_id)}
                                          />
                                        ) : null;
                                      })
                                    )}
                                  </td>
                                );
                              })}
                            </tr>
                          ))}
                          {rows.uncovered && (
                            <tr>
                              {rows.policies.length === 0 && planCell}
                              <th scope="row" className="policy-cell">
                                {rows.policies.length ? t('admin.sla.otherwise') : t('admin.sla.any_ticket')}
                                <div className="muted small">{t('admin.sla.no_policy')}</div>
                              </th>
                              {PRIORITIES.map((prio) => (
                                <td key={prio}>
                                  <span className="muted">{t('sla.no_target_short')}</span>
                                </td>
                              ))}
                            </tr>
                          )}
                        </tbody>
                      );
                    })}
                  </table>
                </div>
                <h3>{t('admin.sla.policies')}</h3>
                <ol className="plain policies">
                  {sorted(list).map((p) => (
                    <li key={p.id}>
                      <KindBadge kind={p.kind} /> <strong>{localName(p, i18n.language)}</strong>{' '}
                      <span className="muted">#{p.position}</span>
                      {isConditional(p) && <span className="muted small"> · {t('admin.sla.conditions', { list: conditionText(p) })}</span>}
                    </li>
                  ))}
                </ol>
              </>
            )
          }
        </QueryView>
      </section>
      <SlaWarningSetting />
    </main>
  );
}
