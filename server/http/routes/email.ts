import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { emailConfig, pollMailboxNow, sendPasswordResetEmail, mailIdentity, type EmailConfig } from '../../channels/email/index.ts';
import { messageSource } from '../../channels/email/messageSource.ts';
import { readGuestTicket, replyAsGuest, revokeGuestLink, revokeTicketGuestLinks } from '../../modules/email/guestLinks.ts';
import { getInboundRaw, listInbound, reprocessInbound } from '../../modules/email/inboundAdmin.ts';
import { listOutbox } from '../../modules/email/listOutbox.ts';
import { createMailbox, deleteMailbox, getMailbox, listEmailAlerts, listMailboxes, updateMailbox } from '../../modules/email/mailboxes.ts';
import { readEmailSettings, updateEmailSettings } from '../../modules/email/smtpSettings.ts';
import { createSupportAddress, deleteSupportAddress, listSupportAddresses, updateSupportAddress } from '../../modules/email/supportAddresses.ts';
import { who, type AppContext } from '../context.ts';
import { email, idParam, pageQuery, shortText } from '../schemas.ts';

const tokenParam = z.object({ token: z.string().min(10).max(200) });
const addressBody = z.object({ email, name: z.string().trim().max(200).optional(), is_default: z.boolean().optional() });
const mailboxBody = z.object({
  name: shortText(100), host: z.string().trim().min(1).max(255), port: z.number().int().min(1).max(65535).optional(), secure: z.boolean().optional(),
  username: z.string().min(1).max(320), password: z.string().min(1).max(1000), folder: z.string().min(1).max(200).optional(),
  after_fetch: z.enum(['seen', 'move']).optional(), move_to: z.string().min(1).max(200).nullable().optional(),
  poll_seconds: z.number().int().min(1).max(86400).optional(), active: z.boolean().optional(),
});
const smtpUrl = z.string().regex(/^smtps?:\/\/[^/]/, 'must look like smtp://user:pass@host:port or smtps://…').max(1000);

/** Email channel API: support addresses, mailboxes, the outbox, received mail, guest links and password-reset mail. */
export function emailRoutes(root: FastifyInstance, ctx: AppContext, config: EmailConfig = emailConfig()) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['email'];
  const log = { info: (o: object, m?: string) => root.log.info(o, m), warn: (o: object, m?: string) => root.log.warn(o, m), error: (o: object, m?: string) => root.log.error(o, m) };

  app.get('/api/v1/support-addresses', { schema: { tags, summary: 'Support addresses (admin)' } }, async (req) => listSupportAddresses(ctx.db, { actor: who(req) }));
  app.post('/api/v1/support-addresses', { schema: { tags, summary: 'Add a support address (admin)', body: addressBody } },
    async (req, reply) => reply.code(201).send(await createSupportAddress(ctx.db, { actor: who(req), ...req.body })));
  app.patch('/api/v1/support-addresses/:id', { schema: { tags, summary: 'Change a support address (admin)', params: idParam, body: addressBody.partial() } },
    async (req) => updateSupportAddress(ctx.db, { actor: who(req), id: req.params.id, ...req.body }));
  app.delete('/api/v1/support-addresses/:id', { schema: { tags, summary: 'Remove a support address (admin)', params: idParam } },
    async (req, reply) => { await deleteSupportAddress(ctx.db, { actor: who(req), id: req.params.id }); return reply.code(204).send(); });

  app.get('/api/v1/mailboxes', { schema: { tags, summary: 'IMAP mailboxes with their last fetch, last error and alert (admin; passwords never returned)' } },
    async (req) => listMailboxes(ctx.db, { actor: who(req) }));
  app.get('/api/v1/mailboxes/:id', { schema: { tags, summary: 'Read a mailbox (admin)', params: idParam } }, async (req) => getMailbox(ctx.db, { actor: who(req), id: req.params.id }));
  app.post('/api/v1/mailboxes', { schema: { tags, summary: 'Add an IMAP mailbox to poll (admin)', body: mailboxBody } },
    async (req, reply) => reply.code(201).send(await createMailbox(ctx.db, { actor: who(req), input: req.body })));
  app.patch('/api/v1/mailboxes/:id', { schema: { tags, summary: 'Change a mailbox (admin)', params: idParam, body: mailboxBody.partial() } },
    async (req) => updateMailbox(ctx.db, { actor: who(req), id: req.params.id, input: req.body }));
  app.delete('/api/v1/mailboxes/:id', { schema: { tags, summary: 'Remove a mailbox (admin)', params: idParam } },
    async (req, reply) => { await deleteMailbox(ctx.db, { actor: who(req), id: req.params.id }); return reply.code(204).send(); });
  app.post('/api/v1/mailboxes/:id/poll', { schema: { tags, summary: 'Poll a mailbox now; also a connection test (admin)', params: idParam } },
    async (req) => pollMailboxNow(ctx.db, { actor: who(req), id: req.params.id, log, wake: ctx.wakeWorker }));
  app.get('/api/v1/email/alerts', { schema: { tags, summary: 'Open alerts, e.g. a mailbox failing for 15 minutes (admin)', querystring: z.object({ all: z.coerce.boolean().optional() }) } },
    async (req) => listEmailAlerts(ctx.db, { actor: who(req), all: req.query.all }));

  app.get('/api/v1/email/settings', { schema: { tags, summary: 'Outbound SMTP and reply policy (admin)' } },
    async (req) => readEmailSettings(ctx.db, { actor: who(req), envSmtpUrl: config.smtpUrl, envTrustedAuthservIds: config.trustedAuthservIds }));
  app.patch('/api/v1/email/settings', {
    schema: { tags, summary: 'Set outbound SMTP (null: the environment, or the local outbox) and what a reply to a solved ticket does (admin)',
      body: z.object({
        smtp_url: smtpUrl.nullable().optional(), from_name: z.string().max(200).nullable().optional(), solved_reply: z.enum(['reopen', 'follow_up']).optional(),
        time_zone: z.string().trim().min(1).max(64).nullable().optional(),
        trusted_authserv_ids: z.array(z.string().trim().regex(/^[\w.-]{1,253}$/, 'an authserv-id such as mx.example.com')).max(20).optional(),
      }) },
  }, async (req) => updateEmailSettings(ctx.db, { actor: who(req), envSmtpUrl: config.smtpUrl, envTrustedAuthservIds: config.trustedAuthservIds, ...req.body }));

  app.get('/api/v1/outbox', {
    schema: { tags, summary: 'Every outgoing mail with its delivery status, newest first (admin; agents with ticket_id)',
      querystring: z.object({ ...pageQuery, ticket_id: z.coerce.number().int().positive().optional(), status: z.enum(['queued', 'sent', 'local', 'failed', 'bounced']).optional() }) },
  }, async (req) => listOutbox(ctx.db, { actor: who(req), ...req.query }));

  app.get('/api/v1/inbound', {
    schema: { tags, summary: 'Received mail and what became of it, newest first (admin)',
      querystring: z.object({ ...pageQuery, status: z.enum(['received', 'processed', 'auto_reply', 'bounce', 'ignored', 'refused', 'failed']).optional() }) },
  }, async (req) => listInbound(ctx.db, { actor: who(req), ...req.query }));
  app.get('/api/v1/inbound/:id/raw', { schema: { tags, summary: 'The raw MIME of a received mail (admin)', params: idParam } },
    async (req, reply) => reply.header('content-type', 'message/rfc822').header('x-content-type-options', 'nosniff').send(await getInboundRaw(ctx.db, { actor: who(req), id: req.params.id })));
  app.post('/api/v1/inbound/:id/reprocess', {
    schema: { tags, summary: 'Run a stored mail through the inbound pipeline again (admin)', params: idParam, body: z.object({ skip_filters: z.boolean().optional() }).optional() },
  }, async (req, reply) => { const r = await reprocessInbound(ctx.db, { actor: who(req), id: req.params.id, skip_filters: req.body?.skip_filters }); ctx.wakeWorker(); return reply.code(202).send(r); });
  app.get('/api/v1/messages/:id/source', { schema: { tags, summary: 'The full original email of a message (quoted history and signature included)', params: idParam } },
    async (req) => messageSource(ctx.db, { actor: who(req), messageId: req.params.id }));
  app.delete('/api/v1/tickets/:id/guest-links', { schema: { tags, summary: 'Revoke every private link of a ticket (agents)', params: idParam } },
    async (req) => revokeTicketGuestLinks(ctx.db, { actor: who(req), ticketId: req.params.id }));

  const guest = { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } };
  app.get('/api/v1/guest/tickets/:token', { config: guest, schema: { tags, summary: 'A ticket through its private link (no account needed)', params: tokenParam } },
    async (req) => readGuestTicket(ctx.db, { token: req.params.token }));
  app.post('/api/v1/guest/tickets/:token/messages', {
    config: guest, schema: { tags, summary: 'Reply through the private link', params: tokenParam, body: z.object({ body: z.string().trim().min(1).max(200_000) }) },
  }, async (req, reply) => reply.code(201).send(await replyAsGuest(ctx.db, { token: req.params.token, body: req.body.body })));
  app.delete('/api/v1/guest/tickets/:token', { config: guest, schema: { tags, summary: 'Revoke this private link', params: tokenParam } },
    async (req, reply) => { await revokeGuestLink(ctx.db, { token: req.params.token }); return reply.code(204).send(); });

  app.post('/api/v1/auth/password-reset', {
    config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags: ['auth'], summary: 'Mail a password-reset link; always 202 (whether the address exists is not disclosed)', body: z.object({ email }) },
  }, async (req, reply) => {
    await sendPasswordResetEmail(ctx.db, { email: req.body.email, identity: mailIdentity(config) });
    ctx.wakeWorker();
    return reply.code(202).send({ ok: true });
  });
}
