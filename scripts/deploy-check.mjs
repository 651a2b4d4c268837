#!/usr/bin/env node
// Manual check of docs/deployment.md on a machine with nginx and PostgreSQL (not part of `npm test` or CI):
// two Kefu instances on loopback against a scratch PostgreSQL database, nginx in front with
// deploy/nginx/kefu.conf and deploy/nginx/kefu-smtp.conf (only ports and paths changed), a self-signed
// certificate for 127.0.0.1, then: the web app and API over HTTPS, HSTS, the client address through
// X-Forwarded-For, the live WebSocket, the spread over both instances, mail through the stream proxy,
// and a rolling restart (SIGTERM one instance at a time) under a loop of requests, counting errors.
//
//   node scripts/deploy-check.mjs [--pg-url postgres://postgres@127.0.0.1:5432/postgres] [--nginx /usr/sbin/nginx] [--keep]
//
// Needs: nginx with the stream module (Debian: nginx-light + libnginx-mod-stream), openssl, a PostgreSQL
// server where the URL's user may CREATE DATABASE (a scratch database kefu_deploy_check_<pid> is
// created and dropped), and the dependencies installed. Everything listens on 127.0.0.1 only. Light:
// about 1,000 requests in all.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildServer, SERVER_ENV, SERVER_NODE_ARGS } from './build-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const pgAdminUrl = opt('--pg-url', process.env.KEFU_CHECK_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const nginxBin = opt('--nginx', ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'].find(existsSync) ?? 'nginx');
const keep = args.includes('--keep');
// Pause between an instance being ready again and stopping the next one (default: nginx's fail_timeout + 2 s).
const pauseArg = opt('--pause-ms', undefined);

const { default: pg } = await import('pg');
const { default: WebSocket } = await import('ws');
const { default: nodemailer } = await import('nodemailer');

const results = [];
const check = (name, ok, detail) => {
  results.push({ name, ok, detail });
  process.stdout.write(`${ok ? 'ok    ' : 'FAILED'} ${name}${detail ? `: ${detail}` : ''}\n`);
};
const say = (s) => process.stdout.write(`\n== ${s}\n`);

const tmp = mkdtempSync(join(tmpdir(), 'kefu-deploy-check-'));
chmodSync(tmp, 0o755); // nginx workers (another user when started as root) write their temp files here
const dbName = `kefu_deploy_check_${process.pid}`;
const dbUrl = (() => {
  const u = new URL(pgAdminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const children = new Set();
let nginx = null;
let dbCreated = false;

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function cleanup() {
  if (nginx && nginx.exitCode === null) {
    nginx.kill('SIGQUIT');
    await exited(nginx, 10_000);
  }
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  for (const c of children) await exited(c, 30_000);
  if (dbCreated) {
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    process.stdout.write(`dropped database ${dbName}\n`);
  }
  if (!keep) rmSync(tmp, { recursive: true, force: true });
  else process.stdout.write(`kept ${tmp}\n`);
}

const exited = (child, ms) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(true)
    : new Promise((resolve) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(false);
        }, ms);
        child.once('exit', () => {
          clearTimeout(t);
          resolve(true);
        });
      });

process.on('SIGINT', () => {
  process.stdout.write('\ninterrupted: cleaning up\n');
  cleanup().finally(() => process.exit(130));
});

/** KEY=VALUE lines of an env file (comments and blank lines skipped), as systemd's EnvironmentFile reads them. */
const envFile = (file) =>
  Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

/** Applies each [from, to] to text; every `from` must occur (the deploy files and this script stay in step). */
function adapt(text, pairs, file) {
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`${file}: expected to find ${JSON.stringify(from)}`);
    text = text.split(from).join(to);
  }
  return text;
}

function plainGet(port, path) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', (e) => resolve({ status: 0, error: e.code ?? e.message }));
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  });
}

async function waitReady(port, ms = 90_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const r = await plainGet(port, '/api/v1/ready');
    if (r.status === 200) return true;
    await sleep(250);
  }
  return false;
}

try {
  say('setup');
  const ports = {};
  for (const k of ['httpA', 'httpB', 'smtpA', 'smtpB', 'https', 'redirect', 'smtp']) ports[k] = await freePort();
  const base = `https://127.0.0.1:${ports.https}`;
  process.stdout.write(
    `instances A :${ports.httpA} (smtp ${ports.smtpA}), B :${ports.httpB} (smtp ${ports.smtpB}); nginx https :${ports.https}, smtp :${ports.smtp}\n`,
  );

  // A self-signed certificate for 127.0.0.1.
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
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(tmp, 'key.pem'),
      '-out',
      join(tmp, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const ca = readFileSync(join(tmp, 'cert.pem'));

  // The scratch database, migrations once (npx kefu migrate), the web app built.
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  dbCreated = true;
  await admin.end();
  execFileSync(process.execPath, [join(root, 'scripts', 'build-web.mjs')], { cwd: root, stdio: 'inherit' });
  const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME ?? tmp, LANG: 'C.UTF-8' };
  const migrated = execFileSync(process.execPath, [join(root, 'bin', 'kefu.js'), 'migrate'], {
    cwd: root,
    env: { ...cleanEnv, DATABASE_URL: dbUrl },
    encoding: 'utf8',
  });
  const files = readdirSync(join(root, 'server', 'db', 'migrations')).filter((f) => /^\d{4}_.+\.sql$/.test(f)).length;
  const db = new pg.Client({ connectionString: dbUrl });
  db.on('error', () => undefined); // ended by the cleanup's drop database
  await db.connect();
  const [{ n: applied }] = (await db.query('select count(*)::int as n from schema_migrations')).rows;
  check('kefu migrate before the instances start', applied === files, `${applied}/${files} migrations applied (${migrated.trim()})`);

  // Two instances with deploy/kefu.env.example (ports, database and public URL adapted), as kefu@.service starts them.
  const shared = envFile(join(root, 'deploy', 'kefu.env.example'));
  const password = 'deploy-check-password';
  const instanceEnv = (http, smtp) => ({
    ...cleanEnv,
    NODE_ENV: 'production',
    ...shared,
    DATABASE_URL: dbUrl,
    KEFU_PUBLIC_URL: base,
    PORT: String(http),
    KEFU_SMTP_PORT: String(smtp),
    KEFU_ADMIN_EMAIL: 'admin@example.com',
    KEFU_ADMIN_PASSWORD: password,
  });
  const instances = {};
  const start = async (name, httpPort, smtpPort) => {
    // The built server, as the unit runs it (ExecStart=/usr/bin/node --max-semi-space-size=8 dist/server/main.mjs).
    const child = spawn(process.execPath, [...SERVER_NODE_ARGS, await buildServer()], {
      cwd: root,
      env: { ...SERVER_ENV, ...instanceEnv(httpPort, smtpPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (c) => (log += c));
    child.stderr.on('data', (c) => (log += c));
    children.add(child);
    instances[name] = { child, port: httpPort, log: () => log };
    if (!(await waitReady(httpPort))) throw new Error(`instance ${name} not ready:\n${log}`);
    return child;
  };
  await start('A', ports.httpA, ports.smtpA);
  await start('B', ports.httpB, ports.smtpB);
  check('two instances ready on PostgreSQL', true, `A pid ${instances.A.child.pid}, B pid ${instances.B.child.pid}`);

  // nginx with the deploy files, ports and paths adapted.
  const conf = adapt(
    readFileSync(join(root, 'deploy', 'nginx', 'kefu.conf'), 'utf8'),
    [
      ['127.0.0.1:8081', `127.0.0.1:${ports.httpA}`],
      ['127.0.0.1:8082', `127.0.0.1:${ports.httpB}`],
      ['listen 80;', `listen 127.0.0.1:${ports.redirect};`],
      ['listen [::]:80;', ''],
      ['listen 443 ssl;', `listen 127.0.0.1:${ports.https} ssl;`],
      ['listen [::]:443 ssl;', ''],
      ['/etc/letsencrypt/live/help.example.com/fullchain.pem', join(tmp, 'cert.pem')],
      ['/etc/letsencrypt/live/help.example.com/privkey.pem', join(tmp, 'key.pem')],
      ['/var/log/nginx/', `${tmp}/`],
    ],
    'deploy/nginx/kefu.conf',
  );
  const smtpConf = adapt(
    readFileSync(join(root, 'deploy', 'nginx', 'kefu-smtp.conf'), 'utf8'),
    [
      ['127.0.0.1:2525', `127.0.0.1:${ports.smtpA}`],
      ['127.0.0.1:2526', `127.0.0.1:${ports.smtpB}`],
      ['listen 25;', `listen 127.0.0.1:${ports.smtp};`],
      ['listen [::]:25;', ''],
      ['/var/log/nginx/', `${tmp}/`],
    ],
    'deploy/nginx/kefu-smtp.conf',
  );
  writeFileSync(join(tmp, 'kefu.conf'), conf);
  writeFileSync(join(tmp, 'kefu-smtp.conf'), smtpConf);
  const streamModule = ['/usr/lib/nginx/modules/ngx_stream_module.so', '/usr/lib64/nginx/modules/ngx_stream_module.so'].find(existsSync);
  const asRoot = process.getuid?.() === 0;
  const workerUser = asRoot ? (spawnSync('id', ['-u', 'www-data']).status === 0 ? 'www-data' : 'nobody') : null;
  const workerGroup = workerUser ? execFileSync('id', ['-gn', workerUser], { encoding: 'utf8' }).trim() : null;
  writeFileSync(
    join(tmp, 'nginx.conf'),
    [
      streamModule ? `load_module ${streamModule};` : '',
      workerUser ? `user ${workerUser} ${workerGroup};` : '',
      'worker_processes 2;',
      `pid ${tmp}/nginx.pid;`,
      `error_log ${tmp}/error.log warn;`,
      'events { worker_connections 1024; }',
      'http {',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${tmp}/${t};`),
      `  access_log off;`,
      `  include ${tmp}/kefu.conf;`,
      '}',
      `include ${tmp}/kefu-smtp.conf;`,
      '',
    ].join('\n'),
  );
  const nginxArgs = ['-e', join(tmp, 'error.log'), '-p', `${tmp}/`, '-c', join(tmp, 'nginx.conf')];
  const test = spawnSync(nginxBin, ['-t', ...nginxArgs], { encoding: 'utf8' });
  check('nginx -t (deploy/nginx/kefu.conf + kefu-smtp.conf)', test.status === 0, test.stderr.trim().split('\n').pop());
  if (test.status !== 0) throw new Error(test.stderr);
  nginx = spawn(nginxBin, [...nginxArgs, '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 100 && (await plainGet(ports.redirect, '/')).status === 0; i++) await sleep(100);

  // An HTTPS client on 127.0.0.3: nginx sees that address, Kefu must too (X-Forwarded-For, KEFU_TRUST_PROXY).
  const agent = new https.Agent({ ca, keepAlive: true, localAddress: '127.0.0.3', maxSockets: 8 });
  const request = (method, path, o = {}) =>
    new Promise((resolve) => {
      const body = o.json === undefined ? undefined : JSON.stringify(o.json);
      const req = https.request(
        `${base}${path}`,
        {
          method,
          agent,
          headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(o.headers ?? {}) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => {
            let json;
            try {
              json = JSON.parse(text);
            } catch {
              /* not JSON */
            }
            resolve({ status: res.statusCode, headers: res.headers, text, json });
          });
        },
      );
      req.on('error', (e) => resolve({ status: 0, error: e.code ?? e.message }));
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.end(body);
    });

  say('HTTPS through nginx');
  const home = await request('GET', '/');
  check(
    'GET / (the web app) over HTTPS',
    home.status === 200 && /text\/html/.test(home.headers['content-type'] ?? '') && home.text.includes('<script'),
    `${home.status} ${home.headers['content-type']}`,
  );
  check('HSTS header', /max-age=\d+/.test(home.headers['strict-transport-security'] ?? ''), home.headers['strict-transport-security']);
  const redirect = await plainGet(ports.redirect, '/tickets/1');
  check(
    'port 80 server redirects to HTTPS',
    redirect.status === 301 && /^https:\/\//.test(redirect.headers.location ?? ''),
    `${redirect.status} ${redirect.headers.location}`,
  );
  const health = await request('GET', '/api/v1/health');
  const ready = await request('GET', '/api/v1/ready');
  check('liveness and readiness through nginx', health.status === 200 && ready.status === 200, `${health.text} ${ready.text}`);
  const metrics = await request('GET', '/metrics');
  check('/metrics not served on the public host', metrics.status === 404, String(metrics.status));

  const login = await request('POST', '/api/v1/auth/login', {
    json: { email: 'admin@example.com', password },
    headers: { 'x-forwarded-for': '203.0.113.9' },
  });
  const setCookie = [].concat(login.headers['set-cookie'] ?? []).join('; ');
  check(
    'sign-in over HTTPS; session cookie Secure and HttpOnly',
    login.status === 200 && /secure/i.test(setCookie) && /httponly/i.test(setCookie),
    `${login.status}`,
  );
  const cookie = setCookie.split(';')[0];
  const sessions = await request('GET', '/api/v1/me/sessions', { headers: { cookie } });
  const ips = (sessions.json?.data ?? []).map((s) => s.ip);
  check(
    'client address through X-Forwarded-For (spoofed header overwritten)',
    ips.includes('127.0.0.3') && !ips.includes('203.0.113.9'),
    `session ip ${ips.join(', ')}`,
  );
  const tok = await request('POST', '/api/v1/tokens', { json: { name: 'deploy-check' }, headers: { cookie, origin: base } });
  const token = tok.json?.token;
  check(
    'a change on a cookie session with the public Origin (Host/Origin through the proxy)',
    tok.status === 201 && !!token,
    String(tok.status),
  );
  const bearer = { authorization: `Bearer ${token}` };

  say('live WebSocket through nginx');
  const openSocket = (headers) =>
    new Promise((resolve) => {
      const ws = new WebSocket(`wss://127.0.0.1:${ports.https}/api/v1/live`, { ca, headers, localAddress: '127.0.0.3' });
      const messages = [];
      ws.on('message', (m) => messages.push(JSON.parse(String(m))));
      const t = setTimeout(() => resolve({ ws, messages, error: 'no ready in 10 s' }), 10_000);
      ws.on('message', () => {
        if (messages.some((m) => m.event === 'ready')) {
          clearTimeout(t);
          resolve({ ws, messages });
        }
      });
      ws.on('unexpected-response', (_req, res) => {
        clearTimeout(t);
        resolve({ ws, messages, error: `HTTP ${res.statusCode}` });
      });
      ws.on('error', (e) => {
        clearTimeout(t);
        resolve({ ws, messages, error: e.message });
      });
    });
  const s1 = await openSocket(bearer);
  const s2 = await openSocket({ cookie, origin: base });
  check('wss:// /api/v1/live with a bearer token: ready', !s1.error, s1.error ?? 'ready received');
  check('wss:// /api/v1/live with the session cookie and Origin: ready', !s2.error, s2.error ?? 'ready received');
  const created = await request('POST', '/api/v1/tickets', {
    json: { subject: 'deploy-check live', body: 'Through nginx.' },
    headers: bearer,
  });
  const ticketId = created.json?.id;
  const until = Date.now() + 5000;
  const heard = (s) => s.messages.some((m) => m.event === 'ticket.created' && m.ticket_id === ticketId);
  while (Date.now() < until && !(heard(s1) && heard(s2))) await sleep(50);
  check('ticket.created reaches both sockets', created.status === 201 && heard(s1) && heard(s2), `ticket ${ticketId} (${created.status})`);
  await Promise.all([s1, s2].map((s) => new Promise((resolve) => (s.ws.once('close', resolve), s.ws.close()))));
  await sleep(300); // nginx logs a WebSocket request when it ends

  // Access log lines of the HTTPS server: "... "GET /path HTTP/1.1" 200 ... upstream=127.0.0.1:p[, …] ...".
  const accessLog = () =>
    readFileSync(join(tmp, 'kefu.access.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => ({
        line: l,
        path: l.match(/"\w+ (\S+)/)?.[1] ?? '',
        upstreams: (l.match(/upstream=(\S.*?) upstream_status/)?.[1] ?? '').split(', '),
      }));
  const portName = { [`127.0.0.1:${ports.httpA}`]: 'A', [`127.0.0.1:${ports.httpB}`]: 'B' };
  const spread = (lines) => {
    const by = { A: 0, B: 0, other: 0 };
    for (const l of lines) by[portName[l.upstreams[l.upstreams.length - 1]] ?? 'other']++;
    return by;
  };
  const liveLines = accessLog().filter((l) => l.path.startsWith('/api/v1/live'));
  const liveBy = spread(liveLines);
  check('the two sockets went to different instances (round robin)', liveBy.A === 1 && liveBy.B === 1, `A ${liveBy.A}, B ${liveBy.B}`);

  // The log holds no secret: no query strings (tokens of live sockets, setup, invitation and reset
  // links), and the token of a private ticket link or a rating link masked.
  await request('GET', '/guest/tickets/kfg_deploycheckdeploycheck12');
  await request('GET', '/api/v1/guest/tickets/kfg_deploycheckdeploycheck12/messages');
  await request('GET', '/satisfaction/deploycheck-rating-token?score=5');
  await sleep(300);
  const logText = readFileSync(join(tmp, 'kefu.access.log'), 'utf8');
  const leaked = ['access_token', 'kft_', 'kfg_deploycheck', 'deploycheck-rating-token'].filter((x) => logText.includes(x));
  check(
    'the access log holds no token (no query strings; private and rating links masked)',
    leaked.length === 0 && logText.includes('/guest/tickets/***'),
    leaked.length ? `found ${leaked.join(', ')}` : 'none found',
  );

  say('requests are spread over both instances');
  const N = 200;
  let failed = 0;
  const before = accessLog().length;
  for (let i = 0; i < N; i += 4) {
    const batch = await Promise.all([0, 1, 2, 3].map(() => request('GET', '/api/v1/tickets?limit=5', { headers: bearer })));
    failed += batch.filter((r) => r.status !== 200).length;
  }
  await sleep(300); // the last lines of the access log
  const by = spread(
    accessLog()
      .slice(before)
      .filter((l) => l.path === '/api/v1/tickets'),
  );
  check(`${N} GET /api/v1/tickets, 4 at a time`, failed === 0 && by.A > N / 4 && by.B > N / 4, `errors ${failed}; A ${by.A}, B ${by.B}`);

  say('mail through the stream proxy (port 25 in production)');
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: ports.smtp, secure: false, ignoreTLS: true });
  const support = shared.KEFU_SUPPORT_EMAIL ?? 'support@example.com';
  const mailOk = [];
  for (let i = 1; i <= 4; i++) {
    try {
      await mailer.sendMail({
        from: `customer${i}@example.org`,
        to: support,
        subject: `deploy-check mail ${i}`,
        text: `Mail ${i} through nginx stream.`,
      });
      mailOk.push(i);
    } catch (e) {
      process.stdout.write(`mail ${i}: ${e.message}\n`);
    }
  }
  let inbound = [];
  for (let t = Date.now() + 15_000; Date.now() < t; await sleep(250)) {
    const r = await request('GET', '/api/v1/inbound?limit=50', { headers: bearer });
    inbound = (r.json?.data ?? []).filter((m) => /deploy-check mail/.test(m.subject ?? ''));
    if (inbound.length >= 4 && inbound.every((m) => m.status === 'processed')) break;
  }
  const smtpBy = { A: 0, B: 0 };
  for (const l of readFileSync(join(tmp, 'kefu-smtp.access.log'), 'utf8').split('\n').filter(Boolean)) {
    const u = l.match(/upstream=(\S+)/)?.[1];
    if (u === `127.0.0.1:${ports.smtpA}`) smtpBy.A++;
    if (u === `127.0.0.1:${ports.smtpB}`) smtpBy.B++;
  }
  check(
    '4 mails to the support address: accepted, stored, made tickets',
    mailOk.length === 4 && inbound.length === 4 && inbound.every((m) => m.status === 'processed'),
    `sent ${mailOk.length}, listed ${inbound.length} (${inbound.map((m) => m.status).join(', ')}); SMTP sessions A ${smtpBy.A}, B ${smtpBy.B}`,
  );

  say('rolling restart under load: SIGTERM one instance at a time');
  const rollFrom = accessLog().length;
  const load = { total: 0, errors: [], posts: 0, postsOk: 0, stop: false };
  const loop = async (worker) => {
    for (let i = 0; !load.stop; i++) {
      const post = (i + worker) % 5 === 0;
      const t0 = Date.now();
      const r = post
        ? await request('POST', '/api/v1/tickets?check=roll', {
            json: { subject: `deploy-check roll ${worker}-${i}`, body: 'Under a rolling restart.' },
            headers: bearer,
          })
        : await request('GET', '/api/v1/tickets?limit=5&check=roll', { headers: bearer });
      load.total++;
      if (post) load.posts++;
      if (r.status >= 200 && r.status < 300) {
        if (post) load.postsOk++;
      } else load.errors.push(`${post ? 'POST' : 'GET'} ${r.status || r.error}`);
      await sleep(Math.max(0, 100 - (Date.now() - t0))); // ≈ 10 requests/s per loop
    }
  };
  const loops = [0, 1, 2, 3].map((w) => loop(w));
  const roll = [];
  // nginx marks a refused instance unavailable for fail_timeout: the next instance may stop only after that
  // (docs/deployment.md, Upgrading), else both are marked down at once and nginx answers 502.
  const failTimeout = Number(conf.match(/fail_timeout=(\d+)s/)?.[1] ?? 10) * 1000;
  const restart = async (name, pause) => {
    const inst = instances[name];
    await sleep(pause);
    const t0 = Date.now();
    inst.child.kill('SIGTERM');
    await sleep(100);
    const r = await plainGet(inst.port, '/api/v1/ready');
    const code = await new Promise((resolve) =>
      inst.child.exitCode !== null ? resolve(inst.child.exitCode) : inst.child.once('exit', (c) => resolve(c)),
    );
    const stoppedAfter = Date.now() - t0;
    children.delete(inst.child);
    const t1 = Date.now();
    await start(name, inst.port, name === 'A' ? ports.smtpA : ports.smtpB);
    roll.push({
      name,
      ready: `${r.status} ${r.json?.error?.code ?? r.body?.match(/"code":"(\w+)"/)?.[1] ?? ''}`.trim(),
      code,
      stoppedAfter,
      readyAfter: Date.now() - t1,
    });
  };
  // A live socket held through the roll: it is closed with 1001 when its instance stops, and reconnects.
  const live = { closes: [], reconnects: 0, failed: [], stop: false };
  const holdSocket = async () => {
    while (!live.stop) {
      const s = await openSocket(bearer);
      if (s.error) {
        live.failed.push(s.error);
        await sleep(500);
        continue;
      }
      const code = await new Promise((resolve) => {
        s.ws.once('close', (c) => resolve(c));
        const poll = setInterval(() => live.stop && (clearInterval(poll), s.ws.close(1000)), 100);
        s.ws.once('close', () => clearInterval(poll));
      });
      if (live.stop) break;
      live.closes.push(code);
      live.reconnects++;
    }
  };
  const held = holdSocket();
  await restart('B', 2000);
  await restart('A', pauseArg === undefined ? failTimeout + 2000 : Number(pauseArg));
  await sleep(2000);
  load.stop = true;
  live.stop = true;
  await Promise.all([...loops, held]);
  check(
    'a live socket held through the roll: closed at its instance’s stop, reconnected through nginx',
    live.closes.length >= 1 && live.failed.length === 0,
    `close codes ${live.closes.join(', ') || 'none'}; ${live.reconnects} reconnect(s), ${live.failed.length} failed`,
  );
  for (const r of roll)
    check(
      `instance ${r.name}: SIGTERM → /ready 503 draining, exit 0, restarted`,
      r.ready.startsWith('503') && r.ready.includes('draining') && r.code === 0,
      `/ready ${r.ready}; exit ${r.code} after ${(r.stoppedAfter / 1000).toFixed(1)} s; ready again ${(r.readyAfter / 1000).toFixed(1)} s after start`,
    );
  const rollLines = accessLog()
    .slice(rollFrom)
    .filter((l) => l.path === '/api/v1/tickets');
  const rollBy = spread(rollLines);
  const retried = rollLines.filter((l) => l.upstreams.length > 1).length;
  const errLog = existsSync(join(tmp, 'kefu.error.log')) ? readFileSync(join(tmp, 'kefu.error.log'), 'utf8') : '';
  const refused = (errLog.match(/Connection refused\) while connecting to upstream/g) ?? []).length;
  const [{ n: rows }] = (await db.query(`select count(*)::int as n from tickets where subject like 'deploy-check roll %'`)).rows;
  check(
    `${load.total} requests (${load.posts} POST) while both instances restart in turn: no error`,
    load.errors.length === 0,
    `errors ${load.errors.length}${load.errors.length ? ` (${[...new Set(load.errors)].join(', ')})` : ''}; A ${rollBy.A}, B ${rollBy.B}; ${retried} passed to the other instance after a refused connection (error log: ${refused})`,
  );
  check(
    'every created ticket exactly once (no duplicate from a retry)',
    rows === load.postsOk,
    `${load.postsOk} POST answered 201, ${rows} tickets in the database`,
  );
  await db.end();

  say('systemd unit');
  const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find(existsSync);
  if (analyze) {
    const unit = join(tmp, `kefu@${ports.httpA}.service`);
    writeFileSync(unit, readFileSync(join(root, 'deploy', 'systemd', 'kefu@.service')));
    const v = spawnSync(analyze, ['verify', unit], { encoding: 'utf8' });
    const out = `${v.stdout}${v.stderr}`.trim();
    check('systemd-analyze verify deploy/systemd/kefu@.service', v.status === 0 && !out, out || 'no warnings');
  } else process.stdout.write('systemd-analyze not found: unit not verified\n');
} catch (e) {
  check('the check ran to the end', false, e.stack ?? String(e));
} finally {
  say('cleanup');
  await cleanup();
}
const bad = results.filter((r) => !r.ok);
process.stdout.write(`\n${results.length - bad.length}/${results.length} checks passed\n`);
process.exit(bad.length ? 1 : 0);
