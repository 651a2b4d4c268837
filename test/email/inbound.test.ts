import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailKefu, mail, waitFor, type EmailKefu } from './helpers.ts';
import { smtpConversation } from './smtpSession.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

const fixture = (name: string) => readFileSync(new URL(`../fixtures/eml/${name}`, import.meta.url));

let e: EmailKefu;
beforeAll(async () => {
  e = await emailKefu({ KEFU_MAX_EMAIL_BYTES: '200000' });
});
afterAll(async () => {
  await e?.stop();
});

const inbound = async (messageId: string) =>
  await e.k.db.query<{
    id: number;
    status: string;
    outcome: string | null;
    ticket_id: number | null;
    no_ack_reason: string | null;
    error: string | null;
  }>(`select id, status, outcome, ticket_id, no_ack_reason, error from inbound_emails where rfc_message_id = $1`, [messageId]);
const processed = (messageId: string) =>
  waitFor(async () => {
    const r = (await inbound(messageId))[0];
    return r && r.status !== 'received' ? r : null;
  }, `inbound ${messageId}`);
const outbox = async (ticketId: number) =>
  (await e.k.admin.get(`/api/v1/outbox?ticket_id=${ticketId}&limit=100`)).body.data as Array<Record<string, any>>;
const messages = async (ticketId: number) =>
  (await e.k.admin.get(`/api/v1/tickets/${ticketId}/messages?limit=200`)).body.data as Array<Record<string, any>>;

describe('mail in: tickets without registration', () => {
  it('a GBK mail with a raw 8-bit subject becomes a readable ticket, a customer, and an acknowledgement with a private link', async () => {
    const r = await e.send(fixture('gbk-raw-subject.eml'), { from: 'wang@example.cn' });
    expect(r.response).toMatch(/^250 /);
    const row = await processed('gbk-raw-1@example.cn');
    expect(row).toMatchObject({ status: 'processed', outcome: 'ticket' });
    const ticket = (await e.k.admin.get(`/api/v1/tickets/${row.ticket_id}`)).body;
    expect(ticket).toMatchObject({
      subject: '打印机无法连接网络',
      channel: 'email',
      status: 'new',
      requester: { name: '王小明', email: 'wang@example.cn' },
    });
    expect((await messages(ticket.id))[0].body).toContain('办公室的打印机从昨天开始无法连接网络');
    const person = (await e.k.admin.get(`/api/v1/people/${ticket.requester_id}`)).body;
    expect(person).toMatchObject({ role: 'customer', has_password: false, locale: 'zh-CN' });

    const ack = await waitFor(async () => (await outbox(ticket.id)).find((m) => m.kind === 'ticket_received'), 'acknowledgement');
    expect(ack.to).toEqual(['wang@example.cn']);
    expect(ack.subject).toBe(`[#${ticket.number}] 我们已收到您的请求：打印机无法连接网络`);
    expect(ack.text).toContain('##- 请在此行上方回复 -##');
    expect(ack.text).toContain('我们会尽快答复您'); // no SLA target: "as soon as possible"
    expect(ack.reply_to).toMatch(/^support\+[a-z2-9]{20}@kefu\.test$/);
    expect(ack.in_reply_to).toBe('gbk-raw-1@example.cn');
    const link = /http:\/\/kefu\.test\/guest\/tickets\/(kfg_[\w-]+)/.exec(ack.text)![1];
    const view = await e.k.anon.get(`/api/v1/guest/tickets/${link}`);
    expect(view.status).toBe(200);
    expect(view.body.ticket).toMatchObject({ number: ticket.number, subject: '打印机无法连接网络' });
    expect(view.body.messages[0].body).toContain('打印机');
  });

  it('decodes GB2312-labelled GBK, GB18030, Big5 and ISO-2022-JP subjects and bodies', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['gb2312-encoded.eml', 'gb2312-1@example.cn', '发票抬头错误：朱镕堃', '应为“朱镕堃”'],
      ['gb18030.eml', 'gb18030-1@example.cn', '生僻字𠮷测试', '名字里有“𠮷”字'],
      ['big5.eml', 'big5-1@example.hk', '帳戶無法登入', '無法登入，請協助處理'],
      ['iso-2022-jp.eml', 'jis-1@example.jp', '請求書の再発行', '請求書を再発行してください'],
    ];
    for (const [file, mid, subject, body] of cases) {
      expect((await e.send(fixture(file))).response).toMatch(/^250/);
      const row = await processed(mid);
      const t = (await e.k.admin.get(`/api/v1/tickets/${row.ticket_id}`)).body;
      expect(t.subject, file).toBe(subject);
      expect((await messages(t.id))[0].body, file).toContain(body);
      // The list of received mail says the same (it showed the raw =?…?= words before).
      const list = (await e.k.admin.get('/api/v1/inbound?limit=100')).body.data as Array<{ id: number; subject: string }>;
      expect(list.find((x) => x.id === row.id)?.subject, file).toBe(subject);
    }
  });

  it('keeps attachments with RFC 2231 names and inline images; sanitizes the HTML', async () => {
    await e.send(fixture('attachments-rfc2231.eml'));
    const row = await processed('att-1@example.cn');
    const [m] = await messages(row.ticket_id!);
    expect(m.attachments.map((a: { filename: string }) => a.filename).sort()).toEqual(['shot.png', '中文文件.txt', '报价单.pdf'].sort());
    expect(m.html).not.toContain('<script');
    const shot = m.attachments.find((a: { filename: string }) => a.filename === 'shot.png');
    expect(m.html).toContain(`src="/api/v1/attachments/${shot.id}"`);
    const file = await e.k.admin.get(`/api/v1/attachments/${shot.id}`);
    expect(file.status).toBe(200);
  });

  it('keeps the first 50 files of a mail and names the rest on the message, in the sender language', async () => {
    const files = Array.from({ length: 53 }, (_, i) => `f${String(i + 1).padStart(2, '0')}.txt`);
    const raw = [
      'From: 李雷 <lilei@example.cn>',
      'To: support@kefu.test',
      `Subject: =?UTF-8?B?${Buffer.from('日志文件').toString('base64')}?=`,
      'Message-ID: <many-files-1@example.cn>',
      'Date: Mon, 02 Mar 2026 10:00:00 +0800',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="MIX"',
      '',
      '--MIX',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('服务器日志见附件。').toString('base64'),
      ...files.flatMap((f) => [
        '--MIX',
        `Content-Type: text/plain; name="${f}"`,
        `Content-Disposition: attachment; filename="${f}"`,
        '',
        `log ${f}`,
      ]),
      '--MIX--',
      '',
    ].join('\r\n');
    await e.send(raw, { from: 'lilei@example.cn' });
    const row = await processed('many-files-1@example.cn');
    const [m] = await messages(row.ticket_id!);
    expect(m.attachments).toHaveLength(50);
    expect(m.attachments.map((a: { filename: string }) => a.filename)).toEqual(files.slice(0, 50));
    expect(m.body).toContain('只保存了前 50 个附件；另有 3 个仍保留在原始邮件中：f51.txt, f52.txt, f53.txt');
  });

  it('refuses unknown recipients at RCPT with 550 and oversize mail at DATA with 552', async () => {
    const rcpt = await smtpConversation(e.smtpPort, [
      'EHLO client.test\r\n',
      'MAIL FROM:<x@example.com>\r\n',
      'RCPT TO:<nobody@kefu.test>\r\n',
      'RCPT TO:<support@other.test>\r\n',
    ]);
    expect(rcpt[2]).toMatch(/^550 /);
    expect(rcpt[2]).not.toMatch(/550 550/);
    expect(rcpt[3]).toMatch(/^550 /);
    const big = 'x'.repeat(998) + '\r\n';
    const data = await smtpConversation(e.smtpPort, [
      'EHLO client.test\r\n',
      'MAIL FROM:<x@example.com>\r\n',
      'RCPT TO:<support@kefu.test>\r\n',
      'DATA\r\n',
      `Subject: big\r\nMessage-ID: <big-1@example.com>\r\n\r\n${big.repeat(250)}.\r\n`,
    ]);
    expect(data[0]).toMatch(/SIZE 200000/);
    expect(data[3]).toMatch(/^354/);
    expect(data[4]).toMatch(/^552 /);
    expect(await inbound('big-1@example.com')).toHaveLength(0);
    // A client that declares the size is refused before sending it.
    await expect(e.send(`Subject: big\r\nMessage-ID: <big-2@example.com>\r\n\r\n${big.repeat(250)}`)).rejects.toMatchObject({
      responseCode: 552,
    });
  });

  it('stores a repeated Message-ID once and makes one ticket of it', async () => {
    const raw = mail({ from: 'dup@example.com', subject: 'Twice', body: 'sent twice', messageId: 'dup-1@example.com' });
    expect((await e.send(raw)).response).toMatch(/^250/);
    expect((await e.send(raw)).response).toMatch(/^250/);
    await processed('dup-1@example.com');
    expect(await inbound('dup-1@example.com')).toHaveLength(1);
    const tickets = await e.k.db.query(
      `select t.id from tickets t join person_emails p on p.person_id = t.requester_id where p.email = 'dup@example.com'`,
    );
    expect(tickets).toHaveLength(1);
  });

  it('never answers auto-replies, bulk mail or bounces; bounces and auto-replies make no ticket', async () => {
    for (const f of ['auto-replied.eml', 'x-autoreply.eml']) await e.send(fixture(f));
    expect(await processed('auto-1@example.com')).toMatchObject({ status: 'auto_reply', ticket_id: null });
    expect(await processed('auto-2@example.com')).toMatchObject({ status: 'auto_reply' });
    await e.send(fixture('bounce-dsn.eml'), { from: '' });
    expect(await processed('dsn-1@mx.example.com')).toMatchObject({ status: 'bounce', ticket_id: null });
    await e.send(fixture('precedence-bulk.eml'));
    const bulk = await processed('bulk-1@shop.example');
    expect(bulk).toMatchObject({ status: 'processed', outcome: 'ticket', no_ack_reason: 'Precedence: bulk' });
    await e.idle();
    expect(await outbox(bulk.ticket_id!)).toHaveLength(0);
    const people = await e.k.db.query(`select 1 from person_emails where email in ('ooo@example.com', 'mailer-daemon@mx.example.com')`);
    expect(people).toHaveLength(0);
  });

  it('threads replies by In-Reply-To and by the reply token, never by subject; strips quoted history', async () => {
    await e.send(
      mail({
        from: 'Li Lei <lilei@example.com>',
        subject: 'VPN 连不上',
        body: '公司 VPN 从早上开始连不上。',
        messageId: 'vpn-1@example.com',
      }),
    );
    const first = await processed('vpn-1@example.com');
    const ticketId = first.ticket_id!;
    const agent = await e.k.admin.post(`/api/v1/tickets/${ticketId}/messages`, { body: '请问您用的是哪个客户端版本？' });
    expect(agent.status).toBe(201);
    const reply = await waitFor(async () => (await outbox(ticketId)).find((m) => m.kind === 'agent_reply'), 'agent reply mail');
    // Reply with In-Reply-To only, to the plain support address, quoting our mail the way Gmail (zh-CN) does.
    await e.send(
      mail({
        from: 'lilei@example.com',
        subject: `Re: ${reply.subject}`,
        messageId: 'vpn-2@example.com',
        inReplyTo: reply.rfc_message_id,
        body: '版本是 5.2.1。\n\nLi Lei <lilei@example.com> 于2026年3月2日周一 10:20写道：\n> ##- 请在此行上方回复 -##\n> 请问您用的是哪个客户端版本？\n',
      }),
    );
    expect(await processed('vpn-2@example.com')).toMatchObject({ outcome: 'reply', ticket_id: ticketId });
    // Reply to the token address with no threading headers at all (an Outlook-style quote below).
    await e.send(
      mail({
        from: 'lilei@example.com',
        subject: 'anything',
        messageId: 'vpn-3@example.com',
        body: '重启后好了，谢谢。\n\n________________________________\n发件人: Support <support@kefu.test>\n发送时间: 2026年3月2日 10:30\n收件人: lilei@example.com\n主题: Re: VPN 连不上\n\n旧内容',
      }),
      { to: [reply.reply_to] },
    );
    expect(await processed('vpn-3@example.com')).toMatchObject({ outcome: 'reply', ticket_id: ticketId });
    const bodies = (await messages(ticketId)).map((m) => m.body);
    expect(bodies).toEqual(['公司 VPN 从早上开始连不上。', '请问您用的是哪个客户端版本？', '版本是 5.2.1。', '重启后好了，谢谢。']);
    // Same subject, no token, no references: a new ticket.
    await e.send(
      mail({ from: 'lilei@example.com', subject: `Re: ${reply.subject}`, body: 'another thing', messageId: 'vpn-4@example.com' }),
    );
    expect((await processed('vpn-4@example.com')).ticket_id).not.toBe(ticketId);
    // The full original stays retrievable.
    const m2 = (await messages(ticketId))[2];
    const src = await e.k.admin.get(`/api/v1/messages/${m2.id}/source`);
    expect(src.status).toBe(200);
    expect(src.body.text).toContain('于2026年3月2日周一 10:20写道');
    expect((await e.k.admin.get(src.body.raw_url)).status).toBe(200);
  });

  it('an auto-reply to one of our mails is recorded against the ticket but not added to it', async () => {
    await e.send(mail({ from: 'han@example.com', subject: 'Printer', body: 'jammed', messageId: 'ooo-t-1@example.com' }));
    const t = (await processed('ooo-t-1@example.com')).ticket_id!;
    const ack = await waitFor(async () => (await outbox(t)).find((m) => m.kind === 'ticket_received'), 'ack');
    await e.send(
      mail({
        from: 'han@example.com',
        subject: 'Automatic reply',
        body: 'On leave',
        messageId: 'ooo-t-2@example.com',
        inReplyTo: ack.rfc_message_id,
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
    );
    expect(await processed('ooo-t-2@example.com')).toMatchObject({ status: 'auto_reply', ticket_id: t });
    expect(await messages(t)).toHaveLength(1);
  });

  it('a bounce of one of our mails marks it bounced and shows on the ticket', async () => {
    await e.send(mail({ from: 'typo@exmaple.com', subject: 'Typo in my address', body: 'hi', messageId: 'bn-1@example.com' }));
    const t = (await processed('bn-1@example.com')).ticket_id!;
    const ack = await waitFor(async () => (await outbox(t)).find((m) => m.kind === 'ticket_received'), 'ack');
    const dsn = fixture('bounce-dsn.eml')
      .toString('latin1')
      .replace('ORIGINAL_ID', ack.rfc_message_id)
      .replace('dsn-1@mx.example.com', 'dsn-2@mx.example.com');
    await e.send(Buffer.from(dsn, 'latin1'), { from: '' });
    expect(await processed('dsn-2@mx.example.com')).toMatchObject({ status: 'bounce' });
    expect((await outbox(t)).find((m) => m.id === ack.id)?.status).toBe('bounced');
    const events = (await e.k.admin.get(`/api/v1/tickets/${t}/events`)).body.data;
    expect(events.find((x: { type: string }) => x.type === 'email.failed')?.data).toMatchObject({
      status: 'bounced',
      to: ['typo@exmaple.com'],
    });
  });

  it('keeps CC addresses on the ticket and a reply to a closed ticket opens a linked follow-up', async () => {
    await e.send(
      mail({
        from: 'zhang@example.com',
        cc: 'Boss <boss@example.com>, support@kefu.test',
        subject: 'Invoice',
        body: 'wrong amount',
        messageId: 'cc-1@example.com',
      }),
    );
    const t = (await processed('cc-1@example.com')).ticket_id!;
    expect((await e.k.admin.get(`/api/v1/tickets/${t}`)).body.fields.cc).toEqual(['boss@example.com']);
    expect((await e.k.admin.patch(`/api/v1/tickets/${t}`, { status: 'solved' })).status).toBe(200);
    expect((await e.k.admin.patch(`/api/v1/tickets/${t}`, { status: 'closed' })).status).toBe(200);
    await e.send(
      mail({
        from: 'zhang@example.com',
        subject: 'Re: Invoice',
        body: 'still wrong',
        messageId: 'cc-2@example.com',
        references: ['cc-1@example.com'],
      }),
    );
    const follow = await processed('cc-2@example.com');
    expect(follow.outcome).toBe('follow_up');
    expect(follow.ticket_id).not.toBe(t);
    expect((await e.k.admin.get(`/api/v1/tickets/${follow.ticket_id}`)).body.fields.follow_up_of).toBe(t);
    // A later reply to the old thread lands in the follow-up, not in yet another ticket.
    await e.send(
      mail({
        from: 'zhang@example.com',
        subject: 'Re: Invoice',
        body: 'and one more',
        messageId: 'cc-3@example.com',
        references: ['cc-1@example.com'],
      }),
    );
    expect(await processed('cc-3@example.com')).toMatchObject({ outcome: 'reply', ticket_id: follow.ticket_id });
  });

  it('a reply to a solved ticket reopens it, or opens a follow-up when the setting says so', async () => {
    await e.send(mail({ from: 'qin@example.com', subject: 'Refund', body: 'please refund', messageId: 'sv-1@example.com' }));
    const t = (await processed('sv-1@example.com')).ticket_id!;
    await e.k.admin.patch(`/api/v1/tickets/${t}`, { status: 'solved' });
    await e.send(
      mail({
        from: 'qin@example.com',
        subject: 'Re: Refund',
        body: 'not received yet',
        messageId: 'sv-2@example.com',
        inReplyTo: 'sv-1@example.com',
      }),
    );
    expect(await processed('sv-2@example.com')).toMatchObject({ outcome: 'reply', ticket_id: t });
    expect((await e.k.admin.get(`/api/v1/tickets/${t}`)).body.status).toBe('open');
    expect((await e.k.admin.patch('/api/v1/email/settings', { solved_reply: 'follow_up' })).body.solved_reply).toBe('follow_up');
    try {
      await e.k.admin.patch(`/api/v1/tickets/${t}`, { status: 'solved' });
      await e.send(
        mail({
          from: 'qin@example.com',
          subject: 'Re: Refund',
          body: 'thanks, got it',
          messageId: 'sv-3@example.com',
          inReplyTo: 'sv-2@example.com',
        }),
      );
      const f = await processed('sv-3@example.com');
      expect(f.outcome).toBe('follow_up');
      expect((await e.k.admin.get(`/api/v1/tickets/${t}`)).body.status).toBe('solved');
    } finally {
      await e.k.admin.patch('/api/v1/email/settings', { solved_reply: 'reopen' });
    }
  });

  it('joins the sender to the organization that maps their domain', async () => {
    const org = (await e.k.admin.post('/api/v1/organizations', { name: 'Acme 中国' })).body;
    expect((await e.k.admin.patch(`/api/v1/organizations/${org.id}`, { email_domains: ['acme.cn'] })).status).toBe(200);
    await e.send(mail({ from: 'ops@acme.cn', subject: '服务器宕机', body: '紧急', messageId: 'acme-1@acme.cn' }));
    const t = (await e.k.admin.get(`/api/v1/tickets/${(await processed('acme-1@acme.cn')).ticket_id}`)).body;
    expect(t.organization_id).toBe(org.id);
  });

  it('a sender whose plan does not include email gets no ticket but a reply with the reason and alternatives', async () => {
    const plan = await e.k.admin.post('/api/v1/plans', {
      key: 'community',
      name: 'Community',
      rank: 900,
      settings: { channels: ['web'], community_url: 'https://forum.example.com' },
    });
    expect(plan.status).toBe(201);
    const org = (await e.k.admin.post('/api/v1/organizations', { name: 'Free Co', plan_id: plan.body.id })).body;
    expect((await e.k.admin.patch(`/api/v1/organizations/${org.id}`, { email_domains: ['free.example'] })).status).toBe(200);
    await e.send(mail({ from: 'user@free.example', subject: 'Help please', body: 'help', messageId: 'free-1@free.example' }));
    const row = await processed('free-1@free.example');
    expect(row).toMatchObject({ status: 'refused', ticket_id: null });
    expect(row.error).toMatch(/forum\.example\.com/);
    const out = await waitFor(
      async () => (await e.k.admin.get('/api/v1/outbox?limit=20')).body.data.find((m: { kind: string }) => m.kind === 'ticket_refused'),
      'refusal mail',
    );
    expect(out).toMatchObject({ to: ['user@free.example'], subject: 'We could not open a request: Help please' });
    expect(out.text).toContain('https://forum.example.com');
    // Addressed to the sender, about their own plan.
    expect(out.text).toMatch(/Your \S+ plan does not include support by email/);
  });

  it('still stores mail past the per-sender limit, but stops acknowledging it', async () => {
    const ids = Array.from({ length: 22 }, (_, i) => `flood-${i}@example.com`);
    for (const id of ids) await e.send(mail({ from: 'flood@example.com', subject: `n ${id}`, body: 'x', messageId: id }));
    const rows = await Promise.all(ids.map(processed));
    expect(rows.every((r) => r.status === 'processed')).toBe(true);
    expect(rows.filter((r) => r.no_ack_reason?.startsWith('more than 20')).length).toBe(2);
    await e.idle();
    const acks = await e.k.db.query(
      `select count(*)::int as n from outbound_emails where kind = 'ticket_received' and 'flood@example.com' = any(to_addrs)`,
    );
    expect(acks[0]).toEqual({ n: 20 });
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });
});
