-- Forms and approvals. A form has a working draft and published versions; a submission keeps the version it
-- was made with. The approval engine's state lives as JSON on the submission; approval_tasks mirrors its tasks
-- so the 待我审批 / 我已审批 lists are index lookups, and approval_history is the append-only record.

CREATE TABLE forms (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  icon TEXT NOT NULL DEFAULT 'form',
  category TEXT NOT NULL DEFAULT '',
  template TEXT,                                   -- the template key it was made from
  owner_department_id TEXT REFERENCES departments(id) ON DELETE SET NULL, -- NULL: a school-wide form (the office's)
  audience TEXT NOT NULL DEFAULT '{"all":true,"departmentIds":[]}',
  admin_ids TEXT NOT NULL DEFAULT '[]',            -- form admins: see every submission, get steps nobody else can take
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  published_version INTEGER,
  draft_schema TEXT NOT NULL,
  draft_flow TEXT NOT NULL,
  draft_settings TEXT NOT NULL,
  draft_changed INTEGER NOT NULL DEFAULT 1,        -- the draft differs from the published version
  submission_seq INTEGER NOT NULL DEFAULT 0,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX forms_status ON forms(status);

CREATE TABLE form_versions (
  form_id TEXT NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  schema TEXT NOT NULL,
  flow TEXT NOT NULL,
  settings TEXT NOT NULL,
  published_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  published_at TEXT NOT NULL,
  PRIMARY KEY (form_id, version)
) WITHOUT ROWID;

CREATE TABLE submissions (
  id TEXT PRIMARY KEY,
  form_id TEXT NOT NULL REFERENCES forms(id),
  form_version INTEGER NOT NULL,
  serial TEXT NOT NULL,                            -- shown to people: 20261128-0007
  initiator_id TEXT NOT NULL REFERENCES users(id),
  initiator_dept_id TEXT,                          -- at submission time (statistics by department)
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  answers TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'approved', 'rejected', 'returned', 'withdrawn')),
  flow_state TEXT NOT NULL,
  state_version INTEGER NOT NULL DEFAULT 0,        -- compare-and-set: two decisions cannot both advance one state
  due_at TEXT,                                     -- next reminder/escalation of the current step
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT,
  archived_file_id TEXT                            -- the PDF filed to the documents store
);
CREATE INDEX submissions_initiator ON submissions(initiator_id, id);
CREATE INDEX submissions_form ON submissions(form_id, created_at);
CREATE INDEX submissions_due ON submissions(due_at) WHERE due_at IS NOT NULL;

CREATE TABLE approval_tasks (
  id TEXT PRIMARY KEY,
  submission_id TEXT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  on_behalf_of TEXT,
  step_index INTEGER NOT NULL,
  status TEXT NOT NULL,
  activated_at TEXT,
  decided_at TEXT
);
CREATE INDEX approval_tasks_user ON approval_tasks(user_id, status, submission_id);
CREATE INDEX approval_tasks_behalf ON approval_tasks(on_behalf_of) WHERE on_behalf_of IS NOT NULL;
CREATE INDEX approval_tasks_submission ON approval_tasks(submission_id);

CREATE TABLE approval_cc (
  submission_id TEXT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT,
  PRIMARY KEY (submission_id, user_id)
) WITHOUT ROWID;
CREATE INDEX approval_cc_user ON approval_cc(user_id, submission_id);

CREATE TABLE approval_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id TEXT NOT NULL REFERENCES submissions(id),
  round INTEGER NOT NULL,
  type TEXT NOT NULL,
  actor_id TEXT,
  on_behalf_of TEXT,
  step_index INTEGER,
  task_id TEXT,
  target_user_id TEXT,
  comment TEXT,
  signature TEXT,
  detail TEXT,
  at TEXT NOT NULL
);
CREATE INDEX approval_history_submission ON approval_history(submission_id, id);
CREATE TRIGGER approval_history_no_update BEFORE UPDATE ON approval_history
BEGIN SELECT RAISE(ABORT, 'approval history is append-only'); END;
CREATE TRIGGER approval_history_no_delete BEFORE DELETE ON approval_history
BEGIN SELECT RAISE(ABORT, 'approval history is append-only'); END;

-- One delegation per person: while away (starts_on..ends_on, school-local dates), their approvals go to the delegate.
CREATE TABLE approval_delegations (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  delegate_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  created_at TEXT NOT NULL
) WITHOUT ROWID;
