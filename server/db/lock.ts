import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface LockInfo {
  pid: number;
  port?: number;
  secret?: string;
  started_at: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly info: LockInfo,
  ) {
    super(
      `The data directory ${dir} is in use by another Kefu process (pid ${info.pid}${info.port ? `, serving on port ${info.port}` : ''}). Stop it first, or point KEFU_DATA_DIR elsewhere.`,
    );
  }
}

const lockPath = (dir: string) => join(dir, 'kefu.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(dir), 'utf8')) as LockInfo;
    return alive(info.pid) && info.pid !== process.pid ? info : null;
  } catch {
    return null;
  }
}

/** PGlite does not lock its directory: a second process would silently lose writes. We take our own lock. */
export function acquireLock(
  dir: string,
  info: Omit<LockInfo, 'pid' | 'started_at'> = {},
): { update(extra: Partial<LockInfo>): void; release(): void } {
  mkdirSync(dir, { recursive: true });
  const path = lockPath(dir);
  const mine: LockInfo = { pid: process.pid, started_at: new Date().toISOString(), ...info };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      let held = true;
      return {
        update(extra) {
          Object.assign(mine, extra);
          writeFileSync(path, JSON.stringify(mine), { mode: 0o600 });
        },
        release() {
          if (held) {
            held = false;
            rmSync(path, { force: true });
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const other = readLock(dir);
      if (other) throw new DataDirInUseError(dir, other);
      // A lock we cannot read belongs to someone else (another user): never take it over.
      try {
        readFileSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EACCES') throw new DataDirInUseError(dir, { pid: 0, started_at: '' });
      }
      rmSync(path, { force: true }); // stale lock from a process that died
    }
  }
  throw new Error(`Could not lock ${dir}`);
}
