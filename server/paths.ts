import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root: the nearest folder above this module that holds package.json. The same from
 * the sources (`server/paths.ts`) and from the built server (`dist/server/main.mjs`, one file), so
 * files that ship beside the code (migrations, translations, the web app) are found from here, never
 * relative to the module that reads them.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dir === dirname(dir)) throw new Error(`no package.json above ${from}`);
  }
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project, e.g. `fromRoot('server', 'db', 'migrations')`. */
export const fromRoot = (...parts: string[]) => join(ROOT, ...parts);
