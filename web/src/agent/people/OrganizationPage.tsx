import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, type Page } from '../../api/client.ts';
import { usePlanNames } from '../../api/plans.ts';
import { useMe } from '../../api/session.ts';
import type { Asset, Organization } from '../../api/types.ts';
import { usePlans } from '../../admin/adminApi.ts';
import { OrgPurchases } from '../../admin/purchases/OrgPurchases.tsx';
import { PlanHistory } from '../../admin/purchases/PlanHistory.tsx';
import { PlanBadge } from '../../components/Badges.tsx';
import { ErrorBanner, errorText } from '../../components/ErrorBanner.tsx';
import { Skeleton } from '../../components/Loading.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { usePageTitle } from '../../components/PageTitle.tsx';
import { InlineEdit } from './InlineEdit.tsx';
import { UNSOLVED, useOrganization, usePeoplePages } from './peopleApi.ts';
import { TicketList } from './TicketList.tsx';
import './people.css';

const words = (s: string) =>
  s
    .split(/[\s,，]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** /agent/organizations/:id — a customer account: plan and its history, assets, people, purchases, open tickets; edited in place. */
export function OrganizationPage() {
  const id = Number(useParams().id);
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFound />;
  return <OrganizationView key={id} id={id} />;
}

function OrganizationView({ id }: { id: number }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const qc = useQueryClient();
  const q = useOrganization(id);
  const planName = usePlanNames();
  usePageTitle(q.data?.name);
  const admin = me?.role === 'admin';
  const plans = usePlans();
  const patch = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<Organization>(`/organizations/${id}`, body),
    onSuccess: (next) => {
      qc.setQueryData(['organization', id], next);
      void qc.invalidateQueries({ queryKey: ['plan-history', id] });
    },
  });
  if (q.isPending)
    return (
      <main className="queue" id="main">
        <Skeleton rows={6} />
      </main>
    );
  if (q.isError)
    return q.error instanceof ApiError && q.error.status === 404 ? (
      <NotFound />
    ) : (
      <main className="queue" id="main">
        <ErrorBanner error={q.error} onRetry={() => void q.refetch()} />
      </main>
    );
  const o = q.data;
  const save =
    (key: string, map: (v: string) => unknown = (v) => v) =>
    (v: string) =>
      patch.mutateAsync({ [key]: map(v) });
  const planOptions = [
    { value: '', label: t('plan.none') },
    ...(plans.data ?? []).map((p) => ({ value: String(p.id), label: planName(p)?.name ?? p.name })),
  ];
  return (
    <main className="entity-page" id="main" data-testid="organization-page">
      <div className="entity-main">
        <p className="crumbs">
          <Link to="/agent">{t('agent.nav.queue')}</Link> / {t('people.org.title')}
        </p>
        <header className="entity-head">
          <h1>{o.name}</h1>
          <PlanBadge plan={o.plan} />
          {o.addons.map((a) => (
            <span key={a} className="badge subtle">
              {t(`addon_label.${a}`, { defaultValue: a })}
            </span>
          ))}
        </header>
        <section className="panel" aria-labelledby="org-details">
          <h2 className="panel-title" id="org-details">
            {t('people.details')}
          </h2>
          <dl className="inline-edits">
            <InlineEdit label={t('people.org.name')} value={o.name} onSave={save('name')} testId="edit-org-name" />
            <InlineEdit
              label={t('people.plan')}
              value={o.plan_id ? String(o.plan_id) : ''}
              display={<PlanBadge plan={o.plan} />}
              options={planOptions}
              onSave={admin ? save('plan_id', (v) => (v ? Number(v) : null)) : undefined}
              testId="edit-org-plan"
            />
            <InlineEdit
              label={t('people.org.domains')}
              value={o.email_domains.join(', ')}
              display={o.email_domains.length ? <span className="mono">{o.email_domains.join(', ')}</span> : undefined}
              placeholder="example.com"
              onSave={save('email_domains', words)}
              testId="edit-org-domains"
            />
            <InlineEdit label={t('people.org.notes')} value={o.notes ?? ''} multiline onSave={save('notes')} testId="edit-org-notes" />
          </dl>
          {!admin && <p className="muted small">{t('people.org.plan_admin_only')}</p>}
        </section>
        <section aria-labelledby="org-open-tickets" className="entity-section">
          <h2 id="org-open-tickets">{t('people.org.open_tickets')}</h2>
          <TicketList
            filter={{ organization_id: id, status: UNSOLVED }}
            label={t('people.org.open_tickets')}
            empty={t('people.org.no_open_tickets')}
          />
          <p className="small">
            <Link to={`/agent/search?organization_id=${id}`}>{t('people.org.all_tickets')}</Link>
          </p>
        </section>
      </div>
      <aside className="entity-aside" aria-label={t('people.org.about')}>
        <OrgPeople id={id} />
        <OrgAssets id={id} />
        <section className="panel">
          <PlanHistory orgId={id} />
        </section>
        <OrgPurchases orgId={id} canRecord={admin} className="panel" />
      </aside>
    </main>
  );
}

function OrgPeople({ id }: { id: number }) {
  const { t } = useTranslation();
  const q = usePeoplePages(id);
  const people = q.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section className="panel" aria-labelledby="org-people">
      <h2 className="panel-title" id="org-people">
        {t('people.org.people')}
      </h2>
      {q.isPending ? (
        <Skeleton rows={3} height={20} />
      ) : q.isError ? (
        <ErrorBanner error={q.error} onRetry={() => void q.refetch()} />
      ) : people.length ? (
        <ul className="plain facts" data-testid="org-people">
          {people.map((p) => (
            <li key={p.id}>
              <Link to={`/agent/people/${p.id}`}>{p.name}</Link> <span className="muted small">{p.email}</span>
              {p.role !== 'customer' && <span className="badge subtle">{t(`role.${p.role}`)}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('people.org.no_people')}</p>
      )}
      {q.hasNextPage && (
        <button type="button" className="btn btn-sm" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {q.isFetchingNextPage ? t('common.loading') : t('agent.load_more')}
        </button>
      )}
    </section>
  );
}

function OrgAssets({ id }: { id: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const assets = useQuery({ queryKey: ['assets', id], queryFn: () => api.get<Page<Asset>>(`/organizations/${id}/assets`, { limit: 100 }) });
  const [name, setName] = useState('');
  const add = useMutation({
    mutationFn: () => api.post<Asset>(`/organizations/${id}/assets`, { kind: 'domain', name: name.trim() }),
    onSuccess: () => {
      setName('');
      void qc.invalidateQueries({ queryKey: ['assets', id] });
    },
  });
  const remove = useMutation({
    mutationFn: (assetId: number) => api.del(`/organizations/${id}/assets/${assetId}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['assets', id] }),
  });
  return (
    <section className="panel" aria-labelledby="org-assets">
      <h2 className="panel-title" id="org-assets">
        {t('people.org.assets')}
      </h2>
      {assets.isPending ? (
        <Skeleton rows={2} height={20} />
      ) : assets.isError ? (
        <ErrorBanner error={assets.error} onRetry={() => void assets.refetch()} />
      ) : assets.data.data.length ? (
        <ul className="plain facts" data-testid="org-assets">
          {assets.data.data.map((a) => (
            <li key={a.id} className="asset-line">
              <span className="mono">{a.name}</span>
              <span className="badge subtle">{t(`people.org.asset_kind.${a.kind}`, { defaultValue: a.kind })}</span>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => remove.mutate(a.id)}
                disabled={remove.isPending}
                aria-label={t('people.org.remove_asset', { name: a.name })}
              >
                {t('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('people.org.no_assets')}</p>
      )}
      <form
        className="inline-add"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) add.mutate();
        }}
      >
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="example.com" aria-label={t('people.org.add_domain')} />
        <button type="submit" className="btn btn-sm" disabled={add.isPending || !name.trim()}>
          {t('people.org.add_domain')}
        </button>
      </form>
      {(add.isError || remove.isError) && (
        <div className="field-msg" role="alert">
          {errorText(add.error ?? remove.error, t)}
        </div>
      )}
    </section>
  );
}
