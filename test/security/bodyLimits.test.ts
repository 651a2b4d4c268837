import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * Bodies are refused by size before they are read: routes open to anyone take 64 KiB, other routes
 * without files 1 MiB, and only the routes that carry files (or an import) KEFU_MAX_BODY_BYTES.
 */
let k: TestKefu;
let port: number;
beforeAll(async () => {
  k = await testKefu();
  const base = await k.kefu.app.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(base).port);
});
afterAll(async () => {
  await k?.stop();
});

const inject = async (method: 'POST' | 'PATCH', url: string, payload: string, headers: Record<string, string> = {}) => {
  const r = await k.kefu.app.inject({ method, url, payload, headers: { 'content-type': 'application/json', ...headers } });
  return { status: r.statusCode, body: JSON.parse(r.body), headers: r.headers };
};

/** Sends the request head (and `first` bytes of body) on a raw socket; answers the status line and what the server said. */
function rawRequest(head: string, first = ''): Promise<{ socket: Socket; answer: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head + first);
      let text = '';
      const answer = new Promise<string>((done) => {
        socket.on('data', (d) => {
          text += d.toString('utf8');
          if (text.includes('\r\n\r\n') && text.includes('}')) done(text);
        });
        socket.on('close', () => done(text));
      });
      resolve({ socket, answer });
    });
    socket.on('error', reject);
  });
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

describe('body limits', () => {
  it('a route open to anyone refuses a big body with 413 in the reader’s language, before looking at it', async () => {
    const big = JSON.stringify({ email: 'someone@acme.test', password: 'x'.repeat(100_000) });
    const zh = await inject('POST', '/api/v1/auth/login', big, { 'accept-language': 'zh-CN' });
    expect(zh.status).toBe(413);
    expect(zh.body.error).toEqual({ code: 'payload_too_large', message: '请求内容过大：此处最多 64 KiB', details: { limit_bytes: 65536 } });
    const en = await inject('POST', '/api/v1/auth/signup', JSON.stringify({ name: 'x'.repeat(70_000) }));
    expect([en.status, en.body.error.message]).toEqual([413, 'The request body is too large: at most 64 KiB here']);
  });

  it('a route without files takes at most 1 MiB, whoever calls it', async () => {
    const r = await k.admin.patch('/api/v1/people/1', { name: 'x'.repeat(1_100_000) });
    expect([r.status, r.body.error.code, r.body.error.details]).toEqual([413, 'payload_too_large', { limit_bytes: 1024 * 1024 }]);
  });

  it('the routes that carry files keep KEFU_MAX_BODY_BYTES', async () => {
    const file = { filename: 'log.bin', data_base64: Buffer.alloc(3 * 1024 * 1024, 7).toString('base64') };
    const made = await k.admin.post('/api/v1/tickets', {
      subject: 'Big log',
      body: 'Attached',
      requester_email: 'big@acme.test',
      attachments: [file],
    });
    expect(made.status).toBe(201);
    const reply = await k.admin.post(`/api/v1/tickets/${made.body.id}/messages`, { body: 'Another', internal: true, attachments: [file] });
    expect(reply.status).toBe(201);
  });

  it('a Content-Length over the limit is answered at once: the server does not wait for the body', async () => {
    const { socket, answer } = await rawRequest(
      'POST /api/v1/auth/signup HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: zh-CN\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n',
      '{"name":"',
    );
    try {
      const text = await within(answer, 3000);
      expect(text).not.toBe('timeout');
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      expect(text.toLowerCase()).toContain('connection: close');
      expect(text).toContain('"code":"payload_too_large"');
      expect(text).toContain('此处最多 64 KiB');
    } finally {
      socket.destroy();
    }
  });

  it('a body sent without a length is cut off as soon as it passes the limit', async () => {
    const { socket, answer } = await rawRequest(
      'POST /api/v1/auth/password-reset HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    let answered = '';
    void answer.then((t) => (answered = t));
    const chunk = 'x'.repeat(16 * 1024);
    let sent = 0;
    try {
      const open = '{"email":"';
      socket.write(`${open.length.toString(16)}\r\n${open}\r\n`);
      while (!answered && sent < 8 * 1024 * 1024 && !socket.destroyed) {
        socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
        sent += chunk.length;
        await new Promise((r) => setTimeout(r, 2));
      }
      const text = answered || (await within(answer, 3000));
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      // Refused at 64 KiB, not after the megabytes a 25 MB limit would have read.
      expect(sent).toBeLessThan(1024 * 1024);
    } finally {
      socket.destroy();
    }
  });

  it('a request that is not valid HTTP is answered in the one error shape too', async () => {
    const { socket, answer } = await rawRequest(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      'zz\r\n{}\r\n',
    );
    try {
      const text = await within(answer, 3000);
      expect(text).toMatch(/^HTTP\/1\.1 400 /);
      const json = JSON.parse(String(text).split('\r\n\r\n')[1]);
      expect(json).toEqual({ error: { code: 'invalid_request', message: 'The request is not valid HTTP / 请求不是有效的 HTTP' } });
    } finally {
      socket.destroy();
    }
  });
});
