import type { Db } from '../../db/client.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { getTicketRow } from '../tickets/getTicket.ts';
import { guestLinkUrl, newGuestLink } from './guestLinks.ts';
import { notifyRepository } from './notifyRepository.ts';
import { queueEmail, type MailIdentity } from './queueEmail.ts';
import { templates } from './templates.ts';
import { acknowledgeTicket } from './acknowledgeTicket.ts';
import { surveyLinks } from '../satisfaction/surveyLinks.ts';

export interface TicketEventPayload {
  event: string;
  event_id?: number;
  ticket_id: number;
  message_id?: number;
  internal?: boolean;
  changes?: Record<string, [unknown, unknown]>;
  /** message.added: the status the message changed, [from, to] ("send and solve"). */
  status?: [string, string];
  pending_since?: string;
}

/** Mail about something that happened more than a day ago is not sent (imports replay history through the same events). */
const STALE_MS = 24 * 3600_000;
const stale = (at: unknown, now: Date) => at != null && now.getTime() - new Date(at as string).getTime() > STALE_MS;

/** Channels whose requester opened the ticket in a live session: no "we received it" mail. */
export const NO_ACK_CHANNELS: ReadonlySet<string> = new Set(['chat']);

/**
 * Reacts to ticket events with mail to the requester, in their language: "we received your
 * request" (with the expected first response and a private link), an agent's public reply
 * (never an internal note), and "solved". Safe to run twice: each mail has a dedupe key.
 */
export async function notifyTicketEvent(db: Db, o: { payload: TicketEventPayload; identity: MailIdentity; now: Date }): Promise<string> {
  const p = o.payload;
  if (p.event === 'ticket.created') {
    // One read decides and gives the mail its facts, a second records the mail (no transaction: the
    // reply token the first may create is the ticket's whether or not the mail follows). A customer's
    // own ticket and a chat's queue no job at all (wantsNewTicket, server/channels/email/jobs.ts);
    // they are checked again here.
    return acknowledgeTicket(db, {
      ticketId: p.ticket_id,
      identity: o.identity,
      unless: (ack) =>
        ack.opened_by_mail
          ? 'the email channel acknowledges its own tickets'
          : stale(ack.created_at, o.now)
            ? 'stale'
            : NO_ACK_CHANNELS.has(ack.channel)
              ? 'no acknowledgement for this channel'
              : ack.creator_id === ack.requester_id
                ? 'the requester opened it themselves'
                : null,
    });
  }
  const row = await getTicketRow(db, p.ticket_id);
  if (!row) return 'no ticket';
  const requester = await peopleRepository.get(db, row.requester_id);
  // The Reply-To of the mail that opened the ticket, when one was honoured; else the requester's address.
  const replyTo = await notifyRepository.replyTo(db, row.id);
  const to = replyTo ?? row.requester_email;
  if (!requester || !to || !requester.active) return 'requester has no address';
  if (requester.role !== 'customer') return 'requester is staff';
  const locale = requester.locale;
  const facts = { number: row.number, subject: row.subject, requesterName: requester.name };
  const cc = Array.isArray(row.fields?.cc)
    ? (row.fields.cc as unknown[]).filter((x): x is string => typeof x === 'string' && x.toLowerCase() !== to.toLowerCase())
    : [];
  // The private link acts as the requester: only in mail to the requester's own address, alone, and not to
  // one who signs in with a second factor (the link would let whoever reads the mail skip it; they sign in or reply by mail).
  const twoFactor = await notifyRepository.hasTwoFactor(db, requester.id);
  const link = (alone: boolean) => {
    if (!alone || replyTo || twoFactor) return { link: null, guestLink: null };
    const l = newGuestLink({ personId: requester.id });
    return { link: guestLinkUrl(o.identity.publicUrl, l.token), guestLink: l.record };
  };
  const base = { ticketId: row.id, personId: requester.id, locale, to: [to] };
  // "Solved", with "How did we do?" (docs/satisfaction.md): like the private link, only to the requester's own address.
  const solved = async () => {
    if (stale(row.solved_at, o.now)) return 'stale';
    const survey = replyTo
      ? null
      : await surveyLinks(db, { ticketId: row.id, personId: requester.id, publicUrl: o.identity.publicUrl, now: o.now });
    const l = link(true);
    await queueEmail(
      db,
      {
        ...base,
        guestLink: l.guestLink,
        kind: 'ticket_solved',
        dedupeKey: `solved:${row.id}:${new Date(row.solved_at ?? o.now).getTime()}`,
        auto: 'auto-generated',
        rendered: templates.ticketSolved(locale, { ...facts, link: l.link, survey }),
      },
      o.identity,
    );
    return 'queued';
  };

  if (p.event === 'message.added' && p.message_id) {
    const m = await notifyRepository.message(db, p.message_id);
    if (!m || m.internal || m.ticket_id !== row.id) return 'internal or missing';
    if (m.author_role !== 'agent' && m.author_role !== 'admin') return 'not an agent reply';
    if (stale(m.created_at, o.now)) return 'stale';
    const l = link(cc.length === 0);
    await queueEmail(
      db,
      {
        ...base,
        cc,
        guestLink: l.guestLink,
        kind: 'agent_reply',
        dedupeKey: `reply:${m.id}`,
        messageId: m.id,
        rendered: templates.agentReply(locale, {
          ...facts,
          agentName: m.author_name ?? '',
          bodyText: m.body_text,
          bodyHtml: m.body_html,
          link: l.link,
        }),
      },
      o.identity,
    );
    // A reply sent with "solved" also tells the requester it is solved, as solving it alone does.
    if (p.status?.[1] === 'solved' && row.status === 'solved') return solved();
    return 'queued';
  }
  if (p.event === 'ticket.reminded') {
    // Still waiting on this customer when the job runs (they may have answered since).
    if (row.status !== 'pending') return 'no longer waiting on the customer';
    const l = link(true);
    await queueEmail(
      db,
      {
        ...base,
        guestLink: l.guestLink,
        kind: 'pending_reminder',
        dedupeKey: `reminder:${row.id}:${p.pending_since ?? p.event_id}`,
        auto: 'auto-generated',
        rendered: templates.pendingReminder(locale, { ...facts, link: l.link }),
      },
      o.identity,
    );
    return 'queued';
  }
  if (p.event === 'ticket.updated' && p.changes?.status?.[1] === 'solved') return solved();
  return 'nothing to send';
}
