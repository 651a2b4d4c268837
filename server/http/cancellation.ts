import type { FastifyInstance } from 'fastify';
import { runCancellable } from '../db/cancellation.ts';
import { worksOnDatabase } from './loadShedding.ts';

/**
 * API requests run in a cancellable scope (server/db/cancellation.ts): one whose client has left by
 * the time its first statement gets the database is dropped there, unworked. Liveness, readiness,
 * the live socket and the web app's files need no database and are left alone.
 */
export function installCancellation(app: FastifyInstance) {
  app.addHook('onRequest', (req, reply, done) => {
    if (!worksOnDatabase(req)) return done();
    let gone = false;
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) gone = true;
    });
    runCancellable(() => gone, done);
  });
}
