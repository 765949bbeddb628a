// `xb upgrade --rollback`: put back the database as it was before the last upgrade's migrations.
//
// appliance/install.sh writes <data>/backup/pre-migrate/last-upgrade.json (the marker) just before it starts the
// new version; the new version's migrator then takes a VACUUM INTO snapshot into the same folder before it
// migrates (db/migrator.ts). Rolling back = the service is stopped, the migrated database (with its WAL) is kept
// aside as xiaoban.sqlite.rolled-back-<time>, and that snapshot becomes xiaoban.sqlite again. The code swap
// itself is install.sh's job (`install.sh --rollback` does both; it has its own shell copy of these steps because
// the version it returns to may predate this command).
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, chownSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const UPGRADE_MARKER = 'last-upgrade.json';
const DB_FILE = 'xiaoban.sqlite';
const DAY_MS = 24 * 60 * 60 * 1000;

/** What install.sh records before it starts a new version (see appliance/install.sh, step 6). */
export interface UpgradeMarker {
  format: 1;
  /** When the new version was about to start: snapshots taken after this belong to this upgrade. */
  startedAt: string;
  fromVersion: string | null;
  toVersion: string | null;
  /** Set by a rollback: a marker is used once. */
  rolledBackAt?: string;
  restored?: string;
  keptAside?: string;
}

export type RollbackErrorCode = 'NO_MARKER' | 'ALREADY_ROLLED_BACK' | 'NO_SNAPSHOT' | 'SERVER_RUNNING' | 'BACKUP_RUNNING' | 'SNAPSHOT_DAMAGED' | 'SNAPSHOT_OLD';

export class RollbackError extends Error {
  constructor(
    readonly code: RollbackErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RollbackError';
  }
}

export interface RollbackOptions {
  dataDir: string;
  log: (line: string) => void;
  /** Also put back a snapshot older than a day (everything entered since is then only in the kept-aside file). */
  force?: boolean;
  /** For tests: the moment used in the kept-aside name and the age check. */
  now?: () => Date;
}

export function preMigrateDir(dataDir: string): string {
  return path.join(dataDir, 'backup', 'pre-migrate');
}

export function readUpgradeMarker(dataDir: string): UpgradeMarker | null {
  const file = path.join(preMigrateDir(dataDir), UPGRADE_MARKER);
  if (!existsSync(file)) return null;
  const marker = JSON.parse(readFileSync(file, 'utf8')) as UpgradeMarker;
  if (typeof marker.startedAt !== 'string' || Number.isNaN(Date.parse(marker.startedAt))) {
    throw new RollbackError('NO_MARKER', `${file} has no valid startedAt`);
  }
  return marker;
}

/** The newest pre-migration snapshot taken at or after the upgrade started, or null (nothing was migrated). */
export function findUpgradeSnapshot(dataDir: string, marker: UpgradeMarker): string | null {
  const dir = preMigrateDir(dataDir);
  const since = Date.parse(marker.startedAt);
  const candidates = readdirSync(dir)
    .filter((f) => /^xiaoban-.*\.sqlite$/.test(f))
    .map((f) => ({ file: path.join(dir, f), mtime: statSync(path.join(dir, f)).mtimeMs }))
    .filter((c) => c.mtime >= since)
    .sort((a, b) => b.mtime - a.mtime);
  return candidates[0]?.file ?? null;
}

/** Process ids (other than ours) holding the database or its WAL open — the server, or a stray `xb`. */
export function processesUsingDatabase(dataDir: string): number[] {
  const wanted = new Set([DB_FILE, `${DB_FILE}-wal`].map((f) => path.resolve(dataDir, f)));
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids; // no /proc: cannot tell (not Linux)
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or another user's process (we run as the service user, like the server)
    }
    for (const fd of fds) {
      try {
        if (wanted.has(readlinkSync(`/proc/${entry}/fd/${fd}`))) {
          pids.push(Number(entry));
          break;
        }
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return pids;
}

/** The pid in the backup single-runner lock (<data>/backup/lock) when that process is alive. */
function liveBackupLockPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'backup', 'lock');
  if (!existsSync(file)) return null;
  const m = /(\d+)/.exec(readFileSync(file, 'utf8'));
  const pid = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return null;
  return existsSync(`/proc/${pid}`) ? pid : null;
}

function fsyncPath(p: string): void {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

function lastMigration(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new RollbackError('SNAPSHOT_DAMAGED', `${file} fails PRAGMA integrity_check: ${String(integrity)}`);
    const row = db.prepare('SELECT max(name) AS name FROM schema_migrations').get() as { name: string | null };
    return row.name ?? '(none)';
  } catch (err) {
    if (err instanceof RollbackError) throw err;
    throw new RollbackError('SNAPSHOT_DAMAGED', `${file} cannot be read as a xiaoban database: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

export async function rollbackUpgrade(opts: RollbackOptions): Promise<{ restored: string; keptAside: string }> {
  const { dataDir, log } = opts;
  const now = opts.now ?? (() => new Date());
  const markerFile = path.join(preMigrateDir(dataDir), UPGRADE_MARKER);
  const marker = readUpgradeMarker(dataDir);
  if (!marker) {
    throw new RollbackError('NO_MARKER', `no upgrade to roll back: ${markerFile} is missing (appliance/install.sh writes it when it starts a new version)`);
  }
  if (marker.rolledBackAt) {
    throw new RollbackError('ALREADY_ROLLED_BACK', `the upgrade of ${marker.startedAt} was already rolled back at ${marker.rolledBackAt} (database restored from ${marker.restored})`);
  }
  const snapshot = findUpgradeSnapshot(dataDir, marker);
  if (!snapshot) {
    throw new RollbackError('NO_SNAPSHOT', `no pre-migration snapshot since the upgrade started (${marker.startedAt}): the new version did not migrate the database, so it needs no rollback`);
  }
  const takenAt = statSync(snapshot).mtime;
  if (!opts.force && now().getTime() - takenAt.getTime() > DAY_MS) {
    throw new RollbackError('SNAPSHOT_OLD', `the database from before the upgrade is more than a day old (${takenAt.toISOString()}): everything entered since then would be set aside; repeat with --force to do it anyway`);
  }
  const users = processesUsingDatabase(dataDir);
  if (users.length) {
    throw new RollbackError('SERVER_RUNNING', `the database is in use by process ${users.join(', ')} — stop the service first (sudo systemctl stop xiaoban xiaoban-backup.timer)`);
  }
  const locker = liveBackupLockPid(dataDir);
  if (locker) throw new RollbackError('BACKUP_RUNNING', `a backup job (process ${locker}) is running — wait for it or stop it (sudo systemctl stop xiaoban-backup)`);

  const schema = lastMigration(snapshot);
  log(`restoring the database from ${path.basename(snapshot)} (schema ${schema}), taken when ${marker.toVersion ?? 'the new version'} started`);

  const live = path.join(dataDir, DB_FILE);
  const keptAside = `${live}.rolled-back-${stamp(now())}`;
  const tmp = `${live}.rollback-tmp`;
  copyFileSync(snapshot, tmp);
  fsyncPath(tmp);
  // The new file belongs to whoever owns the data directory (the service user), also when root runs this.
  const owner = statSync(dataDir);
  if (process.getuid?.() === 0) chownSync(tmp, owner.uid, owner.gid);

  if (existsSync(live)) renameSync(live, keptAside);
  // The WAL travels with the database it belongs to (SQLite finds <name>-wal next to <name>); -shm is rebuilt.
  if (existsSync(`${live}-wal`)) renameSync(`${live}-wal`, `${keptAside}-wal`);
  rmSync(`${live}-shm`, { force: true });
  renameSync(tmp, live);
  fsyncPath(dataDir);
  log(`the migrated database is kept as ${path.basename(keptAside)}; changes made since ${marker.startedAt} are only there`);

  writeFileSync(markerFile, JSON.stringify({ ...marker, rolledBackAt: now().toISOString(), restored: snapshot, keptAside }, null, 2) + '\n');
  return { restored: snapshot, keptAside };
}
