import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { loadEmailConfig, registerEmailJobs, startEmail, type EmailConfig } from '../../server/channels/email/index.ts';
import { startWorker, type Worker } from '../../server/jobs/worker.ts';
import { freePort } from '../helpers/serverProcess.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

export { freePort };

export async function waitFor<T>(
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what = 'condition',
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface SinkMessage {
  from: string;
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}
export interface Sink {
  url: string;
  port: number;
  messages: SinkMessage[];
  refuseWith: number | null;
  /** A slow relay: each mail is accepted this long after its data arrived. */
  delayMs: number;
  close(): Promise<void>;
}

/** A real SMTP server standing in for the outside world: it keeps every mail Kefu sends. */
export async function startSink(): Promise<Sink> {
  const port = await freePort();
  const sink: Sink = {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages: [],
    refuseWith: null,
    delayMs: 0,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (sink.delayMs) await new Promise((r) => setTimeout(r, sink.delayMs));
        if (sink.refuseWith) return cb(Object.assign(new Error('Mailbox unavailable'), { responseCode: sink.refuseWith }));
        const raw = Buffer.concat(chunks);
        sink.messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          mail: await simpleParser(raw),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return sink;
}

/** A mail client talking to Kefu's SMTP server. */
export function smtpClient(port: number) {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 8 });
  return {
    send: (raw: string | Buffer, envelope: { from: string; to: string[] }) => t.sendMail({ envelope, raw }),
    close: () => t.close(),
  };
}

export interface MailSpec {
  from: string;
  to?: string;
  cc?: string;
  subject: string;
  body: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  html?: string;
}

/** A UTF-8 mail as a client would write it. */
export function mail(m: MailSpec): string {
  const h = [
    `From: ${m.from}`,
    `To: ${m.to ?? 'support@kefu.test'}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: =?UTF-8?B?${Buffer.from(m.subject).toString('base64')}?=`,
    `Message-ID: <${m.messageId}>`,
    'Date: Mon, 02 Mar 2026 10:00:00 +0800',
    'MIME-Version: 1.0',
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`] : []),
    ...(m.references ? [`References: ${m.references.map((r) => `<${r}>`).join(' ')}`] : []),
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  if (m.html) {
    return [
      ...h,
      'Content-Type: multipart/alternative; boundary="ALT"',
      '',
      '--ALT',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(m.body).toString('base64'),
      '--ALT',
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(m.html).toString('base64'),
      '--ALT--',
      '',
    ].join('\r\n');
  }
  return [
    ...h,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(m.body).toString('base64'),
    '',
  ].join('\r\n');
}

export interface EmailKefu {
  k: TestKefu;
  config: EmailConfig;
  smtpPort: number;
  worker: Worker;
  errors: string[];
  send(raw: string | Buffer, envelope?: { from?: string; to?: string[] }): Promise<{ response: string }>;
  /** Waits until no job is due or running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** A test Kefu with the email channel: SMTP intake on a free loopback port and a running job worker. */
export async function emailKefu(env: Record<string, string> = {}): Promise<EmailKefu> {
  const smtpPort = await freePort();
  const config = loadEmailConfig({
    KEFU_SMTP_PORT: String(smtpPort),
    KEFU_SMTP_HOST: '127.0.0.1',
    KEFU_SUPPORT_EMAIL: 'support@kefu.test',
    KEFU_PUBLIC_URL: 'http://kefu.test',
    ...env,
  });
  registerEmailJobs(config);
  const k = await testKefu();
  registerEmailJobs(config);
  const errors: string[] = [];
  const log = {
    info: () => {},
    warn: () => {},
    error: (o: object, m?: string) => {
      errors.push(`${m} ${JSON.stringify(o)}`);
    },
  };
  const worker = startWorker(k.db, { now: () => new Date(), log }, { pollMs: 20 });
  const email = await startEmail({ db: k.db, log, emailConfig: config, wake: () => worker.wake() });
  const client = smtpClient(smtpPort);
  return {
    k,
    config,
    smtpPort,
    worker,
    errors,
    send: (raw, envelope = {}) => {
      const from = envelope.from ?? /^From:.*?<?([^<>\s]+@[^<>\s]+)>?\s*$/m.exec(raw.toString())?.[1] ?? 'someone@example.com';
      return client.send(raw, { from, to: envelope.to ?? ['support@kefu.test'] });
    },
    async idle() {
      await waitFor(
        async () =>
          (await k.db.query(`select 1 from jobs where status = 'running' or (status = 'queued' and run_at <= now()) limit 1`)).length === 0,
        'idle job queue',
      );
    },
    async stop() {
      client.close();
      await email.stop();
      await worker.stop();
      await k.stop();
    },
  };
}
