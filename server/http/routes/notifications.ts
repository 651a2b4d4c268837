import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../../domain/notifications/decide.ts';
import { getPreferences } from '../../modules/notifications/getPreferences.ts';
import { listNotifications } from '../../modules/notifications/listNotifications.ts';
import { markRead } from '../../modules/notifications/markRead.ts';
import { updatePreferences } from '../../modules/notifications/updatePreferences.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, id, nullableTimestamp, timestamp } from '../responseSchemas.ts';
import { idRef, pageQuery } from '../schemas.ts';

const kind = z.enum(NOTIFICATION_KINDS);
const notification = z.looseObject({
  id,
  kind,
  ticket_id: id,
  ticket_number: id.nullable(),
  text: z.string(),
  read_at: nullableTimestamp,
  created_at: timestamp,
});
const notificationPage = z.looseObject({ data: z.array(notification), next_cursor: z.string().nullable(), unread_count: z.number().int() });
const preferences = z.looseObject({
  data: z.array(z.looseObject({ kind, in_app: z.boolean(), email: z.boolean() })),
  quiet_hours: z.boolean(),
});
const E = { '4xx': errorResponse };

const delivery = z.object({ in_app: z.boolean().optional(), email: z.boolean().optional() }).strict();
const preferencesBody = z
  .object({
    ...(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, delivery.optional()])) as Record<
      (typeof NOTIFICATION_KINDS)[number],
      z.ZodOptional<typeof delivery>
    >),
    quiet_hours: z
      .boolean()
      .optional()
      .describe("Hold notification mail while the desk's default calendar is closed; sent when it next opens"),
  })
  .strict();

/** The signed-in agent's notifications and their delivery choices (staff only: customers get 403). */
export function notificationRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first',
        querystring: z.object({ ...pageQuery, unread: z.enum(['true', 'false']).optional() }),
        response: { 200: notificationPage, ...E },
      },
    },
    async (req) =>
      listNotifications(ctx.db, { actor: who(req), cursor: req.query.cursor, limit: req.query.limit, unread: req.query.unread === 'true' }),
  );
  app.post(
    '/api/v1/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark my notifications read: by ids, or all',
        body: z.object({ ids: z.array(idRef).max(1000).optional(), all: z.boolean().optional() }).strict(),
        response: { 200: z.looseObject({ marked: z.number().int() }), ...E },
      },
    },
    async (req) => markRead(ctx.db, { actor: who(req), ...req.body }),
  );
  app.get(
    '/api/v1/notifications/preferences',
    { schema: { tags, summary: 'How I am notified of each kind: in the app, by email', response: { 200: preferences, ...E } } },
    async (req) => getPreferences(ctx.db, { actor: who(req) }),
  );
  app.patch(
    '/api/v1/notifications/preferences',
    { schema: { tags, summary: 'Change how I am notified of some kinds', body: preferencesBody, response: { 200: preferences, ...E } } },
    async (req) => updatePreferences(ctx.db, { actor: who(req), patch: req.body }),
  );
}
