-- Resumable (tus) uploads in progress: who started each one and what it will become. A row lives from
-- the creating POST until the upload is completed, refused or expired; the bytes live in the upload dir.
CREATE TABLE file_uploads (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  meta TEXT NOT NULL,
  size INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX file_uploads_user ON file_uploads(user_id);
CREATE INDEX file_uploads_created ON file_uploads(created_at);
