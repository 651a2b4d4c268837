import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailKefu, mail, waitFor, type EmailKefu } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

/**
 * A reply through the ticket's reply address counts as the requester's own ("sender verified") only
 * while that address was mailed to the requester alone. Once a Cc (or a Reply-To address) received
 * it, anyone of them could write with the requester's From.
 */
let e: EmailKefu;
beforeAll(async () => {
  e = await emailKefu();
});
afterAll(async () => {
  await e?.stop();
});

const done = (mid: string) =>
  waitFor(
    async () =>
      (
        await e.k.db.query<{ ticket_id: number | null }>(
          `select ticket_id from inbound_emails where rfc_message_id = $1 and status <> 'received'`,
          [mid],
        )
      )[0],
    mid,
  );
const outbox = async (ticketId: number) =>
  (await e.k.admin.get(`/api/v1/outbox?ticket_id=${ticketId}&limit=100`)).body.data as Array<Record<string, any>>;
const messages = async (ticketId: number) =>
  (await e.k.admin.get(`/api/v1/tickets/${ticketId}/messages?limit=200`)).body.data as Array<Record<string, any>>;

async function verifiedCustomer(name: string, email: string) {
  expect((await e.k.admin.post('/api/v1/people', { name, email, role: 'customer', password: `${name}-pass-12345` })).status).toBe(201);
  await e.k.db.query(`update person_emails set verified_at = now() where email = $1`, [email]);
}

describe('the reply address of a ticket mailed to others', () => {
  it('a Cc who got the reply address and writes with the requester\'s From is not "sender verified"', async () => {
    await verifiedCustomer('Vic', 'vic@customer.test');
    await e.send(mail({ from: 'Vic <vic@customer.test>', subject: 'Invoice', body: 'Hello.', messageId: 'shared-1@customer.test' }));
    const ticketId = (await done('shared-1@customer.test')).ticket_id!;
    expect((await e.k.admin.patch(`/api/v1/tickets/${ticketId}`, { fields: { cc: ['colleague@elsewhere.test'] } })).status).toBe(200);
    expect((await e.k.admin.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'We are on it.' })).status).toBe(201);
    const reply = await waitFor(async () => (await outbox(ticketId)).find((m) => m.kind === 'agent_reply'), 'agent reply');
    expect(reply.cc).toEqual(['colleague@elsewhere.test']);

    // The colleague answers to the reply address, with the requester's From.
    await e.send(
      mail({
        from: 'Vic <vic@customer.test>',
        to: reply.reply_to,
        subject: 'Re: Invoice',
        body: 'Please send the invoices to my new address.',
        messageId: 'shared-2@elsewhere.test',
      }),
      { from: 'colleague@elsewhere.test', to: [reply.reply_to] },
    );
    await done('shared-2@elsewhere.test');
    const m = (await messages(ticketId)).find((x) => x.body.includes('new address'));
    expect(m).toMatchObject({ sender_verified: false });
  });

  it('mailed to the requester alone, the reply address still proves the requester', async () => {
    await verifiedCustomer('Ada', 'ada@customer.test');
    await e.send(mail({ from: 'Ada <ada@customer.test>', subject: 'Login', body: 'Hello.', messageId: 'solo-1@customer.test' }));
    const ticketId = (await done('solo-1@customer.test')).ticket_id!;
    const ack = await waitFor(async () => (await outbox(ticketId)).find((m) => m.kind === 'ticket_received'), 'ack');
    await e.send(
      mail({
        from: 'Ada <ada@customer.test>',
        to: ack.reply_to,
        subject: 'Re: Login',
        body: 'It works now.',
        messageId: 'solo-2@customer.test',
      }),
      { to: [ack.reply_to] },
    );
    await done('solo-2@customer.test');
    expect((await messages(ticketId)).find((x) => x.body.includes('works now'))).toMatchObject({ sender_verified: true });
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });
});
