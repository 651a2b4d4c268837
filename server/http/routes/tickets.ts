import type { FastifyInstance } from 'fastify';
import { sendAttachment } from '../attachmentReply.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CHANNELS, PRIORITIES, STATUSES } from '../../domain/tickets/ticket.ts';
import { addMessageWithActions } from '../../modules/macros/addMessageWithActions.ts';
import { macroActionsSchema } from '../../modules/macros/macroInput.ts';
import { getAttachment } from '../../modules/tickets/attachments.ts';
import { messageCsp, renderMessageHtml } from '../../modules/tickets/renderMessageHtml.ts';
import { createTicket } from '../../modules/tickets/createTicket.ts';
import { createTicketOnce } from '../../modules/tickets/createTicketOnce.ts';
import { justCreated } from '../../modules/security/ticketShield.ts';
import { customFieldMatch } from '../../modules/fields/customFieldValues.ts';
import { getTicket } from '../../modules/tickets/getTicket.ts';
import { listEvents } from '../../modules/tickets/listEvents.ts';
import { listMessages } from '../../modules/tickets/listMessages.ts';
import { listTickets } from '../../modules/tickets/listTickets.ts';
import { mergeTickets } from '../../modules/tickets/mergeTickets.ts';
import { SORT_NAMES } from '../../modules/tickets/ticketSorts.ts';
import { updateTicket } from '../../modules/tickets/updateTicket.ts';
import { who, type AppContext } from '../context.ts';
import { ticketFilterQuery } from '../ticketFilterQuery.ts';
import { errorResponse, fileResponse, message, page, ticket, ticketEvent } from '../responseSchemas.ts';
import { attachment, email, idParam, idRef, isoDateTime, pageQuery, shortText } from '../schemas.ts';
import { LOCALES } from '../../i18n/index.ts';

const body = z.string().max(200_000);
const tag = z.string().trim().min(1).max(64);
const E = { '4xx': errorResponse };

export function ticketRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const maxAttachmentBytes = ctx.config.maxAttachmentBytes;

  app.post(
    '/api/v1/tickets',
    {
      bodyLimit: ctx.config.maxBodyBytes, // Carries files: up to KEFU_MAX_BODY_BYTES; other routes take far less (app.ts, bodyLimitFor).
      schema: {
        tags: ['tickets'],
        summary: 'Create a ticket',
        description:
          'With an `Idempotency-Key` header (1–200 visible ASCII characters) the same caller sending the same key within 24 hours ' +
          'gets the ticket the first request created (201, header `Idempotent-Replayed: true`) instead of a second one; ' +
          'the same key with another body is a 422 `idempotency_key_reused`.',
        headers: z.looseObject({
          'idempotency-key': z
            .string()
            .regex(/^[\x21-\x7e]{1,200}$/, 'Idempotency-Key must be 1 to 200 visible ASCII characters')
            .optional()
            .describe('makes a retried request safe: one ticket per key and caller for 24 hours'),
        }),
        body: z.object({
          subject: shortText(300),
          body: body.min(1),
          html: z.string().max(500_000).nullable().optional(),
          priority: z.enum(PRIORITIES).optional(),
          category: z.string().trim().max(100).nullable().optional(),
          channel: z.enum(CHANNELS).optional(),
          status: z.enum(STATUSES).optional(),
          organization_id: idRef.nullable().optional(),
          requester_id: idRef.optional(),
          requester_email: email.optional(),
          requester_name: z.string().trim().max(200).optional(),
          requester_locale: z
            .enum(LOCALES)
            .optional()
            .describe(
              'the language of a requester this request creates (a `requester_email` new to the desk); without it, guessed from the subject and text',
            ),
          asset_id: idRef.nullable().optional(),
          assignee_id: idRef.nullable().optional(),
          group_id: idRef.nullable().optional(),
          tags: z.array(tag).max(50).optional(),
          fields: z.record(z.string(), z.unknown()).optional(),
          custom_fields: z
            .record(z.string(), z.unknown())
            .optional()
            .describe('values of the custom ticket fields, by key (docs/custom-fields.md)'),
          created_at: isoDateTime.optional(),
          attachments: z.array(attachment).max(20).optional(),
          override_entitlement: z.boolean().optional(),
          diagnostic_id: idRef
            .optional()
            .describe('a diagnostics run the creator made for this asset (docs/diagnostics.md); attached to the ticket'),
        }),
        response: { 201: ticket, ...E },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const opts = { actor: who(req), input: req.body, maxAttachmentBytes, enforceRequired: true };
      if (key === undefined) return reply.code(201).send(justCreated(await createTicket(ctx.db, opts)));
      const r = await createTicketOnce(ctx.db, { ...opts, key });
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(r.replayed ? r.ticket : justCreated(r.ticket));
    },
  );

  app.get(
    '/api/v1/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'List tickets (filters, free-text q in Chinese and English, keyset pagination)',
        querystring: z.object({ ...pageQuery, ...ticketFilterQuery, sort: z.enum(SORT_NAMES).optional() }),
        response: { 200: page(ticket), ...E },
      },
    },
    async (req) => {
      const actor = who(req);
      return listTickets(ctx.db, { actor, filter: { ...req.query, custom_fields: customFieldMatch(actor, req.query.custom_fields) } });
    },
  );

  app.get(
    '/api/v1/tickets/:id',
    { schema: { tags: ['tickets'], summary: 'Read a ticket', params: idParam, response: { 200: ticket, ...E } } },
    async (req) => getTicket(ctx.db, { actor: who(req), id: req.params.id }),
  );

  app.patch(
    '/api/v1/tickets/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Update a ticket',
        params: idParam,
        body: z.object({
          subject: shortText(300).optional(),
          status: z.enum(STATUSES).optional(),
          priority: z.enum(PRIORITIES).optional(),
          category: z.string().trim().max(100).nullable().optional(),
          assignee_id: idRef.nullable().optional(),
          group_id: idRef.nullable().optional(),
          asset_id: idRef.nullable().optional(),
          tags: z.array(tag).max(50).optional(),
          add_tags: z.array(tag).max(50).optional(),
          remove_tags: z.array(tag).max(50).optional(),
          fields: z.record(z.string(), z.unknown()).optional(),
          custom_fields: z
            .record(z.string(), z.unknown())
            .optional()
            .describe('custom field values to set, by key; null removes one (docs/custom-fields.md)'),
          status_incident_id: idRef
            .nullable()
            .optional()
            .describe(
              'link to an open status incident (customers: their own ticket, "this is my problem too"); null unlinks (docs/status.md)',
            ),
        }),
        response: { 200: ticket, ...E },
      },
    },
    async (req) => updateTicket(ctx.db, { actor: who(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/api/v1/tickets/:id/merge',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Merge this ticket into another',
        params: idParam,
        body: z.object({ target_id: idRef }),
        response: { 200: ticket, ...E },
      },
    },
    async (req) => mergeTickets(ctx.db, { actor: who(req), sourceId: req.params.id, targetId: req.body.target_id }),
  );

  app.get(
    '/api/v1/tickets/:id/messages',
    {
      schema: {
        tags: ['tickets'],
        summary: 'The conversation, oldest first',
        params: idParam,
        querystring: z.object({ ...pageQuery, limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: page(message), ...E },
      },
    },
    async (req) => listMessages(ctx.db, { actor: who(req), ticketId: req.params.id, ...req.query }),
  );

  app.post(
    '/api/v1/tickets/:id/messages',
    {
      bodyLimit: ctx.config.maxBodyBytes,
      schema: {
        tags: ['tickets'],
        summary: 'Add a public reply or an internal note',
        params: idParam,
        body: z.object({
          body: body.min(1),
          html: z.string().max(500_000).nullable().optional(),
          internal: z.boolean().optional(),
          status: z.enum(STATUSES).optional(),
          attachments: z.array(attachment).max(20).optional(),
          macro_id: idRef.optional().describe("Run this macro's actions with the message (staff)"),
          actions: macroActionsSchema
            .optional()
            .describe("Ticket actions to run with the message, in one transaction (staff; a macro's, as the agent kept them)"),
        }),
        response: { 201: message, ...E },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await addMessageWithActions(ctx.db, { actor: who(req), ticketId: req.params.id, input: req.body, maxAttachmentBytes })),
  );

  app.get(
    '/api/v1/tickets/:id/events',
    {
      schema: {
        tags: ['tickets'],
        summary: "The ticket's event history",
        params: idParam,
        querystring: z.object({ ...pageQuery, limit: z.coerce.number().int().min(1).max(200).default(100) }),
        response: { 200: page(ticketEvent), ...E },
      },
    },
    async (req) => listEvents(ctx.db, { actor: who(req), ticketId: req.params.id, ...req.query }),
  );

  app.get(
    '/api/v1/attachments/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Download an attachment (images and PDFs inline, anything else as a download)',
        params: idParam,
        querystring: z.object({ download: z.enum(['0', '1']).optional().describe('1: always as a download') }),
        response: { 200: fileResponse('The file, with its own content type', 'application/octet-stream'), ...E },
      },
    },
    async (req, reply) => {
      const a = await getAttachment(ctx.db, { actor: who(req), id: req.params.id });
      return sendAttachment(reply, a, { download: req.query.download === '1' });
    },
  );

  app.get(
    '/api/v1/messages/:id/html',
    {
      schema: {
        tags: ['tickets'],
        summary: "A message's HTML as a sandboxed document (quoted history folded; remote images only with remote_images=1)",
        params: idParam,
        querystring: z.object({
          remote_images: z.enum(['0', '1']).optional().describe('1: load the remote images of this message'),
          lang: z.enum(['en', 'zh-CN']).optional().describe("the viewer's language for the few words Kefu adds"),
        }),
        response: { 200: fileResponse('The message as an HTML document for a sandboxed frame', 'text/html'), ...E },
      },
    },
    async (req, reply) => {
      const remoteImages = req.query.remote_images === '1';
      const html = await renderMessageHtml(ctx.db, { actor: who(req), messageId: req.params.id, remoteImages, locale: req.query.lang });
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', messageCsp(remoteImages))
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cross-origin-resource-policy', 'same-origin')
        .header('cache-control', 'private, no-store')
        .send(html);
    },
  );
}
