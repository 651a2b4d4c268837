import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mailIdentity, sendVerificationEmail } from '../../channels/email/index.ts';
import { createPerson } from '../../modules/people/createPerson.ts';
import { getPerson } from '../../modules/people/getPerson.ts';
import { listPeople } from '../../modules/people/listPeople.ts';
import { resendInvitation } from '../../modules/people/resendInvitation.ts';
import { sendPasswordReset } from '../../modules/people/sendPasswordReset.ts';
import { unlockSignIn } from '../../modules/people/unlockSignIn.ts';
import { updatePerson } from '../../modules/people/updatePerson.ts';
import { requestMeta } from '../auth.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, nullableTimestamp, page, person } from '../responseSchemas.ts';
import { email, idParam, idRef, pageQuery, shortText, timeZoneName } from '../schemas.ts';

const E = { '4xx': errorResponse };

const role = z.enum(['customer', 'agent', 'admin']);
const locale = z.enum(['en', 'zh-CN']);

export function peopleRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  // An added address gets its own verification link (the email area mails it).
  const sendVerification = async (personId: number, to: string) => {
    await sendVerificationEmail(ctx.db, { personId, email: to, identity: mailIdentity() });
    ctx.wakeWorker();
  };
  app.post(
    '/api/v1/people',
    {
      schema: {
        tags: ['people'],
        summary:
          'Create a person (without a password they are invited by mail; `invitation_url`, the link itself, is answered to admins only)',
        body: z.object({
          name: shortText(),
          email,
          role: role.optional(),
          organization_id: idRef.nullable().optional(),
          password: z.string().max(256).optional(),
          emails: z.array(email).max(20).optional(),
          locale: locale.optional(),
          timezone: timeZoneName.nullable().optional(),
        }),
        response: { 201: person, ...E },
      },
    },
    async (req, reply) => {
      const r = await createPerson(ctx.db, { actor: who(req), input: req.body, identity: mailIdentity(), meta: requestMeta(req) });
      return reply.code(201).send({ ...r.person, invitation_url: r.invitationUrl });
    },
  );
  app.get(
    '/api/v1/people',
    {
      schema: {
        tags: ['people'],
        summary: 'List people',
        querystring: z.object({
          ...pageQuery,
          role: role.optional(),
          organization_id: z.coerce.number().int().positive().optional(),
          q: z.string().max(200).optional(),
        }),
        response: { 200: page(person), ...E },
      },
    },
    async (req) => listPeople(ctx.db, { actor: who(req), ...req.query }),
  );
  app.get(
    '/api/v1/people/:id',
    { schema: { tags: ['people'], summary: 'Read a person', params: idParam, response: { 200: person, ...E } } },
    async (req) => getPerson(ctx.db, { actor: who(req), id: req.params.id }),
  );
  app.patch(
    '/api/v1/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Update a person',
        params: idParam,
        body: z.object({
          name: shortText().optional(),
          role: role.optional(),
          organization_id: idRef.nullable().optional(),
          locale: locale.optional(),
          timezone: timeZoneName.nullable().optional(),
          active: z.boolean().optional(),
          password: z
            .string()
            .max(256)
            .optional()
            .describe(
              "Your own new password only, with `current_password`; nobody sets another person's password (send an invitation or reset link)",
            ),
          current_password: z
            .string()
            .min(1)
            .max(256)
            .optional()
            .describe(
              'Your current password: needed with `password`, and with `add_emails` on your own profile (an address receives reset links)',
            ),
          add_emails: z.array(email).max(20).optional().describe('Stored unverified; each gets a verification link mailed to it'),
          remove_emails: z.array(email).max(20).optional(),
          ticket_access: z
            .enum(['all', 'groups'])
            .optional()
            .describe("Admins only: 'groups' limits an agent to their groups' tickets and those assigned to them"),
        }),
        response: { 200: person, ...E },
      },
    },
    async (req) => updatePerson(ctx.db, { actor: who(req), id: req.params.id, input: req.body, meta: requestMeta(req), sendVerification }),
  );

  // Account help for one person: staff for customers, admins for agents and admins (modules/people/personPolicy.ts); audited.
  app.post(
    '/api/v1/people/:id/invitation',
    {
      schema: {
        tags: ['people'],
        summary:
          'Resend an invitation: a fresh link mailed to the primary address (older links stop working); admins get the link in the answer',
        params: idParam,
        response: {
          201: z.looseObject({
            person_id: z.number().int(),
            email: z.string().nullable(),
            expires_at: nullableTimestamp,
            invitation_url: z.string().nullable(),
          }),
          ...E,
        },
      },
    },
    async (req, reply) => {
      const r = await resendInvitation(ctx.db, { actor: who(req), id: req.params.id, identity: mailIdentity(), meta: requestMeta(req) });
      ctx.wakeWorker();
      return reply.code(201).header('cache-control', 'no-store').send(r);
    },
  );
  app.post(
    '/api/v1/people/:id/password-reset',
    {
      schema: {
        tags: ['people'],
        summary: "Mail a password reset link to the person's primary address (the link is never answered)",
        params: idParam,
        response: { 202: z.looseObject({ person_id: z.number().int(), email: z.string().nullable() }), ...E },
      },
    },
    async (req, reply) => {
      const r = await sendPasswordReset(ctx.db, { actor: who(req), id: req.params.id, identity: mailIdentity(), meta: requestMeta(req) });
      ctx.wakeWorker();
      return reply.code(202).send(r);
    },
  );
  app.delete(
    '/api/v1/people/:id/lock',
    {
      schema: {
        tags: ['people'],
        summary: "Lift the sign-in lock of a person's account (after too many wrong passwords)",
        params: idParam,
        response: { 200: person, ...E },
      },
    },
    async (req) => unlockSignIn(ctx.db, { actor: who(req), id: req.params.id, meta: requestMeta(req) }),
  );
}
