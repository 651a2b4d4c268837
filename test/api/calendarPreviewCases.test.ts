import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * Cases in the style of business-time libraries' own suites (Ruby working_hours: add hours,
 * minutes and seconds, advance to working time, working time between two instants), run through
 * the public preview endpoint under Kefu's conventions (half-open intervals).
 */
let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

const week = (hours: Array<[string, string]>, days = ['mon', 'tue', 'wed', 'thu', 'fri']) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, days.includes(d) ? hours : []]));
const nineToFive = (tz = 'UTC', holidays: Array<{ date: string }> = []) => ({
  timezone: tz,
  weekly: week([['09:00', '17:00']]),
  holidays,
  extra_workdays: [],
});
const split = {
  timezone: 'UTC',
  weekly: {
    ...week([['09:00', '17:00']]),
    mon: [
      ['07:00', '12:00'],
      ['13:00', '18:00'],
    ],
  },
  holidays: [],
  extra_workdays: [],
};

const due = async (calendar: object, start: string, minutes: number) =>
  (await k.admin.post('/api/v1/calendars/preview', { calendar, op: 'due', start, minutes })).body.due;
const nextOpen = async (calendar: object, start: string) =>
  (await k.admin.post('/api/v1/calendars/preview', { calendar, op: 'next_open', start })).body.next_open;
const elapsed = async (calendar: object, start: string, end: string) =>
  (await k.admin.post('/api/v1/calendars/preview', { calendar, op: 'elapsed', start, end })).body.minutes;

describe('adding business time', () => {
  it.each([
    ['two hours inside a day', nineToFive(), '1991-11-15T14:00:42Z', 120, '1991-11-15T16:00:42.000Z'],
    ['45 minutes across a weekend', nineToFive(), '1991-11-15T16:30:42Z', 45, '1991-11-18T09:15:42.000Z'],
    ['two minutes across a weekend, to the second', nineToFive(), '1991-11-15T16:59:42Z', 2, '1991-11-18T09:01:42.000Z'],
    ['three hours in Tokyo from a UTC instant', nineToFive('Asia/Tokyo'), '1991-11-15T07:00:00Z', 180, '1991-11-18T02:00:00.000Z'],
    ['six hours across a lunch break', split, '1991-11-11T05:00:00Z', 360, '1991-11-11T14:00:00.000Z'],
    [
      'one minute past midnight on a 24-hour Monday',
      { timezone: 'UTC', weekly: week([['00:00', '24:00']], ['mon']), holidays: [], extra_workdays: [] },
      '2014-04-07T23:59:30Z',
      1,
      '2014-04-14T00:00:30.000Z',
    ],
  ])('%s', async (_name, cal, start, minutes, expected) => {
    expect(await due(cal, start, minutes)).toBe(expected);
  });
});

describe('advancing to working time', () => {
  it.each([
    [
      'a holiday jumps to the next working day',
      nineToFive('UTC', [{ date: '2014-05-01' }]),
      '2014-05-01T12:00:00Z',
      '2014-05-02T09:00:00.000Z',
    ],
    ['a Sunday jumps to Monday', nineToFive(), '2014-06-01T12:00:00Z', '2014-06-02T09:00:00.000Z'],
    ['inside hours it stays', nineToFive(), '2014-04-07T16:59:00Z', '2014-04-07T16:59:00.000Z'],
    ['before opening', nineToFive(), '2014-04-07T08:59:00Z', '2014-04-07T09:00:00.000Z'],
    ['at closing (closed: intervals are half-open)', nineToFive(), '2014-04-07T17:00:00Z', '2014-04-08T09:00:00.000Z'],
    ['during a lunch break', split, '2014-04-07T12:00:00Z', '2014-04-07T13:00:00.000Z'],
    ['at the end of a lunch break', split, '2014-04-07T12:59:00Z', '2014-04-07T13:00:00.000Z'],
    ['just before the break', split, '2014-04-07T11:59:00Z', '2014-04-07T11:59:00.000Z'],
    ['from an offset instant', nineToFive(), '2014-04-07T22:00:00+02:00', '2014-04-08T09:00:00.000Z'],
  ])('%s', async (_name, cal, start, expected) => {
    expect(await nextOpen(cal, start)).toBe(expected);
  });
});

describe('working time between two instants', () => {
  it('from Sunday morning to Monday 10:32 is 1 h 32 min', async () => {
    expect(await elapsed(nineToFive(), '2014-08-03T08:32:00Z', '2014-08-04T10:32:00Z')).toBe(92);
  });
  it('is zero when the end is before the start', async () => {
    expect(await elapsed(nineToFive(), '2014-08-04T10:32:00Z', '2014-08-04T09:32:00Z')).toBe(0);
  });
});
