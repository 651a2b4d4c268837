import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSmtpUrl, sealSmtpUrl } from '../../server/modules/email/mailSecrets.ts';
import { emailKefu, mail, startSink, waitFor, type EmailKefu, type Sink, type SinkMessage } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

let e: EmailKefu;
let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
  e = await emailKefu();
  const r = await e.k.admin.patch('/api/v1/email/settings', { smtp_url: `smtp://kefu:s3cret@127.0.0.1:${sink.port}?tls=off` });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await e?.stop();
  await sink?.close();
});

const processed = (mid: string) =>
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
const received = (pred: (m: SinkMessage) => boolean, what: string) => waitFor(() => sink.messages.find(pred), what);
const header = (m: SinkMessage, name: string) => String(m.mail.headers.get(name) ?? '');

describe('mail out over real SMTP', () => {
  it('shows the SMTP setting without its password', async () => {
    const s = (await e.k.admin.get('/api/v1/email/settings')).body;
    expect(s).toMatchObject({ delivery: 'smtp', smtp_source: 'setting', solved_reply: 'reopen' });
    expect(s.smtp_url).toBe(`smtp://kefu:***@127.0.0.1:${sink.port}?tls=off`);
    expect(JSON.stringify(s)).not.toContain('s3cret');
    // At rest the password is sealed with the desk's key; delivery opens it as it was written.
    const [stored] = await e.k.db.query<{ url: string }>(`select value->>'url' as url from settings where key = 'email.smtp'`);
    expect(stored.url).not.toContain('s3cret');
    expect(stored.url).toMatch(/^smtp:\/\/kefu:kefu-sealed\.v1\./);
    expect(await openSmtpUrl(e.k.db, stored.url)).toBe(`smtp://kefu:s3cret@127.0.0.1:${sink.port}?tls=off`);
    // Who pointed the desk's mail at which relay is in the audit log, without the password.
    const audit = (await e.k.admin.get('/api/v1/audit-log?type=email.settings_changed')).body.data;
    expect(audit[0].data).toEqual({ smtp_url: `smtp://kefu:***@127.0.0.1:${sink.port}?tls=off` });
    expect(audit[0].person_id).not.toBeNull();
    const odd = await sealSmtpUrl(e.k.db, 'smtps://u%40x:p%40ss%3Aw%2Frd@relay.test:465');
    expect(await openSmtpUrl(e.k.db, odd!)).toBe('smtps://u%40x:p%40ss%3Aw%2Frd@relay.test:465');
  });

  it('acknowledges, delivers the agent reply (never a note), threads the customer answer, and mails the solution', async () => {
    await e.send(
      mail({
        from: 'Mei <mei@example.com>',
        subject: 'Cannot export PDF',
        body: 'Export fails with error 42.',
        messageId: 'pdf-1@example.com',
      }),
    );
    const ticketId = (await processed('pdf-1@example.com')).ticket_id;
    const ticket = (await e.k.admin.get(`/api/v1/tickets/${ticketId}`)).body;

    const ack = await received(
      (m) => m.mail.subject === `[#${ticket.number}] We received your request: Cannot export PDF`,
      'acknowledgement',
    );
    expect(ack.to).toEqual(['mei@example.com']);
    expect(header(ack, 'auto-submitted')).toBe('auto-replied');
    expect(ack.mail.inReplyTo).toBe('<pdf-1@example.com>');
    expect(ack.mail.replyTo?.value[0].address).toMatch(/^support\+[a-z2-9]{20}@kefu\.test$/);
    expect(ack.mail.text).toContain('##- Please type your reply above this line -##');
    expect(ack.mail.text).toContain('we will answer as soon as possible');
    // The private link works without an account; the guest reads the conversation and answers on the web.
    const token = /\/guest\/tickets\/(kfg_[\w-]+)/.exec(ack.mail.text!)![1];
    expect(ack.mail.html).toContain(`/guest/tickets/${token}`);
    const guest = await e.k.anon.get(`/api/v1/guest/tickets/${token}`);
    expect(guest.body.messages.map((m: { body: string }) => m.body)).toEqual(['Export fails with error 42.']);
    expect((await e.k.anon.post(`/api/v1/guest/tickets/${token}/messages`, { body: 'It happens in Chrome only.' })).status).toBe(201);

    await e.k.admin.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Customer sounds annoyed', internal: true });
    await e.k.admin.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Please update to version 3.1; that fixes it.' });
    const reply = await received((m) => m.mail.subject === `Re: [#${ticket.number}] Cannot export PDF`, 'agent reply');
    expect(reply.mail.text).toContain('Please update to version 3.1');
    expect(reply.mail.inReplyTo).toBe('<pdf-1@example.com>');
    expect(reply.mail.references).toContain('<pdf-1@example.com>');
    expect(reply.mail.references).toContain(ack.mail.messageId);
    expect(header(reply, 'auto-submitted')).toBe('');
    await e.idle();
    expect(sink.messages.some((m) => m.mail.text?.includes('annoyed'))).toBe(false);

    // The customer answers from their mail client: threaded by In-Reply-To, quoted history dropped.
    await e.send(
      mail({
        from: 'mei@example.com',
        subject: `Re: ${reply.mail.subject}`,
        messageId: 'pdf-2@example.com',
        inReplyTo: reply.mail.messageId!.slice(1, -1),
        body: 'Updated, works now.\n\nOn Mon, Mar 2, 2026 at 11:00 AM Kefu Support <support@kefu.test> wrote:\n> Please update to version 3.1; that fixes it.\n',
      }),
    );
    expect((await processed('pdf-2@example.com')).ticket_id).toBe(ticketId);
    const bodies = (await e.k.admin.get(`/api/v1/tickets/${ticketId}/messages`)).body.data.map((m: { body: string }) => m.body);
    expect(bodies).toEqual([
      'Export fails with error 42.',
      'It happens in Chrome only.',
      'Customer sounds annoyed',
      'Please update to version 3.1; that fixes it.',
      'Updated, works now.',
    ]);

    expect((await e.k.admin.patch(`/api/v1/tickets/${ticketId}`, { status: 'solved' })).status).toBe(200);
    const solved = await received((m) => m.mail.subject === `[#${ticket.number}] Solved: Cannot export PDF`, 'solved mail');
    expect(solved.to).toEqual(['mei@example.com']);
    // The sink has the mail a moment before the outbox row says 'sent'.
    const kinds = async () =>
      (await e.k.admin.get(`/api/v1/outbox?ticket_id=${ticketId}`)).body.data.map((m: { kind: string; status: string }) => [
        m.kind,
        m.status,
      ]);
    await waitFor(async () => (await kinds()).every(([, st]: string[]) => st === 'sent'), 'sent status');
    expect(await kinds()).toEqual([
      ['ticket_solved', 'sent'],
      ['agent_reply', 'sent'],
      ['ticket_received', 'sent'],
    ]);
  });

  it('writes to a Chinese requester in Chinese, with the SLA first-response target, and copies CC on replies', async () => {
    const cal = await e.k.admin.post('/api/v1/calendars', {
      name: '全天',
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
      targets: [{ metric: 'first_response', priority: 'P3', minutes: 240, calendar_id: cal.body.id }],
    });
    expect(pol.status).toBe(201);
    await e.send(
      mail({
        from: '赵六 <zhao6@example.cn>',
        cc: 'manager@example.cn',
        subject: '无法登录',
        body: '登录时提示密码错误。',
        messageId: 'zh-1@example.cn',
      }),
    );
    const ticketId = (await processed('zh-1@example.cn')).ticket_id;
    const ticket = (await e.k.admin.get(`/api/v1/tickets/${ticketId}`)).body;
    expect(ticket.first_response_due_at).toBeTruthy();
    const ack = await received((m) => m.mail.subject === `[#${ticket.number}] 我们已收到您的请求：无法登录`, 'Chinese acknowledgement');
    expect(ack.mail.text).toContain('赵六，您好：');
    expect(ack.mail.text).toMatch(/我们将在 .+ 前答复您/);
    expect(ack.mail.text).toContain('(Asia/Shanghai)'); // the requester has no time zone yet: the SLA calendar's zone
    expect(ack.to).toEqual(['zhao6@example.cn']);
    await e.k.admin.post(`/api/v1/tickets/${ticketId}/messages`, { body: '请尝试重置密码。' });
    const reply = await received((m) => m.mail.subject === `Re: [#${ticket.number}] 无法登录`, 'reply with cc');
    expect(reply.to.sort()).toEqual(['manager@example.cn', 'zhao6@example.cn']);
    expect(reply.mail.cc && !Array.isArray(reply.mail.cc) ? reply.mail.cc.value.map((a) => a.address) : []).toEqual(['manager@example.cn']);
    expect(reply.mail.text).toContain('##- 请在此行上方回复 -##');
    expect(reply.mail.text).not.toContain('/guest/tickets/'); // the private link goes to the requester alone
  });

  it('a refused delivery shows on the ticket as email.failed and in the outbox', async () => {
    sink.refuseWith = 550;
    try {
      const t = (
        await e.k.admin.post('/api/v1/tickets', {
          subject: 'Phone call',
          body: 'called about billing',
          requester_email: 'gone@example.org',
          channel: 'phone',
        })
      ).body;
      const failed = await waitFor(
        async () =>
          (await e.k.admin.get(`/api/v1/outbox?ticket_id=${t.id}`)).body.data.find((m: { status: string }) => m.status === 'failed'),
        'failed mail',
      );
      expect(failed.last_error).toMatch(/550/);
      const events = (await e.k.admin.get(`/api/v1/tickets/${t.id}/events`)).body.data;
      expect(events.find((x: { type: string }) => x.type === 'email.failed')?.data).toMatchObject({
        to: ['gone@example.org'],
        status: 'failed',
      });
      expect(e.errors.splice(0).map((x) => x.split(' {')[0])).toEqual([
        'email: delivery failed for good; shown on the ticket and in the outbox',
      ]);
    } finally {
      sink.refuseWith = null;
    }
  });

  it('password reset: always 202; the mailed link sets a new password', async () => {
    expect((await e.k.anon.post('/api/v1/auth/password-reset', { email: 'nobody@example.com' })).status).toBe(202);
    await e.k.admin.post('/api/v1/people', { name: 'Ann', email: 'ann@example.com', password: 'Old-pass-123' });
    expect((await e.k.anon.post('/api/v1/auth/password-reset', { email: 'Ann@Example.com' })).status).toBe(202);
    const m = await received((x) => x.to.includes('ann@example.com'), 'reset mail');
    const token = /reset-password\?token=([\w-]+)/.exec(m.mail.text!)![1];
    expect((await e.k.anon.post('/api/v1/auth/password', { token, password: 'New-pass-456' })).status).toBe(200);
    await e.k.signIn('ann@example.com', 'New-pass-456');
    expect(sink.messages.some((x) => x.to.includes('nobody@example.com'))).toBe(false);
  });

  it('lists the outbox newest first with keyset pages', async () => {
    const p1 = (await e.k.admin.get('/api/v1/outbox?limit=2')).body;
    expect(p1.data).toHaveLength(2);
    expect(p1.data[0].id).toBeGreaterThan(p1.data[1].id);
    expect(Object.keys(p1.data[0])).toEqual(expect.arrayContaining(['to', 'subject', 'text', 'html', 'created_at', 'status', 'ticket_id']));
    const p2 = (await e.k.admin.get(`/api/v1/outbox?limit=2&cursor=${p1.next_cursor}`)).body;
    expect(p2.data[0].id).toBeLessThan(p1.data[1].id);
    const agent = await e.k.admin.post('/api/v1/people', {
      name: 'Agent',
      email: 'agent@kefu.test',
      role: 'agent',
      password: 'Agent-pass-1',
    });
    expect(agent.status).toBe(201);
    const asAgent = await e.k.signIn('agent@kefu.test', 'Agent-pass-1');
    expect((await asAgent.get('/api/v1/outbox')).status).toBe(403);
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });
});
