import { defineJob } from '../../jobs/registry.ts';
import { deliverWebhook, type WebhookSettings } from './deliverWebhook.ts';

export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';

/** `webhook.deliver`: queued by the `ticket_events` trigger (migration 0041), or by "Send a test event". */
export function registerWebhookJobs(settings: WebhookSettings) {
  defineJob({
    name: WEBHOOK_DELIVER_JOB,
    async handler(p, ctx) {
      // The job's last attempt is the delivery's last: a delivery never waits on a job that gave up.
      const lastAttempt = ctx.attempt != null && ctx.maxAttempts != null ? ctx.attempt >= ctx.maxAttempts : undefined;
      await deliverWebhook(ctx.db, { deliveryId: Number(p.delivery_id), settings, owner: ctx.owner, lastAttempt });
    },
  });
}
