import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { ROOT } from './helpers/kefu.ts';

/**
 * Builds the web app once (only when its sources changed) before the browser specs, and makes one
 * migrated embedded database that every spec's Kefu starts from a copy of (e2e/helpers/kefu.ts):
 * creating a PGlite data directory and migrating it took 10–15 s of each of the ~40 starts.
 * The first run of a fresh directory keeps its own tests (test/cli/firstRun.test.ts).
 */
export default async function setup() {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const dir = join(ROOT, '.kefu-test', `e2e-template-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = await openDb({ dataDir: dir });
  await migrate(db);
  await db.close();
  process.env.KEFU_E2E_TEMPLATE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
