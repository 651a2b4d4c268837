import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { useSignedIn } from '../../api/session.ts';
import type { Me } from '../../api/types.ts';
import { adoptLanguage } from '../../i18n/index.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { AuthLayout } from './AuthLayout.tsx';

/**
 * The landing page of a password-reset link and of an invitation: choose a password. An accepted
 * invitation signs its person in (unless they have two-factor sign-in) and opens their home: the
 * console for staff, their requests for a customer.
 */
export function SetPassword({ kind }: { kind: 'reset' | 'invite' }) {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  // An invitation link carries the language its mail was written in.
  const linkLang = params.get('lang');
  useEffect(() => adoptLanguage(linkLang), [linkLang]);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mismatch = confirm.length > 0 && confirm !== password;
  const title = kind === 'invite' ? t('auth.invite_title') : t('auth.reset_title');
  return (
    <AuthLayout title={title} subtitle={done ? undefined : kind === 'invite' ? t('auth.invite_subtitle') : t('auth.reset_subtitle')}>
      {done ? (
        <div className="stack">
          <div className="notice notice-ok" role="status">
            ✓ {t('auth.password_set')}
          </div>
          <Link to="/signin" className="btn btn-primary btn-block">
            {t('auth.sign_in')}
          </Link>
        </div>
      ) : !token ? (
        <div className="notice notice-warn" role="alert">
          {t('auth.link_missing')}
        </div>
      ) : (
        <form
          className="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            if (mismatch) return;
            setBusy(true);
            setError(null);
            try {
              const r = await api.post<{ signed_in: boolean; person: Me | null }>('/auth/password', { token, password });
              if (r.signed_in && r.person) return signedIn(r.person);
              setDone(true);
            } catch (x) {
              setError(x);
            } finally {
              setBusy(false);
            }
          }}
        >
          {error ? <ErrorBanner error={error} /> : null}
          <Field label={t('auth.new_password')} hint={t('auth.password_hint')}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                required
                minLength={8}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('auth.confirm_password')} error={mismatch ? t('auth.mismatch') : undefined}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                required
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy || mismatch}>
            {busy ? t('common.working') : t('auth.set_password')}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
