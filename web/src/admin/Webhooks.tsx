import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.ts';
import type { ApiResponse, Item } from '../api/types.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useFormat } from '../components/format.ts';
import { Time } from '../components/Time.tsx';
import { ConfirmDialog } from './people/ConfirmDialog.tsx';
import { describeDeliveryError } from './webhookError.ts';

type Webhook = ApiResponse<'/api/v1/webhooks/{id}', 'patch'>;
type Delivery = Item<ApiResponse<'/api/v1/webhooks/{id}/deliveries', 'get'>>;

/** The events offered here (the API takes every ticket event: docs/webhooks.md). */
const EVENTS = [
  'ticket.created',
  'ticket.updated',
  'message.added',
  'ticket.merged',
  'sla.warning',
  'sla.breached',
  'satisfaction.rated',
  'email.failed',
] as const;
const TONE: Record<Delivery['status'], string> = { queued: 'note', sending: 'note', delivered: 'ok', failed: 'warn', cancelled: 'subtle' };

function Secret({ secret }: { secret: string }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-ok" role="status">
      <p>{t('admin.webhooks.secret_now')}</p>
      <code className="break token" data-testid="webhook-secret">
        {secret}
      </code>
      <button type="button" className="btn btn-sm" onClick={() => void navigator.clipboard?.writeText(secret)}>
        {t('common.copy')}
      </button>
    </div>
  );
}

function Deliveries({ id, active }: { id: number; active: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const again = useMutation({
    mutationFn: (deliveryId: number) => api.post(`/webhooks/${id}/deliveries/${deliveryId}/redeliver`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['webhook-deliveries', id] }),
  });
  const q = useQuery({
    queryKey: ['webhook-deliveries', id],
    queryFn: () => api.get<{ data: Delivery[] }>(`/webhooks/${id}/deliveries`, { limit: 20 }),
    refetchInterval: 5000,
  });
  return (
    <QueryView query={q}>
      {({ data }) =>
        data.length === 0 ? (
          <p className="muted">{t('admin.webhooks.no_deliveries')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="webhook-deliveries">
              <thead>
                <tr>
                  <th>{t('admin.webhooks.when')}</th>
                  <th>{t('admin.webhooks.event')}</th>
                  <th>{t('admin.webhooks.state')}</th>
                  <th>{t('admin.webhooks.answer')}</th>
                  <th>{t('admin.webhooks.attempts')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Time value={d.created_at} relative />
                    </td>
                    <td className="mono small">{d.event_type}</td>
                    <td>
                      <span className={`badge ${TONE[d.status]}`}>{t(`admin.webhooks.status.${d.status}`)}</span>
                      <DeliveryOutlook delivery={d} />
                    </td>
                    <td className="small">
                      {d.last_status_code != null ? `HTTP ${d.last_status_code}` : ''}
                      {d.last_error && d.last_error !== `HTTP ${d.last_status_code}` && (
                        <div className="muted ellipsis" title={d.last_error}>
                          <DeliveryError raw={d.last_error} />
                        </div>
                      )}
                      {d.last_duration_ms != null && <span className="muted"> · {d.last_duration_ms} ms</span>}
                    </td>
                    <td>{d.attempts}</td>
                    <td>
                      {active && (d.status === 'failed' || d.status === 'cancelled') && (
                        <button
                          type="button"
                          className="btn btn-ghost btn-sm"
                          disabled={again.isPending}
                          onClick={() => again.mutate(d.id)}
                        >
                          {t('admin.webhooks.send_again')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {again.isError && <ErrorBanner error={again.error} />}
          </div>
        )
      }
    </QueryView>
  );
}

function WebhookCard({ w }: { w: Webhook }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['webhooks'] });
    void qc.invalidateQueries({ queryKey: ['webhook-deliveries', w.id] });
  };
  const toggle = useMutation({ mutationFn: () => api.patch(`/webhooks/${w.id}`, { active: !w.active }), onSuccess: refresh });
  const test = useMutation({
    mutationFn: () => api.post(`/webhooks/${w.id}/test`),
    onSuccess: () => {
      setOpen(true);
      refresh();
    },
  });
  const rotate = useMutation({
    mutationFn: () => api.patch<Webhook>(`/webhooks/${w.id}`, { rotate_secret: true }),
    onSuccess: () => setConfirmRotate(false),
  });
  const remove = useMutation({ mutationFn: () => api.del(`/webhooks/${w.id}`), onSuccess: refresh });
  return (
    <section className="card stack" aria-label={w.name} data-testid="webhook">
      <div className="webhook-head">
        <h2>{w.name}</h2>
        <span className={`badge ${w.active ? 'ok' : 'subtle'}`}>{t(w.active ? 'admin.webhooks.on' : 'admin.webhooks.off')}</span>
      </div>
      <code className="mono small break">{w.url}</code>
      <div className="btn-row">
        {w.events.map((e) => (
          <span key={e} className="badge subtle" title={e}>
            {(EVENTS as readonly string[]).includes(e) ? t(`admin.webhooks.events.${e}`) : e}
          </span>
        ))}
      </div>
      <div className="btn-row">
        <button type="button" className="btn btn-sm" disabled={test.isPending || !w.active} onClick={() => test.mutate()}>
          {t('admin.webhooks.send_test')}
        </button>
        <button type="button" className="btn btn-sm" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t(open ? 'admin.webhooks.hide_deliveries' : 'admin.webhooks.show_deliveries')}
        </button>
        <button type="button" className="btn btn-sm" disabled={toggle.isPending} onClick={() => toggle.mutate()}>
          {t(w.active ? 'admin.webhooks.switch_off' : 'admin.webhooks.switch_on')}
        </button>
        <button type="button" className="btn btn-sm" disabled={rotate.isPending} onClick={() => setConfirmRotate(true)}>
          {t('admin.webhooks.rotate')}
        </button>
        <button type="button" className="btn btn-sm btn-danger" onClick={() => setConfirm(true)}>
          {t('admin.webhooks.delete')}
        </button>
      </div>
      {rotate.data?.secret && <Secret secret={rotate.data.secret} />}
      {[toggle, test, rotate].map((m, i) => m.isError && <ErrorBanner key={i} error={m.error} />)}
      {open && <Deliveries id={w.id} active={w.active} />}
      <ConfirmDialog
        open={confirmRotate}
        pending={rotate.isPending}
        title={t('admin.webhooks.rotate_title', { name: w.name })}
        confirmLabel={t('admin.webhooks.rotate_confirm')}
        onConfirm={() => rotate.mutate()}
        onClose={() => setConfirmRotate(false)}
      >
        <p>{t('admin.webhooks.rotate_body')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm}
        danger
        pending={remove.isPending}
        title={t('admin.webhooks.delete_title', { name: w.name })}
        confirmLabel={t('admin.webhooks.delete_confirm')}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirm(false)}
      >
        <p>{t('admin.webhooks.delete_body')}</p>
        {remove.isError && <ErrorBanner error={remove.error} />}
      </ConfirmDialog>
    </section>
  );
}

/** Admin › Webhooks (docs/webhooks.md): where ticket events are posted, their secrets, their deliveries. */
export function Webhooks() {
  const { t } = useTranslation();
  usePageTitle(t('admin.nav.webhooks'));
  const qc = useQueryClient();
  const [form, setForm] = useState({ name: '', url: '', events: ['ticket.created', 'message.added'] as string[] });
  const list = useQuery({ queryKey: ['webhooks'], queryFn: () => api.get<ApiResponse<'/api/v1/webhooks', 'get'>>('/webhooks') });
  const create = useMutation({
    mutationFn: () => api.post<ApiResponse<'/api/v1/webhooks', 'post', 201>>('/webhooks', form),
    onSuccess: () => {
      setForm({ name: '', url: '', events: ['ticket.created', 'message.added'] });
      void qc.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const fieldError = (f: string) =>
    create.error instanceof ApiError && create.error.status === 422 && create.error.field === f ? create.error.message : undefined;
  const setEvent = (e: string, on: boolean) => setForm({ ...form, events: on ? [...form.events, e] : form.events.filter((x) => x !== e) });
  return (
    <main className="admin-page" id="main">
      <div className="page-head">
        <h1>{t('admin.nav.webhooks')}</h1>
      </div>
      <p className="muted">{t('admin.webhooks.intro')}</p>
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <h2>{t('admin.webhooks.new')}</h2>
        <div className="row-2">
          <Field label={t('admin.webhooks.name')}>
            {(p) => (
              <input {...p} required maxLength={100} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            )}
          </Field>
          <Field label={t('admin.webhooks.url')} hint={t('admin.webhooks.url_hint')} error={fieldError('url')}>
            {(p) => (
              <input
                {...p}
                required
                type="url"
                className="mono"
                placeholder="https://"
                value={form.url}
                onChange={(e) => {
                  setForm({ ...form, url: e.target.value });
                  // The server's word was about the address as it was: not about the one being typed.
                  if (fieldError('url')) create.reset();
                }}
              />
            )}
          </Field>
        </div>
        <fieldset className={`fieldset${fieldError('events') ? ' field-error' : ''}`}>
          <legend>{t('admin.webhooks.events_label')}</legend>
          <div className="check-grid">
            {EVENTS.map((e) => (
              <label key={e} className="check">
                <input type="checkbox" checked={form.events.includes(e)} onChange={(x) => setEvent(e, x.target.checked)} />{' '}
                {t(`admin.webhooks.events.${e}`)}
              </label>
            ))}
          </div>
          {fieldError('events') && (
            <div className="field-msg" role="alert">
              {fieldError('events')}
            </div>
          )}
        </fieldset>
        {create.isError && !fieldError('url') && !fieldError('events') && <ErrorBanner error={create.error} />}
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={create.isPending || form.events.length === 0}>
            {t('admin.webhooks.create')}
          </button>
        </div>
        {create.data?.secret && <Secret secret={create.data.secret} />}
      </form>
      <QueryView query={list}>
        {({ data }) =>
          data.length === 0 ? (
            <EmptyState title={t('admin.webhooks.empty')} />
          ) : (
            <div className="stack" style={{ marginTop: 16 }}>
              {data.map((w) => (
                <WebhookCard key={w.id} w={w} />
              ))}
            </div>
          )
        }
      </QueryView>
    </main>
  );
}

/** A delivery's last error in the admin's words; the server's own text stays in the row's tooltip. */
function DeliveryError({ raw }: { raw: string }) {
  const { t } = useTranslation();
  const known = describeDeliveryError(raw);
  return <>{known ? t(`admin.webhooks.errors.${known.key}`, known.values) : raw}</>;
}

/**
 * What the queue will still do with a delivery (docs/webhooks.md, "Answers and retries"): when a failed
 * attempt is tried again and which attempt that is, or that it gave up after its last one, and when.
 */
function DeliveryOutlook({ delivery: d }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (d.status === 'queued' && d.attempts > 0 && d.next_attempt_at && d.max_attempts != null) {
    const due = Date.parse(d.next_attempt_at) <= Date.now() + 1000;
    const o = { n: d.attempts + 1, max: d.max_attempts, when: f.relative(d.next_attempt_at) };
    return (
      <div className="muted small" data-testid="delivery-outlook" title={`${f.dateTime(d.next_attempt_at)} (${f.zone})`}>
        {t(due ? 'admin.webhooks.next_attempt_due' : 'admin.webhooks.next_attempt', o)}
      </div>
    );
  }
  if (d.status === 'failed' && d.max_attempts != null && d.attempts >= d.max_attempts && d.finished_at)
    return (
      <div className="muted small" data-testid="delivery-outlook" title={`${f.dateTime(d.finished_at)} (${f.zone})`}>
        {t('admin.webhooks.gave_up', { count: d.attempts, when: f.relative(d.finished_at) })}
      </div>
    );
  return null;
}
