// One backup task at a time on the box, across processes: the web server, `xb backup …` over SSH and the
// systemd timer all take <data>/backup/lock. The file holds the owner's pid; a lock whose pid is gone (kill -9,
// power cut) is stale and taken over. O_EXCL creation makes taking it atomic.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface LockInfo {
  pid: number;
  kind: string;
  runId: string | null;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** The live holder of the lock, or null (a stale lock counts as free). */
export function lockHolder(file: string): LockInfo | null {
  const info = readLock(file);
  return info && alive(info.pid) ? info : null;
}

/** Takes the lock or returns the live holder. The returned release() is idempotent. */
export function tryLock(file: string, kind: string, runId: string | null, now: Date): { release: () => void } | { heldBy: LockInfo } {
  mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, kind, runId, since: now.toISOString() } satisfies LockInfo));
      closeSync(fd);
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(file);
      if (holder && alive(holder.pid)) return { heldBy: holder };
      // Stale (or unreadable half-written) lock: remove and try once more.
      rmSync(file, { force: true });
    }
  }
  const holder = readLock(file);
  return { heldBy: holder ?? { pid: -1, kind: 'unknown', runId: null, since: now.toISOString() } };
}
