import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fromRoot } from '../../paths.ts';
import type { MailTaskBody, MailTaskResult } from './mailWorkerMain.ts';
import type { PreparedMail } from './prepareMail.ts';

/**
 * Mail parsing, HTML sanitizing and reply stripping run here, in worker threads, never on the
 * API's event loop (a big or hostile mail would stall every request). Each task has a time
 * budget: past it the worker is terminated (the only way to stop a runaway regular expression or
 * parser) and the task fails with MailBudgetExceeded; a new worker starts for the next task.
 * Workers start lazily and do not keep the process alive.
 */
export class MailBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`processing the mail took longer than its time budget of ${budgetMs} ms`);
  }
}

const SIZE = Math.max(1, Math.min(2, availableParallelism() - 1));
// The built server (scripts/build-server.mjs) runs the built worker; the sources run the worker's
// sources, which register the TypeScript loader themselves (mailWorker.mjs).
const ENTRY = pathToFileURL(
  import.meta.url.endsWith('/dist/server/main.mjs')
    ? fromRoot('dist', 'server', 'mailWorkerMain.mjs')
    : fromRoot('server', 'channels', 'email', 'mailWorker.mjs'),
);

type Job = { task: MailTaskBody; transfer: ArrayBuffer[]; budgetMs: number; resolve(v: unknown): void; reject(e: Error): void };
interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  id: number;
}

const slots: Slot[] = [];
const queue: Job[] = [];
const stats = { tasks: 0, lastThreadId: null as number | null, terminated: 0 };
let nextId = 1;

/** Tasks finished, the thread the last one ran in (tests check it is not the main thread), and tasks running now. */
export function mailWorkerStats() {
  return { ...stats, busy: slots.filter((s) => s.job).length };
}

function spawn(): Slot {
  // execArgv: [] — the entry registers tsx itself; the parent's loader flags are not needed.
  const worker = new Worker(ENTRY, { execArgv: [], stdout: false, stderr: false });
  worker.unref();
  const slot: Slot = { worker, ready: false, job: null, timer: null, id: 0 };
  worker.on('message', (m: MailTaskResult | { ready: true }) => {
    if ('ready' in m) {
      slot.ready = true;
      pump();
      return;
    }
    if (m.id !== slot.id || !slot.job) return;
    const job = slot.job;
    clearTimeout(slot.timer!);
    slot.job = null;
    slot.timer = null;
    stats.tasks++;
    stats.lastThreadId = m.threadId;
    if (m.ok) job.resolve(m.value);
    else job.reject(new Error(m.error));
    pump();
  });
  const fail = (e: Error) => {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    job?.reject(e);
    if (!job)
      for (const j of queue.splice(0)) j.reject(e); // the worker could not even start: say why
    else pump();
  };
  worker.on('error', (e) => fail(e));
  worker.on('exit', (code) => fail(new Error(`the mail worker stopped (exit code ${code})`)));
  slots.push(slot);
  return slot;
}

function pump() {
  while (queue.length) {
    let slot = slots.find((s) => s.ready && !s.job);
    if (!slot) {
      if (slots.length < SIZE) spawn();
      return;
    }
    const job = queue.shift()!;
    slot.job = job;
    slot.id = nextId++;
    slot.worker.ref();
    const s = slot;
    // The budget counts from the moment the worker gets the task (not while it waits in the queue or the worker starts).
    slot.timer = setTimeout(() => {
      stats.terminated++;
      const i = slots.indexOf(s);
      if (i >= 0) slots.splice(i, 1);
      s.job = null;
      s.worker.removeAllListeners('exit');
      s.worker.on('exit', () => undefined);
      void s.worker.terminate();
      job.reject(new MailBudgetExceeded(job.budgetMs));
      pump();
    }, job.budgetMs);
    slot.worker.postMessage({ ...job.task, id: slot.id }, job.transfer);
    slot = undefined;
  }
  for (const s of slots) if (!s.job) s.worker.unref();
}

function run<T>(task: MailTaskBody, budgetMs: number, transfer: ArrayBuffer[] = []): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push({ task, transfer, budgetMs, resolve: resolve as (v: unknown) => void, reject });
    pump();
  });
}

/** Parses a raw mail in a worker: headers, addresses, text (and what is left of it as a reply), attachments, unsanitized HTML. */
export async function prepareMailInWorker(raw: Buffer, o: { budgetMs: number; maxTextChars?: number }): Promise<PreparedMail> {
  const copy = new Uint8Array(raw); // its own ArrayBuffer, handed over without a second copy
  const p = await run<PreparedMail>({ op: 'prepare', raw: copy, maxTextChars: o.maxTextChars }, o.budgetMs, [copy.buffer]);
  for (const a of p.attachments) a.content = Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
  return p;
}

/** Sanitizes a message's HTML in a worker, last, with inline images resolved by the sanitizer (see finishHtml). */
export function finishHtmlInWorker(
  html: string,
  o: { cid: Record<string, string>; appendHtml?: string; budgetMs: number },
): Promise<string> {
  return run<string>({ op: 'finishHtml', html, cid: o.cid, appendHtml: o.appendHtml }, o.budgetMs);
}

/** Stops the workers (tests, shutdown). */
export async function stopMailWorkers() {
  const all = slots.splice(0);
  for (const s of all) {
    s.worker.removeAllListeners('exit');
    s.worker.on('exit', () => undefined);
    if (s.timer) clearTimeout(s.timer);
    s.job?.reject(new Error('the mail workers were stopped'));
    s.job = null;
  }
  await Promise.all(all.map((s) => s.worker.terminate()));
}
