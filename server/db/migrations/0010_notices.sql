-- The notice centre (通知公告). A notice is written as a draft, published now or at a time (a job), edited
-- with history (notice_versions keeps each replaced text), withdrawn. Its audience is resolved once, at
-- publication, into notice_recipients: one row per person with their department then and their receipt
-- (delivered / read / confirmed, comment, signature). Every inbox item the gateway made for a notice
-- (publication, re-notification, reminder) is in notice_deliveries, so the roster shows each attempt of the
-- ladder and withdrawal or expiry cancels them all.

CREATE TABLE notices (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  body_html TEXT NOT NULL DEFAULT '',              -- sanitised (notices.sanitize.ts)
  body_text TEXT NOT NULL DEFAULT '',              -- the same as plain text: excerpts, SMS and mail bodies
  category TEXT NOT NULL CHECK (category IN ('teaching', 'admin', 'safety', 'logistics', 'general')),
  urgency TEXT NOT NULL CHECK (urgency IN ('normal', 'important', 'urgent')),
  confirm_mode TEXT NOT NULL CHECK (confirm_mode IN ('none', 'read', 'click', 'comment', 'signature')),
  pinned INTEGER NOT NULL DEFAULT 0,
  audience TEXT NOT NULL,                          -- JSON NoticeAudience {all, departmentIds, roles, userIds}
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'published', 'withdrawn')),
  publish_at TEXT,                                 -- when a scheduled notice goes out
  expires_at TEXT,
  published_at TEXT,
  withdrawn_at TEXT,
  withdraw_reason TEXT,
  version INTEGER NOT NULL DEFAULT 0,              -- 1 at publication, +1 per published edit
  version_by TEXT REFERENCES users(id) ON DELETE SET NULL, -- who wrote the current published text
  version_at TEXT,                                 -- when the current text was published
  author_id TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_reminded_at TEXT                            -- "remind those left": at most once per 5 minutes
);
CREATE INDEX notices_author ON notices(author_id, updated_at);
CREATE INDEX notices_updated ON notices(updated_at);
CREATE INDEX notices_scheduled_due ON notices(publish_at) WHERE status = 'scheduled';
CREATE INDEX notices_expiring ON notices(expires_at) WHERE status = 'published' AND expires_at IS NOT NULL;

CREATE TABLE notice_versions (
  notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  body_html TEXT NOT NULL,
  by_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  at TEXT NOT NULL,                                -- when this text was published
  replaced_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  replaced_at TEXT NOT NULL,
  PRIMARY KEY (notice_id, version)
);

CREATE TABLE notice_recipients (
  notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  department_id TEXT REFERENCES departments(id) ON DELETE SET NULL, -- the person's department at publication
  item_id TEXT,                                    -- the inbox item of the publication
  published_at TEXT NOT NULL,                      -- copied from the notice: "my notices" sorts by it
  delivered_at TEXT,
  read_at TEXT,
  confirmed_at TEXT,
  comment TEXT,
  reminded_count INTEGER NOT NULL DEFAULT 0,
  signature TEXT,                                  -- PNG data URL, size-capped; last, so roster scans skip its pages
  PRIMARY KEY (notice_id, user_id)
);
-- My notices (newest first; unread and unconfirmed filters and badge counts).
CREATE INDEX notice_recipients_mine ON notice_recipients(user_id, published_at);
CREATE INDEX notice_recipients_unread ON notice_recipients(user_id) WHERE read_at IS NULL;
CREATE INDEX notice_recipients_unconfirmed ON notice_recipients(user_id) WHERE confirmed_at IS NULL;
-- Roster filters by department.
CREATE INDEX notice_recipients_department ON notice_recipients(notice_id, department_id);

CREATE TABLE notice_deliveries (
  item_id TEXT PRIMARY KEY,                        -- an inbox item the gateway made (its ladder's attempts hang on it)
  notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('published', 'updated', 'reminder')),
  created_at TEXT NOT NULL
);
CREATE INDEX notice_deliveries_notice ON notice_deliveries(notice_id, user_id);

CREATE TABLE notice_attachments (
  notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  file_id TEXT NOT NULL,                           -- a file node of the documents store (owned by the files module)
  position INTEGER NOT NULL,
  PRIMARY KEY (notice_id, file_id)
);
