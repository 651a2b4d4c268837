/**
 * Validation of calendar specs (zod). Every failure becomes a
 * `CalendarValidationError` whose `.field` names the offending path, e.g.
 * `weekly.mon[0][1]`, `timezone`, `holidays[2].date`.
 */
import { z } from 'zod';
import type { CalendarSpec, Interval, Weekday } from './types.ts';
import { daysFromCivil, isValidTimeZone } from './zone.ts';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** What a problem a person can make in the calendar editor is (the API says it in the reader's language). */
export type CalendarIssueReason =
  | 'bad_start_time'
  | 'start_at_2400'
  | 'bad_end_time'
  | 'bad_date'
  | 'unknown_time_zone'
  | 'empty_interval'
  | 'overlap'
  | 'partial_holiday_missing'
  | 'partial_holiday_inverted'
  | 'extra_workday_twice';

export interface CalendarIssue {
  field: string;
  /** In English. */
  message: string;
  /** Set for the problems of a well-formed calendar; `params` fill the text (`value`: the bad input as JSON). */
  reason?: CalendarIssueReason;
  params?: Record<string, string>;
  /** For a malformed calendar (no `reason`): what kind of problem the schema found, so it can be said in any language. */
  problem?: CalendarProblem;
}

/** The parts of a schema problem a message is made from (zod's issue, and the value found at its path). */
export interface CalendarProblem {
  code: string;
  origin?: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  keys?: string[];
  values?: unknown[];
  format?: string;
  input?: unknown;
}

export class CalendarValidationError extends Error {
  /** Path of the first bad field, e.g. `weekly.mon[0][1]` ('' for the whole input). */
  readonly field: string;
  /** Every problem found, first one first. */
  readonly issues: CalendarIssue[];

  constructor(issues: CalendarIssue[]) {
    const first = issues[0] ?? { field: '', message: 'invalid calendar' };
    super(first.message);
    this.name = 'CalendarValidationError';
    this.field = first.field;
    this.issues = issues;
  }
}

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after local midnight of "HH:MM" ("24:00" → 1440). Assumes validated input. */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Day number (days since 1970-01-01) of a validated "YYYY-MM-DD". */
export function dayNumberOf(date: string): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

function isRealDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]),
    mo = Number(m[2]),
    d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const dim = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= dim[mo - 1];
}

const startTime = z.string().refine((s) => TIME_RE.test(s), {
  params: { reason: 'bad_start_time' },
  error: (iss) =>
    iss.input === '24:00'
      ? '"24:00" is only allowed as an end time'
      : `bad time ${JSON.stringify(iss.input)}: expected "HH:MM" between 00:00 and 23:59`,
});
const endTime = z.string().refine((s) => s === '24:00' || TIME_RE.test(s), {
  params: { reason: 'bad_end_time' },
  error: (iss) => `bad time ${JSON.stringify(iss.input)}: expected "HH:MM" between 00:00 and 24:00`,
});
const dateString = z.string().refine(isRealDate, {
  params: { reason: 'bad_date' },
  error: (iss) => `bad date ${JSON.stringify(iss.input)}: expected a real calendar date "YYYY-MM-DD"`,
});
const interval = z.tuple([startTime, endTime], {
  error: 'an interval must be a pair ["HH:MM", "HH:MM"]',
});
const intervals = z.array(interval, { error: 'expected a list of ["HH:MM", "HH:MM"] intervals' });
const day = intervals.default(() => []);

const schema = z.object(
  {
    timezone: z.string({ error: 'timezone is required: an IANA time zone name such as "Asia/Shanghai"' }).refine(isValidTimeZone, {
      params: { reason: 'unknown_time_zone' },
      error: (iss) => `unknown time zone ${JSON.stringify(iss.input)}`,
    }),
    weekly: z
      .strictObject(
        { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
        {
          error: (iss) =>
            iss.code === 'unrecognized_keys'
              ? `unknown weekday ${iss.keys.map((k) => JSON.stringify(k)).join(', ')}: use mon, tue, wed, thu, fri, sat, sun`
              : 'weekly must be an object keyed by mon…sun',
        },
      )
      .default(() => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] })),
    holidays: z
      .array(
        z.object(
          { date: dateString, from: startTime.optional(), to: endTime.optional(), name: z.string().optional() },
          { error: 'a holiday must be an object { date, from?, to?, name? }' },
        ),
        { error: 'holidays must be a list' },
      )
      .default(() => []),
    extra_workdays: z
      .array(
        z.object(
          { date: dateString, hours: intervals, name: z.string().optional() },
          { error: 'an extra workday must be an object { date, hours, name? }' },
        ),
        { error: 'extra_workdays must be a list' },
      )
      .default(() => []),
  },
  { error: 'a calendar must be an object { timezone, weekly, holidays, extra_workdays }' },
);

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** A schema problem; one of ours (a refinement naming its reason) carries the reason and the bad value. */
function schemaIssue(iss: z.core.$ZodIssue, input: unknown): CalendarIssue {
  const field = formatPath(iss.path);
  const named = iss.code === 'custom' ? (iss.params as { reason?: CalendarIssueReason } | undefined)?.reason : undefined;
  const value: unknown = iss.path.reduce<unknown>(
    (o, k) => (o != null && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined),
    input,
  );
  if (!named) {
    const { code, origin, expected, minimum, maximum, keys, values, format } = iss as z.core.$ZodIssue & Omit<CalendarProblem, 'code'>;
    const parts = { origin, expected, minimum, maximum, keys, values, format, input: value ?? undefined };
    const problem = Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== undefined));
    return { field, message: iss.message, problem: { code, ...problem } };
  }
  const reason = named === 'bad_start_time' && value === '24:00' ? 'start_at_2400' : named;
  return { field, message: iss.message, reason, params: { value: JSON.stringify(value) } };
}

/** Problems zod cannot see: empty or overlapping intervals, inverted closures, duplicates. */
function semanticIssues(spec: CalendarSpec): CalendarIssue[] {
  const issues: CalendarIssue[] = [];
  const checkDay = (list: Interval[], where: string) => {
    const spans = list.map(([a, b], i) => {
      const s = minutesOf(a);
      let e = minutesOf(b);
      if (e === s)
        issues.push({
          field: `${where}[${i}]`,
          message: `interval ${a}–${b} is empty: start equals end`,
          reason: 'empty_interval',
          params: { from: a, to: b },
        });
      if (e < s) e += 1440; // overnight: runs past midnight, belongs to its start day
      return { s, e, i };
    });
    spans.sort((x, y) => x.s - y.s || x.e - y.e);
    for (let k = 1; k < spans.length; k++) {
      const prev = spans[k - 1],
        cur = spans[k];
      if (prev.e > prev.s && cur.e > cur.s && cur.s < prev.e) {
        const later = Math.max(prev.i, cur.i),
          earlier = Math.min(prev.i, cur.i);
        issues.push({
          field: `${where}[${later}]`,
          message: `interval ${list[later][0]}–${list[later][1]} overlaps ${list[earlier][0]}–${list[earlier][1]} on the same day`,
          reason: 'overlap',
          params: { from: list[later][0], to: list[later][1], other_from: list[earlier][0], other_to: list[earlier][1] },
        });
      }
    }
  };
  for (const wd of WEEKDAYS) checkDay(spec.weekly[wd], `weekly.${wd}`);
  spec.holidays.forEach((h, i) => {
    if ((h.from === undefined) !== (h.to === undefined)) {
      const missing = h.from === undefined ? 'from' : 'to';
      issues.push({
        field: `holidays[${i}].${missing}`,
        message: `a partial holiday needs both "from" and "to" ("${missing}" is missing)`,
        reason: 'partial_holiday_missing',
        params: { missing },
      });
    } else if (h.from !== undefined && h.to !== undefined && minutesOf(h.to) <= minutesOf(h.from)) {
      issues.push({
        field: `holidays[${i}].to`,
        message: `partial holiday closes ${h.from}–${h.to}: "to" must be later than "from" on the same date`,
        reason: 'partial_holiday_inverted',
        params: { from: h.from, to: h.to },
      });
    }
  });
  const seen = new Map<string, number>();
  spec.extra_workdays.forEach((x, i) => {
    const prev = seen.get(x.date);
    if (prev !== undefined) {
      issues.push({
        field: `extra_workdays[${i}].date`,
        message: `extra workday ${x.date} is listed twice (also extra_workdays[${prev}])`,
        reason: 'extra_workday_twice',
        params: { date: x.date, other: String(prev) },
      });
    }
    seen.set(x.date, i);
    checkDay(x.hours, `extra_workdays[${i}].hours`);
  });
  return issues;
}

/** Validates and normalises a calendar (missing weekdays/lists default to []). */
export function parseCalendar(input: unknown): CalendarSpec {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw new CalendarValidationError(r.error.issues.map((iss) => schemaIssue(iss, input)));
  }
  const d = r.data;
  const spec: CalendarSpec = {
    timezone: d.timezone,
    weekly: {
      mon: d.weekly.mon,
      tue: d.weekly.tue,
      wed: d.weekly.wed,
      thu: d.weekly.thu,
      fri: d.weekly.fri,
      sat: d.weekly.sat,
      sun: d.weekly.sun,
    },
    holidays: d.holidays.map((h) => ({
      date: h.date,
      ...(h.from !== undefined ? { from: h.from } : {}),
      ...(h.to !== undefined ? { to: h.to } : {}),
      ...(h.name !== undefined ? { name: h.name } : {}),
    })),
    extra_workdays: d.extra_workdays.map((x) => ({
      date: x.date,
      hours: x.hours,
      ...(x.name !== undefined ? { name: x.name } : {}),
    })),
  };
  const issues = semanticIssues(spec);
  if (issues.length > 0) throw new CalendarValidationError(issues);
  return spec;
}
