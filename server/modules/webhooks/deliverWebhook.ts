import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { webhookPayload } from './webhookPayload.ts';
import { openWebhookSecret, signWebhook } from './webhookSecrets.ts';
import { postWebhook, WEBHOOK_TIMEOUT_MS } from './postWebhook.ts';
import { webhookRepository } from './webhookRepository.ts';

export interface WebhookSettings {
  /** KEFU_WEBHOOK_ALLOW_PRIVATE: true, or the exact private addresses deliveries may reach. */
  allowPrivate: boolean | readonly string[];
  /** The desk's address, for the ticket's link in the payload. */
  publicUrl: string;
}

/** Attempts before a delivery is given up (the queue backs off 2, 4, 8 … seconds: about 68 minutes in all). */
export const MAX_WEBHOOK_ATTEMPTS = 12;
/** How long a 'sending' mark holds: longer than one attempt may take. */
const SENDING_SECONDS = Math.ceil(WEBHOOK_TIMEOUT_MS / 1000) * 3;

/** Answers that will not change by trying again: the receiver refuses what it was sent. */
const permanent = (code: number) => code >= 400 && code < 500 && code !== 408 && code !== 409 && code !== 425 && code !== 429;

export class WebhookRetry extends Error {}

/**
 * Sends one delivery (docs/webhooks.md, "Exactly once"). The delivery is marked as being sent by this
 * worker before the request, so no other instance sends it at the same time; a worker that dies
 * mid-send leaves a mark that expires, and the retry carries the same `X-Kefu-Delivery` id for the
 * receiver to recognise. A 2xx answer delivers it; 4xx (but 408, 409, 425, 429) fails it at once;
 * anything else is retried with backoff by the job queue (WebhookRetry) until the job's last attempt,
 * which fails the delivery for good ("gave up after N attempts").
 */
export async function deliverWebhook(db: Db, o: { deliveryId: number; settings: WebhookSettings; owner?: string; lastAttempt?: boolean }) {
  const owner = o.owner ?? `webhook:${process.pid}:${randomUUID()}`;
  const d = await webhookRepository.startSending(db, o.deliveryId, owner, SENDING_SECONDS);
  if (!d) {
    const now = await webhookRepository.delivery(db, o.deliveryId);
    if (now?.status === 'sending') throw new WebhookRetry(`delivery ${o.deliveryId} is being sent by another worker`);
    return now?.status ?? 'missing';
  }
  const hook = await webhookRepository.get(db, d.webhook_id);
  if (!hook || !hook.active) {
    await webhookRepository.finishAttempt(db, d.id, owner, {
      status: 'cancelled',
      code: null,
      error: 'webhook switched off',
      durationMs: null,
    });
    return 'cancelled';
  }
  const payload = await webhookPayload(db, {
    deliveryId: Number(d.id),
    webhookId: Number(hook.id),
    eventId: d.event_id == null ? null : Number(d.event_id),
    eventType: d.event_type,
    publicUrl: o.settings.publicUrl,
  });
  if (!payload) {
    await webhookRepository.finishAttempt(db, d.id, owner, {
      status: 'cancelled',
      code: null,
      error: 'event no longer exists',
      durationMs: null,
    });
    return 'cancelled';
  }
  const body = JSON.stringify(payload);
  const secret = await openWebhookSecret(db, hook.secret_sealed);
  const r = await postWebhook(
    hook.url,
    body,
    {
      'user-agent': 'Kefu-Webhooks/1',
      'x-kefu-event': d.event_type,
      'x-kefu-delivery': String(d.id),
      'x-kefu-signature': signWebhook(secret, body, new Date()),
    },
    { allowPrivate: o.settings.allowPrivate },
  );
  const attempts = d.attempts + 1;
  const ok = r.status != null && r.status >= 200 && r.status < 300;
  const refused = r.error?.startsWith('refused:') || r.error === 'invalid URL';
  // The job that runs this attempt decides whether another follows (a redelivery's job allows a few more);
  // without one, the delivery's own count does.
  const lastAttempt = o.lastAttempt ?? attempts >= MAX_WEBHOOK_ATTEMPTS;
  const final = ok || refused || (r.status != null && permanent(r.status)) || lastAttempt;
  const status = ok ? 'delivered' : final ? 'failed' : 'queued';
  const error = ok ? null : (r.error ?? `HTTP ${r.status}`);
  await webhookRepository.finishAttempt(db, d.id, owner, { status, code: r.status, error, durationMs: r.durationMs });
  if (status === 'queued') throw new WebhookRetry(`delivery ${d.id}: ${error}`);
  return status;
}
