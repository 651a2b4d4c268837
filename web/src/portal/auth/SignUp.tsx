import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { AuthLayout } from './AuthLayout.tsx';
import { Icon } from '../../components/Icon.tsx';

/** Create a customer account; the address is confirmed by a link sent to it. */
export function SignUp() {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });
  const field = error instanceof ApiError ? error.field : undefined;

  if (sent) {
    return (
      <AuthLayout title={t('auth.check_inbox_title')} footer={<Link to="/signin">{t('auth.back_to_sign_in')}</Link>}>
        <div className="notice" role="status">
          <Icon name="mail" /> {t('auth.check_inbox_body', { email: form.email })}
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={t('auth.sign_up_title')}
      subtitle={t('auth.sign_up_subtitle')}
      footer={<Link to="/signin">{t('auth.have_account')}</Link>}
    >
      <form
        className="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await api.post('/auth/signup', { ...form, locale: i18n.language });
            setSent(true);
          } catch (x) {
            setError(x);
          } finally {
            setBusy(false);
          }
        }}
      >
        {error ? <ErrorBanner error={error} /> : null}
        <Field label={t('auth.name')} error={field === 'name' ? t('auth.check_field') : undefined}>
          {(p) => <input {...p} autoComplete="name" required value={form.name} onChange={set('name')} />}
        </Field>
        <Field label={t('auth.email')} hint={t('auth.email_hint')} error={field === 'email' ? t('auth.check_field') : undefined}>
          {(p) => <input {...p} type="email" autoComplete="email" required value={form.email} onChange={set('email')} />}
        </Field>
        <Field label={t('auth.password')} hint={t('auth.password_hint')} error={field === 'password' ? t('auth.check_field') : undefined}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              required
              minLength={8}
              value={form.password}
              onChange={set('password')}
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : t('auth.sign_up')}
        </button>
      </form>
    </AuthLayout>
  );
}
