import type { Queryable } from '../../db/client.ts';
import { compileCalendar, type Calendar } from '../../domain/calendar/index.ts';
import type { NotificationKind } from '../../domain/notifications/decide.ts';
import { holdMailUntil } from '../../domain/notifications/quietHours.ts';
import { enqueue } from '../../jobs/queue.ts';
import { queueEmail, type MailIdentity } from '../email/queueEmail.ts';
import { templates } from '../email/templates.ts';
import { preferencesOf, quietHoursOf } from './getPreferences.ts';
import { notificationText } from './notificationPresenter.ts';
import { notificationRepository as repo, type PersonFacts, type TextParams } from './notificationRepository.ts';

/** The job that sends a notification mail held by quiet hours (payload: HeldMail). */
export const HELD_MAIL_JOB = 'notifications.mail';

/** What a held mail needs when it is sent: rendered then, in the person's language of that day. */
export interface HeldMail {
  event_id: number;
  ticket_id: number;
  person_id: number;
  kind: NotificationKind;
  params: TextParams;
  excerpt: string | null;
  link: string;
}

/** The desk's default calendar (the first created), compiled; null without one, or when it never opens. */
export async function quietCalendar(q: Queryable): Promise<Calendar | null> {
  const row = await repo.defaultCalendar(q);
  if (!row) return null;
  try {
    return compileCalendar(row.spec as never);
  } catch {
    return null;
  }
}

/**
 * Queues one notification mail now, or, when the person keeps quiet hours and the calendar is closed,
 * a job that sends it when the calendar next opens. Either way one dedupe key per (event, person, kind):
 * the outbox records it once, however often this or the held job runs. Returns whether a mail (or a
 * held mail) was queued.
 */
export async function queueNotificationMail(
  q: Queryable,
  o: {
    mail: HeldMail;
    person: PersonFacts;
    quietHours: boolean;
    calendar: () => Promise<Calendar | null>;
    identity: MailIdentity;
    now: Date;
  },
): Promise<boolean> {
  const hold = o.quietHours ? holdMailUntil({ quietHours: true, calendar: await o.calendar(), nowMs: o.now.getTime() }) : null;
  if (hold != null) {
    await enqueue(q, HELD_MAIL_JOB, o.mail, { runAt: new Date(hold), singletonKey: dedupeKey(o.mail) });
    return true;
  }
  if (!o.person.email) return false;
  const text = notificationText(o.person.locale, o.mail.kind, o.mail.params);
  const id = await queueEmail(
    q,
    {
      kind: 'agent_notification',
      dedupeKey: dedupeKey(o.mail),
      ticketId: o.mail.ticket_id,
      personId: o.person.id,
      to: [o.person.email],
      locale: o.person.locale,
      auto: 'auto-generated',
      staffReplyTo: o.person.id,
      rendered: templates.agentNotification(o.person.locale, { text, excerpt: o.mail.excerpt, link: o.mail.link }),
    },
    o.identity,
  );
  return id != null;
}

const dedupeKey = (m: HeldMail) => `agent_notification:${m.event_id}:${m.person_id}:${m.kind}`;

/**
 * The held mail's job: when the calendar opens, sends it, to the person as they are now (verified
 * primary address, language). Not sent when the person is no longer active staff or has since turned
 * that kind's mail off (their choice wins). If the calendar is still closed (an admin changed it),
 * it waits again. Safe to run twice: the outbox dedupe key.
 */
export async function sendHeldMail(q: Queryable, o: { mail: HeldMail; identity: MailIdentity; now: Date }): Promise<boolean> {
  const person = await repo.person(q, o.mail.person_id);
  if (!person || !person.active || (person.role !== 'agent' && person.role !== 'admin')) return false;
  const pref = (await preferencesOf(q, [person.id])).get(person.id)![o.mail.kind];
  if (!pref?.email) return false;
  const quiet = (await quietHoursOf(q, [person.id])).get(person.id)!;
  return queueNotificationMail(q, {
    mail: o.mail,
    person,
    quietHours: quiet,
    calendar: () => quietCalendar(q),
    identity: o.identity,
    now: o.now,
  });
}
