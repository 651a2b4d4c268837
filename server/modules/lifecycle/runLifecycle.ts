import type { Db } from '../../db/client.ts';
import type { LifecycleRule } from '../../domain/tickets/events.ts';
import { lifecycleCutoffs } from '../../domain/tickets/lifecycle.ts';
import type { Status } from '../../domain/tickets/ticket.ts';
import { enqueue } from '../../jobs/queue.ts';
import { defineJob } from '../../jobs/registry.ts';
import { changeTicket, type LockedTicket, type TicketChange } from '../tickets/ticketPipeline.ts';
import { loadLifecycle } from './lifecycleSettings.ts';

const BATCH = 200;
const EVERY_MS = 5 * 60_000;

type Due = { id: number; at: Date };
type Rule = (cur: LockedTicket) => TicketChange<null>;
const NOTHING: TicketChange<null> = { events: [], result: null };

/**
 * Applies `rule` to each due ticket in batches (oldest first), each through the ticket pipeline in
 * its own transaction, with no actor. The rule re-checks under the ticket's lock.
 */
async function each(db: Db, find: (after: Due | null) => Promise<Due[]>, rule: Rule) {
  let after: Due | null = null;
  let n = 0;
  for (;;) {
    const rows = await find(after);
    for (const r of rows) {
      await db.tx((q) => changeTicket(q, { ticketId: r.id, actorId: null, apply: rule }));
      n++;
    }
    if (rows.length < BATCH) return n;
    after = rows[rows.length - 1];
  }
}

/** A rule that moves a ticket from one status to the next once its stamp is older than `before`. */
const statusRule =
  (o: { from: Status; to: Status; stamp: 'pending_since' | 'solved_at'; before: Date; rule: LifecycleRule; now: Date }): Rule =>
  (cur) => {
    const at = cur[o.stamp];
    if (cur.status !== o.from || !at || at >= o.before) return NOTHING;
    return {
      at: o.now,
      patch: { status: o.to },
      result: null,
      events: [{ type: 'ticket.updated', data: { changes: { status: [o.from, o.to] }, rule: o.rule } }],
    };
  };

/**
 * One pass of the lifecycle rules, each change through the ticket pipeline (actor: none, `rule`
 * named on the event): snoozes that ended reopen; pending tickets remind their customer once, then
 * are solved; solved tickets close. A rule re-checks its condition under the ticket's lock, so a
 * customer who answers at the last moment wins and two instances never act twice.
 */
export async function runLifecycle(db: Db, now: Date) {
  const s = await loadLifecycle(db);
  const cut = lifecycleCutoffs(s, now);
  const keyset = (col: string, where: string, limitTo: Date) => (after: Due | null) =>
    db.query<Due>(
      `select id, ${col} as at from tickets where ${where} and ${col} < $1 and ($2::timestamptz is null or (${col}, id) > ($2, $3)) order by ${col}, id limit $4`,
      [limitTo, after?.at ?? null, after?.id ?? 0, BATCH],
    );
  const out = { woken: 0, reminded: 0, solved: 0, closed: 0 };

  out.woken = await each(db, keyset('snoozed_until', 'snoozed_until is not null', now), (cur) => {
    const until = cur.snoozed_until;
    if (cur.status !== 'on_hold' || !until || until > now)
      return { ...NOTHING, patch: cur.status !== 'on_hold' ? { snoozed_until: null } : {} };
    return {
      at: now,
      patch: { status: 'open' },
      result: null,
      events: [
        {
          type: 'ticket.updated',
          data: { changes: { status: ['on_hold', 'open'], snoozed_until: [until.toISOString(), null] }, rule: 'snooze_ended' },
        },
      ],
    };
  });
  if (cut.remind) {
    const before = cut.remind;
    const days = s.pending_reminder_days!;
    out.reminded = await each(db, keyset('pending_since', `status = 'pending' and reminded_at is null`, before), (cur) => {
      const since = cur.pending_since;
      if (cur.status !== 'pending' || !since || cur.reminded_at || since >= before) return NOTHING;
      return {
        at: now,
        patch: { reminded_at: now },
        result: null,
        events: [{ type: 'ticket.reminded', data: { pending_since: since.toISOString(), after_days: days } }],
      };
    });
  }
  if (cut.solve) {
    const rule = statusRule({ from: 'pending', to: 'solved', stamp: 'pending_since', before: cut.solve, rule: 'pending_solve', now });
    out.solved = await each(db, keyset('pending_since', `status = 'pending'`, cut.solve), rule);
  }
  if (cut.close) {
    const rule = statusRule({ from: 'solved', to: 'closed', stamp: 'solved_at', before: cut.close, rule: 'auto_close', now });
    out.closed = await each(db, keyset('solved_at', `status = 'solved'`, cut.close), rule);
  }
  return out;
}

/** tickets.lifecycle: every five minutes, one pass (one pending copy across instances). */
export function registerLifecycleJobs() {
  defineJob({
    name: 'tickets.lifecycle',
    async handler(_p, ctx) {
      await runLifecycle(ctx.db, ctx.now());
      await enqueue(
        ctx.db,
        'tickets.lifecycle',
        {},
        { runAt: new Date(ctx.now().getTime() + EVERY_MS), singletonKey: 'tickets.lifecycle' },
      );
    },
  });
}
