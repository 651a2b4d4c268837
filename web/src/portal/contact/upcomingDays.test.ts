import { describe, expect, it } from 'vitest';
import type { Hours } from '../../api/types.ts';
import { todayIn } from '../../components/timeZones.ts';
import { upcomingDays } from './upcomingDays.ts';

const hours = (h: Partial<Hours>): Hours => ({ timezone: 'Asia/Shanghai', weekly: {}, ...h });

describe('upcomingDays', () => {
  // 2026-12-07 18:40 UTC is already Tuesday 2026-12-08 in Shanghai.
  const now = new Date('2026-12-07T18:40:00Z');

  it("counts from today in the calendar's zone, not the viewer's", () => {
    expect(todayIn('Asia/Shanghai', now)).toBe('2026-12-08');
    const h = hours({
      holidays: [
        { date: '2026-12-07', name: 'past' },
        { date: '2026-12-08', name: '公司年会' },
      ],
    });
    expect(upcomingDays(h, now).map((d) => d.name)).toEqual(['公司年会']);
  });

  it('merges holidays and make-up workdays, soonest first, and keeps only the first few', () => {
    const h = hours({
      holidays: [
        { date: '2027-02-17', name: '春节' },
        { date: '2027-01-01', name: '元旦' },
        { date: '2026-12-24', from: '13:00', to: '17:30' },
        { date: '2027-02-18' },
      ],
      extra_workdays: [{ date: '2027-02-20', hours: [['08:00', '17:30']], name: '调休' }],
    });
    const days = upcomingDays(h, now, 4);
    expect(days.map((d) => `${d.kind} ${d.date}`)).toEqual([
      'holiday 2026-12-24',
      'holiday 2027-01-01',
      'holiday 2027-02-17',
      'holiday 2027-02-18',
    ]);
    expect(days[0]).toMatchObject({ from: '13:00', to: '17:30' });
    expect(upcomingDays(h, now, 10).at(-1)).toMatchObject({ kind: 'workday', date: '2027-02-20', hours: [['08:00', '17:30']] });
  });

  it('is empty for a calendar without exceptions', () => {
    expect(upcomingDays(hours({}), now)).toEqual([]);
  });
});
