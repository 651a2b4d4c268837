import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.ts';
import { useMe } from '../api/session.ts';
import type { Organization, Role } from '../api/types.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { LanguageOptions } from '../components/LanguageOptions.tsx';
import type { Lang } from '../i18n/index.ts';
import { QueryView } from '../components/QueryView.tsx';
import { PersonDialog } from './people/PersonDialog.tsx';
import { StatusLabel } from './people/StatusLabel.tsx';
import type { PersonAccount } from './people/types.ts';

const ROLES: Role[] = ['customer', 'agent', 'admin'];

/**
 * Customers, agents and admins with their account state (Active, Invited, Deactivated, Locked).
 * Someone added without a password gets an invitation link; "Manage" opens their account:
 * role, organization, a fresh invitation, a reset link, the sign-in lock, deactivation.
 */
export function People() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('admin.nav.people'));
  const qc = useQueryClient();
  const me = useMe().data;
  const [role, setRole] = useState<'' | Role>('');
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  // The invitation goes out in the invitee's language: the admin's own, unless they choose another.
  const [form, setForm] = useState({ name: '', email: '', role: 'agent' as Role, organization_id: '', locale: i18n.language as Lang });
  const people = useQuery({
    queryKey: ['people', role, search],
    queryFn: () => api.get<Page<PersonAccount>>('/people', { role: role || undefined, q: search || undefined, limit: 100 }),
  });
  const orgs = useQuery({ queryKey: ['organizations', ''], queryFn: () => api.get<Page<Organization>>('/organizations', { limit: 100 }) });
  const create = useMutation({
    mutationFn: () =>
      api.post<PersonAccount>('/people', {
        name: form.name,
        email: form.email,
        role: form.role,
        organization_id: form.organization_id ? Number(form.organization_id) : null,
        locale: form.locale,
      }),
    onSuccess: () => {
      setForm({ ...form, name: '', email: '' });
      void qc.invalidateQueries({ queryKey: ['people'] });
      void qc.invalidateQueries({ queryKey: ['staff'] });
    },
  });
  const orgName = (id: number | null) => orgs.data?.data.find((o) => o.id === id)?.name ?? '';
  const selected = people.data?.data.find((p) => p.id === open) ?? null;

  return (
    <main className="admin-page" id="main">
      <div className="page-head">
        <h1>{t('admin.nav.people')}</h1>
      </div>
      <form
        className="inline-form card"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field label={t('auth.name')}>
          {(p) => <input {...p} required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />}
        </Field>
        <Field label={t('auth.email')}>
          {(p) => <input {...p} type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />}
        </Field>
        <Field label={t('admin.people.role')}>
          {(p) => (
            <select {...p} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('admin.org.title_one')}>
          {(p) => (
            <select {...p} value={form.organization_id} onChange={(e) => setForm({ ...form, organization_id: e.target.value })}>
              {/* A customer without one joins the organization mapping their address's domain (docs/people.md). */}
              <option value="">{form.role === 'customer' ? t('admin.people.org_by_domain') : '—'}</option>
              {(orgs.data?.data ?? []).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('admin.people.language')}>
          {(p) => (
            <select {...p} value={form.locale} onChange={(e) => setForm({ ...form, locale: e.target.value as Lang })}>
              <LanguageOptions />
            </select>
          )}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('admin.people.invite')}
        </button>
      </form>
      {create.isError && <ErrorBanner error={create.error} />}
      {create.data?.status === 'invited' && (
        <div className="notice notice-ok" role="status" data-testid="person-invited">
          <p>{t('admin.people.invited', { name: create.data.name, email: create.data.email })}</p>
          {create.data.invitation_url && (
            <>
              <p>{t('admin.people.link_hint')}</p>
              <code className="break" data-testid="invitation-link">
                {create.data.invitation_url}
              </code>
            </>
          )}
        </div>
      )}
      <div className="toolbar">
        <input
          type="search"
          className="search"
          aria-label={t('common.search')}
          placeholder={t('common.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select aria-label={t('admin.people.role')} value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
          <option value="">{t('admin.people.all_roles')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <QueryView query={people}>
        {(p) =>
          p.data.length === 0 ? (
            <EmptyState title={t('admin.people.empty')} />
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('auth.name')}</th>
                    <th>{t('auth.email')}</th>
                    <th>{t('admin.people.role')}</th>
                    <th>{t('admin.org.title_one')}</th>
                    <th>{t('admin.people.state')}</th>
                    <th>
                      <span className="sr-only">{t('admin.people.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.data.map((x) => (
                    <tr key={x.id}>
                      <td>{x.name}</td>
                      <td className="muted">{x.email}</td>
                      <td>{t(`role.${x.role}`)}</td>
                      <td>{orgName(x.organization_id)}</td>
                      <td>
                        <StatusLabel person={x} />
                      </td>
                      <td>
                        <button
                          type="button"
                          className="btn btn-sm"
                          aria-label={t('admin.people.manage_title', { name: x.name })}
                          onClick={() => setOpen(x.id)}
                        >
                          {t('admin.people.manage')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      <PersonDialog person={selected} me={me} orgs={orgs.data?.data ?? []} onClose={() => setOpen(null)} />
    </main>
  );
}
