// `xb backup …` for IT over SSH and for the systemd timer: the same service as the panel (same lock, same
// history), except a restore onto a stopped or new box, which works without the app (and without a database).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { newId } from '../../lib/ids.js';
import type { RunView } from './backup.dto.js';
import type { BackupService } from './backup.service.js';
import type { ResticPort, ResticTargetSpec } from './backup.ports.js';
import { createRestic } from './backup.restic.js';
import { verifyRestoredTree } from './backup.drill.js';
import { applyPendingRestore, flushToDisk, latestSchema, writePendingRestore } from './backup.full-restore.js';
import { backupPaths, createTargetStore, type StoredTarget } from './backup.target.js';

export const BACKUP_HELP = `  xb backup status                 target, last runs, what is due
  xb backup run                    off-site backup now (database staged consistently, blobs, TLS, settings)
  xb backup due                    whatever the schedule says is due (the systemd timer runs this)
  xb backup snapshot-db            a database snapshot on the box (<data>/backup/db)
  xb backup list [--repo R --password-file F]
                                   snapshots in the repository (--repo …: a new box, from the recovery sheet)
  xb backup check [--read-data]    restic check (reads a quarter of the data; --read-data: all of it)
  xb backup drill                  restore the latest snapshot into scratch and verify it
  xb backup prune                  apply the retention policy (forget --prune)
  xb backup unlock                 remove stale repository locks (after a crash or power cut)
  xb backup restore --snapshot ID|latest [--repo R --password-file F] [--data-dir D]
                                   restore the WHOLE box into the data dir (default XB_DATA_DIR); the server
                                   must be stopped. --repo/--password-file: a new box, from the recovery sheet.
                                   (Single files and folders: the admin panel › 备份与恢复 › 浏览文档.)`;

type WithBackup = <T>(fn: (backup: BackupService) => Promise<T>) => Promise<T>;

const fmtBytes = (n: number | null) => (n === null ? '-' : n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`);

function printRun(r: RunView): void {
  const secs = r.durationMs === null ? '' : ` in ${Math.round(r.durationMs / 1000)} s`;
  console.log(`${r.kind} ${r.status}${secs}${r.snapshotId ? ` — snapshot ${r.snapshotId.slice(0, 8)}` : ''}${r.bytesAdded !== null ? `, added ${fmtBytes(r.bytesAdded)}` : ''}${r.error ? `\n  ${r.error}` : ''}`);
}

function serverRunning(dataDir: string): number | null {
  const file = path.join(dataDir, 'run', 'server.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Returns the exit code. */
export async function backupCli(args: string[], o: { dataDir: string; toolEnv: Record<string, string>; withBackup: WithBackup }): Promise<number> {
  const [sub, ...rest] = args;
  const runAndReport = (kind: 'backup' | 'check' | 'drill' | 'prune' | 'unlock' | 'db-snapshot', trigger: 'cli' | 'upgrade' = 'cli', readAllData = false) =>
    o.withBackup(async (b) => {
      const run = await b.start(kind, trigger, null, true, { readAllData });
      printRun(run);
      if (kind === 'drill' || kind === 'check') {
        const detail = b.run(run.id);
        const report = detail?.report as { checks?: { name: string; ok: boolean; detail: string }[] } | null;
        for (const c of report?.checks ?? []) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
      }
      return run.status === 'succeeded' ? 0 : 1;
    });
  switch (sub) {
    case 'run': {
      const { values } = parseArgs({ args: rest, options: { trigger: { type: 'string' } } });
      return runAndReport('backup', values.trigger === 'upgrade' ? 'upgrade' : 'cli');
    }
    case 'check':
      return runAndReport('check', 'cli', rest.includes('--read-data'));
    case 'drill':
    case 'prune':
    case 'unlock':
    case 'snapshot-db':
      return runAndReport(sub === 'snapshot-db' ? 'db-snapshot' : sub);
    case 'due':
      return o.withBackup(async (b) => {
        const done = await b.runDue('schedule');
        for (const r of done) printRun(r);
        if (!done.length) console.log('nothing is due');
        return done.some((r) => r.status === 'failed') ? 1 : 0;
      });
    case 'status':
      return o.withBackup(async (b) => {
        const ov = b.overview();
        console.log(ov.target ? `target: ${ov.target.label} (${ov.target.kind})` : 'target: not set up (admin panel › 备份与恢复)');
        for (const [name, r] of [['last backup', ov.lastBackup], ['last successful backup', ov.lastSuccessfulBackup], ['last db snapshot', ov.lastDbSnapshot], ['last check', ov.lastCheck], ['last drill', ov.lastDrill]] as const) {
          console.log(`${name}: ${r ? `${r.status} at ${r.startedAt}${r.error ? ` — ${r.error}` : ''}` : 'never'}`);
        }
        console.log(`next: backup ${ov.next.backup ?? '-'}, db snapshot ${ov.next.dbSnapshot ?? '-'}, check+drill ${ov.next.weekly ?? '-'}`);
        return 0;
      });
    case 'list':
      if (rest.includes('--repo')) return listFromSheet(rest, o);
      return o.withBackup(async (b) => {
        for (const s of await b.snapshots()) {
          console.log(`${s.shortId}  ${s.time}  ${s.reason.padEnd(11)} app ${s.appVersion ?? '?'} schema ${s.schemaVersion ?? '?'}  ${fmtBytes(s.bytesTotal)}`);
        }
        return 0;
      });
    case 'restore':
      return restoreWholeBox(rest, o);
    default:
      console.error(`usage:\n${BACKUP_HELP}`);
      return 64;
  }
}

function targetFromRepo(repo: string, createdAt: string): StoredTarget {
  if (repo.startsWith('sftp:')) {
    const m = /^sftp:([^@]+)@([^:]+):(.+)$/.exec(repo);
    if (!m) throw new Error(`cannot read ${repo} (expected sftp:user@host:/path)`);
    return { kind: 'sftp', repository: repo, label: `${m[1]}@${m[2]}:${m[3]}`, createdAt, ssh: { user: m[1]!, host: m[2]!, port: 22, remotePath: m[3]! } };
  }
  if (repo.startsWith('rest:')) return { kind: 'rest', repository: repo, label: repo.slice(5).replace(/\/\/[^@/]+@/, '//'), createdAt };
  return { kind: 'local', repository: path.resolve(repo), label: path.resolve(repo), createdAt, path: path.resolve(repo) };
}

/** Snapshots of a repository this box does not know yet (a new box with the recovery sheet). */
async function listFromSheet(args: string[], o: { dataDir: string; toolEnv: Record<string, string> }): Promise<number> {
  const { values } = parseArgs({ args, options: { repo: { type: 'string' }, 'password-file': { type: 'string' } } });
  if (!values.repo || !values['password-file']) {
    console.error('xb: --repo needs --password-file');
    return 64;
  }
  const target = targetFromRepo(values.repo, new Date().toISOString());
  const restic = createRestic({ target: createTargetStore(o.dataDir).spec(target, path.resolve(values['password-file'])), toolEnv: o.toolEnv });
  for (const s of [...(await restic.snapshots())].sort((a, b) => b.time.localeCompare(a.time))) {
    console.log(`${s.shortId}  ${s.time}  ${s.tags.join(' ')}`);
  }
  return 0;
}

/** A whole-box restore without the app: onto a stopped box, or a new one from the recovery sheet. */
async function restoreWholeBox(args: string[], opts: { dataDir: string; toolEnv: Record<string, string> }): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { snapshot: { type: 'string', default: 'latest' }, repo: { type: 'string' }, 'password-file': { type: 'string' }, 'data-dir': { type: 'string' } },
  });
  const o = { ...opts, dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : opts.dataDir };
  const pid = serverRunning(o.dataDir);
  if (pid) {
    console.error(`xb: the server (pid ${pid}) is running on ${o.dataDir}. Restore from the admin panel, or stop it first: systemctl stop xiaoban`);
    return 1;
  }
  const p = backupPaths(o.dataDir);
  const store = createTargetStore(o.dataDir);
  let target = store.target();
  let passwordFile = p.passwordFile;
  if (values.repo) {
    if (!values['password-file']) {
      console.error('xb: --repo needs --password-file (a file holding the password from the recovery sheet)');
      return 64;
    }
    target = targetFromRepo(values.repo, new Date().toISOString());
    passwordFile = path.resolve(values['password-file']);
  }
  if (!target) {
    console.error('xb: no backup target here; give --repo and --password-file from the recovery sheet');
    return 1;
  }
  const spec: ResticTargetSpec = { ...store.spec(target, passwordFile) };
  const restic: ResticPort = createRestic({ target: spec, toolEnv: o.toolEnv, lowPriority: false });
  const snaps = await restic.snapshots();
  const sorted = [...snaps].sort((a, b) => b.time.localeCompare(a.time));
  const snap = values.snapshot === 'latest' ? sorted.find((s) => !s.tags.includes('reason:pre-restore')) ?? sorted[0] : sorted.find((s) => s.id.startsWith(values.snapshot!));
  if (!snap) {
    console.error(`xb: no snapshot ${values.snapshot} in ${target.label}`);
    return 1;
  }
  const schema = snap.tags.find((t) => t.startsWith('schema:'))?.slice(7);
  if (schema && schema > latestSchema()) {
    console.error(`xb: snapshot ${snap.shortId} comes from a newer version (schema ${schema}); install that version first`);
    return 1;
  }
  const scratch = path.join(p.scratchDir, `full-cli-${Date.now()}`);
  mkdirSync(scratch, { recursive: true });
  console.log(`restoring snapshot ${snap.shortId} (${snap.time}) from ${target.label} …`);
  let last = 0;
  const t0 = Date.now();
  await restic.restore(snap.id, scratch, {
    onProgress: (pr) => {
      if (Date.now() - last < 5000) return;
      last = Date.now();
      console.log(`  ${pr.percent === null ? '' : `${Math.round(pr.percent * 100)} % `}${fmtBytes(pr.bytesDone)} of ${fmtBytes(pr.bytesTotal)}`);
    },
  });
  console.log(`restored in ${Math.round((Date.now() - t0) / 1000)} s; verifying …`);
  const verify = await verifyRestoredTree({ root: scratch, sampleBlobs: 1_000_000, fullBlobCheck: true });
  for (const c of verify.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  if (!verify.ok) {
    rmSync(scratch, { recursive: true, force: true });
    console.error('xb: the restored data did not verify; nothing was changed');
    return 1;
  }
  await flushToDisk(scratch, o.toolEnv);
  writePendingRestore(o.dataDir, {
    runId: newId(), scratch, snapshotId: snap.id, snapshotTime: snap.time, preRestoreSnapshotId: null, actorId: null, requestedAt: new Date().toISOString(), verify,
  });
  applyPendingRestore(o.dataDir, (m) => console.log(m));
  // A new box keeps backing up into the same repository.
  if (values.repo && !store.target()) {
    store.saveTarget(target, readFileSync(passwordFile, 'utf8').trim());
    console.log(`backup target set to ${target.label}`);
  } else if (values.repo && passwordFile !== p.passwordFile && !existsSync(p.passwordFile)) {
    copyFileSync(passwordFile, p.passwordFile);
  }
  console.log('done: start the server (systemctl start xiaoban) and sign in as before');
  return 0;
}
