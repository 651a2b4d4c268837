import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailKefu, mail, startSink, waitFor, type EmailKefu, type Sink } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

let e: EmailKefu;
let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
  e = await emailKefu();
  expect((await e.k.admin.patch('/api/v1/email/settings', { smtp_url: `smtp://127.0.0.1:${sink.port}?tls=off` })).status).toBe(200);
  // The desk works in Shanghai: its SLA counts in a Shanghai calendar.
  const cal = await e.k.admin.post('/api/v1/calendars', {
    name: '上海全天',
    timezone: 'Asia/Shanghai',
    weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
    holidays: [],
    extra_workdays: [],
  });
  expect(cal.status).toBe(201);
  const pol = await e.k.admin.post('/api/v1/sla-policies', {
    name: 'Email',
    kind: 'sla',
    match: { channels: ['email'] },
    targets: [{ metric: 'first_response', priority: 'P3', minutes: 60, calendar_id: cal.body.id }],
  });
  expect(pol.status).toBe(201);
});
afterAll(async () => {
  await e?.stop();
  await sink?.close();
});

const ticketOf = (mid: string) =>
  waitFor(
    async () =>
      (
        await e.k.db.query<{ ticket_id: number }>(
          `select ticket_id from inbound_emails where rfc_message_id = $1 and status = 'processed'`,
          [mid],
        )
      )[0],
    mid,
  );
// The date and time as a reader in that zone and language writes it (12-hour in English, 24-hour in Chinese).
const wallClock = (at: string, zone: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23', timeZone: zone }).format(new Date(at));

describe('the time in the acknowledgement', () => {
  it("a Chinese guest without a time zone reads the due time in the desk's zone, named", async () => {
    await e.send(
      mail({ from: '钱七 <qian7@example.cn>', subject: '打印机卡纸', body: '三楼打印机一直卡纸。', messageId: 'zone-1@example.cn' }),
    );
    const { ticket_id } = await ticketOf('zone-1@example.cn');
    const ticket = (await e.k.admin.get(`/api/v1/tickets/${ticket_id}`)).body;
    const ack = await waitFor(() => sink.messages.find((m) => m.to.includes('qian7@example.cn')), 'acknowledgement');
    const text = ack.mail.text ?? '';
    expect(text).toContain(`${wallClock(ticket.first_response_due_at, 'Asia/Shanghai', 'zh-CN')} (Asia/Shanghai)`);
    expect(text).not.toContain('(UTC)');
  });

  it('a requester with their own time zone reads it in theirs', async () => {
    const person = await e.k.admin.post('/api/v1/people', {
      name: 'Jonas Weber',
      email: 'jonas@example.de',
      role: 'customer',
      timezone: 'Europe/Berlin',
    });
    expect(person.status).toBe(201);
    await e.send(
      mail({
        from: 'Jonas Weber <jonas@example.de>',
        subject: 'Invoice missing',
        body: 'The November invoice is missing.',
        messageId: 'zone-2@example.de',
      }),
    );
    const { ticket_id } = await ticketOf('zone-2@example.de');
    const ticket = (await e.k.admin.get(`/api/v1/tickets/${ticket_id}`)).body;
    // (Jonas was also mailed his invitation when he was added: the acknowledgement is the mail about his ticket.)
    const ack = await waitFor(
      () => sink.messages.find((m) => m.to.includes('jonas@example.de') && m.mail.subject?.includes('Invoice missing')),
      'acknowledgement',
    );
    expect(ack.mail.text).toContain(`(Europe/Berlin)`);
    expect(ack.mail.text).toContain(wallClock(ticket.first_response_due_at, 'Europe/Berlin', 'en-US'));
  });

  it('the admin sets the desk’s zone for mail; a name that is not an IANA zone is refused', async () => {
    expect((await e.k.admin.get('/api/v1/email/settings')).body.time_zone).toBeNull();
    expect((await e.k.admin.patch('/api/v1/email/settings', { time_zone: 'Mars/Olympus' })).status).toBe(400);
    expect((await e.k.admin.patch('/api/v1/email/settings', { time_zone: 'Asia/Shanghai' })).body.time_zone).toBe('Asia/Shanghai');
    expect((await e.k.admin.patch('/api/v1/email/settings', { time_zone: null })).body.time_zone).toBeNull();
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });
});
