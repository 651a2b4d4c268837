import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mailWorkerStats } from '../../server/channels/email/mailWorkers.ts';
import { LINE_PATTERNS, stripReply } from '../../server/channels/email/stripReply.ts';
import { emailKefu, mail, waitFor, type EmailKefu } from './helpers.ts';

vi.mock('../../server/http/routes/index.ts', async (orig) => (await import('./withEmailRoutes.ts')).withEmailRoutes(await orig()));

/** Finding 12: big or hostile mail is parsed, sanitized and stripped off the API's event loop. */
let e: EmailKefu;
beforeAll(async () => {
  e = await emailKefu({ KEFU_MAX_EMAIL_BYTES: String(30 * 1024 * 1024) });
});
afterAll(async () => {
  await e?.stop();
});

const done = (mid: string) =>
  waitFor(
    async () =>
      (
        await e.k.db.query<{ ticket_id: number | null; status: string; error: string | null }>(
          `select ticket_id, status, error from inbound_emails where rfc_message_id = $1 and status <> 'received'`,
          [mid],
        )
      )[0],
    mid,
    120_000,
  );

describe('hostile mail off the event loop', () => {
  it('parses, sanitizes and strips in a worker thread, not on the API thread', async () => {
    const before = mailWorkerStats().tasks;
    await e.send(
      mail({ from: 'w@example.com', subject: 'worker', body: 'plain', html: '<p>plain <b>html</b></p>', messageId: 'hw-1@example.com' }),
    );
    expect((await done('hw-1@example.com')).status).toBe('processed');
    const s = mailWorkerStats();
    expect(s.tasks).toBeGreaterThan(before);
    expect(s.lastThreadId).not.toBeNull();
    expect(s.lastThreadId).not.toBe(threadId);
  });

  it('a reply of 20,000 lines of "于" and a multi-MB HTML mail are processed while /api/v1/health keeps answering', async () => {
    await e.send(mail({ from: 'h@example.com', subject: 'start', body: 'first', messageId: 'hh-0@example.com' }));
    const ticketId = (await done('hh-0@example.com')).ticket_id!;

    const yu = ('于'.repeat(100) + '\n').repeat(20_000);
    const bigHtml =
      '<div>' + '<p><b>段落</b> <i>text</i> <a href="https://example.com/x">link</a> <span>于</span></p>\n'.repeat(60_000) + '</div>';
    let ticks = 0;
    let healthOk = 0;
    let healthWhileParsing = 0;
    let stop = false;
    const timer = setInterval(() => {
      ticks++;
    }, 10);
    const probing = (async () => {
      while (!stop) {
        const parsing = mailWorkerStats().busy > 0;
        const r = await e.k.anon.get('/api/v1/health');
        if (r.status === 200) {
          healthOk++;
          if (parsing && mailWorkerStats().busy > 0) healthWhileParsing++;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await e.send(
      mail({
        from: 'h@example.com',
        subject: 'Re: start',
        body: `short answer\n\n${yu}`,
        messageId: 'hh-1@example.com',
        references: ['hh-0@example.com'],
      }),
    );
    await e.send(mail({ from: 'h2@example.com', subject: 'big html', body: '', html: bigHtml, messageId: 'hh-2@example.com' }));
    const [r1, r2] = [await done('hh-1@example.com'), await done('hh-2@example.com')];
    stop = true;
    clearInterval(timer);
    await probing;

    expect(r1).toMatchObject({ status: 'processed', ticket_id: ticketId });
    expect(r2.status).toBe('processed');
    expect(ticks).toBeGreaterThan(0);
    expect(healthOk).toBeGreaterThan(0);
    // The API answered while a mail was being parsed or sanitized: that work was not on its event loop.
    // (No bound on the event-loop delay itself: PGlite runs on this thread and storing a multi-MB mail pauses it.)
    expect(healthWhileParsing).toBeGreaterThan(0);
    const msgs = (await e.k.admin.get(`/api/v1/tickets/${ticketId}/messages?limit=10`)).body.data as Array<{ body: string }>;
    expect(msgs.some((m) => m.body.startsWith('short answer'))).toBe(true);
    expect(mailWorkerStats().lastThreadId).not.toBe(threadId);
  });

  it('starts the mail worker when the server runs under tsx (node --import tsx)', () => {
    const mod = fileURLToPath(new URL('../../server/channels/email/mailWorkers.ts', import.meta.url));
    const script = `
      const { prepareMailInWorker, mailWorkerStats, stopMailWorkers } = await import(${JSON.stringify(mod)});
      const raw = Buffer.from('From: a@example.com\\r\\nTo: support@kefu.test\\r\\nSubject: hi\\r\\nMessage-ID: <t@x>\\r\\n\\r\\nhello\\r\\n');
      const p = await prepareMailInWorker(raw, { budgetMs: 30000, maxTextChars: 1000 });
      const { threadId } = await import('node:worker_threads');
      console.log(JSON.stringify({ subject: p.subject, text: p.text.trim(), worker: mailWorkerStats().lastThreadId !== threadId }));
      await stopMailWorkers();`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ subject: 'hi', text: 'hello', worker: true });
  });

  it('reports no processing errors', () => {
    expect(e.errors).toEqual([]);
  });
});

describe('reply stripping patterns are linear', () => {
  it('no line pattern has a quantified wildcard or a quantified group (the shapes that backtrack)', () => {
    expect(LINE_PATTERNS.length).toBeGreaterThan(5);
    for (const re of LINE_PATTERNS) {
      const src = re.source.replace(/\\./g, 'E'); // escaped characters are literals
      expect(src, re.source).not.toMatch(/\.[*+?{]/);
      expect(src, re.source).not.toMatch(/\)[*+{]/);
      expect(src, re.source).not.toMatch(/\]\*[^$]*\[[^\]]*\]\*/); // two starred classes in a row could overlap
    }
  });

  it('strips correctly on 20,000 and 40,000 hostile lines', () => {
    for (const n of [20_000, 40_000]) {
      const hostile = ('于'.repeat(150) + '写道\n').repeat(n);
      expect(stripReply(`my answer\n\n${hostile}`).text.startsWith('my answer')).toBe(true);
      const quoted = `ok thanks\n\n张三 <a@b.cn> 于2024年3月1日周五 10:20写道：\n${'> 于\n'.repeat(n)}`;
      expect(stripReply(quoted)).toEqual({ text: 'ok thanks', stripped: true });
    }
  });
});
