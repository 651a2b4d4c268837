import { lookup } from 'node:dns/promises';
import { ImapFlow } from 'imapflow';
import type { Db } from '../../db/client.ts';
import { mailboxRepository, type MailboxRow } from '../../modules/email/mailboxRepository.ts';
import { storeInbound } from '../../modules/email/storeInbound.ts';
import { openMailboxPassword } from '../../modules/email/mailSecrets.ts';
import { classifyAddress, mayConnect } from '../../domain/diagnostics/addresses.ts';
import { imapFailureKind, type ImapFailure, type ImapFailureKind } from '../../domain/mail/imapFailure.ts';
import { peekHeaders } from './parseEmail.ts';
import type { Log } from './smtpIntake.ts';

/** A mailbox failing this long raises an alert for admins. */
export const ALERT_AFTER_MS = 15 * 60_000;
const MAX_PER_POLL = 500;

export interface PollResult {
  fetched: number;
  stored: number;
  skipped: number;
  /** The IMAP library's or the server's own words (English), for whoever debugs the connection. */
  error: string | null;
  /** What kind of failure it was (refused, host_not_found, timeout, tls, auth, other), for the admin. */
  error_kind: ImapFailureKind | null;
}

/**
 * One poll of one IMAP mailbox: each unseen message is stored raw (committed) and only then marked
 * \Seen or moved. A lost connection or a crash between the two just means the message is fetched
 * again next time, and its Message-ID is stored once. Each poll opens a fresh connection.
 */
export async function pollMailbox(
  db: Db,
  o: {
    mailboxId: number;
    maxBytes: number;
    log: Log;
    onStored?: () => void;
    timeoutMs?: number;
    /** KEFU_IMAP_ALLOW_PRIVATE: the loopback, private or link-local addresses a mailbox may reach. */
    allowPrivate: boolean | readonly string[];
  },
): Promise<PollResult | null> {
  const mb = await mailboxRepository.get(db, o.mailboxId);
  if (!mb) return null;
  const result: PollResult = { fetched: 0, stored: 0, skipped: 0, error: null, error_kind: null };
  let client: ImapFlow | null = null;
  try {
    const address = await reachableAddress(mb.host, o.allowPrivate);
    client = connect({ ...mb, password: await openMailboxPassword(db, mb.password) }, address, o.timeoutMs ?? 30_000);
    await client.connect();
    const lock = await client.getMailboxLock(mb.folder);
    try {
      const uids = ((await client.search({ seen: false }, { uid: true })) || []).slice(0, MAX_PER_POLL);
      const sizes = new Map<number, number>();
      if (uids.length)
        for (const m of await client.fetchAll(uids.join(','), { uid: true, size: true }, { uid: true })) sizes.set(m.uid, m.size ?? 0);
      for (const uid of uids) {
        if ((sizes.get(uid) ?? 0) > o.maxBytes) {
          result.skipped++;
          continue;
        } // left unread in the mailbox, never lost
        const msg = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        if (!msg || !msg.source) continue;
        result.fetched++;
        const h = peekHeaders(msg.source);
        const r = await storeInbound(db, {
          rfcMessageId: h.messageId,
          source: 'imap',
          mailboxId: mb.id,
          fromAddr: h.from,
          subject: h.subject,
          raw: msg.source,
        });
        if (r.stored) {
          result.stored++;
          o.onStored?.();
        }
        if (mb.after_fetch === 'move' && mb.move_to) await client.messageMove(String(uid), mb.move_to, { uid: true });
        else await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      }
    } finally {
      lock.release();
    }
    await client.logout();
    await mailboxRepository.recordSuccess(db, mb.id);
    if (result.skipped)
      o.log.warn(
        { mailbox: mb.name, skipped: result.skipped },
        `imap: ${result.skipped} message(s) over the size limit left unread in ${mb.name}`,
      );
  } catch (e) {
    client?.close();
    const failure = e as ImapFailure & { responseText?: string; message?: string };
    result.error = failure.responseText || failure.message || String(e);
    result.error_kind = imapFailureKind({ ...failure, text: result.error });
    await recordFailure(db, mb, result.error, result.error_kind, o.log);
  }
  return result;
}

/**
 * The address to connect to for a mailbox's server: the first its name resolves to that may be reached.
 * A name that leads only to loopback, private, link-local or metadata addresses is refused unless
 * KEFU_IMAP_ALLOW_PRIVATE allows them (docs/email.md): the mailbox's server is typed by an admin, and the
 * check's answers (refused, no answer, not IMAP) would otherwise map the network Kefu runs in. Connecting
 * to the address found, not the name again, leaves no second lookup to answer differently.
 */
async function reachableAddress(host: string, allow: boolean | readonly string[]): Promise<string> {
  const literal = host.replace(/^\[(.*)\]$/, '$1');
  const addresses =
    classifyAddress(literal) === 'invalid' ? (await lookup(host, { all: true, verbatim: true })).map((a) => a.address) : [literal];
  const ok = addresses.find((a) => mayConnect(a, allow));
  if (ok) return ok;
  throw Object.assign(
    new Error(
      `EPRIVATEADDRESS: ${host} leads only to addresses Kefu does not connect to (${addresses.join(', ')}); see KEFU_IMAP_ALLOW_PRIVATE`,
    ),
    { code: 'EPRIVATEADDRESS' },
  );
}

function connect(mb: MailboxRow, address: string, timeoutMs: number) {
  const client = new ImapFlow({
    host: address,
    // The certificate is checked against the name the admin typed (and sent as SNI), not the address.
    ...(classifyAddress(mb.host.replace(/^\[(.*)\]$/, '$1')) === 'invalid' ? { servername: mb.host } : {}),
    port: mb.port,
    secure: mb.secure,
    auth: { user: mb.username, pass: mb.password },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 4,
  });
  client.on('error', () => {
    /* surfaced through the failing call */
  });
  return client;
}

async function recordFailure(db: Db, mb: MailboxRow, error: string, kind: ImapFailureKind, log: Log) {
  const f = await mailboxRepository.recordFailure(db, mb.id, error);
  if (!f) return;
  if (f.failing_ms >= ALERT_AFTER_MS && !f.alerted) {
    const minutes = Math.round(f.failing_ms / 60_000);
    if (
      // Kept as data, said in each admin's language when read (modules/email/mailboxes.ts).
      await mailboxRepository.raiseAlert(
        db,
        mb.id,
        { mailbox: mb.name, address: `${mb.username}@${mb.host}`, minutes, error_kind: kind },
        error,
      )
    )
      log.error({ mailbox: mb.name, error }, `imap: mailbox ${mb.name} has failed for ${minutes} minutes; admins alerted`);
  } else {
    log.warn({ mailbox: mb.name, error }, `imap: polling ${mb.name} failed`);
  }
}
