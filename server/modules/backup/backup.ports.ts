// The seams inside the backup module. `Restic` (backup.restic.ts) is the ONLY code that runs restic; the
// staging (backup.stage.ts) and the drill (backup.drill.ts) use it; the service orchestrates them.
//
// Files under <data>/backup/ (never themselves backed up — the password must not sit in the repository):
//   target.json        the target (kind, repository, label, created) and the policy
//   restic.pass        the repository password, mode 0600, owned by the service user (root reads anything)
//   ssh/               the box's SSH key and known_hosts for sftp targets
//   cache/             restic's cache (RESTIC_CACHE_DIR)
//   staging/           the consistent copy backed up: xiaoban.sqlite (online backup API) + manifest.json
//   db/                15-minute database snapshots on the box
//   scratch/           restore drills and restores before they are verified (emptied after use)
//   lock               the single-runner lock (pid + kind), shared by the server and the `xb` CLI
//   pre-migrate/       VACUUM INTO snapshots taken before migrations (db/migrator.ts)

/** What restic reports while a backup or restore runs (from its --json status lines). */
export interface ResticProgress {
  percent: number | null;       // 0…1
  bytesDone: number | null;
  bytesTotal: number | null;
  filesDone: number | null;
  filesTotal: number | null;
  secondsRemaining: number | null;
  currentFile: string | null;
}

/** restic's --json summary of a backup. */
export interface ResticBackupSummary {
  snapshotId: string;
  filesNew: number;
  filesChanged: number;
  filesUnmodified: number;
  bytesAdded: number;          // data_added: what this run stored in the repository
  bytesTotal: number;          // total_bytes_processed
  filesTotal: number;          // total_files_processed
  durationMs: number;
}

export interface ResticSnapshot {
  id: string;
  shortId: string;
  time: string;                // ISO
  tags: string[];
  paths: string[];
  hostname: string;
}

export interface ResticCheckResult {
  ok: boolean;
  /** restic's own lines that describe the problem (pack ids, "Pack ID does not match" …). */
  errors: string[];
  readDataSubset: string | null;
}

/** Error codes restic's failures are sorted into; the panel translates them. */
export type ResticErrorCode =
  | 'RESTIC_MISSING'       // binary not installed
  | 'UNREACHABLE'          // path missing / not mounted, ssh refused, rest-server down
  | 'NOT_A_REPOSITORY'     // the place exists but holds no repository
  | 'ALREADY_INITIALISED'  // init over an existing repository
  | 'WRONG_PASSWORD'
  | 'LOCKED'               // another restic holds an exclusive lock (stale after kill -9: unlock)
  | 'NO_SPACE'             // the target is full
  | 'CORRUPT'              // check found damage
  | 'PARTIAL'              // backup finished with some files unreadable (exit 3): not a success for us
  | 'CANCELLED'
  | 'FAILED';

export interface ResticTargetSpec {
  /** restic's -r: '/media/usb/xiaoban', 'sftp:user@host:/path', 'rest:http://host:8000/x' */
  repository: string;
  passwordFile: string;
  cacheDir: string;
  /** sftp: the ssh command restic runs (key, known_hosts, port, BatchMode) — option sftp.command */
  sftpCommand?: string;
}

export interface ResticRunOptions {
  /** Called for every status line (throttled by the caller if needed). */
  onProgress?: (p: ResticProgress) => void;
  /** Text lines for the run's log (restic's stderr and non-status messages). */
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

export interface ResticPort {
  version(): Promise<string>;
  init(): Promise<void>;
  /** Does the repository answer with this password? Throws a ResticError with the reason when not. */
  probe(): Promise<void>;
  /** Backs up `paths` (relative to `cwd`, stored under those relative names) with tags; excludes from a file. */
  backup(paths: string[], opts: ResticRunOptions & { cwd: string; tags: string[]; excludeFile?: string; host: string }): Promise<ResticBackupSummary>;
  snapshots(opts?: { tags?: string[] }): Promise<ResticSnapshot[]>;
  /** Restores (part of) a snapshot into `target`; `include` are paths inside the snapshot. */
  restore(snapshotId: string, target: string, opts?: ResticRunOptions & { include?: string[] }): Promise<void>;
  /** Writes one file of a snapshot to `dest` (restic dump), failing on a non-zero exit. */
  dump(snapshotId: string, fileInSnapshot: string, dest: string, opts?: ResticRunOptions): Promise<void>;
  check(opts?: ResticRunOptions & { readDataSubset?: string }): Promise<ResticCheckResult>;
  forget(policy: { keepDaily: number; keepWeekly: number; keepMonthly: number; keepTags?: string[] }, opts?: ResticRunOptions): Promise<{ removed: string[] }>;
  /** Removes stale locks (left by a killed restic); restic refuses to remove live ones. */
  unlock(opts?: ResticRunOptions): Promise<void>;
  /** Bytes stored in the repository (stats --mode raw-data). */
  repositoryBytes(): Promise<number>;
}

/** What staging wrote: the manifest goes into the snapshot next to the database copy. */
export interface BackupManifest {
  format: 1;
  createdAt: string;
  appVersion: string;
  /** The last applied migration, e.g. '0012_backup'. */
  schemaVersion: string;
  /** Row counts of every table in the staged copy. */
  tables: Record<string, number>;
  blobs: { count: number; bytes: number };
  /** What was included besides the database (relative to the data dir). */
  paths: string[];
  school: string | null;
}

/** The documents store's side of "browse a snapshot, restore a file or folder as new versions" (files module). */
export interface DocumentsRestorePort {
  browseSnapshot(snapDb: import('better-sqlite3').Database, folderId: string | null): import('./backup.dto.js').SnapshotFolder;
  restoreFromSnapshot(input: {
    snapDb: import('better-sqlite3').Database;
    nodeIds: string[];
    /** A local temp file holding the blob's bytes (the store may move it). */
    readBlob: (sha256: string) => Promise<string>;
    actorId: string;
  }): Promise<import('./backup.dto.js').RestoreDocumentsReport>;
}
