import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { acquireLock } from '../../server/db/lock.ts';

/**
 * The embedded database writes its files readable and writable by every local user (0666, whatever
 * the umask); they hold password hashes, the generated secret key and mail settings. The data
 * directory is therefore made the owner's alone (0700), new or existing.
 */
const root = mkdtempSync(join(tmpdir(), 'kefu-datadir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (p: string) => statSync(p).mode & 0o777;

it('a new data directory is 0700, and an existing one is narrowed to 0700', () => {
  const fresh = join(root, 'fresh', 'data');
  acquireLock(fresh).release();
  expect(mode(fresh).toString(8)).toBe('700');

  const existing = join(root, 'existing');
  mkdirSync(existing);
  chmodSync(existing, 0o755);
  acquireLock(existing).release();
  expect(mode(existing).toString(8)).toBe('700');
});
