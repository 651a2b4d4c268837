import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pollMailbox } from '../../server/channels/email/imapPoller.ts';
import { freePort } from '../helpers/serverProcess.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';
import { startDovecot, type Dovecot } from './dovecot.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

/**
 * A mailbox check that fails says why in the admin's language (the library's own words kept beside it),
 * against a real Dovecot, a closed port, a name that does not exist and a server that never greets.
 */
const hasDovecot = existsSync('/usr/sbin/dovecot');
// The Dovecot and the silent server listen on 127.0.0.1: the one private address these checks may reach.
const allowedBefore = process.env.KEFU_IMAP_ALLOW_PRIVATE;
process.env.KEFU_IMAP_ALLOW_PRIVATE = '127.0.0.1';
let silentConnections = 0;
let k: TestKefu;
let dv: Dovecot;
let silent: Server;
let zh: string;
beforeAll(async () => {
  if (!hasDovecot) return;
  dv = await startDovecot();
  k = await testKefu();
  zh = (await k.adminSession.post('/api/v1/tokens', { name: 'zh' })).body.token as string;
  silent = createServer(() => {
    silentConnections++;
  }).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
});
afterAll(async () => {
  if (allowedBefore === undefined) delete process.env.KEFU_IMAP_ALLOW_PRIVATE;
  else process.env.KEFU_IMAP_ALLOW_PRIVATE = allowedBefore;
  silent?.close();
  await k?.stop();
  await dv?.destroy();
});

const mailbox = async (name: string, o: { host?: string; port?: number; secure?: boolean; password?: string }) => {
  const r = await k.admin.post('/api/v1/mailboxes', {
    name,
    host: o.host ?? '127.0.0.1',
    port: o.port ?? dv.port,
    secure: o.secure ?? false,
    username: dv.user,
    password: o.password ?? dv.pass,
    poll_seconds: 3600,
    active: false,
  });
  expect(r.status).toBe(201);
  return r.body.id as number;
};

/** A GET as the Chinese admin. */
const getInChinese = async (url: string) => {
  const r = await k.kefu.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${zh}`, 'accept-language': 'zh-CN' } });
  expect(r.statusCode).toBe(200);
  return JSON.parse(r.body);
};

/** "Check now", as a Chinese admin. */
const checkInChinese = async (id: number) => {
  const r = await k.kefu.app.inject({
    method: 'POST',
    url: `/api/v1/mailboxes/${id}/poll`,
    headers: { authorization: `Bearer ${zh}`, 'accept-language': 'zh-CN' },
  });
  expect(r.statusCode).toBe(200);
  return JSON.parse(r.body) as { error: string | null; error_kind: string | null; error_message: string | null };
};

describe.skipIf(!hasDovecot)('a failed mailbox check says why, in the admin’s language', () => {
  it('a wrong password', async () => {
    const id = await mailbox('Wrong password', { password: 'not-the-password' });
    const r = await checkInChinese(id);
    expect([r.error_kind, r.error_message]).toEqual(['auth', '服务器不接受该用户名或密码。']);
    expect(r.error).toMatch(/Authentication failed/i);
    const en = await k.admin.post(`/api/v1/mailboxes/${id}/poll`);
    expect(en.body.error_message).toBe('The server did not accept the user name or password.');
    const listed = (await k.admin.get(`/api/v1/mailboxes/${id}`)).body;
    expect([listed.last_error_kind, listed.last_error]).toEqual(['auth', r.error]);
  });

  it('a port nothing listens on', async () => {
    const id = await mailbox('Closed port', { port: await freePort() });
    const r = await checkInChinese(id);
    expect([r.error_kind, r.error_message]).toEqual(['refused', '服务器拒绝了连接：该端口上没有服务响应。请检查服务器和端口。']);
    expect(r.error).toMatch(/ECONNREFUSED/);
    expect((await k.admin.get(`/api/v1/mailboxes/${id}`)).body.last_error_kind).toBe('refused');
  });

  it('a server name that does not exist', async () => {
    const id = await mailbox('No such host', { host: 'imap.kefu-test.invalid' });
    const r = await checkInChinese(id);
    expect([r.error_kind, r.error_message]).toEqual(['host_not_found', '找不到该名称的服务器。请检查 IMAP 服务器地址。']);
    expect(r.error).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });

  it('TLS asked of a port that speaks plain IMAP', async () => {
    const id = await mailbox('TLS on a plain port', { secure: true });
    const r = await checkInChinese(id);
    expect([r.error_kind, r.error_message]).toEqual(['tls', '安全连接（TLS）失败。请检查该端口是否使用 TLS，以及服务器的证书。']);
    expect((await k.admin.get(`/api/v1/mailboxes/${id}`)).body.last_error_kind).toBe('tls');
  });

  it('a server that never greets', async () => {
    const id = await mailbox('Silent server', { port: (silent.address() as { port: number }).port });
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    const r = await pollMailbox(k.db, { mailboxId: id, maxBytes: 1_000_000, log, timeoutMs: 500, allowPrivate: ['127.0.0.1'] });
    expect(r?.error_kind).toBe('timeout');
    expect((await k.admin.get(`/api/v1/mailboxes/${id}`)).body.last_error_kind).toBe('timeout');
  });

  it('a server on a loopback or private address, unless KEFU_IMAP_ALLOW_PRIVATE allows it: nothing is connected to', async () => {
    const id = await mailbox('Private address', { port: (silent.address() as { port: number }).port });
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    const before = silentConnections;
    const r = await pollMailbox(k.db, { mailboxId: id, maxBytes: 1_000_000, log, timeoutMs: 500, allowPrivate: false });
    expect(r?.error_kind).toBe('private_address');
    expect(r?.error).toMatch(/127\.0\.0\.1/);
    expect(silentConnections).toBe(before);
    // Another loopback address than the one allowed, as a Chinese admin reads it.
    const other = await mailbox('Other loopback', { host: '127.0.0.2' });
    const zhCheck = await checkInChinese(other);
    expect([zhCheck.error_kind, zhCheck.error_message]).toEqual([
      'private_address',
      '该服务器位于本机、内网或链路本地地址（或其名称只指向这类地址）；除非设置 KEFU_IMAP_ALLOW_PRIVATE 允许，客服系统不会连接。',
    ]);
    expect((await k.admin.get(`/api/v1/mailboxes/${other}`)).body.last_error_kind).toBe('private_address');
    // A name is looked up first: localhost leads to loopback only.
    const named = await mailbox('Named loopback', { host: 'localhost', port: (silent.address() as { port: number }).port });
    expect((await pollMailbox(k.db, { mailboxId: named, maxBytes: 1_000_000, log, timeoutMs: 500, allowPrivate: false }))?.error_kind).toBe(
      'private_address',
    );
    expect(silentConnections).toBe(before);
  });

  it('a mailbox failing for 15 minutes alerts each admin in their own language, the library’s words kept as the detail', async () => {
    const id = await mailbox('售后邮箱', { port: await freePort() });
    expect((await checkInChinese(id)).error_kind).toBe('refused');
    // Pretend the first failure was 16 minutes ago, rather than wait.
    await k.db.query(`update mailboxes set failing_since = now() - interval '16 minutes' where id = $1`, [id]);
    const error = (await checkInChinese(id)).error as string;
    expect(error).toMatch(/ECONNREFUSED/);

    const ofMailbox = (data: Array<{ mailbox_id: number; message: string }>) => data.filter((a) => a.mailbox_id === id);
    const [zhAlert] = ofMailbox((await getInChinese('/api/v1/email/alerts')).data);
    expect(zhAlert).toMatchObject({ kind: 'mailbox_failing', error_kind: 'refused', detail: error });
    expect(zhAlert.message).toBe(
      `收件邮箱“售后邮箱”（${dv.user}@127.0.0.1）已连续 16 分钟收取失败：服务器拒绝了连接：该端口上没有服务响应。请检查服务器和端口。`,
    );
    const [enAlert] = ofMailbox((await k.admin.get('/api/v1/email/alerts')).body.data);
    expect(enAlert).toMatchObject({ error_kind: 'refused', detail: error });
    expect(enAlert.message).toBe(
      `Mailbox 售后邮箱 (${dv.user}@127.0.0.1) has failed for 16 minutes: The server refused the connection: nothing answers on that port. Check the server and the port.`,
    );

    // The mailbox's own alert reads the same way, in each language.
    const zhBox = await getInChinese(`/api/v1/mailboxes/${id}`);
    expect(zhBox.alert).toMatchObject({ message: zhAlert.message, detail: error });
    expect((await k.admin.get(`/api/v1/mailboxes/${id}`)).body.alert).toMatchObject({ message: enAlert.message, detail: error });
  });

  it('an alert raised before alerts kept their params is still shown, with its own words', async () => {
    const id = await mailbox('Old alert', {});
    await k.db.query(
      `insert into email_alerts (kind, mailbox_id, message) values ('mailbox_failing', $1, 'Mailbox Old alert has failed')`,
      [id],
    );
    const [old] = (await getInChinese('/api/v1/email/alerts')).data.filter((a: { mailbox_id: number }) => a.mailbox_id === id);
    expect(old).toMatchObject({ message: 'Mailbox Old alert has failed', detail: null, error_kind: null });
  });
});
