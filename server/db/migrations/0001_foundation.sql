-- Foundation: settings, org chart, identity, sessions, audit, jobs, realtime, inbox, idempotency.
-- Times are ISO 8601 UTC text; ids are 26-char time-sortable strings (server/lib/ids.ts).

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,              -- JSON
  updated_at TEXT NOT NULL,
  updated_by TEXT
);

CREATE TABLE departments (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  parent_id TEXT REFERENCES departments(id) ON DELETE RESTRICT,
  head_id TEXT,                     -- users.id (no FK: users reference departments too)
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX departments_name_parent ON departments(coalesce(parent_id, ''), name);

CREATE TABLE positions (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  rank INTEGER NOT NULL DEFAULT 0,  -- higher = more senior; used for display order
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  employee_no TEXT UNIQUE,
  phone TEXT UNIQUE,
  email TEXT UNIQUE COLLATE NOCASE,
  department_id TEXT REFERENCES departments(id) ON DELETE SET NULL,
  position_id TEXT REFERENCES positions(id) ON DELETE SET NULL,
  supervisor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  locale TEXT NOT NULL DEFAULT 'zh-CN',
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX users_department ON users(department_id);
CREATE INDEX users_supervisor ON users(supervisor_id);

-- role: admin | principal | dept_head | staff | it ; department_id scopes dept_head (and may scope others)
CREATE TABLE user_roles (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  department_id TEXT REFERENCES departments(id) ON DELETE CASCADE,
  granted_at TEXT NOT NULL,
  granted_by TEXT
);
CREATE UNIQUE INDEX user_roles_unique ON user_roles(user_id, role, coalesce(department_id, ''));

CREATE TABLE credentials (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  password_hash TEXT,
  must_change_password INTEGER NOT NULL DEFAULT 1,
  password_changed_at TEXT,
  totp_secret TEXT,                 -- base32; set during enrolment
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  totp_last_step INTEGER,           -- replay protection
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,              -- public id (shown in the session list)
  token_hash TEXT NOT NULL UNIQUE,  -- sha256 of the cookie value
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ip TEXT,
  user_agent TEXT,
  revoked_at TEXT,
  revoked_reason TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  event TEXT NOT NULL,              -- e.g. auth.login.succeeded, org.role.granted
  outcome TEXT NOT NULL DEFAULT 'success', -- success | failure
  actor_id TEXT,
  actor_name TEXT,
  target_type TEXT,
  target_id TEXT,
  target_name TEXT,
  ip TEXT,
  details TEXT                      -- JSON
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor_id, at);
CREATE INDEX audit_log_event ON audit_log(event, at);

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'queued', -- queued | running | done | failed
  run_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 5,
  dedupe_key TEXT,
  locked_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX jobs_due ON jobs(status, run_at);
CREATE UNIQUE INDEX jobs_dedupe ON jobs(dedupe_key) WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running');

CREATE TABLE realtime_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  topic TEXT NOT NULL,
  name TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE realtime_cursors (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  last_seq INTEGER NOT NULL
);
CREATE TABLE realtime_deliveries (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  event_id INTEGER NOT NULL REFERENCES realtime_events(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, seq)
) WITHOUT ROWID;
CREATE INDEX realtime_deliveries_event ON realtime_deliveries(event_id);
CREATE TABLE realtime_subscriptions (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, topic)
) WITHOUT ROWID;
CREATE INDEX realtime_subscriptions_topic ON realtime_subscriptions(topic);

CREATE TABLE inbox_items (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,               -- e.g. notice.published, approval.pending, system
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  link TEXT,
  urgency TEXT NOT NULL DEFAULT 'normal', -- low | normal | high | urgent
  source_type TEXT,
  source_id TEXT,
  created_at TEXT NOT NULL,
  seen_at TEXT,
  read_at TEXT
);
CREATE INDEX inbox_user_created ON inbox_items(user_id, created_at DESC, id DESC);
CREATE INDEX inbox_user_unread ON inbox_items(user_id) WHERE read_at IS NULL;

CREATE TABLE idempotency_keys (
  user_id TEXT NOT NULL,
  key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;

CREATE TABLE staff_imports (
  id TEXT PRIMARY KEY,
  created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  rows TEXT NOT NULL,               -- JSON: validated preview rows
  status TEXT NOT NULL DEFAULT 'preview', -- preview | committed | discarded
  created_at TEXT NOT NULL,
  committed_at TEXT,
  result TEXT
);
