import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * The countdown's clock outside business hours (docs/sla.md, "The countdown"): the ticket says whether its
 * clock is counting now, when it resumes and how much business time is left then, from the server's calendar.
 */
let k: TestKefu;
const SH = 'Asia/Shanghai';
let today: Temporal.PlainDate;

beforeAll(async () => {
  k = await testKefu();
  expect((await k.admin.post('/api/v1/presets/business-hours/apply', {})).status).toBeLessThan(300);
  // Standard hours (Mon–Sat 08:00–17:30, Beijing time) closed today and tomorrow: closed now, whenever the test runs.
  const cals = (await k.admin.get('/api/v1/calendars')).body.data as Array<Record<string, unknown> & { id: number; name: string }>;
  const std = cals.find((c) => c.name === 'Standard hours')!;
  today = Temporal.Now.plainDateISO(SH);
  const holidays = [today, today.add({ days: 1 })].map((d) => ({ date: d.toString(), name: 'Closed' }));
  const { id, created_at: _c, updated_at: _u, ...rest } = std;
  const put = await k.admin.put(`/api/v1/calendars/${id}`, { ...rest, holidays });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
});
afterAll(async () => {
  await k?.stop();
});

/** The first opening after the two closed days: 08:00 on the next day that is not a Sunday. */
function expectedResume(): number {
  let d = today.add({ days: 2 });
  while (d.dayOfWeek === 7) d = d.add({ days: 1 });
  return d.toPlainDateTime({ hour: 8 }).toZonedDateTime(SH).epochMilliseconds;
}

describe('sla_clock: the clock behind the countdown', () => {
  it('outside business hours: not counting, resumes at the next opening with the whole hour left; the same in the queue', async () => {
    const r = await k.admin.post('/api/v1/tickets', { subject: 'Server will not boot', body: 'b', requester_email: 'li@clock.test' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const t = (await k.admin.get(`/api/v1/tickets/${r.body.id}`)).body;
    const resume = expectedResume();
    // Due an hour of business time after the next opening.
    expect(Date.parse(t.sla_next_breach_at)).toBe(resume + 3_600_000);
    expect(t.sla_clock).toEqual({
      metric: 'first_response',
      due_at: t.sla_next_breach_at,
      running: false,
      pauses_at: null,
      resumes_at: new Date(resume).toISOString(),
      remaining_ms_at_resume: 3_600_000,
    });
    const queue = (await k.admin.get('/api/v1/tickets?sort=queue&status=new')).body.data as Array<{ id: number; sla_clock: unknown }>;
    expect(queue.find((x) => x.id === t.id)?.sla_clock).toEqual(t.sla_clock);
  });

  it('no clock running (solved): null', async () => {
    const r = await k.admin.post('/api/v1/tickets', { subject: 'Thanks, fixed', body: 'b', requester_email: 'li@clock.test' });
    const solved = (await k.admin.patch(`/api/v1/tickets/${r.body.id}`, { status: 'solved' })).body;
    expect(solved.sla_next_breach_at).toBeNull();
    expect(solved.sla_clock).toBeNull();
  });
});
