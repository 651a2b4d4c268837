import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { t } from '../i18n/index.ts';
import { fromRoot } from '../paths.ts';
import { requestLocale } from './auth.ts';

const DEFAULT_ROOT = fromRoot('web', 'dist');

/** Hashed build output never changes under its name; everything else is checked on each visit. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const HTML_HEADERS = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};

/**
 * Serves the web app (web/dist, built by scripts/build-web.mjs) at `/`: files as they are, hashed
 * assets with a year-long cache, and index.html for any other path outside /api so the SPA's own
 * routes (/requests/12, /invite?token=…) load on a refresh or from an emailed link.
 * Returns false, serving nothing, when there is no build.
 */
export async function serveWeb(app: FastifyInstance, o: { root?: string } = {}): Promise<boolean> {
  const root = o.root ?? DEFAULT_ROOT;
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    let path: string;
    try {
      path = decodeURIComponent(req.url.split('?')[0]);
    } catch {
      path = '/';
    }
    if (path === '/api' || path.startsWith('/api/')) {
      return reply
        .code(404)
        .send({ error: { code: 'not_found', message: t(requestLocale(req), 'http.no_route', { method: req.method, path }) } });
    }
    const file = resolve(root, `.${path}`);
    const inside = file.startsWith(root + sep);
    if (inside && !path.endsWith('/') && isFile(file)) {
      const rel = file.slice(root.length + 1);
      if (rel.startsWith(`assets${sep}`)) return reply.header('cache-control', IMMUTABLE).sendFile(rel, { cacheControl: false });
      if (rel === 'index.html') return reply.headers(HTML_HEADERS).sendFile('index.html', { cacheControl: false });
      return reply.sendFile(rel, { maxAge: 3_600_000 });
    }
    // A missing hashed asset is a real 404 (an old tab after a deploy), not the app.
    if (path.startsWith('/assets/'))
      return reply.code(404).send({ error: { code: 'not_found', message: t(requestLocale(req), 'http.errors.no_file', { path }) } });
    return reply.headers(HTML_HEADERS).sendFile('index.html', { cacheControl: false });
  });
  return true;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
