import type { Db } from '../../db/client.ts';
import { enqueue } from '../../jobs/queue.ts';
import { defineJob } from '../../jobs/registry.ts';
import { rollupRepository } from './rollupRepository.ts';

/** How often the pending deltas are folded: reports stay exact either way, this only bounds what they scan. */
export const FOLD_EVERY_MS = 30_000;

/** Folds the pending report deltas into the hourly roll-ups; null when another instance is folding. */
export const foldRollups = (db: Db) => db.tx((q) => rollupRepository.fold(q));

/** reports.fold: every 30 seconds (one pending copy across instances). */
export function registerReportJobs() {
  defineJob({
    name: 'reports.fold',
    async handler(_p, ctx) {
      const n = await foldRollups(ctx.db);
      if (n) ctx.log.info({ deltas: n }, 'report roll-ups folded');
      await enqueue(ctx.db, 'reports.fold', {}, { runAt: new Date(ctx.now().getTime() + FOLD_EVERY_MS), singletonKey: 'reports.fold' });
    },
  });
}
