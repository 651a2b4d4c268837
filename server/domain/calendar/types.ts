/**
 * Business calendar contract. All instants are epoch milliseconds (UTC),
 * all durations are milliseconds. Pure: no clock, no I/O.
 */

/** "HH:MM" local wall time; "24:00" is allowed as an end. */
export type HHMM = string;
export type Interval = [HHMM, HHMM];
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** The JSON shape of a calendar, as stored and as sent over the API. */
export interface CalendarSpec {
  timezone: string;
  weekly: Record<Weekday, Interval[]>;
  /** Whole local dates (no from/to) or partial closures (from/to). */
  holidays: Array<{ date: string; from?: HHMM; to?: HHMM; name?: string }>;
  /** Dates whose weekly hours are replaced by `hours` (make-up workdays, 调休). */
  extra_workdays: Array<{ date: string; hours: Interval[]; name?: string }>;
}

export interface Calendar {
  readonly spec: CalendarSpec;
  /** Instant at which `durationMs` of open time has passed since `startMs`. */
  due(startMs: number, durationMs: number): number;
  /** Open time between two instants; 0 when to <= from. */
  elapsed(fromMs: number, toMs: number): number;
  /** The instant itself when open, else the next opening (null if never opens again). */
  nextOpen(ms: number): number | null;
  /** The instant itself when closed, else the end of the open stretch it is in (null if that stretch outlasts the nextOpen horizon). */
  nextClose(ms: number): number | null;
  isOpen(ms: number): boolean;
}
