import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createView } from '../../modules/views/createView.ts';
import { deleteView } from '../../modules/views/deleteView.ts';
import { getView } from '../../modules/views/getView.ts';
import { listViews } from '../../modules/views/listViews.ts';
import { listViewTickets } from '../../modules/views/listViewTickets.ts';
import { pinView } from '../../modules/views/pinView.ts';
import { updateView } from '../../modules/views/updateView.ts';
import { who, type AppContext } from '../context.ts';
import { asRecord, errorResponse, id, list, noContent, page, ticket, timestamp } from '../responseSchemas.ts';
import { pageQuery, shortText } from '../schemas.ts';

const E = { '4xx': errorResponse };
const view = asRecord(
  z.looseObject({
    id,
    key: z.string().nullable().describe('the built-in view this is (mine, unassigned, groups, open, at_risk, pending), or null'),
    name: z.string().describe("a built-in view that was never renamed is named in the reader's language"),
    renamed: z.boolean(),
    filters: z.record(z.string(), z.unknown()).describe('see docs/views.md'),
    shared: z.boolean(),
    owner_id: id.nullable(),
    pinned: z.boolean().describe("the reader's landing view"),
    position: z.number().int(),
    count: z.number().int().describe('matching tickets, counted up to 1,000'),
    count_capped: z.boolean().optional().describe('true when there are more than `count`'),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);
/** A view by id, or a built-in view by its key (`/api/v1/views/mine`). */
const viewParam = z.object({
  id: z.union([z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[a-z_]{1,40}$/)]),
});
const filters = z
  .record(z.string(), z.unknown())
  .describe('validated as docs/views.md says; a bad filter is a 422 naming it (filters.status)');
const viewBody = z.object({
  name: shortText(100),
  filters: filters.optional(),
  shared: z.boolean().optional(),
  position: z.number().int().min(0).max(1_000_000).optional(),
});

/** Queue views kept on the server, with their ticket counts (docs/views.md). Staff only. */
export function viewRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['views'];
  app.get(
    '/api/v1/views',
    { schema: { tags, summary: 'My views (shared and my own) with their ticket counts', response: { 200: list(view), ...E } } },
    async (req) => listViews(ctx.db, { actor: who(req) }),
  );
  app.post(
    '/api/v1/views',
    { schema: { tags, summary: 'Create a view (shared: admins only)', body: viewBody, response: { 201: view, ...E } } },
    async (req, reply) => reply.code(201).send(await createView(ctx.db, { actor: who(req), input: req.body })),
  );
  app.get(
    '/api/v1/views/:id',
    { schema: { tags, summary: 'Read a view, by id or built-in key', params: viewParam, response: { 200: view, ...E } } },
    async (req) => getView(ctx.db, { actor: who(req), ref: req.params.id }),
  );
  app.patch(
    '/api/v1/views/:id',
    {
      schema: {
        tags,
        summary: 'Change my view, or (admins) a shared one',
        params: viewParam,
        body: viewBody.partial(),
        response: { 200: view, ...E },
      },
    },
    async (req) => updateView(ctx.db, { actor: who(req), ref: req.params.id, input: req.body }),
  );
  app.delete(
    '/api/v1/views/:id',
    { schema: { tags, summary: 'Delete my view, or (admins) a shared one', params: viewParam, response: { 204: noContent, ...E } } },
    async (req, reply) => {
      await deleteView(ctx.db, { actor: who(req), ref: req.params.id });
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/v1/views/:id/pin',
    { schema: { tags, summary: 'Make this my landing view (/agent opens it)', params: viewParam, response: { 200: view, ...E } } },
    async (req) => pinView(ctx.db, { actor: who(req), ref: req.params.id, pinned: true }),
  );
  app.delete(
    '/api/v1/views/:id/pin',
    { schema: { tags, summary: 'Unpin my landing view', params: viewParam, response: { 200: view, ...E } } },
    async (req) => pinView(ctx.db, { actor: who(req), ref: req.params.id, pinned: false }),
  );
  app.get(
    '/api/v1/views/:id/tickets',
    {
      schema: {
        tags,
        summary: "The view's tickets in queue order (keyset pagination)",
        params: viewParam,
        querystring: z.object({ ...pageQuery }),
        response: { 200: page(ticket), ...E },
      },
    },
    async (req) => listViewTickets(ctx.db, { actor: who(req), ref: req.params.id, ...req.query }),
  );
}
