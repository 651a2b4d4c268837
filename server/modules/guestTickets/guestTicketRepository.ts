import type { Queryable } from '../../db/client.ts';
import type { Role } from '../auth/principal.ts';
import { ADDRESS_PROVEN } from '../people/peopleRepository.ts';

const ENABLED_KEY = 'guest_tickets.enabled';

export interface AddressOwner {
  id: number;
  name: string;
  role: Role;
  locale: string;
  active: boolean;
  /** The person can sign in (a password is set). */
  has_password: boolean;
  /** The address routes to this person (verified, or the primary address of a customer known only by mail). */
  proven: boolean;
}

export const guestTicketRepository = {
  async enabled(q: Queryable): Promise<boolean> {
    const v = (await q.query<{ value: unknown }>(`select value from settings where key = $1`, [ENABLED_KEY]))[0]?.value;
    // On unless an admin turned it off: email intake takes tickets without registration too.
    return v !== false;
  },
  async setEnabled(q: Queryable, enabled: boolean) {
    await q.query(
      `insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [ENABLED_KEY, JSON.stringify(enabled)],
    );
  },
  /** Who holds the typed address, if anyone. */
  async addressOwner(q: Queryable, email: string): Promise<AddressOwner | null> {
    const rows = await q.query<AddressOwner>(
      `select p.id, p.name, p.role, p.locale, p.active, p.password_hash is not null as has_password, ${ADDRESS_PROVEN} as proven
         from person_emails e join people p on p.id = e.person_id where lower(e.email) = lower($1)`,
      [email],
    );
    return rows[0] ?? null;
  },
  async isSupportAddress(q: Queryable, email: string): Promise<boolean> {
    const rows = await q.query(`select 1 from support_addresses where lower(email) = lower($1)`, [email]);
    return rows.length > 0;
  },
};
