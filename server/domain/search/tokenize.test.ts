import { describe, expect, it } from 'vitest';
import { expandablePrefixes, indexText, toTsQuery } from './tokenize.ts';

describe('search text', () => {
  it('splits Chinese into overlapping pairs and keeps English words', () => {
    expect(indexText('我要申请退款 Refunds!')).toBe('我要 要申 申请 请退 退款 款 refunds');
  });
  it('makes Chinese runs phrase queries and words prefix queries', () => {
    expect(toTsQuery('退款')).toBe("('退款')");
    expect(toTsQuery('申请退款')).toBe("('申请' <-> '请退' <-> '退款')");
    expect(toTsQuery('refund')).toBe("('refund':*)");
    expect(toTsQuery('refunds')).toBe("('refunds':* | 'refund':*)");
    expect(toTsQuery('退款 invoice')).toBe("('退款') & ('invoice':*)");
  });
  it('finds one-character Chinese queries by prefix', () => {
    expect(toTsQuery('款')).toBe("'款':*");
  });
  it('has nothing to search in punctuation', () => {
    expect(toTsQuery('!!! ---')).toBeNull();
  });
  it('spells prefixes out as the indexed words that start with them', () => {
    // The prefix of a plural is the word without its 's'; Chinese runs are never looked up.
    // Nor are numbers (the words table does not keep them): they stay prefix matches.
    expect(expandablePrefixes('Refunds invoice 退款 dns refund 12345 2fa')).toEqual(['refund', 'invoice', 'dns']);
    expect(toTsQuery('12345 2fa', new Map([['12345', []]]))).toBe("('12345':*) & ('2fa':*)");
    const words = new Map([
      ['refund', ['refund', 'refundable', 'refunds']],
      ['invoice', []],
    ]);
    expect(toTsQuery('refunds 退款', words)).toBe("('refund' | 'refundable' | 'refunds') & ('退款')");
    // No indexed word starts with it: the prefix itself as a word, which no ticket holds.
    expect(toTsQuery('refund invoice', words)).toBe("('refund' | 'refundable' | 'refunds') & 'invoice'");
    // A prefix the map does not have (too many words) stays a prefix match.
    expect(toTsQuery('refund dns', words)).toBe("('refund' | 'refundable' | 'refunds') & ('dns':*)");
    expect(toTsQuery("o'neil", new Map([['o', ["o'x"]]]))).toBe("('o''x') & ('neil':*)");
  });
});
