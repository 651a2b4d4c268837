import { describe, expect, it } from 'vitest';
import { MAX_MERGE_TICKETS, mergeRefusal, refusalStatus, type MergeActor, type MergeSide } from './merge.ts';

const guest = (id: number, o: Partial<MergeSide> = {}): MergeSide => ({
  id,
  role: 'customer',
  organization_id: 7,
  has_password: false,
  merged_into_id: null,
  ...o,
});
const agent: MergeActor = { role: 'agent', groupLimited: false };
const admin: MergeActor = { role: 'admin', groupLimited: false };

describe('who may merge which two people', () => {
  const cases: Array<[string, MergeActor, MergeSide, MergeSide, number, ReturnType<typeof mergeRefusal>]> = [
    ['two guests of one organization', agent, guest(1), guest(2), 3, null],
    ['two guests without an organization', agent, guest(1, { organization_id: null }), guest(2, { organization_id: null }), 0, null],
    ['into itself', admin, guest(1), guest(1), 0, 'same_person'],
    ['an agent merged away', admin, guest(1, { role: 'agent' }), guest(2), 0, 'staff_account'],
    ['into an admin', admin, guest(1), guest(2, { role: 'admin' }), 0, 'staff_account'],
    ['across organizations', admin, guest(1), guest(2, { organization_id: 8 }), 0, 'different_organization'],
    ['from none into an organization', admin, guest(1, { organization_id: null }), guest(2), 0, 'different_organization'],
    ['an account with a password, by an agent', agent, guest(1, { has_password: true }), guest(2), 0, 'account_needs_admin'],
    ['an account with a password, by an admin', admin, guest(1, { has_password: true }), guest(2), 0, null],
    ['by an agent limited to groups', { role: 'agent', groupLimited: true }, guest(1), guest(2), 0, 'group_limited'],
    ['into a tombstone', admin, guest(1), guest(2, { merged_into_id: 3 }), 0, 'target_merged'],
    ['already merged elsewhere', admin, guest(1, { merged_into_id: 3 }), guest(2), 0, 'already_merged'],
    ['already merged here (idempotent)', agent, guest(1, { merged_into_id: 2, has_password: true }), guest(2), 0, null],
    ['too many tickets', admin, guest(1), guest(2), MAX_MERGE_TICKETS + 1, 'too_many_tickets'],
    ['exactly the most tickets', admin, guest(1), guest(2), MAX_MERGE_TICKETS, null],
  ];
  for (const [name, actor, source, target, tickets, want] of cases)
    it(name, () => {
      expect(mergeRefusal(actor, source, target, tickets)).toBe(want);
    });

  it('answers the actor’s own limits with 403, a finished merge elsewhere with 409, the rest with 422', () => {
    expect(refusalStatus('account_needs_admin')).toBe('forbidden');
    expect(refusalStatus('group_limited')).toBe('forbidden');
    expect(refusalStatus('already_merged')).toBe('conflict');
    expect(refusalStatus('different_organization')).toBe('unprocessable');
  });
});
