import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countExport, exportTickets, type TicketLine } from '../../modules/transfer/exportTickets.ts';
import { importTickets } from '../../modules/transfer/importTickets.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, fileResponse } from '../responseSchemas.ts';
import { isoDateTime } from '../schemas.ts';

export const NDJSON = 'application/x-ndjson';

/** Lines to NDJSON text in chunks of about 64 KB, so a large export is not one write per ticket. */
async function* ndjson(lines: AsyncIterable<TicketLine>): AsyncGenerator<string> {
  let buf = '';
  for await (const line of lines) {
    buf += JSON.stringify(line) + '\n';
    if (buf.length >= 64 * 1024) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/** Ticket export and import as JSON lines (admin only). The `kefu tickets export|import` commands use these. */
export function transferRoutes(root: FastifyInstance, ctx: AppContext) {
  root.register(async (scope) => {
    // Only this plugin reads NDJSON bodies: as the raw string, up to the configured body limit.
    scope.addContentTypeParser(NDJSON, { parseAs: 'string', bodyLimit: ctx.config.maxBodyBytes }, (_req, body, done) => done(null, body));
    const app = scope.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/v1/export/tickets',
      {
        schema: {
          tags: ['transfer'],
          summary: 'Export tickets as JSON lines, oldest first, with messages (internal notes included), tags and fields (admin)',
          querystring: z.object({ since: isoDateTime.optional() }),
          produces: [NDJSON],
          response: {
            200: fileResponse('One ticket per line; the x-total-count header says how many', NDJSON),
            '4xx': { description: 'The one error shape', content: { 'application/json': { schema: errorResponse } } },
          },
        },
      },
      async (req, reply) => {
        const since = req.query.since ? new Date(req.query.since) : null;
        const actor = who(req);
        const total = await countExport(ctx.db, { actor, since });
        const lines = exportTickets(ctx.db, { actor, since });
        return reply
          .type(`${NDJSON}; charset=utf-8`)
          .header('x-total-count', String(total))
          .send(Readable.from(ndjson(lines)));
      },
    );

    app.post(
      '/api/v1/import/tickets',
      {
        bodyLimit: ctx.config.maxBodyBytes,
        schema: {
          tags: ['transfer'],
          summary: `Import tickets from JSON lines (${NDJSON}), keeping their times (admin). A bad line is reported; the others are imported. A line whose external_id is already here is skipped (docs/exports.md).`,
          consumes: [NDJSON],
          body: z.string(),
          response: {
            200: z.object({
              imported: z.number().int(),
              skipped: z
                .array(z.object({ line: z.number().int(), id: z.number().int(), external_id: z.string() }))
                .describe('lines whose external_id was already imported: the existing ticket'),
              failed: z.array(z.object({ line: z.number().int(), error: z.string() })),
            }),
            '4xx': errorResponse,
          },
        },
      },
      async (req) => importTickets(ctx.db, { actor: who(req), text: req.body, maxAttachmentBytes: ctx.config.maxAttachmentBytes }),
    );
  });
}
