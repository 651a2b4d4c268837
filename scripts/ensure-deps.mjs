#!/usr/bin/env node
// Installs dependencies on a fresh clone (no packages beyond Node itself are needed to run this).
// Run as a script (`npm start`, `npm test`) or imported (bin/kefu.js).
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * True when node_modules is missing or does not hold what package-lock.json asks for: a package the
 * lock file names (optional ones aside) is not installed, or at another version. What is installed is
 * read from npm's own record of it (node_modules/.package-lock.json). The files' times are not
 * compared: a checkout, a copy or `touch` gives the lock file a newer time without changing a package,
 * and `npm ci` then deletes node_modules — under a running server, when the command was `kefu backup`.
 * Dev-only packages count only when some are installed (`npm ci --omit=dev` is a complete install
 * for running Kefu).
 */
export function depsStale(dir = root) {
  const marker = join(dir, 'node_modules', '.package-lock.json');
  const lock = join(dir, 'package-lock.json');
  if (!existsSync(marker)) return true;
  if (!existsSync(lock)) return false;
  let want, have;
  try {
    want = JSON.parse(readFileSync(lock, 'utf8')).packages;
    have = JSON.parse(readFileSync(marker, 'utf8')).packages ?? {};
  } catch {
    return true;
  }
  // A lock file without `packages` (lockfileVersion 1): only the times can tell.
  if (!want) return statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000;
  const withDev = Object.values(have).some((p) => p.dev);
  return Object.entries(want).some(
    ([path, p]) => path !== '' && !p.optional && !p.peer && (withDev || !p.dev) && (!(path in have) || have[path].version !== p.version),
  );
}

/** Runs `npm ci` (or `npm install` without a lock file) when needed. `stdout: 'stderr'` keeps npm's output off stdout. */
export function ensureDeps({ stdout = 'inherit' } = {}) {
  if (!depsStale()) return false;
  process.stderr.write('kefu: installing dependencies (first run)…\n');
  const lock = join(root, 'package-lock.json');
  const hasLock = existsSync(lock) && JSON.parse(readFileSync(lock, 'utf8')).lockfileVersion;
  const cmd = hasLock ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund';
  try {
    execSync(cmd, { cwd: root, stdio: ['ignore', stdout === 'stderr' ? 2 : 'inherit', 'inherit'] });
  } catch (e) {
    process.stderr.write(
      `kefu: '${cmd}' failed (${e.status != null ? `exit code ${e.status}` : e.message}); fix the error above and run the command again.\n`,
    );
    process.exit(1);
  }
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) ensureDeps();
