import type { Db } from '../../db/client.ts';
import { MAX_MERGE_TICKETS } from '../../domain/people/merge.ts';
import { notFound } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { checkMerge } from './mergeCheck.ts';
import { peopleMergeRepository as repo } from './peopleMergeRepository.ts';

/**
 * What merging `id` into `intoId` would move, without changing anything: the same checks as the
 * merge itself (a refusal is answered the same way), then counts. Tickets are counted up to
 * MAX_MERGE_TICKETS + 1 index entries, so the preview stays cheap whatever the person's history.
 */
export async function previewPeopleMerge(db: Db, opts: { actor: Principal; id: number; intoId: number }) {
  const { actor, id, intoId } = opts;
  if (!isStaff(actor)) throw notFound('Person', id);
  const rows = await repo.lockPair(db, id, intoId, false);
  const tickets = await repo.countTickets(db, id, MAX_MERGE_TICKETS);
  const { source, target } = checkMerge(actor, rows, { id, intoId }, tickets);
  const already = source.merged_into_id != null;
  return {
    person: { id, name: source.name },
    into: { id: intoId, name: target.name },
    already_merged: already,
    tickets: already ? 0 : tickets,
    addresses: already ? [] : await repo.addresses(db, id),
    sessions: already ? 0 : await repo.openSessionCount(db, id),
  };
}
