import { z } from 'zod';
import { PRIORITIES, STATUSES } from '../domain/tickets/ticket.ts';
import type { Principal } from '../modules/auth/principal.ts';
import { customFieldMatch } from '../modules/fields/customFieldValues.ts';
import type { TicketFilter } from '../modules/tickets/listTickets.ts';
import { csv } from './schemas.ts';

const idOr = <T extends string>(...words: [T, ...T[]]) => z.union([z.enum(words), z.coerce.number().int().positive()]);

/**
 * The ticket list's filters as query-string fields: GET /api/v1/tickets and the ticket exports
 * (GET /api/v1/exports/tickets.csv|jsonl) take the same ones, so an export holds what the list shows.
 */
export const ticketFilterQuery = {
  status: csv(STATUSES).optional(),
  priority: csv(PRIORITIES).optional(),
  assignee_id: idOr('none', 'me').optional(),
  group_id: idOr('none').optional(),
  organization_id: z.coerce.number().int().positive().optional(),
  requester_id: z.coerce.number().int().positive().optional(),
  category: z.string().max(100).optional(),
  channel: z.string().max(50).optional(),
  tag: z.string().max(64).optional(),
  q: z.string().max(500).optional(),
  number: z.coerce
    .number()
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('the ticket number (#1000); the web app routes by it'),
  external_id: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("the ticket's id in the system it was imported from (docs/exports.md): at most one ticket"),
  custom_fields: z
    .string()
    .max(4000)
    .optional()
    .describe('a JSON object of custom field values, e.g. {"plan_tier":"gold"}; a list means any of them (docs/custom-fields.md)'),
};

/** The filters alone (the exports' whole query string). */
export const ticketFilterSchema = z.object(ticketFilterQuery);
export type TicketFilterQuery = z.output<typeof ticketFilterSchema>;

/** The parsed query string as a ticket filter (the custom-field filter checked against the definitions). */
export function ticketFilterOf(actor: Principal, q: TicketFilterQuery): Omit<TicketFilter, 'limit' | 'cursor' | 'sort'> {
  return { ...q, custom_fields: customFieldMatch(actor, q.custom_fields) };
}
