import type { Db } from '../../db/client.ts';
import {
  CalendarNeverOpensError,
  CalendarValidationError,
  compileCalendar,
  parseCalendar,
  type CalendarSpec,
} from '../../domain/calendar/index.ts';
import { conflict, forbidden, notFound, text, unprocessable } from '../../errors.ts';
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

/** Validates a calendar's JSON: a 422 naming the bad field. */
export function validCalendar(input: unknown, prefix = 'calendar'): CalendarSpec {
  try {
    const spec = parseCalendar(input);
    compileCalendar(spec);
    return spec;
  } catch (e) {
    if (e instanceof CalendarValidationError) {
      const field = [prefix, e.field].filter(Boolean).join('.');
      const first = e.issues[0];
      // A problem the calendar editor can make is said in the reader's language; a malformed body in English.
      const said = first?.reason
        ? text(`sla.errors.calendar.${first.reason}`, {
            ...first.params,
            ...(first.params?.other !== undefined ? { other_n: Number(first.params.other) + 1 } : {}),
            field: placeOf(e.field) ?? field,
          })
        : text('sla.errors.calendar_invalid', { field, detail: e.message });
      throw unprocessable(said, { field, issues: e.issues.map((i) => ({ field: i.field, message: i.message })) });
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
  const spec = validCalendar(o.spec, '');
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
  const spec = o.spec === undefined ? undefined : validCalendar(o.spec, '');
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
