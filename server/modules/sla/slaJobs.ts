import { enqueue } from '../../jobs/queue.ts';
import { defineJob } from '../../jobs/registry.ts';
import { UNSOLVED } from '../../domain/tickets/ticket.ts';
import { recordEscalations } from './escalationCounts.ts';
import { recomputeTicketSla } from './recomputeTicketSla.ts';
import { slaRepository } from './slaRepository.ts';

const BATCH = 200;

/**
 * sla.escalate: every minute, tickets whose next check is due get their clocks recomputed; warnings
 * (15 min before a breach by default, setting `sla.warning_minutes`) and breaches become ticket events.
 * sla.recompute: walks unsolved tickets in id order and re-applies the current policies.
 */
export function registerSlaJobs() {
  defineJob({
    name: 'sla.escalate',
    async handler(_p, ctx) {
      for (;;) {
        const now = ctx.now();
        const due = await slaRepository.dueForCheck(ctx.db, BATCH, now);
        for (const { id } of due) recordEscalations(await ctx.db.tx((q) => recomputeTicketSla(q, { ticketId: id, now })));
        if (due.length < BATCH) break;
      }
      await enqueue(ctx.db, 'sla.escalate', {}, { runAt: new Date(ctx.now().getTime() + 60_000), singletonKey: 'sla.escalate' });
    },
  });
  defineJob({
    name: 'sla.recompute_org',
    async handler(p, ctx) {
      const org = Number(p.organization_id);
      let after = 0;
      for (;;) {
        const rows = await ctx.db.query<{ id: number }>(
          `update tickets t set plan_id = o.plan_id, plan_rank = coalesce(pl.rank, 1000)
             from organizations o left join plans pl on pl.id = o.plan_id
            where o.id = $1 and t.organization_id = o.id and t.id in (select id from tickets where organization_id = $1 and id > $2 and status = any($3::text[]) order by id limit $4)
            returning t.id`,
          [org, after, UNSOLVED, BATCH],
        );
        for (const { id } of rows) await ctx.db.tx((q) => recomputeTicketSla(q, { ticketId: id, now: ctx.now(), reselect: true }));
        if (rows.length < BATCH) return;
        after = Math.max(...rows.map((r) => r.id));
      }
    },
  });
  defineJob({
    name: 'sla.recompute',
    async handler(p, ctx) {
      let after = Number(p.after_id ?? 0);
      for (;;) {
        const rows = await ctx.db.query<{ id: number }>(
          `select id from tickets where id > $1 and status = any($2::text[]) order by id limit $3`,
          [after, UNSOLVED, BATCH],
        );
        for (const { id } of rows) await ctx.db.tx((q) => recomputeTicketSla(q, { ticketId: id, now: ctx.now(), reselect: true }));
        if (rows.length < BATCH) return;
        after = rows[rows.length - 1].id;
      }
    },
  });
}
