import { describe, expect, it } from 'vitest';
import { readClock, type SlaClockJson } from './slaClock.ts';

const MIN = 60_000;
/** Beijing time, March 2026: Saturday the 7th, Monday the 9th. */
const at = (local: string) => Date.parse(`${local}+08:00`);
const due = at('2026-03-09T08:50');
/** Read Saturday 17:25 for a ticket created 17:20 (hours Mon–Sat 08:00–17:30, one business hour to answer). */
const saturday: SlaClockJson = {
  metric: 'first_response',
  due_at: new Date(due).toISOString(),
  running: true,
  pauses_at: new Date(at('2026-03-07T17:30')).toISOString(),
  resumes_at: new Date(at('2026-03-09T08:00')).toISOString(),
  remaining_ms_at_resume: 50 * MIN,
};
/** Read Sunday noon: stopped until Monday 08:00. */
const sunday: SlaClockJson = { ...saturday, running: false, pauses_at: null };

describe('readClock: business time left from the server’s reading', () => {
  it.each([
    ['Saturday 17:25, counting', saturday, '2026-03-07T17:25', { state: 'running', leftMs: 55 * MIN, resumesAt: null }],
    ['Saturday 17:30, stopped until Monday', saturday, '2026-03-07T17:30', { state: 'paused', leftMs: 50 * MIN }],
    ['Sunday night, still 50 minutes', saturday, '2026-03-08T23:59:59', { state: 'paused', leftMs: 50 * MIN }],
    ['read on Sunday: the same', sunday, '2026-03-08T12:00', { state: 'paused', leftMs: 50 * MIN }],
    ['Monday 08:10: counting again', sunday, '2026-03-09T08:10', { state: 'running', leftMs: 40 * MIN, resumesAt: null }],
    ['Monday 09:00: overdue by 10 minutes', sunday, '2026-03-09T09:00', { state: 'overdue', leftMs: -10 * MIN, resumesAt: null }],
  ])('%s', (_label, clock, now, want) => {
    expect(readClock(due, clock, at(now))).toMatchObject({ resumesAt: at('2026-03-09T08:00'), ...want });
  });

  it('paused, the business time left does not change from second to second', () => {
    const a = readClock(due, sunday, at('2026-03-08T12:00:00'));
    const b = readClock(due, sunday, at('2026-03-08T12:00:01'));
    expect(b).toEqual(a);
  });

  it('open until the due instant, or no reading: the wall-clock time left', () => {
    const open: SlaClockJson = { ...saturday, pauses_at: null, resumes_at: null, remaining_ms_at_resume: null };
    expect(readClock(due, open, due - 5 * MIN)).toEqual({ state: 'running', leftMs: 5 * MIN, resumesAt: null });
    expect(readClock(due, null, due - 5 * MIN)).toEqual({ state: 'running', leftMs: 5 * MIN, resumesAt: null });
  });
});
