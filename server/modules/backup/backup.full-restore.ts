// Restoring the whole box. The restored snapshot is unpacked and verified in <data>/backup/scratch while the
// box is in maintenance; then pending-restore.json is written and the server restarts. The swap happens at
// the next start, before the database is opened (buildApp → applyPendingRestore), so no connection ever sees
// half a restore. Every step is a rename that is skipped when already done, so a power cut during the swap is
// finished by the next start. What was there before stays in backup/pre-restore/<time>/ (and in the
// pre-restore restic snapshot), so a wrong restore can be undone.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { MIGRATIONS_DIR } from '../../db/migrator.js';
import { backupPaths, writePrivateFile } from './backup.target.js';
import type { RunsRepo } from './backup.runs.js';

/** What a snapshot holds, relative to the data directory (restic stores them under these names). */
export const SNAPSHOT_PATHS = ['backup/staging', 'blobs', 'tls'];
/** The appliance's settings file (appliance/install.sh); copied into the snapshot, never restored over. */
export const APPLIANCE_ENV_FILE = '/etc/xiaoban/xiaoban.env';

const here = path.dirname(fileURLToPath(import.meta.url));
/** backups/excludes.txt at the top of the checkout (server/modules/backup → ../../..; dist adds one level). */
export const EXCLUDE_FILE = [path.resolve(here, '../../../backups/excludes.txt'), path.resolve(here, '../../../../backups/excludes.txt')].find((f) => existsSync(f))
  ?? path.resolve(here, '../../../backups/excludes.txt');

/** The newest migration this version knows ('0012_backup'): a snapshot from a newer schema cannot be restored. */
export function latestSchema(): string {
  return readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort().at(-1)?.replace(/\.sql$/, '') ?? '';
}

export interface PendingRestore {
  runId: string;
  /** The verified tree: <scratch>/backup/staging/xiaoban.sqlite, <scratch>/blobs, <scratch>/tls */
  scratch: string;
  snapshotId: string;
  snapshotTime: string;
  preRestoreSnapshotId: string | null;
  actorId: string | null;
  requestedAt: string;
  verify: unknown;
}

export interface RestoreResult extends PendingRestore {
  appliedAt: string;
  /** Where the data that was replaced now lies. */
  aside: string;
}

/** restic does not fsync what it restores: flush the restored tree's file system before it may replace live data. */
export async function flushToDisk(dir: string, toolEnv: Record<string, string>): Promise<void> {
  await execa('sync', ['-f', dir], { env: toolEnv, extendEnv: false });
}

export function writePendingRestore(dataDir: string, pending: PendingRestore): void {
  writePrivateFile(backupPaths(dataDir).pendingRestore, JSON.stringify(pending, null, 2));
}

function moveIfPresent(from: string, to: string): void {
  if (!existsSync(from)) return;
  mkdirSync(path.dirname(to), { recursive: true });
  rmSync(to, { recursive: true, force: true });
  renameSync(from, to);
}

/** Swaps a verified restore in, if one is waiting. Runs before the database is opened. */
export function applyPendingRestore(dataDir: string, log: (msg: string) => void = () => undefined, at = new Date()): RestoreResult | null {
  const p = backupPaths(dataDir);
  if (!existsSync(p.pendingRestore)) return null;
  const pending = JSON.parse(readFileSync(p.pendingRestore, 'utf8')) as PendingRestore & { aside?: string };
  const dbFrom = path.join(pending.scratch, 'backup', 'staging', 'xiaoban.sqlite');
  const live = path.join(dataDir, 'xiaoban.sqlite');
  // The aside folder is named once and remembered, so a second attempt after a crash continues in it.
  const aside = pending.aside ?? path.join(p.root, 'pre-restore', at.toISOString().replace(/[:.]/g, '-'));
  if (!pending.aside) writePrivateFile(p.pendingRestore, JSON.stringify({ ...pending, aside }, null, 2));
  if (!existsSync(dbFrom) && !existsSync(path.join(aside, 'xiaoban.sqlite'))) {
    renameSync(p.pendingRestore, `${p.pendingRestore}.failed`);
    log(`whole-box restore abandoned: ${dbFrom} is missing`);
    return null;
  }
  mkdirSync(aside, { recursive: true });
  log(`whole-box restore of snapshot ${pending.snapshotId.slice(0, 8)}: swapping the restored data in (the old data goes to ${aside})`);
  if (existsSync(dbFrom)) {
    for (const suffix of ['', '-wal', '-shm']) moveIfPresent(live + suffix, path.join(aside, `xiaoban.sqlite${suffix}`));
    renameSync(dbFrom, live);
  }
  for (const dir of ['blobs', 'tls']) {
    const from = path.join(pending.scratch, dir);
    if (!existsSync(from)) continue;
    moveIfPresent(path.join(dataDir, dir), path.join(aside, dir));
    renameSync(from, path.join(dataDir, dir));
  }
  const result: RestoreResult = { ...pending, aside, appliedAt: at.toISOString() };
  writePrivateFile(p.restoreResult, JSON.stringify(result, null, 2));
  rmSync(p.pendingRestore, { force: true });
  rmSync(pending.scratch, { recursive: true, force: true });
  log('whole-box restore swapped in');
  return result;
}

/**
 * After the restored database is open: the run that made the restore happened after the snapshot, so the
 * restored history does not know it — write it in. The replaced blobs are dropped (the pre-restore snapshot
 * holds them); the replaced database file stays in the aside folder.
 */
export function recordRestoreResult(dataDir: string, runs: RunsRepo, at: Date): RestoreResult | null {
  const p = backupPaths(dataDir);
  if (!existsSync(p.restoreResult)) return null;
  const result = JSON.parse(readFileSync(p.restoreResult, 'utf8')) as RestoreResult;
  if (!runs.get(result.runId)) {
    runs.start('restore-full', 'manual', null, new Date(result.requestedAt), result.runId);
  }
  runs.finish(result.runId, 'succeeded', at, {
    snapshotId: result.snapshotId,
    log: `whole-box restore of snapshot ${result.snapshotId.slice(0, 8)} (${result.snapshotTime}) applied at ${result.appliedAt}\n` +
      `pre-restore snapshot: ${result.preRestoreSnapshotId ?? 'none'}\nthe replaced database is kept in ${result.aside}`,
    report: { snapshotTime: result.snapshotTime, preRestoreSnapshotId: result.preRestoreSnapshotId, aside: result.aside, verify: result.verify },
  });
  rmSync(path.join(result.aside, 'blobs'), { recursive: true, force: true });
  rmSync(p.restoreResult, { force: true });
  return result;
}
