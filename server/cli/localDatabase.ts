import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { readLock } from '../db/lock.ts';

/** A Kefu server on this machine found through its data directory's lock file (the same lock the CLI talks through). */
export interface LocalServer {
  pid: number;
  port: number;
  dataDir: string;
}

const shellQuote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/** PGlite writes PG_VERSION when it creates a database; a directory without it holds no Kefu database. */
export const hasEmbeddedDatabase = (dataDir: string): boolean => existsSync(join(dataDir, 'PG_VERSION'));

function environ(pid: string): Map<string, string> | null {
  try {
    return new Map(
      readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((kv) => {
          const i = kv.indexOf('=');
          return [kv.slice(0, i), kv.slice(i + 1)] as [string, string];
        }),
    );
  } catch {
    return null;
  }
}

/**
 * Kefu servers serving HTTP on this machine with an embedded database: every process whose data directory
 * (its KEFU_DATA_DIR, default ./data from its working directory) holds a lock naming that very process and a port.
 * Reads /proc (Linux); elsewhere, or for processes of other users, finds nothing.
 */
export function findLocalServers(): LocalServer[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  } catch {
    return [];
  }
  const found = new Map<string, LocalServer>();
  for (const pid of pids) {
    const env = environ(pid);
    if (!env || env.get('DATABASE_URL')) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      continue;
    }
    const dataDir = resolve(cwd, env.get('KEFU_DATA_DIR') || './data');
    if (found.has(dataDir)) continue;
    const lock = readLock(dataDir);
    if (lock?.port && lock.pid === Number(pid)) found.set(dataDir, { pid: lock.pid, port: lock.port, dataDir });
  }
  return [...found.values()];
}

/**
 * Only `kefu migrate` may create a database. Any other command on a data directory that holds none would silently
 * make a new, empty one (e.g. ./data of wherever it was typed) while the real server is elsewhere: say so instead.
 */
export function missingDatabaseMessage(config: Config, args: string[], servers: () => LocalServer[] = findLocalServers): string | null {
  // A lock without a database yet is a server creating it: connect() waits for that one.
  if (config.databaseUrl || hasEmbeddedDatabase(config.dataDir) || readLock(config.dataDir)) return null;
  const lines = [
    `there is no Kefu database in ${config.dataDir}, and only 'kefu migrate' creates one.`,
    'Nothing was changed. Point the command at your Kefu: set KEFU_DATA_DIR to the data directory of the server (embedded database),',
    "or DATABASE_URL to its PostgreSQL database. To start a new, empty Kefu here, run 'kefu migrate' first.",
  ];
  const running = servers();
  for (const s of running) {
    lines.push(
      `A Kefu server is running (pid ${s.pid}, port ${s.port}) on the data directory ${s.dataDir}; to use it:`,
      `  KEFU_DATA_DIR=${shellQuote(s.dataDir)} kefu ${args.map(shellQuote).join(' ')}`,
    );
  }
  return lines.join('\n');
}
