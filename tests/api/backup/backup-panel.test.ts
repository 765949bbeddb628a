// The backup panel's API against a real restic repository on a local folder (the "USB disk").
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createStaff, expectProblem, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { FakeClock } from '../../../server/lib/clock.js';
import { offsiteDir, setupLocalTarget, startRun, waitRun } from '../../helpers/backup-panel.js';
import { spacesOf, uploadFile } from '../../helpers/files.js';
import type { BackupOverview, DrillReport, RunDetail, SnapshotFolder, SnapshotList } from '../../../server/modules/backup/backup.dto.js';

describe('backup panel (real restic, local target)', { timeout: 120_000 }, () => {
  let t: TestApp;
  let admin: string;
  let repo: string;
  let password: string;

  beforeAll(async () => {
    t = await makeApp();
    admin = await setupSchool(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('belongs to admins and IT only, and says when nothing is set up', async () => {
    const staff = await createStaff(t.app, admin, { username: 'teacher1', displayName: '李老师' });
    const denied = await t.app.inject({ method: 'GET', url: '/api/admin/backup', headers: { cookie: staff.cookie } });
    expectProblem(denied, 403, 'FORBIDDEN');
    const ov = (await t.app.inject({ method: 'GET', url: '/api/admin/backup', headers: { cookie: admin } })).json() as BackupOverview;
    expect(ov.configured).toBe(false);
    expect(ov.resticVersion).toMatch(/^0\.\d+/);
    const run = await t.app.inject({ method: 'POST', url: '/api/admin/backup/runs', headers: { cookie: admin }, payload: { kind: 'backup' } });
    expectProblem(run, 409, 'BACKUP_NOT_CONFIGURED');
  });

  it('refuses targets that cannot work, with a clear problem', async () => {
    const put = (payload: Record<string, unknown>) => t.app.inject({ method: 'PUT', url: '/api/admin/backup/target', headers: { cookie: admin }, payload });
    expectProblem(await put({ kind: 'local', path: 'relative/dir' }), 400, 'VALIDATION_FAILED');
    expectProblem(await put({ kind: 'local' }), 400, 'BACKUP_BAD_TARGET');
    expectProblem(await put({ kind: 'local', path: path.join(t.dir, 'backup-inside') }), 400, 'BACKUP_BAD_TARGET');
    expectProblem(await put({ kind: 'local', path: '/nonexistent-usb-disk/xiaoban' }), 400, 'BACKUP_BAD_TARGET');
    expectProblem(await put({ kind: 'sftp', host: 'nas' }), 400, 'BACKUP_BAD_TARGET');
    expectProblem(await put({ kind: 'local', path: '/tmp/x', extra: 1 }), 400, 'VALIDATION_FAILED');
  });

  it('sets up a repository, keeps the password in a private file and shows it once', async () => {
    const setup = await setupLocalTarget(t.app, admin);
    repo = setup.repo;
    expect(setup.sheet).not.toBeNull();
    password = setup.sheet!.password;
    expect(password).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){5}$/);
    expect(setup.sheet!.school).toBe('测试中学');
    expect(setup.status.reachable).toBe(true);
    expect(setup.status.freeBytes).toBeGreaterThan(0);
    expect(existsSync(path.join(repo, 'config'))).toBe(true);
    const pwFile = path.join(t.dir, 'backup', 'restic.pass');
    expect(readFileSync(pwFile, 'utf8').trim()).toBe(password);
    expect(statSync(pwFile).mode & 0o777).toBe(0o600);
    // The overview never shows the password again.
    const ov = await t.app.inject({ method: 'GET', url: '/api/admin/backup', headers: { cookie: admin } });
    expect(ov.body).not.toContain(password);
    expect((ov.json() as BackupOverview).target).toMatchObject({ kind: 'local', label: repo });
  });

  it('will not init over an existing repository, and connects to it with the right password only', async () => {
    const other = await makeApp();
    try {
      const cookie = await setupSchool(other.app);
      const put = (payload: Record<string, unknown>) => other.app.inject({ method: 'PUT', url: '/api/admin/backup/target', headers: { cookie }, payload });
      expectProblem(await put({ kind: 'local', path: repo }), 409, 'RESTIC_ALREADY_INITIALISED');
      expectProblem(await put({ kind: 'local', path: repo, existingPassword: 'not-the-password' }), 400, 'RESTIC_WRONG_PASSWORD');
      const ok = await put({ kind: 'local', path: repo, existingPassword: password });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ sheet: null, status: { reachable: true } });
    } finally {
      await other.close();
    }
  });

  it('backs up now: a snapshot tagged with app and schema version, history with its log', async () => {
    const { personal } = await spacesOf(t.app, admin);
    await uploadFile(t.app, admin, { parentId: personal.id, name: '课程表.txt', data: '星期一 语文 数学\n'.repeat(200) });
    const run = await startRun(t.app, admin, 'backup');
    expect(run.status, run.log).toBe('succeeded');
    expect(run.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(run.bytesAdded).toBeGreaterThan(0);
    expect(run.log).toMatch(/integrity ok/);
    const snaps = (await t.app.inject({ method: 'GET', url: '/api/admin/backup/snapshots', headers: { cookie: admin } })).json() as SnapshotList;
    expect(snaps.items[0]).toMatchObject({ id: run.snapshotId, reason: 'manual', appVersion: expect.any(String), schemaVersion: '0012_backup', runId: run.id });
    // Nothing of the live WAL went in: the staging dir holds exactly the copy and its manifest.
    expect(readdirSync(path.join(t.dir, 'backup', 'staging')).sort()).toEqual(['manifest.json', 'xiaoban.sqlite']);
    const history = (await t.app.inject({ method: 'GET', url: '/api/admin/backup/runs?kind=backup', headers: { cookie: admin } })).json() as { items: { id: string }[] };
    expect(history.items.map((r) => r.id)).toContain(run.id);
  });

  it('runs one task at a time', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/api/admin/backup/runs', headers: { cookie: admin }, payload: { kind: 'backup' } });
    expect(first.statusCode).toBe(202);
    const second = await t.app.inject({ method: 'POST', url: '/api/admin/backup/runs', headers: { cookie: admin }, payload: { kind: 'drill' } });
    expectProblem(second, 409, 'BACKUP_BUSY');
    const done = await waitRun(t.app, admin, (first.json() as { id: string }).id);
    expect(done.status, done.log).toBe('succeeded');
    // Unchanged data: restic stores (almost) nothing new.
    expect(done.filesNew).toBe(0);
  });

  it('checks the repository and drills a restore with a report', async () => {
    const check = await startRun(t.app, admin, 'check');
    expect(check.status, check.log).toBe('succeeded');
    const drill = await startRun(t.app, admin, 'drill');
    expect(drill.status, drill.log).toBe('succeeded');
    const report = drill.report as DrillReport;
    expect(report.ok).toBe(true);
    expect(report.fullBlobCheck).toBe(true); // the first drill of the month reads every blob
    expect(report.blobsChecked).toBe(report.blobsTotal);
    expect(report.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['integrity_check', 'row_counts']));
    // Scratch space is cleaned up.
    expect(readdirSync(path.join(t.dir, 'backup', 'scratch')).filter((f) => !f.startsWith('browse-'))).toEqual([]);
  });

  it('takes database snapshots on the box and keeps the newest', async () => {
    await t.app.services.backup.savePolicy({ ...t.app.services.backup.store.policy(), dbSnapshotsKept: 2 }, 'x');
    for (let i = 0; i < 3; i++) {
      const run = await t.app.services.backup.start('db-snapshot', 'cli', null, true);
      expect(run.status).toBe('succeeded');
      t.clock.advance(60_000);
    }
    const ov = (await t.app.inject({ method: 'GET', url: '/api/admin/backup', headers: { cookie: admin } })).json() as BackupOverview;
    expect(ov.dbSnapshots).toHaveLength(2);
    expect(ov.lastDbSnapshot?.status).toBe('succeeded');
  });

  it('tells IT when a backup fails (the disk is gone), and the run says why', async () => {
    const moved = `${repo}.unplugged`;
    const fs = await import('node:fs/promises');
    await fs.rename(repo, moved);
    try {
      const run = await startRun(t.app, admin, 'backup');
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/UNREACHABLE|NOT_A_REPOSITORY/);
      const inbox = await t.app.inject({ method: 'GET', url: '/api/inbox', headers: { cookie: admin } });
      expect(inbox.body).toContain('备份失败');
      const status = (await t.app.inject({ method: 'POST', url: '/api/admin/backup/target/test', headers: { cookie: admin } })).json() as { reachable: boolean; code: string };
      expect(status.reachable).toBe(false);
    } finally {
      await fs.rename(moved, repo);
    }
  });

  it('answers problems for unknown runs and snapshots', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/admin/backup/runs/00000000000000000000000000', headers: { cookie: admin } }), 404, 'BACKUP_RUN_NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/admin/backup/runs/nope', headers: { cookie: admin } }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/admin/backup/snapshots/deadbeef/documents', headers: { cookie: admin } }), 404, 'BACKUP_SNAPSHOT_NOT_FOUND');
    const badConfirm = await t.app.inject({ method: 'POST', url: '/api/admin/backup/snapshots/latest/restore-box', headers: { cookie: admin }, payload: { confirm: '别的学校' } });
    expectProblem(badConfirm, 400, 'BACKUP_CONFIRM_MISMATCH');
  });
});

describe('whole-box restore from the panel', { timeout: 180_000 }, () => {
  it('restores into maintenance, keeps a pre-restore snapshot, swaps at restart, and everyone signs in as before', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xb-restore-'));
    let restarts = 0;
    const first = await makeApp({ dir, overrides: { onRestartRequested: () => restarts++ } });
    let second: TestApp | null = null;
    try {
      const admin = await setupSchool(first.app);
      const { personal } = await spacesOf(first.app, admin);
      const content = Buffer.from('学生名单 2026\n'.repeat(5000));
      const up = await uploadFile(first.app, admin, { parentId: personal.id, name: '名单.txt', data: content });
      await setupLocalTarget(first.app, admin, offsiteDir());
      const backup = await startRun(first.app, admin, 'backup');
      expect(backup.status, backup.log).toBe('succeeded');

      // After the snapshot: a new person and a new file, which the restore takes back out.
      await createStaff(first.app, admin, { username: 'late', displayName: '后来者' });
      await uploadFile(first.app, admin, { parentId: personal.id, name: '之后.txt', data: 'after' });

      const res = await first.app.inject({ method: 'POST', url: `/api/admin/backup/snapshots/${backup.snapshotId!.slice(0, 8)}/restore-box`, headers: { cookie: admin }, payload: { confirm: '测试中学' } });
      expect(res.statusCode).toBe(202);
      const runId = (res.json() as { id: string }).id;
      // In maintenance, writes are refused with a problem and Retry-After (reads of the panel still work).
      let sawMaintenance = false;
      for (let i = 0; i < 200 && !sawMaintenance; i++) {
        const w = await first.app.inject({ method: 'POST', url: '/api/files/folders', headers: { cookie: admin }, payload: { parentId: personal.id, name: 'x' } });
        if (w.statusCode === 503) {
          expectProblem(w, 503, 'MAINTENANCE');
          expect(w.headers['retry-after']).toBe('30');
          sawMaintenance = true;
        } else await new Promise((r) => setTimeout(r, 20));
      }
      const run = await waitRun(first.app, admin, runId);
      expect(run.status, run.log).toBe('succeeded');
      expect(sawMaintenance).toBe(true);
      expect(run.log).toMatch(/pre-restore snapshot/);
      for (let i = 0; i < 100 && restarts === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(restarts).toBe(1);
      expect(existsSync(path.join(dir, 'backup', 'pending-restore.json'))).toBe(true);
      await first.close();

      // The restart: buildApp swaps the verified data in before it opens the database.
      second = await makeApp({ dir });
      const login = await second.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: ADMIN.username, password: ADMIN.password } });
      expect(login.statusCode).toBe(200);
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      expect(second.app.services.org.userByUsername('late')).toBeUndefined();
      const got = await second.app.inject({ method: 'GET', url: `/api/files/nodes/${up.node.id}/content`, headers: { cookie } });
      expect(createHash('sha256').update(got.rawPayload).digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
      const restored = second.app.services.backup.run(runId) as RunDetail;
      expect(restored).toMatchObject({ kind: 'restore-full', status: 'succeeded', snapshotId: backup.snapshotId });
      const snaps = (await second.app.inject({ method: 'GET', url: '/api/admin/backup/snapshots', headers: { cookie } })).json() as SnapshotList;
      expect(snaps.items.map((s) => s.reason)).toContain('pre-restore');
      expect(second.app.services.backup.overview().configured).toBe(true);
    } finally {
      await second?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('restore a deleted folder from a snapshot (panel)', { timeout: 120_000 }, () => {
  it('browses the snapshot, shows the folder as deleted, restores it whole with every sha256 intact', async () => {
    const t = await makeApp();
    try {
      const admin = await setupSchool(t.app);
      const { school } = await spacesOf(t.app, admin);
      const folder = (await t.app.inject({ method: 'POST', url: '/api/files/folders', headers: { cookie: admin }, payload: { parentId: school!.id, name: '2026 招生' } })).json() as { id: string };
      const hashes = new Map<string, string>();
      for (let i = 0; i < 5; i++) {
        const data = Buffer.from(`报名表 ${i}\n`.repeat(300 + i));
        await uploadFile(t.app, admin, { parentId: folder.id, name: `报名表${i}.txt`, data });
        hashes.set(`报名表${i}.txt`, createHash('sha256').update(data).digest('hex'));
      }
      await setupLocalTarget(t.app, admin);
      const backup = await startRun(t.app, admin, 'backup');
      expect(backup.status, backup.log).toBe('succeeded');

      // Deleted and emptied from the bin: only the backup still has it.
      expect((await t.app.inject({ method: 'DELETE', url: `/api/files/nodes/${folder.id}`, headers: { cookie: admin } })).statusCode).toBeLessThan(300);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/files/trash/${folder.id}`, headers: { cookie: admin } })).statusCode).toBeLessThan(300);
      expect((await t.app.inject({ method: 'GET', url: `/api/files/nodes/${folder.id}`, headers: { cookie: admin } })).statusCode).toBe(404);

      const top = (await t.app.inject({ method: 'GET', url: `/api/admin/backup/snapshots/${backup.snapshotId}/documents`, headers: { cookie: admin } })).json() as SnapshotFolder;
      const space = top.entries.find((e) => e.id === school!.id)!;
      expect(space).toBeDefined();
      const inSpace = (await t.app.inject({ method: 'GET', url: `/api/admin/backup/snapshots/${backup.snapshotId}/documents?folderId=${space.id}`, headers: { cookie: admin } })).json() as SnapshotFolder;
      expect(inSpace.entries.find((e) => e.id === folder.id)).toMatchObject({ name: '2026 招生', kind: 'folder', existsNow: false });

      const bad = await t.app.inject({ method: 'POST', url: `/api/admin/backup/snapshots/${backup.snapshotId}/restore-documents`, headers: { cookie: admin }, payload: { nodeIds: ['00000000000000000000000000'] } });
      expectProblem(bad, 404, 'SNAPSHOT_NODE_NOT_FOUND');
      const res = await t.app.inject({ method: 'POST', url: `/api/admin/backup/snapshots/${backup.snapshotId}/restore-documents`, headers: { cookie: admin }, payload: { nodeIds: [folder.id] } });
      expect(res.statusCode).toBe(202);
      const run = await waitRun(t.app, admin, (res.json() as { id: string }).id);
      expect(run.status, run.log).toBe('succeeded');
      expect(run.report).toMatchObject({ files: 5, restored: [{ id: folder.id, mode: 'recreated' }] });

      const list = (await t.app.inject({ method: 'GET', url: `/api/files/folders/${folder.id}`, headers: { cookie: admin } }));
      expect(list.statusCode, list.body).toBe(200);
      const items = (list.json() as { items: { id: string; name: string }[] }).items;
      expect(items.map((i) => i.name).sort()).toEqual([...hashes.keys()].sort());
      for (const item of items) {
        const got = await t.app.inject({ method: 'GET', url: `/api/files/nodes/${item.id}/content`, headers: { cookie: admin } });
        expect(createHash('sha256').update(got.rawPayload).digest('hex')).toBe(hashes.get(item.name));
      }
    } finally {
      await t.close();
    }
  });
});

describe('backup in /api/health', { timeout: 120_000 }, () => {
  it('is ok without a target, degraded when the off-site copy is stale or a drill failed', async () => {
    const t = await makeApp();
    try {
      const admin = await setupSchool(t.app);
      const health = async () => ((await t.app.inject({ method: 'GET', url: '/api/health' })).json() as { checks: Record<string, { status: string; detail?: string }> }).checks.backup!;
      expect(await health()).toMatchObject({ status: 'ok', configured: false });
      const setup = await setupLocalTarget(t.app, admin);
      expect((await health()).status).toBe('ok'); // just set up: nothing is stale yet
      t.clock.advance(27 * 3_600_000);
      expect(await health()).toMatchObject({ status: 'degraded', detail: 'no off-site backup has succeeded yet' });
      const run = await startRun(t.app, admin, 'backup');
      expect(run.status, run.log).toBe('succeeded');
      expect((await health()).status).toBe('ok');
      // The disk is emptied under the box: the drill fails, health says so and IT is told.
      rmSync(setup.repo, { recursive: true, force: true });
      const drill = await startRun(t.app, admin, 'drill');
      expect(drill.status).toBe('failed');
      expect(await health()).toMatchObject({ status: 'degraded', detail: expect.stringMatching(/restore drill failed/) });
      t.clock.advance(27 * 3_600_000);
      expect(await health()).toMatchObject({ status: 'degraded', detail: expect.stringMatching(/27 hours ago/) });
    } finally {
      await t.close();
    }
  });
});

describe('the schedule (runDue, as the timers call it)', { timeout: 180_000 }, () => {
  it('runs what is due once: db snapshot, daily backup + retention, weekly check + drill; then nothing until the next slot', async () => {
    const clock = new FakeClock(new Date('2026-11-29T12:00:00Z')); // 20:00 in Shanghai, a Sunday
    const t = await makeApp({ clock });
    try {
      const admin = await setupSchool(t.app);
      await setupLocalTarget(t.app, admin);
      const first = await t.app.services.backup.runDue();
      expect(first.map((r) => `${r.kind}:${r.status}`)).toEqual(['db-snapshot:succeeded', 'backup:succeeded', 'prune:succeeded', 'check:succeeded', 'drill:succeeded']);
      expect(first[1]!.trigger).toBe('schedule');
      expect(await t.app.services.backup.runDue()).toEqual([]);
      clock.advance(15 * 60_000);
      expect((await t.app.services.backup.runDue()).map((r) => r.kind)).toEqual(['db-snapshot']);
      // Past 02:30 the next morning: the daily backup again (and its retention), not the weekly round.
      clock.set(new Date('2026-11-29T18:45:00Z'));
      expect((await t.app.services.backup.runDue()).map((r) => r.kind)).toEqual(['db-snapshot', 'backup', 'prune']);
      // restic dates snapshots by the real clock: both fell on one day, and keep-daily keeps one per day.
      const snaps = await t.app.services.backup.snapshots();
      expect(snaps.map((s) => s.reason)).toEqual(['daily']);
    } finally {
      await t.close();
    }
  });
});
