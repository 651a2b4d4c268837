import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Principal } from '../modules/auth/principal.ts';

/** What every route handler gets: the database, the config and (after auth) who is asking. */
export interface AppContext {
  db: Db;
  config: Config;
  /** Bearer secret for the local operator (CLI); never leaves this machine. */
  localSecret: string;
  wakeWorker(): void;
  /** Set when the server is shutting down: readiness answers 503 while in-flight requests finish. */
  lifecycle?: { draining: boolean };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    public?: boolean;
    /** Answers without the database (liveness, readiness): no authentication, no settings refresh. */
    noDb?: boolean;
    /**
     * Agents and admins only, decided before the request is validated (a customer learns nothing
     * from a 400 about a query string): the i18n key of the 403's message.
     */
    staffOnly?: string;
  }
}

/** The signed-in principal; routes that are not public can rely on it. */
export function who(req: { principal: Principal | null }): Principal {
  return req.principal!;
}
