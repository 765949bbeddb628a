// The backup panel's API contract (备份与恢复). The routes validate with these schemas and the PWA imports the
// types. Pure: imports nothing but TypeBox.
//
// Everything needs backup.manage (admin, IT). Times are ISO 8601 UTC on the wire.
//   GET  /api/admin/backup                         → BackupOverview (target, space, policy, last runs, running)
//   PUT  /api/admin/backup/target                  TargetInput → TargetSetupResult (password shown ONCE)
//   POST /api/admin/backup/target/test             → TargetStatus (reachability and free space, now)
//   POST /api/admin/backup/ssh-key                 → SshKey (the box's key for SFTP targets, made on first call)
//   PUT  /api/admin/backup/policy                  BackupPolicy → BackupOverview
//   POST /api/admin/backup/runs                    StartRunInput → 202 RunView (running; progress over /api/ws)
//   GET  /api/admin/backup/runs                    RunsQuery → RunPage (history)
//   GET  /api/admin/backup/runs/:id                → RunDetail (with log and report)
//   GET  /api/admin/backup/snapshots               → SnapshotList
//   GET  /api/admin/backup/snapshots/:id/documents SnapshotFolderQuery → SnapshotFolder (browse documents)
//   POST /api/admin/backup/snapshots/:id/restore-documents  RestoreDocumentsInput → 202 RunView
//   POST /api/admin/backup/snapshots/:id/restore-box        RestoreBoxInput → 202 RunView (maintenance, restart)
//
// Live progress: realtime event 'backup.progress' (RunProgress) to everyone with backup.manage; 'backup.run'
// (RunView) when a run starts or ends.
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const RunId = Type.String({ pattern: '^[0-9a-z]{26}$' });
/** restic snapshot ids: 64 hex, or the 8-hex short form; 'latest' is allowed where a snapshot is read. */
export const SnapshotId = Type.String({ pattern: '^([0-9a-f]{8}|[0-9a-f]{64}|latest)$' });
const IsoTime = Type.String({ format: 'date-time', maxLength: 40 });

export const RUN_KINDS = ['backup', 'db-snapshot', 'check', 'prune', 'restore-files', 'restore-full', 'drill', 'unlock'] as const;
export const RunKind = Type.Union([
  Type.Literal('backup'), Type.Literal('db-snapshot'), Type.Literal('check'), Type.Literal('prune'),
  Type.Literal('restore-files'), Type.Literal('restore-full'), Type.Literal('drill'), Type.Literal('unlock'),
]);
export type RunKind = Static<typeof RunKind>;
export const RunTrigger = Type.Union([Type.Literal('manual'), Type.Literal('schedule'), Type.Literal('cli'), Type.Literal('upgrade'), Type.Literal('restore')]);
export type RunTrigger = Static<typeof RunTrigger>;
export const RunStatus = Type.Union([Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]);
export type RunStatus = Static<typeof RunStatus>;

// ── target ─────────────────────────────────────────────────
// local: a mounted USB disk or NAS share (an absolute path; the service needs write access).
// sftp:  user@host:/path over SSH with a key the box holds (<data>/backup/ssh/id_ed25519).
// rest:  restic's rest-server (http(s)://host:8000/repo; credentials in the URL are kept in the target file).
export const TargetKind = Type.Union([Type.Literal('local'), Type.Literal('sftp'), Type.Literal('rest')]);
export type TargetKind = Static<typeof TargetKind>;
export const TargetInput = Type.Object(
  {
    kind: TargetKind,
    /** local: absolute path of the repository folder (created if missing). */
    path: Type.Optional(Type.String({ minLength: 2, maxLength: 400, pattern: '^/' })),
    /** sftp */
    host: Type.Optional(Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:_-]+$' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    user: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' })),
    remotePath: Type.Optional(Type.String({ minLength: 1, maxLength: 400, pattern: '^[^\\s]+$' })),
    /** rest */
    url: Type.Optional(Type.String({ maxLength: 400, pattern: '^https?://[^\\s]+$' })),
    /** Connect to an EXISTING repository (after a box was replaced): its password from the recovery sheet. */
    existingPassword: Type.Optional(Type.String({ minLength: 8, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type TargetInput = Static<typeof TargetInput>;

export const TargetView = Type.Object({
  kind: TargetKind,
  /** restic's repository string with any password in a URL replaced by *** */
  repository: Type.String(),
  /** A human label: "/media/usb-backup", "backup@nas.school.lan:/srv/xiaoban" */
  label: Type.String(),
  createdAt: IsoTime,
  /** The SSH public key to authorise on the SFTP server (sftp targets). */
  sshPublicKey: Nullable(Type.String()),
});
export type TargetView = Static<typeof TargetView>;

export const TargetStatus = Type.Object({
  reachable: Type.Boolean(),
  /** Why not, in one line (translated on the client by code). */
  code: Nullable(Type.String()),
  detail: Nullable(Type.String()),
  /** Free and total bytes where they can be known (local targets; SFTP through df when the server allows). */
  freeBytes: Nullable(Type.Integer()),
  totalBytes: Nullable(Type.Integer()),
  /** Bytes the repository holds (restic stats raw-data), when reachable. */
  repositoryBytes: Nullable(Type.Integer()),
  checkedAt: IsoTime,
});
export type TargetStatus = Static<typeof TargetStatus>;

/** Shown once after setup: print it and keep it in the school safe. Without the password no backup can be read. */
export const RecoverySheet = Type.Object({
  school: Type.String(),
  repository: Type.String(),
  password: Type.String(),
  createdAt: IsoTime,
  boxVersion: Type.String(),
  /** The restore command for a new box, to type in from the sheet. */
  restoreCommand: Type.String(),
});
export type RecoverySheet = Static<typeof RecoverySheet>;
/** Authorise this key on the SFTP server (~/.ssh/authorized_keys) before setting up an SFTP target. */
export const SshKey = Type.Object({ publicKey: Type.String() });
export type SshKey = Static<typeof SshKey>;
export const TargetSetupResult = Type.Object({ target: TargetView, status: TargetStatus, sheet: Nullable(RecoverySheet) });
export type TargetSetupResult = Static<typeof TargetSetupResult>;

// ── policy ─────────────────────────────────────────────────
const HHMM = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
export const BackupPolicy = Type.Object(
  {
    /** Off-site backup once a day at this school-clock time. */
    dailyAt: HHMM,
    /** Database snapshots on the box between off-site runs (minutes; 0 = off). */
    dbSnapshotMinutes: Type.Integer({ minimum: 0, maximum: 720 }),
    /** How many on-box database snapshots to keep. */
    dbSnapshotsKept: Type.Integer({ minimum: 1, maximum: 500 }),
    /** Weekly repository check and restore drill: weekday (1 = Monday … 7 = Sunday) and time. */
    weeklyOn: Type.Integer({ minimum: 1, maximum: 7 }),
    weeklyAt: HHMM,
    /** restic forget --keep-daily/weekly/monthly, then prune. */
    keepDaily: Type.Integer({ minimum: 1, maximum: 365 }),
    keepWeekly: Type.Integer({ minimum: 0, maximum: 260 }),
    keepMonthly: Type.Integer({ minimum: 0, maximum: 240 }),
    /** Blobs the weekly drill checks by sha256 (all of them on the first drill of each month). */
    drillSampleBlobs: Type.Integer({ minimum: 1, maximum: 100000 }),
  },
  { additionalProperties: false },
);
export type BackupPolicy = Static<typeof BackupPolicy>;
export const DEFAULT_POLICY: BackupPolicy = {
  dailyAt: '02:30', dbSnapshotMinutes: 15, dbSnapshotsKept: 96, weeklyOn: 7, weeklyAt: '03:30',
  keepDaily: 7, keepWeekly: 5, keepMonthly: 12, drillSampleBlobs: 200,
};

// ── runs ───────────────────────────────────────────────────
export const RunView = Type.Object({
  id: RunId,
  kind: RunKind,
  trigger: RunTrigger,
  status: RunStatus,
  actorName: Nullable(Type.String()),
  startedAt: IsoTime,
  finishedAt: Nullable(IsoTime),
  durationMs: Nullable(Type.Integer()),
  snapshotId: Nullable(Type.String()),
  bytesTotal: Nullable(Type.Integer()),
  bytesAdded: Nullable(Type.Integer()),
  filesNew: Nullable(Type.Integer()),
  filesChanged: Nullable(Type.Integer()),
  filesTotal: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
});
export type RunView = Static<typeof RunView>;

export const DrillCheck = Type.Object({
  name: Type.String(),        // 'integrity_check' | 'row_counts' | 'blobs_sha256' | 'tls' | 'config' …
  ok: Type.Boolean(),
  detail: Type.String(),
});
export const DrillReport = Type.Object({
  snapshotId: Type.String(),
  snapshotTime: IsoTime,
  ok: Type.Boolean(),
  restoreMs: Type.Integer(),
  verifyMs: Type.Integer(),
  restoredBytes: Type.Integer(),
  blobsChecked: Type.Integer(),
  blobsTotal: Type.Integer(),
  fullBlobCheck: Type.Boolean(),
  tablesChecked: Type.Integer(),
  checks: Type.Array(DrillCheck),
});
export type DrillReport = Static<typeof DrillReport>;

export const RunDetail = Type.Object({
  ...RunView.properties,
  log: Type.String(),
  /** drill: DrillReport; check: { readDataSubset, errors }; restore: what was restored. */
  report: Nullable(Type.Unknown()),
});
export type RunDetail = Static<typeof RunDetail>;

export const RunsQuery = Type.Object({
  kind: Type.Optional(RunKind),
  before: Type.Optional(IsoTime),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const RunPage = Type.Object({ items: Type.Array(RunView), hasMore: Type.Boolean() });
export type RunPage = Static<typeof RunPage>;

export const StartRunInput = Type.Object(
  { kind: Type.Union([Type.Literal('backup'), Type.Literal('check'), Type.Literal('drill'), Type.Literal('prune'), Type.Literal('unlock')]) },
  { additionalProperties: false },
);
export type StartRunInput = Static<typeof StartRunInput>;

export const RunProgress = Type.Object({
  runId: RunId,
  kind: RunKind,
  /** 'staging' | 'uploading' | 'restoring' | 'verifying' | 'pruning' | 'checking' … */
  phase: Type.String(),
  percent: Nullable(Type.Number()),
  bytesDone: Nullable(Type.Integer()),
  bytesTotal: Nullable(Type.Integer()),
  filesDone: Nullable(Type.Integer()),
  filesTotal: Nullable(Type.Integer()),
  secondsRemaining: Nullable(Type.Integer()),
  currentFile: Nullable(Type.String()),
});
export type RunProgress = Static<typeof RunProgress>;

// ── snapshots ──────────────────────────────────────────────
export const SnapshotView = Type.Object({
  id: Type.String(),
  shortId: Type.String(),
  time: IsoTime,
  tags: Type.Array(Type.String()),
  appVersion: Nullable(Type.String()),
  schemaVersion: Nullable(Type.String()),
  /** From the run that made it (null for snapshots made elsewhere). */
  bytesTotal: Nullable(Type.Integer()),
  bytesAdded: Nullable(Type.Integer()),
  durationMs: Nullable(Type.Integer()),
  runId: Nullable(Type.String()),
  /** 'pre-restore' / 'pre-upgrade' snapshots undo a restore or an upgrade. */
  reason: Type.Union([Type.Literal('daily'), Type.Literal('manual'), Type.Literal('pre-restore'), Type.Literal('pre-upgrade'), Type.Literal('other')]),
});
export type SnapshotView = Static<typeof SnapshotView>;
export const SnapshotList = Type.Object({ items: Type.Array(SnapshotView) });
export type SnapshotList = Static<typeof SnapshotList>;

export const SnapshotFolderQuery = Type.Object({ folderId: Type.Optional(Type.String({ pattern: '^[0-9a-z]{26}$' })) });
export const SnapshotEntry = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('folder'), Type.Literal('file')]),
  name: Type.String(),
  size: Nullable(Type.Integer()),
  updatedAt: IsoTime,
  /** Whether it still exists in the live documents store (a deleted folder shows here, and only here). */
  existsNow: Type.Boolean(),
});
export const SnapshotFolder = Type.Object({
  snapshotId: Type.String(),
  folderId: Nullable(Type.String()),
  /** From the space root down to this folder. */
  path: Type.Array(Type.Object({ id: Nullable(Type.String()), name: Type.String() })),
  entries: Type.Array(SnapshotEntry),
});
export type SnapshotFolder = Static<typeof SnapshotFolder>;

export const RestoreDocumentsInput = Type.Object(
  { nodeIds: Type.Array(Type.String({ pattern: '^[0-9a-z]{26}$' }), { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);
export type RestoreDocumentsInput = Static<typeof RestoreDocumentsInput>;
/** Kept in the run's report. */
export const RestoreDocumentsReport = Type.Object({
  folders: Type.Integer(),
  files: Type.Integer(),
  bytes: Type.Integer(),
  /** Where each restored top node ended up in the live store. */
  restored: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), mode: Type.Union([Type.Literal('recreated'), Type.Literal('new-version'), Type.Literal('unchanged')]) })),
});
export type RestoreDocumentsReport = Static<typeof RestoreDocumentsReport>;

/** The whole box: the school's name typed in as confirmation, like deleting a GitHub repository. */
export const RestoreBoxInput = Type.Object({ confirm: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type RestoreBoxInput = Static<typeof RestoreBoxInput>;

// ── overview ───────────────────────────────────────────────
export const BackupOverview = Type.Object({
  configured: Type.Boolean(),
  resticVersion: Nullable(Type.String()),
  target: Nullable(TargetView),
  /** The last reachability check (refreshed by POST target/test and by every run). */
  status: Nullable(TargetStatus),
  policy: BackupPolicy,
  running: Nullable(Type.Object({ ...RunView.properties, progress: Nullable(RunProgress) })),
  lastBackup: Nullable(RunView),
  lastSuccessfulBackup: Nullable(RunView),
  lastDbSnapshot: Nullable(RunView),
  lastCheck: Nullable(RunView),
  lastDrill: Nullable(RunView),
  /** Next scheduled times on the school clock (ISO). */
  next: Type.Object({ backup: Nullable(IsoTime), dbSnapshot: Nullable(IsoTime), weekly: Nullable(IsoTime) }),
  /** Local database snapshots on the box (<data>/backup/db). */
  dbSnapshots: Type.Array(Type.Object({ name: Type.String(), time: IsoTime, bytes: Type.Integer() })),
  /** True while the box is in maintenance for a whole restore. */
  maintenance: Type.Boolean(),
});
export type BackupOverview = Static<typeof BackupOverview>;
