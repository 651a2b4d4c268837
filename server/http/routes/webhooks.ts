import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  redeliverWebhook,
  sendTestWebhook,
  updateWebhook,
} from '../../modules/webhooks/manageWebhooks.ts';
import { requestMeta } from '../auth.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, timestamp } from '../responseSchemas.ts';
import { idParam, shortText } from '../schemas.ts';

const E = { '4xx': errorResponse };

const webhook = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  created_by: z.number().int().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});
const withSecret = webhook.extend({ secret: z.string().describe('The signing secret: shown this once') });
const delivery = z.looseObject({
  id: z.number().int(),
  webhook_id: z.number().int(),
  event_id: z.number().int().nullable(),
  ticket_id: z.number().int().nullable(),
  event_type: z.string(),
  status: z.enum(['queued', 'sending', 'delivered', 'failed', 'cancelled']),
  attempts: z.number().int(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  last_duration_ms: z.number().int().nullable(),
  created_at: timestamp,
  finished_at: timestamp.nullable(),
});
const listedDelivery = delivery.extend({
  next_attempt_at: timestamp.nullable().describe('When the queue tries a waiting delivery next; null when nothing is scheduled'),
  max_attempts: z
    .number()
    .int()
    .nullable()
    .describe('The attempt at which the delivery gives up: a failed one with attempts = max_attempts gave up after retrying'),
});
const body = z.object({
  name: shortText(100),
  url: z.string().trim().min(1).max(2048),
  events: z.array(z.string().max(64)).min(1).max(50),
});

/** Admin › Webhooks (docs/webhooks.md): receivers told about ticket events, signed, retried, listed. */
export function webhookRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const allowPrivate = ctx.config.webhooks.allowPrivate;
  app.get(
    '/api/v1/webhooks',
    {
      schema: { tags: ['webhooks'], summary: 'List webhooks (admins)', response: { 200: z.looseObject({ data: z.array(webhook) }), ...E } },
    },
    async (req) => listWebhooks(ctx.db, { actor: who(req) }),
  );
  app.post(
    '/api/v1/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Create a webhook: {name, url, events}; the answer carries its signing secret, the only time it is shown',
        body,
        response: { 201: withSecret, ...E },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createWebhook(ctx.db, { actor: who(req), input: req.body, allowPrivate, meta: requestMeta(req) })),
  );
  app.get(
    '/api/v1/webhooks/:id',
    { schema: { tags: ['webhooks'], summary: 'Read a webhook', params: idParam, response: { 200: webhook, ...E } } },
    async (req) => getWebhook(ctx.db, { actor: who(req), id: req.params.id }),
  );
  app.patch(
    '/api/v1/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary:
          'Change a webhook; `active: false` switches it off (what waits is cancelled); `rotate_secret: true` answers a new secret once',
        params: idParam,
        body: body.partial().extend({ active: z.boolean().optional(), rotate_secret: z.boolean().optional() }),
        response: { 200: webhook.extend({ secret: z.string().optional() }), ...E },
      },
    },
    async (req) => updateWebhook(ctx.db, { actor: who(req), id: req.params.id, input: req.body, allowPrivate, meta: requestMeta(req) }),
  );
  app.delete(
    '/api/v1/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a webhook and its deliveries',
        params: idParam,
        response: { 200: z.looseObject({ id: z.number().int(), deleted: z.boolean() }), ...E },
      },
    },
    async (req) => deleteWebhook(ctx.db, { actor: who(req), id: req.params.id, meta: requestMeta(req) }),
  );
  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: "A webhook's deliveries, newest first (`before`: the previous page's next_cursor)",
        params: idParam,
        querystring: z.object({
          before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
          limit: z.coerce.number().int().min(1).max(100).optional(),
        }),
        response: { 200: z.looseObject({ data: z.array(listedDelivery), next_cursor: z.string().nullable() }), ...E },
      },
    },
    async (req) => listWebhookDeliveries(ctx.db, { actor: who(req), id: req.params.id, ...req.query }),
  );
  app.post(
    '/api/v1/webhooks/:id/test',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Send a test event (`webhook.test`) to the webhook, signed and listed like any delivery',
        params: idParam,
        response: { 202: delivery, ...E },
      },
    },
    async (req, reply) => reply.code(202).send(await sendTestWebhook(ctx.db, { actor: who(req), id: req.params.id })),
  );
  app.post(
    '/api/v1/webhooks/:id/deliveries/:delivery_id/redeliver',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Send a failed or cancelled delivery again, with the same id (409 for any other)',
        params: z.object({
          id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
          delivery_id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        }),
        response: { 202: delivery, ...E },
      },
    },
    async (req, reply) =>
      reply.code(202).send(await redeliverWebhook(ctx.db, { actor: who(req), id: req.params.id, deliveryId: req.params.delivery_id })),
  );
}
