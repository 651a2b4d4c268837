import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CHECK_KEYS } from '../../domain/diagnostics/findings.ts';
import { listTicketDiagnostics } from '../../modules/diagnostics/listTicketDiagnostics.ts';
import { runDiagnostics } from '../../modules/diagnostics/runDiagnostics.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, id, nullableTimestamp, timestamp } from '../responseSchemas.ts';
import { idParam, idRef } from '../schemas.ts';

const E = { '4xx': errorResponse };

/** One run, rendered in the reader's language (docs/diagnostics.md). */
const diagnostic = z.looseObject({
  id,
  asset_id: id.nullable(),
  domain: z.string(),
  ticket_id: id.nullable(),
  ran_at: timestamp,
  finished_at: nullableTimestamp,
  checks: z.array(
    z.looseObject({
      key: z.enum(CHECK_KEYS),
      status: z.enum(['ok', 'warn', 'fail', 'error']),
      code: z.string(),
      name: z.string(),
      title: z.string(),
      detail: z.string(),
      fix: z.string().nullable(),
    }),
  ),
});

export function diagnosticsRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/diagnostics',
    {
      schema: {
        tags: ['diagnostics'],
        summary: 'Check a domain now: DNS, HTTPS, HTTP, status, TLS, redirects, time to first byte (rate-limited per person)',
        body: z.object({
          asset_id: idRef.optional().describe("a domain asset (customers: their organization's only)"),
          domain: z.string().max(300).optional().describe('staff only: a host name typed by hand'),
          ticket_id: idRef.optional().describe('staff only: attach the run to this ticket'),
        }),
        response: { 201: z.object({ data: diagnostic }), ...E },
      },
    },
    async (req, reply) =>
      reply.code(201).send({ data: await runDiagnostics(ctx.db, { actor: who(req), settings: ctx.config.diagnostics, input: req.body }) }),
  );
  app.get(
    '/api/v1/tickets/:id/diagnostics',
    {
      schema: {
        tags: ['diagnostics'],
        summary: 'The diagnostics runs attached to a ticket, newest first (staff)',
        params: idParam,
        response: { 200: z.object({ data: z.array(diagnostic) }), ...E },
      },
    },
    async (req) => listTicketDiagnostics(ctx.db, { actor: who(req), ticketId: req.params.id, limit: 20 }),
  );
}
