import { defineJob } from '../../jobs/registry.ts';
import type { MailIdentity } from '../email/queueEmail.ts';
import { enqueue } from '../../jobs/queue.ts';
import { notifyAgents, type NotifyPayload } from './notifyAgents.ts';
import { pruneNotifications } from './pruneNotifications.ts';
import { HELD_MAIL_JOB, sendHeldMail, type HeldMail } from './sendNotificationMail.ts';

export const NOTIFICATION_JOBS = {
  /** Tell the agents a ticket event concerns: {event_id?, event, ticket_id, message_id?, changes?, metric?, due_at?}. */
  notify: 'notifications.notify',
  /** A notification mail held by quiet hours, run when the calendar opens. */
  heldMail: HELD_MAIL_JOB,
  /** Daily: delete read notifications older than 90 days. */
  prune: 'notifications.prune',
} as const;

const DAY = 24 * 3600_000;

/** Declares the notifier, the held-mail sender and the daily retention job. `identity`: links and the sender of agent mail, read when the job runs (the email config is loaded at boot). */
export function registerNotificationJobs(identity: () => MailIdentity) {
  defineJob({
    name: NOTIFICATION_JOBS.notify,
    handles: ['ticket.created', 'ticket.updated', 'message.added', 'sla.warning', 'sla.breached', 'satisfaction.rated'],
    // A new ticket concerns its assignee (unless they opened it) and its group's members: with
    // neither, the usual case, nobody could be told (notifyAgents would end at its first check).
    wantsNewTicket: (t) => t.groupId != null || (t.assigneeId != null && t.assigneeId !== t.actorId),
    async handler(p, ctx) {
      await notifyAgents(ctx.db, { payload: p as unknown as NotifyPayload, identity: identity(), now: ctx.now() });
    },
  });
  defineJob({
    name: NOTIFICATION_JOBS.heldMail,
    async handler(p, ctx) {
      await ctx.db.tx((q) => sendHeldMail(q, { mail: p as unknown as HeldMail, identity: identity(), now: ctx.now() }));
    },
  });
  defineJob({
    name: NOTIFICATION_JOBS.prune,
    async handler(_p, ctx) {
      const deleted = await pruneNotifications(ctx.db, { now: ctx.now() });
      if (deleted) ctx.log.info({ deleted }, 'notifications: deleted read notifications older than 90 days');
      await enqueue(
        ctx.db,
        NOTIFICATION_JOBS.prune,
        {},
        { runAt: new Date(ctx.now().getTime() + DAY), singletonKey: NOTIFICATION_JOBS.prune },
      );
    },
  });
}
