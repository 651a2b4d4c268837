#!/usr/bin/env node
// Builds the web app when its sources are newer than the last build.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newest } from './newest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const out = join(web, 'dist', 'index.html');
if (!existsSync(join(web, 'index.html'))) process.exit(0);
if (existsSync(out) && statSync(out).mtimeMs >= newest(web, { skip: (name) => name === 'dist' || name === 'node_modules' }))
  process.exit(0);
process.stderr.write('kefu: building the web app…\n');
const started = Date.now();
// Warnings and errors only: the list of every file it wrote is not for the person waiting for the setup link.
execSync(`node ${JSON.stringify(join(root, 'node_modules', 'vite', 'bin', 'vite.js'))} build --config web/vite.config.ts --logLevel warn`, {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, NODE_ENV: 'production' },
});
process.stderr.write(`kefu: web app built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
