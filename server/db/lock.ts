import {
  chmodSync,
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export interface LockInfo {
  pid: number;
  port?: number;
  secret?: string;
  started_at: string;
  /** Where the lock was written (older locks lack these): the machine, its boot, and the data directory. */
  host?: string;
  boot_id?: string;
  dir?: string;
  /** The process's start in clock ticks since boot (/proc/PID/stat): with boot_id, tells pid reuse without the wall clock. */
  start_ticks?: number;
}

/**
 * Why a lock held by a live process does not belong to a Kefu on this very directory: the directory
 * (and its lock) was copied from another machine, or from another directory on this one.
 */
export interface ForeignLock {
  reason: 'other_host' | 'other_dir';
  detail: string;
}

const when = (iso: string) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'an unknown time');

export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly info: LockInfo,
    readonly foreign: ForeignLock | null = null,
  ) {
    super(
      foreign
        ? [
            `The data directory ${dir} has a lock (kefu.lock) that was not written for it here: ${foreign.detail}`,
            `The lock names pid ${info.pid}, started at ${when(info.started_at)}${info.host ? ` on host ${info.host}` : ''}${info.dir ? ` for ${info.dir}` : ''}; a process with that pid is running on this machine, so Kefu did not remove the lock by itself.`,
            foreign.reason === 'other_host'
              ? `If the directory was copied from ${info.host} (a backup, a container image or volume) and no Kefu on ${info.host} uses this very directory (a shared network disk), remove the lock and start again:`
              : `If ${info.dir} was copied while that Kefu was running, the copy may be inconsistent: stop it and copy again, or use 'kefu backup' and 'kefu restore'. If the copy was made while it was stopped, remove the lock and start again:`,
            `  rm ${join(dir, 'kefu.lock')}`,
          ].join('\n')
        : `The data directory ${dir} is in use by another Kefu process (pid ${info.pid}${info.port ? `, serving on port ${info.port}` : ''}). Stop it first, or point KEFU_DATA_DIR elsewhere.`,
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

/** This boot of this machine (Linux); a lock from before a reboot names a pid that is someone else's now. */
function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** When a process started, in clock ticks (1/100 s) since boot (Linux /proc); null when unknown. */
function startTicks(pid: number | 'self'): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** When a process started, in ms since the epoch (ticks plus the boot time); null when unknown. */
function processStart(pid: number): number | null {
  const ticks = startTicks(pid);
  try {
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return ticks !== null && btime ? btime * 1000 + ticks * 10 : null;
  } catch {
    return null;
  }
}

const realDir = (dir: string) => {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
};

/**
 * What a lock file means. `held`: a live process that may well be the Kefu using this directory.
 * `foreign`: a live process, but the lock was written on another machine or for another directory
 * (the directory was copied): refused with an explanation, never taken over. `stale`: its process is
 * gone, or the pid is certainly someone else's now (written before this machine's last boot, or the
 * process started after the lock was written): taken over.
 */
export function inspectLock(
  dir: string,
): { info: LockInfo; state: 'held' | 'stale' } | { info: LockInfo; state: 'foreign'; foreign: ForeignLock } | null {
  let info: LockInfo;
  try {
    info = JSON.parse(readFileSync(lockPath(dir), 'utf8')) as LockInfo;
  } catch {
    return null;
  }
  if (!Number.isInteger(info?.pid) || info.pid <= 0 || info.pid === process.pid || !alive(info.pid)) return { info, state: 'stale' };
  const host = hostname();
  if (info.host && info.host !== host)
    return {
      info,
      state: 'foreign',
      foreign: { reason: 'other_host', detail: `it was written on host ${info.host}, and this is ${host}.` },
    };
  if (info.dir && info.dir !== realDir(dir))
    return {
      info,
      state: 'foreign',
      foreign: { reason: 'other_dir', detail: `it was written for ${info.dir}, so this directory is a copy (or was moved).` },
    };
  const boot = bootId();
  if (info.boot_id && boot && info.boot_id !== boot) return { info, state: 'stale' };
  // Same boot: the pid is the locker's exactly when its process started at the recorded tick. Both
  // sides count from boot, so a wall clock set forward or back in between changes nothing.
  if (info.boot_id && info.boot_id === boot && Number.isInteger(info.start_ticks)) {
    const ticks = startTicks(info.pid);
    return ticks !== null && ticks !== info.start_ticks ? { info, state: 'stale' } : { info, state: 'held' };
  }
  // Older locks: the process started after the lock was written (by the wall clock, with 5 s to spare).
  const started = processStart(info.pid);
  const locked = Date.parse(info.started_at);
  if (started !== null && Number.isFinite(locked) && started > locked + 5_000) return { info, state: 'stale' };
  return { info, state: 'held' };
}

/** The lock of a live Kefu that may be using this directory (to talk to it, or wait for it); null otherwise. */
export function readLock(dir: string): LockInfo | null {
  const l = inspectLock(dir);
  return l?.state === 'held' ? l.info : null;
}

/**
 * Creates the data directory readable by its owner only (0700), and narrows one that exists: the
 * embedded database writes its files world-readable (0666 whatever the umask), and they hold password
 * hashes, the generated secret key and mail settings. Another owner's directory is left as it is.
 */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  } catch {
    /* not ours to change: the operator's choice */
  }
}

/** PGlite does not lock its directory: a second process would silently lose writes. We take our own lock. */
export function acquireLock(
  dir: string,
  info: Omit<LockInfo, 'pid' | 'started_at'> = {},
): { update(extra: Partial<LockInfo>): void; release(): void } {
  privateDir(dir);
  const path = lockPath(dir);
  const mine: LockInfo = {
    pid: process.pid,
    started_at: new Date().toISOString(),
    host: hostname(),
    boot_id: bootId(),
    start_ticks: startTicks('self') ?? undefined,
    dir: realDir(dir),
    ...info,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // Written aside, then linked into place: the lock appears whole or not at all (link fails
      // with EEXIST when another process holds it), so no reader ever finds it empty.
      const aside = `${path}.${process.pid}.tmp`;
      const fd = openSync(aside, 'w', 0o600);
      try {
        writeSync(fd, JSON.stringify(mine));
      } finally {
        closeSync(fd);
      }
      try {
        linkSync(aside, path);
      } finally {
        rmSync(aside, { force: true });
      }
      let held = true;
      return {
        update(extra) {
          Object.assign(mine, extra);
          // Written aside and renamed over the lock: a reader never sees it empty or half written
          // (an unreadable lock would look like none).
          const aside = `${path}.${process.pid}.tmp`;
          writeFileSync(aside, JSON.stringify(mine), { mode: 0o600 });
          renameSync(aside, path);
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
      const other = inspectLock(dir);
      if (other?.state === 'held') throw new DataDirInUseError(dir, other.info);
      if (other?.state === 'foreign') throw new DataDirInUseError(dir, other.info, other.foreign);
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
