import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
let cust: Caller;
let other: Caller;
let agent: Caller;
let custId: number;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const put = async (who: 'agent' | 'cust', url: string, body: unknown) => {
  const login = who === 'agent' ? ['agent@kefu.test', 'Agent-pass-12345'] : ['han@acme.test', 'Pass-word-123'];
  const r0 = await k.kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: login[0], password: login[1] } });
  const c = r0.cookies.find((x) => x.name === 'kefu_session')!;
  const r = await k.kefu.app.inject({
    method: 'PUT',
    url,
    headers: { cookie: `kefu_session=${c.value}`, origin: 'http://localhost', 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  return { status: r.statusCode, body: JSON.parse(r.body) };
};

beforeAll(async () => {
  k = await testKefu();
  const a = (await k.admin.post('/api/v1/organizations', { name: 'Acme' })).body.id;
  const b = (await k.admin.post('/api/v1/organizations', { name: 'Globex' })).body.id;
  custId = (
    await k.admin.post('/api/v1/people', {
      name: 'Han',
      email: 'han@acme.test',
      role: 'customer',
      password: 'Pass-word-123',
      organization_id: a,
    })
  ).body.id;
  await k.admin.post('/api/v1/people', {
    name: 'Gus',
    email: 'gus@globex.test',
    role: 'customer',
    password: 'Pass-word-123',
    organization_id: b,
  });
  await k.admin.post('/api/v1/people', { name: 'Agnes', email: 'agent@kefu.test', role: 'agent', password: 'Agent-pass-12345' });
  await k.db.query(`update person_emails set verified_at = now()`);
  cust = await k.signIn('han@acme.test', 'Pass-word-123');
  other = await k.signIn('gus@globex.test', 'Pass-word-123');
  agent = await k.signIn('agent@kefu.test', 'Agent-pass-12345');
});
afterAll(async () => {
  await k?.stop();
});

describe('mail as it was written', () => {
  let ticketId: number;
  let messageId: number;
  let att: Record<string, number>;

  it('a message written as HTML is rendered as a sandboxed document: cid images resolved, remote images blocked, history folded', async () => {
    const html =
      '<p>Our <b>logo</b> looks wrong:</p><p><img src="cid:logo@acme" alt="logo"></p>' +
      '<p><img src="https://tracker.example/pixel.gif" alt="pixel"><img src="//tracker.example/p2.gif"></p>' +
      '<p><img src="/api/v1/attachments/999999" alt="foreign"></p>' +
      `<p><img src="data:image/png;base64,${b64(PNG)}" alt="pngdata"><img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="svgdata"></p>` +
      '<p onclick="alert(1)">Thanks<script>alert(2)</script></p>' +
      '<div>On Mon, Dec 1, 2026 at 10:00 AM Kefu &lt;support@kefu.test&gt; wrote:</div><blockquote><p>Please send a screenshot.</p></blockquote>';
    const r = await k.admin.post('/api/v1/tickets', {
      subject: 'Logo',
      body: 'Our logo looks wrong',
      html,
      requester_id: custId,
      attachments: [
        { filename: 'logo.png', content_type: 'image/png', data_base64: b64(PNG), content_id: 'logo@acme' },
        { filename: 'evil.html', content_type: 'text/html', data_base64: b64('<script>alert(document.cookie)</script>') },
        {
          filename: 'x.svg',
          content_type: 'image/svg+xml',
          data_base64: b64('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        },
        { filename: "report (1)'s.pdf", content_type: 'application/pdf', data_base64: b64('%PDF-1.4\n%%EOF\n') },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ticketId = r.body.id;
    const m = (await cust.get(`/api/v1/tickets/${ticketId}/messages`)).body.data[0];
    messageId = m.id;
    att = Object.fromEntries(m.attachments.map((a: { filename: string; id: number }) => [a.filename, a.id]));
    expect(m).toMatchObject({ rich: true, remote_images: true });

    const doc = await cust.get(`/api/v1/messages/${messageId}/html`);
    expect(doc.status).toBe(200);
    expect(doc.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(doc.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('sandbox allow-same-origin');
    expect(csp).not.toContain('allow-scripts');
    expect(csp).toMatch(/img-src 'self' data:;/);
    expect(doc.headers['x-content-type-options']).toBe('nosniff');
    expect(doc.headers['referrer-policy']).toBe('no-referrer');
    const body = doc.body as string;
    expect(body).toContain(`src="/api/v1/attachments/${att['logo.png']}"`);
    expect(body).not.toContain('tracker.example');
    expect(body).not.toContain('/api/v1/attachments/999999');
    expect(body).toContain(`src="data:image/png;base64,${b64(PNG)}"`);
    expect(body).not.toContain('data:image/svg');
    expect(body).not.toMatch(/<script>alert|onclick/);
    expect(body).toMatch(/<details class="kefu-quoted"><summary title="Show the quoted history"[^>]*>…<\/summary><div>On Mon/);
    expect(body.indexOf('Thanks')).toBeLessThan(body.indexOf('<details'));

    const shown = await cust.get(`/api/v1/messages/${messageId}/html?remote_images=1&lang=zh-CN`);
    expect(String(shown.headers['content-security-policy'])).toMatch(/img-src 'self' data: https: http:;/);
    expect(shown.body).toContain('src="https://tracker.example/pixel.gif"');
    expect(shown.body).toContain('src="//tracker.example/p2.gif"');
    expect(shown.body).toContain('title="显示引用的历史邮件"');
  });

  it('a plain-text message is not rich', async () => {
    const r = await agent.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Plain\n\ntext' });
    expect(r.body).toMatchObject({ rich: false, remote_images: false });
  });

  it('only people who may see the message get it or its attachments; an internal note is staff-only', async () => {
    expect((await other.get(`/api/v1/messages/${messageId}/html`)).status).toBe(404);
    expect((await k.anon.get(`/api/v1/messages/${messageId}/html`)).status).toBe(401);
    expect((await other.get(`/api/v1/attachments/${att['logo.png']}`)).status).toBe(404);
    const note = await agent.post(`/api/v1/tickets/${ticketId}/messages`, {
      body: 'secret',
      html: '<p>secret <img src="cid:n1"></p>',
      internal: true,
      attachments: [{ filename: 'n.png', content_type: 'image/png', data_base64: b64(PNG), content_id: 'n1' }],
    });
    expect(note.status).toBe(201);
    const noteAtt = note.body.attachments[0].id;
    expect((await cust.get(`/api/v1/messages/${note.body.id}/html`)).status).toBe(404);
    expect((await cust.get(`/api/v1/attachments/${noteAtt}`)).status).toBe(404);
    const staffView = await agent.get(`/api/v1/messages/${note.body.id}/html`);
    expect(staffView.status).toBe(200);
    expect(staffView.body).toContain(`src="/api/v1/attachments/${noteAtt}"`);
    expect((await cust.get('/api/v1/messages/abc/html')).status).toBe(400);
    expect((await cust.get(`/api/v1/messages/${messageId}/html?remote_images=yes`)).status).toBe(400);
  });

  it('attachments: images and PDFs inline with their type; HTML and SVG only as sandboxed downloads', async () => {
    const png = await cust.get(`/api/v1/attachments/${att['logo.png']}`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toMatch(/^inline; filename\*=UTF-8''logo\.png$/);
    expect(png.headers['x-content-type-options']).toBe('nosniff');
    expect(png.headers['cross-origin-resource-policy']).toBe('same-origin');
    for (const name of ['evil.html', 'x.svg']) {
      const r = await cust.get(`/api/v1/attachments/${att[name]}`);
      expect(r.headers['content-type'], name).toBe('application/octet-stream');
      expect(r.headers['content-disposition'], name).toMatch(/^attachment;/);
      expect(String(r.headers['content-security-policy']), name).toMatch(/sandbox$/);
    }
    const pdf = await cust.get(`/api/v1/attachments/${att["report (1)'s.pdf"]}`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe("inline; filename*=UTF-8''report%20%281%29%27s.pdf");
    const dl = await cust.get(`/api/v1/attachments/${att['logo.png']}?download=1`);
    expect(dl.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('a reply with HTML and an attachment over the limit is refused with 413 naming the attachment', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 1);
    const r = await agent.post(`/api/v1/tickets/${ticketId}/messages`, {
      body: 'see file',
      html: '<p><b>see</b> file</p>',
      attachments: [{ filename: 'big.bin', data_base64: b64(big) }],
    });
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({
      code: 'payload_too_large',
      details: { field: 'attachments.0', size_bytes: 10 * 1024 * 1024 + 1, limit_bytes: 10 * 1024 * 1024 },
    });
  });
});

describe('signatures', () => {
  it('an agent keeps a signature per language; customers have none', async () => {
    expect((await agent.get('/api/v1/me/signature')).body).toEqual({ signatures: { en: '', 'zh-CN': '' } });
    const saved = await put('agent', '/api/v1/me/signature', { signatures: { en: 'Agnes\r\nKefu support  ', 'zh-CN': '客服 Agnes' } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ signatures: { en: 'Agnes\nKefu support', 'zh-CN': '客服 Agnes' } });
    const partial = await put('agent', '/api/v1/me/signature', { signatures: { en: '' } });
    expect(partial.body).toEqual({ signatures: { en: '', 'zh-CN': '客服 Agnes' } });
    expect((await put('agent', '/api/v1/me/signature', { signatures: { en: 'x'.repeat(1001) } })).status).toBe(400);
    expect((await put('agent', '/api/v1/me/signature', { signatures: { fr: 'Bonjour' } })).status).toBe(400);
    expect((await cust.get('/api/v1/me/signature')).status).toBe(403);
    expect((await put('cust', '/api/v1/me/signature', { signatures: { en: 'x' } })).status).toBe(403);
  });
});
