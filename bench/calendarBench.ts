/**
 * due() throughput of compiled business calendars, one core.
 * Run directly: `npx tsx bench/calendarBench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { compileCalendar, type Calendar, type CalendarSpec, type Interval } from '../server/domain/calendar/index.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function weekdays(hours: Interval[], sat: Interval[] = [], sun: Interval[] = []): CalendarSpec['weekly'] {
  return { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat, sun };
}

const CALENDARS: Array<{ name: string; spec: CalendarSpec }> = [
  {
    name: 'NY Mon–Fri 09–17',
    spec: { timezone: 'America/New_York', weekly: weekdays([['09:00', '17:00']]), holidays: [], extra_workdays: [] },
  },
  {
    name: 'Shanghai Mon–Sat 08–17:30 + holidays',
    spec: {
      timezone: 'Asia/Shanghai',
      weekly: weekdays([['08:00', '17:30']], [['08:00', '17:30']]),
      holidays: [
        ...[1, 2, 3, 4, 5, 6, 7].map((d) => ({ date: `2026-10-0${d}`, name: '国庆节' })),
        { date: '2026-12-24', from: '12:00', to: '24:00' },
      ],
      extra_workdays: [{ date: '2026-09-20', hours: [['08:00', '17:30']] }],
    },
  },
  {
    name: 'UTC 24×7',
    spec: {
      timezone: 'UTC',
      weekly: weekdays([['00:00', '24:00']], [['00:00', '24:00']], [['00:00', '24:00']]),
      holidays: [],
      extra_workdays: [],
    },
  },
];

const DURATIONS: Array<{ name: string; ms: number }> = [
  { name: '1 h', ms: HOUR },
  { name: '8 h', ms: 8 * HOUR },
  { name: '5 d', ms: 5 * DAY },
  { name: '90 d', ms: 90 * DAY },
];

const CALLS = 400_000;
const STARTS = 4096; // power of two

function measure(cal: Calendar, durationMs: number): number {
  // Start instants spread over 2026, to the second, with some jitter in the duration.
  const base = Date.UTC(2026, 0, 1);
  const starts = new Float64Array(STARTS);
  let seed = 12345;
  for (let i = 0; i < STARTS; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    starts[i] = base + (seed % (365 * 86_400)) * 1000;
  }
  let sink = 0;
  for (let i = 0; i < 50_000; i++) sink += cal.due(starts[i & (STARTS - 1)], durationMs + (i & 63) * 1000); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) sink += cal.due(starts[i & (STARTS - 1)], durationMs + (i & 63) * 1000);
  const ns = Number(process.hrtime.bigint() - t0);
  if (sink === 42) console.log('');
  return Math.round(CALLS / (ns / 1e9));
}

export async function runCalendarBench(): Promise<Array<{ case: string; callsPerSecond: number }>> {
  const out: Array<{ case: string; callsPerSecond: number }> = [];
  for (const { name, spec } of CALENDARS) {
    const cal = compileCalendar(spec);
    for (const d of DURATIONS) out.push({ case: `${name}, due +${d.name}`, callsPerSecond: measure(cal, d.ms) });
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runCalendarBench();
  const w = Math.max(...rows.map((r) => r.case.length));
  console.log(`${'case'.padEnd(w)}  calls/s`);
  for (const r of rows) console.log(`${r.case.padEnd(w)}  ${r.callsPerSecond.toLocaleString('en-US').padStart(11)}`);
}
