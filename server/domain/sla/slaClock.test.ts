import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { compileCalendar, type Interval } from '../calendar/index.ts';
import { slaClock } from './slaClock.ts';
import type { MetricState, SlaState } from './types.ts';

const SH = 'Asia/Shanghai';
const MIN = 60_000;
const at = (local: string) => Temporal.PlainDateTime.from(local).toZonedDateTime(SH).epochMilliseconds;
const day: Interval[] = [['08:00', '17:30']];
/** The business-hours preset: Mon–Sat 08:00–17:30 Beijing time, here with the National Day holidays. */
const standard = compileCalendar({
  timezone: SH,
  weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: [] },
  holidays: [1, 2, 3, 4, 5, 6, 7].map((d) => ({ date: `2026-10-0${d}` })),
  extra_workdays: [],
});
const calendars = () => standard;

/** A first-response clock of one business hour, started at `created` (due as the calendar says). */
function state(created: string, over: Partial<MetricState> = {}): SlaState {
  const due = standard.due(at(created), 60 * MIN);
  const metric: MetricState = {
    metric: 'first_response',
    target_minutes: 60,
    calendar_id: '1',
    status: 'running',
    due_at: due,
    started_at: at(created),
    stopped_at: null,
    business_ms: 0,
    breached_at: null,
    ...over,
  };
  return { policy_id: '1', kind: 'sla', priority: 'P3', status: 'new', as_of: at(created), metrics: [metric], next_breach_at: due };
}

describe('slaClock: the countdown’s clock read from its calendar', () => {
  const saturday = state('2026-03-07T17:20');

  it('a ticket created Saturday 17:20 is due Monday 08:50', () => {
    expect(saturday.next_breach_at).toBe(at('2026-03-09T08:50'));
  });

  it.each([
    // Still open: counting until 17:30, then stopped until Monday 08:00 with 50 minutes left.
    ['Saturday 17:25', '2026-03-07T17:25', { running: true, pauses_at: at('2026-03-07T17:30'), resumes_at: at('2026-03-09T08:00') }],
    // Closing time is closed (half-open hours).
    ['Saturday 17:30', '2026-03-07T17:30', { running: false, pauses_at: null, resumes_at: at('2026-03-09T08:00') }],
    ['Sunday noon', '2026-03-08T12:00', { running: false, pauses_at: null, resumes_at: at('2026-03-09T08:00') }],
    ['Monday 07:59', '2026-03-09T07:59', { running: false, pauses_at: null, resumes_at: at('2026-03-09T08:00') }],
  ])('%s', (_label, now, want) => {
    expect(slaClock({ state: saturday, calendars, now: at(now) })).toEqual({
      metric: 'first_response',
      due_at: at('2026-03-09T08:50'),
      remaining_ms_at_resume: 50 * MIN,
      ...want,
    });
  });

  it('running with its hours open until the due instant: nothing stops it', () => {
    expect(slaClock({ state: saturday, calendars, now: at('2026-03-09T08:10') })).toMatchObject({
      running: true,
      pauses_at: null,
      resumes_at: null,
      remaining_ms_at_resume: null,
    });
  });

  it('overdue: only whether the hours are open', () => {
    expect(slaClock({ state: saturday, calendars, now: at('2026-03-09T09:00') })).toMatchObject({ running: true, resumes_at: null });
    expect(slaClock({ state: saturday, calendars, now: at('2026-03-09T18:00') })).toMatchObject({ running: false, resumes_at: null });
  });

  it('holidays: a ticket from the evening before National Day resumes after the holidays', () => {
    const s = state('2026-09-30T17:00');
    expect(slaClock({ state: s, calendars, now: at('2026-10-03T10:00') })).toMatchObject({
      running: false,
      resumes_at: at('2026-10-08T08:00'),
      remaining_ms_at_resume: 30 * MIN,
    });
  });

  it('no running clock: nothing to show', () => {
    expect(slaClock({ state: null, calendars, now: 0 })).toBeNull();
    expect(slaClock({ state: { ...saturday, next_breach_at: null }, calendars, now: at('2026-03-08T12:00') })).toBeNull();
  });
});
