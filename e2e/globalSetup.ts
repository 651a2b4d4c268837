import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers/kefu.ts';

/** Builds the web app once (only when its sources changed) before the browser specs. */
export default function setup() {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')], { cwd: ROOT, stdio: 'inherit' });
}
