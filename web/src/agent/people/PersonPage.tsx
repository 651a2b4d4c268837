import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api } from '../../api/client.ts';
import { useMe } from '../../api/session.ts';
import type { Me, Person } from '../../api/types.ts';
import { PlanBadge } from '../../components/Badges.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Skeleton } from '../../components/Loading.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { usePageTitle } from '../../components/PageTitle.tsx';
import { Time } from '../../components/Time.tsx';
import { Addresses } from './Addresses.tsx';
import { InlineEdit } from './InlineEdit.tsx';
import { MergeButton } from './MergeDialog.tsx';
import { OrganizationField } from './OrganizationField.tsx';
import { useOrganization, usePerson } from './peopleApi.ts';
import { Sessions } from './Sessions.tsx';
import { TicketList } from './TicketList.tsx';
import './people.css';

/** /agent/people/:id — who a person is, how they reach us, their tickets; edited in place, merged into someone else. */
export function PersonPage() {
  const id = Number(useParams().id);
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFound />;
  return <PersonView key={id} id={id} />;
}

/** Agents edit customers and themselves; admins edit everyone (modules/people/updatePerson.ts). A tombstone is not edited. */
export const mayEdit = (me: Me | null | undefined, p: Person) =>
  !p.merged_into_id && (me?.role === 'admin' || p.role === 'customer' || (me?.id != null && me.id === p.id));

function PersonView({ id }: { id: number }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const q = usePerson(id);
  usePageTitle(q.data?.name);
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
  const p = q.data;
  const editable = mayEdit(me, p);
  return (
    <main className="entity-page" id="main" data-testid="person-page">
      <div className="entity-main">
        <p className="crumbs">
          <Link to="/agent">{t('agent.nav.queue')}</Link> / {t('people.person')}
        </p>
        <header className="entity-head">
          <span className="avatar avatar-lg" aria-hidden="true">
            {p.name.slice(0, 1)}
          </span>
          <h1>{p.name}</h1>
          <span className="badge subtle">{t(`role.${p.role}`)}</span>
          <span className={`badge${p.status === 'active' ? ' ok' : ' subtle'}`}>{t(`people.status.${p.status}`)}</span>
          <span className="spacer" />
          {me && (me.role === 'agent' || me.role === 'admin') && <MergeButton person={p} />}
        </header>
        {p.merged_into_id != null && <MergedNotice into={p.merged_into_id} />}
        <section className="panel" aria-labelledby="person-details">
          <h2 className="panel-title" id="person-details">
            {t('people.details')}
          </h2>
          <PersonDetails person={p} editable={editable} />
        </section>
        <section aria-labelledby="person-tickets" className="entity-section">
          <h2 id="person-tickets">{t('people.tickets')}</h2>
          <TicketList filter={{ requester_id: p.id }} label={t('people.tickets')} empty={t('people.no_tickets')} />
        </section>
      </div>
      <aside className="entity-aside" aria-label={t('people.about')}>
        <Addresses person={p} editable={editable} self={me?.id === p.id} />
        <OrganizationPanel person={p} editable={editable && !!me && (me.role === 'agent' || me.role === 'admin')} />
        <Verification person={p} />
        <Sessions person={p} />
      </aside>
    </main>
  );
}

function MergedNotice({ into }: { into: number }) {
  const { t } = useTranslation();
  const survivor = usePerson(into);
  return (
    <div className="notice notice-warn" role="note" data-testid="merged-notice">
      {t('people.merged_into')} <Link to={`/agent/people/${into}`}>{survivor.data?.name ?? `#${into}`}</Link>
    </div>
  );
}

function PersonDetails({ person: p, editable }: { person: Person; editable: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const patch = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<Person>(`/people/${p.id}`, body),
    onSuccess: (next) => {
      qc.setQueryData(['person', p.id], next);
      void qc.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
  const save = (key: string) => (editable ? (v: string) => patch.mutateAsync({ [key]: v }) : undefined);
  const languages = [
    { value: 'en', label: t('people.language_en') },
    { value: 'zh-CN', label: t('people.language_zh') },
  ];
  return (
    <dl className="inline-edits">
      <InlineEdit label={t('people.name')} value={p.name} onSave={save('name')} testId="edit-name" />
      <InlineEdit
        label={t('people.language')}
        value={p.locale}
        display={languages.find((l) => l.value === p.locale)?.label ?? p.locale}
        options={languages}
        onSave={save('locale')}
        testId="edit-language"
      />
      <InlineEdit
        label={t('people.timezone')}
        value={p.timezone ?? ''}
        placeholder="Asia/Shanghai"
        onSave={editable ? (v) => patch.mutateAsync({ timezone: v.trim() || null }) : undefined}
        testId="edit-timezone"
      />
      <div className="inline-edit">
        <dt>{t('people.since')}</dt>
        <dd>
          <Time value={p.created_at} />
        </dd>
      </div>
    </dl>
  );
}

function OrganizationPanel({ person: p, editable }: { person: Person; editable: boolean }) {
  const { t } = useTranslation();
  const org = useOrganization(p.organization_id);
  return (
    <section className="panel" aria-labelledby="person-org">
      <h2 className="panel-title" id="person-org">
        {t('people.organization')}
      </h2>
      {p.organization_id ? (
        <>
          <div>
            <Link to={`/agent/organizations/${p.organization_id}`} data-testid="person-org-link">
              <strong>{org.data?.name ?? `#${p.organization_id}`}</strong>
            </Link>
          </div>
          <div className="row-gap">
            <span className="muted small">{t('people.plan')}</span> <PlanBadge plan={org.data?.plan} />
          </div>
        </>
      ) : (
        <p className="muted">{t('people.no_organization')}</p>
      )}
      {editable && <OrganizationField person={p} />}
    </section>
  );
}

function Verification({ person: p }: { person: Person }) {
  const { t } = useTranslation();
  const primary = p.emails.find((e) => e.primary);
  return (
    <section className="panel" aria-labelledby="person-verification">
      <h2 className="panel-title" id="person-verification">
        {t('people.verification')}
      </h2>
      <ul className="plain facts">
        <li data-testid="email-verified">
          {primary ? (
            <span className={`badge${primary.verified ? ' ok' : ' warn'}`}>
              {t(primary.verified ? 'people.email_verified' : 'people.email_unverified')}
            </span>
          ) : (
            <span className="muted">{t('people.no_address')}</span>
          )}
        </li>
        <li>{t(p.has_password ? 'people.has_password' : 'people.no_password')}</li>
        {p.locked_until && (
          <li className="strong">
            {t('people.locked_until')} <Time value={p.locked_until} />
          </li>
        )}
        {p.status === 'invited' && (
          <li>
            {p.invitation_expires_at ? (
              <>
                {t('people.invitation_open')} <Time value={p.invitation_expires_at} />
              </>
            ) : (
              t('people.invitation_expired')
            )}
          </li>
        )}
      </ul>
    </section>
  );
}
