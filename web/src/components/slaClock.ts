import type { Ticket } from '../api/types.ts';

/** The server's reading of the clock behind the countdown (`sla_clock`, docs/sla.md "The countdown"). */
export type SlaClockJson = NonNullable<Ticket['sla_clock']>;

export interface ClockReading {
  /** counting; stopped outside its business hours; past its due instant. */
  state: 'running' | 'paused' | 'overdue';
  /** Business time left (running, paused); negative: wall-clock time past due (overdue). */
  leftMs: number;
  /** Paused: when it counts again (null when its calendar says nothing about it). */
  resumesAt: number | null;
}

const ms = (v: string | null | undefined) => (v ? Date.parse(v) : null);

/**
 * The countdown at `now`, from the due instant and the server's reading of the clock. Exact until the
 * opening after the next pause; the console refetches well before a reading gets that old. Without a
 * reading (an older server) the clock is taken as running, as the countdown always did.
 */
export function readClock(dueAt: number, clock: SlaClockJson | null | undefined, now: number): ClockReading {
  if (now >= dueAt) return { state: 'overdue', leftMs: dueAt - now, resumesAt: null };
  const pauses = ms(clock?.pauses_at);
  const resumes = ms(clock?.resumes_at);
  const rest = clock?.remaining_ms_at_resume ?? null;
  if (!clock || resumes === null || rest === null) {
    return clock && !clock.running
      ? { state: 'paused', leftMs: dueAt - now, resumesAt: null }
      : { state: 'running', leftMs: dueAt - now, resumesAt: null };
  }
  if (clock.running && pauses !== null && now < pauses) return { state: 'running', leftMs: pauses - now + rest, resumesAt: null };
  if (now < resumes) return { state: 'paused', leftMs: rest, resumesAt: resumes };
  return { state: 'running', leftMs: Math.max(0, rest - (now - resumes)), resumesAt: null };
}
