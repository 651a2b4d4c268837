import type { Db } from '../db/client.ts';
import { enqueue } from './queue.ts';
import { analyzeChangedTables, needsOwnAnalyze } from '../db/analyze.ts';
import { registerSlaJobs } from '../modules/sla/slaJobs.ts';
import { registerLifecycleJobs } from '../modules/lifecycle/runLifecycle.ts';
import { registerNotificationJobs } from '../modules/notifications/notificationJobs.ts';
import { mailIdentity } from '../channels/email/index.ts';
import { defineJob } from './registry.ts';
import { registerStatusJobs } from '../modules/status/statusJobs.ts';
import { registerReportJobs } from '../modules/reports/foldRollups.ts';
import { registerPeopleJobs } from '../modules/people/releaseTickets.ts';
import { registerSearchReindexJob } from '../modules/tickets/searchReindex.ts';
import { idempotencyRepository } from '../modules/tickets/idempotencyRepository.ts';

const HOUR = 3600_000;
/** How often `db.analyze` looks for tables whose statistics are out of date (server/db/analyze.ts). */
const ANALYZE_EVERY_MS = 10_000;

/** Every job Kefu runs, declared once at boot. */
export function registerJobs(o: { embedded: boolean }) {
  registerSlaJobs();
  registerLifecycleJobs();
  registerNotificationJobs(() => mailIdentity());
  registerStatusJobs(() => mailIdentity());
  registerReportJobs();
  registerPeopleJobs();
  registerSearchReindexJob();
  if (o.embedded) {
    // PGlite runs no autovacuum: keep statistics and free space in order ourselves.
    defineJob({
      name: 'db.vacuum',
      async handler(_p, ctx) {
        await ctx.db.query('vacuum analyze');
        await enqueue(ctx.db, 'db.vacuum', {}, { runAt: new Date(Date.now() + 6 * HOUR), singletonKey: 'db.vacuum' });
      },
    });
  }
  defineJob({
    name: 'db.analyze',
    async handler(_p, ctx) {
      const analyzed = await analyzeChangedTables(ctx.db);
      if (analyzed.length) ctx.log.info({ tables: analyzed }, 'tables analyzed');
      // A PostgreSQL whose autovacuum was turned back on needs this no more.
      if (await needsOwnAnalyze(ctx.db, ctx.db.kind))
        await enqueue(ctx.db, 'db.analyze', {}, { runAt: new Date(Date.now() + ANALYZE_EVERY_MS), singletonKey: 'db.analyze' });
    },
  });
  defineJob({
    name: 'jobs.cleanup',
    async handler(_p, ctx) {
      await ctx.db.query(`delete from jobs where status = 'done' and finished_at < now() - interval '7 days'`);
      // Expired Idempotency-Keys: reads already ignore them after 24 h; this frees the rows.
      await idempotencyRepository.prune(ctx.db);
      await enqueue(ctx.db, 'jobs.cleanup', {}, { runAt: new Date(Date.now() + 24 * HOUR), singletonKey: 'jobs.cleanup' });
    },
  });
}

/** Recurring tasks are jobs that re-enqueue themselves; the singleton key keeps one pending copy across instances. */
export async function scheduleRecurring(db: Db, o: { embedded: boolean }) {
  if (o.embedded) await enqueue(db, 'db.vacuum', {}, { runAt: new Date(Date.now() + HOUR), singletonKey: 'db.vacuum' });
  if (await needsOwnAnalyze(db, db.kind))
    await enqueue(db, 'db.analyze', {}, { runAt: new Date(Date.now() + ANALYZE_EVERY_MS), singletonKey: 'db.analyze' });
  await enqueue(db, 'jobs.cleanup', {}, { runAt: new Date(Date.now() + HOUR), singletonKey: 'jobs.cleanup' });
  await enqueue(db, 'sla.escalate', {}, { singletonKey: 'sla.escalate' });
  await enqueue(db, 'tickets.lifecycle', {}, { singletonKey: 'tickets.lifecycle' });
  await enqueue(db, 'reports.fold', {}, { singletonKey: 'reports.fold' });
  await enqueue(db, 'notifications.prune', {}, { runAt: new Date(Date.now() + HOUR), singletonKey: 'notifications.prune' });
}
