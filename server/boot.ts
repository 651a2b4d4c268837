import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FastifyInstance } from 'fastify';
import { mailIdentity, registerEmailJobs, startEmail } from './channels/email/index.ts';
import { registerWebhookJobs } from './modules/webhooks/webhookJobs.ts';
import type { Config } from './config.ts';
import { openDb, type Db } from './db/client.ts';
import { acquireLock } from './db/lock.ts';
import { migrate } from './db/migrate.ts';
import { buildApp } from './http/app.ts';
import { registerJobs } from './jobs/index.ts';
import { startWorker, type Worker } from './jobs/worker.ts';

export interface Kefu {
  app: FastifyInstance;
  db: Db;
  worker: Worker | null;
  localSecret: string;
  lock: ReturnType<typeof acquireLock> | null;
  /** The migrations this start applied (none when the database was up to date). */
  migrationsApplied: string[];
  stop(): Promise<void>;
}

/** A full garbage collection, where the runtime allows one to be asked for (Node's `gc`, exposed for this call). */
function collectGarbage() {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // Not available: the memory returns with the next collection instead.
  }
}

/** Opens the database (locking an embedded data dir), migrates, and builds the app. Does not listen. */
export async function bootKefu(
  config: Config,
  o: { logger?: boolean | object; worker?: boolean; db?: Db; lifecycle?: { draining: boolean } } = {},
): Promise<Kefu> {
  const lock = o.db || config.databaseUrl ? null : acquireLock(config.dataDir);
  let db: Db;
  let applied: string[];
  try {
    const open = () => openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sharedBuffers: config.pgliteSharedBuffers });
    db = o.db ?? (await open());
    applied = await migrate(db);
    // The embedded database's memory (WebAssembly) only grows: creating the database and running
    // migrations leave it at 800 MB and more. Reopened, it starts from what serving needs
    // (docs/operations.md, Memory). Only when this process opened it and migrations ran.
    if (!o.db && db.kind === 'pglite' && applied.length) {
      await db.close();
      db = await open();
      // The closed instance's memory returns when a full collection finds it unreferenced; an idle
      // server may not run one for minutes, so run it now, once.
      collectGarbage();
    }
  } catch (e) {
    lock?.release();
    throw e;
  }
  const localSecret = `kfl_${randomBytes(24).toString('base64url')}`;
  let worker: Worker | null = null;
  const app = await buildApp({ db, config, localSecret, wakeWorker: () => worker?.wake(), lifecycle: o.lifecycle }, { logger: o.logger });
  registerJobs({ embedded: db.kind === 'pglite' });
  registerEmailJobs();
  registerWebhookJobs({ allowPrivate: config.webhooks.allowPrivate, publicUrl: mailIdentity().publicUrl });
  let email: { stop(): Promise<void> } | null = null;
  if (o.worker ?? config.worker) {
    worker = startWorker(
      db,
      { now: () => new Date(), log: { info: (x, m) => app.log.info(x, m), error: (x, m) => app.log.error(x, m) } },
      { concurrency: db.kind === 'pg' ? 8 : 1 },
    );
    const { scheduleRecurring } = await import('./jobs/index.ts');
    await scheduleRecurring(db, { embedded: db.kind === 'pglite' });
    // Mail intake (SMTP on KEFU_SMTP_PORT, IMAP polls) runs where jobs run.
    email = await startEmail({ db, config, log: app.log, wake: () => worker?.wake() });
  }
  return {
    app,
    db,
    worker,
    localSecret,
    lock,
    migrationsApplied: applied,
    async stop() {
      await email?.stop();
      await app.close();
      await worker?.stop();
      await db.close();
      lock?.release();
    },
  };
}
