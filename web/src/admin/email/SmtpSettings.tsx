import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import type { EmailSettings } from './emailApi.ts';

/**
 * The relay Kefu sends through (the `email.smtp` setting, which wins over SMTP_URL) and the sender
 * name. The password is never shown again once saved (it is kept sealed); a new URL replaces the old.
 */
export function SmtpSettings({ settings }: { settings: EmailSettings }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [url, setUrl] = useState('');
  const [fromName, setFromName] = useState(settings.from_name ?? '');
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: { smtp_url?: string | null; from_name?: string | null }) => api.patch<EmailSettings>('/email/settings', body),
    onSuccess: (s) => {
      qc.setQueryData(['email-settings'], s);
      setUrl('');
      setSaved(true);
    },
  });
  const changed = url.trim() !== '' || fromName.trim() !== (settings.from_name ?? '');
  return (
    <form
      className="stack"
      data-testid="smtp-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        save.mutate({
          ...(url.trim() ? { smtp_url: url.trim() } : {}),
          ...(fromName.trim() !== (settings.from_name ?? '') ? { from_name: fromName.trim() || null } : {}),
        });
      }}
    >
      <Field
        label={t('admin.email.smtp_url')}
        hint={t(settings.smtp_source === 'setting' ? 'admin.email.smtp_url_replace' : 'admin.email.smtp_url_hint')}
      >
        {(p) => (
          <input
            {...p}
            className="mono"
            value={url}
            autoComplete="off"
            spellCheck={false}
            placeholder="smtp://user:password@smtp.example.com:587"
            onChange={(e) => {
              setUrl(e.target.value);
              setSaved(false);
            }}
          />
        )}
      </Field>
      <Field label={t('admin.email.from_name')} hint={t('admin.email.from_name_hint')}>
        {(p) => (
          <input
            {...p}
            value={fromName}
            maxLength={200}
            onChange={(e) => {
              setFromName(e.target.value);
              setSaved(false);
            }}
          />
        )}
      </Field>
      {save.isError && <ErrorBanner error={save.error} />}
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={!changed || save.isPending}>
          {t('common.save')}
        </button>
        {settings.smtp_source === 'setting' && (
          <button
            type="button"
            className="btn btn-ghost"
            disabled={save.isPending}
            onClick={() => {
              setSaved(false);
              save.mutate({ smtp_url: null });
            }}
          >
            {t('admin.email.smtp_clear')}
          </button>
        )}
        {saved && (
          <span className="muted" role="status">
            ✓ {t('common.saved')}
          </span>
        )}
      </div>
    </form>
  );
}
