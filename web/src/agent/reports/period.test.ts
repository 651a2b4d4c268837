import { describe, expect, it } from 'vitest';
import { complianceLevel, periodFromQuery, periodRange, periodToQuery, presetPeriod, startOfDay, todayIn } from './period.ts';

const q = (s: string) => new URLSearchParams(s);

describe('report period', () => {
  it('reads the presets, counting today as the last day', () => {
    expect(periodFromQuery(q('period=7d'), '2026-12-04')).toEqual({ choice: '7d', fromDate: '2026-11-28', toDate: '2026-12-04' });
    expect(periodFromQuery(q('period=30d'), '2026-03-01')).toEqual({ choice: '30d', fromDate: '2026-01-31', toDate: '2026-03-01' });
    expect(periodFromQuery(q('period=90d'), '2026-12-04').fromDate).toBe('2026-09-06');
    expect(periodFromQuery(q('period=year'), '2026-12-04')).toEqual({ choice: 'year', fromDate: '2026-01-01', toDate: '2026-12-04' });
  });

  it('falls back to the last 30 days on anything unreadable', () => {
    for (const s of ['', 'period=1y', 'from=2026-02-30&to=2026-03-01', 'from=2026-01-01', 'from=x&to=y'])
      expect(periodFromQuery(q(s), '2026-12-04'), s).toEqual(presetPeriod('30d', '2026-12-04'));
  });

  it('reads a custom range and puts it in order', () => {
    expect(periodFromQuery(q('from=2026-05-10&to=2026-05-01'), '2026-12-04')).toEqual({
      choice: 'custom',
      fromDate: '2026-05-01',
      toDate: '2026-05-10',
    });
    expect(periodToQuery({ choice: 'custom', fromDate: '2026-05-01', toDate: '2026-05-10' })).toEqual({
      from: '2026-05-01',
      to: '2026-05-10',
    });
    expect(periodToQuery(presetPeriod('7d', '2026-12-04'))).toEqual({ period: '7d' });
  });

  it('turns days into instants in the viewer zone, the last day included', () => {
    expect(startOfDay('2026-12-04', 'Asia/Shanghai')).toBe('2026-12-03T16:00:00.000Z');
    expect(startOfDay('2026-12-04', 'UTC')).toBe('2026-12-04T00:00:00.000Z');
    // New York moves to summer time on 2026-03-08: that day starts at 05:00Z, the next at 04:00Z.
    expect(startOfDay('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDay('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(periodRange({ choice: 'custom', fromDate: '2026-11-01', toDate: '2026-11-30' }, 'Asia/Shanghai')).toEqual({
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-30T16:00:00.000Z',
      interval: 'day',
    });
    expect(periodRange(presetPeriod('90d', '2026-12-04'), 'UTC').interval).toBe('week');
    expect(todayIn('Asia/Shanghai', new Date('2026-12-04T17:00:00Z'))).toBe('2026-12-05');
  });
});

describe('compliance against its target', () => {
  it('is met at or above, near within 5 points, below further down', () => {
    expect(complianceLevel(0.95, 0.95)).toBe('met');
    expect(complianceLevel(1, 0.95)).toBe('met');
    expect(complianceLevel(0.9499, 0.95)).toBe('near');
    expect(complianceLevel(0.9, 0.95)).toBe('near');
    expect(complianceLevel(0.8999, 0.95)).toBe('below');
    expect(complianceLevel(0.7 + 0.1 + 0.1, 0.95)).toBe('near');
    expect(complianceLevel(0, 0.8)).toBe('below');
  });
});
