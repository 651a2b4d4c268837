import { compileCalendar } from '../../domain/calendar/index.ts';
import { invalid, text, unprocessable } from '../../errors.ts';
import { validCalendar } from './calendars.ts';

export type PreviewInput =
  | { calendar: unknown; op: 'due'; start: string; minutes: number }
  | { calendar: unknown; op: 'elapsed'; start: string; end: string }
  | { calendar: unknown; op: 'next_open'; start: string }
  | { calendar: unknown; op: 'is_open'; start: string };

/** Times a preview answers about: from 1900 to the end of 9999 (an ISO-8601 year has four digits). */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(10000, 0, 1) - 1;

const instant = (v: string, field: string) => {
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw invalid(text('sla.errors.not_iso_time', { field }), { field });
  if (ms < EARLIEST || ms > LATEST) throw unprocessable(text('sla.errors.year_range', { field }), { field });
  return ms;
};

const iso = (ms: number | null, field: string) => {
  if (ms == null) return null;
  if (!Number.isFinite(ms) || ms > LATEST) throw unprocessable(text('sla.errors.after_year_9999', { field }), { field });
  return new Date(ms).toISOString();
};

/**
 * Answers "a ticket arriving … is due …" for a calendar that may not be saved yet. Pure apart from parsing;
 * a malformed calendar's problems are said in `locale`.
 */
export function previewCalendar(input: PreviewInput, locale = 'en') {
  try {
    return preview(input, locale);
  } catch (e) {
    // The calendar refuses to count past its range (the year 9999): say so, in the one error shape.
    if (e instanceof RangeError)
      throw unprocessable(text('sla.errors.outside_calendar_years', { detail: e.message }), {
        field: input.op === 'elapsed' ? 'end' : 'minutes',
      });
    throw e;
  }
}

function preview(input: PreviewInput, locale: string) {
  const cal = compileCalendar(validCalendar(input.calendar, 'calendar', locale));
  const start = instant(input.start, 'start');
  switch (input.op) {
    case 'due': {
      if (!(input.minutes >= 0)) throw unprocessable(text('sla.errors.minutes_negative'), { field: 'minutes' });
      return { due: iso(cal.due(start, Math.round(input.minutes * 60_000)), 'due') };
    }
    case 'elapsed':
      return { minutes: cal.elapsed(start, instant(input.end, 'end')) / 60_000 };
    case 'next_open':
      return { next_open: iso(cal.nextOpen(start), 'next_open') };
    case 'is_open':
      return { open: cal.isOpen(start) };
  }
}
