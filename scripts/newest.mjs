// The newest modification time of the files under a directory, for the build scripts' "is the last
// build still current" check.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} dir
 * @param {{ file?: (name: string) => boolean, skip?: (name: string) => boolean }} [only] which files count, which directories to skip
 * @returns {number}
 */
export function newest(dir, only = {}) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!only.skip?.(e.name)) t = Math.max(t, newest(p, only));
    } else if (!only.file || only.file(e.name)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}
