import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { openDb } from '../../server/db/client.ts';

/** KEFU_PGLITE_SHARED_BUFFERS (docs/operations.md, Memory): the embedded database's buffer cache. */
const dir = mkdtempSync(join(tmpdir(), 'kefu-buffers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded database buffer cache', () => {
  it('defaults to 32MB, takes a size, and refuses anything else with the variable named', () => {
    expect(loadConfig({}).pgliteSharedBuffers).toBe('32MB');
    expect(loadConfig({ KEFU_PGLITE_SHARED_BUFFERS: '256MB' }).pgliteSharedBuffers).toBe('256MB');
    for (const bad of ['lots', '32', '32 MB', '0MB', '32MB; drop table tickets', '-c fsync=off'])
      expect(() => loadConfig({ KEFU_PGLITE_SHARED_BUFFERS: bad }), bad).toThrow(/KEFU_PGLITE_SHARED_BUFFERS/);
  });

  it('is what PGlite runs with', async () => {
    const db = await openDb({ dataDir: dir, sharedBuffers: '16MB' });
    try {
      const [row] = await db.query<{ v: string }>(`select current_setting('shared_buffers') as v`);
      expect(row.v).toBe('16MB');
    } finally {
      await db.close();
    }
  });
});
