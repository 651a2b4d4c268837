/**
 * Email intake throughput: mails per second from the SMTP client's first send until every mail
 * is a ticket visible in the API, 8 SMTP connections at once, against the real server process.
 * Target: ≥ 200/s on PostgreSQL. Run directly: `npx tsx bench/emailBench.ts [--pg-url URL] [--count N]
 * [--only pg|pglite] [--cpu-prof DIR]` (DIR: the server's profiles, main thread and mail workers). URL is
 * a database to connect to on the PostgreSQL server that gets a scratch database of its own (default
 * `postgres://postgres@127.0.0.1:5432/postgres`, the server `npm run bench` uses by default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { openDb } from '../server/db/client.ts';
import { cpus } from 'node:os';
import { cpuMeter, freePort, startServer, type Cpu } from './serverProcess.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN = { email: 'admin@email-bench.test', password: 'bench-Passw0rd-mail' };
const CONCURRENCY = 8;
/** Mails sent before the measurement: the tables hold something and have statistics, as on a running desk. */
const WARM_UP = 300;
export const EMAIL_TARGET_PER_SECOND = 200;

function message(i: number, run: string): string {
  const body = Buffer.from(
    `第 ${i} 封测试邮件：打印机无法连接网络，请帮忙看看。\nMail ${i}: the printer cannot reach the network.`,
  ).toString('base64');
  return [
    `From: Bench ${i} <sender${i}@bench.example>`,
    'To: support@kefu.test',
    `Subject: =?UTF-8?B?${Buffer.from(`打印机故障 #${i}`).toString('base64')}?=`,
    `Message-ID: <bench-${run}-${i}@bench.example>`,
    'Date: Mon, 02 Mar 2026 10:00:00 +0800',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
    '',
  ].join('\r\n');
}

/** Email tickets visible through the API (walks the list with the keyset cursor). */
async function visibleTickets(url: string, cookie: string): Promise<number> {
  let n = 0;
  let cursor = '';
  for (;;) {
    const r = await fetch(`${url}/api/v1/tickets?channel=email&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      headers: { cookie },
    });
    const page = (await r.json()) as { data: unknown[]; next_cursor: string | null };
    n += page.data.length;
    if (!page.next_cursor) return n;
    cursor = page.next_cursor;
  }
}

async function scratchDatabase(url: string) {
  const name = `kefu_email_bench_${process.pid}`;
  const admin = await openDb({ databaseUrl: url, poolSize: 1 });
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      await admin.query(`drop database if exists ${name}`).catch(() => undefined);
      await admin.close();
    },
  };
}

export async function runEmailBench(
  opts: { databaseUrl?: string; count?: number; cpuProfDir?: string } = {},
): Promise<{ messagesPerSecond: number; count: number; cpu: Cpu }> {
  const count = opts.count ?? 1000;
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-email-bench-'));
  const pg = opts.databaseUrl ? await scratchDatabase(opts.databaseUrl) : null;
  const smtpPort = await freePort();
  const profile = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(opts.cpuProfDir)}`] : [];
  const server = await startServer({
    cwd: ROOT,
    nodeArgs: profile,
    stopTimeoutMs: profile.length ? 180_000 : undefined,
    env: {
      ...(profile.length ? { KEFU_DRAIN_MS: '500' } : {}),
      KEFU_DATA_DIR: dataDir,
      DATABASE_URL: pg?.url ?? '',
      KEFU_SMTP_PORT: String(smtpPort),
      KEFU_SMTP_HOST: '127.0.0.1',
      KEFU_SUPPORT_EMAIL: 'support@kefu.test',
      KEFU_ADMIN_EMAIL: ADMIN.email,
      KEFU_ADMIN_PASSWORD: ADMIN.password,
      KEFU_LOG_LEVEL: 'warn',
    },
  });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: CONCURRENCY,
    maxMessages: Infinity,
  });
  try {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const run = Math.random().toString(36).slice(2, 8);
    // Warm up: connections, code paths, caches, and tables that hold something. A desk that has been
    // running has statistics for its tables (autovacuum's ANALYZE, or Kefu's own db.analyze where
    // there is none): without them PostgreSQL keeps the plans it chose for the prepared statements
    // while the tables were empty (docs/operations.md, Statistics and vacuum).
    const warm = WARM_UP;
    let sent = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < warm) {
          const i = sent++;
          await transport.sendMail({ envelope: { from: `w${i}@bench.example`, to: ['support@kefu.test'] }, raw: message(-i - 1, run) });
        }
      }),
    );
    const deadline = Date.now() + 120_000;
    while ((await visibleTickets(server.url, cookie)) < warm && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (pg) {
      const db = await openDb({ databaseUrl: pg.url, poolSize: 1 });
      await db.query('analyze');
      await db.close();
    } else {
      // The embedded database is the server's alone: wait for its db.analyze (every 10 s).
      await new Promise((r) => setTimeout(r, 12_000));
    }

    const started = performance.now();
    // CPU per mail: the server process (all its threads), the database's backends, this client.
    const meter = cpuMeter(server, pg ? new URL(pg.url).pathname.slice(1) : null);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          const i = next++;
          const info = await transport.sendMail({
            envelope: { from: `sender${i}@bench.example`, to: ['support@kefu.test'] },
            raw: message(i, run),
          });
          if (!/^250/.test(info.response)) throw new Error(`mail ${i} refused: ${info.response}`);
        }
      }),
    );
    // Walking the whole list costs the server too: look every 250 ms (the figure is ±250 ms of several seconds).
    const limit = Date.now() + 600_000;
    while ((await visibleTickets(server.url, cookie)) < warm + count) {
      if (Date.now() > limit) throw new Error('the mails did not all become tickets within 10 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    return { messagesPerSecond: Math.round((count / seconds) * 10) / 10, count, cpu: meter(count) };
  } finally {
    transport.close();
    await server.stop();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { 'pg-url': { type: 'string' }, count: { type: 'string' }, only: { type: 'string' }, 'cpu-prof': { type: 'string' } },
  });
  const count = values.count ? Number(values.count) : 1000;
  const engines: Array<[string, string | undefined]> = [];
  if (values.only !== 'pg') engines.push(['PGlite (embedded)', undefined]);
  // Before, `--only pg` without `--pg-url` measured nothing and printed nothing.
  if (values.only !== 'pglite') engines.push(['PostgreSQL', values['pg-url'] ?? 'postgres://postgres@127.0.0.1:5432/postgres']);
  for (const [label, databaseUrl] of engines) {
    const r = await runEmailBench({ databaseUrl, count, cpuProfDir: values['cpu-prof'] });
    const verdict = databaseUrl ? (r.messagesPerSecond >= EMAIL_TARGET_PER_SECOND ? 'ok' : 'BELOW TARGET') : 'no target';
    process.stdout.write(
      `email intake, ${label}: ${r.messagesPerSecond} mails/s (${r.count} mails, SMTP accept → ticket visible in the API, concurrency ${CONCURRENCY}) [target ≥ ${EMAIL_TARGET_PER_SECOND}/s on PostgreSQL: ${verdict}]\n` +
        `  CPU per mail: server ${r.cpu.server.toFixed(2)} + database ${r.cpu.pg.toFixed(2)} + client ${r.cpu.client.toFixed(2)} ms; ` +
        `if the ${cpus().length} cores were ours alone: ${Math.round((cpus().length * 1000) / (r.cpu.server + r.cpu.pg + r.cpu.client))} mails/s\n`,
    );
  }
}
