import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { AuthLayout } from './AuthLayout.tsx';

/** The one-time setup link printed at first start: create the first admin (once; afterwards the page says so). */
export function Setup() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const state = useQuery({ queryKey: ['setup'], queryFn: () => api.get<{ needed: boolean }>('/auth/setup') });
  const already = !done && state.data?.needed === false;
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });
  return (
    <AuthLayout title={t('auth.setup_title')} subtitle={done || already ? undefined : t('auth.setup_subtitle')}>
      {done || already ? (
        // Either way the next step is to sign in: the admin just made, or the one that exists.
        <div className="stack" data-testid={already ? 'setup-already-done' : undefined}>
          <div className={done ? 'notice notice-ok' : 'notice'} role="status">
            {done ? `✓ ${t('auth.setup_done')}` : t('auth.setup_already')}
          </div>
          <Link to="/signin" className="btn btn-primary btn-block">
            {t('auth.sign_in')}
          </Link>
        </div>
      ) : (
        <form
          className="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            try {
              // The first admin's mail (notifications, resets) is in the language they set Kefu up in.
              await api.post('/auth/setup', { token, ...form, locale: i18n.language });
              setDone(true);
            } catch (x) {
              setError(x);
            } finally {
              setBusy(false);
            }
          }}
        >
          {error ? <ErrorBanner error={error} /> : null}
          <Field label={t('auth.name')}>
            {(p) => <input {...p} required autoComplete="name" value={form.name} onChange={set('name')} />}
          </Field>
          <Field label={t('auth.email')}>
            {(p) => <input {...p} type="email" required autoComplete="email" value={form.email} onChange={set('email')} />}
          </Field>
          <Field label={t('auth.password')} hint={t('auth.password_hint')}>
            {(p) => (
              <input
                {...p}
                type="password"
                required
                minLength={8}
                autoComplete="new-password"
                value={form.password}
                onChange={set('password')}
              />
            )}
          </Field>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('common.working') : t('auth.create_admin')}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
