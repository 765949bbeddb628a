// The backup disk fills up: the repository lives on a 24 MB tmpfs and the backup is bigger. restic must fail
// (NO_SPACE, never a success), leave no snapshot, and the repository stays readable.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResticError } from '../../../server/modules/backup/backup.restic.js';
import { makeRepo, rmrf, tempDir, type TestRepo } from '../../helpers/backup.js';

const work = tempDir('restic-full');
const mnt = path.join(work, 'usb');
mkdirSync(mnt);
let mountError: string | null = null;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mnt], { stdio: 'pipe' });
} catch (err) {
  mountError = String((err as { stderr?: Buffer }).stderr ?? err).trim();
}
if (mountError) console.warn(`restic.disk-full: skipped — cannot mount a tmpfs here (${mountError}); the test needs root`);

describe.skipIf(mountError !== null)('restic on a full disk', () => {
  let repo: TestRepo;
  let src: string;

  beforeAll(async () => {
    src = path.join(work, 'src');
    mkdirSync(path.join(src, 'blobs'), { recursive: true });
    for (let i = 0; i < 5; i++) writeFileSync(path.join(src, 'blobs', `doc${i}.bin`), randomBytes(8 * 1024 * 1024));
    // The cache and password file stay off the small disk: only the repository fills it.
    repo = makeRepo(path.join(work, 'box'), { repository: path.join(mnt, 'xiaoban') });
    await repo.restic.init();
  });
  afterAll(async () => {
    try {
      execFileSync('umount', [mnt], { stdio: 'pipe' });
    } finally {
      await rmrf(work);
    }
  });

  it('fails with NO_SPACE and lists no snapshot; a small backup still works after space is freed', async () => {
    const err = await repo.restic.backup(['blobs'], { cwd: src, tags: ['xiaoban'], host: 'box' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResticError);
    expect((err as ResticError).code).toBe('NO_SPACE');
    expect((err as ResticError).message).toMatch(/no space left on device/);
    expect(await repo.restic.snapshots()).toEqual([]);

    // The repository is still sound: restic removed its lock, the half-written packs are only unreferenced
    // extra files (check calls them non-critical), and it reads back.
    expect(await repo.restic.check()).toEqual({ ok: true, errors: [], readDataSubset: null });
    // Space freed (another disk, or prune): a backup goes through and is listed.
    execFileSync('mount', ['-o', 'remount,size=96m', mnt], { stdio: 'pipe' });
    const s = await repo.restic.backup(['blobs'], { cwd: src, tags: ['xiaoban'], host: 'box' });
    expect(s.filesTotal).toBe(5);
    expect((await repo.restic.snapshots()).map((x) => x.id)).toEqual([s.snapshotId]);
  });
});
