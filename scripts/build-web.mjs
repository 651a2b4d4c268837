#!/usr/bin/env node
// Builds the web app when its sources are newer than the last build.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const out = join(web, 'dist', 'index.html');
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
if (!existsSync(join(web, 'index.html'))) process.exit(0);
if (existsSync(out) && statSync(out).mtimeMs >= newest(web)) process.exit(0);
process.stderr.write('kefu: building the web app…\n');
execSync(`node ${JSON.stringify(join(root, 'node_modules', 'vite', 'bin', 'vite.js'))} build --config web/vite.config.ts`, {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, NODE_ENV: 'production' },
});
