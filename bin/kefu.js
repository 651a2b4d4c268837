#!/usr/bin/env node
// The `kefu` command: loads the TypeScript sources through tsx, then runs the CLI (server/cli/main.ts).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/main.ts');
await runCli(process.argv);
