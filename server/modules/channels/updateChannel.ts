import type { Db } from '../../db/client.ts';
import { forbidden, notFound, unprocessable } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { pgCode } from '../shared/cursor.ts';

/** An admin sets a channel's name, contact, service hours (a calendar) or turns it off. */
export async function updateChannel(
  db: Db,
  o: {
    actor: Principal;
    key: string;
    name?: Record<string, string>;
    contact?: string;
    calendar_id?: number | null;
    enabled?: boolean;
    position?: number;
  },
) {
  if (!isAdmin(o.actor)) throw forbidden('Only an admin may change channels');
  try {
    const rows = await db.query(
      `insert into channels (key, name, contact, calendar_id, enabled, position) values ($1, coalesce($2, jsonb_build_object('en', $1::text)), coalesce($3, ''), $4, coalesce($5, true), coalesce($6, 0))
       on conflict (key) do update set name = coalesce($2, channels.name), contact = coalesce($3, channels.contact),
         calendar_id = case when $7 then $4 else channels.calendar_id end, enabled = coalesce($5, channels.enabled), position = coalesce($6, channels.position)
       returning key`,
      [
        o.key,
        o.name ? JSON.stringify(o.name) : null,
        o.contact ?? null,
        o.calendar_id ?? null,
        o.enabled ?? null,
        o.position ?? null,
        o.calendar_id !== undefined,
      ],
    );
    if (!rows.length) throw notFound('Channel', o.key);
  } catch (e) {
    if (pgCode(e) === '23503') throw unprocessable(`Calendar ${o.calendar_id} does not exist`, { field: 'calendar_id' });
    if (pgCode(e) === '23514') throw unprocessable(`Unknown channel ${o.key}`, { field: 'key' });
    throw e;
  }
  return { key: o.key };
}
