import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getLifecycleSettings, updateLifecycleSettings } from '../../modules/lifecycle/lifecycleSettings.ts';
import { snoozeTicket } from '../../modules/lifecycle/snoozeTicket.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, ticket } from '../responseSchemas.ts';
import { idParam, isoDateTime } from '../schemas.ts';

const days = z.number().int().min(1).max(365).nullable();
const settings = z.looseObject({ auto_close_days: days, pending_reminder_days: days, pending_solve_days: days });
const E = { '4xx': errorResponse };

/** The ticket lifecycle (docs/lifecycle.md): when solved tickets close and pending ones remind or solve; snooze. */
export function lifecycleRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/settings/lifecycle',
    {
      schema: {
        tags: ['tickets'],
        summary: 'When solved tickets close and pending tickets remind or solve (days; null: off)',
        response: { 200: settings, ...E },
      },
    },
    async (req) => getLifecycleSettings(ctx.db, { actor: who(req) }),
  );
  app.patch(
    '/api/v1/settings/lifecycle',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Change the lifecycle rules (admin)',
        body: z
          .object({ auto_close_days: days.optional(), pending_reminder_days: days.optional(), pending_solve_days: days.optional() })
          .strict(),
        response: { 200: settings, ...E },
      },
    },
    async (req) => updateLifecycleSettings(ctx.db, { actor: who(req), patch: req.body }),
  );
  app.post(
    '/api/v1/tickets/:id/snooze',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Put the ticket on hold until a time, then reopen it; until null ends the snooze',
        params: idParam,
        body: z.object({ until: isoDateTime.nullable() }).strict(),
        response: { 200: ticket, ...E },
      },
    },
    async (req) =>
      snoozeTicket(ctx.db, { actor: who(req), ticketId: req.params.id, until: req.body.until ? new Date(req.body.until) : null }),
  );
}
