/**
 * Who may merge which two people (docs/people.md). Pure: the use case reads the rows and the actor
 * and asks here; the answer is a refusal reason or null.
 *
 * - Only customers merge: a staff account is never merged away nor absorbs anyone (it would move a
 *   customer's tickets and addresses into a staff account, or end a colleague's sign-in).
 * - Both are in the same organization, or both in none: a merge moves tickets and addresses, and
 *   must never show one customer's conversations to another. Moving someone to another organization
 *   is an edit of its own, made and seen first.
 * - Merging away someone who signs in with a password ends that account: admins only. Agents merge
 *   the duplicates mail makes (people known only by an address, no password).
 * - An agent limited to their groups' tickets may not merge: it would move tickets they cannot see.
 */
export type MergeRefusal =
  | 'same_person'
  | 'staff_account'
  | 'different_organization'
  | 'already_merged'
  | 'target_merged'
  | 'account_needs_admin'
  | 'group_limited'
  | 'too_many_tickets';

export interface MergeSide {
  id: number;
  role: 'customer' | 'agent' | 'admin';
  organization_id: number | null;
  has_password: boolean;
  merged_into_id: number | null;
}

export interface MergeActor {
  role: 'customer' | 'agent' | 'admin';
  /** The actor is an agent limited to their groups' tickets. */
  groupLimited: boolean;
}

/** The most tickets one merge moves: every ticket records its own event inside one transaction. */
export const MAX_MERGE_TICKETS = 5000;

/** Why `source` may not be merged into `target` by `actor`, or null when it may. `source` already merged into `target` is not a refusal (idempotent). */
export function mergeRefusal(actor: MergeActor, source: MergeSide, target: MergeSide, ticketCount: number): MergeRefusal | null {
  if (source.id === target.id) return 'same_person';
  if (source.role !== 'customer' || target.role !== 'customer') return 'staff_account';
  if (source.merged_into_id != null && source.merged_into_id !== target.id) return 'already_merged';
  if (target.merged_into_id != null) return 'target_merged';
  if (source.organization_id !== target.organization_id) return 'different_organization';
  if (actor.groupLimited) return 'group_limited';
  if (source.has_password && actor.role !== 'admin' && source.merged_into_id == null) return 'account_needs_admin';
  if (ticketCount > MAX_MERGE_TICKETS) return 'too_many_tickets';
  return null;
}

/** The status a refusal answers with: the actor's own rights are 403, the two people's state 422, a finished merge elsewhere 409. */
export const refusalStatus = (r: MergeRefusal): 'forbidden' | 'unprocessable' | 'conflict' =>
  r === 'account_needs_admin' || r === 'group_limited' ? 'forbidden' : r === 'already_merged' ? 'conflict' : 'unprocessable';
