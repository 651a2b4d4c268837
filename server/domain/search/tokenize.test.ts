import { describe, expect, it } from 'vitest';
import { indexText, toTsQuery } from './tokenize.ts';

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
});
