import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { Me, Organization, Role } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { LanguageOptions } from '../../components/LanguageOptions.tsx';
import { Modal } from '../../components/Modal.tsx';
import { Time } from '../../components/Time.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { StatusLabel } from './StatusLabel.tsx';
import { isLocked, type InvitationSent, type PersonAccount } from './types.ts';

const ROLES: Role[] = ['customer', 'agent', 'admin'];

/**
 * One person's account: role and organization, their invitation (a fresh link, with a copy button
 * for admins), a password reset link (mailed, never shown), the sign-in lock, and deactivation —
 * which asks first. Agents manage customers; agents' and admins' accounts are for admins.
 */
export function PersonDialog({
  person,
  me,
  orgs,
  onClose,
}: {
  person: PersonAccount | null;
  me: Me | null | undefined;
  orgs: Organization[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const admin = me?.role === 'admin';
  const mayManage = !!person && (admin || person.role === 'customer');
  const self = !!person && me?.id === person.id;
  const [form, setForm] = useState({
    role: 'customer' as Role,
    organization_id: '',
    ticket_access: 'all' as 'all' | 'groups',
    locale: 'en',
  });
  const [confirm, setConfirm] = useState(false);
  const [copied, setCopied] = useState(false);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['people'] });
    void qc.invalidateQueries({ queryKey: ['staff'] });
  };

  const save = useMutation({
    mutationFn: () =>
      api.patch<PersonAccount>(`/people/${person!.id}`, {
        ...(admin && form.role !== person!.role ? { role: form.role } : {}),
        ...(admin && form.ticket_access !== (person!.ticket_access ?? 'all') ? { ticket_access: form.ticket_access } : {}),
        organization_id: form.organization_id ? Number(form.organization_id) : null,
        ...(form.locale !== person!.locale ? { locale: form.locale } : {}),
      }),
    onSuccess: refresh,
  });
  const invite = useMutation({
    mutationFn: () => api.post<InvitationSent>(`/people/${person!.id}/invitation`),
    onSuccess: () => {
      setCopied(false);
      refresh();
    },
  });
  const reset = useMutation({ mutationFn: () => api.post<{ email: string }>(`/people/${person!.id}/password-reset`), onSuccess: refresh });
  const unlock = useMutation({ mutationFn: () => api.del<PersonAccount>(`/people/${person!.id}/lock`), onSuccess: refresh });
  const setActive = useMutation({
    mutationFn: (active: boolean) => api.patch<PersonAccount>(`/people/${person!.id}`, { active }),
    onSuccess: () => {
      setConfirm(false);
      refresh();
    },
  });
  const mutations = [save, invite, reset, unlock, setActive];

  // A new person in the dialog starts clean: their own role and organization, no earlier results (keyed on the id only).
  const id = person?.id;
  useEffect(() => {
    if (!person) return;
    setForm({
      role: person.role,
      organization_id: person.organization_id ? String(person.organization_id) : '',
      ticket_access: person.ticket_access ?? 'all',
      locale: person.locale,
    });
    setConfirm(false);
    for (const m of mutations) m.reset();
  }, [id]);

  if (!person)
    return (
      <Modal open={false} onClose={onClose} title="">
        {null}
      </Modal>
    );
  const name = person.name;
  const active = person.status !== 'deactivated';
  const error = [save, invite, reset, unlock].find((m) => m.isError)?.error;

  return (
    <>
      <Modal open onClose={onClose} title={t('admin.people.manage_title', { name })}>
        <p className="muted" style={{ margin: '0 0 8px' }}>
          {person.email}
        </p>
        <StatusLabel person={person} />
        {error ? <ErrorBanner error={error} /> : null}

        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
          style={{ marginTop: 14 }}
        >
          <Field label={t('admin.people.role')} hint={admin ? undefined : t('admin.people.role_admin_only')}>
            {(p) => (
              <select {...p} value={form.role} disabled={!admin} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {form.role === 'agent' && (
            <Field label={t('admin.people.ticket_access')} hint={t('admin.people.ticket_access_hint')}>
              {(p) => (
                <select
                  {...p}
                  value={form.ticket_access}
                  disabled={!admin}
                  onChange={(e) => setForm({ ...form, ticket_access: e.target.value as 'all' | 'groups' })}
                >
                  <option value="all">{t('admin.people.ticket_access_all')}</option>
                  <option value="groups">{t('admin.people.ticket_access_groups')}</option>
                </select>
              )}
            </Field>
          )}
          <Field label={t('admin.org.title_one')}>
            {(p) => (
              <select
                {...p}
                value={form.organization_id}
                disabled={!mayManage}
                onChange={(e) => setForm({ ...form, organization_id: e.target.value })}
              >
                <option value="">{t('admin.people.no_org')}</option>
                {orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {/* Mail to them (replies, notifications, invitations) is written in it (docs/people.md). */}
          <Field label={t('admin.people.language')} hint={t('admin.people.language_hint')}>
            {(p) => (
              <select {...p} value={form.locale} disabled={!mayManage} onChange={(e) => setForm({ ...form, locale: e.target.value })}>
                <LanguageOptions />
              </select>
            )}
          </Field>
          <div className="btn-row">
            <button type="submit" className="btn btn-primary" disabled={!mayManage || save.isPending}>
              {t('admin.people.save')}
            </button>
            {save.isSuccess && (
              <span className="ok-text" role="status">
                ✓ {t('common.saved')}
              </span>
            )}
          </div>
        </form>

        {mayManage && (
          <section aria-labelledby="person-signin" style={{ marginTop: 18 }}>
            <h3 id="person-signin">{t('admin.people.signin')}</h3>
            {person.status === 'invited' && (
              <p>
                {person.invitation_expires_at ? (
                  <>
                    {t('admin.people.invitation_open')} <Time value={person.invitation_expires_at} />
                  </>
                ) : (
                  t('admin.people.invitation_expired')
                )}
              </p>
            )}
            {isLocked(person) && (
              <p>
                {t('admin.people.locked_until')} <Time value={person.locked_until} />
              </p>
            )}
            <div className="btn-row">
              {active && !person.has_password && (
                <button type="button" className="btn" disabled={invite.isPending} onClick={() => invite.mutate()}>
                  {t('admin.people.resend')}
                </button>
              )}
              {active && person.has_password && (
                <button type="button" className="btn" disabled={reset.isPending} onClick={() => reset.mutate()}>
                  {t('admin.people.send_reset')}
                </button>
              )}
              {isLocked(person) && (
                <button type="button" className="btn" disabled={unlock.isPending} onClick={() => unlock.mutate()}>
                  {t('admin.people.unlock')}
                </button>
              )}
              {admin && (
                <Link className="btn btn-ghost" to={`/admin/audit?person=${person.id}`}>
                  {t('admin.people.audit')}
                </Link>
              )}
            </div>
            {invite.data && (
              <div className="notice notice-ok" role="status">
                <p>{t('admin.people.resent', { email: invite.data.email })}</p>
                {invite.data.invitation_url ? (
                  <>
                    <p>{t('admin.people.link_hint')}</p>
                    <code className="break" data-testid="invitation-link">
                      {invite.data.invitation_url}
                    </code>
                    <button
                      type="button"
                      className="btn btn-sm"
                      onClick={() => {
                        void navigator.clipboard?.writeText(invite.data!.invitation_url!);
                        setCopied(true);
                      }}
                    >
                      {copied ? `✓ ${t('admin.people.copied')}` : t('admin.people.copy_link')}
                    </button>
                  </>
                ) : (
                  <p>{t('admin.people.link_admins_only')}</p>
                )}
              </div>
            )}
            {reset.data && (
              <div className="notice notice-ok" role="status">
                {t('admin.people.reset_sent', { email: reset.data.email })}
              </div>
            )}
            {unlock.isSuccess && (
              <div className="notice notice-ok" role="status">
                {t('admin.people.unlocked', { name })}
              </div>
            )}
          </section>
        )}

        {admin && !self && (
          <section aria-labelledby="person-access" style={{ marginTop: 18 }}>
            <h3 id="person-access">{t('admin.people.access')}</h3>
            <div className="btn-row">
              {active ? (
                <button type="button" className="btn btn-danger" onClick={() => setConfirm(true)}>
                  {t('admin.people.deactivate')}
                </button>
              ) : (
                <button type="button" className="btn" onClick={() => setConfirm(true)}>
                  {t('admin.people.reactivate')}
                </button>
              )}
            </div>
          </section>
        )}
      </Modal>
      <ConfirmDialog
        open={confirm}
        danger={active}
        pending={setActive.isPending}
        title={t(active ? 'admin.people.confirm_deactivate_title' : 'admin.people.confirm_reactivate_title', { name })}
        confirmLabel={t(active ? 'admin.people.deactivate_confirm' : 'admin.people.reactivate_confirm', { name })}
        onConfirm={() => setActive.mutate(!active)}
        onClose={() => setConfirm(false)}
      >
        <p>
          {t(
            active
              ? person.role === 'customer'
                ? 'admin.people.confirm_deactivate_body'
                : 'admin.people.confirm_deactivate_body_staff'
              : 'admin.people.confirm_reactivate_body',
            { name, email: person.email ?? '' },
          )}
        </p>
        {setActive.isError && <ErrorBanner error={setActive.error} />}
      </ConfirmDialog>
    </>
  );
}
