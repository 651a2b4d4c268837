import { describe, expect, it } from 'vitest';
import { highlight, highlightTerms } from './highlight.ts';

const marks = (text: string, q: string) =>
  highlight(text, q)
    .filter((s) => s.mark)
    .map((s) => s.text);

describe('highlight', () => {
  it('marks a Chinese word inside a run by its two-character pieces', () => {
    expect(marks('我要申请退款，谢谢', '退款')).toEqual(['退款']);
    expect(marks('我要申请退款', '申请退款')).toEqual(['申请退款']);
    expect(highlightTerms('申请退款').map((t) => t.text)).toEqual(['申请', '请退', '退款']);
  });

  it('marks every piece of a Chinese query, also apart (the bigram terms)', () => {
    expect(marks('退款已到，申请单已关闭', '申请退款')).toEqual(['退款', '申请']);
  });

  it('marks a single Chinese character wherever it occurs', () => {
    expect(marks('款项与退款', '款')).toEqual(['款', '款']);
  });

  it('marks English words at the start of words, any case, keeping the original text', () => {
    expect(marks('Refunds: please REFUND it, prefunded no', 'refund')).toEqual(['Refund', 'REFUND']);
    expect(highlight('A refund', 'refund')).toEqual([
      { text: 'A ', mark: false },
      { text: 'refund', mark: true },
    ]);
  });

  it('marks several terms, mixed languages, merging neighbours', () => {
    expect(marks('Refund 退款 order', 'refund 退款')).toEqual(['Refund', '退款']);
    expect(marks('发票发票', '发票')).toEqual(['发票发票']);
  });

  it('keeps all the text, in order, and treats markup as text', () => {
    const text = '<img src=x onerror=alert(1)> refund <b>now</b>';
    const segs = highlight(text, 'refund');
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.mark).map((s) => s.text)).toEqual(['refund']);
  });

  it('marks nothing for a query with nothing searchable, or empty text', () => {
    expect(highlight('refund', '#?!')).toEqual([{ text: 'refund', mark: false }]);
    expect(highlight('', 'refund')).toEqual([]);
  });

  it('marks a ticket number typed with #', () => {
    expect(marks('#1042 Order', '#1042')).toEqual(['1042']);
  });

  it('marks a word written right after Chinese (the search finds it there)', () => {
    expect(marks('访问HTTPS时报错', 'https')).toEqual(['HTTPS']);
    expect(marks('xhttps', 'https')).toEqual([]);
  });
});
