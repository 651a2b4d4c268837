import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDb } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';

/**
 * Migrates once per run: a PGlite data-dir tarball, or a PostgreSQL template database when
 * TEST_DATABASE_URL is set. Each test file then starts from a copy (see testKefu.ts).
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const tpl = `kefu_tpl_${process.pid}`;
    const admin = await openDb({ databaseUrl: url, poolSize: 1 });
    await admin.query(`drop database if exists ${tpl}`);
    await admin.query(`create database ${tpl}`);
    const u = new URL(url);
    u.pathname = `/${tpl}`;
    const db = await openDb({ databaseUrl: u.toString(), poolSize: 1 });
    await migrate(db);
    await db.close();
    project.provide('pgTemplate', tpl);
    // Tests that start a server on the embedded database whatever the run (the CLI's) start from a copy too.
    const file = await pgliteTemplate();
    project.provide('pgliteTemplate', file);
    return async () => {
      await admin.query(`drop database if exists ${tpl}`).catch(() => undefined);
      await admin.close();
      rmSync(file, { force: true });
    };
  }
  const file = await pgliteTemplate();
  project.provide('pgliteTemplate', file);
  return async () => {
    rmSync(file, { force: true });
  };
}

/** The migrated embedded database as a data-dir tarball. */
async function pgliteTemplate(): Promise<string> {
  const dir = resolve('.kefu-test');
  mkdirSync(dir, { recursive: true });
  const db = await openDb({});
  await migrate(db);
  const dump = await db.dumpDataDir!();
  const file = join(dir, `template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  return file;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate?: string;
    pgliteTemplate?: string;
  }
}
