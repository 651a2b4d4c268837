import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { storeInbound } from '../../server/modules/email/storeInbound.ts';
import { peekHeaders } from '../../server/channels/email/parseEmail.ts';
import { startDovecot, type Dovecot } from './dovecot.ts';
import { emailKefu, mail, waitFor, type EmailKefu } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

const hasDovecot = existsSync('/usr/sbin/dovecot');
let e: EmailKefu;
let dv: Dovecot;
beforeAll(async () => {
  if (!hasDovecot) return;
  dv = await startDovecot();
  e = await emailKefu({ KEFU_IMAP_ALLOW_PRIVATE: '127.0.0.1' }); // the Dovecot listens on loopback
});
afterAll(async () => {
  await e?.stop();
  await dv?.destroy();
});

const ticketOf = (mid: string) =>
  waitFor(
    async () =>
      (
        await e.k.db.query<{ ticket_id: number }>(
          `select ticket_id from inbound_emails where rfc_message_id = $1 and status = 'processed'`,
          [mid],
        )
      )[0]?.ticket_id,
    mid,
  );

describe.skipIf(!hasDovecot)('IMAP polling against a real Dovecot', () => {
  let mailboxId: number;

  it('an admin adds a mailbox; its password is never returned', async () => {
    const r = await e.k.admin.post('/api/v1/mailboxes', {
      name: 'Support inbox',
      host: '127.0.0.1',
      port: dv.port,
      secure: false,
      username: dv.user,
      password: dv.pass,
      poll_seconds: 3600,
      active: false,
    });
    // Inactive: no scheduled polls yet; these tests poll by hand (POST …/poll).
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ has_password: true, folder: 'INBOX', after_fetch: 'seen', last_success_at: null, active: false });
    expect(JSON.stringify(r.body)).not.toContain(dv.pass);
    expect(JSON.stringify((await e.k.admin.get('/api/v1/mailboxes')).body)).not.toContain(dv.pass);
    // Nor is it stored as typed: sealed with the desk's key (the polls below log in with it).
    const [row] = await e.k.db.query<{ password: string }>(`select password from mailboxes where id = $1`, [r.body.id]);
    expect(row.password).not.toContain(dv.pass);
    expect(row.password).toMatch(/^kefu-sealed\.v1\./);
    const audit = (await e.k.admin.get('/api/v1/audit-log?type=mailbox.created')).body.data;
    expect(audit[0].data).toEqual({ mailbox_id: r.body.id, name: 'Support inbox', host: '127.0.0.1', username: dv.user });
    mailboxId = r.body.id;
  });

  it('fetches unseen mail into tickets, then marks it seen', async () => {
    await dv.append(
      mail({ from: 'Qian <qian@example.com>', subject: '报表导出乱码', body: '导出的 CSV 打开是乱码。', messageId: 'imap-1@example.com' }),
    );
    await dv.append(readFileSync(new URL('../fixtures/eml/big5.eml', import.meta.url)));
    expect(await dv.unseen()).toHaveLength(2);
    const r = await e.k.admin.post(`/api/v1/mailboxes/${mailboxId}/poll`);
    expect(r.body).toMatchObject({ fetched: 2, stored: 2, error: null });
    expect(await dv.unseen()).toHaveLength(0);
    const t = (await e.k.admin.get(`/api/v1/tickets/${await ticketOf('imap-1@example.com')}`)).body;
    expect(t).toMatchObject({ subject: '报表导出乱码', channel: 'email', requester: { email: 'qian@example.com' } });
    expect((await e.k.admin.get(`/api/v1/tickets/${await ticketOf('big5-1@example.hk')}`)).body.subject).toBe('帳戶無法登入');
    const mb = (await e.k.admin.get(`/api/v1/mailboxes/${mailboxId}`)).body;
    expect(mb.last_success_at).not.toBeNull();
    expect(mb.last_error).toBeNull();
  });

  it('a message stored before a crash (not yet marked seen) is not stored twice', async () => {
    const raw = Buffer.from(
      mail({ from: 'sun@example.com', subject: 'Crash window', body: 'stored, then the poller died', messageId: 'imap-2@example.com' }),
    );
    await dv.append(raw);
    const h = peekHeaders(raw);
    await storeInbound(e.k.db, { rfcMessageId: h.messageId, source: 'imap', mailboxId, fromAddr: h.from, subject: h.subject, raw });
    const r = await e.k.admin.post(`/api/v1/mailboxes/${mailboxId}/poll`);
    expect(r.body).toMatchObject({ fetched: 1, stored: 0 });
    expect(await dv.unseen()).toHaveLength(0);
    await ticketOf('imap-2@example.com');
    expect(await e.k.db.query(`select 1 from inbound_emails where rfc_message_id = 'imap-2@example.com'`)).toHaveLength(1);
  });

  it('survives the server going away; a mailbox failing for 15 minutes alerts admins until it recovers', async () => {
    await dv.stop();
    let r = await e.k.admin.post(`/api/v1/mailboxes/${mailboxId}/poll`);
    expect(r.body.error).toBeTruthy();
    let mb = (await e.k.admin.get(`/api/v1/mailboxes/${mailboxId}`)).body;
    expect(mb.last_error).toBeTruthy();
    expect(mb.failing_since).not.toBeNull();
    expect(mb.alert).toBeNull();
    expect((await e.k.admin.get('/api/v1/email/alerts')).body.data).toHaveLength(0);
    // Pretend the first failure was 16 minutes ago.
    await e.k.db.query(`update mailboxes set failing_since = now() - interval '16 minutes' where id = $1`, [mailboxId]);
    r = await e.k.admin.post(`/api/v1/mailboxes/${mailboxId}/poll`);
    mb = (await e.k.admin.get(`/api/v1/mailboxes/${mailboxId}`)).body;
    expect(mb.alert).not.toBeNull();
    const alerts = (await e.k.admin.get('/api/v1/email/alerts')).body.data;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'mailbox_failing', mailbox_id: mailboxId });
    expect(alerts[0].message).toMatch(/has failed for 16 minutes/);

    await dv.start();
    await dv.append(mail({ from: 'zhou@example.com', subject: 'After the outage', body: 'hello again', messageId: 'imap-3@example.com' }));
    r = await e.k.admin.post(`/api/v1/mailboxes/${mailboxId}/poll`);
    expect(r.body).toMatchObject({ fetched: 1, stored: 1, error: null });
    mb = (await e.k.admin.get(`/api/v1/mailboxes/${mailboxId}`)).body;
    expect(mb).toMatchObject({ failing_since: null, alert: null });
    expect((await e.k.admin.get('/api/v1/email/alerts')).body.data).toHaveLength(0);
    await ticketOf('imap-3@example.com');
  });

  it('polls on its own schedule as a job, and can move fetched mail to a folder', async () => {
    const c = await dv.client();
    await c.mailboxCreate('Kefu');
    await c.logout();
    const r = await e.k.admin.patch(`/api/v1/mailboxes/${mailboxId}`, {
      poll_seconds: 1,
      after_fetch: 'move',
      move_to: 'Kefu',
      active: true,
    });
    expect(r.status).toBe(200);
    await dv.append(mail({ from: 'wu@example.com', subject: 'Scheduled 1', body: 'one', messageId: 'imap-4@example.com' }));
    await ticketOf('imap-4@example.com');
    await dv.append(mail({ from: 'wu@example.com', subject: 'Scheduled 2', body: 'two', messageId: 'imap-5@example.com' }));
    await ticketOf('imap-5@example.com'); // a second poll ran: the job re-scheduled itself
    await waitFor(async () => (await dv.count('Kefu')) === 2, 'moved messages');
    expect(await dv.count('INBOX')).toBe(4);
    await e.k.admin.patch(`/api/v1/mailboxes/${mailboxId}`, { active: false });
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });
});
