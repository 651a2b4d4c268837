/** Job names of the email channel (handlers: server/channels/email/jobs.ts). */
export const EMAIL_JOBS = {
  /** Route one stored inbound mail into a ticket: {id}. */
  inbound: 'email.inbound',
  /** React to ticket events with mail to the requester: {event, ticket_id, message_id?, changes?}. */
  notify: 'email.notify',
  /** Deliver one outbound mail: {id}. */
  deliver: 'email.deliver',
  /** Poll one IMAP mailbox, then schedule the next poll: {mailbox_id}. */
  poll: 'email.poll',
} as const;
