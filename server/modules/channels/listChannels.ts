import type { Db } from '../../db/client.ts';
import { compileCalendar, type CalendarSpec } from '../../domain/calendar/index.ts';
import { includesChannel, parsePlanSettings, type ChannelKey } from '../../domain/entitlement/entitlement.ts';
import { normalizeLocale } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { planRepository } from '../plans/planRepository.ts';

interface ChannelRow {
  key: ChannelKey;
  name: Record<string, string>;
  contact: string;
  enabled: boolean;
  position: number;
  spec: CalendarSpec | null;
}

/**
 * Every channel with its service hours, whether it is open now, when it opens next, and whether the
 * viewer's plan includes it. `now` is a parameter so the answer is exact at the moment of the call.
 */
export async function listChannels(db: Db, o: { actor: Principal; now: Date }) {
  const rows = await db.query<ChannelRow>(
    `select c.key, c.name, c.contact, c.enabled, c.position, cal.spec from channels c left join calendars cal on cal.id = c.calendar_id where c.enabled order by c.position, c.key`,
  );
  const ctx = isStaff(o.actor) ? null : await planRepository.ticketContext(db, o.actor.organizationId);
  const plan = ctx?.plan_id != null ? parsePlanSettings(ctx.plan_name!, ctx.plan_settings) : null;
  const locale = normalizeLocale(o.actor.locale);
  const now = o.now.getTime();
  return {
    data: rows.map((c) => {
      const cal = c.spec ? compileCalendar(c.spec) : null;
      const open = cal ? cal.isOpen(now) : true;
      const next = cal ? cal.nextOpen(now) : now;
      return {
        key: c.key,
        name: c.name[locale] ?? c.name.en ?? c.key,
        contact: c.contact,
        entitled: includesChannel(plan, c.key),
        open_now: open,
        next_open_at: next == null ? null : new Date(next).toISOString(),
        hours: c.spec,
      };
    }),
    next_cursor: null,
  };
}
