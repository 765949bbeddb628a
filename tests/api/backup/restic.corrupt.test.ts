// A damaged repository must be noticed: flip bytes inside one data pack, then `check --read-data-subset 1/1`
// names that pack, and a restore drill of the snapshot reports failure with the reason instead of passing.
import { randomBytes } from 'node:crypto';
import { openSync, readdirSync, readSync, statSync, writeSync, closeSync, chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDrill } from '../../../server/modules/backup/backup.drill.js';
import { BOX_PATHS, makeBox, makeRepo, rmrf, stageBox, tempDir, type TestBox, type TestRepo } from '../../helpers/backup.js';

function packs(repoDir: string): { id: string; file: string; size: number }[] {
  const out: { id: string; file: string; size: number }[] = [];
  const data = path.join(repoDir, 'data');
  for (const sub of readdirSync(data)) for (const id of readdirSync(path.join(data, sub))) {
    const file = path.join(data, sub, id);
    out.push({ id, file, size: statSync(file).size });
  }
  return out.sort((a, b) => b.size - a.size);
}

function flipBytes(file: string, at: number, n: number): void {
  chmodSync(file, 0o600); // restic writes packs read-only
  const fd = openSync(file, 'r+');
  try {
    const buf = Buffer.alloc(n);
    readSync(fd, buf, 0, n, at);
    for (let i = 0; i < n; i++) buf[i] = buf[i]! ^ 0xff;
    writeSync(fd, buf, 0, n, at);
  } finally {
    closeSync(fd);
  }
}

describe('a corrupted pack', () => {
  let box: TestBox;
  let repo: TestRepo;
  let work: string;
  let snapshotId: string;

  beforeAll(async () => {
    box = await makeBox([
      { name: '学籍档案.bin', data: randomBytes(300_000) },
      { name: '通知.txt', data: '明天下午三点开会' },
    ]);
    work = tempDir('restic-corrupt');
    repo = makeRepo(work);
    await repo.restic.init();
    await stageBox(box);
    snapshotId = (await repo.restic.backup(BOX_PATHS, { cwd: box.t.dir, tags: ['xiaoban'], host: 'box' })).snapshotId;
  });
  afterAll(async () => {
    await box.t.close();
    await rmrf(work);
  });

  it('is clean before, and the drill passes on the intact snapshot', async () => {
    expect(await repo.restic.check({ readDataSubset: '1/1' })).toEqual({ ok: true, errors: [], readDataSubset: '1/1' });
    const scratch = path.join(work, 'scratch');
    const report = await runDrill({ restic: repo.restic, snapshotId: 'latest', scratchDir: scratch, sampleBlobs: 10, fullBlobCheck: true });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.snapshotId).toBe(snapshotId);
    expect(report.blobsTotal).toBeGreaterThanOrEqual(2);
    expect(report.blobsChecked).toBe(report.blobsTotal);
    expect(report.tablesChecked).toBeGreaterThan(10);
    expect(report.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['restore', 'integrity_check', 'row_counts', 'blobs_present', 'blobs_sha256', 'tls']));
    expect(report.restoredBytes).toBeGreaterThan(300_000);
    expect(readdirSync(scratch)).toEqual([]); // the drill's folder is gone
  });

  it('check reads the data, fails and names the pack; the drill fails and says why', async () => {
    const [big] = packs(repo.dir); // the 300 kB random document lives in the largest pack
    flipBytes(big!.file, Math.floor(big!.size / 2), 64);

    const result = await repo.restic.check({ readDataSubset: '1/1' });
    expect(result.ok).toBe(false);
    expect(result.errors.join('\n')).toContain(big!.id);

    const logs: string[] = [];
    const scratch = path.join(work, 'scratch');
    const report = await runDrill({ restic: repo.restic, snapshotId: snapshotId.slice(0, 8), scratchDir: scratch, sampleBlobs: 10, fullBlobCheck: true, onLog: (l) => logs.push(l) });
    expect(report.ok).toBe(false);
    const failed = report.checks.filter((c) => !c.ok);
    expect(failed.map((c) => c.name)).toContain('restore');
    expect(failed.find((c) => c.name === 'restore')!.detail).toMatch(/^CORRUPT: .*ciphertext verification failed/);
    // What came back is verified anyway: the damaged document is missing or does not hash to its name.
    expect(failed.some((c) => c.name === 'blobs_sha256' || c.name === 'blobs_present')).toBe(true);
    expect(logs.join('\n')).toMatch(/drill check restore failed/);
    expect(readdirSync(scratch)).toEqual([]);
    expect(existsSync(scratch)).toBe(true);
  });
});
