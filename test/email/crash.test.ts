import { readFileSync, rmSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, expect, it } from 'vitest';
import { openDb, type Db } from '../../server/db/client.ts';
import { freePort, type RunningServer, seededDataDir, startServer } from '../helpers/serverProcess.ts';
import { mail, waitFor } from './helpers.ts';

/**
 * The real server takes a burst of 1,000 mails over SMTP (8 at a time), is killed with SIGKILL
 * mid-burst, and restarts. The sender retries what did not get a 250, as a real MTA would. Every
 * mail must end up as exactly one ticket or reply, none twice (a mail stored just before the kill
 * whose 250 never arrived is sent again and must be recognised by its Message-ID).
 */
const TOTAL = 1000;
const CONCURRENCY = 8;
const KILL_AFTER = 300;
const ADMIN = { email: 'admin@crash.test', password: 'Crash-pass-123' };

const dir = await seededDataDir('kefu-crash-');
const running: RunningServer[] = [];
let dropDb: (() => Promise<void>) | null = null;
afterAll(async () => {
  for (const s of running) await s.stop('SIGKILL');
  await dropDb?.();
  rmSync(dir, { recursive: true, force: true });
});

const mid = (i: number) => `crash-${i}@example.com`;
function message(i: number): string {
  const group = Math.floor(i / 5);
  // Every fifth mail answers one sent 100 earlier (processed by then, unless it was lost in the kill
  // and resent later: then the answer opens a ticket of its own, which is still exactly once).
  const reply = i % 5 === 4 && i >= 100;
  return mail({
    from: `user${group}@crash.example`,
    subject: reply ? `Re: case ${group - 20}` : `case ${group}.${i % 5}`,
    body: `crash-${i} body`,
    messageId: mid(i),
    ...(reply ? { references: [mid(i - 100)] } : {}),
  });
}

/** The process that runs server/main.ts (the spawned process itself, or a child when a launcher sits in between). */
function serverPid(launcher: number): number {
  const kids = readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  const cmd = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  };
  return kids.find((k) => cmd(k).includes('server/main.ts')) ?? launcher;
}

async function send(port: number, ids: number[], o: { onAccepted?: (n: number) => void } = {}): Promise<Set<number>> {
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: CONCURRENCY,
    maxMessages: Infinity,
    connectionTimeout: 5000,
    socketTimeout: 10_000,
  });
  const accepted = new Set<number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ids.length) {
        const i = ids[next++];
        try {
          const info = await t.sendMail({
            envelope: { from: `user${Math.floor(i / 5)}@crash.example`, to: ['support@kefu.test'] },
            raw: message(i),
          });
          if (/^250/.test(info.response)) {
            accepted.add(i);
            o.onAccepted?.(accepted.size);
          }
        } catch {
          /* not accepted: the sender will retry */
        }
      }
    }),
  );
  t.close();
  return accepted;
}

async function emailMessageCount(url: string, cookie: string): Promise<number> {
  let total = 0;
  let cursor = '';
  for (;;) {
    const r = await fetch(`${url}/api/v1/tickets?channel=email&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { headers: { cookie } });
    const page = (await r.json()) as { data: Array<{ message_count: number }>; next_cursor: string | null };
    total += page.data.reduce((s, t) => s + t.message_count, 0);
    if (!page.next_cursor) return total;
    cursor = page.next_cursor;
  }
}

async function databaseUrl(): Promise<string | undefined> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return undefined;
  const name = `kefu_crash_${process.pid}`;
  const admin = await openDb({ databaseUrl: base, poolSize: 1 });
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  dropDb = async () => {
    await admin.query(`drop database if exists ${name}`).catch(() => undefined);
    await admin.close();
  };
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

it('a SIGKILL mid-burst loses no accepted mail and duplicates none', { timeout: 300_000 }, async () => {
  const smtpPort = await freePort();
  const dbUrl = await databaseUrl();
  const env = {
    KEFU_DATA_DIR: dir,
    KEFU_SMTP_PORT: String(smtpPort),
    KEFU_SMTP_HOST: '127.0.0.1',
    KEFU_SUPPORT_EMAIL: 'support@kefu.test',
    HOST: '127.0.0.1',
    KEFU_ADMIN_EMAIL: ADMIN.email,
    KEFU_ADMIN_PASSWORD: ADMIN.password,
    KEFU_LOG_LEVEL: 'warn',
    DATABASE_URL: dbUrl ?? '',
  };
  const first = await startServer(env);
  running.push(first);
  const victim = serverPid(first.proc.pid!);
  let killed = false;
  const firstRound = await send(
    smtpPort,
    Array.from({ length: TOTAL }, (_, i) => i),
    {
      onAccepted: (n) => {
        if (n >= KILL_AFTER && !killed) {
          killed = true;
          process.kill(victim, 'SIGKILL');
        }
      },
    },
  );
  expect(killed).toBe(true);
  expect(firstRound.size).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(firstRound.size).toBeLessThan(TOTAL);
  await first.stop('SIGKILL');

  const second = await startServer({ ...env, PORT: String(await freePort()) });
  running.push(second);
  const retry = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !firstRound.has(i));
  const secondRound = await send(smtpPort, retry);
  expect(secondRound.size).toBe(retry.length);

  const login = await fetch(`${second.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  await waitFor(async () => (await emailMessageCount(second.url, cookie)) >= TOTAL, 'every mail processed', 240_000);
  expect(await emailMessageCount(second.url, cookie)).toBe(TOTAL);
  // A clean stop: SIGTERM to the server itself (the tsx launcher would SIGKILL a server busy for more than 30 ms).
  const exited = new Promise<number | null>((r) =>
    second.proc.exitCode !== null ? r(second.proc.exitCode) : second.proc.once('exit', (c) => r(c)),
  );
  process.kill(serverPid(second.proc.pid!), 'SIGTERM');
  expect(await exited).toBe(0);

  const db: Db = await openDb(dbUrl ? { databaseUrl: dbUrl } : { dataDir: dir });
  try {
    const rows = await db.query<{ rfc_message_id: string; n: number; processed: number; messages: number }>(
      `select i.rfc_message_id, count(*)::int as n, count(*) filter (where i.status = 'processed' and i.message_id is not null)::int as processed,
              (select count(*)::int from messages m where m.body_text = replace(i.rfc_message_id, '@example.com', ' body')) as messages
         from inbound_emails i group by i.rfc_message_id`,
    );
    expect(rows).toHaveLength(TOTAL);
    const bad = rows.filter((r) => r.n !== 1 || r.processed !== 1 || r.messages !== 1);
    expect(bad).toEqual([]);
    const replies = await db.query<{ n: number }>(`select count(*)::int as n from inbound_emails where outcome = 'reply'`);
    expect(replies[0].n).toBeGreaterThan(150); // of 180 answers, all but those whose original was resent after the restart
  } finally {
    await db.close();
  }
});
