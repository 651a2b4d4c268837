import type { Db } from '../../db/client.ts';
import { forbidden, localizedError, notFound, text, unprocessable } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { pgCode } from '../shared/cursor.ts';
import { CHANNEL_IMAGE } from './contactLink.ts';
import { refreshServiceHoursArticle } from '../presets/refreshServiceHours.ts';

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
    /** What the channel is for, per language (shown on the contact page). */
    purpose?: Record<string, string>;
    /** A data URL (PNG, JPEG, WebP; a QR code), or null to remove it. */
    image?: string | null;
  },
) {
  if (!isAdmin(o.actor)) throw forbidden(text('channels.errors.admin_only'));
  if (o.image != null) {
    if (!CHANNEL_IMAGE.pattern.test(o.image)) throw unprocessable(text('channels.errors.image_format'), { field: 'image' });
    const b64 = o.image.slice(o.image.indexOf(',') + 1);
    if (Math.floor((b64.length * 3) / 4) > CHANNEL_IMAGE.maxBytes)
      throw localizedError(
        'payload_too_large',
        'channels.errors.image_too_large',
        { field: 'image' },
        { kib: CHANNEL_IMAGE.maxBytes / 1024 },
      );
  }
  try {
    const rows = await db.query(
      `insert into channels (key, name, contact, calendar_id, enabled, position) values ($1, coalesce($2, jsonb_build_object('en', $1::text)), coalesce($3, ''), $4, coalesce($5, true), coalesce($6, 0))
       on conflict (key) do update set name = coalesce($2, channels.name), contact = coalesce($3, channels.contact),
         calendar_id = case when $7 then $4 else channels.calendar_id end, enabled = coalesce($5, channels.enabled), position = coalesce($6, channels.position),
         purpose = coalesce($8, channels.purpose), image = case when $10 then $9 else channels.image end
       returning key`,
      [
        o.key,
        o.name ? JSON.stringify(o.name) : null,
        o.contact ?? null,
        o.calendar_id ?? null,
        o.enabled ?? null,
        o.position ?? null,
        o.calendar_id !== undefined,
        o.purpose ? JSON.stringify(o.purpose) : null,
        o.image ?? null,
        o.image !== undefined,
      ],
    );
    if (!rows.length) throw notFound('Channel', o.key);
    await refreshServiceHoursArticle(db);
  } catch (e) {
    if (pgCode(e) === '23503')
      throw unprocessable(text('channels.errors.calendar_unknown', { id: o.calendar_id }), { field: 'calendar_id' });
    if (pgCode(e) === '23514') throw unprocessable(text('channels.errors.unknown_channel', { key: o.key }), { field: 'key' });
    throw e;
  }
  return { key: o.key };
}
