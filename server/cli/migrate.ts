import { migrationFiles } from '../db/migrate.ts';
import type { ApiClient } from './apiClient.ts';
import { parseCommand } from './args.ts';
import type { Io } from './io.ts';

export function parseMigrate(args: string[]) {
  parseCommand('migrate', args, {}, { min: 0, max: 0, names: '' });
  return {};
}

/** Booting Kefu in-process migrates; a running server migrated when it started. */
export async function runMigrate(api: ApiClient, _o: object, io: Io): Promise<number> {
  const files = migrationFiles();
  const latest = files[files.length - 1] ?? 'none';
  if (api.target.kind === 'server') {
    io.out(
      `A Kefu server (pid ${api.target.pid}, port ${api.target.port}) is using this data directory; it applied the migrations when it started (latest: ${latest}).\n`,
    );
  } else if (api.target.migrationsApplied.length) {
    const n = api.target.migrationsApplied.length;
    io.out(`Applied ${n} migration${n === 1 ? '' : 's'} (latest: ${latest}); the database is up to date.\n`);
  } else {
    io.out(`The database was already up to date (${files.length} migration${files.length === 1 ? '' : 's'}, latest: ${latest}).\n`);
  }
  return 0;
}
