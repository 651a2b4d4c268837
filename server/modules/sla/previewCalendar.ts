import { compileCalendar } from '../../domain/calendar/index.ts';
import { invalid, unprocessable } from '../../errors.ts';
import { validCalendar } from './calendars.ts';

export type PreviewInput =
  | { calendar: unknown; op: 'due'; start: string; minutes: number }
  | { calendar: unknown; op: 'elapsed'; start: string; end: string }
  | { calendar: unknown; op: 'next_open'; start: string }
  | { calendar: unknown; op: 'is_open'; start: string };

const instant = (v: string, field: string) => {
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw invalid(`${field} is not an ISO-8601 time`, { field });
  return ms;
};

/** Answers "a ticket arriving … is due …" for a calendar that may not be saved yet. Pure apart from parsing. */
export function previewCalendar(input: PreviewInput) {
  const cal = compileCalendar(validCalendar(input.calendar));
  const start = instant(input.start, 'start');
  switch (input.op) {
    case 'due': {
      if (!(input.minutes >= 0)) throw unprocessable('minutes must be zero or more', { field: 'minutes' });
      return { due: new Date(cal.due(start, Math.round(input.minutes * 60_000))).toISOString() };
    }
    case 'elapsed': return { minutes: cal.elapsed(start, instant(input.end, 'end')) / 60_000 };
    case 'next_open': { const n = cal.nextOpen(start); return { next_open: n == null ? null : new Date(n).toISOString() }; }
    case 'is_open': return { open: cal.isOpen(start) };
  }
}
