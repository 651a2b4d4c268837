import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = resolve(fileURLToPath(import.meta.url), '../../../scripts/ensure-deps.mjs');

/**
 * `kefu …`, `npm start` and `npm test` install the dependencies when node_modules does not hold what
 * package-lock.json asks for. A lock file that is only newer (a checkout, a copy, `touch`) must not
 * send them to `npm ci`, which deletes node_modules — under a running server, for `kefu backup`.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const LOCK = {
  lockfileVersion: 3,
  packages: {
    '': { name: 'kefu' },
    'node_modules/fastify': { version: '5.0.0' },
    'node_modules/vitest': { version: '4.0.0', dev: true },
    'node_modules/@esbuild/darwin-arm64': { version: '0.28.2', optional: true },
  },
};
/** A checkout with the script in its place, what is installed (null: nothing) and a lock file written after it. */
function desk(installed: Record<string, object> | null) {
  const d = mkdtempSync(join(tmpdir(), 'kefu-deps-'));
  dirs.push(d);
  mkdirSync(join(d, 'scripts'));
  copyFileSync(SCRIPT, join(d, 'scripts', 'ensure-deps.mjs'));
  if (installed) {
    mkdirSync(join(d, 'node_modules'));
    writeFileSync(join(d, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: installed }));
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(join(d, 'node_modules', '.package-lock.json'), old, old);
  }
  writeFileSync(join(d, 'package-lock.json'), JSON.stringify(LOCK));
  return d;
}
/** The checkout's own script answers, as `kefu …` there would. */
async function depsStale(d: string): Promise<boolean> {
  const m = (await import(pathToFileURL(join(d, 'scripts', 'ensure-deps.mjs')).href)) as { depsStale: () => boolean };
  return m.depsStale();
}

describe('whether the dependencies need installing', async () => {
  it('no: every package at its locked version, even when the lock file is newer', async () => {
    const d = desk({ 'node_modules/fastify': { version: '5.0.0' }, 'node_modules/vitest': { version: '4.0.0', dev: true } });
    expect(await depsStale(d)).toBe(false);
  });
  it('no: an install without dev packages (npm ci --omit=dev) runs Kefu', async () => {
    expect(await depsStale(desk({ 'node_modules/fastify': { version: '5.0.0' } }))).toBe(false);
  });
  it('yes: nothing installed, a package missing or at another version', async () => {
    expect(await depsStale(desk(null))).toBe(true);
    expect(await depsStale(desk({ 'node_modules/vitest': { version: '4.0.0', dev: true } }))).toBe(true);
    expect(await depsStale(desk({ 'node_modules/fastify': { version: '4.9.0' } }))).toBe(true);
    expect(
      await depsStale(desk({ 'node_modules/fastify': { version: '5.0.0' }, 'node_modules/vitest': { version: '3.0.0', dev: true } })),
    ).toBe(true);
  });
});
