import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LINK_KINDS } from '../../domain/tickets/events.ts';
import { linkTickets, listTicketLinks, unlinkTickets } from '../../modules/tickets/linkTickets.ts';
import { splitTicket } from '../../modules/tickets/splitTicket.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, id, noContent, ticket, ticketStatus, timestamp } from '../responseSchemas.ts';
import { idParam, idRef, shortText } from '../schemas.ts';

const kind = z.enum(LINK_KINDS as [string, ...string[]]);
const links = z.looseObject({
  data: z.array(
    z.looseObject({
      kind,
      ticket: z.looseObject({ id, number: id, subject: z.string(), status: ticketStatus, organization_id: id.nullable() }),
      created_at: timestamp,
    }),
  ),
});
const E = { '4xx': errorResponse };

/** Linked tickets (related, parent/child) and splitting a message out into a new ticket (staff only; docs/ticket-links.md). */
export function ticketLinkRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  app.get(
    '/api/v1/tickets/:id/links',
    {
      schema: {
        tags,
        summary: 'Tickets linked to this one: its parent, children and related tickets',
        params: idParam,
        response: { 200: links, ...E },
      },
    },
    async (req) => listTicketLinks(ctx.db, { actor: who(req), ticketId: req.params.id }),
  );
  app.post(
    '/api/v1/tickets/:id/links',
    {
      schema: {
        tags,
        summary: 'Link another ticket to this one',
        params: idParam,
        body: z
          .object({
            ticket_id: idRef,
            kind: kind.default('related').describe('what the other ticket is to this one: related, parent or child'),
          })
          .strict(),
        response: { 201: links, ...E },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await linkTickets(ctx.db, {
          actor: who(req),
          ticketId: req.params.id,
          otherId: req.body.ticket_id,
          kind: req.body.kind as never,
        }),
      ),
  );
  app.delete(
    '/api/v1/tickets/:id/links/:other_id',
    {
      schema: {
        tags,
        summary: 'Remove the link between two tickets',
        params: z.object({ id: idParam.shape.id, other_id: idParam.shape.id }),
        response: { 204: noContent, ...E },
      },
    },
    async (req, reply) => {
      await unlinkTickets(ctx.db, { actor: who(req), ticketId: req.params.id, otherId: req.params.other_id });
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/v1/tickets/:id/split',
    {
      schema: {
        tags,
        summary: 'Copy a public message of this ticket out into a new ticket',
        params: idParam,
        body: z.object({ message_id: idRef, subject: shortText(300).optional() }).strict(),
        response: { 201: ticket, ...E },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await splitTicket(ctx.db, {
          actor: who(req),
          ticketId: req.params.id,
          messageId: req.body.message_id,
          subject: req.body.subject,
        }),
      ),
  );
}
