import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailKefu, mail, waitFor, type EmailKefu } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

/** Mail as real clients write it (test/fixtures/eml/generate.ts); replies get the ticket's reply address and our Message-ID filled in. */
const fixture = (name: string, fill: Record<string, string> = {}) => {
  let s = readFileSync(new URL(`../fixtures/eml/${name}`, import.meta.url)).toString('latin1');
  for (const [k, v] of Object.entries(fill)) s = s.split(k).join(v);
  return Buffer.from(s, 'latin1');
};

let e: EmailKefu;
beforeAll(async () => {
  e = await emailKefu();
});
afterAll(async () => {
  await e?.stop();
});

const processed = (messageId: string) =>
  waitFor(async () => {
    const r = (
      await e.k.db.query<{ status: string; outcome: string | null; ticket_id: number | null }>(
        `select status, outcome, ticket_id from inbound_emails where rfc_message_id = $1`,
        [messageId],
      )
    )[0];
    return r && r.status !== 'received' ? r : null;
  }, `inbound ${messageId}`);
const outbox = async (ticketId: number) =>
  (await e.k.admin.get(`/api/v1/outbox?ticket_id=${ticketId}&limit=100`)).body.data as Array<Record<string, any>>;
const bodies = async (ticketId: number) =>
  ((await e.k.admin.get(`/api/v1/tickets/${ticketId}/messages?limit=200`)).body.data as Array<{ body: string }>).map((m) => m.body);

/** A ticket by mail with an agent's answer mailed out: what a client replies to. */
async function answeredTicket(from: string, id: string, body: string, answer: string) {
  await e.send(mail({ from, subject: 'Cannot export PDF', body, messageId: id }));
  const ticketId = (await processed(id)).ticket_id!;
  expect((await e.k.admin.post(`/api/v1/tickets/${ticketId}/messages`, { body: answer })).status).toBe(201);
  const reply = await waitFor(async () => (await outbox(ticketId)).find((m) => m.kind === 'agent_reply'), 'agent reply mail');
  return { ticketId, fill: { REPLY_TO: reply.reply_to as string, ORIGINAL_ID: reply.rfc_message_id as string } };
}

describe('mail from real clients', () => {
  it('an HTML-only mail whose charset is named only in its <meta> tag reads correctly', async () => {
    expect((await e.send(fixture('html-meta-gb2312.eml'), { from: 'liu@example.cn' })).response).toMatch(/^250/);
    const row = await processed('html-meta-1@example.cn');
    expect(row).toMatchObject({ status: 'processed', outcome: 'ticket' });
    const ticket = (await e.k.admin.get(`/api/v1/tickets/${row.ticket_id}`)).body;
    expect(ticket.subject).toBe('发票抬头错误');
    const [m] = (await e.k.admin.get(`/api/v1/tickets/${row.ticket_id}/messages`)).body.data;
    expect(m.body).toContain('发票上的名字应为“刘德镕”，请重新开具。');
    expect(m.html).toContain('刘德镕');
    expect(m.body).not.toContain('\ufffd');
  });

  it('cuts a "-- " signature whose trailing space is quoted-printable =20', async () => {
    const { ticketId, fill } = await answeredTicket(
      'Mei Lin <mei.lin@example.com>',
      'qp-sig-0@example.com',
      'Export fails with error 42.',
      'Please update to version 3.1; that fixes it.',
    );
    await e.send(fixture('reply-qp-signature.eml', fill), { from: 'mei.lin@example.com', to: [fill.REPLY_TO] });
    expect(await processed('qp-sig-1@example.com')).toMatchObject({ outcome: 'reply', ticket_id: ticketId });
    expect((await bodies(ticketId)).at(-1)).toBe('Thanks, version 3.1 fixed it.');
  });

  it('cuts Gmail (zh-CN) history after "name <address> 于…写道：", on one line or wrapped', async () => {
    const { ticketId, fill } = await answeredTicket(
      '张三 <zhangsan@example.com>',
      'gm-zh-0@example.com',
      '登录时提示密码错误。',
      '请尝试重置密码。',
    );
    const cases: Array<[string, string, string]> = [
      ['gmail-zh-attribution.eml', 'CAGmail-zh-1@mail.gmail.com', '好的，重置以后可以登录了。'],
      ['gmail-zh-attribution-wrapped.eml', 'CAGmail-zh-2@mail.gmail.com', '还是不行，提示“账户已锁定”。'],
      ['gmail-zh-attribution-wrapped-address.eml', 'CAGmail-zh-3@mail.gmail.com', '解锁了，谢谢！'],
    ];
    for (const [file, id, text] of cases) {
      await e.send(fixture(file, fill), { from: 'zhangsan@example.com', to: [fill.REPLY_TO] });
      expect(await processed(id), file).toMatchObject({ outcome: 'reply', ticket_id: ticketId });
      expect((await bodies(ticketId)).at(-1), file).toBe(text);
    }
  });

  it('cuts Outlook history: "-----Original Message-----" with a From:/Sent:/To:/Subject: block, and Outlook 365\'s bare block under a rule', async () => {
    const { ticketId, fill } = await answeredTicket(
      'John Smith <john.smith@contoso.com>',
      'ol-0@example.com',
      'Export fails with error 42.',
      'Please update to version 3.1; that fixes it.',
    );
    await e.send(fixture('outlook-original-message.eml', fill), { from: 'john.smith@contoso.com', to: [fill.REPLY_TO] });
    expect(await processed('DM6PR11MB4107A1B2C3D4E5F6@DM6PR11MB4107.namprd11.prod.outlook.com')).toMatchObject({
      outcome: 'reply',
      ticket_id: ticketId,
    });
    expect((await bodies(ticketId)).at(-1)).toBe('Thanks, the export works again.\n\nJohn');
    await e.send(fixture('outlook365-reply.eml', fill), { from: 'john.smith@contoso.com', to: [fill.REPLY_TO] });
    expect(await processed('SN7PR11MB6774B2C3D4E5F6A7@SN7PR11MB6774.namprd11.prod.outlook.com')).toMatchObject({
      outcome: 'reply',
      ticket_id: ticketId,
    });
    expect((await bodies(ticketId)).at(-1)).toBe('Still failing for the Q3 report.\n\nJohn Smith\nContoso Ltd.');
    // Outlook 365 sending HTML only: the rule is an <hr>, a blank line away from the block.
    await e.send(fixture('outlook365-html-only.eml', fill), { from: 'john.smith@contoso.com', to: [fill.REPLY_TO] });
    expect(await processed('SN7PR11MB6774C3D4E5F6A7B8@SN7PR11MB6774.namprd11.prod.outlook.com')).toMatchObject({
      outcome: 'reply',
      ticket_id: ticketId,
    });
    expect((await bodies(ticketId)).at(-1)).toBe('The Q3 report exports now too.\nRegards,\nJohn');
  });

  it('a Reply-To that differs from From: the From person is the requester, answers go to the Reply-To', async () => {
    expect((await e.send(fixture('reply-to-differs.eml'), { from: 'wang.fang@example.cn' })).response).toMatch(/^250/);
    const row = await processed('reply-to-1@example.cn');
    const ticket = (await e.k.admin.get(`/api/v1/tickets/${row.ticket_id}`)).body;
    expect(ticket.requester).toMatchObject({ name: 'Wang Fang', email: 'wang.fang@example.cn' });
    const ack = await waitFor(async () => (await outbox(ticket.id)).find((m) => m.kind === 'ticket_received'), 'acknowledgement');
    expect(ack.to).toEqual(['assistant@example.cn']);
    expect(ack.text).not.toContain('/guest/tickets/'); // the private link acts as the requester: not to another address
    expect((await e.k.admin.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'A technician comes at 3 pm.' })).status).toBe(201);
    const reply = await waitFor(async () => (await outbox(ticket.id)).find((m) => m.kind === 'agent_reply'), 'agent reply');
    expect(reply.to).toEqual(['assistant@example.cn']);
    // The Reply-To address became nobody: no person, no access.
    expect(await e.k.db.query(`select 1 from person_emails where email = 'assistant@example.cn'`)).toHaveLength(0);
  });

  it("a Reply-To on an unproven mail from an account holder is not honoured: answers go to the account's own address", async () => {
    const vera = await e.k.admin.post('/api/v1/people', {
      name: 'Vera',
      email: 'vera@example.org',
      role: 'customer',
      password: 'vera-pass-12345',
    });
    expect(vera.status).toBe(201);
    await e.k.db.query(`update person_emails set verified_at = now() where email = 'vera@example.org'`);
    await e.send(
      mail({
        from: 'Vera <vera@example.org>',
        subject: 'Send me my invoices',
        body: 'Please send all my invoices.',
        messageId: 'reply-to-2@attacker.example',
        headers: { 'Reply-To': 'Vera <vera.invoices@attacker.example>' },
      }),
      { from: 'vera@example.org' },
    );
    const row = await processed('reply-to-2@attacker.example');
    const ack = await waitFor(async () => (await outbox(row.ticket_id!)).find((m) => m.kind === 'ticket_received'), 'acknowledgement');
    expect(ack.to).toEqual(['vera@example.org']);
    expect((await e.k.admin.post(`/api/v1/tickets/${row.ticket_id}/messages`, { body: 'Attached are your invoices.' })).status).toBe(201);
    const reply = await waitFor(async () => (await outbox(row.ticket_id!)).find((m) => m.kind === 'agent_reply'), 'agent reply');
    expect(reply.to).toEqual(['vera@example.org']);
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });
});
