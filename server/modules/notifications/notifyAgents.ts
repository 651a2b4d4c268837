import { withinGroups } from '../tickets/ticketPolicy.ts';
import type { Db } from '../../db/client.ts';
import { decideNotifications, findMentions, type NotificationFacts } from '../../domain/notifications/decide.ts';
import type { Calendar } from '../../domain/calendar/index.ts';
import type { MailIdentity } from '../email/queueEmail.ts';
import { preferencesOf, quietHoursOf } from './getPreferences.ts';
import { notificationRepository as repo, type EventRow, type TextParams } from './notificationRepository.ts';
import { queueNotificationMail, quietCalendar } from './sendNotificationMail.ts';
import { loadSatisfactionSettings } from '../satisfaction/satisfactionSettings.ts';

/** The payload ticket changes enqueue with the event (see processorsFor in modules/tickets and sla). */
export interface NotifyPayload {
  /** The ticket_events row the job is about (the ticket pipeline adds it); older jobs lack it. */
  event_id?: number;
  event: string;
  ticket_id: number;
  message_id?: number;
  internal?: boolean;
  changes?: Record<string, [unknown, unknown]>;
  metric?: string;
  due_at?: string;
}

/** No mail about an event more than a day old (a job that waited out retries); the in-app notification still appears. */
const STALE_MS = 24 * 3600_000;
const EXCERPT_CHARS = 2000;
const HANDLED = new Set(['ticket.created', 'ticket.updated', 'message.added', 'sla.warning', 'sla.breached', 'satisfaction.rated']);

/**
 * The recorded event a job is about: the payload's `event_id` when it has one (and it is this
 * ticket's). Jobs queued before payloads carried it: found from what they do carry; ticket.updated
 * by its exact changes: the oldest such event not yet notified (two identical changes, e.g.
 * assign–unassign–assign, are two events), else the newest (a rerun: inserts nothing).
 */
async function findEvent(db: Db, p: NotifyPayload): Promise<EventRow | null> {
  const id = Number(p.event_id);
  if (p.event_id != null && Number.isSafeInteger(id) && id > 0) {
    const ev = await repo.eventById(db, id, p.ticket_id);
    if (ev) return ev;
  }
  switch (p.event) {
    case 'ticket.created':
      return repo.ticketCreatedEvent(db, p.ticket_id);
    case 'message.added':
      return p.message_id ? repo.messageEvent(db, p.ticket_id, p.message_id) : null;
    case 'sla.warning':
    case 'sla.breached':
      return p.metric && p.due_at ? repo.slaEvent(db, p.ticket_id, p.event, p.metric, p.due_at) : null;
    case 'ticket.updated': {
      const rows = await repo.updateEvents(db, p.ticket_id, p.changes ?? {});
      return rows.find((r) => !r.done) ?? rows[rows.length - 1] ?? null;
    }
    default:
      return null;
  }
}

const idOf = (v: unknown) => (v == null ? null : Number(v) || null);

/** A rating below the desk's `satisfaction.notify_below` (default 3: scores 1 and 2). */
async function isLowScore(db: Db, score: unknown) {
  return typeof score === 'number' && score < (await loadSatisfactionSettings(db)).notify_below;
}

/**
 * The notifier: reacts to a ticket event with notifications for the agents it concerns
 * (decideNotifications), in the app and/or by mail as each chose. Loads every fact once per event
 * (no query per recipient except queueing each mail). Safe to run twice or on two instances at once:
 * rows are unique per (event, person, kind) and mail is queued only with a row inserted now (or, for
 * mail-only recipients, under a dedupe key), in the same transaction.
 */
export async function notifyAgents(
  db: Db,
  o: { payload: NotifyPayload; identity: MailIdentity; now: Date },
): Promise<{ notified: number; mailed: number }> {
  const p = o.payload;
  const none = { notified: 0, mailed: 0 };
  if (!HANDLED.has(p.event)) return none;
  const ev = await findEvent(db, p);
  // A new ticket is judged as it was created, not as later changes left it (they notify for themselves).
  const ticket = p.event === 'ticket.created' ? await repo.ticketAsCreated(db, p.ticket_id) : await repo.ticket(db, p.ticket_id);
  if (!ev || !ticket) return none;
  const changes = (ev.data?.changes ?? p.changes) as Record<string, [unknown, unknown]> | undefined;

  const message = p.event === 'message.added' && p.message_id ? await repo.message(db, p.message_id) : null;
  if (p.event === 'message.added' && (!message || message.ticket_id !== ticket.id)) return none;

  // The group the event concerns: the one a ticket.updated moved it to, else the ticket's.
  const groupId = (changes?.group_id ? idOf(changes.group_id[1]) : null) ?? ticket.group_id;
  const group = groupId != null ? await repo.group(db, groupId) : null;

  let mentioned: number[] = [];
  if (message?.internal && message.body_text.includes('@')) {
    const staff = await repo.staffHandles(db);
    mentioned = findMentions(
      message.body_text,
      staff.map((s) => ({ id: s.id, name: s.name, emailLocal: s.email_local })),
    );
  }

  // An SLA warning or breach on a ticket nobody owns goes to the admins (decideNotifications).
  const unowned = (p.event === 'sla.warning' || p.event === 'sla.breached') && ticket.assignee_id == null && ticket.group_id == null;
  const admins = unowned ? await repo.activeAdmins(db) : [];

  // A merge that reopened this ticket names the merged ticket (mergeTickets.ts).
  const mergedFromId = p.event === 'ticket.updated' && changes?.status?.[1] === 'open' ? idOf(ev.data?.merged_from) : null;
  const mergedFrom = mergedFromId != null ? await repo.ticketNumber(db, mergedFromId) : null;

  const newAssignee = changes?.assignee_id ? idOf(changes.assignee_id[1]) : null;
  const candidates = [ev.actor_id, ticket.assignee_id, newAssignee, ...(group?.members ?? []), ...mentioned, ...admins].filter(
    (x): x is number => x != null,
  );
  // Everyone decideNotifications may tell is a candidate, and the actor never is: nobody else, nothing to do
  // (a new ticket with neither assignee nor group, the usual case, ends here).
  if (!candidates.some((x) => x !== ev.actor_id)) return none;
  const people = new Map((await repo.people(db, [...new Set(candidates)])).map((x) => [x.id, x]));

  const facts: NotificationFacts = {
    event: p.event as NotificationFacts['event'],
    actorId: ev.actor_id,
    ticket: { assigneeId: ticket.assignee_id, groupId: ticket.group_id },
    changes,
    message: message ? { internal: message.internal, authorIsCustomer: message.author_role === 'customer' } : undefined,
    groupMembers: group?.members ?? [],
    admins,
    isActiveStaff: (id) => {
      const x = people.get(id);
      // An agent limited to their groups hears only of tickets they may see (as the ticket is now).
      const sees = withinGroups({ personId: id, ticketGroups: x?.ticket_groups ?? undefined }, ticket);
      return !!x && x.active && (x.role === 'agent' || x.role === 'admin') && sees;
    },
    mentioned,
    reopenedByMerge: mergedFrom != null,
    lowScore: p.event === 'satisfaction.rated' && (await isLowScore(db, ev.data?.score)),
  };
  const decisions = decideNotifications(facts);
  if (!decisions.length) return none;

  const recipients = [...new Set(decisions.map((d) => d.personId))];
  const prefs = await preferencesOf(db, recipients);
  const quiet = await quietHoursOf(db, recipients);
  const params: TextParams = {
    actor: ev.actor_id != null ? (people.get(ev.actor_id)?.name ?? null) : null,
    number: ticket.number,
    subject: ticket.subject,
    group: group?.name ?? null,
    metric: typeof ev.data?.metric === 'string' ? ev.data.metric : null,
    ...(typeof ev.data?.score === 'number' ? { score: ev.data.score } : {}),
    ...(mergedFrom != null ? { merged_from: Number(mergedFrom) } : {}),
  };
  const inApp = decisions.filter((d) => prefs.get(d.personId)![d.kind].in_app);
  const fresh = o.now.getTime() - new Date(ev.created_at).getTime() <= STALE_MS;
  const excerpt = message && (facts.message?.authorIsCustomer || message.internal) ? message.body_text.slice(0, EXCERPT_CHARS) : null;
  const link = `${o.identity.publicUrl.replace(/\/+$/, '')}/agent/tickets/${ticket.number}`;

  return db.tx(async (q) => {
    // The desk's calendar, read once per event and only if someone keeps quiet hours.
    let cal: Promise<Calendar | null> | null = null;
    const calendar = () => (cal ??= quietCalendar(q));
    const inserted = await repo.insert(q, { eventId: ev.id, ticketId: ticket.id, params, to: inApp });
    const now = new Set(inserted.map((r) => `${r.person_id}:${r.kind}`));
    let mailed = 0;
    for (const d of decisions) {
      const pref = prefs.get(d.personId)![d.kind];
      const person = people.get(d.personId)!;
      if (!pref.email || !person.email || !fresh) continue;
      // With an in-app row, mail goes with the row inserted now; mail-only relies on the outbox dedupe key.
      if (pref.in_app && !now.has(`${d.personId}:${d.kind}`)) continue;
      // Quiet hours: held until the desk's calendar opens (a job), else queued now; one dedupe key either way.
      const queued = await queueNotificationMail(q, {
        mail: { event_id: ev.id, ticket_id: ticket.id, person_id: d.personId, kind: d.kind, params, excerpt, link },
        person,
        quietHours: quiet.get(d.personId) ?? false,
        calendar,
        identity: o.identity,
        now: o.now,
      });
      if (queued) mailed++;
    }
    return { notified: inserted.length, mailed };
  });
}
