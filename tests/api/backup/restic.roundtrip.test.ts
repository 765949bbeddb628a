// A real box through real restic 0.14: init, back up the staged database + blobs + TLS, restore elsewhere and
// compare every byte; the snapshot's inner layout; an incremental run; and how restic's failures are sorted.
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResticProgress } from '../../../server/modules/backup/backup.ports.js';
import { EXCLUDE_FILE } from '../../../server/modules/backup/backup.full-restore.js';
import { createRestic, ResticError } from '../../../server/modules/backup/backup.restic.js';
import { BOX_PATHS, makeBox, makeRepo, rmrf, stageBox, tempDir, TOOL_ENV, treeHashes, type TestBox, type TestRepo } from '../../helpers/backup.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ResticError) return err.code;
    throw err;
  }
  throw new Error('expected a ResticError, the call succeeded');
}

describe('restic round trip', () => {
  let box: TestBox;
  let repo: TestRepo;
  let work: string;
  let firstId: string;

  beforeAll(async () => {
    box = await makeBox([
      { name: '课程表.txt', data: '周一 语文 数学\n'.repeat(200) },
      { name: '教师名单.csv', data: '姓名,学科\n王老师,语文\n' },
      { name: '校历.bin', data: Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251)) },
    ]);
    work = tempDir('restic-rt');
    repo = makeRepo(work);
  });
  afterAll(async () => {
    await box.t.close();
    await rmrf(work);
  });

  it('backs up a staged box and restores it byte for byte, with the short paths inside the snapshot', async () => {
    expect(await repo.restic.version()).toMatch(/^0\.\d+\.\d+/);
    await repo.restic.init();
    await repo.restic.probe();
    const { manifest } = await stageBox(box);
    expect(manifest.blobs.count).toBeGreaterThanOrEqual(3);

    const progress: ResticProgress[] = [];
    const tags = ['xiaoban', `app:${manifest.appVersion}`, `schema:${manifest.schemaVersion}`];
    const summary = await repo.restic.backup(BOX_PATHS, { cwd: box.t.dir, tags, host: 'xiaoban-box', onProgress: (p) => progress.push(p) });
    firstId = summary.snapshotId;
    expect(firstId).toMatch(/^[0-9a-f]{64}$/);
    const source = treeHashes(box.t.dir, BOX_PATHS);
    expect(summary.filesNew).toBe(Object.keys(source).length);
    expect(summary.filesChanged).toBe(0);
    expect(summary.filesTotal).toBe(Object.keys(source).length);
    expect(summary.bytesAdded).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.filesTotal).toBe(Object.keys(source).length);

    const snaps = await repo.restic.snapshots();
    expect(snaps.map((s) => s.id)).toEqual([firstId]);
    expect(snaps[0]!.tags).toEqual(expect.arrayContaining(['xiaoban', 'app:1.4.0', `schema:${manifest.schemaVersion}`]));
    expect(manifest.schemaVersion).toMatch(/^\d{4}_/);
    expect(snaps[0]!.hostname).toBe('xiaoban-box');
    // The snapshot records absolute source paths, but its tree starts at the relative names given.
    expect(snaps[0]!.paths).toEqual(expect.arrayContaining(BOX_PATHS.map((p) => path.join(box.t.dir, p))));
    expect(await repo.restic.snapshots({ tags: ['xiaoban', 'app:1.4.0'] })).toHaveLength(1);
    expect(await repo.restic.snapshots({ tags: ['app:9.9.9'] })).toHaveLength(0);

    const out = path.join(work, 'restored');
    await repo.restic.restore(firstId, out);
    expect(readdirSync(out).sort()).toEqual(['backup', 'blobs', 'tls']);
    expect(treeHashes(out)).toEqual(source);
    expect(existsSync(path.join(out, 'backup/staging/xiaoban.sqlite-wal'))).toBe(false);

    // One file out of a snapshot by its inner path (what a restore of the database alone does).
    const dumped = path.join(work, 'dump', 'manifest.json');
    await repo.restic.dump(firstId.slice(0, 8), '/backup/staging/manifest.json', dumped);
    expect(JSON.parse(readFileSync(dumped, 'utf8'))).toEqual(manifest);

    // include: only the TLS folder
    const tlsOnly = path.join(work, 'tls-only');
    await repo.restic.restore(firstId, tlsOnly, { include: ['/tls'] });
    expect(readdirSync(tlsOnly)).toEqual(['tls']);
    // restic 0.14 repositories (format 2) compress: the patterned file takes far less than its size.
    const stored = await repo.restic.repositoryBytes();
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(summary.bytesTotal);
  });

  it('a second run with one changed file stores little and counts one change', async () => {
    writeFileSync(path.join(box.t.dir, 'tls', 'cert.pem'), 'renewed certificate\n');
    const s = await repo.restic.backup(BOX_PATHS, { cwd: box.t.dir, tags: ['xiaoban'], host: 'xiaoban-box' });
    expect(s.filesChanged).toBe(1);
    expect(s.filesNew).toBe(0);
    expect(s.filesUnmodified).toBe(s.filesTotal - 1);
    expect(s.bytesAdded).toBeLessThan(16 * 1024);
    expect(s.bytesAdded).toBeLessThan(s.bytesTotal / 4);
    expect((await repo.restic.snapshots()).map((x) => x.id)).toEqual([firstId, s.snapshotId]);
  });

  it('a failed dump leaves the destination alone', async () => {
    const dest = path.join(work, 'dump2', 'db.sqlite');
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, 'previous');
    expect(await codeOf(repo.restic.dump(firstId, '/backup/staging/nothing-here', dest))).toBe('FAILED');
    expect(readFileSync(dest, 'utf8')).toBe('previous');
    expect(readdirSync(path.dirname(dest))).toEqual(['db.sqlite']);
  });

  it('the excludes drop only files below the data dir, even when a parent folder matches a pattern (…/x.tmp/data)', async () => {
    // restic matches unanchored patterns against the absolute path: "*.tmp" used to match the parent folder
    // e2e.tmp and turn the whole backup into an empty "success".
    const data = path.join(work, 'e2e.tmp', 'da[t]a');
    const put = (rel: string, body: string) => (mkdirSync(path.dirname(path.join(data, rel)), { recursive: true }), writeFileSync(path.join(data, rel), body));
    put('backup/staging/xiaoban.sqlite', 'db');
    put('backup/staging/xiaoban.sqlite-wal', 'wal');
    put('blobs/ab/cd/abcd', 'blob');
    put('blobs/tmp/upload-part', 'half');
    put('blobs/ab/cd/write.tmp', 'half');
    const own = makeRepo(path.join(work, 'excl')); // its own repository: the retention test below counts snapshots
    await own.restic.init();
    const summary = await own.restic.backup(['backup/staging', 'blobs'], { cwd: data, tags: ['excludes'], host: 'xiaoban-box', excludeFile: EXCLUDE_FILE });
    const out = path.join(work, 'excl-out');
    await own.restic.restore(summary.snapshotId, out);
    expect(Object.keys(treeHashes(out)).sort()).toEqual(['backup/staging/xiaoban.sqlite', 'blobs/ab/cd/abcd']);
  });

  it('sorts failures: wrong password, missing folder, empty folder, initialised twice, no restic, missing source', async () => {
    const wrong = makeRepo(path.join(work, 'wrong'), { repository: repo.dir, password: 'not the password' });
    expect(await codeOf(wrong.restic.probe())).toBe('WRONG_PASSWORD');
    expect(await codeOf(wrong.restic.snapshots())).toBe('WRONG_PASSWORD');

    // A folder that is not there (a USB disk not mounted) is UNREACHABLE; one that is there but empty is NOT_A_REPOSITORY.
    const missing = makeRepo(path.join(work, 'missing'), { repository: path.join(work, 'no-such-disk', 'xiaoban') });
    expect(await codeOf(missing.restic.probe())).toBe('UNREACHABLE');
    const emptyDir = path.join(work, 'empty-disk');
    mkdirSync(emptyDir);
    const empty = makeRepo(path.join(work, 'empty'), { repository: emptyDir });
    expect(await codeOf(empty.restic.probe())).toBe('NOT_A_REPOSITORY');

    const err = await repo.restic.init().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResticError);
    expect((err as ResticError).code).toBe('ALREADY_INITIALISED');
    expect((err as ResticError).stderr).toMatch(/config file already exists/);

    const noBin = createRestic({ bin: '/nonexistent/restic', target: repo.target, toolEnv: TOOL_ENV });
    expect(await codeOf(noBin.version())).toBe('RESTIC_MISSING');
    const noBinPlain = createRestic({ bin: '/nonexistent/restic', target: repo.target, toolEnv: TOOL_ENV, lowPriority: false });
    expect(await codeOf(noBinPlain.version())).toBe('RESTIC_MISSING');

    // restic itself would skip a missing path and exit 0; we refuse before starting.
    expect(await codeOf(repo.restic.backup(['blobs', 'config'], { cwd: box.t.dir, tags: [], host: 'x' }))).toBe('FAILED');
    expect(await codeOf(repo.restic.backup(['../etc'], { cwd: box.t.dir, tags: [], host: 'x' }))).toBe('FAILED');
  });

  it('a file restic cannot read makes the backup PARTIAL (exit 3), not a success', async () => {
    // Root reads everything, so restic runs as nobody through a wrapper and meets a file only root may read.
    const base = path.join(work, 'partial');
    const src = path.join(base, 'src');
    mkdirSync(path.join(src, 'docs'), { recursive: true });
    writeFileSync(path.join(src, 'docs', 'ok.txt'), 'readable');
    writeFileSync(path.join(src, 'docs', 'secret.txt'), 'root only');
    chmodSync(path.join(src, 'docs', 'secret.txt'), 0o600);
    const wrapper = path.join(base, 'restic-as-nobody');
    writeFileSync(wrapper, '#!/bin/sh\nexec /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/restic "$@"\n', { mode: 0o755 });
    const r = makeRepo(path.join(base, 'r'), { bin: wrapper });
    for (const p of [base, src, path.join(src, 'docs'), path.join(src, 'docs', 'ok.txt'), path.join(base, 'r'), r.target.passwordFile]) chownSync(p, 65534, 65534);
    chmodSync(work, 0o755); // mkdtemp made it 0700: nobody must be able to walk in
    chmodSync(base, 0o755);
    await r.restic.init();
    const logs: string[] = [];
    const err = await r.restic.backup(['docs'], { cwd: src, tags: [], host: 'x', onLog: (l) => logs.push(l) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResticError);
    expect((err as ResticError).code).toBe('PARTIAL');
    expect((err as ResticError).exitCode).toBe(3);
    expect((err as ResticError).snapshotId).toMatch(/^[0-9a-f]{8}$/);
    expect((err as ResticError).message).toContain('secret.txt');
    expect(logs.join('\n')).toContain('secret.txt');
  });

  it('forget --prune keeps the policy and tagged snapshots', async () => {
    const pre = await repo.restic.backup(['tls'], { cwd: box.t.dir, tags: ['xiaoban', 'pre-restore'], host: 'xiaoban-box' });
    const before = (await repo.restic.snapshots()).map((x) => x.id);
    expect(before).toHaveLength(3);
    const logs: string[] = [];
    // All three are from today: keep-daily 1 keeps the newest of the day, keep-tag keeps the pre-restore one.
    const { removed } = await repo.restic.forget({ keepDaily: 1, keepWeekly: 0, keepMonthly: 0, keepTags: ['pre-restore'] }, { onLog: (l) => logs.push(l) });
    const after = (await repo.restic.snapshots()).map((x) => x.id);
    expect(after).toContain(pre.snapshotId);
    expect(removed.length).toBeGreaterThan(0);
    expect([...after, ...removed].sort()).toEqual([...before].sort());
    expect(removed).toContain(firstId);
    expect(await repo.restic.check()).toEqual({ ok: true, errors: [], readDataSubset: null });
  });
});
