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
import { idParam, isoDateTime, pageQuery } from '../schemas.ts';

/** Six digits as read out or typed; spaces are ignored ("123 456"). */
const sixDigits = z.string().max(20).transform((s) => s.replace(/\s/g, '')).pipe(z.string().regex(/^\d{6}$/, 'must be the 6-digit code'));
/** A code from the authenticator app, or a recovery code. */
const secondFactor = z.string().trim().min(6).max(40);
const auditFilter = {
  person_id: z.coerce.number().int().positive().optional(),
  type: z.string().max(500).optional().transform((s) => s?.split(',').map((x) => x.trim()).filter(Boolean)),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
};
const toFilter = (q: { person_id?: number; type?: string[]; from?: string; to?: string }) =>
  ({ personId: q.person_id, types: q.type, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });

/** Account security: support codes, requester verification, two-factor sign-in, sessions, the audit log. */
export async function securityRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  await keyring(ctx.db); // fail at boot, naming KEFU_SECRET_KEY, when the key is unusable
  const tags = ['security'];

  app.get('/api/v1/me/security', { schema: { tags, summary: 'Your account security: email verified, two-factor, authenticator app' } },
    async (req) => getSecurityOverview(ctx.db, { actor: who(req) }));

  app.get('/api/v1/me/support-code', { schema: { tags, summary: 'Your current 6-digit support code (changes every 30 s) to read out to an agent' } },
    async (req, reply) => { reply.header('cache-control', 'no-store'); return getSupportCode(ctx.db, { actor: who(req) }); });

  app.post('/api/v1/me/support-app', { schema: { tags, summary: 'Enrol your own authenticator app for support verification: answers the secret and the otpauth:// URI for the QR code' } },
    async (req, reply) => { reply.header('cache-control', 'no-store'); return enrolSupportApp(ctx.db, { actor: who(req), meta: requestMeta(req) }); });
  app.post('/api/v1/me/support-app/confirm', { schema: { tags, summary: 'Confirm the authenticator app with a code it shows', body: z.object({ code: sixDigits }) } },
    async (req) => confirmSupportApp(ctx.db, { actor: who(req), code: req.body.code, meta: requestMeta(req) }));
  app.delete('/api/v1/me/support-app', { schema: { tags, summary: 'Stop using the authenticator app for support verification' } },
    async (req) => removeSupportApp(ctx.db, { actor: who(req), meta: requestMeta(req) }));

  app.post('/api/v1/me/2fa', { schema: { tags, summary: 'Start two-factor sign-in: answers the secret and the otpauth:// URI for the QR code' } },
    async (req, reply) => { reply.header('cache-control', 'no-store'); return enrolTwoFactor(ctx.db, { actor: who(req), meta: requestMeta(req) }); });
  app.post('/api/v1/me/2fa/confirm', { schema: { tags, summary: 'Turn two-factor sign-in on with a code from the app; answers the recovery codes (shown once)', body: z.object({ code: sixDigits }) } },
    async (req, reply) => { reply.header('cache-control', 'no-store'); return confirmTwoFactor(ctx.db, { actor: who(req), code: req.body.code, meta: requestMeta(req) }); });
  app.delete('/api/v1/me/2fa', { schema: { tags, summary: 'Turn two-factor sign-in off (needs a current code or a recovery code)', body: z.object({ code: secondFactor }) } },
    async (req) => disableTwoFactor(ctx.db, { actor: who(req), code: req.body.code, meta: requestMeta(req) }));
  app.post('/api/v1/me/2fa/recovery-codes', { schema: { tags, summary: 'New recovery codes (the old ones stop working; needs a current code)', body: z.object({ code: secondFactor }) } },
    async (req, reply) => { reply.header('cache-control', 'no-store'); return regenerateRecoveryCodes(ctx.db, { actor: who(req), code: req.body.code, meta: requestMeta(req) }); });

  app.delete('/api/v1/people/:id/2fa', { schema: { tags, summary: 'Admin: turn off a person\'s two-factor sign-in and end their sessions', params: idParam } },
    async (req) => resetTwoFactor(ctx.db, { actor: who(req), personId: req.params.id, meta: requestMeta(req) }));
  app.delete('/api/v1/people/:id/sessions', { schema: { tags, summary: 'Admin: sign a person out everywhere', params: idParam } },
    async (req) => revokePersonSessions(ctx.db, { actor: who(req), personId: req.params.id, meta: requestMeta(req) }));

  app.post('/api/v1/tickets/:id/verify', {
    schema: { tags, summary: 'Verify the requester with the code they read out; 422 for a wrong code, 429 rate_limited after 5 wrong codes (15 min)', params: idParam, body: z.object({ code: sixDigits }) },
  }, async (req) => verifyRequester(ctx.db, { actor: who(req), ticketId: req.params.id, code: req.body.code, meta: requestMeta(req) }));
  app.get('/api/v1/tickets/:id/verification', { schema: { tags, summary: 'Whether the requester must be and is verified on this ticket', params: idParam } },
    async (req) => getVerificationStatus(ctx.db, { actor: who(req), ticketId: req.params.id }));

  app.get('/api/v1/audit-log', { schema: { tags, summary: 'Admin: the security audit log, newest first', querystring: z.object({ ...pageQuery, ...auditFilter }) } },
    async (req) => listAuditLog(ctx.db, { actor: who(req), filter: toFilter(req.query), cursor: req.query.cursor, limit: req.query.limit }));
  app.get('/api/v1/audit-log/export', { schema: { tags, summary: 'Admin: export the audit log as CSV or JSON Lines', querystring: z.object({ ...auditFilter, format: z.enum(['csv', 'jsonl']).default('csv') }) } },
    async (req, reply) => {
      const stream = exportAuditLog(ctx.db, { actor: who(req), filter: toFilter(req.query), format: req.query.format });
      const type = req.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
      return reply.type(type).header('content-disposition', `attachment; filename="kefu-audit-log.${req.query.format}"`).send(stream);
    });

  app.get('/api/v1/security/settings', { schema: { tags, summary: 'Admin: security settings' } }, async (req) => getSecuritySettings(ctx.db, { actor: who(req) }));
  app.patch('/api/v1/security/settings', { schema: { tags, summary: 'Admin: change security settings', body: securitySettingsSchema.partial() } },
    async (req) => updateSecuritySettings(ctx.db, { actor: who(req), patch: req.body, meta: requestMeta(req) }));
}
