import { enqueue } from '../../jobs/queue.ts';
import type { MailIdentity } from '../email/queueEmail.ts';
import { defineJob } from '../../jobs/registry.ts';
import { STATUS_JOBS } from './postStatusUpdate.ts';
import { replyToLinkedTicket } from './replyToLinkedTicket.ts';
import { statusRepository } from './statusRepository.ts';
import { statusSubscriptions } from './statusSubscriptions.ts';

/** Linked tickets per fan-out job: one statement enqueues their reply jobs. */
export const FANOUT_BATCH = 200;

/**
 * Resolving a status incident: `status.incident_fanout` walks the linked tickets in id order
 * (keyset), enqueuing one `status.incident_reply` per ticket and the next fan-out in the same
 * transaction; each reply job answers one ticket exactly once (docs/status.md).
 */
export function registerStatusJobs(identity: () => MailIdentity) {
  defineJob({
    name: STATUS_JOBS.fanout,
    async handler(p, ctx) {
      const o = {
        incidentId: Number(p.incident_id),
        updateId: Number(p.update_id),
        after: Number(p.after ?? 0),
        solve: p.solve === true,
        actorId: p.actor_id == null ? null : Number(p.actor_id),
        batch: Math.max(1, Math.min(FANOUT_BATCH, Number(p.batch ?? FANOUT_BATCH) || FANOUT_BATCH)),
      };
      await ctx.db.tx(async (q) => {
        const r = await statusRepository.enqueueReplies(q, { ...o, limit: o.batch });
        if (r.n === o.batch && r.last != null)
          await enqueue(
            q,
            STATUS_JOBS.fanout,
            { incident_id: o.incidentId, update_id: o.updateId, after: r.last, solve: o.solve, actor_id: o.actorId, batch: o.batch },
            { singletonKey: `status.fanout:${o.updateId}:${r.last}` },
          );
      });
    },
  });
  defineJob({
    name: STATUS_JOBS.reply,
    async handler(p, ctx) {
      await replyToLinkedTicket(ctx.db, {
        updateId: Number(p.update_id),
        ticketId: Number(p.ticket_id),
        solve: p.solve === true,
        actorId: p.actor_id == null ? null : Number(p.actor_id),
      });
    },
  });
  defineJob({
    name: STATUS_JOBS.mail,
    async handler(p, ctx) {
      const update = await statusRepository.update(ctx.db, Number(p.update_id));
      const incident = update ? await statusRepository.incident(ctx.db, update.incident_id) : null;
      if (!update || !incident) return;
      const batch = Math.max(1, Math.min(FANOUT_BATCH, Number(p.batch ?? FANOUT_BATCH) || FANOUT_BATCH));
      await ctx.db.tx(async (q) => {
        const r = await statusSubscriptions.mailBatch(q, {
          incident,
          update,
          after: Number(p.after ?? 0),
          limit: batch,
          identity: identity(),
        });
        if (r.n === batch && r.last != null)
          await enqueue(
            q,
            STATUS_JOBS.mail,
            { update_id: update.id, after: r.last, batch },
            { singletonKey: `status.mail:${update.id}:${r.last}` },
          );
      });
    },
  });
}
