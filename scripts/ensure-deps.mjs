#!/usr/bin/env node
// Installs dependencies on a fresh clone (no packages beyond Node itself are needed to run this).
// Run as a script (`npm start`, `npm test`) or imported (bin/kefu.js).
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** True when node_modules is missing or older than package-lock.json. */
export function depsStale() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  return !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
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
