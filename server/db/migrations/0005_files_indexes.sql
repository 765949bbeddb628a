-- Indexes the documents store was missing, found with tests/bench/files.bench.ts and 100,000 files.

-- Store-wide lists by document type (GET /api/files?docType=…) are ordered by updated_at and read in pages:
-- with an index on doc_type alone, every page sorted all files of that type (10,000 budgets: ~25 ms per
-- page, several pages per answer for someone who may see few of them). This index serves both the lookup
-- and the order, so the old one goes.
DROP INDEX IF EXISTS file_nodes_doc_type;
CREATE INDEX file_nodes_doc_type_updated ON file_nodes(doc_type, updated_at) WHERE deleted_at IS NULL;

-- Foreign-key actions look children up by the bare column: the partial file_nodes_parent index (live nodes
-- only) cannot serve them, so deleting one node scanned the whole table for its children, and file_views for
-- its views. Purging a 500-item folder blocked the server for over a minute.
CREATE INDEX file_nodes_parent_all ON file_nodes(parent_id);
CREATE INDEX file_views_node ON file_views(node_id);

-- Garbage collection asks, for every blob, whether a preview still uses it as its PDF or thumbnail; deleting
-- a blob asks the same for its foreign keys. Without these, each question scanned file_previews
-- (40,000 preview blobs × 20,000 previews: two minutes of a blocked server in the daily maintenance job).
CREATE INDEX file_previews_pdf ON file_previews(pdf_sha256);
CREATE INDEX file_previews_thumb ON file_previews(thumb_sha256);

-- file_fts.node_id is UNINDEXED (FTS5 cannot index it), so finding a node's row scanned the whole index:
-- ~50 ms per lookup at 100,000 files, twice for every rename, upload and new folder, once per item on
-- purge. This table maps each node to its FTS row (files.repo.ts indexText/unindex keep it in step).
-- FTS5 rowids are the INTEGER PRIMARY KEY of its content table, so they survive VACUUM.
DELETE FROM file_fts WHERE rowid NOT IN (SELECT max(rowid) FROM file_fts GROUP BY node_id);
CREATE TABLE file_fts_rows (
  node_id TEXT PRIMARY KEY,
  fts_rowid INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO file_fts_rows (node_id, fts_rowid) SELECT node_id, rowid FROM file_fts;
