// Uploads in progress (table file_uploads): the owner of each tus upload id, its metadata and declared
// size. Rows exist only until the upload is completed, refused or expired.
import type { Sqlite } from '../../db/client.js';

/** Upload-Metadata as the client sent it (decoded UTF-8); `filename` is required. */
export interface UploadMeta {
  filename: string;
  parentId?: string;
  fileId?: string;
  relativePath?: string;
  [k: string]: string | undefined;
}

export interface UploadRecord {
  id: string;
  userId: string;
  meta: UploadMeta;
  /** Declared size; null while the client defers the length. */
  size: number | null;
  createdAt: string;
}

interface UploadRow {
  id: string;
  userId: string;
  meta: string;
  size: number | null;
  createdAt: string;
}

const COLUMNS = 'id, user_id AS userId, meta, size, created_at AS createdAt';

function toRecord(row: UploadRow): UploadRecord {
  return { ...row, meta: JSON.parse(row.meta) as UploadMeta };
}

export function createUploadsRepo(sqlite: Sqlite) {
  const insertStmt = sqlite.prepare('INSERT INTO file_uploads (id, user_id, meta, size, created_at) VALUES (?, ?, ?, ?, ?)');
  const getStmt = sqlite.prepare(`SELECT ${COLUMNS} FROM file_uploads WHERE id = ?`);
  const setSizeStmt = sqlite.prepare('UPDATE file_uploads SET size = ? WHERE id = ?');
  const removeStmt = sqlite.prepare('DELETE FROM file_uploads WHERE id = ?');
  const olderStmt = sqlite.prepare(`SELECT ${COLUMNS} FROM file_uploads WHERE created_at < ? ORDER BY created_at`);
  const idsStmt = sqlite.prepare('SELECT id FROM file_uploads');
  const pendingStmt = sqlite.prepare('SELECT coalesce(sum(size), 0) AS bytes FROM file_uploads WHERE user_id = ?');
  const ofUserStmt = sqlite.prepare(`SELECT ${COLUMNS} FROM file_uploads WHERE user_id = ?`);

  return {
    insert(record: UploadRecord): void {
      insertStmt.run(record.id, record.userId, JSON.stringify(record.meta), record.size, record.createdAt);
    },
    get(id: string): UploadRecord | null {
      const row = getStmt.get(id) as UploadRow | undefined;
      return row ? toRecord(row) : null;
    },
    setSize(id: string, size: number): void {
      setSizeStmt.run(size, id);
    },
    remove(id: string): boolean {
      return removeStmt.run(id).changes > 0;
    },
    createdBefore(cutoff: string): UploadRecord[] {
      return (olderStmt.all(cutoff) as UploadRow[]).map(toRecord);
    },
    ids(): Set<string> {
      return new Set((idsStmt.all() as { id: string }[]).map((r) => r.id));
    },
    /** Declared bytes of this user's unfinished uploads (deferred lengths count 0 until declared). */
    pendingBytesOfUser(userId: string): number {
      return (pendingStmt.get(userId) as { bytes: number }).bytes;
    },
    /** This user's unfinished uploads (quotas count their declared bytes against the space each one targets). */
    ofUser(userId: string): UploadRecord[] {
      return (ofUserStmt.all(userId) as UploadRow[]).map(toRecord);
    },
  };
}
export type UploadsRepo = ReturnType<typeof createUploadsRepo>;
