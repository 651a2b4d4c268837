import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { Skeleton } from '../components/Loading.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import '../agent/ticket/ticketActions.css';

type Settings = { auto_close_days: number | null; pending_reminder_days: number | null; pending_solve_days: number | null };
const KEYS = ['auto_close_days', 'pending_reminder_days', 'pending_solve_days'] as const;

/** Admin › Ticket lifecycle: after how many days solved tickets close and waiting ones remind or solve. Empty turns a rule off. */
export function Lifecycle() {
  const { t } = useTranslation();
  usePageTitle(t('admin.lifecycle.title'));
  const current = useQuery({ queryKey: ['lifecycle'], queryFn: () => api.get<Settings>('/settings/lifecycle') });
  return (
    <main className="admin-page" id="main">
      <h1>{t('admin.lifecycle.title')}</h1>
      <p className="muted">{t('admin.lifecycle.intro')}</p>
      <QueryView query={current} skeleton={<Skeleton rows={3} height={60} />}>
        {(s) => <LifecycleForm initial={s} />}
      </QueryView>
    </main>
  );
}

/** The form starts from what the server holds (never reset under the admin's typing). */
function LifecycleForm({ initial }: { initial: Settings }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState<Record<(typeof KEYS)[number], string>>(
    () => Object.fromEntries(KEYS.map((k) => [k, initial[k] == null ? '' : String(initial[k])])) as Record<(typeof KEYS)[number], string>,
  );
  const save = useMutation({
    mutationFn: () =>
      api.patch<Settings>('/settings/lifecycle', Object.fromEntries(KEYS.map((k) => [k, form[k].trim() === '' ? null : Number(form[k])]))),
    onSuccess: (s) => qc.setQueryData(['lifecycle'], s),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} className="panel stack" aria-label={t('admin.lifecycle.title')}>
      {KEYS.map((k) => (
        <Field key={k} label={t(`admin.lifecycle.${k}`)} hint={t(`admin.lifecycle.${k}_hint`)}>
          {(p) => (
            <div className="with-unit">
              <input
                {...p}
                type="number"
                min={1}
                max={365}
                inputMode="numeric"
                placeholder={t('admin.lifecycle.off')}
                value={form[k]}
                onChange={(e) => setForm({ ...form, [k]: e.target.value })}
              />
              <span className="muted">{form[k].trim() === '' ? t('admin.lifecycle.off_note') : t('admin.lifecycle.days')}</span>
            </div>
          )}
        </Field>
      ))}
      {save.isError && <ErrorBanner error={save.error} />}
      {save.isSuccess && (
        <p role="status" className="muted">
          {t('admin.lifecycle.saved')}
        </p>
      )}
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('admin.lifecycle.save')}
        </button>
      </div>
    </form>
  );
}
