import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { openDb } from '../../server/db/client.ts';
import { startServer } from '../helpers/serverProcess.ts';

/** KEFU_PGLITE_SHARED_BUFFERS (docs/operations.md, Memory): the embedded database's buffer cache. */
const dir = mkdtempSync(join(tmpdir(), 'kefu-buffers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded database buffer cache', () => {
  it('defaults to 16MB, takes a size, and refuses anything else with the variable named', () => {
    expect(loadConfig({}).pgliteSharedBuffers).toBe('16MB');
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

describe('the first start', () => {
  it('does not keep the memory that creating the database took (the embedded database is reopened after migrations)', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'kefu-first-start-'));
    // Before the reopen the server stayed at 820-870 MiB resident after creating its database; a
    // restarted one holds about 360 MiB, the reopened first start about 450 MiB.
    const server = await startServer({
      KEFU_DATA_DIR: fresh,
      DATABASE_URL: '',
      KEFU_ADMIN_EMAIL: 'admin@first-start.test',
      KEFU_ADMIN_PASSWORD: 'First-start-pass-1',
    });
    try {
      const r = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@first-start.test', password: 'First-start-pass-1' }),
      });
      expect(r.status).toBe(200);
      const rssMiB = () => Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${server.proc.pid}/status`, 'utf8'))![1]) / 1024;
      // The closed instance's memory goes back when the garbage collector frees it: a few seconds at most.
      let rss = rssMiB();
      for (let i = 0; i < 50 && rss >= 600; i++) {
        await new Promise((res) => setTimeout(res, 200));
        rss = rssMiB();
      }
      expect(rss).toBeLessThan(600);
    } finally {
      await server.stop();
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 90_000);
});
