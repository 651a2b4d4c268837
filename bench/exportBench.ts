/**
 * Ticket CSV export throughput and the server's memory while it streams (docs/exports.md).
 * `exportBench(baseUrl, token, pid?)` downloads GET /api/v1/exports/tickets.csv, counts records
 * (quote-aware: a subject may hold line breaks) and bytes as they arrive, and reports rows/s; given
 * the server's pid, its resident memory (VmRSS) and peak (VmHWM) from /proc/<pid>/status before and
 * after. Run directly: `npx tsx bench/exportBench.ts http://127.0.0.1:8080 <token> [pid]`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface ExportBenchResult {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  /** Time to the first byte of the body, in ms. */
  firstByteMs: number;
  rssKb: { before: number | null; after: number | null; peakAfter: number | null };
}

/** VmRSS / VmHWM of a process in KiB (null when unknown, e.g. not on Linux). */
function memory(pid: number | undefined): { rss: number | null; hwm: number | null } {
  if (!pid) return { rss: null, hwm: null };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const rss = kb('VmRSS');
    const hwm = kb('VmHWM');
    return { rss: Number.isFinite(rss) ? rss : null, hwm: Number.isFinite(hwm) ? hwm : null };
  } catch {
    return { rss: null, hwm: null };
  }
}

export async function exportBench(baseUrl: string, token: string, pid?: number): Promise<ExportBenchResult> {
  const before = memory(pid);
  const t0 = performance.now();
  const res = await fetch(new URL('/api/v1/exports/tickets.csv', baseUrl), { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let firstByteMs = -1;
  let bytes = 0;
  let records = 0;
  let quoted = false;
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (firstByteMs < 0) firstByteMs = performance.now() - t0;
    bytes += chunk.byteLength;
    const text = decoder.decode(chunk, { stream: true });
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34)
        quoted = !quoted; // a doubled quote toggles twice
      else if (c === 10 && !quoted) records++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const after = memory(pid);
  const rows = Math.max(0, records - 1); // the header
  return {
    rows,
    bytes,
    seconds,
    rowsPerSecond: rows / seconds,
    firstByteMs,
    rssKb: { before: before.rss, after: after.rss, peakAfter: after.hwm },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [baseUrl, token, pid] = process.argv.slice(2);
  if (!baseUrl || !token) {
    console.error('usage: npx tsx bench/exportBench.ts <base url> <api token> [server pid]');
    process.exit(2);
  }
  const r = await exportBench(baseUrl, token, pid ? Number(pid) : undefined);
  const mb = (kb: number | null) => (kb == null ? '?' : `${(kb / 1024).toFixed(0)} MiB`);
  console.log(
    `CSV export: ${r.rows} rows, ${(r.bytes / 1024 / 1024).toFixed(1)} MiB in ${r.seconds.toFixed(1)} s = ${Math.round(r.rowsPerSecond)} rows/s ` +
      `(first byte ${r.firstByteMs.toFixed(0)} ms); server RSS ${mb(r.rssKb.before)} → ${mb(r.rssKb.after)}, peak ${mb(r.rssKb.peakAfter)}`,
  );
}
