import type { FastifyInstance, FastifyRequest } from 'fastify';
import { localizedError } from '../errors.ts';
import type { AppContext } from './context.ts';

/** The default bound: the embedded database runs one query at a time, PostgreSQL a pool of them. */
export const DEFAULT_MAX_PENDING = { pglite: 32, pg: 256 } as const;

/**
 * A bounded queue in front of the database (docs/operations.md): at most `KEFU_MAX_PENDING` API
 * requests are worked on at once per instance; one more answers 503 `service_unavailable` with
 * `Retry-After: 1` at once instead of waiting behind all the others (on the embedded database, 200
 * concurrent clients used to wait 12 s at p99, and requests went on after their clients had given up).
 * Liveness and readiness (no database), the live socket (long-lived) and the web app's files are
 * not counted. A request stops counting when its response ends or its connection closes.
 */
/** What the bound is doing now: read by the metrics (server/http/metrics.ts). */
export interface LoadStats {
  /** API requests being worked on (counted whether or not a bound is set). */
  inFlight(): number;
  /** Requests answered 503 at once because the bound was reached, since start. */
  shed(): number;
  /** The bound; 0 when there is none. */
  readonly max: number;
}

/**
 * An API request that works on the database: what the bound counts and what may be cancelled
 * (server/http/cancellation.ts). Liveness, readiness, the live socket and the web app's files are not.
 */
export function worksOnDatabase(req: FastifyRequest): boolean {
  const config = req.routeOptions.config as { noDb?: boolean; live?: boolean } | undefined;
  return !!req.routeOptions.url?.startsWith('/api/') && !config?.noDb && !config?.live;
}

export function installLoadShedding(app: FastifyInstance, ctx: AppContext): LoadStats {
  const max = ctx.config.maxPending ?? DEFAULT_MAX_PENDING[ctx.db.kind];
  let inFlight = 0;
  let shed = 0;
  app.addHook('onRequest', async (req, reply) => {
    if (!worksOnDatabase(req)) return;
    if (max && inFlight >= max) {
      shed++;
      reply.header('retry-after', '1');
      throw localizedError('service_unavailable', 'http.errors.busy');
    }
    inFlight++;
    let counted = true;
    reply.raw.once('close', () => {
      if (counted) inFlight--;
      counted = false;
    });
  });
  return { inFlight: () => inFlight, shed: () => shed, max };
}
