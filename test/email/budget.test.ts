import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailKefu, mail, waitFor, type EmailKefu } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

/** Finding 12: a mail that takes longer than its time budget is retried, then parked with its reason. */
let e: EmailKefu;
beforeAll(async () => {
  e = await emailKefu({ KEFU_EMAIL_BUDGET_MS: '5', KEFU_MAX_EMAIL_BYTES: String(30 * 1024 * 1024) });
});
afterAll(async () => {
  await e?.stop();
});

describe('time budget per mail', () => {
  it('a mail over the budget ends parked as failed, with the reason in the admin inbound list', async () => {
    const html = '<div>' + '<p><b>x</b><i>y</i><a href="https://example.com">z</a></p>'.repeat(80_000) + '</div>';
    await e.send(mail({ from: 'slow@example.com', subject: 'slow', body: '', html, messageId: 'budget-1@example.com' }));
    const row = await waitFor(
      async () =>
        ((await e.k.admin.get('/api/v1/inbound?limit=5')).body.data as Array<Record<string, any>>).find(
          (m) => m.message_id === 'budget-1@example.com' && m.status !== 'received',
        ),
      'parked',
      60_000,
    );
    expect(row).toMatchObject({ status: 'failed', ticket_id: null });
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(row.error).toMatch(/time budget/);
    const tickets = (await e.k.admin.get('/api/v1/tickets?limit=50')).body.data as Array<{ subject: string }>;
    expect(tickets.map((t) => t.subject)).not.toContain('slow');
  });
});
