import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import { useSignedIn } from '../../api/session.ts';
import type { Me } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { AuthLayout } from './AuthLayout.tsx';

/** Email and password; when the account has two-factor sign-in (401 otp_required) it asks for the code. */
export function SignIn() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const signedIn = useSignedIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  // Lost the phone: a recovery code (letters too) goes in the same field.
  const [recovery, setRecovery] = useState(false);
  const [needOtp, setNeedOtp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ person: Me }>('/auth/login', { email, password, ...(needOtp ? { otp } : {}) });
      signedIn(r.person, params.get('next'));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'otp_required') {
        setNeedOtp(true);
        setError(null);
      } else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout
      title={t('auth.sign_in_title')}
      subtitle={t('auth.sign_in_subtitle')}
      footer={
        <>
          <Link to="/signup">{t('auth.no_account')}</Link> · <Link to="/forgot-password">{t('auth.forgot')}</Link>
          {/* A visitor may be helped without an account (the channels, the form for a request without one): say where. */}
          <div>
            <Link to="/contact">{t('auth.contact_without_account')}</Link>
          </div>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        className="stack"
      >
        {error ? <ErrorBanner error={error} /> : null}
        <Field label={t('auth.email')}>
          {(p) => <input {...p} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label={t('auth.password')}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        {needOtp && (
          <>
            <Field label={t(recovery ? 'auth.recovery_code' : 'auth.otp')} hint={t(recovery ? 'auth.recovery_hint' : 'auth.otp_hint')}>
              {(p) => (
                <input
                  {...p}
                  inputMode={recovery ? 'text' : 'numeric'}
                  autoComplete={recovery ? 'off' : 'one-time-code'}
                  autoCapitalize="off"
                  autoFocus
                  required
                  value={otp}
                  onChange={(e) => setOtp(e.target.value)}
                />
              )}
            </Field>
            <button
              type="button"
              className="link"
              onClick={() => {
                setRecovery(!recovery);
                setOtp('');
              }}
            >
              {t(recovery ? 'auth.use_app_code' : 'auth.use_recovery_code')}
            </button>
          </>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : t('auth.sign_in')}
        </button>
      </form>
    </AuthLayout>
  );
}
