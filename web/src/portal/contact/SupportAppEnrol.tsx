import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import { ErrorBanner, fieldError } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { QrCode } from '../../components/QrCode.tsx';
import { secretGroups } from '../../components/secretGroups.ts';

/** "Use an authenticator app instead": a QR code to scan and the secret to type in, confirmed with a code from the app. */
export function SupportAppEnrol() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const enrol = useMutation({
    mutationFn: () => api.post<{ secret: string; otpauth_uri: string }>('/me/support-app', { current_password: password }),
    onSuccess: () => setPassword(''),
  });
  const confirm = useMutation({ mutationFn: () => api.post('/me/support-app/confirm', { code: code.trim() }) });
  if (confirm.isSuccess)
    return (
      <p className="notice notice-ok" role="status">
        {t('kf.app.confirmed')}
      </p>
    );
  if (!open)
    return (
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen(true)}>
        {t('kf.app.use_app')}
      </button>
    );
  const fieldErr = confirm.error instanceof ApiError && confirm.error.status === 422 ? confirm.error.message : undefined;
  const passwordErr = fieldError(enrol.error);
  return (
    <div className="stack">
      <h3>{t('kf.app.title')}</h3>
      {!enrol.data && (
        // The app will speak for this account to support: the session alone does not enrol one.
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            enrol.mutate();
          }}
        >
          <Field label={t('kf.app.password')} hint={t('kf.app.password_hint')} error={passwordErr}>
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
          <button type="submit" className="btn btn-primary" disabled={enrol.isPending || !password}>
            {t('kf.app.continue')}
          </button>
        </form>
      )}
      {enrol.isError && !passwordErr && <ErrorBanner error={enrol.error} />}
      {enrol.data && (
        <>
          <p>{t('kf.app.scan')}</p>
          <QrCode value={enrol.data.otpauth_uri} label={t('kf.app.qr_label')} />
          <p>{t('kf.app.type_secret')}</p>
          <p className="mono secret-groups" data-testid="support-app-secret">
            {secretGroups(enrol.data.secret)}
          </p>
          <p className="muted small">{t('kf.app.or_uri')}</p>
          <code className="mono small" style={{ wordBreak: 'break-all' }}>
            {enrol.data.otpauth_uri}
          </code>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              confirm.mutate();
            }}
          >
            <Field label={t('kf.app.code')} error={fieldErr}>
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                />
              )}
            </Field>
            <button type="submit" className="btn btn-primary" disabled={confirm.isPending || code.trim().length !== 6}>
              {t('kf.app.confirm')}
            </button>
          </form>
          {confirm.isError && !fieldErr && <ErrorBanner error={confirm.error} />}
        </>
      )}
    </div>
  );
}
