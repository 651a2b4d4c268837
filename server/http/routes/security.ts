import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { revokePersonSessions } from '../../modules/auth/sessions.ts';
import { confirmSupportApp } from '../../modules/security/confirmSupportApp.ts';
import { confirmTwoFactor } from '../../modules/security/confirmTwoFactor.ts';
import { disableTwoFactor } from '../../modules/security/disableTwoFactor.ts';
import { enrolSupportApp } from '../../modules/security/enrolSupportApp.ts';
import { enrolTwoFactor } from '../../modules/security/enrolTwoFactor.ts';
import { exportAuditLog } from '../../modules/security/exportAuditLog.ts';
import { getSecurityOverview } from '../../modules/security/getSecurityOverview.ts';
import { getSecuritySettings } from '../../modules/security/getSecuritySettings.ts';
import { getSupportCode } from '../../modules/security/getSupportCode.ts';
import { getVerificationStatus } from '../../modules/security/getVerificationStatus.ts';
import { listAuditLog } from '../../modules/security/listAuditLog.ts';
import { regenerateRecoveryCodes } from '../../modules/security/regenerateRecoveryCodes.ts';
import { removeSupportApp } from '../../modules/security/removeSupportApp.ts';
import { resetTwoFactor } from '../../modules/security/resetTwoFactor.ts';
import { keyring } from '../../modules/security/secretBox.ts';
import { securitySettingsSchema } from '../../modules/security/securitySettings.ts';
import { updateSecuritySettings } from '../../modules/security/updateSecuritySettings.ts';
import { verifyRequester } from '../../modules/security/verifyRequester.ts';
import { requestMeta } from '../auth.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, fileResponse, id, page, timestamp } from '../responseSchemas.ts';
import { idParam, isoDateTime, pageQuery } from '../schemas.ts';

const E = { '4xx': errorResponse };
const enabled = z.looseObject({ enabled: z.boolean() });
const enrolment = z.looseObject({ secret: z.string(), otpauth_uri: z.string() });
const securitySettingsOut = z.looseObject({
  sensitive_fields: z.array(z.string()),
  sensitive_categories: z.array(z.string()),
  verification_minutes: z.number(),
  require_2fa_for_staff: z.boolean(),
});
const recoveryCodes = z.looseObject({ recovery_codes: z.array(z.string()).describe('Shown once') });
const auditEntry = z.looseObject({
  id,
  type: z.string(),
  person_id: id.nullable(),
  person_name: z.string().nullable().describe('The name of the person the entry is about'),
  actor_id: id.nullable(),
  actor_name: z.string().nullable().describe('The name of who did it, when someone else'),
  ticket_id: id.nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  token_id: id.nullable().describe('The API token the action came through (null: a signed-in session or the server itself)'),
  token_name: z.string().nullable(),
  data: z.unknown(),
  created_at: timestamp,
});

/** Six digits as read out or typed; spaces are ignored ("123 456"). */
const sixDigits = z
  .string()
  .max(20)
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'must be the 6-digit code'));
/** A code from the authenticator app, or a recovery code. */
const secondFactor = z.string().trim().min(6).max(40);
/** Enrolling an app needs the current password of a person who has one (checkCurrentPassword). */
const currentPasswordBody = z
  .object({ current_password: z.string().max(1024).optional().describe('Your current password (needed when you have one)') })
  .optional();
const auditFilter = {
  person_id: z.coerce.number().int().positive().optional(),
  type: z
    .string()
    .max(500)
    .optional()
    .transform((s) =>
      s
        ?.split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
};
const toFilter = (q: { person_id?: number; type?: string[]; from?: string; to?: string }) => ({
  personId: q.person_id,
  types: q.type,
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
});

/** Account security: support codes, requester verification, two-factor sign-in, sessions, the audit log. */
export async function securityRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  await keyring(ctx.db); // fail at boot, naming KEFU_SECRET_KEY, when the key is unusable
  const tags = ['security'];

  app.get(
    '/api/v1/me/security',
    {
      schema: {
        tags,
        summary: 'Your account security: email verified, two-factor, authenticator app',
        response: {
          200: z.looseObject({
            email_verified: z.boolean(),
            two_factor: z.looseObject({
              enabled: z.boolean(),
              enabled_at: z.string().nullable(),
              pending: z.boolean(),
              required: z.boolean(),
              recovery_codes_left: z.number().int(),
            }),
            support_app: z.looseObject({ enabled: z.boolean(), pending: z.boolean() }),
          }),
          ...E,
        },
      },
    },
    async (req) => getSecurityOverview(ctx.db, { actor: who(req) }),
  );

  app.get(
    '/api/v1/me/support-code',
    {
      schema: {
        tags,
        summary: 'Your current 6-digit support code (changes every 30 s) to read out to an agent',
        response: { 200: z.looseObject({ code: z.string(), expires_at: z.string(), period: z.number() }), ...E },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return getSupportCode(ctx.db, { actor: who(req) });
    },
  );

  app.post(
    '/api/v1/me/support-app',
    {
      schema: {
        tags,
        summary: 'Enrol your own authenticator app for support verification: answers the secret and the otpauth:// URI for the QR code',
        body: currentPasswordBody,
        response: { 200: enrolment, ...E },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return enrolSupportApp(ctx.db, { actor: who(req), currentPassword: req.body?.current_password, meta: requestMeta(req) });
    },
  );
  app.post(
    '/api/v1/me/support-app/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm the authenticator app with a code it shows',
        body: z.object({ code: sixDigits }),
        response: { 200: enabled, ...E },
      },
    },
    async (req) => confirmSupportApp(ctx.db, { actor: who(req), code: req.body.code, meta: requestMeta(req) }),
  );
  app.delete(
    '/api/v1/me/support-app',
    { schema: { tags, summary: 'Stop using the authenticator app for support verification', response: { 200: enabled, ...E } } },
    async (req) => removeSupportApp(ctx.db, { actor: who(req), meta: requestMeta(req) }),
  );

  app.post(
    '/api/v1/me/2fa',
    {
      schema: {
        tags,
        summary: 'Start two-factor sign-in: answers the secret and the otpauth:// URI for the QR code',
        body: currentPasswordBody,
        response: { 200: enrolment, ...E },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return enrolTwoFactor(ctx.db, { actor: who(req), currentPassword: req.body?.current_password, meta: requestMeta(req) });
    },
  );
  app.post(
    '/api/v1/me/2fa/confirm',
    {
      schema: {
        tags,
        summary: 'Turn two-factor sign-in on with a code from the app; answers the recovery codes (shown once)',
        body: z.object({ code: sixDigits }),
        response: { 200: enabled.extend({ recovery_codes: z.array(z.string()) }), ...E },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return confirmTwoFactor(ctx.db, { actor: who(req), code: req.body.code, meta: requestMeta(req) });
    },
  );
  app.delete(
    '/api/v1/me/2fa',
    {
      schema: {
        tags,
        summary: 'Turn two-factor sign-in off (needs a current code or a recovery code)',
        body: z.object({ code: secondFactor }),
        response: { 200: enabled, ...E },
      },
    },
    async (req) => disableTwoFactor(ctx.db, { actor: who(req), code: req.body.code, meta: requestMeta(req) }),
  );
  app.post(
    '/api/v1/me/2fa/recovery-codes',
    {
      schema: {
        tags,
        summary: 'New recovery codes (the old ones stop working; needs a current code)',
        body: z.object({ code: secondFactor }),
        response: { 200: recoveryCodes, ...E },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return regenerateRecoveryCodes(ctx.db, { actor: who(req), code: req.body.code, meta: requestMeta(req) });
    },
  );

  app.delete(
    '/api/v1/people/:id/2fa',
    {
      schema: {
        tags,
        summary: "Admin: turn off a person's two-factor sign-in and end their sessions",
        params: idParam,
        response: { 200: enabled, ...E },
      },
    },
    async (req) => resetTwoFactor(ctx.db, { actor: who(req), personId: req.params.id, meta: requestMeta(req) }),
  );
  app.delete(
    '/api/v1/people/:id/sessions',
    {
      schema: {
        tags,
        summary: 'Admin: sign a person out everywhere',
        params: idParam,
        response: { 200: z.looseObject({ person_id: id, revoked: z.number().int() }), ...E },
      },
    },
    async (req) => revokePersonSessions(ctx.db, { actor: who(req), personId: req.params.id, meta: requestMeta(req) }),
  );

  app.post(
    '/api/v1/tickets/:id/verify',
    {
      schema: {
        tags,
        summary: 'Verify the requester with the code they read out; 422 for a wrong code, 429 rate_limited after 5 wrong codes (15 min)',
        params: idParam,
        body: z.object({ code: sixDigits }),
        response: {
          200: z.looseObject({
            verified: z.boolean(),
            method: z.string(),
            verified_until: z.string(),
            verified_by: id.nullable(),
            verified_at: z.string(),
          }),
          ...E,
        },
      },
    },
    async (req) => verifyRequester(ctx.db, { actor: who(req), ticketId: req.params.id, code: req.body.code, meta: requestMeta(req) }),
  );
  app.get(
    '/api/v1/tickets/:id/verification',
    {
      schema: {
        tags,
        summary: 'Whether the requester must be and is verified on this ticket',
        params: idParam,
        response: {
          200: z.looseObject({
            ticket_id: id,
            requester_id: id,
            required: z.boolean(),
            verified: z.boolean(),
            verified_until: z.string().nullable(),
            verified_at: z.string().nullable(),
            verified_by: z.looseObject({ id, name: z.string().nullable() }).nullable(),
            method: z.string().nullable(),
            locked_until: z.string().nullable(),
          }),
          ...E,
        },
      },
    },
    async (req) => getVerificationStatus(ctx.db, { actor: who(req), ticketId: req.params.id }),
  );

  app.get(
    '/api/v1/audit-log',
    {
      schema: {
        tags,
        summary: 'Admin: the security audit log, newest first',
        querystring: z.object({ ...pageQuery, ...auditFilter }),
        response: { 200: page(auditEntry), ...E },
      },
    },
    async (req) => listAuditLog(ctx.db, { actor: who(req), filter: toFilter(req.query), cursor: req.query.cursor, limit: req.query.limit }),
  );
  app.get(
    '/api/v1/audit-log/export',
    {
      schema: {
        tags,
        summary: 'Admin: export the audit log as CSV or JSON Lines',
        querystring: z.object({ ...auditFilter, format: z.enum(['csv', 'jsonl']).default('csv') }),
        response: { 200: fileResponse('The audit log as a download', 'text/csv', 'application/x-ndjson'), ...E },
      },
    },
    async (req, reply) => {
      const stream = exportAuditLog(ctx.db, { actor: who(req), filter: toFilter(req.query), format: req.query.format });
      const type = req.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
      return reply.type(type).header('content-disposition', `attachment; filename="kefu-audit-log.${req.query.format}"`).send(stream);
    },
  );

  app.get(
    '/api/v1/security/settings',
    { schema: { tags, summary: 'Admin: security settings', response: { 200: securitySettingsOut, ...E } } },
    async (req) => getSecuritySettings(ctx.db, { actor: who(req) }),
  );
  app.patch(
    '/api/v1/security/settings',
    {
      schema: {
        tags,
        summary: 'Admin: change security settings',
        body: securitySettingsSchema.partial(),
        response: { 200: securitySettingsOut, ...E },
      },
    },
    async (req) => updateSecuritySettings(ctx.db, { actor: who(req), patch: req.body, meta: requestMeta(req) }),
  );
}
