import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailKefu, mail, waitFor, type EmailKefu } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

/**
 * The per-sender limit on acknowledgements (KEFU_EMAIL_SENDER_LIMIT) exists so the desk cannot be
 * used to mail one address over and over. Acknowledgements go to the mail's Reply-To when a sender
 * known only by mail names one, so the limit must hold for the address mailed, not only for From.
 */
let e: EmailKefu;
beforeAll(async () => {
  e = await emailKefu({ KEFU_EMAIL_SENDER_LIMIT: '3' });
});
afterAll(async () => {
  await e?.stop();
});

const processed = (messageId: string) =>
  waitFor(async () => {
    const r = (
      await e.k.db.query<{ status: string; no_ack_reason: string | null; ticket_id: number | null }>(
        `select status, no_ack_reason, ticket_id from inbound_emails where rfc_message_id = $1`,
        [messageId],
      )
    )[0];
    return r && r.status !== 'received' ? r : null;
  }, `inbound ${messageId}`);

describe('acknowledgements to a Reply-To', () => {
  it('many senders naming one Reply-To get it at most the sender limit of acknowledgements in 10 minutes', async () => {
    const rows = [];
    for (let i = 0; i < 6; i++) {
      const id = `flood-${i}@spam.example`;
      await e.send(
        mail({
          from: `Sender ${i} <sender${i}@spam${i}.example>`,
          subject: `Cheap watches ${i}`,
          body: 'Visit our shop.',
          messageId: id,
          headers: { 'Reply-To': 'victim@target.example' },
        }),
      );
      rows.push(await processed(id));
    }
    await e.idle();
    const acks = await e.k.db.query(
      `select id from outbound_emails where kind = 'ticket_received' and 'victim@target.example' = any(to_addrs)`,
    );
    expect(acks).toHaveLength(3);
    // Every mail still became a ticket; the ones over the limit say why they were not acknowledged.
    expect(rows.every((r) => r.status === 'processed' && r.ticket_id)).toBe(true);
    expect(rows.slice(3).map((r) => r.no_ack_reason)).toEqual(Array(3).fill(expect.stringMatching(/Reply-To/)));
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });
});
