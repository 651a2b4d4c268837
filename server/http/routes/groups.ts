import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteGroup } from '../../modules/groups/deleteGroup.ts';
import { createGroup, getGroup, listGroups, updateGroup } from '../../modules/groups/groups.ts';
import { previewGroupDeletion } from '../../modules/groups/previewGroupDeletion.ts';
import { requestMeta } from '../auth.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, group, page } from '../responseSchemas.ts';
import { idParam, idRef, pageQuery, shortText } from '../schemas.ts';

const named = z.object({ id: z.number(), name: z.string(), shared: z.boolean() });
const deletionPreview = z.object({
  group: z.object({ id: z.number(), name: z.string() }),
  tickets: z.number().describe('tickets not closed: they move to `move_to` (or to no group)'),
  closed_tickets: z.number().describe('closed tickets keep the deleted group, as their history does'),
  members: z.array(z.object({ id: z.number(), name: z.string(), limited_to_groups: z.boolean(), other_groups: z.number() })),
  views: z.array(named),
  macros: z.array(named),
  addresses: z.array(z.object({ id: z.number(), name: z.string() })).describe('support addresses whose mail goes to the group'),
});
const deletion = z.object({
  id: z.number(),
  deleted: z.boolean(),
  moved_to: z.number().nullable(),
  tickets_moved: z.number(),
  views_changed: z.number(),
  macros_changed: z.number(),
  addresses_changed: z.number(),
  members_removed: z.number(),
});
/** `move_to`: the group that takes the tickets, views and macros; absent or empty: no group. */
const deleteQuery = z.object({
  move_to: z.union([z.literal('').transform(() => null), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)]).optional(),
});

const E = { '4xx': errorResponse };

const groupBody = z.object({
  name: shortText(100),
  description: z.string().max(2000).optional(),
  member_ids: z.array(idRef).max(1000).optional(),
});

export function groupRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/groups',
    { schema: { tags: ['groups'], summary: 'Create an agent group', body: groupBody, response: { 201: group, ...E } } },
    async (req, reply) => reply.code(201).send(await createGroup(ctx.db, { actor: who(req), ...req.body, meta: requestMeta(req) })),
  );
  app.get(
    '/api/v1/groups',
    { schema: { tags: ['groups'], summary: 'List agent groups', querystring: z.object(pageQuery), response: { 200: page(group), ...E } } },
    async (req) => listGroups(ctx.db, { actor: who(req), ...req.query }),
  );
  app.get(
    '/api/v1/groups/:id',
    { schema: { tags: ['groups'], summary: 'Read a group', params: idParam, response: { 200: group, ...E } } },
    async (req) => getGroup(ctx.db, { actor: who(req), id: req.params.id }),
  );
  app.patch(
    '/api/v1/groups/:id',
    { schema: { tags: ['groups'], summary: 'Update a group', params: idParam, body: groupBody.partial(), response: { 200: group, ...E } } },
    async (req) => updateGroup(ctx.db, { actor: who(req), id: req.params.id, ...req.body, meta: requestMeta(req) }),
  );
  app.get(
    '/api/v1/groups/:id/deletion-preview',
    {
      schema: {
        tags: ['groups'],
        summary: 'What deleting a group would move and change',
        params: idParam,
        response: { 200: deletionPreview, ...E },
      },
    },
    async (req) => previewGroupDeletion(ctx.db, { actor: who(req), id: req.params.id }),
  );
  app.delete(
    '/api/v1/groups/:id',
    {
      schema: {
        tags: ['groups'],
        summary: 'Delete a group, moving its tickets, views and macros to another group or none',
        params: idParam,
        querystring: deleteQuery,
        response: { 200: deletion, ...E },
      },
    },
    async (req) => deleteGroup(ctx.db, { actor: who(req), id: req.params.id, moveTo: req.query.move_to ?? null, meta: requestMeta(req) }),
  );
}
