import type { Db } from '../../db/client.ts';
import { classifyAddress, mayConnect } from '../../domain/diagnostics/addresses.ts';
import { TICKET_EVENTS } from '../../domain/tickets/events.ts';
import { conflict, forbidden, notFound, text, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { enqueue } from '../../jobs/queue.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { presentDelivery, presentListedDelivery, presentWebhook } from './webhookPresenter.ts';
import { webhookRepository } from './webhookRepository.ts';
import { WEBHOOK_DELIVER_JOB } from './webhookJobs.ts';
import { newWebhookSecret, sealWebhookSecret } from './webhookSecrets.ts';

/** Most webhooks a desk keeps; each event is written once per subscribed webhook. */
export const MAX_WEBHOOKS = 20;

export interface WebhookInput {
  name?: string;
  url?: string;
  events?: string[];
  active?: boolean;
}

const adminOnly = (actor: Principal) => {
  if (!isAdmin(actor)) throw forbidden(text('webhooks.errors.admin_only'));
};

/** http(s), no credentials in it, and not a literal private address unless deliveries may reach one. */
function checkUrl(actor: Principal, url: string, allowPrivate: boolean | readonly string[]): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw unprocessable(t(actor.locale, 'webhooks.url_invalid'), { field: 'url' });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw unprocessable(t(actor.locale, 'webhooks.url_invalid'), { field: 'url' });
  if (u.username || u.password) throw unprocessable(t(actor.locale, 'webhooks.url_credentials'), { field: 'url' });
  const host = u.hostname.replace(/^\[|\]$/g, '');
  // An address is judged as deliveries judge it (mayConnect); a name is resolved at each attempt, but localhost is known now.
  const refused =
    classifyAddress(host) === 'invalid' ? host.toLowerCase() === 'localhost' && allowPrivate !== true : !mayConnect(host, allowPrivate);
  if (refused) throw unprocessable(t(actor.locale, 'webhooks.url_private'), { field: 'url' });
  return u.toString();
}

function checkEvents(actor: Principal, events: string[]): string[] {
  const known = new Set<string>(TICKET_EVENTS);
  const unknown = events.filter((e) => !known.has(e));
  if (unknown.length) throw unprocessable(t(actor.locale, 'webhooks.events_unknown', { events: unknown.join(', ') }), { field: 'events' });
  const out = [...new Set(events)];
  if (!out.length) throw unprocessable(t(actor.locale, 'webhooks.events_none'), { field: 'events' });
  return out;
}

export async function listWebhooks(db: Db, opts: { actor: Principal }) {
  adminOnly(opts.actor);
  return { data: (await webhookRepository.list(db)).map(presentWebhook) };
}

export async function getWebhook(db: Db, opts: { actor: Principal; id: number }) {
  adminOnly(opts.actor);
  const w = await webhookRepository.get(db, opts.id);
  if (!w) throw notFound('Webhook', opts.id);
  return presentWebhook(w);
}

/** Creates a webhook; the answer carries its signing secret, the only time it is shown. */
export async function createWebhook(
  db: Db,
  opts: {
    actor: Principal;
    input: Required<Pick<WebhookInput, 'name' | 'url' | 'events'>>;
    allowPrivate: boolean | readonly string[];
    meta?: RequestMeta;
  },
) {
  const { actor, input } = opts;
  adminOnly(actor);
  const url = checkUrl(actor, input.url, opts.allowPrivate);
  const events = checkEvents(actor, input.events);
  if ((await webhookRepository.count(db)) >= MAX_WEBHOOKS)
    throw unprocessable(t(actor.locale, 'webhooks.too_many', { max: MAX_WEBHOOKS }), { field: 'url' });
  const secret = newWebhookSecret();
  const sealed = await sealWebhookSecret(db, secret);
  const row = await db.tx(async (q) => {
    const w = await webhookRepository.insert(q, { name: input.name.trim(), url, secretSealed: sealed, events, createdBy: actor.personId });
    await recordAudit(q, {
      type: 'webhook.created',
      personId: actor.personId,
      meta: opts.meta,
      data: { webhook_id: Number(w.id), name: w.name, url, events },
    });
    return w;
  });
  return { ...presentWebhook(row), secret };
}

/** Changes a webhook; `rotate_secret` issues a new secret (answered once, like at creation). Switching it off cancels what waits. */
export async function updateWebhook(
  db: Db,
  opts: {
    actor: Principal;
    id: number;
    input: WebhookInput & { rotate_secret?: boolean };
    allowPrivate: boolean | readonly string[];
    meta?: RequestMeta;
  },
) {
  const { actor, input } = opts;
  adminOnly(actor);
  const current = await webhookRepository.get(db, opts.id);
  if (!current) throw notFound('Webhook', opts.id);
  const patch: Parameters<typeof webhookRepository.update>[2] = {};
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.url !== undefined) patch.url = checkUrl(actor, input.url, opts.allowPrivate);
  if (input.events !== undefined) patch.events = checkEvents(actor, input.events);
  if (input.active !== undefined) patch.active = input.active;
  const secret = input.rotate_secret ? newWebhookSecret() : null;
  if (secret) patch.secret_sealed = await sealWebhookSecret(db, secret);
  const row = await db.tx(async (q) => {
    const w = (await webhookRepository.update(q, opts.id, patch))!;
    if (patch.active === false && current.active) await webhookRepository.cancelWaiting(q, opts.id);
    const changed = Object.keys(patch).map((k) => (k === 'secret_sealed' ? 'secret' : k));
    if (changed.length)
      await recordAudit(q, {
        type: 'webhook.changed',
        personId: actor.personId,
        meta: opts.meta,
        data: { webhook_id: opts.id, name: w.name, changed },
      });
    return w;
  });
  return { ...presentWebhook(row), ...(secret ? { secret } : {}) };
}

export async function deleteWebhook(db: Db, opts: { actor: Principal; id: number; meta?: RequestMeta }) {
  adminOnly(opts.actor);
  await db.tx(async (q) => {
    const w = await webhookRepository.get(q, opts.id);
    if (!w) throw notFound('Webhook', opts.id);
    await webhookRepository.remove(q, opts.id);
    await recordAudit(q, {
      type: 'webhook.deleted',
      personId: opts.actor.personId,
      meta: opts.meta,
      data: { webhook_id: opts.id, name: w.name, url: w.url },
    });
  });
  return { id: opts.id, deleted: true };
}

/** A webhook's deliveries, newest first, 50 at a time (`before`: the last id of the previous page). */
export async function listWebhookDeliveries(db: Db, opts: { actor: Principal; id: number; before?: number; limit?: number }) {
  adminOnly(opts.actor);
  if (!(await webhookRepository.get(db, opts.id))) throw notFound('Webhook', opts.id);
  const limit = Math.min(100, Math.max(1, opts.limit ?? 50));
  const rows = await webhookRepository.deliveries(db, opts.id, { before: opts.before ?? null, limit });
  return { data: rows.map(presentListedDelivery), next_cursor: rows.length === limit ? String(rows[rows.length - 1].id) : null };
}

/** "Send a test event": a `webhook.test` delivery, sent like any other (signed, retried, listed). */
export async function sendTestWebhook(db: Db, opts: { actor: Principal; id: number }) {
  adminOnly(opts.actor);
  const w = await webhookRepository.get(db, opts.id);
  if (!w) throw notFound('Webhook', opts.id);
  const id = await db.tx(async (q) => {
    const deliveryId = await webhookRepository.insertTest(q, opts.id);
    await enqueue(q, WEBHOOK_DELIVER_JOB, { delivery_id: deliveryId }, { maxAttempts: 3 });
    return deliveryId;
  });
  return presentDelivery((await webhookRepository.delivery(db, id))!);
}

/** "Send again": a failed or cancelled delivery goes out once more, with the same id (the receiver's key). */
export async function redeliverWebhook(db: Db, opts: { actor: Principal; id: number; deliveryId: number }) {
  adminOnly(opts.actor);
  const w = await webhookRepository.get(db, opts.id);
  if (!w) throw notFound('Webhook', opts.id);
  if (!w.active) throw conflict(t(opts.actor.locale, 'webhooks.redeliver_off'), { reason: 'webhook_off' });
  await db.tx(async (q) => {
    const d = await webhookRepository.delivery(q, opts.deliveryId);
    if (!d || Number(d.webhook_id) !== opts.id) throw notFound('Delivery', opts.deliveryId);
    if (!(await webhookRepository.requeue(q, opts.id, opts.deliveryId)))
      throw conflict(t(opts.actor.locale, 'webhooks.redeliver_not_failed'), { reason: 'not_failed', status: d.status });
    await enqueue(q, WEBHOOK_DELIVER_JOB, { delivery_id: opts.deliveryId }, { maxAttempts: 3 });
  });
  return presentDelivery((await webhookRepository.delivery(db, opts.deliveryId))!);
}
