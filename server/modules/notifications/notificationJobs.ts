import { defineJob } from '../../jobs/registry.ts';
import type { MailIdentity } from '../email/queueEmail.ts';
import { notifyAgents, type NotifyPayload } from './notifyAgents.ts';

export const NOTIFICATION_JOBS = {
  /** Tell the agents a ticket event concerns: {event, ticket_id, message_id?, changes?, metric?, due_at?}. */
  notify: 'notifications.notify',
} as const;

/** Declares the notifier. `identity`: links and the sender of agent mail, read when the job runs (the email config is loaded at boot). */
export function registerNotificationJobs(identity: () => MailIdentity) {
  defineJob({
    name: NOTIFICATION_JOBS.notify,
    handles: ['ticket.created', 'ticket.updated', 'message.added', 'sla.warning', 'sla.breached'],
    async handler(p, ctx) {
      await notifyAgents(ctx.db, { payload: p as unknown as NotifyPayload, identity: identity(), now: ctx.now() });
    },
  });
}
