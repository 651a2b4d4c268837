import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json' with { type: 'json' };
import zh from '../i18n/zh-CN.json' with { type: 'json' };
import { formatDateTime, formatSpan } from './format.ts';

/** A tiny translator over the real message files, with the app's `{name}` interpolation. */
const tr =
  (messages: Record<string, any>) =>
  (key: string, o: Record<string, unknown> = {}) =>
    String(key.split('.').reduce((m: any, k) => m?.[k], messages)).replace(/\{(\w+)\}/g, (_, n: string) => String(o[n]));

describe('formatSpan: long spans read as days and hours', () => {
  it.each([
    [0, '0 min', '0 分钟'],
    [45, '45 min', '45 分钟'],
    [60, '1 h', '1 小时'],
    [200, '3 h 20 min', '3 小时 20 分钟'],
    [1439, '23 h 59 min', '23 小时 59 分钟'],
    [1440, '1 d', '1 天'],
    [3120, '2 d 4 h', '2 天 4 小时'],
    [7200, '5 d', '5 天'],
    [7259, '5 d', '5 天'],
  ])('%i min → "%s" / "%s"', (min, english, chinese) => {
    expect(formatSpan(min, tr(en))).toBe(english);
    expect(formatSpan(min, tr(zh))).toBe(chinese);
  });
});

describe('formatDateTime: a 24-hour clock from 00:00 to 23:59', () => {
  it('five past midnight reads 00:05 in both languages, not 24:05', () => {
    const at = '2026-01-01T00:05:00Z';
    expect(formatDateTime(at, 'en', 'UTC')).toBe('Thu, Jan 1, 2026, 00:05');
    expect(formatDateTime(at, 'zh-CN', 'UTC')).toBe('2026年1月1日周四 00:05');
    expect(formatDateTime('2026-01-01T23:59:00Z', 'en', 'UTC')).toBe('Thu, Jan 1, 2026, 23:59');
  });
});
