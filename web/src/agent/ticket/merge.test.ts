import { describe, expect, it } from 'vitest';
import { mergeCandidatesQuery, mergeRefusal, mergeReopensTarget } from './merge.ts';

describe('the merge dialog', () => {
  it('reads a number with or without #, else words', () => {
    expect(mergeCandidatesQuery('#1000')).toEqual({ number: 1000 });
    expect(mergeCandidatesQuery(' 1000 ')).toEqual({ number: 1000 });
    expect(mergeCandidatesQuery('退款')).toEqual({ q: '退款' });
    expect(mergeCandidatesQuery('a')).toBeNull();
    expect(mergeCandidatesQuery('   ')).toBeNull();
    expect(mergeCandidatesQuery('9'.repeat(40))).toEqual({ q: '9'.repeat(40) });
  });
  it('says why before the server refuses', () => {
    const a = { id: 1, status: 'open', organization_id: 7, requester_id: 3 };
    expect(mergeRefusal(a, { ...a, id: 2 })).toBeNull();
    expect(mergeRefusal(a, { ...a, id: 2, status: 'closed' })).toBe('target_closed');
    expect(mergeRefusal(a, { ...a, id: 2, merged_into_number: 1009 })).toBe('target_merged');
    expect(mergeRefusal(a, { ...a, id: 2, organization_id: 8 })).toBe('different_organization');
    const solo = { id: 1, status: 'open', organization_id: null, requester_id: 3 };
    expect(mergeRefusal(solo, { ...solo, id: 2 })).toBeNull();
    expect(mergeRefusal(solo, { ...solo, id: 2, requester_id: 4 })).toBe('different_organization');
  });
  it('says when the target opens again', () => {
    expect(mergeReopensTarget({ status: 'open' }, { status: 'solved' })).toBe(true);
    expect(mergeReopensTarget({ status: 'new' }, { status: 'pending' })).toBe(true);
    expect(mergeReopensTarget({ status: 'open' }, { status: 'open' })).toBe(false);
    expect(mergeReopensTarget({ status: 'solved' }, { status: 'solved' })).toBe(false);
    expect(mergeReopensTarget({ status: 'pending' }, { status: 'on_hold' })).toBe(false);
  });
});
