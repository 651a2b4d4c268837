import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueStaffReplyTo } from '../../server/modules/email/staffReplyTokens.ts';
import { emailKefu, mail, waitFor, type EmailKefu } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

/** Findings 3 and 4: an address proves only what a link sent to it proves; a mail's From is not proof. */
let e: EmailKefu;
beforeAll(async () => {
  e = await emailKefu({ KEFU_TRUSTED_AUTHSERV_IDS: 'mx.kefu.test' });
});
afterAll(async () => {
  await e?.stop();
});

type Row = { id: number; status: string; outcome: string | null; ticket_id: number | null; error: string | null };
const done = (mid: string) =>
  waitFor(
    async () =>
      (
        await e.k.db.query<Row>(
          `select id, status, outcome, ticket_id, error from inbound_emails where rfc_message_id = $1 and status <> 'received'`,
          [mid],
        )
      )[0],
    mid,
  );
const messages = async (ticketId: number) =>
  (await e.k.admin.get(`/api/v1/tickets/${ticketId}/messages?limit=200`)).body.data as Array<Record<string, any>>;
const outbox = async (ticketId: number) =>
  (await e.k.admin.get(`/api/v1/outbox?ticket_id=${ticketId}&limit=100`)).body.data as Array<Record<string, any>>;
const allOutbox = async () => (await e.k.admin.get(`/api/v1/outbox?limit=100`)).body.data as Array<Record<string, any>>;

async function person(name: string, email: string, role: 'customer' | 'agent' = 'customer') {
  const r = await e.k.admin.post('/api/v1/people', { name, email, role, password: `${name}-pass-123` });
  expect(r.status).toBe(201);
  return { id: r.body.id as number, caller: await e.k.signIn(email, `${name}-pass-123`) };
}

/** A ticket opened by mail from a customer, and the reply token of its thread (from the acknowledgement's Reply-To). */
async function mailedTicket(from: string, mid: string) {
  await e.send(mail({ from, subject: `Question ${mid}`, body: 'Hello, I need help.', messageId: mid }));
  const ticketId = (await done(mid)).ticket_id!;
  const ack = await waitFor(async () => (await outbox(ticketId)).find((m) => m.kind === 'ticket_received'), 'ack');
  return { ticketId, replyTo: ack.reply_to as string };
}

describe('an unverified address never captures mail (finding 3)', () => {
  it('mail from an address someone added to their profile but never verified does not land in their account', async () => {
    const mallory = await person('Mallory', 'mallory@example.com');
    expect(
      (
        await mallory.caller.patch(`/api/v1/people/${mallory.id}`, {
          add_emails: ['victim@example.org'],
          current_password: 'Mallory-pass-123',
        })
      ).status,
    ).toBe(200);

    await e.send(
      mail({
        from: 'Victim <victim@example.org>',
        subject: 'My private invoice',
        body: 'Invoice 7731, please correct it.',
        messageId: 'unv-1@example.org',
      }),
    );
    const row = await done('unv-1@example.org');
    // Mallory sees nothing of it: not in her tickets, and no mail (no private link) goes to her.
    const hers = (await mallory.caller.get('/api/v1/tickets?limit=100')).body.data as Array<{ subject: string }>;
    expect(hers.map((t) => t.subject)).not.toContain('My private invoice');
    expect((await allOutbox()).filter((m) => (m.to as string[]).includes('mallory@example.com'))).toEqual([]);
    if (row.ticket_id) expect((await e.k.admin.get(`/api/v1/tickets/${row.ticket_id}`)).body.requester_id).not.toBe(mallory.id);
    // The mail is kept and the reason is visible to the admin.
    const listed = (await e.k.admin.get('/api/v1/inbound?limit=20')).body.data.find(
      (m: { message_id: string }) => m.message_id === 'unv-1@example.org',
    );
    expect(listed).toMatchObject({ status: 'refused' });
    expect(listed.error).toMatch(/never verified/);

    // Once the unproven claim is gone, the same mail becomes a ticket of a new requester for that address.
    expect((await mallory.caller.patch(`/api/v1/people/${mallory.id}`, { remove_emails: ['victim@example.org'] })).status).toBe(200);
    expect((await e.k.admin.post(`/api/v1/inbound/${row.id}/reprocess`, {})).status).toBe(202);
    const again = await waitFor(async () => {
      const r = await done('unv-1@example.org');
      return r.status === 'processed' ? r : null;
    }, 'reprocessed');
    const t = (await e.k.admin.get(`/api/v1/tickets/${again.ticket_id}`)).body;
    expect(t.requester).toMatchObject({ email: 'victim@example.org' });
    expect(t.requester_id).not.toBe(mallory.id);
  });

  it('a verified second address routes mail to its person', async () => {
    const vera = await person('Vera', 'vera@example.com');
    await vera.caller.patch(`/api/v1/people/${vera.id}`, { add_emails: ['vera.home@example.net'], current_password: 'Vera-pass-123' });
    await e.k.db.query(`update person_emails set verified_at = now() where lower(email) = 'vera.home@example.net'`);
    await e.send(mail({ from: 'vera.home@example.net', subject: 'From home', body: 'hi', messageId: 'unv-2@example.net' }));
    const row = await done('unv-2@example.net');
    expect((await e.k.admin.get(`/api/v1/tickets/${row.ticket_id}`)).body.requester_id).toBe(vera.id);
  });

  it("an agent's unverified extra address does not make mail from it a staff message", async () => {
    const { ticketId, replyTo } = await mailedTicket('cust-x@example.com', 'unv-3@example.com');
    const ag = await person('Agnes', 'agnes@desk.example', 'agent');
    await e.k.admin.patch(`/api/v1/people/${ag.id}`, { add_emails: ['agnes@gmail.example'] });
    await e.send(
      mail({
        from: 'agnes@gmail.example',
        to: replyTo,
        subject: 'Re: x',
        body: 'Your refund is approved.',
        messageId: 'unv-4@gmail.example',
      }),
      { to: [replyTo] },
    );
    await done('unv-4@gmail.example');
    const msgs = await messages(ticketId);
    expect(msgs.filter((m) => m.author?.id === ag.id)).toEqual([]);
  });
});

describe('a From header is not proof of a staff sender (finding 4)', () => {
  let agent: { id: number };
  beforeAll(async () => {
    agent = await person('Alex', 'alex@desk.example', 'agent');
  });

  it('a mail claiming an agent\'s From becomes an internal note marked "sender not verified", and nothing is mailed to the requester', async () => {
    const { ticketId, replyTo } = await mailedTicket('cust-a@example.com', 'st-1@example.com');
    await e.send(
      mail({
        from: 'Alex <alex@desk.example>',
        to: replyTo,
        subject: 'Re: q',
        body: 'Please send us your password to continue.',
        messageId: 'st-2@attacker.example',
      }),
      { to: [replyTo] },
    );
    const row = await done('st-2@attacker.example');
    expect(row.status).toBe('processed');
    const m = (await messages(ticketId)).find((x) => x.body.includes('send us your password'))!;
    expect(m).toMatchObject({ internal: true, sender_verified: false });
    await e.idle();
    expect((await outbox(ticketId)).filter((x) => x.kind === 'agent_reply')).toEqual([]);
    // The customer does not see the note.
    const view = await e.k.db.query<{ n: number }>(
      `select count(*)::int as n from messages where ticket_id = $1 and not internal and body_text like '%password%'`,
      [ticketId],
    );
    expect(view[0].n).toBe(0);
  });

  it('a reply to the per-staff Reply-To address becomes a public staff reply mailed to the requester', async () => {
    const { ticketId } = await mailedTicket('cust-b@example.com', 'st-3@example.com');
    const staffReplyTo = await e.k.db.tx((q) =>
      issueStaffReplyTo(q, { personId: agent.id, ticketId, supportAddress: 'support@kefu.test' }),
    );
    expect(staffReplyTo).toMatch(/^support\+[a-z2-9]+@kefu\.test$/);
    await e.send(
      mail({
        from: 'Alex <alex@desk.example>',
        to: staffReplyTo,
        subject: 'Re: q',
        body: 'We fixed it on our side.',
        messageId: 'st-4@desk.example',
      }),
      { to: [staffReplyTo] },
    );
    await done('st-4@desk.example');
    const m = (await messages(ticketId)).find((x) => x.body.includes('fixed it on our side'))!;
    expect(m).toMatchObject({ internal: false, sender_verified: true, author: { id: agent.id } });
    const sent = await waitFor(async () => (await outbox(ticketId)).find((x) => x.kind === 'agent_reply'), 'agent reply mail');
    expect(sent.to).toEqual(['cust-b@example.com']);
  });

  it("another agent's token, or a token of another ticket, does not verify the sender", async () => {
    const { ticketId, replyTo } = await mailedTicket('cust-c@example.com', 'st-5@example.com');
    const other = await person('Olga', 'olga@desk.example', 'agent');
    const olgas = await e.k.db.tx((q) => issueStaffReplyTo(q, { personId: other.id, ticketId, supportAddress: 'support@kefu.test' }));
    await e.send(
      mail({ from: 'alex@desk.example', to: olgas, subject: 'Re: q', body: 'token of another agent', messageId: 'st-6@x.example' }),
      { to: [olgas] },
    );
    const elsewhere = (await mailedTicket('cust-d@example.com', 'st-7@example.com')).ticketId;
    const alexElsewhere = await e.k.db.tx((q) =>
      issueStaffReplyTo(q, { personId: agent.id, ticketId: elsewhere, supportAddress: 'support@kefu.test' }),
    );
    await e.send(
      mail({
        from: 'alex@desk.example',
        to: replyTo,
        cc: alexElsewhere,
        subject: 'Re: q',
        body: 'token of another ticket',
        messageId: 'st-8@x.example',
      }),
      { to: [replyTo] },
    );
    await done('st-6@x.example');
    await done('st-8@x.example');
    const msgs = await messages(ticketId);
    expect(msgs.find((x) => x.body.includes('token of another agent'))).toMatchObject({ internal: true, sender_verified: false });
    expect(msgs.find((x) => x.body.includes('token of another ticket'))).toMatchObject({ internal: true, sender_verified: false });
  });

  it('counts only Authentication-Results from the trusted receiving server, aligned to the From domain', async () => {
    const { ticketId, replyTo } = await mailedTicket('cust-e@example.com', 'st-9@example.com');
    const send = (mid: string, body: string, ar: string[]) => {
      const raw = mail({ from: 'alex@desk.example', to: replyTo, subject: 'Re: q', body, messageId: mid });
      return e.send(ar.map((h) => `Authentication-Results: ${h}\r\n`).join('') + raw, { to: [replyTo] });
    };
    await send('ar-1@desk.example', 'ar trusted dmarc pass', [
      'mx.kefu.test; spf=pass smtp.mailfrom=desk.example; dkim=pass header.d=desk.example header.s=s1; dmarc=pass (p=reject) header.from=desk.example',
    ]);
    await send('ar-2@desk.example', 'ar untrusted server', [
      'evil.example; dkim=pass header.d=desk.example; dmarc=pass header.from=desk.example',
    ]);
    await send('ar-3@desk.example', 'ar not aligned', [
      'mx.kefu.test; dkim=pass header.d=attacker.example; dmarc=fail header.from=desk.example',
    ]);
    await send('ar-4@desk.example', 'ar forged below ours', [
      'mx.kefu.test; dkim=none; dmarc=none',
      'mx.kefu.test; dkim=pass header.d=desk.example; dmarc=pass header.from=desk.example',
    ]);
    await send('ar-5@desk.example', 'ar dkim aligned by header.i', [
      'mx.kefu.test 1 (our mx); dkim=pass header.i=@desk.example header.s=s1',
    ]);
    await send('ar-6@desk.example', 'ar signed by a lookalike', [
      'mx.kefu.test; dkim=pass header.d=notdesk.example; dkim=pass header.d=desk.example.attacker.example',
    ]);
    for (const mid of ['ar-1', 'ar-2', 'ar-3', 'ar-4', 'ar-5', 'ar-6']) await done(`${mid}@desk.example`);
    const msgs = await messages(ticketId);
    const by = (s: string) => msgs.find((x) => x.body.includes(s));
    expect(by('ar trusted dmarc pass')).toMatchObject({ internal: false, sender_verified: true });
    expect(by('ar untrusted server')).toMatchObject({ internal: true, sender_verified: false });
    expect(by('ar not aligned')).toMatchObject({ internal: true, sender_verified: false });
    expect(by('ar forged below ours')).toMatchObject({ internal: true, sender_verified: false });
    expect(by('ar dkim aligned by header.i')).toMatchObject({ internal: false, sender_verified: true });
    expect(by('ar signed by a lookalike')).toMatchObject({ internal: true, sender_verified: false });
  });

  it('a ticket opened by mail in a registered customer\'s name is marked "sender not verified" and keeps sensitive fields withheld from the customer side too', async () => {
    const carl = await person('Carl', 'carl@example.com');
    await e.send(
      mail({
        from: 'Carl <carl@example.com>',
        subject: 'Change my card',
        body: 'Please update the card on file.',
        messageId: 'cv-1@example.com',
      }),
    );
    const t1 = (await done('cv-1@example.com')).ticket_id!;
    const ticket = (await e.k.admin.get(`/api/v1/tickets/${t1}`)).body;
    expect(ticket).toMatchObject({ requester_id: carl.id, sender_verified: false });
    expect((await messages(t1))[0]).toMatchObject({ internal: false, sender_verified: false });
    expect((await e.k.admin.patch(`/api/v1/tickets/${t1}`, { fields: { card_last4: '4242', order: 'A-9' } })).status).toBe(200);
    const seen = (await carl.caller.get(`/api/v1/tickets/${t1}`)).body;
    expect(seen.sender_verified).toBe(false);
    expect(seen.fields).toEqual({ order: 'A-9' });
    expect(JSON.stringify(seen)).not.toContain('4242');

    // The same mail authenticated by our receiving server is not marked, and the customer sees their own details.
    await e.send(
      `Authentication-Results: mx.kefu.test; dmarc=pass header.from=example.com\r\n` +
        mail({ from: 'Carl <carl@example.com>', subject: 'Change my card 2', body: 'Again.', messageId: 'cv-2@example.com' }),
    );
    const t2 = (await done('cv-2@example.com')).ticket_id!;
    expect((await e.k.admin.get(`/api/v1/tickets/${t2}`)).body.sender_verified).toBe(true);
    await e.k.admin.patch(`/api/v1/tickets/${t2}`, { fields: { card_last4: '4242' } });
    expect((await carl.caller.get(`/api/v1/tickets/${t2}`)).body.fields).toEqual({ card_last4: '4242' });

    // A mail-only requester (no account to impersonate) is not marked.
    const g = await mailedTicket('guest-z@example.com', 'cv-3@example.com');
    expect((await e.k.admin.get(`/api/v1/tickets/${g.ticketId}`)).body.sender_verified).toBe(true);
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });

  it('the admin names the trusted receiving servers in the email settings (the setting wins over the environment)', async () => {
    expect((await e.k.admin.get('/api/v1/email/settings')).body.trusted_authserv_ids).toEqual(['mx.kefu.test']);
    const set = await e.k.admin.patch('/api/v1/email/settings', { trusted_authserv_ids: ['MX2.kefu.test', 'mx2.kefu.test'] });
    expect(set.status).toBe(200);
    expect(set.body.trusted_authserv_ids).toEqual(['mx2.kefu.test']);
    expect((await e.k.admin.patch('/api/v1/email/settings', { trusted_authserv_ids: ['not an id; dmarc=pass'] })).status).toBe(400);
    expect((await e.k.admin.patch('/api/v1/email/settings', { trusted_authserv_ids: ['mx.kefu.test'] })).body.trusted_authserv_ids).toEqual(
      ['mx.kefu.test'],
    );
  });
});
