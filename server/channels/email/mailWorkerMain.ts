import { parentPort, threadId } from 'node:worker_threads';
import { finishHtml, prepareMail, type PreparedMail } from './prepareMail.ts';

/** A mail worker thread: parses and sanitizes mail for mailWorkers.ts, one task at a time. */
export type MailTaskBody =
  | { op: 'prepare'; raw: Uint8Array; maxTextChars?: number }
  | { op: 'finishHtml'; html: string; cid: Record<string, string>; appendHtml?: string };
export type MailTask = MailTaskBody & { id: number };

export type MailTaskResult = { id: number; threadId: number } & ({ ok: true; value: unknown } | { ok: false; error: string });

const port = parentPort!;
port.on('message', async (task: MailTask) => {
  try {
    if (task.op === 'prepare') {
      const value: PreparedMail = await prepareMail(task.raw, { maxTextChars: task.maxTextChars });
      port.postMessage(
        { id: task.id, threadId, ok: true, value } satisfies MailTaskResult,
        value.attachments.map((a) => a.content.buffer as ArrayBuffer),
      );
    } else {
      port.postMessage({
        id: task.id,
        threadId,
        ok: true,
        value: finishHtml(task.html, { cid: task.cid, appendHtml: task.appendHtml }),
      } satisfies MailTaskResult);
    }
  } catch (e) {
    port.postMessage({ id: task.id, threadId, ok: false, error: (e as Error)?.message ?? String(e) } satisfies MailTaskResult);
  }
});
port.postMessage({ ready: true });
