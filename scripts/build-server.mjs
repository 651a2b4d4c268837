#!/usr/bin/env node
// Builds the server into one JavaScript file, dist/server/main.mjs (and its mail worker threads'
// entry, dist/server/mailWorkerMain.mjs), when its sources are newer than the last build. `npm start` and the systemd unit run that file with plain `node`: no TypeScript
// loader in the process, which keeps about 70 MiB of memory and the start-up's transpiling out of it
// (docs/operations.md, Memory). Packages stay in node_modules (not bundled); migrations, translations
// and the web app are read from the project at run time (server/paths.ts).
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newest } from './newest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BUILD = join(root, 'dist', 'server', 'main.mjs');

const serverSource = (name) => /\.(ts|mjs|js)$/.test(name) && !/\.test\.ts$/.test(name);

/** Builds when needed; returns the path of the built server. */
export async function buildServer({ force = false } = {}) {
  const sources = Math.max(newest(join(root, 'server'), { file: serverSource }), statSync(join(root, 'package.json')).mtimeMs);
  const outputs = [SERVER_BUILD, join(dirname(SERVER_BUILD), 'mailWorkerMain.mjs')];
  if (!force && outputs.every((f) => existsSync(f) && statSync(f).mtimeMs >= sources)) return SERVER_BUILD;
  const { build } = await import('esbuild');
  const out = await build({
    // The server, and the mail worker threads' entry (server/channels/email/mailWorkers.ts).
    entryPoints: { main: join(root, 'server', 'main.ts'), mailWorkerMain: join(root, 'server', 'channels', 'email', 'mailWorkerMain.ts') },
    outdir: dirname(SERVER_BUILD),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    write: false,
  });
  // Written aside, then renamed into place: an instance starting meanwhile reads the old file or the new.
  mkdirSync(dirname(SERVER_BUILD), { recursive: true });
  for (const f of [...out.outputFiles].sort((a, b) => b.path.length - a.path.length)) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  return SERVER_BUILD;
}

/**
 * How the built server is run (npm start, the systemd unit, the bench): the file to give node, the
 * environment it adds, and node's flags (SERVER_NODE_ARGS). glibc keeps memory freed by V8's compiler threads in their malloc arenas
 * when its trim threshold has grown past it (it grows with every large block freed); a fixed
 * threshold gives it back (about 30 MiB less idle memory on the embedded database: docs/operations.md,
 * Memory). Values already set in the environment win.
 */
export const SERVER_ENV = { MALLOC_TRIM_THRESHOLD_: '131072' };
/**
 * Node's flags for the built server: a young generation of at most 2 × 8 MiB instead of 2 × 16 MiB.
 * Start-up's allocations grow it to its maximum, and V8 never shrinks it: about 20 MiB less idle
 * memory on the embedded database, with no change in creation rate (docs/operations.md, Memory).
 */
export const SERVER_NODE_ARGS = ['--max-semi-space-size=8'];

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const force = process.argv.includes('--force');
  process.stdout.write(`${await buildServer({ force })}\n`);
}
