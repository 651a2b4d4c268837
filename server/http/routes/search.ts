import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { queryTerms } from '../../domain/search/tokenize.ts';
import { CHANNELS, PRIORITIES, STATUSES } from '../../domain/tickets/ticket.ts';
import { searchTickets, ticketNumberOf } from '../../modules/tickets/searchTickets.ts';
import { customFieldMatch } from '../../modules/fields/customFieldValues.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, id, page, ticket } from '../responseSchemas.ts';
import { csv, isoDateTime, pageQuery } from '../schemas.ts';

const E = { '4xx': errorResponse };
const idOr = <T extends string>(...words: [T, ...T[]]) =>
  z.union([z.enum(words), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)]);
const positiveId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const split = z
  .string()
  .max(2000)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );
/** `plan_id=1,2`; `tags=vip,billing` (a ticket must carry all of them). */
const idList = split.pipe(
  z
    .array(
      z
        .string()
        .regex(/^\d{1,15}$/, 'an id')
        .transform(Number),
    )
    .min(1)
    .max(50),
);
const tagList = split.pipe(z.array(z.string().max(64)).min(1).max(20));
/** Something searchable: a letter, a digit or a Chinese character (not only punctuation or spaces). */
const q = z
  .string()
  .max(200)
  .refine((s) => !s.trim() || queryTerms(s).length > 0 || ticketNumberOf(s) != null, {
    message: 'Search for at least one letter, digit or Chinese character',
  });

const searchTicket = z.intersection(
  ticket,
  z.looseObject({
    snippet: z
      .string()
      .nullable()
      .describe(
        'A short excerpt of the message text around the first match (customers: public messages only); null when only the subject, number, requester or organization matched',
      ),
    snippet_internal: z.boolean().describe('The snippet comes from an internal note (staff only)'),
  }),
);
const personHit = z.looseObject({
  id,
  name: z.string(),
  email: z.string().nullable(),
  role: z.string(),
  organization: z.looseObject({ id, name: z.string().nullable() }).nullable(),
});
const organizationHit = z.looseObject({ id, name: z.string(), plan: z.looseObject({ id, name: z.string().nullable() }).nullable() });

/** GET /api/v1/search: the console header's box and the results page (docs/search.md). */
export function searchRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['tickets'],
        summary:
          'Search tickets (text in Chinese and English, number, requester, organization) and, for staff, people and organizations by the start of a name or address',
        querystring: z.object({
          ...pageQuery,
          q: q.optional(),
          status: csv(STATUSES).optional(),
          priority: csv(PRIORITIES).optional(),
          plan_id: idList.optional(),
          group_id: idOr('none').optional(),
          assignee_id: idOr('none', 'me').optional(),
          tags: tagList.optional(),
          channel: csv(CHANNELS).optional(),
          requester_id: positiveId.optional(),
          organization_id: positiveId.optional(),
          created_from: isoDateTime.optional(),
          created_to: isoDateTime.optional(),
          updated_from: isoDateTime.optional(),
          updated_to: isoDateTime.optional(),
          custom_fields: z
            .string()
            .max(4000)
            .optional()
            .describe('a JSON object of custom field values, e.g. {"plan_tier":"gold"}; a list means any of them (docs/custom-fields.md)'),
        }),
        response: {
          200: z.looseObject({ tickets: page(searchTicket), people: z.array(personHit), organizations: z.array(organizationHit) }),
          ...E,
        },
      },
    },
    async (req) => {
      const { q: text, cursor, limit, custom_fields, ...filter } = req.query;
      const actor = who(req);
      return searchTickets(ctx.db, {
        actor,
        q: text,
        filter: { ...filter, custom_fields: customFieldMatch(actor, custom_fields) },
        cursor,
        limit,
      });
    },
  );
}
