import type { Calendar, SlaMetric, SlaState } from './types.ts';

/**
 * The clock behind a ticket's countdown (the running metric due first, `next_breach_at`) at `now`,
 * read from its own calendar: is it counting, when do its hours close before the due instant, when
 * do they open again, and how much business time is left then. Enough for a countdown to show the
 * business time left at any instant up to the second opening without knowing the calendar.
 */
export interface SlaClock {
  metric: SlaMetric;
  due_at: number;
  /** The metric's calendar is open at `now`: the clock is counting. */
  running: boolean;
  /** Running, and its hours close before the due instant: the clock stops then. Otherwise null. */
  pauses_at: number | null;
  /** The next opening after `now` (stopped) or after `pauses_at` (running); null when neither applies. */
  resumes_at: number | null;
  /** Business time left when the clock resumes at `resumes_at` (it holds this while stopped); null with it. */
  remaining_ms_at_resume: number | null;
}

export interface SlaClockOptions {
  state: SlaState | null;
  calendars: (id: string) => Calendar;
  now: number;
}

export function slaClock({ state, calendars, now }: SlaClockOptions): SlaClock | null {
  const due = state?.next_breach_at ?? null;
  if (due == null) return null;
  const m = state!.metrics.find((x) => (x.status === 'running' || x.status === 'breached_running') && x.due_at === due);
  if (!m) return null;
  const cal = calendars(m.calendar_id);
  const running = cal.isOpen(now);
  const clock = { metric: m.metric, due_at: due, running, pauses_at: null, resumes_at: null, remaining_ms_at_resume: null };
  // Overdue: the target is missed, what counts now is the wall-clock time past it.
  if (now >= due) return clock;
  if (running) {
    const close = cal.nextClose(now);
    if (close === null || close >= due) return clock;
    return { ...clock, pauses_at: close, resumes_at: cal.nextOpen(close), remaining_ms_at_resume: cal.elapsed(close, due) };
  }
  const resume = cal.nextOpen(now);
  return { ...clock, resumes_at: resume, remaining_ms_at_resume: resume === null ? null : cal.elapsed(now, due) };
}
