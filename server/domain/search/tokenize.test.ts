import { describe, expect, it } from 'vitest';
import { expandablePrefixes, indexText, mixedRunWords, toTsQuery } from './tokenize.ts';

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
  it('splits a word written right against Chinese from it (SSL证书, 访问HTTPS时, 522错误)', () => {
    expect(indexText('SSL证书过期')).toBe('ssl 证书 书过 过期 期');
    expect(indexText('访问HTTPS时')).toBe('访问 问 https 时');
    expect(toTsQuery('DNS解析')).toBe("('dns':*) & ('解析')");
    expect(toTsQuery('522错误')).toBe("('522':*) & ('错误')");
  });
  it('names the words an index written before lacks: those written right before Chinese', () => {
    // 证书SSL was already two runs; SSL证书 and HTTPS时 were one run each, indexed as pieces.
    expect(mixedRunWords('SSL证书 访问HTTPS时 证书SSL 522错误 plain 中文 ssl证书')).toBe('ssl https 522');
    expect(mixedRunWords('只有中文 and words')).toBe('');
  });
});
