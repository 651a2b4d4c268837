#!/usr/bin/env node
// `npm start`: install what is missing, build the web app if needed, then run the server.
import { spawn, execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execSync(`node ${JSON.stringify(join(root, 'scripts', 'ensure-deps.mjs'))}`, { stdio: 'inherit', cwd: root });
if (existsSync(join(root, 'web', 'package.json')) || existsSync(join(root, 'web', 'index.html'))) {
  execSync(`node ${JSON.stringify(join(root, 'scripts', 'build-web.mjs'))}`, { stdio: 'inherit', cwd: root });
}
// tsx as a loader in the server's own process: signals reach the server directly and it stops cleanly.
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'main.ts')], { stdio: 'inherit', cwd: root });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
