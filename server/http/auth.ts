import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { t } from '../i18n/index.ts';
import { authenticate } from '../modules/auth/authenticate.ts';
import { isStaff, type Principal } from '../modules/auth/principal.ts';
import type { RequestMeta } from '../modules/security/audit.ts';
import { currentSecuritySettings, refreshSecuritySettings } from '../modules/security/securitySettings.ts';
import { installTicketShield, redactTicketEvents, revealForViewer } from '../modules/security/ticketShield.ts';
import type { AppContext } from './context.ts';

export const SESSION_COOKIE = 'kefu_session';

/** Where a request came from, for the audit log. */
export const requestMeta = (req: FastifyRequest): RequestMeta => ({ ip: req.ip, userAgent: req.headers['user-agent'] ?? null });

/**
 * While `security.require_2fa_for_staff` is on, a session of an agent or admin without two-factor
 * sign-in can reach only these (to enrol or leave); everything else is 403 `two_factor_required`.
 * API tokens are not restricted (integrations cannot type codes; new ones can only be made from a
 * session, so after enrolment); revoke old ones at /api/v1/tokens.
 */
export const TWO_FACTOR_ENROLMENT_ROUTES = new Set([
  'GET /api/v1/me', 'GET /api/v1/me/security', 'POST /api/v1/me/2fa', 'POST /api/v1/me/2fa/confirm', 'POST /api/v1/auth/logout',
]);

/** A customer signed in with a session must have verified their email address before these (API tokens and staff are not affected). */
export const VERIFIED_EMAIL_ROUTES = new Set(['POST /api/v1/tickets']);

function accountPolicy(req: FastifyRequest, p: Principal) {
  if (p.kind !== 'person') return;
  const route = `${req.method} ${req.routeOptions.url}`;
  if (p.via === 'session' && isStaff(p) && !p.twoFactor && !TWO_FACTOR_ENROLMENT_ROUTES.has(route) && currentSecuritySettings().require_2fa_for_staff)
    throw new AppError('two_factor_required', t(p.locale, 'security.two_factor.required'), { enrol: '/api/v1/me/2fa' });
  if (p.role === 'customer' && p.via === 'session' && !p.emailVerified && VERIFIED_EMAIL_ROUTES.has(route))
    throw new AppError('email_unverified', t(p.locale, 'security.email.unverified'), { resend: '/api/v1/auth/verify-email/resend' });
}

/**
 * Authorization is on by default: every route needs a principal unless it is marked `config: { public: true }`.
 * Also here: the account policies above, the sensitive-ticket shield (fields withheld from staff
 * until the requester is verified; see modules/security/ticketShield.ts), and Retry-After on 429s.
 */
export function installAuth(app: FastifyInstance, ctx: AppContext) {
  installTicketShield();
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const sessionToken = req.cookies?.[SESSION_COOKIE];
    if (bearer || sessionToken) req.principal = await authenticate(ctx.db, { bearer, sessionToken, localSecret: ctx.localSecret });
    if (!req.url.startsWith('/api/')) return;
    await refreshSecuritySettings(ctx.db);
    if (req.routeOptions.config?.public) return;
    if (!req.principal) {
      throw new AppError('unauthenticated', bearer ? 'The API token is not valid, expired or revoked' : 'Sign in first (POST /api/v1/auth/login) or send Authorization: Bearer <token>');
    }
    accountPolicy(req, req.principal);
  });
  app.addHook('preSerialization', async (req, _reply, payload) => {
    if (!req.url.startsWith('/api/')) return payload;
    if (req.routeOptions.url === '/api/v1/tickets/:id/events') {
      const id = Number((req.params as { id?: unknown }).id);
      if (Number.isSafeInteger(id)) await redactTicketEvents(ctx.db, req.principal, id, payload);
    }
    return revealForViewer(ctx.db, req.principal, payload);
  });
  app.addHook('onError', async (_req, reply, err) => {
    const details = (err as AppError).details as { retry_after_seconds?: unknown } | undefined;
    if (err instanceof AppError && err.code === 'rate_limited' && typeof details?.retry_after_seconds === 'number')
      reply.header('retry-after', String(details.retry_after_seconds));
  });
}
