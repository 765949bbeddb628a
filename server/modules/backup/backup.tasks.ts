// The backup tasks themselves — what each run does between "started" and "finished": stage and back up,
// snapshot the database on the box, check, apply retention, drill, restore documents, stage a whole-box
// restore. The service (backup.service.ts) runs them one at a time with a log, progress and a history row.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DrillReport } from './backup.dto.js';
import { BackupErrors } from './backup.errors.js';
import type { ResticPort, ResticProgress } from './backup.ports.js';
import { ResticError } from './backup.restic.js';
import type { RunResult, RunsRepo } from './backup.runs.js';
import { monthStart, readDataSubsetFor } from './backup.schedule.js';
import { stageDatabase } from './backup.stage.js';
import { runDrill, verifyRestoredTree } from './backup.drill.js';
import type { StoredTarget, TargetStore } from './backup.target.js';
import { APPLIANCE_ENV_FILE, EXCLUDE_FILE, SNAPSHOT_PATHS, flushToDisk, latestSchema, writePendingRestore, type PendingRestore } from './backup.full-restore.js';
import type { BackupDeps } from './backup.service.js';

export interface RunContext {
  runId: string;
  log(line: string): void;
  progress(phase: string, p?: Partial<ResticProgress>): void;
  signal: AbortSignal;
}

export interface TaskDeps {
  d: BackupDeps;
  store: TargetStore;
  runs: RunsRepo;
  restic: (target?: StoredTarget | null) => ResticPort;
  refreshStatus: (r?: ResticPort) => Promise<unknown>;
  setMaintenance: (on: boolean) => void;
}

export function createBackupTasks(t: TaskDeps) {
  const { d, store, runs } = t;
  const p = store.paths;
  const now = () => d.clock.now();
  const restic = () => t.restic();
  const refreshStatus = t.refreshStatus;

  function findExcludeFile(): string | undefined {
    return existsSync(EXCLUDE_FILE) ? EXCLUDE_FILE : undefined;
  }

  async function backupBody(ctx: RunContext, reason: 'daily' | 'manual' | 'pre-restore' | 'pre-upgrade'): Promise<RunResult> {
    const r = restic();
    ctx.progress('staging');
    ctx.log('staging a consistent copy of the database (SQLite online backup) …');
    rmSync(p.stagingDir, { recursive: true, force: true });
    mkdirSync(p.stagingDir, { recursive: true });
    const configCopied = copyConfig(path.join(p.stagingDir, 'config'));
    const staged = await stageDatabase({
      sqlite: d.sqlite, stagingDir: p.stagingDir, appVersion: d.appVersion, school: d.schoolName() || null,
      extraPaths: [...SNAPSHOT_PATHS.filter((x) => x !== 'backup/staging' && existsSync(path.join(d.dataDir, x))), ...(configCopied ? ['backup/staging/config'] : [])],
    });
    ctx.log(`database staged: integrity ok, ${Object.keys(staged.manifest.tables).length} tables, schema ${staged.manifest.schemaVersion}, ${staged.manifest.blobs.count} blobs`);
    const paths = SNAPSHOT_PATHS.filter((x) => existsSync(path.join(d.dataDir, x)));
    ctx.progress('uploading');
    const summary = await r.backup(paths, {
      cwd: d.dataDir, host: 'xiaoban', excludeFile: findExcludeFile(),
      tags: [`app:${d.appVersion}`, `schema:${staged.manifest.schemaVersion}`, `reason:${reason}`],
      onProgress: (pr) => ctx.progress('uploading', pr), onLog: ctx.log, signal: ctx.signal,
    });
    ctx.log(`snapshot ${summary.snapshotId.slice(0, 8)}: ${summary.filesNew} new, ${summary.filesChanged} changed, ${summary.bytesAdded} bytes added`);
    await refreshStatus(r).catch(() => undefined);
    return {
      snapshotId: summary.snapshotId, bytesTotal: summary.bytesTotal, bytesAdded: summary.bytesAdded, filesNew: summary.filesNew,
      filesChanged: summary.filesChanged, filesTotal: summary.filesTotal, report: { manifest: staged.manifest, reason },
    };
  }

  /** The box's settings file (/etc/xiaoban/xiaoban.env) travels with the backup; it is not applied on restore. */
  function copyConfig(dir: string): boolean {
    try {
      mkdirSync(dir, { recursive: true });
      copyFileSync(APPLIANCE_ENV_FILE, path.join(dir, 'xiaoban.env'));
      return true;
    } catch {
      rmSync(dir, { recursive: true, force: true });
      return false;
    }
  }

  async function dbSnapshotBody(ctx: RunContext): Promise<RunResult> {
    const policy = store.policy();
    mkdirSync(p.dbSnapshotsDir, { recursive: true });
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    const file = path.join(p.dbSnapshotsDir, `xiaoban-${stamp}.sqlite`);
    const tmp = `${file}.tmp`;
    ctx.progress('staging');
    await d.sqlite.backup(tmp);
    const copy = new Database(tmp);
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`integrity_check of the snapshot: ${String(check)}`);
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(tmp, file);
    const bytes = statSync(file).size;
    ctx.log(`database snapshot ${path.basename(file)} (${bytes} bytes)`);
    const old = listDbSnapshots().slice(policy.dbSnapshotsKept);
    for (const s of old) rmSync(path.join(p.dbSnapshotsDir, s.name), { force: true });
    if (old.length) ctx.log(`removed ${old.length} older database snapshot(s)`);
    return { bytesTotal: bytes, report: { file: path.basename(file) } };
  }

  function listDbSnapshots(): { name: string; time: string; bytes: number }[] {
    if (!existsSync(p.dbSnapshotsDir)) return [];
    return readdirSync(p.dbSnapshotsDir)
      .filter((f) => /^xiaoban-.*\.sqlite$/.test(f))
      .map((name) => {
        const st = statSync(path.join(p.dbSnapshotsDir, name));
        return { name, time: st.mtime.toISOString(), bytes: st.size };
      })
      .sort((a, b) => b.name.localeCompare(a.name));
  }

  /**
   * check and prune need restic's exclusive lock. One left by a restic that was killed (power cut, kill -9)
   * would block them for good; since our own lock says no other task runs, any restic lock is stale: unlock, retry.
   */
  async function withStaleLockRetry<T>(ctx: RunContext, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ResticError && err.code === 'LOCKED')) throw err;
      ctx.log('the repository holds a stale lock (a restic that was killed); removing it with restic unlock and trying again');
      await restic().unlock({ onLog: ctx.log });
      return fn();
    }
  }

  async function checkBody(ctx: RunContext, readAll = false): Promise<RunResult> {
    const subset = readAll ? '1/1' : readDataSubsetFor(now().getTime());
    ctx.progress('checking');
    ctx.log(`restic check --read-data-subset ${subset}`);
    const result = await withStaleLockRetry(ctx, () => restic().check({ readDataSubset: subset, onLog: ctx.log, signal: ctx.signal }));
    if (!result.ok) throw Object.assign(new ResticError('CORRUPT', `the repository check found ${result.errors.length} problem(s): ${result.errors.slice(0, 3).join('; ')}`, ''), { report: result });
    return { report: result };
  }

  async function pruneBody(ctx: RunContext): Promise<RunResult> {
    const pol = store.policy();
    ctx.progress('pruning');
    ctx.log(`restic forget --keep-daily ${pol.keepDaily} --keep-weekly ${pol.keepWeekly} --keep-monthly ${pol.keepMonthly} --prune`);
    // Snapshots taken before a whole-box restore stay until IT removes them: they undo a wrong restore.
    const out = await withStaleLockRetry(ctx, () =>
      restic().forget({ keepDaily: pol.keepDaily, keepWeekly: pol.keepWeekly, keepMonthly: pol.keepMonthly, keepTags: ['reason:pre-restore'] }, { onLog: ctx.log, signal: ctx.signal }),
    );
    ctx.log(`${out.removed.length} snapshot(s) removed`);
    return { report: out };
  }

  async function drillBody(ctx: RunContext, snapshotId?: string): Promise<RunResult> {
    const r = restic();
    const snaps = await r.snapshots();
    const snap = snapshotId ? snaps.find((s) => s.id === snapshotId || s.shortId === snapshotId) : [...snaps].sort((a, b) => b.time.localeCompare(a.time))[0];
    if (!snap) throw BackupErrors.snapshotNotFound(snapshotId ? `No snapshot ${snapshotId}` : 'The repository has no snapshot to drill yet: back up first.');
    const fullBlobCheck = !runs.fullDrillSince(new Date(monthStart(now().getTime(), d.timeZone())).toISOString());
    ctx.log(`drill of snapshot ${snap.shortId} (${snap.time}); ${fullBlobCheck ? 'every blob' : `${store.policy().drillSampleBlobs} sampled blobs`} checked by sha256`);
    mkdirSync(p.scratchDir, { recursive: true });
    const report: DrillReport = await runDrill({
      restic: r, snapshotId: snap.id, scratchDir: p.scratchDir, sampleBlobs: store.policy().drillSampleBlobs, fullBlobCheck,
      onPhase: (phase: string) => ctx.progress(phase), onProgress: (pr) => ctx.progress('restoring', pr), onLog: ctx.log,
    });
    for (const c of report.checks) ctx.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
    const result: RunResult = { snapshotId: snap.id, bytesTotal: report.restoredBytes, report };
    if (!report.ok) throw Object.assign(new Error(`the drill failed: ${report.checks.filter((c) => !c.ok).map((c) => c.name).join(', ')}`), { report });
    return result;
  }

  async function unlockBody(ctx: RunContext): Promise<RunResult> {
    ctx.log('restic unlock (removes stale locks only)');
    await restic().unlock({ onLog: ctx.log });
    return {};
  }

  /** Dumps the snapshot's staged database into scratch once per snapshot (browsing reads it many times). */
  const snapDbCache = new Map<string, string>();
  async function snapshotDatabase(snapshotId: string): Promise<string> {
    const cached = snapDbCache.get(snapshotId);
    if (cached && existsSync(cached)) return cached;
    const r = restic();
    const snap = (await r.snapshots()).find((s) => s.id === snapshotId || s.shortId === snapshotId);
    if (!snap) throw BackupErrors.snapshotNotFound(`No snapshot ${snapshotId} in the repository`);
    mkdirSync(p.scratchDir, { recursive: true });
    const file = path.join(p.scratchDir, `browse-${snap.id.slice(0, 16)}.sqlite`);
    await r.dump(snap.id, '/backup/staging/xiaoban.sqlite', file);
    // Keep two: the one being browsed and the previous.
    for (const [id, f] of snapDbCache) {
      if (snapDbCache.size < 2) break;
      rmSync(f, { force: true });
      snapDbCache.delete(id);
    }
    snapDbCache.set(snapshotId, file);
    return file;
  }

  function withSnapshotDb<T>(file: string, fn: (db: Database.Database) => T): T {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }

  async function restoreDocumentsBody(ctx: RunContext, snapshotId: string, nodeIds: string[], actor: { id: string; displayName: string }): Promise<RunResult> {
    if (!d.documents) throw new Error('the documents store is not available here');
    const r = restic();
    ctx.progress('restoring');
    const dbFile = await snapshotDatabase(snapshotId);
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    const blobTmp = path.join(d.dataDir, 'blobs', 'tmp'); // the blob store's own temp dir: adopt() renames from here
    const scratch = path.join(p.scratchDir, `files-${ctx.runId}`);
    try {
      // The blobs the live store lacks come out of the snapshot in one restic run, not one per file.
      const needed = d.documents.neededBlobs({ snapDb: db, nodeIds });
      const inSnapshot = (sha: string) => `/blobs/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
      if (needed.length) {
        ctx.log(`bringing ${needed.length} file content(s) out of snapshot ${snapshotId.slice(0, 8)}`);
        mkdirSync(scratch, { recursive: true });
        await r.restore(snapshotId, scratch, { include: needed.map((b) => inSnapshot(b.sha256)), onProgress: (pr) => ctx.progress('restoring', pr), onLog: ctx.log, signal: ctx.signal });
      }
      mkdirSync(blobTmp, { recursive: true });
      let n = 0;
      const readBlob = async (sha256: string) => {
        if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a blob id: ${sha256}`);
        const dest = path.join(blobTmp, `restore-${ctx.runId}-${n++}`);
        const restored = path.join(scratch, inSnapshot(sha256));
        if (existsSync(restored)) renameSync(restored, dest);
        else await r.dump(snapshotId, inSnapshot(sha256), dest, { signal: ctx.signal });
        return dest;
      };
      const report = await d.documents.restoreFromSnapshot({ snapDb: db, nodeIds, readBlob, actor, snapshotId });
      ctx.log(`restored ${report.folders} folder(s), ${report.files} file(s), ${report.bytes} bytes — as new versions, nothing overwritten`);
      for (const x of report.restored) ctx.log(`  ${x.kind} ${x.name}: ${x.mode}`);
      return { snapshotId, bytesTotal: report.bytes, filesTotal: report.files, report };
    } finally {
      db.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  async function restoreBoxBody(ctx: RunContext, snapshotId: string, actorId: string): Promise<RunResult> {
    // The box is in maintenance: nobody's work competes, so restic runs without nice/ionice (twice as fast here).
    const r = d.makeRestic(store.spec(store.target()!), { lowPriority: false });
    const snaps = await r.snapshots();
    const snap = snaps.find((s) => s.id === snapshotId || s.shortId === snapshotId);
    if (!snap) throw BackupErrors.snapshotNotFound(`No snapshot ${snapshotId}`);
    const schemaTag = snap.tags.find((t) => t.startsWith('schema:'))?.slice(7);
    if (schemaTag && schemaTag > latestSchema()) throw BackupErrors.snapshotTooNew(`The snapshot's schema ${schemaTag} is newer than this version's ${latestSchema()}: upgrade first.`);
    t.setMaintenance(true);
    try {
      ctx.log('maintenance mode: writes are refused until the restore is done');
      ctx.log('taking a pre-restore snapshot so this restore can be undone …');
      const pre = await backupBody(ctx, 'pre-restore');
      ctx.log(`pre-restore snapshot ${pre.snapshotId?.slice(0, 8)}`);
      const dir = path.join(p.scratchDir, `full-${ctx.runId}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      ctx.progress('restoring');
      const t0 = Date.now();
      await r.restore(snap.id, dir, { onProgress: (pr) => ctx.progress('restoring', pr), onLog: ctx.log, signal: ctx.signal });
      ctx.log(`restored snapshot ${snap.shortId} in ${Math.round((Date.now() - t0) / 1000)} s; verifying …`);
      ctx.progress('verifying');
      const verify = await verifyRestoredTree({ root: dir, sampleBlobs: store.policy().drillSampleBlobs, fullBlobCheck: false });
      for (const c of verify.checks) ctx.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
      if (!verify.ok) {
        rmSync(dir, { recursive: true, force: true });
        throw Object.assign(new Error('the restored data did not verify; nothing was changed'), { report: verify });
      }
      await flushToDisk(dir, d.toolEnv);
      const pending: PendingRestore = {
        runId: ctx.runId, scratch: dir, snapshotId: snap.id, snapshotTime: snap.time, preRestoreSnapshotId: pre.snapshotId ?? null,
        actorId, requestedAt: now().toISOString(), verify,
      };
      writePendingRestore(d.dataDir, pending);
      ctx.log('verified; the box restarts now to swap the restored data in');
      return { snapshotId: snap.id, report: { pending: true, preRestoreSnapshotId: pre.snapshotId, verify } };
    } catch (err) {
      t.setMaintenance(false);
      throw err;
    }
  }

  return { backupBody, dbSnapshotBody, checkBody, pruneBody, drillBody, unlockBody, restoreDocumentsBody, restoreBoxBody, listDbSnapshots, snapshotDatabase, withSnapshotDb };
}
