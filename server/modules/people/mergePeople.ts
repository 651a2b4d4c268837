import type { Db } from '../../db/client.ts';
import { MAX_MERGE_TICKETS } from '../../domain/people/merge.ts';
import { notFound } from '../../errors.ts';
import { forgetAllCredentials } from '../auth/authenticate.ts';
import { authRepository } from '../auth/authRepository.ts';
import { revokeOneTimeTokens } from '../auth/oneTimeTokens.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import type { SendVerification } from '../auth/signup.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { changeTicket } from '../tickets/ticketPipeline.ts';
import { checkMerge } from './mergeCheck.ts';
import { peopleMergeRepository as repo } from './peopleMergeRepository.ts';

export type MergeResult = {
  person_id: number;
  into_id: number;
  /** False when the person had already been merged into `into_id` (the call is idempotent). */
  merged: boolean;
  tickets_moved: number;
  addresses_moved: number;
  sessions_revoked: number;
  tokens_revoked: number;
};

/**
 * Merges person `id` into `intoId` (two people who are one; docs/people.md), in one transaction:
 * their addresses move to the survivor (as secondary addresses, verified or not as they were), each
 * of their tickets names the survivor as requester through the ticket pipeline and records
 * `requester.merged`, their sessions, API tokens and one-time and private links end, and the person
 * stays as an inactive tombstone naming the survivor (`merged_into_id`), so history, message
 * authors and old links still resolve. Audited on both people. Calling it again after it succeeded
 * changes nothing and answers `merged: false`. After commit, each moved unverified address gets a
 * verification link for the survivor (an address proves only what its own link proves).
 */
export async function mergePeople(
  db: Db,
  opts: { actor: Principal; id: number; intoId: number; meta?: RequestMeta; sendVerification?: SendVerification },
): Promise<MergeResult> {
  const { actor, id, intoId } = opts;
  if (!isStaff(actor)) throw notFound('Person', id);
  const now = new Date();
  const result = await db.tx(async (q) => {
    const rows = await repo.lockPair(q, id, intoId, true);
    const ticketIds = await repo.ticketIds(q, id, MAX_MERGE_TICKETS);
    const { source, target } = checkMerge(actor, rows, { id, intoId }, ticketIds.length);
    const none = { person_id: id, into_id: intoId, tickets_moved: 0, addresses_moved: 0, sessions_revoked: 0, tokens_revoked: 0 };
    if (source.merged_into_id != null) return { ...none, merged: false, unverified: [] as string[] };

    const addresses = await repo.moveAddresses(q, id, intoId, actor.personId);
    const data = { from: id, into: intoId, from_name: source.name, into_name: target.name };
    for (const ticketId of ticketIds)
      await changeTicket(q, {
        ticketId,
        actorId: actor.personId,
        apply: () => ({ patch: { requester_id: intoId }, at: now, events: [{ type: 'requester.merged', data }], result: null }),
      });
    const sessions = await authRepository.revokePersonSessions(q, id, now);
    const tokens = await repo.revokeTokens(q, id);
    const links = await revokeOneTimeTokens(q, { personId: id, purposes: ['invite', 'password_reset', 'email_verify'] });
    await repo.markMerged(q, id, intoId, now);
    const counts = {
      tickets_moved: ticketIds.length,
      addresses_moved: addresses.length,
      sessions_revoked: sessions,
      tokens_revoked: tokens.tokens + tokens.guest_links,
    };
    const audit = { type: 'person.merged' as const, actorId: actor.personId, meta: opts.meta, at: now };
    const auditData = { ...counts, links_revoked: links, addresses: addresses.map((a) => a.email) };
    await recordAudit(q, { ...audit, personId: id, data: { into: intoId, ...auditData } });
    await recordAudit(q, { ...audit, personId: intoId, data: { from: id, ...auditData } });
    return { ...none, ...counts, merged: true, unverified: addresses.filter((a) => !a.verified).map((a) => a.email) };
  });
  const { unverified, ...answer } = result;
  if (answer.merged) forgetAllCredentials();
  for (const e of unverified) await opts.sendVerification?.(intoId, e);
  return answer;
}
