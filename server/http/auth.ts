import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, forbidden } from '../errors.ts';
import { normalizeLocale, t } from '../i18n/index.ts';
import { authenticate } from '../modules/auth/authenticate.ts';
import { isStaff, type Principal } from '../modules/auth/principal.ts';
import type { RequestMeta } from '../modules/security/audit.ts';
import { currentSecuritySettings, refreshSecuritySettings } from '../modules/security/securitySettings.ts';
import { refreshTicketFields } from '../modules/fields/ticketFieldCache.ts';
import { loadSlaConfig } from '../modules/sla/slaConfig.ts';
import { installTicketShield, redactTicketEvents, revealForViewer } from '../modules/security/ticketShield.ts';
import type { AppContext } from './context.ts';

export const SESSION_COOKIE = 'kefu_session';

/** The credentials of `Authorization: Bearer …`; the scheme's name is case-insensitive (RFC 9110 §11.1). */
export const bearerOf = (header: string | undefined): string | undefined => {
  const m = header ? /^bearer[ \t]+(\S+)\s*$/i.exec(header) : null;
  return m ? m[1] : undefined;
};

/** Where a request came from, for the audit log. */
export const requestMeta = (req: FastifyRequest): RequestMeta => ({
  ip: req.ip,
  userAgent: req.headers['user-agent'] ?? null,
  tokenId: req.principal?.tokenId ?? null,
});

/**
 * While `security.require_2fa_for_staff` is on, a session of an agent or admin without two-factor
 * sign-in can reach only these (to enrol or leave); everything else is 403 `two_factor_required`.
 * API tokens are not restricted (integrations cannot type codes; new ones can only be made from a
 * session, so after enrolment); revoke old ones at /api/v1/tokens.
 */
export const TWO_FACTOR_ENROLMENT_ROUTES = new Set([
  'GET /api/v1/me',
  'GET /api/v1/me/security',
  'POST /api/v1/me/2fa',
  'POST /api/v1/me/2fa/confirm',
  'POST /api/v1/auth/logout',
]);

/**
 * A person's own credentials and proofs of identity: reached with a signed-in session only, never with
 * an API token. A token proves what it was made for, calling the API as its owner; with these it could
 * make tokens that outlive it, turn on two-step sign-in and keep the recovery codes (locking the owner
 * out), read the support code that proves the owner's identity to an agent, or sign the owner out.
 */
export const SESSION_ONLY_ROUTES = new Set([
  'POST /api/v1/tokens',
  'GET /api/v1/me/support-code',
  'POST /api/v1/me/support-app',
  'POST /api/v1/me/support-app/confirm',
  'DELETE /api/v1/me/support-app',
  'POST /api/v1/me/2fa',
  'POST /api/v1/me/2fa/confirm',
  'DELETE /api/v1/me/2fa',
  'POST /api/v1/me/2fa/recovery-codes',
  'POST /api/v1/me/password',
  'GET /api/v1/me/sessions',
  'DELETE /api/v1/me/sessions/:id',
]);

/**
 * A customer must have verified their email address before these, whether signed in with a session
 * or with an API token they made (a token can do no more than the person who made it). Staff are not affected.
 */
export const VERIFIED_EMAIL_ROUTES = new Set(['POST /api/v1/tickets']);

function accountPolicy(req: FastifyRequest, p: Principal) {
  if (p.kind !== 'person') return;
  // A HEAD runs its GET's handler (Fastify's exposeHeadRoutes) and is judged as that GET.
  const route = `${req.method === 'HEAD' ? 'GET' : req.method} ${req.routeOptions.url}`;
  if (p.via === 'token' && SESSION_ONLY_ROUTES.has(route))
    throw new AppError('session_required', t(p.locale, 'security.session_required'), { sign_in: '/signin' });
  if (
    p.via === 'session' &&
    isStaff(p) &&
    !p.twoFactor &&
    !TWO_FACTOR_ENROLMENT_ROUTES.has(route) &&
    currentSecuritySettings().require_2fa_for_staff
  )
    throw new AppError('two_factor_required', t(p.locale, 'security.two_factor.required'), { enrol: '/api/v1/me/2fa' });
  if (p.role === 'customer' && !p.emailVerified && VERIFIED_EMAIL_ROUTES.has(route))
    throw new AppError('email_unverified', t(p.locale, 'security.email.unverified'), { resend: '/api/v1/auth/verify-email/resend' });
}

/**
 * Whether an `Accept-Language` names a language. `*` (any language; Node's fetch sends it) does not:
 * it leaves the signed-in person's own language in force instead of reading as English.
 */
const namesLanguage = (header: string | undefined): header is string => !!header && /^\s*[a-z]/i.test(header);

/** The language to answer in: the signed-in person's (as the request asks), else the request's `Accept-Language`. */
export const requestLocale = (req: FastifyRequest): string => req.principal?.locale ?? normalizeLocale(req.headers['accept-language']);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `host[:port]` without the scheme's default port, lower-cased; null when unparsable. */
function hostOf(origin: string): string | null {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.host.toLowerCase();
  } catch {
    return null;
  }
}
const bareHost = (host: string) => host.toLowerCase().replace(/:(80|443)$/, '');

/**
 * A state-changing request on a cookie session must come from the desk's own pages: its `Origin`
 * (or, when a browser sends none, its `Referer`) names `KEFU_PUBLIC_URL` or the host the request
 * was sent to. Browsers always send `Origin` on cross-site and same-origin POST/PATCH/DELETE
 * fetches, so only a forged request lacks it. Bearer tokens are not affected (no ambient authority).
 */
export function checkOrigin(req: FastifyRequest, publicUrl: string | undefined) {
  const p = req.principal;
  if (!p || p.via !== 'session' || SAFE_METHODS.has(req.method)) return;
  if (!fromOwnPages(req, publicUrl)) throw new AppError('bad_origin', t(p.locale, 'http.bad_origin'));
}

/**
 * The request's `Origin` (else `Referer`) names `KEFU_PUBLIC_URL` or the host it was sent to. Also
 * checked by the live-updates gateway for cookie-authenticated WebSocket upgrades (a GET, so
 * `checkOrigin` lets it by): browsers always send `Origin` there (cross-site WebSocket hijacking).
 */
export function fromOwnPages(req: FastifyRequest, publicUrl: string | undefined): boolean {
  const claimed = req.headers.origin ?? req.headers.referer;
  const from = typeof claimed === 'string' && claimed !== 'null' ? hostOf(claimed) : null;
  const allowed = new Set<string>();
  if (publicUrl) {
    const h = hostOf(publicUrl);
    if (h) allowed.add(bareHost(h));
  }
  if (req.headers.host) allowed.add(bareHost(req.headers.host));
  return !!from && allowed.has(bareHost(from));
}

/**
 * `?access_token=` is read only on routes marked `config: { live: true }` (the WebSocket endpoint:
 * browsers cannot set headers on an upgrade), and counts as a bearer token. Never logged: Fastify's
 * request logging stays off, and upgrades to other routes are refused before any handler runs
 * (server/channels/live/liveRoute.ts).
 */
function queryToken(req: FastifyRequest): string | undefined {
  if (req.routeOptions.config?.live !== true) return undefined;
  const v = (req.query as { access_token?: unknown } | undefined)?.access_token;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/**
 * Authorization is on by default: every route needs a principal unless it is marked `config: { public: true }`.
 * Access is decided from the *matched route* (`req.routeOptions`), never from the URL text: Fastify's
 * router decodes `/%61pi/...` to `/api/...`, so every spelling of a path meets the same checks. A
 * request that matches no route gets the 404 handler and nothing else.
 * Also here: the account policies above, the Origin check for cookie sessions, the sensitive-ticket
 * shield (fields withheld from staff until the requester is verified; see
 * modules/security/ticketShield.ts), and Retry-After on 429s.
 */
export function installAuth(app: FastifyInstance, ctx: AppContext) {
  installTicketShield();
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    // Liveness and readiness answer during a database outage: nothing here may touch the database.
    if (req.routeOptions.config?.noDb) return;
    const header = req.headers.authorization;
    const bearer = bearerOf(header) || queryToken(req);
    const sessionToken = req.cookies?.[SESSION_COOKIE];
    if (bearer || sessionToken) req.principal = await authenticate(ctx.db, { bearer, sessionToken, localSecret: ctx.localSecret });
    // Messages in the language the person is using now (the web app sends its UI language), not the profile's.
    const asked = req.headers['accept-language'];
    if (req.principal && namesLanguage(asked)) req.principal = { ...req.principal, locale: normalizeLocale(asked) };
    if (!req.routeOptions.url) return; // no route matched: the 404 handler answers
    await refreshSecuritySettings(ctx.db);
    await refreshTicketFields(ctx.db); // custom fields: sensitive keys for the shield, customer visibility for the presenter
    await loadSlaConfig(ctx.db); // calendars: whether a ticket's SLA clock is counting now (the presenter's sla_clock)
    checkOrigin(req, ctx.config.publicUrl);
    if (req.routeOptions.config?.public) return;
    if (!req.principal) {
      throw new AppError('unauthenticated', t(requestLocale(req), bearer ? 'http.bad_token' : 'http.unauthenticated'));
    }
    accountPolicy(req, req.principal);
    const staffOnly = req.routeOptions.config?.staffOnly;
    if (staffOnly && !isStaff(req.principal)) throw forbidden(t(req.principal.locale, staffOnly));
  });
  app.addHook('preSerialization', async (req, _reply, payload) => {
    if (req.routeOptions.url === '/api/v1/tickets/:id/events') {
      const id = Number((req.params as { id?: unknown }).id);
      if (Number.isSafeInteger(id)) await redactTicketEvents(ctx.db, req.principal, id, payload);
    }
    return revealForViewer(ctx.db, req.principal, payload);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    // Shutting down: answer this request, then close its connection (keep-alive clients reconnect elsewhere).
    if (ctx.lifecycle?.draining) reply.header('connection', 'close');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('application/json')) reply.header('x-content-type-options', 'nosniff');
    return payload;
  });
  app.addHook('onError', async (_req, reply, err) => {
    const details = (err as AppError).details as { retry_after_seconds?: unknown } | undefined;
    if (err instanceof AppError && err.code === 'rate_limited' && typeof details?.retry_after_seconds === 'number')
      reply.header('retry-after', String(details.retry_after_seconds));
  });
}
