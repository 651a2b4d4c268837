import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PRIORITIES, STATUSES } from '../../domain/tickets/ticket.ts';
import { BULK_MAX, bulkUpdate } from '../../modules/tickets/bulkUpdate.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, id } from '../responseSchemas.ts';
import { idRef } from '../schemas.ts';

const tag = z.string().trim().min(1).max(64);
const result = z.looseObject({
  id,
  number: id.nullable(),
  ok: z.boolean(),
  error: z.looseObject({ code: z.string(), message: z.string(), field: z.string().optional() }).nullable(),
});

/** Bulk changes to tickets (docs/views.md): each ticket through the normal change path, reported one by one. */
export function bulkRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/tickets/bulk',
    {
      schema: {
        tags: ['tickets'],
        summary: `Change up to ${BULK_MAX} tickets at once; each succeeds or fails on its own`,
        body: z.object({
          ids: z.array(idRef).max(10_000).describe(`ticket ids, at most ${BULK_MAX} (more is a 422)`),
          update: z
            .object({
              status: z.enum(STATUSES).optional(),
              priority: z.enum(PRIORITIES).optional(),
              group_id: idRef.nullable().optional(),
              assignee_id: idRef.nullable().optional(),
              add_tags: z.array(tag).max(50).optional(),
              remove_tags: z.array(tag).max(50).optional(),
              merge_into: idRef.optional().describe('merge every listed ticket into this one; not combined with other changes'),
            })
            .strict(),
        }),
        response: { 200: z.looseObject({ data: z.array(result) }), '4xx': errorResponse },
      },
    },
    async (req) => bulkUpdate(ctx.db, { actor: who(req), ids: req.body.ids, update: req.body.update }),
  );
}
