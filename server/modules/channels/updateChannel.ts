import type { Db } from '../../db/client.ts';
import { AppError, forbidden, notFound, unprocessable } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { pgCode } from '../shared/cursor.ts';
import { CHANNEL_IMAGE } from './contactLink.ts';

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
  if (!isAdmin(o.actor)) throw forbidden('Only an admin may change channels');
  if (o.image != null) {
    if (!CHANNEL_IMAGE.pattern.test(o.image))
      throw unprocessable('The image must be a PNG, JPEG or WebP data URL (data:image/png;base64,…)', { field: 'image' });
    const b64 = o.image.slice(o.image.indexOf(',') + 1);
    if (Math.floor((b64.length * 3) / 4) > CHANNEL_IMAGE.maxBytes)
      throw new AppError('payload_too_large', `The image may be at most ${CHANNEL_IMAGE.maxBytes / 1024} KiB`, { field: 'image' });
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
  } catch (e) {
    if (pgCode(e) === '23503') throw unprocessable(`Calendar ${o.calendar_id} does not exist`, { field: 'calendar_id' });
    if (pgCode(e) === '23514') throw unprocessable(`Unknown channel ${o.key}`, { field: 'key' });
    throw e;
  }
  return { key: o.key };
}
