import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { login } from '../../modules/auth/login.ts';
import { logout } from '../../modules/auth/logout.ts';
import { setPasswordWithToken } from '../../modules/auth/setPasswordWithToken.ts';
import { completeSetup } from '../../modules/auth/setup.ts';
import { getPerson } from '../../modules/people/getPerson.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { who, type AppContext } from '../context.ts';
import { email } from '../schemas.ts';

export function authRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cookie = (token: string, expires: Date) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.publicUrl?.startsWith('https:') ?? false, expires, value: token });

  app.post('/api/v1/auth/login', {
    config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { tags: ['auth'], summary: 'Sign in; sets the session cookie', body: z.object({ email, password: z.string().min(1).max(256), otp: z.string().max(20).optional() }) },
  }, async (req, reply) => {
    const r = await login(ctx.db, { email: req.body.email, password: req.body.password, ip: req.ip, userAgent: req.headers['user-agent'], sessionDays: ctx.config.sessionDays });
    const c = cookie(r.token, r.expiresAt);
    reply.setCookie(SESSION_COOKIE, c.value, c);
    return { person: r.person, expires_at: r.expiresAt };
  });

  app.post('/api/v1/auth/logout', { config: { public: true }, schema: { tags: ['auth'], summary: 'Sign out: ends this session' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(ctx.db, { sessionToken: token });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/v1/me', { schema: { tags: ['auth'], summary: 'The signed-in person' } }, async (req) => {
    const p = who(req);
    if (p.personId == null) return { id: null, name: 'Local operator', role: 'admin', system: true };
    return getPerson(ctx.db, { actor: p, id: p.personId });
  });

  app.post('/api/v1/auth/setup', {
    config: { public: true },
    schema: { tags: ['auth'], summary: 'Create the first admin with the one-time setup link', body: z.object({ token: z.string().min(1), name: z.string().trim().min(1).max(200), email, password: z.string().max(256) }) },
  }, async (req, reply) => {
    const person = await completeSetup(ctx.db, req.body);
    return reply.code(201).send({ person });
  });

  app.post('/api/v1/auth/password', {
    config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { tags: ['auth'], summary: 'Set a password with an invitation or reset link', body: z.object({ token: z.string().min(1), password: z.string().max(256) }) },
  }, async (req) => {
    const id = await setPasswordWithToken(ctx.db, req.body);
    if (!id) throw new AppError('invalid_request', 'This link is invalid, expired or already used');
    return { ok: true };
  });
}
