import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.ts';
import type { Organization, Plan } from '../api/types.ts';
import { PlanBadge } from '../components/Badges.tsx';
import { usePlanName } from '../api/plans.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { usePlans } from './adminApi.ts';
import { MailDeliveryNotice } from './email/MailDeliveryNotice.tsx';
import { OrganizationEditor } from './OrganizationEditor.tsx';
import { PlanEditor } from './PlanEditor.tsx';

/** Customer accounts and the plans they are on. */
export function Organizations() {
  const { t } = useTranslation();
  usePageTitle(t('admin.nav.organizations'));
  const qc = useQueryClient();
  const [search, setSearch] = useState('');
  // The right-hand pane: one organization, or one plan (what it includes).
  const [selected, setSelected] = useState<number | null>(null);
  const [selectedPlan, setSelectedPlan] = useState<number | null>(null);
  const pick = (org: number | null, planId: number | null) => {
    setSelected(org);
    setSelectedPlan(planId);
  };
  const [name, setName] = useState('');
  const [planId, setPlanId] = useState('');
  const orgs = useQuery({
    queryKey: ['organizations', search],
    queryFn: () => api.get<Page<Organization>>('/organizations', { q: search || undefined, limit: 100 }),
  });
  const plans = usePlans();
  const [plan, setPlan] = useState({ key: '', name: '', rank: '100' });
  const planName = usePlanName();
  const selectedPlanRow = (plans.data ?? []).find((p) => p.id === selectedPlan) ?? null;
  const createPlan = useMutation({
    mutationFn: () => api.post<Plan>('/plans', { key: plan.key.trim(), name: plan.name.trim(), rank: Number(plan.rank) || 0 }),
    onSuccess: (created) => {
      setPlan({ key: '', name: '', rank: '100' });
      pick(null, created.id);
      void qc.invalidateQueries({ queryKey: ['plans'] });
    },
  });
  const create = useMutation({
    mutationFn: () => api.post<Organization>('/organizations', { name, plan_id: planId ? Number(planId) : null }),
    onSuccess: (o) => {
      setName('');
      pick(o.id, null);
      void qc.invalidateQueries({ queryKey: ['organizations'] });
    },
  });
  return (
    <main className="admin-page" id="main">
      <div className="page-head">
        <h1>{t('admin.nav.organizations')}</h1>
      </div>
      <MailDeliveryNotice place="elsewhere" />
      <div className="split">
        <div>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) create.mutate();
            }}
          >
            <Field label={t('admin.org.name')}>
              {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
            </Field>
            <Field label={t('admin.org.plan')}>
              {(p) => (
                <select {...p} value={planId} onChange={(e) => setPlanId(e.target.value)}>
                  <option value="">{t('plan.none')}</option>
                  {(plans.data ?? []).map((pl) => (
                    <option key={pl.id} value={pl.id}>
                      {planName(pl)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit" className="btn btn-primary" disabled={create.isPending}>
              {t('admin.org.create')}
            </button>
          </form>
          {create.isError && <ErrorBanner error={create.error} />}
          <input
            className="search"
            type="search"
            aria-label={t('common.search')}
            placeholder={t('common.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <QueryView query={orgs}>
            {(p) =>
              p.data.length === 0 ? (
                <EmptyState title={t('admin.org.empty')} />
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th>{t('admin.org.name')}</th>
                      <th>{t('admin.org.plan')}</th>
                      <th>{t('admin.org.domains')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.data.map((o) => (
                      <tr key={o.id} className={selected === o.id ? 'selected' : ''}>
                        <td>
                          <button type="button" className="link" onClick={() => pick(o.id, null)}>
                            {o.name}
                          </button>
                        </td>
                        <td>
                          <PlanBadge plan={o.plan} />
                        </td>
                        <td className="muted">{o.email_domains.join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </QueryView>
          <h2>{t('admin.plans.title')}</h2>
          <QueryView query={plans}>
            {(list) =>
              list.length === 0 ? (
                <p className="muted">{t('admin.plans.empty')}</p>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th>{t('admin.plans.name')}</th>
                      <th>{t('admin.plans.key')}</th>
                      <th>{t('admin.plans.rank')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((pl) => (
                      <tr key={pl.id} className={selectedPlan === pl.id ? 'selected' : ''}>
                        <td>
                          <button type="button" className="link" onClick={() => pick(null, pl.id)}>
                            {planName(pl)}
                          </button>
                          {planName(pl) !== pl.name && <span className="muted"> · {pl.name}</span>}
                        </td>
                        <td className="mono">{pl.key}</td>
                        <td>{pl.rank}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </QueryView>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (plan.key && plan.name) createPlan.mutate();
            }}
          >
            <Field label={t('admin.plans.name')}>
              {(p) => <input {...p} required value={plan.name} onChange={(e) => setPlan({ ...plan, name: e.target.value })} />}
            </Field>
            <Field label={t('admin.plans.key')} hint={t('admin.plans.key_hint')}>
              {(p) => (
                <input {...p} required className="mono" value={plan.key} onChange={(e) => setPlan({ ...plan, key: e.target.value })} />
              )}
            </Field>
            <Field label={t('admin.plans.rank')} hint={t('admin.plans.rank_hint')}>
              {(p) => <input {...p} type="number" min={0} value={plan.rank} onChange={(e) => setPlan({ ...plan, rank: e.target.value })} />}
            </Field>
            <button type="submit" className="btn" disabled={createPlan.isPending}>
              {t('admin.plans.create')}
            </button>
          </form>
          {createPlan.isError && (
            <ErrorBanner
              error={createPlan.error}
              fields={{ name: t('admin.plans.name'), key: t('admin.plans.key'), rank: t('admin.plans.rank') }}
            />
          )}
        </div>
        <div>
          {selected ? (
            <OrganizationEditor id={selected} key={selected} />
          ) : selectedPlanRow ? (
            <PlanEditor plan={selectedPlanRow} key={selectedPlanRow.id} />
          ) : (
            <EmptyState icon="building" title={t('admin.org.pick')} />
          )}
        </div>
      </div>
    </main>
  );
}
