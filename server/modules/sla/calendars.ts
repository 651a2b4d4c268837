import type { Db } from '../../db/client.ts';
import {
  CalendarNeverOpensError,
  CalendarValidationError,
  compileCalendar,
  parseCalendar,
  type CalendarIssue,
  type CalendarSpec,
} from '../../domain/calendar/index.ts';
import { conflict, forbidden, notFound, text, unprocessable } from '../../errors.ts';
import { validationMessage } from '../../http/validationMessages.ts';
import { t, tightenHan } from '../../i18n/index.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';
import { pgCode } from '../shared/cursor.ts';
import { invalidateSlaConfig } from './slaConfig.ts';
import { slaRepository, type CalendarRow } from './slaRepository.ts';
import { refreshServiceHoursArticle } from '../presets/refreshServiceHours.ts';

export const presentCalendar = (c: CalendarRow) => ({
  id: c.id,
  name: c.name,
  display_name: c.display_name ?? null,
  ...c.spec,
  created_at: c.created_at,
  updated_at: c.updated_at,
});

/**
 * Where in the calendar editor a problem is, as the admin sees it ("周一的营业时间", "第 2 个节假日"), for
 * a path like `weekly.mon[1]` or `holidays[1].date`; undefined for a path the editor does not show.
 */
function placeOf(path: string) {
  const weekly = /^weekly\.(mon|tue|wed|thu|fri|sat|sun)\b/.exec(path);
  if (weekly) return text('sla.errors.calendar_place.weekly', { day: text(`sla.errors.calendar_place.days.${weekly[1]}`) });
  const listed = /^(holidays|extra_workdays)\[(\d+)\]/.exec(path);
  if (listed)
    return text(`sla.errors.calendar_place.${listed[1] === 'holidays' ? 'holiday' : 'extra_workday'}`, { n: Number(listed[2]) + 1 });
  if (path === 'timezone') return text('sla.errors.calendar_place.timezone');
  return undefined;
}

/** A time interval's place: `weekly.mon[0]` or `extra_workdays[1].hours[0]` (a pair of times). */
const INTERVAL = /^(weekly\.\w+|extra_workdays\[\d+\]\.hours)\[\d+\]$/;

/**
 * A problem of a malformed calendar in the reader's language: English keeps the schema's words; another
 * language says the kind of problem (a value of the wrong kind, a missing one, an interval that is not a
 * pair of times, a weekday that does not exist), never zod's English.
 */
function malformed(issue: CalendarIssue, locale: string): string {
  if (locale === 'en' || !issue.problem) return issue.message;
  const p = issue.problem;
  if (p.code === 'unrecognized_keys' && issue.field === 'weekly')
    return t(locale, 'sla.errors.calendar_malformed.unknown_weekday', { keys: (p.keys ?? []).join(', ') });
  if (INTERVAL.test(issue.field)) return t(locale, 'sla.errors.calendar_malformed.interval_pair');
  const said = validationMessage(p, issue.message, locale);
  return said === issue.message ? t(locale, 'http.validation.format') : said;
}

/** One problem as the details list it: where (the path) and what, in the reader's language. */
function described(issue: CalendarIssue, locale: string) {
  if (locale === 'en' || !issue.reason) return { field: issue.field, message: malformed(issue, locale) };
  return { field: issue.field, message: tightenHan(t(locale, `sla.errors.calendar.${issue.reason}`, paramsOf(issue, issue.field))) };
}

const paramsOf = (issue: CalendarIssue, field: string) => ({
  ...issue.params,
  ...(issue.params?.other !== undefined ? { other_n: Number(issue.params.other) + 1 } : {}),
  field: placeOf(issue.field) ?? field,
});

/** Validates a calendar's JSON: a 422 naming the bad field, each problem said in `locale` (the reader's language). */
export function validCalendar(input: unknown, prefix = 'calendar', locale = 'en'): CalendarSpec {
  try {
    const spec = parseCalendar(input);
    compileCalendar(spec);
    return spec;
  } catch (e) {
    if (e instanceof CalendarValidationError) {
      const field = [prefix, e.field].filter(Boolean).join('.');
      const first = e.issues[0];
      const said = first?.reason
        ? text(`sla.errors.calendar.${first.reason}`, paramsOf(first, field))
        : text('sla.errors.calendar_invalid', { field: placeOf(e.field) ?? field, detail: first ? malformed(first, locale) : e.message });
      throw unprocessable(said, { field, issues: e.issues.map((i) => described(i, locale)) });
    }
    if (e instanceof CalendarNeverOpensError)
      throw unprocessable(text('sla.errors.calendar_never_opens', { field: prefix }), { field: prefix });
    throw e;
  }
}

const admin = (a: Principal) => {
  if (!isAdmin(a)) throw forbidden(text('sla.errors.calendars_admin_only'));
};

export async function createCalendar(db: Db, o: { actor: Principal; name: string; spec: unknown; display_name?: Record<string, string> }) {
  admin(o.actor);
  const spec = validCalendar(o.spec, '', o.actor.locale);
  try {
    const row = await slaRepository.insertCalendar(db, o.name, spec, o.display_name);
    invalidateSlaConfig();
    return presentCalendar(row);
  } catch (e) {
    if (pgCode(e) === '23505') throw conflict(text('sla.errors.calendar_name_taken', { name: o.name }), { field: 'name' });
    throw e;
  }
}

export async function updateCalendar(
  db: Db,
  o: { actor: Principal; id: number; name?: string; spec?: unknown; display_name?: Record<string, string> },
) {
  admin(o.actor);
  const spec = o.spec === undefined ? undefined : validCalendar(o.spec, '', o.actor.locale);
  const row = await slaRepository.updateCalendar(db, o.id, o.name, spec, o.display_name);
  if (!row) throw notFound('Calendar', o.id);
  invalidateSlaConfig();
  await refreshServiceHoursArticle(db);
  return presentCalendar(row);
}

export async function deleteCalendar(db: Db, o: { actor: Principal; id: number }) {
  admin(o.actor);
  if (!(await slaRepository.getCalendar(db, o.id))) throw notFound('Calendar', o.id);
  if (await slaRepository.calendarInUse(db, o.id)) throw conflict(text('sla.errors.calendar_in_use'));
  await slaRepository.deleteCalendar(db, o.id);
  invalidateSlaConfig();
  await refreshServiceHoursArticle(db);
}

export async function listCalendars(db: Db, o: { actor: Principal }) {
  if (!isStaff(o.actor)) throw forbidden(text('sla.errors.calendars_staff_only'));
  return { data: (await slaRepository.listCalendars(db)).map(presentCalendar), next_cursor: null };
}

export async function getCalendar(db: Db, o: { actor: Principal; id: number }) {
  if (!isStaff(o.actor)) throw forbidden(text('sla.errors.calendars_staff_only'));
  const c = await slaRepository.getCalendar(db, o.id);
  if (!c) throw notFound('Calendar', o.id);
  return presentCalendar(c);
}
