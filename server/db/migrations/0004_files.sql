-- Documents: one store for the school. Contents are stored once by sha256 (file_blobs ↔ <data>/blobs/);
-- everything else is metadata here. Nothing is overwritten: an upload to an existing file is a new version.

CREATE TABLE file_blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL
);

-- Folders and files in one tree. `ancestors` is "/rootId/…/parentId/" (root first) so subtree queries and
-- access checks need no recursion. A space is a root folder (parent_id NULL) with a space_kind.
CREATE TABLE file_nodes (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('folder', 'file')),
  parent_id TEXT REFERENCES file_nodes(id) ON DELETE CASCADE,
  ancestors TEXT NOT NULL,
  space_id TEXT NOT NULL,
  space_kind TEXT NOT NULL CHECK (space_kind IN ('school', 'department', 'project', 'personal')),
  space_owner TEXT,                                -- personal: user id; department: department id
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,                          -- lower-cased NFC name: unique among live siblings
  current_version_id TEXT,
  size INTEGER,
  mime TEXT,
  doc_type TEXT,
  department_id TEXT REFERENCES departments(id) ON DELETE SET NULL,
  project TEXT,
  school_year TEXT,
  tags TEXT NOT NULL DEFAULT '',                   -- "|tag1|tag2|" for LIKE filtering
  sensitivity TEXT NOT NULL DEFAULT 'internal' CHECK (sensitivity IN ('public', 'internal', 'sensitive', 'secret')),
  inherit INTEGER NOT NULL DEFAULT 1,              -- 0: folder grants above stop here
  has_grants INTEGER NOT NULL DEFAULT 0,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  trash_root TEXT                                  -- the node whose deletion put this one in the bin
);
CREATE UNIQUE INDEX file_nodes_sibling_name ON file_nodes(coalesce(parent_id, space_kind || ':' || coalesce(space_owner, id)), name_key) WHERE deleted_at IS NULL;
CREATE INDEX file_nodes_parent ON file_nodes(parent_id, kind, name_key) WHERE deleted_at IS NULL;
CREATE INDEX file_nodes_ancestors ON file_nodes(ancestors);
CREATE INDEX file_nodes_updated ON file_nodes(updated_at) WHERE deleted_at IS NULL;
CREATE INDEX file_nodes_doc_type ON file_nodes(doc_type) WHERE deleted_at IS NULL;
CREATE INDEX file_nodes_trash ON file_nodes(trash_root) WHERE trash_root IS NOT NULL;
CREATE INDEX file_nodes_space ON file_nodes(space_kind, space_owner) WHERE parent_id IS NULL;

CREATE TABLE file_versions (
  id TEXT PRIMARY KEY,
  node_id TEXT NOT NULL REFERENCES file_nodes(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  sha256 TEXT NOT NULL REFERENCES file_blobs(sha256),
  size INTEGER NOT NULL,
  mime TEXT NOT NULL,
  restored_from INTEGER,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX file_versions_number ON file_versions(node_id, number);
CREATE INDEX file_versions_sha ON file_versions(sha256);

-- subject_type: user | dept (its own members) | dept_tree (with sub-departments) | role | all
CREATE TABLE file_grants (
  node_id TEXT NOT NULL REFERENCES file_nodes(id) ON DELETE CASCADE,
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('view', 'download', 'edit', 'manage')),
  created_by TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (node_id, subject_type, subject_id)
);

-- Preview artefacts per version: a PDF (converted office files), a thumbnail, the extracted page count.
CREATE TABLE file_previews (
  version_id TEXT PRIMARY KEY REFERENCES file_versions(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'ready', 'failed', 'none')),
  pdf_sha256 TEXT REFERENCES file_blobs(sha256),
  thumb_sha256 TEXT REFERENCES file_blobs(sha256),
  pages INTEGER,
  error TEXT,
  updated_at TEXT NOT NULL
);

-- Full text: names, classification and extracted contents, as CJK bigrams (server/lib/cjk-fts.ts).
CREATE VIRTUAL TABLE file_fts USING fts5(node_id UNINDEXED, name, meta, body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE file_views (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  node_id TEXT NOT NULL REFERENCES file_nodes(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  PRIMARY KEY (user_id, node_id)
);
CREATE INDEX file_views_recent ON file_views(user_id, at);

CREATE TABLE file_quotas (
  space_id TEXT PRIMARY KEY REFERENCES file_nodes(id) ON DELETE CASCADE,
  bytes INTEGER
);

CREATE TABLE file_annotations (
  id TEXT PRIMARY KEY,
  node_id TEXT NOT NULL REFERENCES file_nodes(id) ON DELETE CASCADE,
  version_id TEXT NOT NULL REFERENCES file_versions(id) ON DELETE CASCADE,
  page INTEGER NOT NULL,
  shape TEXT NOT NULL,                             -- JSON AnnotationShape, page fractions
  colour TEXT NOT NULL,
  text TEXT NOT NULL,
  author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  assignee_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolved_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  resolved_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX file_annotations_node ON file_annotations(node_id);
CREATE INDEX file_annotations_assignee ON file_annotations(assignee_id, status);

CREATE TABLE file_annotation_replies (
  id TEXT PRIMARY KEY,
  annotation_id TEXT NOT NULL REFERENCES file_annotations(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX file_annotation_replies_annotation ON file_annotation_replies(annotation_id);

-- The text extracted from the current version (search snippets read it; file_fts holds its bigrams).
CREATE TABLE file_texts (
  node_id TEXT PRIMARY KEY REFERENCES file_nodes(id) ON DELETE CASCADE,
  version_id TEXT NOT NULL,
  content TEXT NOT NULL
);
