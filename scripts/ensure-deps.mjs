#!/usr/bin/env node
// Installs dependencies on a fresh clone (no packages beyond Node itself are needed to run this).
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
if (stale) {
  process.stderr.write('kefu: installing dependencies (first run)…\n');
  const hasLock = existsSync(lock) && JSON.parse(readFileSync(lock, 'utf8')).lockfileVersion;
  execSync(hasLock ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
