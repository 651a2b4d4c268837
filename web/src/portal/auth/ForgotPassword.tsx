import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { AuthLayout } from './AuthLayout.tsx';
import { Icon } from '../../components/Icon.tsx';

export function ForgotPassword() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <AuthLayout
      title={t('auth.forgot_title')}
      subtitle={sent ? undefined : t('auth.forgot_subtitle')}
      footer={<Link to="/signin">{t('auth.back_to_sign_in')}</Link>}
    >
      {sent ? (
        <div className="notice" role="status">
          <Icon name="mail" /> {t('auth.reset_sent', { email })}
        </div>
      ) : (
        <form
          className="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            try {
              await api.post('/auth/password-reset', { email });
              setSent(true);
            } catch (x) {
              setError(x);
            } finally {
              setBusy(false);
            }
          }}
        >
          {error ? <ErrorBanner error={error} /> : null}
          <Field label={t('auth.email')}>
            {(p) => <input {...p} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('common.working') : t('auth.send_link')}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
