import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IMAP_FAILURE_KINDS } from '../../domain/mail/imapFailure.ts';
import { emailConfig, pollMailboxNow, sendPasswordResetEmail, mailIdentity, type EmailConfig } from '../../channels/email/index.ts';
import { messageSource } from '../../channels/email/messageSource.ts';
import {
  readGuestAttachment,
  readGuestTicket,
  replyAsGuest,
  revokeGuestLink,
  revokeTicketGuestLinks,
} from '../../modules/email/guestLinks.ts';
import { sendAttachment } from '../attachmentReply.ts';
import { getInboundRaw, listInbound, reprocessInbound } from '../../modules/email/inboundAdmin.ts';
import { listOutbox } from '../../modules/email/listOutbox.ts';
import { createMailbox, deleteMailbox, getMailbox, listEmailAlerts, listMailboxes, updateMailbox } from '../../modules/email/mailboxes.ts';
import { readEmailSettings, updateEmailSettings } from '../../modules/email/smtpSettings.ts';
import {
  createSupportAddress,
  deleteSupportAddress,
  listSupportAddresses,
  updateSupportAddress,
} from '../../modules/email/supportAddresses.ts';
import { requestMeta } from '../auth.ts';
import { who, type AppContext } from '../context.ts';
import {
  anyObject,
  asRecord,
  errorResponse,
  fileResponse,
  id,
  list,
  noContent,
  nullableTimestamp,
  okResponse,
  page,
  timestamp,
} from '../responseSchemas.ts';
import { attachment, email, idParam, pageQuery, shortText } from '../schemas.ts';

const E = { '4xx': errorResponse };
const supportAddress = z.looseObject({
  id,
  email: z.string(),
  name: z.string().nullable(),
  is_default: z.boolean(),
  /** The group its new tickets go to (null: none). */
  group_id: z.number().int().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});
const mailbox = z.looseObject({
  id,
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  secure: z.boolean(),
  username: z.string(),
  has_password: z.boolean(),
  folder: z.string(),
  after_fetch: z.string(),
  move_to: z.string().nullable(),
  poll_seconds: z.number().int(),
  active: z.boolean(),
  last_poll_at: nullableTimestamp,
  last_success_at: nullableTimestamp,
  last_error: z.string().nullable().describe("The IMAP library's or the server's own words"),
  last_error_kind: z
    .enum(IMAP_FAILURE_KINDS)
    .nullable()
    .describe('What kind of failure the last error was: refused, host_not_found, timeout, tls, auth, other'),
  last_error_at: nullableTimestamp,
  failing_since: nullableTimestamp,
  alert: z
    .looseObject({
      raised_at: nullableTimestamp,
      message: z.string().describe('What is wrong and what to check, in the reader’s language'),
      detail: z.string().nullable().describe("The IMAP library's or the server's own words"),
    })
    .nullable(),
  created_at: nullableTimestamp,
  updated_at: nullableTimestamp,
});
const emailAlert = z.looseObject({
  id,
  kind: z.string().describe("'mailbox_failing'"),
  mailbox_id: id.nullable(),
  message: z.string().describe('What is wrong and what to check, in the reader’s language'),
  detail: z.string().nullable().describe("The IMAP library's or the server's own words"),
  error_kind: z.enum(IMAP_FAILURE_KINDS).nullable(),
  params: z.unknown().describe('What the message says, as data: mailbox, address, minutes, error_kind'),
  created_at: nullableTimestamp,
  resolved_at: nullableTimestamp,
});
const emailSettings = z.looseObject({
  smtp_url: z.string().nullable().describe('The password masked'),
  smtp_source: z.string().nullable().describe("'setting', 'environment' or null"),
  delivery: z.string().describe("'smtp' or 'outbox_only'"),
  from_name: z.string().nullable(),
  solved_reply: z.string(),
  trusted_authserv_ids: z.array(z.string()),
  time_zone: z.string().nullable(),
});
const outbound = z.looseObject({
  id,
  kind: z.string(),
  ticket_id: id.nullable(),
  message_id: id.nullable(),
  from: z.string().nullable(),
  to: z.unknown(),
  cc: z.unknown(),
  reply_to: z.unknown(),
  subject: z.string().nullable(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  status: z.string(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  created_at: nullableTimestamp,
  sent_at: nullableTimestamp,
  attachments: z
    .array(z.object({ id, filename: z.string(), content_type: z.string(), size: z.number().int() }))
    .describe("the files that go out with the mail (a public reply's attachments)"),
});
const inbound = z.looseObject({
  id,
  message_id: z.string().nullable(),
  source: z.string().nullable(),
  mailbox_id: id.nullable(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  size: z.number().nullable(),
  status: z.string(),
  outcome: z.unknown(),
  attempts: z.number().int().nullable(),
  error: z.string().nullable(),
  ticket_id: id.nullable(),
  ticket_message_id: id.nullable(),
  created_at: nullableTimestamp,
  processed_at: nullableTimestamp,
});
const guestFile = z.looseObject({ id, filename: z.string(), size: z.number(), content_type: z.string() });
const guestMessage = asRecord(
  z.looseObject({ id, body: z.string(), html: z.string(), attachments: z.array(guestFile), created_at: timestamp }),
);

const tokenParam = z.object({ token: z.string().min(10).max(200) });
const addressBody = z.object({
  email,
  name: z.string().trim().max(200).optional(),
  is_default: z.boolean().optional(),
  /** New tickets mailed to this address go to this group (null: none). */
  group_id: z.number().int().positive().nullable().optional(),
});
const mailboxBody = z.object({
  name: shortText(100),
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).optional(),
  secure: z.boolean().optional(),
  username: z.string().min(1).max(320),
  password: z.string().min(1).max(1000),
  folder: z.string().min(1).max(200).optional(),
  after_fetch: z.enum(['seen', 'move']).optional(),
  move_to: z.string().min(1).max(200).nullable().optional(),
  poll_seconds: z.number().int().min(1).max(86400).optional(),
  active: z.boolean().optional(),
});
const smtpUrl = z
  .string()
  .regex(/^smtps?:\/\/[^/]/, 'must look like smtp://user:pass@host:port or smtps://…')
  .max(1000);

/** Email channel API: support addresses, mailboxes, the outbox, received mail, guest links and password-reset mail. */
export function emailRoutes(root: FastifyInstance, ctx: AppContext, config: EmailConfig = emailConfig()) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['email'];
  const log = {
    info: (o: object, m?: string) => root.log.info(o, m),
    warn: (o: object, m?: string) => root.log.warn(o, m),
    error: (o: object, m?: string) => root.log.error(o, m),
  };

  app.get(
    '/api/v1/support-addresses',
    { schema: { tags, summary: 'Support addresses (admin)', response: { 200: list(supportAddress), ...E } } },
    async (req) => listSupportAddresses(ctx.db, { actor: who(req) }),
  );
  app.post(
    '/api/v1/support-addresses',
    { schema: { tags, summary: 'Add a support address (admin)', body: addressBody, response: { 201: supportAddress, ...E } } },
    async (req, reply) => reply.code(201).send(await createSupportAddress(ctx.db, { actor: who(req), ...req.body })),
  );
  app.patch(
    '/api/v1/support-addresses/:id',
    {
      schema: {
        tags,
        summary: 'Change a support address (admin)',
        params: idParam,
        body: addressBody.partial(),
        response: { 200: supportAddress, ...E },
      },
    },
    async (req) => updateSupportAddress(ctx.db, { actor: who(req), id: req.params.id, ...req.body }),
  );
  app.delete(
    '/api/v1/support-addresses/:id',
    { schema: { tags, summary: 'Remove a support address (admin)', params: idParam, response: { 204: noContent, ...E } } },
    async (req, reply) => {
      await deleteSupportAddress(ctx.db, { actor: who(req), id: req.params.id });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/mailboxes',
    {
      schema: {
        tags,
        summary: 'IMAP mailboxes with their last fetch, last error and alert (admin; passwords never returned)',
        response: { 200: list(mailbox), ...E },
      },
    },
    async (req) => listMailboxes(ctx.db, { actor: who(req) }),
  );
  app.get(
    '/api/v1/mailboxes/:id',
    { schema: { tags, summary: 'Read a mailbox (admin)', params: idParam, response: { 200: mailbox, ...E } } },
    async (req) => getMailbox(ctx.db, { actor: who(req), id: req.params.id }),
  );
  app.post(
    '/api/v1/mailboxes',
    { schema: { tags, summary: 'Add an IMAP mailbox to poll (admin)', body: mailboxBody, response: { 201: mailbox, ...E } } },
    async (req, reply) => reply.code(201).send(await createMailbox(ctx.db, { actor: who(req), input: req.body, meta: requestMeta(req) })),
  );
  app.patch(
    '/api/v1/mailboxes/:id',
    {
      schema: { tags, summary: 'Change a mailbox (admin)', params: idParam, body: mailboxBody.partial(), response: { 200: mailbox, ...E } },
    },
    async (req) => updateMailbox(ctx.db, { actor: who(req), id: req.params.id, input: req.body, meta: requestMeta(req) }),
  );
  app.delete(
    '/api/v1/mailboxes/:id',
    { schema: { tags, summary: 'Remove a mailbox (admin)', params: idParam, response: { 204: noContent, ...E } } },
    async (req, reply) => {
      await deleteMailbox(ctx.db, { actor: who(req), id: req.params.id, meta: requestMeta(req) });
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/v1/mailboxes/:id/poll',
    {
      schema: {
        tags,
        summary: 'Poll a mailbox now; also a connection test (admin)',
        params: idParam,
        response: {
          200: asRecord(
            z.looseObject({
              fetched: z.number(),
              stored: z.number(),
              skipped: z.number(),
              error: z.string().nullable().describe("The IMAP library's or the server's own words"),
              error_kind: z.enum(IMAP_FAILURE_KINDS).nullable(),
              error_message: z.string().nullable().describe('What went wrong, in the reader’s language'),
            }),
          ),
          ...E,
        },
      },
    },
    async (req) => pollMailboxNow(ctx.db, { actor: who(req), id: req.params.id, log, wake: ctx.wakeWorker }),
  );
  app.get(
    '/api/v1/email/alerts',
    {
      schema: {
        tags,
        summary: 'Open alerts, e.g. a mailbox failing for 15 minutes, in the reader’s language (admin)',
        querystring: z.object({ all: z.coerce.boolean().optional() }),
        response: { 200: list(emailAlert), ...E },
      },
    },
    async (req) => listEmailAlerts(ctx.db, { actor: who(req), all: req.query.all }),
  );

  app.get(
    '/api/v1/email/settings',
    { schema: { tags, summary: 'Outbound SMTP and reply policy (admin)', response: { 200: emailSettings, ...E } } },
    async (req) =>
      readEmailSettings(ctx.db, { actor: who(req), envSmtpUrl: config.smtpUrl, envTrustedAuthservIds: config.trustedAuthservIds }),
  );
  app.patch(
    '/api/v1/email/settings',
    {
      schema: {
        tags,
        summary: 'Set outbound SMTP (null: the environment, or the local outbox) and what a reply to a solved ticket does (admin)',
        body: z.object({
          smtp_url: smtpUrl.nullable().optional(),
          from_name: z.string().max(200).nullable().optional(),
          solved_reply: z.enum(['reopen', 'follow_up']).optional(),
          time_zone: z.string().trim().min(1).max(64).nullable().optional(),
          trusted_authserv_ids: z
            .array(
              z
                .string()
                .trim()
                .regex(/^[\w.-]{1,253}$/, 'an authserv-id such as mx.example.com'),
            )
            .max(20)
            .optional(),
        }),
        response: { 200: emailSettings, ...E },
      },
    },
    async (req) =>
      updateEmailSettings(ctx.db, {
        actor: who(req),
        meta: requestMeta(req),
        envSmtpUrl: config.smtpUrl,
        envTrustedAuthservIds: config.trustedAuthservIds,
        ...req.body,
      }),
  );

  app.get(
    '/api/v1/outbox',
    {
      schema: {
        tags,
        summary: 'Every outgoing mail with its delivery status, newest first (admin; agents with ticket_id)',
        querystring: z.object({
          ...pageQuery,
          ticket_id: z.coerce.number().int().positive().optional(),
          status: z.enum(['queued', 'sending', 'sent', 'local', 'failed', 'bounced']).optional(),
        }),
        response: { 200: page(outbound), ...E },
      },
    },
    async (req) => listOutbox(ctx.db, { actor: who(req), ...req.query }),
  );

  app.get(
    '/api/v1/inbound',
    {
      schema: {
        tags,
        summary: 'Received mail and what became of it, newest first (admin)',
        querystring: z.object({
          ...pageQuery,
          status: z.enum(['received', 'processed', 'auto_reply', 'bounce', 'ignored', 'refused', 'failed']).optional(),
        }),
        response: { 200: page(inbound), ...E },
      },
    },
    async (req) => listInbound(ctx.db, { actor: who(req), ...req.query }),
  );
  app.get(
    '/api/v1/inbound/:id/raw',
    {
      schema: {
        tags,
        summary: 'The raw MIME of a received mail (admin)',
        params: idParam,
        response: { 200: fileResponse('The mail as received', 'message/rfc822'), ...E },
      },
    },
    async (req, reply) =>
      reply
        .header('content-type', 'message/rfc822')
        .header('x-content-type-options', 'nosniff')
        .send(await getInboundRaw(ctx.db, { actor: who(req), id: req.params.id })),
  );
  app.post(
    '/api/v1/inbound/:id/reprocess',
    {
      schema: {
        tags,
        summary: 'Run a stored mail through the inbound pipeline again (admin)',
        params: idParam,
        body: z.object({ skip_filters: z.boolean().optional() }).optional(),
        response: { 202: inbound, ...E },
      },
    },
    async (req, reply) => {
      const r = await reprocessInbound(ctx.db, { actor: who(req), id: req.params.id, skip_filters: req.body?.skip_filters });
      ctx.wakeWorker();
      return reply.code(202).send(r);
    },
  );
  app.get(
    '/api/v1/messages/:id/source',
    {
      schema: {
        tags,
        summary: 'The full original email of a message (quoted history and signature included)',
        params: idParam,
        response: {
          200: z.looseObject({
            inbound_id: id,
            message_id: id,
            subject: z.string().nullable().optional(),
            text: z.string().nullable().optional(),
            html: z.unknown(),
            attachments: z.array(anyObject),
            raw_url: z.string(),
          }),
          ...E,
        },
      },
    },
    async (req) => messageSource(ctx.db, { actor: who(req), messageId: req.params.id }),
  );
  app.delete(
    '/api/v1/tickets/:id/guest-links',
    {
      schema: {
        tags,
        summary: 'Revoke every private link of a ticket (agents)',
        params: idParam,
        response: { 200: z.looseObject({ revoked: z.number().int() }), ...E },
      },
    },
    async (req) => revokeTicketGuestLinks(ctx.db, { actor: who(req), ticketId: req.params.id }),
  );

  const guest = { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } };
  app.get(
    '/api/v1/guest/tickets/:token',
    {
      config: guest,
      schema: {
        tags,
        summary: 'A ticket through its private link (no account needed)',
        params: tokenParam,
        response: {
          200: asRecord(
            z.looseObject({
              ticket: z.looseObject({
                number: z.number().int(),
                subject: z.string(),
                status: z.string(),
                created_at: timestamp,
                updated_at: timestamp,
                first_response_due_at: nullableTimestamp,
                first_response_at: nullableTimestamp,
              }),
              messages: z.array(
                z.looseObject({
                  id,
                  author: z.looseObject({ name: z.string().nullable(), role: z.enum(['customer', 'agent']) }).nullable(),
                  body: z.string(),
                  html: z.string(),
                  attachments: z.array(guestFile),
                  created_at: timestamp,
                }),
              ),
              satisfaction: z
                .looseObject({
                  token: z.string().describe("Rates through POST /api/v1/public/satisfaction/{token}, as the solved mail's link does"),
                  rating: z.looseObject({ score: z.number().int(), comment: z.string().nullable(), rated_at: timestamp }).nullable(),
                })
                .nullable()
                .describe('Solved or closed, surveys on: "How did we do?"; null otherwise'),
            }),
          ),
          ...E,
        },
      },
    },
    async (req) => readGuestTicket(ctx.db, { token: req.params.token }),
  );
  app.get(
    '/api/v1/guest/tickets/:token/attachments/:id',
    {
      config: guest,
      schema: {
        tags,
        summary: "Download a file of the ticket's conversation through the private link",
        params: tokenParam.extend({ id: idParam.shape.id }),
        querystring: z.object({ download: z.enum(['0', '1']).optional().describe('1: always as a download') }),
        response: { 200: fileResponse('The file, with its own content type', 'application/octet-stream'), ...E },
      },
    },
    async (req, reply) =>
      sendAttachment(reply, await readGuestAttachment(ctx.db, { token: req.params.token, id: req.params.id }), {
        download: req.query.download === '1',
        cache: 'no-store',
      }),
  );
  app.post(
    '/api/v1/guest/tickets/:token/messages',
    {
      bodyLimit: ctx.config.maxBodyBytes, // Carries files: up to KEFU_MAX_BODY_BYTES; other routes take far less (app.ts, bodyLimitFor).
      config: guest,
      schema: {
        tags,
        summary: 'Reply through the private link, with files if need be (the same limits as a signed-in reply)',
        params: tokenParam,
        body: z.object({ body: z.string().trim().min(1).max(200_000), attachments: z.array(attachment).max(20).optional() }),
        response: { 201: guestMessage, ...E },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await replyAsGuest(ctx.db, {
          token: req.params.token,
          body: req.body.body,
          attachments: req.body.attachments,
          maxAttachmentBytes: ctx.config.maxAttachmentBytes,
        }),
      ),
  );
  app.delete(
    '/api/v1/guest/tickets/:token',
    { config: guest, schema: { tags, summary: 'Revoke this private link', params: tokenParam, response: { 204: noContent, ...E } } },
    async (req, reply) => {
      await revokeGuestLink(ctx.db, { token: req.params.token });
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Mail a password-reset link; always 202 (whether the address exists is not disclosed)',
        body: z.object({ email }),
        response: { 202: okResponse, ...E },
      },
    },
    async (req, reply) => {
      await sendPasswordResetEmail(ctx.db, { email: req.body.email, identity: mailIdentity(config) });
      ctx.wakeWorker();
      return reply.code(202).send({ ok: true });
    },
  );
}
