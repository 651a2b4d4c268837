import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { PRIORITIES, type Plan, type SlaPolicy } from '../api/types.ts';
import { KindBadge } from '../components/Badges.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useCalendars, usePlans, useSlaPolicies } from './adminApi.ts';
import { TargetEditor } from './TargetEditor.tsx';

const PRESETS = ['tiered-support', 'business-hours'] as const;
const METRICS = ['first_response', 'next_response', 'resolution'] as const;

const sorted = (ps: SlaPolicy[]) => [...ps].sort((a, b) => a.position - b.position || String(a.id).localeCompare(String(b.id), undefined, { numeric: true }));
const constrainsMore = (p: SlaPolicy) => !!(p.match?.addons?.length || p.match?.channels?.length || p.match?.categories?.length);

/** The policy a ticket of this plan gets when no add-on, channel or category narrows it: the first by position. */
function policyFor(plan: Plan | null, policies: SlaPolicy[]): SlaPolicy | undefined {
  return sorted(policies).find((p) => {
    if (constrainsMore(p)) return false;
    const ids = p.match?.plan_ids;
    if (!ids || ids.length === 0) return true;
    return plan !== null && ids.map(String).includes(String(plan.id));
  });
}

/** SLA policies as a plan × priority matrix, and presets to start from. */
export function SlaPolicies() {
  const { t } = useTranslation();
  usePageTitle(t('admin.nav.sla'));
  const qc = useQueryClient();
  const plans = usePlans();
  const policies = useSlaPolicies();
  const calendars = useCalendars();
  const [applied, setApplied] = useState<string | null>(null);
  const apply = useMutation({
    mutationFn: (name: string) => api.post(`/presets/${name}/apply`),
    onSuccess: (_r, name) => { setApplied(name); for (const k of ['plans', 'sla-policies', 'calendars', 'organizations']) void qc.invalidateQueries({ queryKey: [k] }); },
  });
  const calName = (id: unknown) => (calendars.data ?? []).find((c) => String(c.id) === String(id))?.name;

  return (
    <main className="admin-page" id="main">
      <div className="page-head"><h1>{t('admin.nav.sla')}</h1></div>
      <section className="section">
        <h2>{t('admin.presets.title')}</h2>
        <div className="cards">
          {PRESETS.map((p) => (
            <div key={p} className="card preset">
              <h3>{t(`admin.presets.${p}.name`)}</h3>
              <p className="muted">{t(`admin.presets.${p}.desc`)}</p>
              <button type="button" className="btn" disabled={apply.isPending} onClick={() => { if (window.confirm(t('admin.presets.confirm', { name: t(`admin.presets.${p}.name`) }))) apply.mutate(p); }}>{t('admin.presets.apply')}</button>
            </div>
          ))}
        </div>
        {apply.isError && <ErrorBanner error={apply.error} />}
        {applied && <div className="notice notice-ok" role="status">✓ {t('admin.presets.applied', { name: t(`admin.presets.${applied}.name`) })}</div>}
      </section>
      <section className="section">
        <h2>{t('admin.sla.matrix')}</h2>
        <p className="muted">{t('admin.sla.matrix_desc')}</p>
        <QueryView query={policies}>
          {(list) => list.length === 0 ? <EmptyState icon="clock" title={t('admin.sla.empty')}>{t('admin.sla.empty_body')}</EmptyState> : (
            <>
              <div className="table-wrap">
                <table className="table matrix">
                  <thead><tr><th scope="col">{t('admin.org.plan')}</th>{PRIORITIES.map((p) => <th key={p} scope="col">{p} · {t(`priority.${p}.name`)}</th>)}</tr></thead>
                  <tbody>
                    {[...(plans.data ?? []), null].map((plan) => {
                      const pol = policyFor(plan, list);
                      return (
                        <tr key={plan?.id ?? 'none'}>
                          <th scope="row">{plan?.name ?? t('plan.none')}{pol && <div className="muted small"><KindBadge kind={pol.kind} /> {pol.name}</div>}</th>
                          {PRIORITIES.map((prio) => {
                            const targets = pol?.targets.filter((x) => x.priority === prio) ?? [];
                            return (
                              <td key={prio}>
                                {targets.length === 0 || !pol ? <span className="muted">{t('sla.no_target_short')}</span> : METRICS.map((m) => {
                                  const x = targets.find((y) => y.metric === m);
                                  return x ? <TargetEditor key={m} policy={pol} target={x} calendar={calName(x.calendar_id)} /> : null;
                                })}
                              </td>
                            );
                          })}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <h3>{t('admin.sla.policies')}</h3>
              <ol className="plain policies">
                {sorted(list).map((p) => (
                  <li key={p.id}><KindBadge kind={p.kind} /> <strong>{p.name}</strong> <span className="muted">#{p.position}</span>
                    {constrainsMore(p) && <span className="muted small"> · {t('admin.sla.conditions', { list: [...(p.match?.addons ?? []), ...(p.match?.channels ?? []), ...(p.match?.categories ?? [])].join(', ') })}</span>}
                  </li>
                ))}
              </ol>
            </>
          )}
        </QueryView>
      </section>
    </main>
  );
}
