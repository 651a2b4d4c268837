#!/usr/bin/env node
// `npm start`: install what is missing, build the web app and the server if needed, then run the server.
import { spawn, execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execSync(`node ${JSON.stringify(join(root, 'scripts', 'ensure-deps.mjs'))}`, { stdio: 'inherit', cwd: root });
if (existsSync(join(root, 'web', 'package.json')) || existsSync(join(root, 'web', 'index.html'))) {
  execSync(`node ${JSON.stringify(join(root, 'scripts', 'build-web.mjs'))}`, { stdio: 'inherit', cwd: root });
}
// The built server (scripts/build-server.mjs), run by node itself: signals reach it directly and it stops cleanly.
const { buildServer, SERVER_ENV, SERVER_NODE_ARGS } = await import('./build-server.mjs');
const child = spawn(process.execPath, [...SERVER_NODE_ARGS, await buildServer()], {
  stdio: 'inherit',
  cwd: root,
  env: { ...SERVER_ENV, ...process.env },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
