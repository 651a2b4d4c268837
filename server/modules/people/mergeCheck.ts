import { MAX_MERGE_TICKETS, mergeRefusal, refusalStatus } from '../../domain/people/merge.ts';
import { AppError, notFound, unprocessable } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isAdmin, isStaff, type Principal } from '../auth/principal.ts';
import type { MergePersonRow } from './peopleMergeRepository.ts';

/**
 * The checks a merge and its preview share: customers learn nothing (404), an unknown person in the
 * path is a 404 and an unknown `into_id` a 422; the domain's refusals answer in the actor's language
 * with `details.reason`.
 */
export function checkMerge(
  actor: Principal,
  rows: MergePersonRow[],
  ids: { id: number; intoId: number },
  ticketCount: number,
): { source: MergePersonRow; target: MergePersonRow } {
  if (!isStaff(actor)) throw notFound('Person', ids.id);
  const source = rows.find((r) => Number(r.id) === ids.id);
  const target = rows.find((r) => Number(r.id) === ids.intoId);
  if (!source) throw notFound('Person', ids.id);
  if (!target)
    throw unprocessable(t(actor.locale, 'people.merge.unknown_target', { id: ids.intoId }), { field: 'into_id', reason: 'unknown_person' });
  const refusal = mergeRefusal(
    { role: isAdmin(actor) ? 'admin' : 'agent', groupLimited: !isAdmin(actor) && actor.ticketGroups != null },
    side(source),
    side(target),
    ticketCount,
  );
  if (refusal)
    throw new AppError(
      refusalStatus(refusal),
      t(actor.locale, `people.merge.${refusal}`, { from: source.name, into: target.name, max: MAX_MERGE_TICKETS }),
      {
        field: 'into_id',
        reason: refusal,
      },
    );
  return { source, target };
}

const side = (r: MergePersonRow) => ({
  id: Number(r.id),
  role: r.role,
  organization_id: r.organization_id == null ? null : Number(r.organization_id),
  has_password: r.has_password,
  merged_into_id: r.merged_into_id == null ? null : Number(r.merged_into_id),
});
