import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mailIdentity, sendVerificationEmail } from '../../channels/email/index.ts';
import { localizedError } from '../../errors.ts';
import { LOCALES } from '../../i18n/index.ts';
import { changePassword } from '../../modules/auth/changePassword.ts';
import { login } from '../../modules/auth/login.ts';
import { logout } from '../../modules/auth/logout.ts';
import { resendEmailVerification } from '../../modules/auth/resendEmailVerification.ts';
import { listMySessions, revokeMySession } from '../../modules/auth/sessions.ts';
import { setPasswordWithToken } from '../../modules/auth/setPasswordWithToken.ts';
import { completeSetup, hasAdmin } from '../../modules/auth/setup.ts';
import { signup } from '../../modules/auth/signup.ts';
import { verifyEmail } from '../../modules/auth/verifyEmail.ts';
import { getPerson } from '../../modules/people/getPerson.ts';
import { currentSecuritySettings } from '../../modules/security/securitySettings.ts';
import { requestLocale, requestMeta, SESSION_COOKIE } from '../auth.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, list, me, okResponse, person, session, timestamp } from '../responseSchemas.ts';
import { email, idParam } from '../schemas.ts';

const password = z.string().min(1).max(256);
const verificationSent = z.looseObject({ status: z.literal('verification_sent') });
const E = { '4xx': errorResponse };

export function authRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  // The email area mails the link (one-time token 'email_verify', <public url>/verify-email?token=…).
  const sendVerification = async (personId: number, to: string) => {
    await sendVerificationEmail(ctx.db, { personId, email: to, identity: mailIdentity() });
    ctx.wakeWorker();
  };
  const cookie = (token: string, expires: Date) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.publicUrl?.startsWith('https:') ?? false,
    expires,
    value: token,
  });

  // Throttled in the database per account and per IP address (modules/auth/login.ts), not per instance.
  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary:
          'Sign in; sets the session cookie. With two-factor on, send `otp` (a code from the app or a recovery code): 401 otp_required without it, 401 invalid_otp when wrong; 429 when throttled',
        body: z.object({ email, password, otp: z.string().trim().max(40).optional() }),
        response: {
          200: z.looseObject({
            person,
            expires_at: timestamp,
            two_factor: z.looseObject({ enabled: z.boolean(), required: z.boolean(), enrolment_needed: z.boolean() }),
          }),
          ...E,
        },
      },
    },
    async (req, reply) => {
      const r = await login(ctx.db, {
        email: req.body.email,
        password: req.body.password,
        otp: req.body.otp || undefined,
        meta: requestMeta(req),
        sessionDays: ctx.config.sessionDays,
        locale: requestLocale(req),
      });
      const c = cookie(r.token, r.expiresAt);
      reply.setCookie(SESSION_COOKIE, c.value, c);
      const required = r.person.role !== 'customer' && currentSecuritySettings().require_2fa_for_staff;
      return {
        person: r.person,
        expires_at: r.expiresAt,
        two_factor: { enabled: r.twoFactor, required, enrolment_needed: required && !r.twoFactor },
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'Sign out: ends this session', response: { 200: okResponse, ...E } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await logout(ctx.db, { sessionToken: token, meta: requestMeta(req) });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get('/api/v1/me', { schema: { tags: ['auth'], summary: 'The signed-in person', response: { 200: me, ...E } } }, async (req) => {
    const p = who(req);
    if (p.personId == null) return { id: null, name: 'Local operator', role: 'admin', system: true };
    return getPerson(ctx.db, { actor: p, id: p.personId });
  });

  app.get(
    '/api/v1/auth/setup',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Whether Kefu still needs its first admin: the setup page says "already set up" instead of showing its form',
        response: { 200: z.looseObject({ needed: z.boolean() }), ...E },
      },
    },
    async () => ({ needed: !(await hasAdmin(ctx.db)) }),
  );

  app.post(
    '/api/v1/auth/setup',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Create the first admin with the one-time setup link',
        body: z.object({
          token: z.string().min(1),
          name: z.string().trim().min(1).max(200),
          email,
          password: z.string().max(256),
          locale: z.enum(['en', 'zh-CN']).optional().describe("The first admin's language (the setup page sends its own); default en"),
        }),
        response: { 201: z.looseObject({ person }), ...E },
      },
    },
    async (req, reply) => {
      const person = await completeSetup(ctx.db, { ...req.body, meta: requestMeta(req) });
      return reply.code(201).send({ person });
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary:
          'Set a password with an invitation or reset link. An accepted invitation also signs its person in (sets the session cookie, `signed_in: true`) unless they have two-factor sign-in; a reset link never does',
        body: z.object({ token: z.string().min(1), password: z.string().max(256) }),
        response: { 200: z.looseObject({ ok: z.boolean(), signed_in: z.boolean(), person: person.nullable() }), ...E },
      },
    },
    async (req, reply) => {
      const r = await setPasswordWithToken(ctx.db, { ...req.body, meta: requestMeta(req), sessionDays: ctx.config.sessionDays });
      if (!r) throw localizedError('invalid_request', 'http.errors.link_invalid', { field: 'token' });
      if (!r.session) return { ok: true, signed_in: false, person: null };
      const c = cookie(r.session.token, r.session.expiresAt);
      reply.setCookie(SESSION_COOKIE, c.value, c);
      return { ok: true, signed_in: true, person: r.session.person };
    },
  );

  app.post(
    '/api/v1/auth/signup',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Customer self sign-up: sends an email verification link (the same answer whether or not the address has an account)',
        body: z.object({
          name: z.string().trim().min(1).max(200),
          email,
          password: z.string().max(256),
          locale: z.enum(LOCALES).optional(),
        }),
        response: { 202: verificationSent, ...E },
      },
    },
    async (req, reply) => reply.code(202).send(await signup(ctx.db, { input: req.body, sendVerification, meta: requestMeta(req) })),
  );

  app.post(
    '/api/v1/auth/verify-email',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Verify an email address with the link from the verification mail',
        body: z.object({ token: z.string().min(1).max(200) }),
        response: { 200: okResponse, ...E },
      },
    },
    async (req) => {
      const r = await verifyEmail(ctx.db, { token: req.body.token, meta: requestMeta(req) });
      if (!r.ok) throw localizedError('invalid_request', 'http.errors.link_invalid', { field: 'token' });
      return { ok: true };
    },
  );

  app.post(
    '/api/v1/auth/verify-email/resend',
    {
      config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Send the verification link for your primary email address again',
        response: { 202: verificationSent, ...E },
      },
    },
    async (req, reply) => reply.code(202).send(await resendEmailVerification(ctx.db, { actor: who(req), sendVerification })),
  );

  app.post(
    '/api/v1/me/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your password (your other sessions and all your API tokens end)',
        body: z.object({ current_password: password, new_password: z.string().max(256) }),
        response: { 200: z.looseObject({ ok: z.boolean(), sessions_revoked: z.number().int(), tokens_revoked: z.number().int() }), ...E },
      },
    },
    async (req) =>
      changePassword(ctx.db, {
        actor: who(req),
        currentPassword: req.body.current_password,
        newPassword: req.body.new_password,
        meta: requestMeta(req),
      }),
  );

  app.get(
    '/api/v1/me/sessions',
    { schema: { tags: ['auth'], summary: 'Your open sessions (signed-in browsers)', response: { 200: list(session), ...E } } },
    async (req) => listMySessions(ctx.db, { actor: who(req) }),
  );

  app.delete(
    '/api/v1/me/sessions/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign one of your sessions out',
        params: idParam,
        response: { 200: z.looseObject({ id: z.number().int(), revoked: z.boolean() }), ...E },
      },
    },
    async (req) => revokeMySession(ctx.db, { actor: who(req), id: req.params.id, meta: requestMeta(req) }),
  );
}
