// A backup that dies half-way (power cut, OOM killer, kill -9) must not ruin the repository. What restic 0.14
// really does: a killed backup leaves its (shared) lock file behind and no snapshot. The next backup still
// runs (shared locks do not conflict), but check and prune need an exclusive lock and fail LOCKED until
// `unlock` removes the stale lock; then check is clean. An abort through the AbortSignal sends SIGINT first,
// and restic then removes its own lock.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResticProgress } from '../../../server/modules/backup/backup.ports.js';
import { ResticError } from '../../../server/modules/backup/backup.restic.js';
import { makeRepo, rmrf, tempDir, type TestRepo } from '../../helpers/backup.js';

/** Our own restic child (parent pid = this process, command restic), not anyone else's. */
function ourRestic(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (m && m[1] === 'restic' && Number(m[2]) === process.pid) pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids;
}

async function backupKilledMidway(repo: TestRepo, src: string, how: 'SIGKILL' | 'abort'): Promise<{ err: unknown; seen: ResticProgress }> {
  const ctl = new AbortController();
  let seen: ResticProgress | null = null;
  const err = await repo.restic
    .backup(['data'], {
      cwd: src,
      tags: ['xiaoban'],
      host: 'box',
      signal: ctl.signal,
      onProgress: (p) => {
        if (seen || !p.bytesDone || !p.bytesTotal || p.bytesDone >= p.bytesTotal) return;
        seen = p;
        if (how === 'abort') ctl.abort();
        else for (const pid of ourRestic()) process.kill(pid, 'SIGKILL');
      },
    })
    .then(() => null, (e: unknown) => e);
  if (!seen) throw new Error('the backup finished before it could be interrupted; make the data bigger');
  return { err, seen };
}

describe('restic killed mid-backup', () => {
  let repo: TestRepo;
  let work: string;
  let src: string;
  const locks = () => readdirSync(path.join(repo.dir, 'locks'));

  beforeAll(async () => {
    work = tempDir('restic-kill');
    src = path.join(work, 'src');
    mkdirSync(path.join(src, 'data'), { recursive: true });
    // 96 MB of incompressible files: enough for restic to be caught half-way, small enough to stay quick.
    for (let i = 0; i < 12; i++) writeFileSync(path.join(src, 'data', `f${i}.bin`), randomBytes(8 * 1024 * 1024));
    repo = makeRepo(work);
    await repo.restic.init();
  });
  afterAll(async () => {
    await rmrf(work);
  });

  it('after kill -9: no snapshot, a stale lock; backups still run, check is LOCKED until unlock', async () => {
    const { err, seen } = await backupKilledMidway(repo, src, 'SIGKILL');
    expect(seen.bytesDone!).toBeLessThan(seen.bytesTotal!);
    expect(err).toBeInstanceOf(ResticError);
    expect((err as ResticError).code).toBe('FAILED');
    expect(ourRestic()).toEqual([]);
    expect(await repo.restic.snapshots()).toEqual([]);
    expect(locks()).toHaveLength(1); // left behind by the dead process

    // A following backup works despite the stale lock (both take shared locks).
    const s = await repo.restic.backup(['data'], { cwd: src, tags: ['xiaoban'], host: 'box' });
    expect(s.filesTotal).toBe(12);
    expect(await repo.restic.snapshots()).toHaveLength(1);

    // An exclusive operation is refused until the stale lock is removed.
    const locked = await repo.restic.check().catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(ResticError);
    expect((locked as ResticError).code).toBe('LOCKED');
    expect((locked as ResticError).stderr).toMatch(/repository is already locked by PID \d+/);

    await repo.restic.unlock();
    expect(locks()).toEqual([]);
    expect(await repo.restic.check({ readDataSubset: '1/1' })).toEqual({ ok: true, errors: [], readDataSubset: '1/1' });
    const again = await repo.restic.backup(['data'], { cwd: src, tags: ['xiaoban'], host: 'box' });
    expect(again.filesUnmodified).toBe(12);
  });

  it('an abort through the AbortSignal stops restic with SIGINT: CANCELLED, and restic removes its own lock', async () => {
    for (let i = 0; i < 12; i++) writeFileSync(path.join(src, 'data', `f${i}.bin`), randomBytes(8 * 1024 * 1024));
    const { err } = await backupKilledMidway(repo, src, 'abort');
    expect(err).toBeInstanceOf(ResticError);
    expect((err as ResticError).code).toBe('CANCELLED');
    expect(ourRestic()).toEqual([]);
    expect(locks()).toEqual([]);
    expect(await repo.restic.snapshots()).toHaveLength(2);
    expect((await repo.restic.check()).ok).toBe(true);
  });
});
