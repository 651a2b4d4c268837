/**
 * Who is told what about a ticket event: pure, no database. The notifier (modules/notifications/
 * notifyAgents.ts) loads the facts once per event and inserts what this returns.
 */
export const NOTIFICATION_KINDS = [
  'assigned',
  'new_in_group',
  'customer_replied',
  'sla_warning',
  'sla_breached',
  'mentioned',
  'low_satisfaction',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Delivery {
  in_app: boolean;
  email: boolean;
}

/** In the app for every kind; by email for what needs acting on now or was addressed to the person. */
export const DEFAULT_DELIVERY: Record<NotificationKind, Delivery> = {
  assigned: { in_app: true, email: true },
  new_in_group: { in_app: true, email: false },
  customer_replied: { in_app: true, email: false },
  sla_warning: { in_app: true, email: false },
  sla_breached: { in_app: true, email: true },
  mentioned: { in_app: true, email: true },
  low_satisfaction: { in_app: true, email: false },
};

export interface NotificationFacts {
  event: 'ticket.created' | 'ticket.updated' | 'message.added' | 'sla.warning' | 'sla.breached' | 'satisfaction.rated';
  /** Who caused the event; null for the system (SLA escalation). Never notified. */
  actorId: number | null;
  /** The ticket now: its assignee and group. */
  ticket: { assigneeId: number | null; groupId: number | null };
  /** ticket.updated: the recorded changes, `[from, to]` per column. */
  changes?: Record<string, [unknown, unknown]>;
  /** message.added: the message. `authorIsCustomer`: written by a customer (not staff, not the system). */
  message?: { internal: boolean; authorIsCustomer: boolean };
  /** Active staff members of the group the event concerns (the ticket's group, or the one it moved to). */
  groupMembers: number[];
  /**
   * The desk's active admins, for an SLA warning or breach on a ticket nobody owns (no assignee, no
   * group): someone must hear that the queue is not being worked. Loaded only for those events.
   */
  admins?: number[];
  /** Active staff people: only they are told anything (an assignee who left is skipped). */
  isActiveStaff: (personId: number) => boolean;
  /** message.added, internal note: staff resolved from its `@name` mentions. */
  mentioned?: number[];
  /** ticket.updated: a merge reopened the ticket with the requester's unanswered words (told as a reply). */
  reopenedByMerge?: boolean;
  /** satisfaction.rated: the score is below the desk's `satisfaction.notify_below` (docs/satisfaction.md). */
  lowScore?: boolean;
}

export interface Decision {
  personId: number;
  kind: NotificationKind;
}

const idOf = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : v == null ? null : Number(v) || null);

export function decideNotifications(f: NotificationFacts): Decision[] {
  const out: Decision[] = [];
  const seen = new Set<string>();
  const add = (personId: number | null, kind: NotificationKind) => {
    if (personId == null || personId === f.actorId || !f.isActiveStaff(personId)) return;
    const key = `${personId}:${kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ personId, kind });
  };
  const group = (kind: NotificationKind) => {
    for (const p of f.groupMembers) add(p, kind);
  };
  /** The assignee if there is one, else every member of the ticket's group. */
  const owners = (kind: NotificationKind) => {
    if (f.ticket.assigneeId != null) add(f.ticket.assigneeId, kind);
    else if (f.ticket.groupId != null) group(kind);
  };

  switch (f.event) {
    case 'ticket.created':
      if (f.ticket.assigneeId != null) add(f.ticket.assigneeId, 'assigned');
      else if (f.ticket.groupId != null) group('new_in_group');
      break;
    case 'ticket.updated': {
      const assignee = f.changes?.assignee_id;
      const to = assignee ? idOf(assignee[1]) : null;
      if (to != null) add(to, 'assigned');
      // Moved into a group while nobody has it: new to that group.
      const groupTo = f.changes?.group_id ? idOf(f.changes.group_id[1]) : null;
      const assigneeNow = assignee ? to : f.ticket.assigneeId;
      if (groupTo != null && assigneeNow == null) group('new_in_group');
      // The requester's words came back with a merge: as if they had replied on this ticket.
      if (f.reopenedByMerge) owners('customer_replied');
      break;
    }
    case 'message.added':
      if (!f.message) break;
      if (f.message.internal) for (const p of f.mentioned ?? []) add(p, 'mentioned');
      else if (f.message.authorIsCustomer) owners('customer_replied');
      break;
    case 'sla.warning':
    case 'sla.breached': {
      const kind = f.event === 'sla.warning' ? 'sla_warning' : 'sla_breached';
      // Nobody owns the ticket: the admins hear of it, or a missed target would go unnoticed.
      if (f.ticket.assigneeId == null && f.ticket.groupId == null) for (const p of f.admins ?? []) add(p, kind);
      else owners(kind);
      break;
    }
    case 'satisfaction.rated':
      // A low score: the ticket's group hears of it; without a group, its assignee.
      if (!f.lowScore) break;
      if (f.ticket.groupId != null) group('low_satisfaction');
      else add(f.ticket.assigneeId, 'low_satisfaction');
      break;
  }
  return out;
}

export interface StaffHandle {
  id: number;
  name: string;
  emailLocal: string | null;
}

const WORD = /[\p{L}\p{N}_]/u;
const HAN = /\p{Script=Han}$/u;

/** The handle ends the mention here: at the end, before a non-word character, or before `.`/`-` that ends a sentence. Chinese names need no space after them. */
function endsAt(rest: string, h: string): boolean {
  const n = h.length;
  if (n >= rest.length || HAN.test(h)) return true;
  const c = rest[n];
  if (WORD.test(c)) return false;
  return !(/[.-]/.test(c) && n + 1 < rest.length && WORD.test(rest[n + 1]));
}

/**
 * Staff mentioned in a note: `@` at the start or after a non-word character, followed by a staff
 * member's name (case-insensitive, spaces allowed: `@Li Lei`) or the local part of their email
 * (`@lilei`), ending at a non-word character. The longest handle wins; `bob@example.com` is no mention.
 */
export function findMentions(text: string, staff: StaffHandle[]): number[] {
  const handles: Array<{ id: number; h: string }> = [];
  for (const s of staff) {
    if (s.name.trim()) handles.push({ id: s.id, h: s.name.trim().toLowerCase() });
    if (s.emailLocal) handles.push({ id: s.id, h: s.emailLocal.toLowerCase() });
  }
  handles.sort((a, b) => b.h.length - a.h.length);
  const lower = text.toLowerCase();
  const found: number[] = [];
  for (let i = lower.indexOf('@'); i >= 0; i = lower.indexOf('@', i + 1)) {
    if (i > 0 && (WORD.test(lower[i - 1]) || /[.-]/.test(lower[i - 1]))) continue;
    const rest = lower.slice(i + 1);
    const hit = handles.find(({ h }) => rest.startsWith(h) && endsAt(rest, h));
    if (hit && !found.includes(hit.id)) found.push(hit.id);
  }
  return found;
}
