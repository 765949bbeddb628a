-- Backups (restic). The target's settings and the repository password live in files under <data>/backup/
-- (they must be readable when the database is not); the database keeps the history of every run.

-- One row per run of anything backup does: an off-site backup, a 15-minute database snapshot on the box, a
-- repository check, retention (forget --prune), a restore of files or of the whole box, a restore drill.
CREATE TABLE backup_runs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('backup', 'db-snapshot', 'check', 'prune', 'restore-files', 'restore-full', 'drill', 'unlock')),
  trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule', 'cli', 'upgrade', 'restore')),
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  actor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  duration_ms INTEGER,
  snapshot_id TEXT,                                -- the restic snapshot made (backup) or read (restore, drill)
  bytes_total INTEGER,                             -- what the snapshot holds
  bytes_added INTEGER,                             -- new data stored in the repository by this run
  files_new INTEGER,
  files_changed INTEGER,
  files_total INTEGER,
  error TEXT,                                      -- one line for the list; the log has the rest
  log TEXT NOT NULL DEFAULT '',                    -- capped text log (restic's messages, our steps)
  report TEXT                                      -- JSON: drill report, check result, restore summary
);
CREATE INDEX backup_runs_started ON backup_runs (started_at);
CREATE INDEX backup_runs_kind ON backup_runs (kind, started_at);
CREATE INDEX backup_runs_snapshot ON backup_runs (snapshot_id);
