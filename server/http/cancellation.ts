import type { FastifyInstance } from 'fastify';
import { runCancellable } from '../db/cancellation.ts';

/**
 * API requests run in a cancellable scope (server/db/cancellation.ts): one whose client has left by
 * the time its first statement gets the database is dropped there, unworked. Liveness, readiness,
 * the live socket and the web app's files need no database and are left alone.
 */
export function installCancellation(app: FastifyInstance) {
  app.addHook('onRequest', (req, reply, done) => {
    const config = req.routeOptions.config as { noDb?: boolean; live?: boolean } | undefined;
    if (!req.routeOptions.url?.startsWith('/api/') || config?.noDb || config?.live) return done();
    let gone = false;
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) gone = true;
    });
    runCancellable(() => gone, done);
  });
}
