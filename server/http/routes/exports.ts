import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportTickets, type ExportFormat } from '../../modules/exports/exportTickets.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, fileResponse } from '../responseSchemas.ts';
import { ticketFilterOf, ticketFilterSchema } from '../ticketFilterQuery.ts';

const TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' };

/**
 * Ticket exports (docs/exports.md): the ticket list's filters, every matching ticket, streamed page
 * by page. Staff only. Headers go out with the first page; a failure later aborts the connection
 * (a download cut short is visibly broken, an error row in the data would not be).
 */
export function exportRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  for (const format of ['csv', 'jsonl'] as const) {
    app.get(
      `/api/v1/exports/tickets.${format}`,
      {
        config: { staffOnly: 'activity.export_staff_only' },
        schema: {
          tags: ['exports'],
          summary:
            format === 'csv'
              ? 'Export tickets as CSV (UTF-8 with a byte order mark), oldest first, with the ticket list filters (staff)'
              : 'Export tickets as JSON Lines (one ticket as the API presents it per line), oldest first, with the ticket list filters (staff)',
          querystring: ticketFilterSchema
            .extend({
              view: z
                .union([z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[a-z_]{1,40}$/)])
                .optional()
                .describe('Export the tickets a view shows (its id or built-in key) instead of list filters (docs/views.md)'),
            })
            // A filter the list does not know (created_from, from) is a 400 naming it, not an export of everything.
            .strict(),
          response: { 200: fileResponse('Every matching ticket, streamed', TYPES[format].split(';')[0]), '4xx': errorResponse },
        },
      },
      async (req, reply) => {
        const actor = who(req);
        const { view, ...filters } = req.query;
        const chunks = await exportTickets(ctx.db, { actor, filter: ticketFilterOf(actor, filters), view, format });
        const day = new Date().toISOString().slice(0, 10);
        return reply
          .type(TYPES[format])
          .header('content-disposition', `attachment; filename="kefu-tickets-${day}.${format}"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(chunks, { objectMode: false }));
      },
    );
  }
}
