import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { Time } from '../../components/Time.tsx';
import { useMailboxes, type Mailbox, type PollResult } from './emailApi.ts';

interface Form {
  name: string;
  host: string;
  port: string;
  secure: boolean;
  username: string;
  password: string;
  folder: string;
  after_fetch: 'seen' | 'move';
  move_to: string;
  poll_seconds: string;
  active: boolean;
}
const blank: Form = {
  name: '',
  host: '',
  port: '993',
  secure: true,
  username: '',
  password: '',
  folder: 'INBOX',
  after_fetch: 'seen',
  move_to: '',
  poll_seconds: '60',
  active: true,
};
const formOf = (m: Mailbox): Form => ({
  name: m.name,
  host: m.host,
  port: String(m.port),
  secure: m.secure,
  username: m.username,
  password: '',
  folder: m.folder,
  after_fetch: m.after_fetch,
  move_to: m.move_to ?? '',
  poll_seconds: String(m.poll_seconds),
  active: m.active,
});
/** The request body; an empty password on edit keeps the stored one (it is never sent back to the browser). */
function bodyOf(f: Form, editing: boolean) {
  return {
    name: f.name.trim(),
    host: f.host.trim(),
    port: Number(f.port),
    secure: f.secure,
    username: f.username.trim(),
    folder: f.folder.trim() || 'INBOX',
    after_fetch: f.after_fetch,
    move_to: f.after_fetch === 'move' ? f.move_to.trim() || null : null,
    poll_seconds: Number(f.poll_seconds),
    active: f.active,
    ...(f.password || !editing ? { password: f.password } : {}),
  };
}

function MailboxForm({ initial, id, onDone }: { initial: Form; id: number | null; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState(initial);
  const set = (k: keyof Form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setF({ ...f, [k]: e.target instanceof HTMLInputElement && e.target.type === 'checkbox' ? e.target.checked : e.target.value });
  const save = useMutation({
    mutationFn: () => (id ? api.patch<Mailbox>(`/mailboxes/${id}`, bodyOf(f, true)) : api.post<Mailbox>('/mailboxes', bodyOf(f, false))),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['mailboxes'] });
      onDone();
    },
  });
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Field label={t('admin.email.mb.name')} hint={t('admin.email.mb.name_hint')}>
        {(p) => <input {...p} required value={f.name} onChange={set('name')} />}
      </Field>
      <Field label={t('admin.email.mb.host')}>
        {(p) => <input {...p} required value={f.host} onChange={set('host')} placeholder="imap.example.com" />}
      </Field>
      <Field label={t('admin.email.mb.port')}>
        {(p) => <input {...p} type="number" min={1} max={65535} required value={f.port} onChange={set('port')} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={f.secure} onChange={set('secure')} /> {t('admin.email.mb.secure')}
      </label>
      <Field label={t('admin.email.mb.username')}>
        {(p) => <input {...p} required autoComplete="off" value={f.username} onChange={set('username')} />}
      </Field>
      <Field label={t('admin.email.mb.password')} hint={id ? t('admin.email.mb.password_keep') : undefined}>
        {(p) => <input {...p} type="password" autoComplete="new-password" required={!id} value={f.password} onChange={set('password')} />}
      </Field>
      <Field label={t('admin.email.mb.folder')}>{(p) => <input {...p} value={f.folder} onChange={set('folder')} />}</Field>
      <Field label={t('admin.email.mb.after_fetch')}>
        {(p) => (
          <select {...p} value={f.after_fetch} onChange={set('after_fetch')}>
            <option value="seen">{t('admin.email.mb.after_seen')}</option>
            <option value="move">{t('admin.email.mb.after_move')}</option>
          </select>
        )}
      </Field>
      {f.after_fetch === 'move' && (
        <Field label={t('admin.email.mb.move_to')}>{(p) => <input {...p} required value={f.move_to} onChange={set('move_to')} />}</Field>
      )}
      <Field label={t('admin.email.mb.poll_seconds')}>
        {(p) => <input {...p} type="number" min={1} max={86400} required value={f.poll_seconds} onChange={set('poll_seconds')} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={f.active} onChange={set('active')} /> {t('admin.email.mb.active')}
      </label>
      {save.isError && <ErrorBanner error={save.error} />}
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {id ? t('common.save') : t('admin.email.mb.add')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          {t('admin.email.cancel')}
        </button>
      </div>
    </form>
  );
}

/** IMAP mailboxes Kefu fetches mail from: add, edit (the password stays unless retyped), remove. */
export function Mailboxes() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useMailboxes();
  const [open, setOpen] = useState<{ id: number | null; form: Form } | null>(null);
  const remove = useMutation({
    mutationFn: (id: number) => api.del(`/mailboxes/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['mailboxes'] }),
  });
  // "Check now": fetches the mailbox at once (also the connection test after adding or editing one); the row
  // then shows what the check found, a failure with its reason.
  const [checked, setChecked] = useState<{ id: number; result: PollResult } | null>(null);
  const check = useMutation({
    mutationFn: (id: number) => api.post<PollResult>(`/mailboxes/${id}/poll`),
    onSuccess: (result, id) => {
      setChecked({ id, result });
      void qc.invalidateQueries({ queryKey: ['mailboxes'] });
    },
  });
  return (
    <section className="section" aria-labelledby="mailboxes-title">
      <div className="page-head">
        <h2 id="mailboxes-title">{t('admin.channels.mailboxes')}</h2>
        <button type="button" className="btn" onClick={() => setOpen({ id: null, form: blank })}>
          {t('admin.email.mb.add')}
        </button>
      </div>
      <p className="muted">{t('admin.email.mb.desc')}</p>
      <QueryView query={list}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState title={t('admin.email.mb.empty')}>{t('admin.email.mb.empty_body')}</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('admin.email.mb.name')}</th>
                    <th>{t('admin.email.mb.server')}</th>
                    <th>{t('admin.email.mb.username')}</th>
                    <th>{t('admin.email.mb.state')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((m) => (
                    <tr key={m.id}>
                      <td>{m.name}</td>
                      <td className="mono">
                        {m.host}:{m.port} {m.folder}
                      </td>
                      <td className="mono">{m.username}</td>
                      <td>
                        {!m.active ? (
                          <span className="badge">{t('admin.email.mb.paused')}</span>
                        ) : m.last_error ? (
                          <span className="badge note">{t('admin.email.mb.failing')}</span>
                        ) : m.last_success_at ? (
                          <span className="badge ok">{t('admin.email.mb.ok')}</span>
                        ) : (
                          <span className="badge">{t('admin.email.mb.not_yet')}</span>
                        )}
                        {m.last_success_at && (
                          <div className="muted">
                            {t('admin.email.mb.last_success')} <Time value={m.last_success_at} relative />
                          </div>
                        )}
                        {checked?.id === m.id && !checked.result.error && (
                          <div className="muted" role="status">
                            {t('admin.email.mb.checked', { count: checked.result.stored })}
                          </div>
                        )}
                        {m.last_error && (
                          <div>
                            <div>{t(`admin.email.mb.failure.${m.last_error_kind ?? 'other'}`)}</div>
                            <div className="muted small break">{t('admin.email.mb.failure_detail', { detail: m.last_error })}</div>
                          </div>
                        )}
                      </td>
                      <td>
                        <div className="row-gap">
                          <button
                            type="button"
                            className="btn btn-sm"
                            disabled={check.isPending && check.variables === m.id}
                            onClick={() => check.mutate(m.id)}
                            aria-label={t('admin.email.mb.check', { name: m.name })}
                          >
                            {check.isPending && check.variables === m.id ? t('admin.email.mb.checking') : t('admin.email.mb.check_now')}
                          </button>
                          <button
                            type="button"
                            className="btn btn-sm"
                            onClick={() => setOpen({ id: m.id, form: formOf(m) })}
                            aria-label={t('admin.email.mb.edit', { name: m.name })}
                          >
                            {t('admin.email.edit')}
                          </button>
                          <button
                            type="button"
                            className="btn btn-ghost btn-sm"
                            onClick={() => {
                              if (window.confirm(t('admin.email.mb.remove_confirm', { name: m.name }))) remove.mutate(m.id);
                            }}
                            aria-label={t('admin.email.mb.remove', { name: m.name })}
                          >
                            {t('common.remove')}
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {remove.isError && <ErrorBanner error={remove.error} />}
      {check.isError && <ErrorBanner error={check.error} />}
      <Modal open={!!open} onClose={() => setOpen(null)} title={open?.id ? t('admin.email.mb.edit_title') : t('admin.email.mb.add_title')}>
        {open && <MailboxForm key={open.id ?? 'new'} initial={open.form} id={open.id} onDone={() => setOpen(null)} />}
      </Modal>
    </section>
  );
}
