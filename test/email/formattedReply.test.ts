import { afterAll, beforeAll, expect, it } from 'vitest';
import { emailKefu, mail, startSink, waitFor, type EmailKefu, type Sink } from './helpers.ts';

/**
 * A reply written with the console's formatting (docs/mail-display.md) leaves as HTML mail over
 * real SMTP: the formatted body, a screenshot pasted inline (its part carries the Content-ID the HTML
 * names) and a plain attachment. The same message is shown in the conversation with the screenshot
 * in place.
 */
let e: EmailKefu;
let sink: Sink;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  sink = await startSink();
  e = await emailKefu();
  expect((await e.k.admin.patch('/api/v1/email/settings', { smtp_url: `smtp://127.0.0.1:${sink.port}?tls=off` })).status).toBe(200);
});
afterAll(async () => {
  await e?.stop();
  await sink?.close();
});

it('a formatted reply with an inline screenshot and a file goes out as HTML with both parts', async () => {
  await e.send(mail({ from: 'Mei <mei@example.com>', subject: 'Export', body: 'Export fails.', messageId: 'fmt-1@example.com' }));
  const ticketId = await waitFor(
    async () =>
      (
        await e.k.db.query<{ ticket_id: number }>(
          `select ticket_id from inbound_emails where rfc_message_id = $1 and status = 'processed'`,
          ['fmt-1@example.com'],
        )
      )[0]?.ticket_id,
    'ticket',
  );
  const r = await e.k.admin.post(`/api/v1/tickets/${ticketId}/messages`, {
    body: '**Fixed** now:\n![shot.png](cid:paste-1@kefu)\n\n-- \nAgnes',
    html: '<p><strong>Fixed</strong> now:<br><img src="cid:paste-1@kefu" alt="shot.png"></p><p>-- <br>Agnes</p>',
    attachments: [
      { filename: 'shot.png', content_type: 'image/png', data_base64: PNG.toString('base64'), content_id: 'paste-1@kefu' },
      { filename: 'steps.txt', content_type: 'text/plain', data_base64: Buffer.from('1. open').toString('base64') },
    ],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect(r.body.rich).toBe(true);

  const out = await waitFor(() => sink.messages.find((m) => /Fixed/.test(m.mail.text ?? '')), 'the reply mail');
  expect(out.to).toEqual(['mei@example.com']);
  expect(out.mail.html).toContain('<strong>Fixed</strong>');
  expect(out.mail.text).toContain('**Fixed** now:');
  // mailparser swaps cid: for a data: URL only when the mail holds the part with that Content-ID.
  expect(out.mail.html).toMatch(/<img src="data:image\/png;base64,[^"]+" alt="shot.png" \/>/);
  expect(out.raw.toString()).toMatch(/Content-ID: <paste-1@kefu>/i);
  expect(out.mail.attachments.map((a) => [a.filename, a.contentType, a.cid ?? null])).toEqual([
    ['shot.png', 'image/png', 'paste-1@kefu'],
    ['steps.txt', 'text/plain', null],
  ]);

  const shot = r.body.attachments.find((a: { filename: string }) => a.filename === 'shot.png');
  const doc = await e.k.admin.get(`/api/v1/messages/${r.body.id}/html`);
  expect(doc.body).toContain(`<img alt="shot.png" src="/api/v1/attachments/${shot.id}" />`);
  expect(e.errors).toEqual([]);
});
