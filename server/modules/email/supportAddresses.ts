import type { Db, Queryable } from '../../db/client.ts';
import { conflict, forbidden, notFound, text, unprocessable } from '../../errors.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { pgCode } from '../shared/cursor.ts';
import { t } from '../../i18n/index.ts';
import { supportAddressRepository, type SupportAddressRow } from './supportAddressRepository.ts';

/** The addresses Kefu accepts mail for (and their `+token` reply forms). Admins manage them. */
let generation = 0;
/** Bumped on every change, so the SMTP server's recipient cache refreshes at once in this process. */
export const supportAddressGeneration = () => generation;

const present = (a: SupportAddressRow) => ({
  id: a.id,
  email: a.email,
  name: a.name,
  is_default: a.is_default,
  group_id: a.group_id == null ? null : Number(a.group_id),
  created_at: a.created_at,
  updated_at: a.updated_at,
});

function adminOnly(actor: Principal) {
  if (!isAdmin(actor)) throw forbidden(text('email.errors.addresses_admin_only'));
}
function checkPlainAddress(email: string) {
  if (email.split('@')[0].includes('+')) throw unprocessable(text('email.errors.address_plus'), { field: 'email' });
}

async function saving<T>(fn: () => Promise<T>, email?: string): Promise<T> {
  try {
    const r = await fn();
    generation++;
    return r;
  } catch (e) {
    if (pgCode(e) === '23505') throw conflict(text('email.errors.address_taken', { email }), { field: 'email' });
    throw e;
  }
}

export async function listSupportAddresses(db: Db, opts: { actor: Principal }) {
  adminOnly(opts.actor);
  return { data: (await supportAddressRepository.list(db)).map(present) };
}

/** A group an address sends its tickets to must exist (422 on `group_id`, in the admin's language). */
async function checkGroup(q: Queryable, actor: Principal, groupId: number | null | undefined) {
  if (groupId == null) return;
  const found = await q.query(`select 1 from groups where id = $1 and deleted_at is null`, [groupId]);
  if (!found.length) throw unprocessable(t(actor.locale, 'email.addresses.no_such_group'), { field: 'group_id' });
}

export async function createSupportAddress(
  db: Db,
  opts: { actor: Principal; email: string; name?: string; is_default?: boolean; group_id?: number | null },
) {
  adminOnly(opts.actor);
  checkPlainAddress(opts.email);
  await checkGroup(db, opts.actor, opts.group_id);
  const id = await saving(
    () =>
      db.tx((q) =>
        supportAddressRepository.insert(q, {
          email: opts.email,
          name: opts.name ?? '',
          isDefault: opts.is_default ?? false,
          groupId: opts.group_id ?? null,
        }),
      ),
    opts.email,
  );
  return present((await supportAddressRepository.get(db, id))!);
}

export async function updateSupportAddress(
  db: Db,
  opts: { actor: Principal; id: number; email?: string; name?: string; is_default?: boolean; group_id?: number | null },
) {
  adminOnly(opts.actor);
  if (opts.email) checkPlainAddress(opts.email);
  await checkGroup(db, opts.actor, opts.group_id);
  const current = await supportAddressRepository.get(db, opts.id);
  if (!current) throw notFound('Support address', opts.id);
  // Only the default can stop being it, and only by another becoming it; false on any other address changes nothing.
  if (opts.is_default === false && current.is_default)
    throw unprocessable(t(opts.actor.locale, 'email.addresses.default_needed'), { field: 'is_default' });
  await saving(
    () =>
      db.tx((q) =>
        supportAddressRepository.update(q, opts.id, {
          email: opts.email,
          name: opts.name,
          isDefault: opts.is_default,
          groupId: opts.group_id,
        }),
      ),
    opts.email,
  );
  return present((await supportAddressRepository.get(db, opts.id))!);
}

export async function deleteSupportAddress(db: Db, opts: { actor: Principal; id: number }) {
  adminOnly(opts.actor);
  const removed = await saving(() =>
    db.tx(async (q) => {
      const gone = await supportAddressRepository.remove(q, opts.id);
      await supportAddressRepository.ensureDefault(q);
      return gone;
    }),
  );
  if (!removed) throw notFound('Support address', opts.id);
}

/** KEFU_SUPPORT_EMAIL becomes the first support address at boot (no-op when it exists). */
export async function seedSupportAddress(q: Queryable, email: string) {
  if (await supportAddressRepository.byEmail(q, email)) return;
  await supportAddressRepository.insertIfMissing(q, email);
  generation++;
}
