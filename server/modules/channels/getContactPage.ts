import type { Db } from '../../db/client.ts';
import type { CalendarSpec } from '../../domain/calendar/index.ts';
import { normalizeLocale } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { planRepository } from '../plans/planRepository.ts';
import { guestTicketRepository } from '../guestTickets/guestTicketRepository.ts';
import { channelsFor, openingOf } from './listChannels.ts';

/**
 * The contact page (docs/contact-page.md): every channel with its contact, hours, open now / next
 * opening, purpose and whether the reader's plan includes or recommends it; the desk's standard
 * hours (setting `contact.standard_calendar`, a calendar's name); what support will not do (the
 * plan's `will_not_do`); and whether the public request form takes requests. People who are not
 * signed in (and customers without an organization) see it as the desk's default plan.
 */
export async function getContactPage(db: Db, o: { actor: Principal | null; locale: string; now: Date }) {
  const locale = normalizeLocale(o.actor?.locale ?? o.locale);
  const ctx = o.actor && isStaff(o.actor) ? null : await planRepository.ticketContext(db, o.actor?.organizationId ?? null);
  const channels = await channelsFor(db, { ctx, locale, now: o.now });
  const std = (
    await db.query<{ name: string; spec: CalendarSpec; response_times: boolean }>(
      // response_times: some SLA target counts in these hours (seed 001's "1 business hour").
      `select c.name, c.spec,
              exists (select 1 from sla_policies p where p.targets @> jsonb_build_array(jsonb_build_object('calendar_id', c.id::text))) as response_times
         from settings s join calendars c on c.name = s.value #>> '{}'
        where s.key = 'contact.standard_calendar' and jsonb_typeof(s.value) = 'string' order by c.id limit 1`,
    )
  )[0];
  const wnd = ctx?.plan_settings?.will_not_do;
  const will_not_do = (Array.isArray(wnd) ? wnd : [])
    .map((x: unknown) =>
      typeof x === 'string'
        ? x
        : x && typeof x === 'object'
          ? ((x as Record<string, unknown>)[locale] ?? (x as Record<string, unknown>).en)
          : null,
    )
    .filter((x): x is string => typeof x === 'string' && x !== '');
  return {
    channels,
    standard_hours: std ? { name: std.name, hours: std.spec, ...openingOf(std.spec, o.now), response_times: std.response_times } : null,
    will_not_do,
    guest_form: await guestTicketRepository.enabled(db),
  };
}
