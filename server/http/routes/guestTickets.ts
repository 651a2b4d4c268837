import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mailIdentity } from '../../channels/email/index.ts';
import { fileGuestTicket } from '../../modules/guestTickets/fileGuestTicket.ts';
import { getGuestForm } from '../../modules/guestTickets/getGuestForm.ts';
import { getGuestTicketSettings, updateGuestTicketSettings } from '../../modules/guestTickets/guestTicketSettings.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse } from '../responseSchemas.ts';
import { email } from '../schemas.ts';

const E = { '4xx': errorResponse };
const tags = ['tickets'];
/** One line of text: no line breaks or other control characters (they would end up in mail headers). */
const line = z
  .string()
  .trim()
  .min(1)
  .refine((v) => !Array.from(v).some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127), {
    message: 'one line of text, without line breaks or control characters',
  });
const settings = z.looseObject({ enabled: z.boolean() });

/** Tickets from people without an account through the public form at /contact/new (docs/guest-tickets.md). */
export function guestTicketRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/public/guest-form',
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'What the public request form offers: whether it takes requests, the categories a person without an account may pick, the limits',
        response: {
          200: z.looseObject({
            enabled: z.boolean(),
            categories: z.array(z.string()),
            limits: z.looseObject({ name: z.number().int(), subject: z.number().int(), body: z.number().int() }),
          }),
          ...E,
        },
      },
    },
    async () => getGuestForm(ctx.db),
  );
  app.post(
    '/api/v1/public/tickets',
    {
      bodyLimit: 128 * 1024,
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'File a request without an account: always 202 without the ticket; the acknowledgement with the private link goes to the address by mail (limited per address and per IP address)',
        body: z.object({
          name: line,
          email,
          subject: line,
          body: z.string().trim().min(1),
          category: z.string().trim().min(1).max(64),
          locale: z.enum(['en', 'zh-CN']).optional(),
          /** The honeypot: hidden from people; a robot fills it in. */
          website: z.string().max(2000).optional(),
        }),
        response: { 202: z.looseObject({ ok: z.literal(true) }), ...E },
      },
    },
    async (req, reply) => {
      const outcome = await fileGuestTicket(ctx.db, { input: req.body, ip: req.ip ?? null, identity: mailIdentity() });
      if (outcome === 'ticket' || outcome === 'sign_in_mail') ctx.wakeWorker();
      return reply.code(202).send({ ok: true as const });
    },
  );
  app.get(
    '/api/v1/settings/guest-tickets',
    {
      schema: {
        tags,
        summary: 'Whether the public form takes requests from people without an account (admin)',
        response: { 200: settings, ...E },
      },
    },
    async (req) => getGuestTicketSettings(ctx.db, { actor: who(req) }),
  );
  app.patch(
    '/api/v1/settings/guest-tickets',
    {
      schema: {
        tags,
        summary: 'Turn requests from people without an account on or off (admin)',
        body: z.strictObject({ enabled: z.boolean() }),
        response: { 200: settings, ...E },
      },
    },
    async (req) => updateGuestTicketSettings(ctx.db, { actor: who(req), enabled: req.body.enabled }),
  );
}
