#!/usr/bin/env node
// The `kefu` command: installs the dependencies on a fresh clone (like `npm start`), loads the TypeScript
// sources through tsx, then runs the CLI (server/cli/main.ts). Nothing here may import a dependency statically:
// on a fresh clone none is installed yet.
import { ensureDeps } from '../scripts/ensure-deps.mjs';

// npm's own output goes to stderr: stdout carries the command's result (JSON, tokens, exports).
ensureDeps({ stdout: 'stderr' });
const { register } = await import('tsx/esm/api');
register();
const { runCli } = await import('../server/cli/main.ts');
await runCli(process.argv);
