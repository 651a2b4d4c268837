import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../../domain/notifications/decide.ts';
import { getPreferences } from '../../modules/notifications/getPreferences.ts';
import { listNotifications } from '../../modules/notifications/listNotifications.ts';
import { markRead } from '../../modules/notifications/markRead.ts';
import { updatePreferences } from '../../modules/notifications/updatePreferences.ts';
import { who, type AppContext } from '../context.ts';
import { idRef, pageQuery } from '../schemas.ts';

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
      },
    },
    async (req) => markRead(ctx.db, { actor: who(req), ...req.body }),
  );
  app.get(
    '/api/v1/notifications/preferences',
    { schema: { tags, summary: 'How I am notified of each kind: in the app, by email' } },
    async (req) => getPreferences(ctx.db, { actor: who(req) }),
  );
  app.patch(
    '/api/v1/notifications/preferences',
    { schema: { tags, summary: 'Change how I am notified of some kinds', body: preferencesBody } },
    async (req) => updatePreferences(ctx.db, { actor: who(req), patch: req.body }),
  );
}
