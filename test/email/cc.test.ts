import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailKefu, mail, waitFor, type EmailKefu } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

/** Finding 5: Cc addresses taken from mail are bounded per ticket. */
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
        await e.k.db.query<{ ticket_id: number | null; status: string }>(
          `select ticket_id, status from inbound_emails where rfc_message_id = $1 and status <> 'received'`,
          [mid],
        )
      )[0],
    mid,
    30_000,
  );
const messages = async (ticketId: number) =>
  (await e.k.admin.get(`/api/v1/tickets/${ticketId}/messages?limit=200`)).body.data as Array<Record<string, any>>;
const outbox = async (ticketId: number) =>
  (await e.k.admin.get(`/api/v1/outbox?ticket_id=${ticketId}&limit=100`)).body.data as Array<Record<string, any>>;
const folded = (list: string[]) => list.join(',\r\n ');

describe('Cc from mail', () => {
  it("keeps at most 20 Cc addresses from a mail with 2,000, never the desk's own, and notes how many were dropped", async () => {
    const many = Array.from({ length: 2000 }, (_, i) => `person${String(i).padStart(4, '0')}@crowd.example`);
    const cc = folded(['support@kefu.test', 'support+abc@kefu.test', ...many]);
    await e.send(
      mail({ from: 'lead@example.com', cc, subject: 'Crowd', body: 'Everyone should know.', messageId: 'cc-big-1@example.com' }),
    );
    const ticketId = (await done('cc-big-1@example.com')).ticket_id!;
    const ticket = (await e.k.admin.get(`/api/v1/tickets/${ticketId}`)).body;
    expect(ticket.fields.cc).toHaveLength(20);
    expect(ticket.fields.cc.every((a: string) => a.endsWith('@crowd.example'))).toBe(true);

    const notes = (await messages(ticketId)).filter((m) => m.internal);
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toMatch(/1,?980/);
    expect(notes[0].body).toMatch(/Cc/);

    // An agent's reply goes to the requester and at most 20 copies.
    expect((await e.k.admin.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Thanks, looking into it.' })).status).toBe(201);
    const reply = await waitFor(async () => (await outbox(ticketId)).find((m) => m.kind === 'agent_reply'), 'agent reply');
    expect(reply.to).toEqual(['lead@example.com']);
    expect(reply.cc.length).toBeLessThanOrEqual(20);
    expect(reply.cc).not.toContain('support@kefu.test');
  });

  it('later mails cannot push a ticket past 20 Cc addresses', async () => {
    await e.send(
      mail({
        from: 'ann@example.com',
        cc: folded(Array.from({ length: 15 }, (_, i) => `a${i}@one.example`)),
        subject: 'Start',
        body: 'hi',
        messageId: 'cc-grow-1@example.com',
      }),
    );
    const ticketId = (await done('cc-grow-1@example.com')).ticket_id!;
    expect((await e.k.admin.get(`/api/v1/tickets/${ticketId}`)).body.fields.cc).toHaveLength(15);
    await e.send(
      mail({
        from: 'ann@example.com',
        cc: folded(Array.from({ length: 30 }, (_, i) => `b${i}@two.example`)),
        subject: 'Re: Start',
        body: 'more people',
        messageId: 'cc-grow-2@example.com',
        references: ['cc-grow-1@example.com'],
      }),
    );
    expect(await done('cc-grow-2@example.com')).toMatchObject({ ticket_id: ticketId, status: 'processed' });
    const cc = (await e.k.admin.get(`/api/v1/tickets/${ticketId}`)).body.fields.cc as string[];
    expect(cc).toHaveLength(20);
    expect(cc.filter((a) => a.endsWith('@one.example'))).toHaveLength(15);
    const notes = (await messages(ticketId)).filter((m) => m.internal);
    expect(notes.map((n) => n.body).join('\n')).toMatch(/\b25\b/);
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });
});
