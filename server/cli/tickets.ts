import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ApiClient } from './apiClient.ts';
import { check, CliError, parseCommand, UsageError } from './args.ts';
import type { Io } from './io.ts';
import { progress } from './progress.ts';

const NDJSON = 'application/x-ndjson';
/** Lines per import request; a chunk also stops at CHUNK_BYTES so one request stays well under the body limit. */
export const CHUNK_LINES = 1000;
const CHUNK_BYTES = 4 * 1024 * 1024;

/** `kefu tickets export [--out FILE] [--since ISO]` */
export function parseExport(args: string[]) {
  const cmd = 'tickets export';
  const { values } = parseCommand(
    cmd,
    args,
    { out: { type: 'string', short: 'o' }, since: { type: 'string' } },
    { min: 0, max: 0, names: '' },
  );
  let since: string | undefined;
  if (values.since !== undefined) {
    const d = new Date(values.since);
    if (!values.since.trim() || Number.isNaN(d.getTime()))
      throw new UsageError(
        `${cmd}: --since must be an ISO-8601 date or time such as 2024-01-31 or 2024-01-31T08:00:00Z (got '${values.since}')`,
      );
    since = d.toISOString();
  }
  if (values.out !== undefined && !values.out.trim()) throw new UsageError(`${cmd}: --out needs a file name`);
  return { out: values.out, since };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks).toString('utf8');
}

/** Streams the export to a file (written as FILE.partial, renamed when complete) or to stdout, counting lines for the progress bar. */
export async function ticketsExport(api: ApiClient, o: ReturnType<typeof parseExport>, io: Io): Promise<number> {
  if (o.out && !existsSync(dirname(resolve(o.out)))) throw new CliError(`cannot write ${o.out}: its directory does not exist`);
  const res = await api.download(`/api/v1/export/tickets${o.since ? `?since=${encodeURIComponent(o.since)}` : ''}`);
  if (res.status !== 200) {
    const text = await readAll(res.body);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    check({ status: res.status, body });
  }
  const total = Number(res.headers['x-total-count']) || 0;
  // Not over the lines themselves when they go to the same terminal.
  const bar = progress('Exporting', total, { unit: 'tickets', enabled: !!o.out || !(io.outStream as { isTTY?: boolean }).isTTY });
  let lines = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      bar.update(lines);
      done(null, chunk);
    },
  });
  const partial = o.out ? `${o.out}.partial` : null;
  try {
    const dest = partial ? createWriteStream(partial) : io.outStream;
    await pipeline(res.body, count, dest, { end: !!partial });
    if (partial) renameSync(partial, o.out!);
  } catch (e) {
    if (partial) rmSync(partial, { force: true });
    throw new CliError(`the export stopped after ${lines} tickets: ${(e as Error).message}`);
  } finally {
    bar.stop();
  }
  io.err(
    `Exported ${lines} ticket${lines === 1 ? '' : 's'}${o.out ? ` to ${o.out}` : ''}, without the files attached to messages (a backup keeps those: kefu backup).\n`,
  );
  return 0;
}

/** `kefu tickets import FILE` */
export function parseImport(args: string[]) {
  const { positionals } = parseCommand(
    'tickets import',
    args,
    {},
    { min: 1, max: 1, names: 'the FILE to import (JSON lines, as written by kefu tickets export)' },
  );
  const file = positionals[0];
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'not a file' });
    size = st.size;
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { file, size };
}

/**
 * Reads the file line by line and posts it in chunks; a chunk the server finds too large is split until single lines remain.
 * Each line commits on its own: run a stopped import again and the lines already saved (by `external_id`) are skipped.
 * Progress: a bar on a terminal, else one line on stderr per chunk (every `chunkLines` lines).
 */
export async function ticketsImport(api: ApiClient, o: ReturnType<typeof parseImport> & { chunkLines?: number }, io: Io): Promise<number> {
  const chunkLines = o.chunkLines ?? CHUNK_LINES;
  let imported = 0;
  let skipped = 0;
  const failed: Array<{ line: number; error: string }> = [];
  const bar = progress('Importing', o.size, { unit: 'bytes' });
  const lineProgress = !process.stderr.isTTY;
  const report = (last: number) => {
    if (lineProgress) io.err(`line ${last}: ${imported} imported, ${skipped} skipped, ${failed.length} failed\n`);
  };

  const send = async (lines: string[], first: number): Promise<void> => {
    const res = await api.upload<{ imported: number; skipped?: unknown[]; failed: Array<{ line: number; error: string }> }>(
      '/api/v1/import/tickets',
      NDJSON,
      lines.join('\n'),
    );
    if (res.status === 413) {
      if (lines.length === 1) {
        failed.push({ line: first, error: 'the line is larger than the server accepts (KEFU_MAX_BODY_BYTES)' });
        return;
      }
      const half = Math.ceil(lines.length / 2);
      await send(lines.slice(0, half), first);
      await send(lines.slice(half), first + half);
      return;
    }
    const body = check(res);
    imported += body.imported;
    skipped += body.skipped?.length ?? 0;
    for (const f of body.failed) failed.push({ line: first + f.line - 1, error: f.error });
  };

  const rl = createInterface({ input: createReadStream(o.file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let chunk: string[] = [];
  let chunkStart = 1;
  let chunkBytes = 0;
  let lineNo = 0;
  let bytes = 0;
  try {
    for await (const raw of rl) {
      lineNo++;
      const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      const size = Buffer.byteLength(raw, 'utf8') + 1;
      chunk.push(line);
      chunkBytes += size;
      bytes += size;
      if (chunk.length >= chunkLines || chunkBytes >= CHUNK_BYTES) {
        await send(chunk, chunkStart);
        bar.update(bytes);
        report(lineNo);
        chunk = [];
        chunkBytes = 0;
        chunkStart = lineNo + 1;
      }
    }
    if (chunk.length) {
      await send(chunk, chunkStart);
      report(lineNo);
    }
    bar.update(o.size);
  } finally {
    bar.stop();
    rl.close();
  }

  const t = (n: number) => `${n} ticket${n === 1 ? '' : 's'}`;
  const skippedNote = skipped ? `; skipped ${t(skipped)} already imported` : '';
  io.out(
    `Imported ${t(imported)} from ${o.file}${skippedNote}${failed.length ? `; ${failed.length} line${failed.length === 1 ? '' : 's'} failed:` : '.'}\n`,
  );
  for (const f of failed) io.out(`  line ${f.line}: ${f.error}\n`);
  return failed.length ? 1 : 0;
}
