import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { emailKefu, mail, waitFor, type EmailKefu } from './helpers.ts';
import { smtpConversation } from './smtpSession.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

const dir = mkdtempSync(join(tmpdir(), 'kefu-tls-'));
let e: EmailKefu;
beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=kefu.test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  e = await emailKefu({ KEFU_SMTP_TLS_KEY: join(dir, 'key.pem'), KEFU_SMTP_TLS_CERT: join(dir, 'cert.pem') });
});
afterAll(async () => {
  await e?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('offers STARTTLS when a certificate is configured, and takes mail over it', async () => {
  const ehlo = await smtpConversation(e.smtpPort, ['EHLO client.test\r\n']);
  expect(ehlo[0]).toMatch(/STARTTLS/);
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port: e.smtpPort,
    secure: false,
    requireTLS: true,
    tls: { rejectUnauthorized: false },
  });
  const info = await t.sendMail({
    envelope: { from: 'tls@example.com', to: ['support@kefu.test'] },
    raw: mail({ from: 'tls@example.com', subject: 'Over TLS', body: 'encrypted', messageId: 'tls-1@example.com' }),
  });
  t.close();
  expect(info.response).toMatch(/^250/);
  await waitFor(
    async () =>
      (await e.k.db.query(`select 1 from inbound_emails where rfc_message_id = 'tls-1@example.com' and status = 'processed'`)).length === 1,
    'processed',
  );
});
