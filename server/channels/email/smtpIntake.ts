import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Db } from '../../db/client.ts';
import { storeInbound } from '../../modules/email/storeInbound.ts';
import type { EmailConfig } from './emailConfig.ts';
import { peekHeaders } from './parseEmail.ts';
import type { SupportAddressSet } from './recipients.ts';

export interface Log {
  info(o: object, m?: string): void;
  warn(o: object, m?: string): void;
  error(o: object, m?: string): void;
}

/** An SMTP error reply. The code goes in responseCode, never into the text (that would read "550 550 …"). */
function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

function readAll(stream: SMTPServerDataStream, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(stream.sizeExceeded || size > max ? null : Buffer.concat(chunks, size)));
  });
}

/**
 * The built-in inbound SMTP server. Accepts mail only for support addresses (550 at RCPT otherwise),
 * refuses mail over the size limit (552), and answers 250 only after the raw mail is committed.
 */
export async function startSmtpIntake(o: { db: Db; config: EmailConfig; addresses: SupportAddressSet; log: Log; onStored?: () => void }) {
  const { db, config, addresses, log } = o;
  const server = new SMTPServer({
    name: new URL(config.publicUrl).hostname || 'kefu',
    banner: 'Kefu mail intake',
    size: config.maxEmailBytes,
    authOptional: true,
    disabledCommands: config.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(config.tls ? { key: config.tls.key, cert: config.tls.cert } : {}),
    logger: false,
    maxClients: 200,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    onRcptTo(address, _session, callback) {
      addresses.accepts(address.address).then(
        (ok) => callback(ok ? null : smtpError(550, `No such mailbox here: ${address.address}`)),
        (e) => {
          log.error({ err: (e as Error).message }, 'smtp: recipient check failed');
          callback(smtpError(451, 'Temporary failure, try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      readAll(stream, config.maxEmailBytes)
        .then(async (raw) => {
          if (!raw) return callback(smtpError(552, `Message exceeds the maximum size of ${config.maxEmailBytes} bytes`));
          const h = peekHeaders(raw);
          const mailFrom = session.envelope.mailFrom;
          await storeInbound(db, {
            rfcMessageId: h.messageId,
            source: 'smtp',
            fromAddr: h.from,
            subject: h.subject,
            raw,
            envelopeFrom: mailFrom ? mailFrom.address.toLowerCase() : '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          });
          o.onStored?.();
          callback(null, 'Stored; thank you');
        })
        .catch((e) => {
          log.error({ err: (e as Error).message }, 'smtp: could not store a mail; the sender will retry');
          callback(smtpError(451, 'Temporary failure storing the message, try again later'));
        });
    },
  });
  server.on('error', (e) => log.warn({ err: e.message }, 'smtp: connection error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(config.smtpPort, config.smtpHost, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  log.info({ port, tls: !!config.tls }, `Kefu accepts mail by SMTP on port ${port}`);
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
