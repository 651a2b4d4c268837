/**
 * The lifecycle rules as data (pure): after how many days a solved ticket closes, a pending ticket
 * reminds its customer, and a pending ticket is solved. `null` turns a rule off.
 */
export type LifecycleSettings = {
  /** Solved tickets close this many days after they were solved (default 4). */
  auto_close_days: number | null;
  /** A pending ticket reminds the customer once after this many days without an answer (off by default). */
  pending_reminder_days: number | null;
  /** A pending ticket is solved after this many days without an answer (off by default). */
  pending_solve_days: number | null;
};

export const DEFAULT_LIFECYCLE: LifecycleSettings = { auto_close_days: 4, pending_reminder_days: null, pending_solve_days: null };

const DAY = 86_400_000;

/** The instants before which each rule applies now (`null`: the rule is off). */
export function lifecycleCutoffs(s: LifecycleSettings, now: Date) {
  const before = (days: number | null) => (days == null ? null : new Date(now.getTime() - days * DAY));
  return { close: before(s.auto_close_days), remind: before(s.pending_reminder_days), solve: before(s.pending_solve_days) };
}

/** What is wrong with a settings change, if anything: a reminder must come before the solve. */
export function lifecycleProblem(s: LifecycleSettings): { field: keyof LifecycleSettings; reason: 'reminder_after_solve' } | null {
  if (s.pending_reminder_days != null && s.pending_solve_days != null && s.pending_reminder_days >= s.pending_solve_days)
    return { field: 'pending_reminder_days', reason: 'reminder_after_solve' };
  return null;
}
