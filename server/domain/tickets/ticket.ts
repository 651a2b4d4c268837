/** Ticket vocabulary and status rules. Pure. */
export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const CHANNELS = ['web', 'email', 'api', 'chat', 'phone', 'emergency_phone'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Statuses that still need work: the queue lists these. */
export const UNSOLVED: Status[] = ['new', 'open', 'pending', 'on_hold'];

/** A refused change: `code` names it (the API answers its text in the reader's language), `reason` says it in English. */
export type TransitionRefusal = { ok: false; code: 'closed' | 'back_to_new'; reason: string };
export type TransitionCheck = { ok: true } | TransitionRefusal;

/** A closed ticket is final: a later message starts a follow-up ticket. */
export function canTransition(from: Status, to: Status): TransitionCheck {
  if (from === to) return { ok: true };
  if (from === 'closed') return { ok: false, code: 'closed', reason: 'A closed ticket cannot be changed; open a follow-up ticket instead' };
  if (to === 'new') return { ok: false, code: 'back_to_new', reason: 'A ticket cannot go back to new' };
  return { ok: true };
}

/**
 * The columns a status change sets: the status, when it reached solved or closed, and the lifecycle
 * stamps (waiting on the customer since when; a snooze ends when the ticket leaves on-hold). Refuses
 * the changes `canTransition` refuses. Every status change of every ticket goes through here.
 */
export function statusChange(from: Status, to: Status, at: Date): { ok: true; patch: Record<string, unknown> } | TransitionRefusal {
  const check = canTransition(from, to);
  if (!check.ok) return check;
  if (from === to) return { ok: true, patch: {} };
  const patch: Record<string, unknown> = { status: to };
  if (to === 'solved') patch.solved_at = at;
  if (to === 'closed') patch.closed_at = at;
  if (to === 'pending') {
    patch.pending_since = at;
    patch.reminded_at = null;
  }
  if (from === 'pending') patch.pending_since = null;
  if (from === 'on_hold') patch.snoozed_until = null;
  return { ok: true, patch };
}

/** Status after a public message, unless the author chose one explicitly. */
export function statusAfterMessage(current: Status, author: 'customer' | 'staff', internal: boolean): Status {
  if (internal) return current;
  if (author === 'customer') return current === 'pending' || current === 'solved' || current === 'on_hold' ? 'open' : current;
  return current === 'new' ? 'open' : current;
}

export function normalizeTags(tags: string[]): string[] {
  const out = new Set<string>();
  for (const t of tags) {
    const clean = t.trim().toLowerCase().replace(/\s+/g, '_');
    if (clean) out.add(clean.slice(0, 64));
  }
  return [...out].slice(0, 50);
}
