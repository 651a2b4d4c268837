import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailKefu, mail, smtpClient, startSink, waitFor, type EmailKefu, type Sink } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

let e: EmailKefu;
let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
  e = await emailKefu();
  expect((await e.k.admin.patch('/api/v1/email/settings', { smtp_url: `smtp://127.0.0.1:${sink.port}?tls=off` })).status).toBe(200);
});
afterAll(async () => {
  await e?.stop();
  await sink?.close();
});

/** The copy one MX host relays: its own Received (and trace) headers on top of the same mail. */
function viaMx(raw: string, mx: string, at: string) {
  return [
    `Return-Path: <${/^From:.*?<?([^<>\s]+@[^<>\s]+)>?\s*$/m.exec(raw)![1]}>`,
    `Received: from mail-sor-f41.example.com (mail-sor-f41.example.com [203.0.113.41])\r\n\tby ${mx} (Postfix) with ESMTPS id 4R${mx.length}Xk2\r\n\tfor <support@kefu.test>; ${at}`,
    `Authentication-Results: ${mx}; spf=pass smtp.mailfrom=example.com`,
    `X-Original-To: support@kefu.test`,
    `Delivered-To: support@kefu.test`,
    raw,
  ].join('\r\n');
}

/** Two MX hosts relay the same mail to Kefu at the same moment, over separate SMTP connections. */
async function deliverTwice(raw: string) {
  const a = smtpClient(e.smtpPort);
  const b = smtpClient(e.smtpPort);
  const from = /^From:.*?<?([^<>\s]+@[^<>\s]+)>?\s*$/m.exec(raw)![1];
  try {
    const replies = await Promise.all([
      a.send(viaMx(raw, 'mx1.kefu.test', 'Thu, 3 Dec 2026 09:15:02 +0000'), { from, to: ['support@kefu.test'] }),
      b.send(viaMx(raw, 'mx2.kefu.test', 'Thu, 3 Dec 2026 09:15:04 +0000'), { from, to: ['support@kefu.test'] }),
    ]);
    for (const r of replies) expect(r.response).toMatch(/^250/);
  } finally {
    a.close();
    b.close();
  }
}

const ticketsOf = async (address: string) =>
  e.k.db.query<{ id: number; messages: number }>(
    `select t.id, (select count(*)::int from messages m where m.ticket_id = t.id) as messages
     from tickets t join person_emails p on p.person_id = t.requester_id where p.email = $1`,
    [address],
  );
const mailsTo = (address: string) => sink.messages.filter((m) => m.to.includes(address));

/** Everything that would follow has happened: mail processed, every queued delivery done. */
async function settled(address: string) {
  await waitFor(
    async () => (await e.k.db.query(`select 1 from inbound_emails where from_addr = $1 and status = 'received'`, [address])).length === 0,
    'processing',
  );
  await e.idle();
  await waitFor(async () => (await e.k.db.query(`select 1 from outbound_emails where status = 'queued'`)).length === 0, 'deliveries');
  await e.idle();
}

describe('the same mail delivered through two MX hosts', () => {
  it('makes one ticket, one message and one acknowledgement, however close together the copies arrive', async () => {
    for (let i = 1; i <= 5; i++) {
      const address = `twice${i}@example.com`;
      await deliverTwice(
        mail({
          from: `Twice ${i} <${address}>`,
          subject: `Printer ${i} offline`,
          body: 'The printer on floor 3 is offline.',
          messageId: `mx-twice-${i}@example.com`,
        }),
      );
      await settled(address);
      const tickets = await ticketsOf(address);
      expect(tickets, address).toHaveLength(1);
      expect(tickets[0].messages, address).toBe(1);
      expect(
        mailsTo(address).map((m) => m.mail.subject),
        address,
      ).toEqual([expect.stringMatching(/We received your request: Printer \d offline$/)]);
    }
    // A third copy seconds later (a host that retried) changes nothing either.
    const late = mail({
      from: 'Twice 1 <twice1@example.com>',
      subject: 'Printer 1 offline',
      body: 'The printer on floor 3 is offline.',
      messageId: 'mx-twice-1@example.com',
    });
    expect((await e.send(viaMx(late, 'mx3.kefu.test', 'Thu, 3 Dec 2026 09:15:31 +0000'))).response).toMatch(/^250/);
    await settled('twice1@example.com');
    expect(await ticketsOf('twice1@example.com')).toHaveLength(1);
    expect(mailsTo('twice1@example.com')).toHaveLength(1);
  });

  it('a reply delivered twice is added once and mailed to nobody twice', async () => {
    const address = 'replytwice@example.com';
    await e.send(mail({ from: address, subject: 'VPN down', body: 'VPN is down.', messageId: 'mx-reply-0@example.com' }));
    await settled(address);
    const [{ id: ticketId }] = await ticketsOf(address);
    const cc = 'boss@example.com';
    await deliverTwice(
      mail({
        from: address,
        cc,
        subject: 'Re: VPN down',
        body: 'Still down after a restart.',
        messageId: 'mx-reply-1@example.com',
        inReplyTo: 'mx-reply-0@example.com',
      }),
    );
    await settled(address);
    const bodies = (await e.k.admin.get(`/api/v1/tickets/${ticketId}/messages`)).body.data.map((m: { body: string }) => m.body);
    expect(bodies).toEqual(['VPN is down.', 'Still down after a restart.']);
    expect(mailsTo(address)).toHaveLength(1); // the acknowledgement of the ticket only
    expect(mailsTo(cc)).toHaveLength(0);
  });

  it('a mail without a Message-ID is still one mail when two hosts add different trace headers', async () => {
    const address = 'noid@example.com';
    const raw = mail({
      from: `No Id <${address}>`,
      subject: 'Scanner jammed',
      body: 'The scanner jams on every page.',
      messageId: 'x',
    }).replace(/^Message-ID: <x>\r\n/m, '');
    expect(raw).not.toMatch(/^Message-ID:/im);
    await deliverTwice(raw);
    await settled(address);
    const tickets = await ticketsOf(address);
    expect(tickets).toHaveLength(1);
    expect(tickets[0].messages).toBe(1);
    expect(mailsTo(address)).toHaveLength(1);
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });
});
