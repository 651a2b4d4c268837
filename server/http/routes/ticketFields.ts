import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FIELD_TYPES } from '../../domain/customFields/customFields.ts';
import { createTicketField } from '../../modules/fields/createTicketField.ts';
import { listTicketFields } from '../../modules/fields/listTicketFields.ts';
import { ticketFieldInput, ticketFieldPatch } from '../../modules/fields/ticketFieldInput.ts';
import { updateTicketField } from '../../modules/fields/updateTicketField.ts';
import { who, type AppContext } from '../context.ts';
import { asRecord, errorResponse, id, list, timestamp } from '../responseSchemas.ts';
import { idParam } from '../schemas.ts';

const E = { '4xx': errorResponse };
const label = z.looseObject({ en: z.string(), 'zh-CN': z.string() });
const ticketField = asRecord(
  z.looseObject({
    id,
    key: z.string().describe("the key of its value in a ticket's custom_fields; fixed once created"),
    label,
    type: z.enum(FIELD_TYPES),
    options: z.array(z.string()),
    option_labels: z.record(z.string(), label),
    categories: z.array(z.string()).describe('categories whose tickets ask for it; empty: every ticket'),
    required: z.boolean(),
    visible_to_customers: z.boolean(),
    sensitive: z.boolean().describe('withheld from staff until the requester is verified'),
    active: z.boolean(),
    position: z.number().int(),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);

/** Custom ticket fields (docs/custom-fields.md): admins define them; everyone reads those meant for them. */
export function ticketFieldRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  app.get(
    '/api/v1/ticket-fields',
    {
      schema: {
        tags,
        summary: 'Custom ticket fields (customers: the active ones shown to customers); ?category= those its tickets ask for',
        querystring: z.object({ category: z.string().trim().max(100).optional() }),
        response: { 200: list(ticketField), ...E },
      },
    },
    async (req) => listTicketFields(ctx.db, { actor: who(req), category: req.query.category }),
  );
  app.post(
    '/api/v1/ticket-fields',
    { schema: { tags, summary: 'Define a ticket field (admins)', body: ticketFieldInput, response: { 201: ticketField, ...E } } },
    async (req, reply) => reply.code(201).send(await createTicketField(ctx.db, { actor: who(req), input: req.body })),
  );
  app.patch(
    '/api/v1/ticket-fields/:id',
    {
      schema: {
        tags,
        summary: 'Change a ticket field (admins); key and type are fixed',
        params: idParam,
        body: ticketFieldPatch,
        response: { 200: ticketField, ...E },
      },
    },
    async (req) => updateTicketField(ctx.db, { actor: who(req), id: req.params.id, input: req.body }),
  );
}
