import type { Db } from '../../db/client.ts';
import { isStaff, type Principal, type Role } from '../auth/principal.ts';
import { decodeCursor, page } from '../shared/cursor.ts';
import { peopleRepository } from './peopleRepository.ts';
import { presentPersonFor } from './personPresenter.ts';

/** Staff see everyone; a customer sees the people of their own organization (or only themselves). */
export async function listPeople(
  db: Db,
  opts: { actor: Principal; role?: Role; organization_id?: number; q?: string; cursor?: string; limit: number },
) {
  const { actor } = opts;
  const after = decodeCursor(opts.cursor, 2) as [string, number] | null;
  let organizationId = opts.organization_id;
  if (!isStaff(actor)) {
    if (actor.organizationId == null) {
      const me = await peopleRepository.get(db, actor.personId!);
      return { data: me && !after ? [presentPersonFor(actor, me)] : [], next_cursor: null };
    }
    if (organizationId != null && organizationId !== actor.organizationId) return { data: [], next_cursor: null };
    organizationId = actor.organizationId;
  }
  const rows = await peopleRepository.list(db, { role: opts.role, organizationId, q: opts.q, after, limit: opts.limit + 1 });
  const p = page(rows, opts.limit, (r) => [r.name.toLowerCase(), r.id]);
  return { data: p.data.map((r) => presentPersonFor(actor, r)), next_cursor: p.next_cursor };
}
