import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { claimPersonByEmail, mailIdentity, sendVerificationEmail } from '../../server/channels/email/index.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { notifyTicketEvent, type TicketEventPayload } from '../../server/modules/email/notifyTicketEvent.ts';
import { emailKefu, mail, waitFor, type EmailKefu } from './helpers.ts';
import { smtpConversation } from './smtpSession.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

let e: EmailKefu;
beforeAll(async () => {
  e = await emailKefu();
});
afterAll(async () => {
  await e?.stop();
});

const rcpt = async (address: string) =>
  (await smtpConversation(e.smtpPort, ['EHLO t\r\n', 'MAIL FROM:<a@example.com>\r\n', `RCPT TO:<${address}>\r\n`]))[2];
const inboundRow = (mid: string) =>
  waitFor(
    async () =>
      (
        await e.k.db.query<{ id: number; status: string; ticket_id: number | null }>(
          `select id, status, ticket_id from inbound_emails where rfc_message_id = $1 and status <> 'received'`,
          [mid],
        )
      )[0],
    mid,
  );

/** The "we received your request" mail of a ticket, once it is in the outbox. */
const acknowledgementOf = (ticketId: number) =>
  waitFor(
    async () =>
      (await e.k.admin.get(`/api/v1/outbox?ticket_id=${ticketId}`)).body.data.find((m: { kind: string }) => m.kind === 'ticket_received'),
    'ack',
  );

/** A person's language, as stored (their mail's language). */
const localeOf = async (personId: number) =>
  (await e.k.db.query<{ locale: string }>(`select locale from people where id = $1`, [personId]))[0].locale;

describe('email configuration API', () => {
  it('admins manage support addresses; mail for a new address is accepted at once, for a removed one refused', async () => {
    const list = (await e.k.admin.get('/api/v1/support-addresses')).body.data;
    expect(list).toEqual([expect.objectContaining({ email: 'support@kefu.test', is_default: true })]);
    expect(await rcpt('sales@kefu.test')).toMatch(/^550/);
    const sales = await e.k.admin.post('/api/v1/support-addresses', { email: 'Sales@Kefu.test', name: 'Kefu 销售' });
    expect(sales.status).toBe(201);
    expect(sales.body).toMatchObject({ email: 'sales@kefu.test', is_default: false });
    expect(await rcpt('sales@kefu.test')).toMatch(/^250/);
    expect(await rcpt('sales+sometoken@kefu.test')).toMatch(/^250/);
    expect((await e.k.admin.post('/api/v1/support-addresses', { email: 'sales@kefu.test' })).status).toBe(409);
    expect((await e.k.admin.post('/api/v1/support-addresses', { email: 'a+b@kefu.test' })).status).toBe(422);
    // The edit form sends every field: a non-default address saved with is_default false is just saved.
    const renamed = await e.k.admin.patch(`/api/v1/support-addresses/${sales.body.id}`, {
      email: 'sales@kefu.test',
      name: 'Sales',
      is_default: false,
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Sales', is_default: false });
    // The default cannot stop being it without another taking its place (in the admin's language).
    const def = (await e.k.admin.get('/api/v1/support-addresses')).body.data.find((a: { is_default: boolean }) => a.is_default);
    const undefault = await e.k.admin.patch(`/api/v1/support-addresses/${def.id}`, { is_default: false });
    expect(undefault.status).toBe(422);
    expect(undefault.body.error.details.field).toBe('is_default');
    expect((await e.k.admin.patch(`/api/v1/support-addresses/${sales.body.id}`, { is_default: true })).body.is_default).toBe(true);
    expect((await e.k.admin.get('/api/v1/support-addresses')).body.data.filter((a: { is_default: boolean }) => a.is_default)).toHaveLength(
      1,
    );
    expect((await e.k.admin.del(`/api/v1/support-addresses/${sales.body.id}`)).status).toBe(204);
    expect(await rcpt('sales@kefu.test')).toMatch(/^550/);
    expect((await e.k.admin.get('/api/v1/support-addresses')).body.data[0].is_default).toBe(true);
  });

  it("an address's group: new tickets mailed to it land in that group and tell its members; a deleted group leaves the address without one", async () => {
    const agent = await e.k.admin.post('/api/v1/people', { name: 'Bea', email: 'bea@kefu.test', role: 'agent', password: 'Bea-pass-1234' });
    const billing = await e.k.admin.post('/api/v1/groups', { name: 'Billing desk', member_ids: [agent.body.id] });
    expect(billing.status, JSON.stringify(billing.body)).toBe(201);
    // A group that does not exist is refused on the field, in the admin's language.
    const missing = await e.k.admin.post('/api/v1/support-addresses', { email: 'billing@kefu.test', group_id: 999999 });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details.field).toBe('group_id');
    const addr = await e.k.admin.post('/api/v1/support-addresses', { email: 'billing@kefu.test', group_id: billing.body.id });
    expect(addr.status, JSON.stringify(addr.body)).toBe(201);
    expect(addr.body.group_id).toBe(billing.body.id);

    await e.send(
      mail({
        from: 'payer@example.com',
        to: 'billing@kefu.test',
        subject: 'Invoice 42',
        body: 'Wrong VAT',
        messageId: 'grp-1@example.com',
      }),
      {
        to: ['billing@kefu.test'],
      },
    );
    const routed = await inboundRow('grp-1@example.com');
    const t = (await e.k.admin.get(`/api/v1/tickets/${routed.ticket_id}`)).body;
    expect(t.group_id).toBe(billing.body.id);
    // The same mail to the address without a group: no group.
    await e.send(mail({ from: 'payer@example.com', subject: 'Login', body: 'Cannot sign in', messageId: 'grp-2@example.com' }));
    const plain = await inboundRow('grp-2@example.com');
    expect((await e.k.admin.get(`/api/v1/tickets/${plain.ticket_id}`)).body.group_id).toBeNull();
    // The group's member is told about the new ticket in its queue.
    const bea = await e.k.signIn('bea@kefu.test', 'Bea-pass-1234');
    await waitFor(
      async () =>
        ((await bea.get('/api/v1/notifications')).body.data as Array<{ kind: string; ticket_id: number }>).find(
          (n) => n.ticket_id === routed.ticket_id && n.kind === 'new_in_group',
        ),
      'new_in_group',
    );

    // Unset, set again, and the group deleted: the address stays, without a group.
    expect((await e.k.admin.patch(`/api/v1/support-addresses/${addr.body.id}`, { group_id: null })).body.group_id).toBeNull();
    expect((await e.k.admin.patch(`/api/v1/support-addresses/${addr.body.id}`, { name: 'Billing' })).body.group_id).toBeNull();
    const gone = (await e.k.admin.post('/api/v1/groups', { name: 'Short-lived' })).body;
    expect((await e.k.admin.patch(`/api/v1/support-addresses/${addr.body.id}`, { group_id: gone.id })).body.group_id).toBe(gone.id);
    await e.k.db.query(`delete from groups where id = $1`, [gone.id]);
    const after = (await e.k.admin.get('/api/v1/support-addresses')).body.data.find((a: { id: number }) => a.id === addr.body.id);
    expect(after.group_id).toBeNull();
  });

  it('customers cannot read email configuration', async () => {
    await e.k.admin.post('/api/v1/people', { name: 'Cus', email: 'cus@example.com', password: 'Cus-pass-123' });
    const cus = await e.k.signIn('cus@example.com', 'Cus-pass-123');
    for (const url of [
      '/api/v1/support-addresses',
      '/api/v1/mailboxes',
      '/api/v1/outbox',
      '/api/v1/inbound',
      '/api/v1/email/settings',
      '/api/v1/email/alerts',
    ])
      expect((await cus.get(url)).status, url).toBe(403);
    expect((await e.k.anon.get('/api/v1/outbox')).status).toBe(401);
  });

  it('a dropped auto-reply can be reprocessed into its ticket; a processed mail is not processed twice', async () => {
    await e.send(
      mail({
        from: 'vip@example.com',
        subject: 'Auto: away',
        body: 'Actually I am not away, please read this',
        messageId: 'rp-1@example.com',
        headers: { 'Auto-Submitted': 'auto-generated' },
      }),
    );
    const row = await inboundRow('rp-1@example.com');
    expect(row.status).toBe('auto_reply');
    const r = await e.k.admin.post(`/api/v1/inbound/${row.id}/reprocess`, { skip_filters: true });
    expect(r.status).toBe(202);
    const done = await waitFor(async () => {
      const x = await inboundRow('rp-1@example.com');
      return x.status === 'processed' ? x : null;
    }, 'reprocessed');
    expect(done.ticket_id).toBeTruthy();
    expect((await e.k.admin.post(`/api/v1/inbound/${row.id}/reprocess`, {})).status).toBe(409);
    const list = (await e.k.admin.get('/api/v1/inbound?limit=5')).body;
    expect(list.data[0]).toMatchObject({ message_id: 'rp-1@example.com', status: 'processed', no_ack_reason: 'reprocessed by an admin' });
  });

  it('private links can be revoked by the requester or by an agent', async () => {
    await e.send(mail({ from: 'guest@example.com', subject: 'Guest', body: 'hello', messageId: 'gl-1@example.com' }));
    const t = (await inboundRow('gl-1@example.com')).ticket_id!;
    const ack = await waitFor(async () => (await e.k.admin.get(`/api/v1/outbox?ticket_id=${t}`)).body.data[0], 'ack');
    const token = /\/guest\/tickets\/(kfg_[\w-]+)/.exec(ack.text)![1];
    expect((await e.k.anon.get(`/api/v1/guest/tickets/${token}`)).status).toBe(200);
    expect((await e.k.anon.get(`/api/v1/guest/tickets/${token.slice(0, -2)}xx`)).status).toBe(404);
    expect((await e.k.anon.del(`/api/v1/guest/tickets/${token}`)).status).toBe(204);
    expect((await e.k.anon.get(`/api/v1/guest/tickets/${token}`)).status).toBe(404);
    // The agent's reply carries a fresh link; the agent revokes every link of the ticket.
    await e.k.admin.post(`/api/v1/tickets/${t}/messages`, { body: 'Hello guest' });
    const reply = await waitFor(
      async () => (await e.k.admin.get(`/api/v1/outbox?ticket_id=${t}`)).body.data.find((m: { kind: string }) => m.kind === 'agent_reply'),
      'reply',
    );
    const token2 = /\/guest\/tickets\/(kfg_[\w-]+)/.exec(reply.text)![1];
    expect((await e.k.anon.get(`/api/v1/guest/tickets/${token2}`)).body.messages.map((m: { body: string }) => m.body)).toEqual([
      'hello',
      'Hello guest',
    ]);
    expect((await e.k.admin.del(`/api/v1/tickets/${t}/guest-links`)).body).toEqual({ revoked: 1 });
    expect((await e.k.anon.get(`/api/v1/guest/tickets/${token2}`)).status).toBe(404);
    expect((await e.k.anon.post(`/api/v1/guest/tickets/${token2}/messages`, { body: 'x' })).status).toBe(404);
  });

  it('a ticket an agent opens for a new address is acknowledged once, with one working private link, in the organization of its domain', async () => {
    const org = await e.k.admin.post('/api/v1/organizations', { name: 'Phone Co', email_domains: ['phone-co.example'] });
    expect(org.status).toBe(201);
    const created = await e.k.admin.post('/api/v1/tickets', {
      subject: 'Called in: router down',
      body: 'Logged from a phone call.',
      requester_email: 'Caller@Phone-Co.example',
      requester_name: 'Caller',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.organization_id).toBe(org.body.id);
    const t = created.body.id as number;
    const ack = await acknowledgementOf(t);
    expect(ack.to).toEqual(['caller@phone-co.example']);
    const token = /\/guest\/tickets\/(kfg_[\w-]+)/.exec(ack.text)![1];
    expect((await e.k.anon.get(`/api/v1/guest/tickets/${token}`)).body.ticket.subject).toBe('Called in: router down');
    // The job runs again (a retry after a crash): no second mail, and no second link stored.
    const [ev] = await e.k.db.query<{ id: number }>(`select id from ticket_events where ticket_id = $1 and type = 'ticket.created'`, [t]);
    const again = await notifyTicketEvent(e.k.db, {
      payload: { event: 'ticket.created', ticket_id: t, event_id: ev.id } as TicketEventPayload,
      identity: mailIdentity(e.config),
      now: new Date(),
    });
    expect(again).toBe('already acknowledged');
    const links = await e.k.db.query(`select id from guest_links where ticket_id = $1`, [t]);
    expect(links).toHaveLength(1);
    expect((await e.k.admin.get(`/api/v1/outbox?ticket_id=${t}`)).body.data).toHaveLength(1);
  });

  it('a call logged in Chinese for a new caller is acknowledged in Chinese, and the caller keeps that language', async () => {
    const created = await e.k.admin.post('/api/v1/tickets', {
      subject: '来电：网站打不开',
      body: '王先生来电，说网站从今天上午开始打不开。',
      requester_email: 'wang@caller.example',
      requester_name: '王先生',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const t = created.body.id as number;
    const ack = await acknowledgementOf(t);
    expect(ack.subject).toMatch(/已收到/);
    expect(await localeOf(created.body.requester_id)).toBe('zh-CN');
    // An English call for another new caller stays in English.
    const en = await e.k.admin.post('/api/v1/tickets', {
      subject: 'Called in',
      body: 'Site down.',
      requester_email: 'smith@caller.example',
    });
    expect(await localeOf(en.body.requester_id)).toBe('en');
    // The agent may say otherwise: a caller who wrote in Chinese but wants English mail.
    const told = await e.k.admin.post('/api/v1/tickets', {
      subject: '来电',
      body: '想要英文回复。',
      requester_email: 'li@caller.example',
      requester_locale: 'en',
    });
    expect(await localeOf(told.body.requester_id)).toBe('en');
    expect(
      (await e.k.admin.post('/api/v1/tickets', { subject: 's', body: 'b', requester_email: 'x@caller.example', requester_locale: 'fr' }))
        .status,
    ).toBe(400);
  });

  it("signing up later with a guest's address claims that same person and their tickets", async () => {
    await e.send(mail({ from: 'later@example.com', subject: 'Before sign-up', body: 'first', messageId: 'claim-1@example.com' }));
    const t = (await inboundRow('claim-1@example.com')).ticket_id!;
    const claimed = await e.k.db.tx(async (q) =>
      claimPersonByEmail(q, { email: 'Later@example.com', passwordHash: await hashPassword('Later-pass-1') }),
    );
    expect(claimed.personId).toBeTruthy();
    const later = await e.k.signIn('later@example.com', 'Later-pass-1');
    expect((await later.get('/api/v1/tickets')).body.data.map((x: { id: number }) => x.id)).toEqual([t]);
    const again = await e.k.db.tx(async (q) => claimPersonByEmail(q, { email: 'later@example.com', passwordHash: 'x' }));
    expect(again).toEqual({ personId: null, reason: 'registered' });
    expect(await e.k.db.tx((q) => claimPersonByEmail(q, { email: 'brand-new@example.com', passwordHash: 'x' }))).toEqual({
      personId: null,
      reason: 'new',
    });
  });

  it("sendVerificationEmail mails a one-time link for the person's address", async () => {
    const p = (await e.k.admin.post('/api/v1/people', { name: '韩梅梅', email: 'hmm@example.cn', locale: 'zh-CN' })).body;
    expect(await sendVerificationEmail(e.k.db, { personId: p.id, identity: mailIdentity(e.config) })).toBe(true);
    const out = (await e.k.admin.get('/api/v1/outbox?limit=1')).body.data[0];
    expect(out).toMatchObject({ to: ['hmm@example.cn'], subject: '请确认您的邮箱地址', ticket_id: null });
    expect(out.text).toMatch(/http:\/\/kefu\.test\/verify-email\?token=kfo_/);
    await waitFor(
      async () => (await e.k.admin.get('/api/v1/outbox?limit=1')).body.data[0].status === 'local',
      'stays in the local outbox without SMTP',
    );
  });

  it('documents the email API in the OpenAPI description', async () => {
    const doc = (await e.k.anon.get('/api/v1/openapi.json')).body;
    for (const path of [
      '/api/v1/outbox',
      '/api/v1/mailboxes/{id}',
      '/api/v1/guest/tickets/{token}',
      '/api/v1/auth/password-reset',
      '/api/v1/inbound/{id}/reprocess',
    ])
      expect(Object.keys(doc.paths), path).toContain(path);
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });
});
