import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { isStaff, useMe, useMySecurity, type SecurityOverview } from '../api/session.ts';
import { AppHeader, type NavItem } from '../components/AppHeader.tsx';
import { ErrorBanner, fieldError } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { AccountSessions } from './AccountSessions.tsx';
import { AccountZone } from './AccountZone.tsx';
import { QrCode } from '../components/QrCode.tsx';
import { secretGroups } from '../components/secretGroups.ts';
import { Time } from '../components/Time.tsx';

/** A six-digit code (or, where allowed, a recovery code) and a button. */
function CodeForm({
  label,
  submit,
  pending,
  error,
  onSubmit,
  recovery,
}: {
  label: string;
  submit: string;
  pending: boolean;
  error: unknown;
  onSubmit: (code: string) => void;
  recovery?: boolean;
}) {
  const [code, setCode] = useState('');
  const fe = fieldError(error);
  const ok = recovery ? code.trim().length >= 6 : /^\d{6}$/.test(code.trim());
  return (
    <>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) onSubmit(code.trim());
        }}
      >
        <Field label={label} error={fe}>
          {(p) => (
            <input
              {...p}
              inputMode={recovery ? undefined : 'numeric'}
              autoComplete="one-time-code"
              maxLength={recovery ? 32 : 6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={pending || !ok}>
          {submit}
        </button>
      </form>
      {error && !fe ? <ErrorBanner error={error} /> : null}
    </>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-ok stack" role="status">
      <p>
        <strong>{t('account.tf.codes_title')}</strong>
      </p>
      <p>{t('account.tf.codes_hint')}</p>
      <ul className="plain mono recovery-codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="btn-row">
        <button type="button" className="btn" onClick={() => void navigator.clipboard?.writeText(codes.join('\n'))}>
          {t('account.tf.copy_codes')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onDone}>
          {t('account.tf.codes_saved')}
        </button>
      </div>
    </div>
  );
}

/** Two-step verification: turn it on with an authenticator app, keep recovery codes, turn it off. */
function TwoFactor({ s }: { s: SecurityOverview }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [codes, setCodes] = useState<string[] | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['me-security'] });
    // Screens that were refused for want of it may load now.
    void qc.invalidateQueries();
  };
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState('');
  const enrol = useMutation({
    mutationFn: () => api.post<{ secret: string; otpauth_uri: string }>('/me/2fa', { current_password: password }),
    onSuccess: () => setPassword(''),
  });
  const confirm = useMutation({
    mutationFn: (code: string) => api.post<{ recovery_codes: string[] }>('/me/2fa/confirm', { code }),
    onSuccess: (r) => setCodes(r.recovery_codes),
  });
  const off = useMutation({ mutationFn: (code: string) => api.del('/me/2fa', { code }), onSuccess: refresh });
  const renew = useMutation({
    mutationFn: (code: string) => api.post<{ recovery_codes: string[] }>('/me/2fa/recovery-codes', { code }),
    onSuccess: (r) => setCodes(r.recovery_codes),
  });
  const [action, setAction] = useState<'off' | 'renew' | null>(null);
  const tf = s.two_factor;

  if (codes)
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          setAction(null);
          enrol.reset();
          refresh();
        }}
      />
    );
  if (tf.enabled)
    return (
      <div className="stack">
        <p data-testid="two-factor-state">
          <span className="badge status-solved">{t('account.tf.on')}</span>{' '}
          {tf.enabled_at && (
            <span className="muted">
              {t('account.tf.since')} <Time value={tf.enabled_at} />
            </span>
          )}
        </p>
        <p className="muted">{t('account.tf.codes_left', { count: tf.recovery_codes_left })}</p>
        <div className="btn-row">
          <button type="button" className="btn" onClick={() => setAction('renew')}>
            {t('account.tf.new_codes')}
          </button>
          {!tf.required && (
            <button type="button" className="btn btn-danger" onClick={() => setAction('off')}>
              {t('account.tf.turn_off')}
            </button>
          )}
        </div>
        {tf.required && <p className="hint">{t('account.tf.required_keep')}</p>}
        {action === 'renew' && (
          <CodeForm
            label={t('account.tf.current_code')}
            submit={t('account.tf.new_codes')}
            pending={renew.isPending}
            error={renew.error}
            onSubmit={(c) => renew.mutate(c)}
            recovery
          />
        )}
        {action === 'off' && (
          <CodeForm
            label={t('account.tf.code_or_recovery')}
            submit={t('account.tf.turn_off')}
            pending={off.isPending}
            error={off.error}
            onSubmit={(c) => off.mutate(c)}
            recovery
          />
        )}
      </div>
    );
  return (
    <div className="stack">
      <p data-testid="two-factor-state">
        <span className="badge">{t('account.tf.off')}</span>
      </p>
      {tf.required && (
        <div className="notice notice-warn" role="alert">
          {t('account.tf.required_now')}
        </div>
      )}
      <p>{t('account.tf.intro')}</p>
      {!enrol.data && !asking ? (
        <div className="btn-row">
          <button type="button" className="btn btn-primary" onClick={() => setAsking(true)}>
            {t('account.tf.turn_on')}
          </button>
        </div>
      ) : !enrol.data ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            enrol.mutate();
          }}
        >
          <Field label={t('account.pw.current')} hint={t('account.tf.password_first')} error={fieldError(enrol.error)}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="current-password"
                required
                autoFocus
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <div className="btn-row">
            <button type="submit" className="btn btn-primary" disabled={enrol.isPending || !password}>
              {t('account.tf.continue')}
            </button>
            <button type="button" className="btn" onClick={() => setAsking(false)}>
              {t('account.tf.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p>{t('account.tf.scan')}</p>
          <QrCode value={enrol.data.otpauth_uri} label={t('account.tf.qr_label')} />
          <p>{t('account.tf.type_secret')}</p>
          <p className="mono secret-groups" data-testid="two-factor-secret">
            {secretGroups(enrol.data.secret)}
          </p>
          <p className="muted small">{t('account.tf.or_uri')}</p>
          <p>
            <a className="mono small" style={{ wordBreak: 'break-all' }} href={enrol.data.otpauth_uri}>
              {enrol.data.otpauth_uri}
            </a>
          </p>
          <CodeForm
            label={t('account.tf.code_from_app')}
            submit={t('account.tf.confirm')}
            pending={confirm.isPending}
            error={confirm.error}
            onSubmit={(c) => confirm.mutate(c)}
          />
        </>
      )}
      {enrol.isError && !fieldError(enrol.error) && <ErrorBanner error={enrol.error} />}
    </div>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const [form, setForm] = useState({ current: '', next: '' });
  const change = useMutation({
    mutationFn: () => api.post('/me/password', { current_password: form.current, new_password: form.next }),
    onSuccess: () => setForm({ current: '', next: '' }),
  });
  const fe = fieldError(change.error);
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate();
      }}
    >
      <Field label={t('account.pw.current')}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="current-password"
            required
            value={form.current}
            onChange={(e) => setForm({ ...form, current: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('account.pw.new')} hint={t('account.pw.hint')} error={fe}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            required
            value={form.next}
            onChange={(e) => setForm({ ...form, next: e.target.value })}
          />
        )}
      </Field>
      {change.isError && !fe && <ErrorBanner error={change.error} />}
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={change.isPending}>
          {t('account.pw.change')}
        </button>
        {change.isSuccess && (
          <span className="ok-text" role="status">
            ✓ {t('account.pw.changed')}
          </span>
        )}
      </div>
    </form>
  );
}

/**
 * "Your account" (`/account`): two-step verification, the password, your time zone and where you are signed in, for everyone.
 * Staff whose admin requires two-step verification are sent here until it is on (RequireAuth).
 */
export function AccountSecurity() {
  const { t } = useTranslation();
  usePageTitle(t('account.title'));
  const me = useMe().data;
  const security = useMySecurity();
  const staff = isStaff(me);
  // Until it is on, a session whose admin requires two-step verification can do nothing else.
  const restricted = !!security.data?.two_factor.required && !security.data.two_factor.enabled;
  const nav: NavItem[] = restricted
    ? []
    : staff
      ? [{ to: '/agent', label: t('agent.nav.console') }, ...(me?.role === 'admin' ? [{ to: '/admin', label: t('admin.nav.admin') }] : [])]
      : [{ to: '/requests', label: t('portal.nav.my_requests'), end: true }];
  return (
    <div className="portal">
      <AppHeader nav={nav} home={staff ? '/agent' : '/requests'} area={t('account.title')} tools={!restricted} />
      <main className="page page-narrow" id="main">
        <div className="page-head">
          <h1>{t('account.title')}</h1>
        </div>
        <section className="card" aria-labelledby="account-2fa">
          <h2 id="account-2fa">{t('account.tf.title')}</h2>
          <QueryView query={security}>{(s) => <TwoFactor s={s} />}</QueryView>
        </section>
        {!restricted && (
          <section className="card" aria-labelledby="account-password" style={{ marginTop: 16 }}>
            <h2 id="account-password">{t('account.pw.title')}</h2>
            <ChangePassword />
          </section>
        )}
        {!restricted && (
          <section className="card" aria-labelledby="account-zone" style={{ marginTop: 16 }}>
            <h2 id="account-zone">{t('account.zone.title')}</h2>
            <AccountZone />
          </section>
        )}
        {!restricted && (
          <section className="card" aria-labelledby="account-sessions" style={{ marginTop: 16 }}>
            <h2 id="account-sessions">{t('account.sessions.title')}</h2>
            <AccountSessions />
          </section>
        )}
      </main>
    </div>
  );
}
