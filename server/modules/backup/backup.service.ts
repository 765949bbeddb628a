// Orchestrates every backup task: off-site backups, database snapshots on the box, repository checks,
// retention, restore drills, restoring documents and restoring the whole box. One task at a time (the lock is
// shared with the `xb` CLI and the systemd timer); each is a row in backup_runs with its log; progress goes to
// the panel live; failures go to IT through the gateway. Only backup.restic.ts runs restic.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { MINUTE } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type {
  BackupOverview, BackupPolicy, RunKind, RunProgress, RunTrigger, RunView, SnapshotFolder, SnapshotView, TargetInput, TargetSetupResult, TargetStatus,
} from './backup.dto.js';
import { BackupErrors } from './backup.errors.js';
import { lockHolder, tryLock } from './backup.lock.js';
import type { DocumentsRestorePort, ResticPort, ResticProgress, ResticTargetSpec } from './backup.ports.js';
import { ResticError } from './backup.restic.js';
import { createRunsRepo, type RunResult } from './backup.runs.js';
import { createBackupTasks, type RunContext } from './backup.tasks.js';
import { dueTasks, nextTimes, type LastTimes } from './backup.schedule.js';
import { createTargetStore, localFreeSpace, newRepositoryPassword, redactRepository, targetFromInput, writePrivateFile, type StoredTarget } from './backup.target.js';

export interface BackupDeps {
  sqlite: Sqlite;
  dataDir: string;
  appVersion: string;
  clock: Clock;
  log: FastifyBaseLogger;
  /** lowPriority false: a whole-box restore, when nobody is using the box, runs at full speed. */
  makeRestic: (spec: ResticTargetSpec, opts?: { lowPriority?: boolean }) => ResticPort;
  timeZone: () => string;
  schoolName: () => string;
  /** Who hears about failures and sees progress: everyone holding backup.manage. */
  managers: () => string[];
  publish: (name: 'backup.progress' | 'backup.run', data: unknown, userIds: string[]) => void;
  notify: (userIds: string[], message: { kind: string; title: { 'zh-CN': string; en: string }; body: { 'zh-CN': string; en: string }; link: string; urgency: 'high' | 'normal' }) => void;
  audit: (actorId: string | null, action: string, detail: Record<string, unknown>) => void;
  documents: DocumentsRestorePort | null;
  /** A whole-box restore is staged and verified: the app restarts to swap it in (serve.ts). */
  requestRestart: () => void;
  toolEnv: Record<string, string>;
}

const PROGRESS_EVERY_MS = 500;

export function createBackupService(d: BackupDeps) {
  const store = createTargetStore(d.dataDir);
  const p = store.paths;
  const runs = createRunsRepo(d.sqlite);
  let lastStatus: TargetStatus | null = null;
  let current: { run: RunView; progress: RunProgress | null; abort: AbortController } | null = null;
  let maintenance = false;

  runs.failAbandoned(d.clock.now(), (runId) => lockHolder(p.lockFile)?.runId === runId);

  const now = () => d.clock.now();
  const restic = (target: StoredTarget | null = store.target()): ResticPort => {
    if (!target) throw BackupErrors.notConfigured('Set up a backup target in the backup panel first.');
    return d.makeRestic(store.spec(target));
  };

  /** restic's coded failures become problem+json with the code the panel translates. */
  function asProblem(err: unknown): unknown {
    if (err instanceof ResticError) {
      const status = err.code === 'LOCKED' ? 409 : err.code === 'WRONG_PASSWORD' || err.code === 'NOT_A_REPOSITORY' || err.code === 'ALREADY_INITIALISED' ? 400 : 502;
      return BackupErrors.restic(err.code, status, err.message);
    }
    return err;
  }

  // ── running a task ───────────────────────────────────────
  async function execute(kind: RunKind, trigger: RunTrigger, actorId: string | null, body: (ctx: RunContext) => Promise<RunResult>, opts: { wait: boolean }): Promise<RunView> {
    const runId = newId(now().getTime());
    const lock = tryLock(p.lockFile, kind, runId, now());
    if ('heldBy' in lock) throw BackupErrors.busy(`A ${lock.heldBy.kind} task has been running since ${lock.heldBy.since} (process ${lock.heldBy.pid}).`);
    runs.start(kind, trigger, actorId, now(), runId);
    const abort = new AbortController();
    const run = runs.view(runId)!;
    current = { run, progress: null, abort };
    const lines: string[] = [];
    let lastFlush = Date.now();
    let lastProgress = 0;
    const log = (line: string) => {
      lines.push(`${new Date().toISOString().slice(11, 19)} ${line}`);
      if (Date.now() - lastFlush > 3000) {
        lastFlush = Date.now();
        runs.setLog(runId, lines.join('\n'));
      }
    };
    const progress = (phase: string, pr: Partial<ResticProgress> = {}) => {
      const view: RunProgress = {
        runId, kind, phase, percent: pr.percent ?? null, bytesDone: pr.bytesDone ?? null, bytesTotal: pr.bytesTotal ?? null,
        filesDone: pr.filesDone ?? null, filesTotal: pr.filesTotal ?? null, secondsRemaining: pr.secondsRemaining ?? null, currentFile: pr.currentFile ?? null,
      };
      if (current?.run.id === runId) current.progress = view;
      const t = Date.now();
      if (t - lastProgress < PROGRESS_EVERY_MS && pr.percent !== 1) return;
      lastProgress = t;
      d.publish('backup.progress', view, d.managers());
    };
    d.publish('backup.run', run, d.managers());
    d.log.info({ event: 'backup.started', runId, kind, trigger }, 'backup task started');
    const work = (async () => {
      let result: RunResult = {};
      let error: string | null = null;
      try {
        log(`${kind} (${trigger}) started by ${actorId ?? 'the system'}`);
        result = await body({ runId, log, progress, signal: abort.signal });
        log(`${kind} succeeded`);
      } catch (err) {
        error = err instanceof ResticError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
        const extra = (err as { report?: unknown }).report;
        if (extra !== undefined) result = { ...result, report: extra };
        log(`FAILED: ${error}`);
        if (err instanceof ResticError && err.stderr) log(err.stderr.trim().split('\n').slice(-20).join('\n'));
      } finally {
        runs.finish(runId, error ? 'failed' : 'succeeded', now(), { ...result, error, log: lines.join('\n') });
        lock.release();
        if (current?.run.id === runId) current = null;
      }
      const finished = runs.view(runId)!;
      d.publish('backup.run', finished, d.managers());
      d.log[error ? 'warn' : 'info']({ event: error ? 'backup.failed' : 'backup.succeeded', runId, kind, err: error ?? undefined }, `backup task ${error ? 'failed' : 'succeeded'}`);
      if (error) notifyFailure(finished);
      return finished;
    })();
    if (opts.wait) return work;
    void work;
    return run;
  }

  const KIND_LABEL: Record<RunKind, { 'zh-CN': string; en: string }> = {
    backup: { 'zh-CN': '异地备份', en: 'Off-site backup' },
    'db-snapshot': { 'zh-CN': '数据库快照', en: 'Database snapshot' },
    check: { 'zh-CN': '备份仓库检查', en: 'Repository check' },
    prune: { 'zh-CN': '备份清理', en: 'Retention' },
    'restore-files': { 'zh-CN': '文档恢复', en: 'Document restore' },
    'restore-full': { 'zh-CN': '整机恢复', en: 'Whole-box restore' },
    drill: { 'zh-CN': '恢复演练', en: 'Restore drill' },
    unlock: { 'zh-CN': '解锁备份仓库', en: 'Repository unlock' },
  };

  function notifyFailure(run: RunView): void {
    const label = KIND_LABEL[run.kind];
    d.notify(d.managers(), {
      kind: 'backup.failed',
      title: { 'zh-CN': `${label['zh-CN']}失败`, en: `${label.en} failed` },
      body: { 'zh-CN': `${run.error ?? ''}\n请打开备份面板查看日志。`, en: `${run.error ?? ''}\nOpen the backup panel for the log.` },
      link: `/admin/backup/runs/${run.id}`,
      urgency: run.kind === 'drill' || run.kind === 'check' || run.kind === 'backup' ? 'high' : 'normal',
    });
  }

  const tasks = createBackupTasks({ d, store, runs, restic: (target) => restic(target), refreshStatus: (r) => refreshStatus(r), setMaintenance: (on) => (maintenance = on) });
  const { backupBody, dbSnapshotBody, checkBody, pruneBody, drillBody, unlockBody, restoreDocumentsBody, restoreBoxBody, listDbSnapshots, snapshotDatabase, withSnapshotDb } = tasks;

  // ── schedule ─────────────────────────────────────────────
  function lastTimes(): LastTimes {
    const t = (v: RunView | null) => (v ? Date.parse(v.startedAt) : null);
    return {
      dbSnapshot: t(runs.last('db-snapshot')),
      backupAttempt: t(runs.last('backup')),
      backupSuccess: t(runs.last('backup', 'succeeded')),
      weekly: t(runs.last('check')),
    };
  }

  /** Runs whatever is due, one after another; a busy lock means someone else is at it. */
  async function runDue(trigger: RunTrigger = 'schedule'): Promise<RunView[]> {
    // Asked again before each task: the server's timer and the systemd timer may both be here, one after the other.
    const due = () => dueTasks(now().getTime(), store.policy(), d.timeZone(), lastTimes(), store.target() !== null);
    const done: RunView[] = [];
    const attempt = async (kind: RunKind, body: (ctx: RunContext) => Promise<RunResult>) => {
      try {
        const run = await execute(kind, trigger, null, body, { wait: true });
        done.push(run);
        return run;
      } catch (err) {
        if ((err as { code?: string }).code !== 'BACKUP_BUSY') throw err;
        return null;
      }
    };
    if (due().dbSnapshot) await attempt('db-snapshot', dbSnapshotBody);
    if (due().backup) {
      const run = await attempt('backup', (ctx) => backupBody(ctx, 'daily'));
      // Retention after each successful daily backup.
      if (run?.status === 'succeeded') await attempt('prune', pruneBody);
    }
    if (due().weekly) {
      await attempt('check', (ctx) => checkBody(ctx));
      await attempt('drill', (ctx) => drillBody(ctx));
    }
    return done;
  }

  let timer: NodeJS.Timeout | null = null;
  let ticking = false;

  async function refreshStatus(r?: ResticPort): Promise<TargetStatus> {
    const target = store.target();
    if (!target) throw BackupErrors.notConfigured('Set up a backup target first.');
    const space = target.kind === 'local' && target.path ? localFreeSpace(target.path) : await store.sftpFreeSpace(target, d.toolEnv);
    const status: TargetStatus = { reachable: false, code: null, detail: null, freeBytes: space?.freeBytes ?? null, totalBytes: space?.totalBytes ?? null, repositoryBytes: null, checkedAt: now().toISOString() };
    try {
      const rr = r ?? restic(target);
      await rr.probe();
      status.reachable = true;
      status.repositoryBytes = await rr.repositoryBytes().catch(() => null);
    } catch (err) {
      status.code = err instanceof ResticError ? err.code : 'FAILED';
      status.detail = err instanceof Error ? err.message : String(err);
    }
    lastStatus = status;
    return status;
  }

  return {
    store,
    runs,
    maintenance: () => maintenance,
    /** Any backup task running on the box, in this process or another (the CLI, the timer). */
    busy: () => lockHolder(p.lockFile) !== null,

    overview(): BackupOverview {
      const target = store.target();
      const policy = store.policy();
      const last = lastTimes();
      const next = nextTimes(now().getTime(), policy, d.timeZone(), last, target !== null);
      const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());
      const running = current ? { ...current.run, progress: current.progress } : (() => {
        const r = runs.running();
        return r ? { ...r, progress: null } : null;
      })();
      return {
        configured: target !== null, resticVersion: null, target: target ? store.view(target) : null, status: lastStatus, policy, running,
        lastBackup: runs.last('backup'), lastSuccessfulBackup: runs.last('backup', 'succeeded'), lastDbSnapshot: runs.last('db-snapshot'),
        lastCheck: runs.last('check'), lastDrill: runs.last('drill'),
        next: { backup: iso(next.backup), dbSnapshot: iso(next.dbSnapshot), weekly: iso(next.weekly) },
        dbSnapshots: listDbSnapshots(), maintenance,
      };
    },

    async resticVersion(): Promise<string | null> {
      try {
        return await d.makeRestic({ repository: '', passwordFile: '', cacheDir: p.cacheDir }).version();
      } catch {
        return null;
      }
    },

    /** Sets up (init) or connects (existing password) a repository; the password is returned once. */
    async setupTarget(input: TargetInput, actorId: string): Promise<TargetSetupResult> {
      if (lockHolder(p.lockFile)) throw BackupErrors.busy('Wait until the running backup task ends.');
      const target = targetFromInput(input, now().toISOString(), d.dataDir);
      if (target.kind === 'local') {
        const parent = path.dirname(target.path!);
        if (!existsSync(parent)) throw BackupErrors.badTarget(`${parent} does not exist: is the disk mounted?`);
        mkdirSync(target.path!, { recursive: true });
      }
      if (target.kind === 'sftp') await store.ensureSshKey(d.toolEnv);
      const password = input.existingPassword ?? newRepositoryPassword();
      const candidatePw = path.join(p.root, `restic.pass.${process.pid}.new`);
      writePrivateFile(candidatePw, password + '\n');
      try {
        const r = d.makeRestic(store.spec(target, candidatePw));
        try {
          if (input.existingPassword) await r.probe();
          else await r.init();
        } catch (err) {
          if (err instanceof ResticError && err.code === 'ALREADY_INITIALISED') {
            throw BackupErrors.restic('ALREADY_INITIALISED', 409, 'That place already holds a backup repository: connect to it with its password from the recovery sheet.');
          }
          throw asProblem(err);
        }
        store.saveTarget(target, password);
      } finally {
        rmSync(candidatePw, { force: true });
      }
      d.audit(actorId, 'backup.target_set', { kind: target.kind, label: target.label, existing: !!input.existingPassword });
      const status = await refreshStatus();
      const sheet = input.existingPassword ? null : {
        school: d.schoolName(), repository: redactRepository(target.repository), password, createdAt: target.createdAt, boxVersion: d.appVersion,
        restoreCommand: `xb backup restore --repo '${target.repository}' --password-file <file with the password> --snapshot latest`,
      };
      return { target: store.view(target), status, sheet };
    },

    testTarget: () => refreshStatus(),
    sshPublicKey: () => store.ensureSshKey(d.toolEnv),

    savePolicy(policy: BackupPolicy, actorId: string): void {
      store.savePolicy(policy);
      d.audit(actorId, 'backup.policy_set', { ...policy });
    },

    /** The panel's "run now" (returns at once; the run goes on) or the CLI's (waits). */
    async start(kind: 'backup' | 'check' | 'drill' | 'prune' | 'unlock' | 'db-snapshot', trigger: RunTrigger, actorId: string | null, wait = false, opts: { readAllData?: boolean } = {}): Promise<RunView> {
      if (kind !== 'db-snapshot' && !store.target()) throw BackupErrors.notConfigured('Set up a backup target in the backup panel first.');
      if (actorId) d.audit(actorId, `backup.${kind}_started`, {});
      const body = {
        backup: (ctx: RunContext) => backupBody(ctx, trigger === 'upgrade' ? 'pre-upgrade' : trigger === 'schedule' ? 'daily' : 'manual'),
        'db-snapshot': dbSnapshotBody,
        check: (ctx: RunContext) => checkBody(ctx, opts.readAllData),
        drill: (ctx: RunContext) => drillBody(ctx),
        prune: pruneBody,
        unlock: unlockBody,
      }[kind];
      return execute(kind, trigger, actorId, body, { wait });
    },

    runDue,

    async snapshots(): Promise<SnapshotView[]> {
      let list;
      try {
        list = await restic().snapshots();
      } catch (err) {
        throw asProblem(err);
      }
      const byId = runs.bySnapshot();
      return list
        .map((s): SnapshotView => {
          const run = byId.get(s.id) ?? null;
          const tag = (prefix: string) => s.tags.find((t) => t.startsWith(prefix))?.slice(prefix.length) ?? null;
          const reason = tag('reason:');
          return {
            id: s.id, shortId: s.shortId, time: s.time, tags: s.tags, appVersion: tag('app:'), schemaVersion: tag('schema:'),
            bytesTotal: run?.bytesTotal ?? null, bytesAdded: run?.bytesAdded ?? null, durationMs: run?.durationMs ?? null, runId: run?.id ?? null,
            reason: reason === 'daily' || reason === 'manual' || reason === 'pre-restore' || reason === 'pre-upgrade' ? reason : 'other',
          };
        })
        .sort((a, b) => b.time.localeCompare(a.time));
    },

    async browse(snapshotId: string, folderId: string | null): Promise<SnapshotFolder> {
      if (lockHolder(p.lockFile)?.kind === 'restore-full') throw BackupErrors.busy('A whole-box restore is running.');
      let file: string;
      try {
        file = await snapshotDatabase(snapshotId);
      } catch (err) {
        throw asProblem(err);
      }
      if (!d.documents) throw new Error('the documents store is not available here');
      const folder = withSnapshotDb(file, (db) => d.documents!.browseSnapshot({ snapDb: db, snapshotId, folderId }));
      return { ...folder, snapshotId };
    },

    /** Validates the selection against the snapshot before answering, then restores in the background. */
    async restoreDocuments(snapshotId: string, nodeIds: string[], actor: { id: string; displayName: string }, wait = false): Promise<RunView> {
      if (!store.target()) throw BackupErrors.notConfigured('Set up a backup target first.');
      if (!d.documents) throw new Error('the documents store is not available here');
      let file: string;
      try {
        file = await snapshotDatabase(snapshotId);
      } catch (err) {
        throw asProblem(err);
      }
      withSnapshotDb(file, (db) => d.documents!.neededBlobs({ snapDb: db, nodeIds })); // unknown ids → SNAPSHOT_NODE_NOT_FOUND
      return execute('restore-files', 'manual', actor.id, (ctx) => restoreDocumentsBody(ctx, snapshotId, nodeIds, actor), { wait });
    },

    async restoreBox(snapshotId: string, confirm: string, actorId: string, wait = false): Promise<RunView> {
      if (!store.target()) throw BackupErrors.notConfigured('Set up a backup target first.');
      if (confirm.trim() !== d.schoolName().trim()) throw BackupErrors.confirmMismatch(`Type 「${d.schoolName()}」 to confirm.`);
      d.audit(actorId, 'backup.restore_box_requested', { snapshotId });
      const run = await execute('restore-full', 'manual', actorId, (ctx) => restoreBoxBody(ctx, snapshotId, actorId), { wait });
      if (!wait) {
        // When the run ends well the restored data waits in pending-restore.json: restart to swap it in.
        const poll = setInterval(() => {
          const r = runs.view(run.id);
          if (!r || r.status === 'running') return;
          clearInterval(poll);
          if (r.status === 'succeeded') setTimeout(() => d.requestRestart(), 1000).unref();
        }, 500);
        poll.unref();
      }
      return run;
    },

    /** /api/health: a box whose off-site copy is stale, or whose last check or drill failed, is degraded. */
    health(): { status: 'ok' | 'degraded'; detail?: string; [k: string]: unknown } {
      const target = store.target();
      if (!target) return { status: 'ok', configured: false, detail: 'no backup target set up (admin panel › 备份与恢复)' };
      const ok = runs.last('backup', 'succeeded');
      const check = runs.last('check');
      const drill = runs.last('drill');
      const base = { configured: true, target: target.label, lastBackup: ok?.finishedAt ?? null, maintenance };
      const ageH = ok?.finishedAt ? (now().getTime() - Date.parse(ok.finishedAt)) / 3_600_000 : null;
      // First day after setup: nothing is stale yet.
      const sinceSetupH = (now().getTime() - Date.parse(target.createdAt)) / 3_600_000;
      if ((ageH === null && sinceSetupH > 26) || (ageH !== null && ageH > 26)) return { status: 'degraded', ...base, detail: ageH === null ? 'no off-site backup has succeeded yet' : `the last off-site backup succeeded ${Math.round(ageH)} hours ago` };
      if (check?.status === 'failed') return { status: 'degraded', ...base, detail: `the last repository check failed: ${check.error ?? ''}` };
      if (drill?.status === 'failed') return { status: 'degraded', ...base, detail: `the last restore drill failed: ${drill.error ?? ''}` };
      return { status: 'ok', ...base };
    },

    run: (id: string) => runs.get(id),
    listRuns: runs.list,

    /** In-process schedule (the systemd timer calls `xb backup due` as well; the lock keeps them apart). */
    startTimer(everyMs = 5 * MINUTE): void {
      if (timer) return;
      const tick = () => {
        if (ticking || maintenance) return;
        ticking = true;
        runDue('schedule')
          .catch((err: unknown) => d.log.warn({ event: 'backup.schedule_failed', err: err instanceof Error ? err.message : String(err) }, 'scheduled backup tasks failed'))
          .finally(() => (ticking = false));
      };
      timer = setInterval(tick, everyMs);
      timer.unref();
      setTimeout(tick, MINUTE).unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      current?.abort.abort();
      const deadline = Date.now() + 10_000;
      while (current && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
          },
  };
}
export type BackupService = ReturnType<typeof createBackupService>;
