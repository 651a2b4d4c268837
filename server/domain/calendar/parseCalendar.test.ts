import { describe, expect, it } from 'vitest';
import { CalendarValidationError, parseCalendar } from './index.ts';

function failure(input: unknown): { field: string; message: string } {
  try {
    parseCalendar(input);
  } catch (e) {
    expect(e).toBeInstanceOf(CalendarValidationError);
    const err = e as CalendarValidationError;
    return { field: err.field, message: err.message };
  }
  throw new Error('expected a CalendarValidationError');
}

describe('parseCalendar', () => {
  it('fills defaults and keeps what it was given', () => {
    const spec = parseCalendar({ timezone: 'Asia/Shanghai', weekly: { mon: [['09:00', '17:00']] } });
    expect(spec).toEqual({
      timezone: 'Asia/Shanghai',
      weekly: { mon: [['09:00', '17:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: [],
      extra_workdays: [],
    });
    const full = {
      timezone: 'Europe/London',
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [['22:00', '02:00']], sat: [['00:00', '24:00']], sun: [] },
      holidays: [
        { date: '2026-12-25', name: 'Christmas' },
        { date: '2026-12-24', from: '12:00', to: '24:00' },
      ],
      extra_workdays: [{ date: '2026-12-27', hours: [['10:00', '12:00']], name: 'stocktake' }],
    };
    expect(parseCalendar(full)).toEqual(full);
    expect(parseCalendar({ timezone: 'UTC' }).weekly.sun).toEqual([]);
  });

  const bad: Array<[string, unknown, string, RegExp]> = [
    ['not an object', null, '', /must be an object/],
    ['missing timezone', {}, 'timezone', /timezone is required/],
    ['unknown zone', { timezone: 'Mars/Olympus_Mons' }, 'timezone', /unknown time zone "Mars\/Olympus_Mons"/],
    ['hour 25', { timezone: 'UTC', weekly: { mon: [['09:00', '25:00']] } }, 'weekly.mon[0][1]', /bad time "25:00"/],
    ['one-digit hour', { timezone: 'UTC', weekly: { tue: [['9:00', '17:00']] } }, 'weekly.tue[0][0]', /bad time "9:00"/],
    ['24:00 as a start', { timezone: 'UTC', weekly: { mon: [['24:00', '23:00']] } }, 'weekly.mon[0][0]', /only allowed as an end/],
    ['start == end', { timezone: 'UTC', weekly: { wed: [['09:00', '09:00']] } }, 'weekly.wed[0]', /start equals end/],
    [
      'overlap',
      {
        timezone: 'UTC',
        weekly: {
          mon: [
            ['09:00', '12:00'],
            ['11:00', '13:00'],
          ],
        },
      },
      'weekly.mon[1]',
      /overlaps/,
    ],
    [
      'overnight overlap',
      {
        timezone: 'UTC',
        weekly: {
          fri: [
            ['22:00', '02:00'],
            ['23:00', '23:30'],
          ],
        },
      },
      'weekly.fri[1]',
      /overlaps/,
    ],
    ['unknown weekday', { timezone: 'UTC', weekly: { monday: [] } }, 'weekly', /unknown weekday "monday"/],
    ['interval not a pair', { timezone: 'UTC', weekly: { mon: [['09:00']] } }, 'weekly.mon[0]', /pair/],
    ['bad date', { timezone: 'UTC', holidays: [{ date: '2026-02-30' }] }, 'holidays[0].date', /bad date "2026-02-30"/],
    ['bad date format', { timezone: 'UTC', holidays: [{ date: '26-2-3' }] }, 'holidays[0].date', /bad date/],
    [
      'partial without to',
      { timezone: 'UTC', holidays: [{ date: '2026-02-03', from: '12:00' }] },
      'holidays[0].to',
      /both "from" and "to"/,
    ],
    [
      'partial inverted',
      { timezone: 'UTC', holidays: [{ date: '2026-02-03', from: '12:00', to: '11:00' }] },
      'holidays[0].to',
      /later than "from"/,
    ],
    ['extra day missing hours', { timezone: 'UTC', extra_workdays: [{ date: '2026-02-03' }] }, 'extra_workdays[0].hours', /list/],
    [
      'extra day twice',
      {
        timezone: 'UTC',
        extra_workdays: [
          { date: '2026-02-03', hours: [] },
          { date: '2026-02-03', hours: [] },
        ],
      },
      'extra_workdays[1].date',
      /listed twice/,
    ],
    [
      'extra day overlap',
      {
        timezone: 'UTC',
        extra_workdays: [
          {
            date: '2026-02-03',
            hours: [
              ['08:00', '10:00'],
              ['09:00', '11:00'],
            ],
          },
        ],
      },
      'extra_workdays[0].hours[1]',
      /overlaps/,
    ],
  ];
  it.each(bad)('%s', (_name, input, field, message) => {
    const f = failure(input);
    expect(f.field).toBe(field);
    expect(f.message).toMatch(message);
  });

  it('accepts adjacent intervals and an overnight interval with a morning one', () => {
    expect(() =>
      parseCalendar({
        timezone: 'UTC',
        weekly: {
          mon: [
            ['09:00', '12:00'],
            ['12:00', '13:00'],
          ],
        },
      }),
    ).not.toThrow();
    expect(() =>
      parseCalendar({
        timezone: 'UTC',
        weekly: {
          mon: [
            ['22:00', '02:00'],
            ['01:00', '03:00'],
          ],
        },
      }),
    ).not.toThrow();
  });

  it('lists every issue', () => {
    expect.assertions(2);
    try {
      parseCalendar({ timezone: 'UTC', weekly: { mon: [['9', '17:00']], tue: [['09:00', '99:00']] } });
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarValidationError);
      expect((e as CalendarValidationError).issues.map((i) => i.field)).toEqual(['weekly.mon[0][0]', 'weekly.tue[0][1]']);
    }
  });
});
