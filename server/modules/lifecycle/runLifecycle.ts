import type { Db } from '../../db/client.ts';
import { lifecycleCutoffs } from '../../domain/tickets/lifecycle.ts';
import { enqueue } from '../../jobs/queue.ts';
import { defineJob } from '../../jobs/registry.ts';
import { changeTicket } from '../tickets/ticketPipeline.ts';
import { loadLifecycle } from './lifecycleSettings.ts';

const BATCH = 200;
const EVERY_MS = 5 * 60_000;

type Due = { id: number; at: Date };

/** Runs `step` on each due ticket in batches (oldest first), each in its own transaction. */
async function each(db: Db, find: (after: Due | null) => Promise<Due[]>, step: (id: number) => Promise<unknown>) {
  let after: Due | null = null;
  let n = 0;
  for (;;) {
    const rows = await find(after);
    for (const r of rows) {
      await step(r.id);
      n++;
    }
    if (rows.length < BATCH) return n;
    after = rows[rows.length - 1];
  }
}

/**
 * One pass of the lifecycle rules, each change through the ticket pipeline (actor: none, `rule`
 * named on the event): snoozes that ended reopen; pending tickets remind their customer once, then
 * are solved; solved tickets close. A rule re-checks its condition under the ticket's lock, so a
 * customer who answers at the last moment wins and two instances never act twice.
 */
export async function runLifecycle(db: Db, now: Date) {
  const s = await loadLifecycle(db);
  const cut = lifecycleCutoffs(s, now);
  const keyset = (col: string, where: string) => (limitTo: Date) => (after: Due | null) =>
    db.query<Due>(
      `select id, ${col} as at from tickets where ${where} and ${col} < $1 and ($2::timestamptz is null or (${col}, id) > ($2, $3)) order by ${col}, id limit $4`,
      [limitTo, after?.at ?? null, after?.id ?? 0, BATCH],
    );
  const out = { woken: 0, reminded: 0, solved: 0, closed: 0 };

  out.woken = await each(db, keyset('snoozed_until', 'snoozed_until is not null')(now), (id) =>
    db.tx((q) =>
      changeTicket(q, {
        ticketId: id,
        actorId: null,
        apply: (cur) => {
          const until = cur.snoozed_until;
          if (cur.status !== 'on_hold' || !until || until > now)
            return { events: [], result: null, patch: cur.status !== 'on_hold' ? { snoozed_until: null } : {} };
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
        },
      }),
    ),
  );
  if (cut.remind) {
    const days = s.pending_reminder_days!;
    out.reminded = await each(db, keyset('pending_since', `status = 'pending' and reminded_at is null`)(cut.remind), (id) =>
      db.tx((q) =>
        changeTicket(q, {
          ticketId: id,
          actorId: null,
          apply: (cur) => {
            const since = cur.pending_since;
            const reminded = cur.reminded_at;
            if (cur.status !== 'pending' || !since || reminded || since >= cut.remind!) return { events: [], result: null };
            return {
              at: now,
              patch: { reminded_at: now },
              result: null,
              events: [{ type: 'ticket.reminded', data: { pending_since: since.toISOString(), after_days: days } }],
            };
          },
        }),
      ),
    );
  }
  if (cut.solve) {
    out.solved = await each(db, keyset('pending_since', `status = 'pending'`)(cut.solve), (id) =>
      db.tx((q) =>
        changeTicket(q, {
          ticketId: id,
          actorId: null,
          apply: (cur) => {
            const since = cur.pending_since;
            if (cur.status !== 'pending' || !since || since >= cut.solve!) return { events: [], result: null };
            return {
              at: now,
              patch: { status: 'solved' },
              result: null,
              events: [{ type: 'ticket.updated', data: { changes: { status: ['pending', 'solved'] }, rule: 'pending_solve' } }],
            };
          },
        }),
      ),
    );
  }
  if (cut.close) {
    out.closed = await each(db, keyset('solved_at', `status = 'solved'`)(cut.close), (id) =>
      db.tx((q) =>
        changeTicket(q, {
          ticketId: id,
          actorId: null,
          apply: (cur) => {
            const solvedAt = cur.solved_at;
            if (cur.status !== 'solved' || !solvedAt || solvedAt >= cut.close!) return { events: [], result: null };
            return {
              at: now,
              patch: { status: 'closed' },
              result: null,
              events: [{ type: 'ticket.updated', data: { changes: { status: ['solved', 'closed'] }, rule: 'auto_close' } }],
            };
          },
        }),
      ),
    );
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
