import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
let seq = 0;

/** A submission from one IP address (each test its own, so the per-IP limit does not mix tests). */
async function file(body: Record<string, unknown>, ip = `10.0.${++seq}.1`) {
  const r = await k.kefu.app.inject({ method: 'POST', url: '/api/v1/public/tickets', payload: body, remoteAddress: ip });
  return { status: r.statusCode, body: JSON.parse(r.body), headers: r.headers };
}
const form = (email: string, extra: Record<string, unknown> = {}) => ({
  name: 'Wang Fang',
  email,
  subject: 'Site returns 502',
  body: 'Since this morning our site answers 502 Bad Gateway.',
  category: 'availability',
  ...extra,
});
const outboxTo = async (email: string) =>
  (
    (await k.admin.get('/api/v1/outbox?limit=100')).body.data as Array<{ kind: string; to: string[]; text: string; subject: string }>
  ).filter((m) => m.to.includes(email));
const guestLink = (text: string) => /\/guest\/tickets\/(kfg_[\w-]+)/.exec(text)?.[1] ?? null;

beforeAll(async () => {
  k = await testKefu();
  expect((await k.admin.post('/api/v1/support-addresses', { email: 'support@desk.test' })).status).toBe(201);
  await k.admin.post('/api/v1/people', { name: 'Has Account', email: 'member@acme.test', role: 'customer', password: 'Pass-word-123' });
});
afterAll(async () => k?.stop());

describe('tickets without an account from the public form', () => {
  it('answers 202 without the ticket or its link, and mails the acknowledgement with the private link once', async () => {
    const r = await file(form('guest1@mail.test'));
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toEqual({ ok: true });
    const mails = await outboxTo('guest1@mail.test');
    expect(mails).toHaveLength(1);
    expect(mails[0].kind).toBe('ticket_received');
    const token = guestLink(mails[0].text);
    expect(token).toBeTruthy();
    expect(mails[0].text).toMatch(/https?:\/\/[^\s]+\/guest\/tickets\/kfg_/);
    // The jobs that follow the ticket (the notifier sees ticket.created) send no second acknowledgement.
    const worked = await k.db.query<{ n: number }>(`select count(*)::int as n from outbound_emails where dedupe_key like 'ack:%'`);
    expect(worked[0].n).toBe(1);

    const g = await k.anon.get(`/api/v1/guest/tickets/${token}`);
    expect(g.status).toBe(200);
    expect(g.body.ticket.subject).toBe('Site returns 502');
    expect(g.body.messages[0].body).toContain('502 Bad Gateway');
    const reply = await k.anon.post(`/api/v1/guest/tickets/${token}/messages`, { body: 'It is back now.' });
    expect(reply.status).toBe(201);

    // Staff see a web ticket from a customer without a password, in the chosen category.
    const t = (await k.admin.get(`/api/v1/tickets?number=${g.body.ticket.number}`)).body.data[0];
    expect(t.channel).toBe('web');
    expect(t.category).toBe('availability');
    const [p] = await k.db.query<{ name: string; has_password: boolean; role: string }>(
      `select name, password_hash is not null as has_password, role from people where id = $1`,
      [t.requester_id],
    );
    expect(p).toEqual({ name: 'Wang Fang', has_password: false, role: 'customer' });
  });

  it("agents read a ticket's mail without the private link's token; admins see it whole; a limited agent only their groups' tickets", async () => {
    expect((await file(form('guest-redact@mail.test', { subject: 'Redact me' }))).status).toBe(202);
    const [mail] = await outboxTo('guest-redact@mail.test');
    const token = guestLink(mail.text)!;
    const t = (await k.admin.get('/api/v1/tickets?q=Redact')).body.data[0];
    await k.admin.post('/api/v1/people', { name: 'Ann Agent', email: 'ann.redact@kefu.test', role: 'agent', password: 'Ann-pass-12345' });
    const ann = await k.signIn('ann.redact@kefu.test', 'Ann-pass-12345');
    const seen = (await ann.get(`/api/v1/outbox?ticket_id=${t.id}`)).body.data as Array<{ text: string; html: string }>;
    expect(seen).toHaveLength(1);
    expect(seen[0].text).toContain('/guest/tickets/…');
    expect(seen[0].text).not.toContain(token);
    expect(seen[0].html).not.toContain(token);
    const whole = (await k.admin.get(`/api/v1/outbox?ticket_id=${t.id}`)).body.data as Array<{ text: string }>;
    expect(whole[0].text).toContain(token);
    // An agent limited to their groups' tickets reads no other ticket's mail.
    const lim = (
      await k.admin.post('/api/v1/people', { name: 'Lim Agent', email: 'lim.redact@kefu.test', role: 'agent', password: 'Lim-pass-12345' })
    ).body;
    expect((await k.admin.patch(`/api/v1/people/${lim.id}`, { ticket_access: 'groups' })).status).toBe(200);
    const limited = await k.signIn('lim.redact@kefu.test', 'Lim-pass-12345');
    expect((await limited.get(`/api/v1/outbox?ticket_id=${t.id}`)).status).toBe(404);
  });

  it("the private link opens the conversation's files, and only those", async () => {
    expect((await file(form('guest-files@mail.test', { subject: 'Files please' }))).status).toBe(202);
    const [mail] = await outboxTo('guest-files@mail.test');
    const token = guestLink(mail.text)!;
    const t = (await k.admin.get('/api/v1/tickets?q=Files')).body.data[0];
    const data = (s: string) => Buffer.from(s).toString('base64');
    const pub = await k.admin.post(`/api/v1/tickets/${t.id}/messages`, {
      body: 'Here is the log.',
      attachments: [{ filename: 'mx-log.txt', content_type: 'text/plain', data_base64: data('mx ok\n') }],
    });
    expect(pub.status, JSON.stringify(pub.body)).toBe(201);
    const note = await k.admin.post(`/api/v1/tickets/${t.id}/messages`, {
      body: 'Internal only.',
      internal: true,
      attachments: [{ filename: 'secret.txt', content_type: 'text/plain', data_base64: data('staff only') }],
    });
    expect(note.status).toBe(201);
    const view = (await k.anon.get(`/api/v1/guest/tickets/${token}`)).body;
    const files = view.messages.flatMap((m: { attachments: Array<{ id: number; filename: string }> }) => m.attachments);
    expect(files.map((f: { filename: string }) => f.filename)).toEqual(['mx-log.txt']);
    const got = await k.kefu.app.inject({ method: 'GET', url: `/api/v1/guest/tickets/${token}/attachments/${files[0].id}` });
    expect(got.statusCode).toBe(200);
    expect(got.body).toBe('mx ok\n');
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toBe('no-store');
    // The internal note's file, and a file of another ticket, are not found through this link; a made-up link is refused.
    const secretId = (await k.admin.get(`/api/v1/tickets/${t.id}/messages`)).body.data
      .flatMap((m: { attachments: Array<{ id: number; filename: string }> }) => m.attachments)
      .find((a: { filename: string }) => a.filename === 'secret.txt').id;
    expect((await k.kefu.app.inject({ method: 'GET', url: `/api/v1/guest/tickets/${token}/attachments/${secretId}` })).statusCode).toBe(
      404,
    );
    expect((await k.kefu.app.inject({ method: 'GET', url: `/api/v1/guest/tickets/${token}/attachments/999999` })).statusCode).toBe(404);
    const forged = await k.kefu.app.inject({
      method: 'GET',
      url: `/api/v1/guest/tickets/kfg_${'x'.repeat(30)}/attachments/${files[0].id}`,
    });
    expect([400, 404]).toContain(forged.statusCode);

    // The guest answers with a file: it is on the ticket for the agent, and on the page through the link.
    const replied = await k.anon.post(`/api/v1/guest/tickets/${token}/messages`, {
      body: 'Our side of it.',
      attachments: [{ filename: 'trace.txt', content_type: 'text/plain', data_base64: data('traceroute ok\n') }],
    });
    expect(replied.status, JSON.stringify(replied.body)).toBe(201);
    expect(replied.body.attachments).toMatchObject([{ filename: 'trace.txt', size: 14 }]);
    const staffView = (await k.admin.get(`/api/v1/tickets/${t.id}/messages`)).body.data.find(
      (m: { id: number }) => m.id === replied.body.id,
    );
    expect(staffView).toMatchObject({ internal: false, author: { role: 'customer' }, attachments: [{ filename: 'trace.txt' }] });
    const own = await k.kefu.app.inject({
      method: 'GET',
      url: `/api/v1/guest/tickets/${token}/attachments/${replied.body.attachments[0].id}`,
    });
    expect(own.body).toBe('traceroute ok\n');
    // Bad files are the same 4xx as for a signed-in reply, and nothing is written.
    const before = (await k.admin.get(`/api/v1/tickets/${t.id}/messages`)).body.data.length;
    const notBase64 = await k.anon.post(`/api/v1/guest/tickets/${token}/messages`, {
      body: 'x',
      attachments: [{ filename: 'a.txt', content_type: 'text/plain', data_base64: '***' }],
    });
    expect(notBase64.status).toBeGreaterThanOrEqual(400);
    expect(notBase64.status).toBeLessThan(500);
    const tooMany = await k.anon.post(`/api/v1/guest/tickets/${token}/messages`, {
      body: 'x',
      attachments: Array.from({ length: 21 }, (_, i) => ({ filename: `${i}.txt`, content_type: 'text/plain', data_base64: data('x') })),
    });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('attachments');
    expect((await k.admin.get(`/api/v1/tickets/${t.id}/messages`)).body.data.length).toBe(before);
  });

  it('mails in the language of the page', async () => {
    expect((await file(form('zh@mail.test', { locale: 'zh-CN', subject: '网站打不开' }))).status).toBe(202);
    const [m] = await outboxTo('zh@mail.test');
    expect(m.subject).toContain('我们已收到您的请求');
  });

  it('a second request from a guest known by mail joins the same person', async () => {
    await file(form('again@mail.test'));
    await file(form('again@mail.test', { subject: 'Second one', name: 'Someone Else' }));
    const rows = await k.db.query<{ n: number }>(
      `select count(distinct requester_id)::int as n from tickets t join person_emails e on e.person_id = t.requester_id where e.email = 'again@mail.test'`,
    );
    expect(rows[0].n).toBe(1);
    expect(await outboxTo('again@mail.test')).toHaveLength(2);
  });

  it("an account holder's address gets a sign-in mail, no ticket, and the same 202", async () => {
    const before = (await k.db.query<{ n: number }>(`select count(*)::int as n from tickets`))[0].n;
    const r = await file(form('member@acme.test', { subject: 'Filed in your name' }));
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ ok: true });
    expect((await k.db.query<{ n: number }>(`select count(*)::int as n from tickets`))[0].n).toBe(before);
    const mails = await outboxTo('member@acme.test');
    expect(mails).toHaveLength(1);
    expect(mails[0].kind).toBe('guest_sign_in');
    expect(guestLink(mails[0].text)).toBeNull();
    expect(mails[0].text).toMatch(/\/signin\?next=%2Frequests%2Fnew/);
  });

  it('the honeypot: 202, nothing filed, nothing mailed', async () => {
    const r = await file(form('bot@mail.test', { website: 'http://spam.test' }));
    expect(r.status).toBe(202);
    expect(await outboxTo('bot@mail.test')).toHaveLength(0);
    expect((await k.db.query(`select 1 from person_emails where email = 'bot@mail.test'`)).length).toBe(0);
  });

  it('limits per address: the 4th request for one address within an hour is 429 with Retry-After, from any IP', async () => {
    for (let i = 0; i < 3; i++) expect((await file(form('victim@mail.test'))).status).toBe(202);
    const r = await file(form('victim@mail.test'));
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('rate_limited');
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect(await outboxTo('victim@mail.test')).toHaveLength(3);
  });

  it('limits per IP address: the 11th request from one address within an hour is 429 with Retry-After', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 10; i++) expect((await file(form(`ip${i}@mail.test`), ip)).status).toBe(202);
    const r = await file(form('ip10@mail.test'), ip);
    expect(r.status).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(await outboxTo('ip10@mail.test')).toHaveLength(0);
    expect((await file(form('ip10@mail.test'), '192.0.2.78')).status).toBe(202);
  });

  it('sizes: a long subject or name is 422, a long body 413, a body over the request limit 413', async () => {
    const subject = await file(form('size@mail.test', { subject: 'x'.repeat(201) }));
    expect(subject.status).toBe(422);
    expect(subject.body.error.details.field).toBe('subject');
    expect((await file(form('size@mail.test', { name: 'n'.repeat(101) }))).status).toBe(422);
    const body = await file(form('size@mail.test', { body: 'b'.repeat(20_001) }));
    expect(body.status).toBe(413);
    expect(body.body.error.details.field).toBe('body');
    expect((await file(form('size@mail.test', { body: 'b'.repeat(200_000) }))).status).toBe(413);
    expect(await outboxTo('size@mail.test')).toHaveLength(0);
  });

  it('a bad field is named in the language of the page', async () => {
    const zh = await k.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/public/tickets',
      payload: form('tab@mail.test', { name: 'Li\tNa', email: 'not an address' }),
      headers: { 'accept-language': 'zh-CN,zh;q=0.9' },
      remoteAddress: '10.9.9.1',
    });
    expect(zh.statusCode).toBe(400);
    const e = JSON.parse(zh.body).error;
    expect(e.message).toMatch(/^请求内容有误：/);
    expect(e.details).toEqual(
      expect.arrayContaining([
        { field: 'name', message: '只能是一行文字，不能含换行或控制字符' },
        { field: 'email', message: '不是有效的邮箱地址' },
      ]),
    );
    const en = await k.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/public/tickets',
      payload: form('tab@mail.test', { name: 'Li\tNa' }),
      headers: { 'accept-language': 'en-US' },
      remoteAddress: '10.9.9.2',
    });
    expect(JSON.parse(en.body).error.message).toBe(
      'The request body is not valid: name: one line of text, without line breaks or control characters',
    );
    // So are a body that is not JSON and an address the API does not have.
    const zhJson = { 'accept-language': 'zh-CN', 'content-type': 'application/json' };
    const broken = await k.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/public/tickets',
      payload: '{"name":',
      headers: zhJson,
      remoteAddress: '10.9.9.3',
    });
    expect(broken.statusCode).toBe(400);
    expect(JSON.parse(broken.body).error.message).toBe('请求内容不是有效的 JSON，请检查引号、逗号和括号是否成对。');
    const nowhere = await k.kefu.app.inject({ method: 'PUT', url: '/api/v1/nowhere', headers: { 'accept-language': 'zh-CN' } });
    expect(JSON.parse(nowhere.body).error).toEqual({ code: 'not_found', message: '没有这个接口：PUT /api/v1/nowhere' });
  });

  it('bad input is a 4xx with the field named', async () => {
    expect((await file(form('not an address'))).status).toBe(400);
    expect((await file(form('crlf@mail.test', { subject: 'Hi\r\nBcc: a@b.test' }))).status).toBe(400);
    expect((await file(form('crlf@mail.test', { name: 'Eve\nBcc: a@b.test' }))).status).toBe(400);
    expect((await file({ email: 'x@mail.test' })).status).toBe(400);
    const cat = await file(form('cat@mail.test', { category: 'billing' }));
    expect(cat.status).toBe(422);
    expect(cat.body.error.details.field).toBe('category');
    expect((await file(form('cat@mail.test', { category: 'nope' }))).status).toBe(422);
    expect((await file(form('nul@mail.test', { body: 'a\u0000b' }))).status).toBe(400);
    expect(await outboxTo('crlf@mail.test')).toHaveLength(0);
    // Our own address as the requester would have the desk mail itself.
    const own = await file(form('SUPPORT@desk.test'));
    expect(own.status).toBe(422);
    expect(own.body.error.details.field).toBe('email');
    // So would the address our mail comes from when no support address is set up (support@ the public host).
    const from = await file(form('support@localhost.localdomain'));
    expect(from.status, JSON.stringify(from.body)).toBe(422);
    expect(from.body.error.details.field).toBe('email');
  });

  it('the form says what it offers: no sensitive categories (they need a verified account)', async () => {
    const r = await k.anon.get('/api/v1/public/guest-form');
    expect(r.status).toBe(200);
    expect(r.body.enabled).toBe(true);
    expect(r.body.categories).toContain('availability');
    expect(r.body.categories).not.toContain('billing');
    expect(r.body.categories).not.toContain('2fa');
    expect(r.body.limits).toEqual({ name: 100, subject: 200, body: 20_000 });
  });

  it('an admin turns guest tickets off: 403 with a clear message, and the form says so', async () => {
    const agentless = await k.anon.get('/api/v1/settings/guest-tickets');
    expect(agentless.status).toBe(401);
    expect((await k.admin.patch('/api/v1/settings/guest-tickets', { enabled: false })).body).toEqual({ enabled: false });
    const r = await file(form('off@mail.test', { locale: 'zh-CN' }));
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('不接受未注册用户');
    expect((await k.anon.get('/api/v1/public/guest-form')).body).toMatchObject({ enabled: false, categories: [] });
    expect(await outboxTo('off@mail.test')).toHaveLength(0);
    expect((await k.admin.patch('/api/v1/settings/guest-tickets', { enabled: true })).body).toEqual({ enabled: true });
    expect((await k.admin.get('/api/v1/settings/guest-tickets')).body).toEqual({ enabled: true });
    expect((await file(form('off@mail.test'))).status).toBe(202);
  });
});
