// SQL for the documents store. Prepared statements on better-sqlite3 (the hot paths — listing and access
// chains — run for every screen). Everything that must be atomic is called inside `tx()`.
import type { Sqlite } from '../../db/client.js';
import type { AccessLevel, GrantSubjectType, Sensitivity, SpaceKind } from './files.dto.js';
import type { GrantRow } from './files.access.js';

export interface NodeRow {
  id: string;
  kind: 'folder' | 'file';
  parentId: string | null;
  ancestors: string;
  spaceId: string;
  spaceKind: SpaceKind;
  spaceOwner: string | null;
  name: string;
  nameKey: string;
  currentVersionId: string | null;
  size: number | null;
  mime: string | null;
  docType: string | null;
  departmentId: string | null;
  project: string | null;
  schoolYear: string | null;
  tags: string;
  sensitivity: Sensitivity;
  inherit: number;
  hasGrants: number;
  createdBy: string | null;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string;
  deletedAt: string | null;
  deletedBy: string | null;
  trashRoot: string | null;
  versionNumber: number | null;
  hasThumb: number;
}

export interface VersionRow {
  id: string;
  nodeId: string;
  number: number;
  sha256: string;
  size: number;
  mime: string;
  restoredFrom: number | null;
  createdBy: string | null;
  createdAt: string;
}

export interface PreviewRow {
  versionId: string;
  status: 'pending' | 'ready' | 'failed' | 'none';
  pdfSha256: string | null;
  thumbSha256: string | null;
  pages: number | null;
  error: string | null;
  updatedAt: string;
}

const NODE_COLUMNS = `id, kind, parent_id AS parentId, ancestors, space_id AS spaceId, space_kind AS spaceKind, space_owner AS spaceOwner,
  name, name_key AS nameKey, current_version_id AS currentVersionId, size, mime, doc_type AS docType, department_id AS departmentId,
  project, school_year AS schoolYear, tags, sensitivity, inherit, has_grants AS hasGrants, created_by AS createdBy, created_at AS createdAt,
  updated_by AS updatedBy, updated_at AS updatedAt, deleted_at AS deletedAt, deleted_by AS deletedBy, trash_root AS trashRoot,
  (SELECT number FROM file_versions WHERE id = current_version_id) AS versionNumber,
  coalesce((SELECT thumb_sha256 IS NOT NULL FROM file_previews WHERE version_id = current_version_id), 0) AS hasThumb`;
const VERSION_COLUMNS = `id, node_id AS nodeId, number, sha256, size, mime, restored_from AS restoredFrom, created_by AS createdBy, created_at AS createdAt`;

export type NodeInsert = Omit<NodeRow, 'deletedAt' | 'deletedBy' | 'trashRoot' | 'hasGrants' | 'versionNumber' | 'hasThumb'>;

/** Node ids inside ancestors strings are safe in LIKE (base32 only), but keep the escape explicit. */
const likePrefix = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createFilesRepo(sqlite: Sqlite) {
  const s = {
    node: sqlite.prepare(`SELECT ${NODE_COLUMNS} FROM file_nodes WHERE id = ?`),
    liveChild: sqlite.prepare(`SELECT ${NODE_COLUMNS} FROM file_nodes WHERE parent_id = ? AND name_key = ? AND deleted_at IS NULL`),
    spaceRoot: sqlite.prepare(`SELECT ${NODE_COLUMNS} FROM file_nodes WHERE parent_id IS NULL AND space_kind = ? AND space_owner IS ? AND deleted_at IS NULL`),
    roots: sqlite.prepare(`SELECT ${NODE_COLUMNS} FROM file_nodes WHERE parent_id IS NULL AND deleted_at IS NULL ORDER BY space_kind, name`),
    insertNode: sqlite.prepare(`INSERT INTO file_nodes (id, kind, parent_id, ancestors, space_id, space_kind, space_owner, name, name_key,
      current_version_id, size, mime, doc_type, department_id, project, school_year, tags, sensitivity, inherit, created_by, created_at, updated_by, updated_at)
      VALUES (@id, @kind, @parentId, @ancestors, @spaceId, @spaceKind, @spaceOwner, @name, @nameKey, @currentVersionId, @size, @mime, @docType,
      @departmentId, @project, @schoolYear, @tags, @sensitivity, @inherit, @createdBy, @createdAt, @updatedBy, @updatedAt)`),
    grantsOf: sqlite.prepare(`SELECT subject_type AS subjectType, subject_id AS subjectId, level FROM file_grants WHERE node_id = ? ORDER BY subject_type, subject_id`),
    deleteGrants: sqlite.prepare(`DELETE FROM file_grants WHERE node_id = ?`),
    insertGrant: sqlite.prepare(`INSERT INTO file_grants (node_id, subject_type, subject_id, level, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
    setHasGrants: sqlite.prepare(`UPDATE file_nodes SET has_grants = ?, inherit = ? WHERE id = ?`),
    versions: sqlite.prepare(`SELECT ${VERSION_COLUMNS} FROM file_versions WHERE node_id = ? ORDER BY number DESC`),
    version: sqlite.prepare(`SELECT ${VERSION_COLUMNS} FROM file_versions WHERE id = ?`),
    maxVersion: sqlite.prepare(`SELECT coalesce(max(number), 0) AS n FROM file_versions WHERE node_id = ?`),
    insertVersion: sqlite.prepare(`INSERT INTO file_versions (id, node_id, number, sha256, size, mime, restored_from, created_by, created_at)
      VALUES (@id, @nodeId, @number, @sha256, @size, @mime, @restoredFrom, @createdBy, @createdAt)`),
    setCurrent: sqlite.prepare(`UPDATE file_nodes SET current_version_id = ?, size = ?, mime = ?, updated_by = ?, updated_at = ? WHERE id = ?`),
    insertBlob: sqlite.prepare(`INSERT INTO file_blobs (sha256, size, created_at) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING`),
    preview: sqlite.prepare(`SELECT version_id AS versionId, status, pdf_sha256 AS pdfSha256, thumb_sha256 AS thumbSha256, pages, error, updated_at AS updatedAt FROM file_previews WHERE version_id = ?`),
    upsertPreview: sqlite.prepare(`INSERT INTO file_previews (version_id, status, pdf_sha256, thumb_sha256, pages, error, updated_at)
      VALUES (@versionId, @status, @pdfSha256, @thumbSha256, @pages, @error, @updatedAt)
      ON CONFLICT(version_id) DO UPDATE SET status = excluded.status, pdf_sha256 = excluded.pdf_sha256, thumb_sha256 = excluded.thumb_sha256,
      pages = excluded.pages, error = excluded.error, updated_at = excluded.updated_at`),
    usage: sqlite.prepare(`SELECT coalesce(sum(v.size), 0) AS used FROM file_versions v JOIN file_nodes n ON n.id = v.node_id WHERE n.space_id = ?`),
    quota: sqlite.prepare(`SELECT bytes FROM file_quotas WHERE space_id = ?`),
    setQuota: sqlite.prepare(`INSERT INTO file_quotas (space_id, bytes) VALUES (?, ?) ON CONFLICT(space_id) DO UPDATE SET bytes = excluded.bytes`),
    touchView: sqlite.prepare(`INSERT INTO file_views (user_id, node_id, at) VALUES (?, ?, ?) ON CONFLICT(user_id, node_id) DO UPDATE SET at = excluded.at`),
    recent: sqlite.prepare(`SELECT ${NODE_COLUMNS} FROM file_nodes n WHERE n.id IN (SELECT node_id FROM file_views WHERE user_id = ? ORDER BY at DESC LIMIT ?) AND n.deleted_at IS NULL`),
    recentOrder: sqlite.prepare(`SELECT node_id AS nodeId FROM file_views WHERE user_id = ? ORDER BY at DESC LIMIT ?`),
    userNames: sqlite.prepare(`SELECT id, display_name AS name FROM users WHERE id IN (SELECT value FROM json_each(?))`),
    // file_fts.node_id is UNINDEXED: a node's FTS row is found through file_fts_rows (0005), never by node_id.
    ftsRowid: sqlite.prepare(`SELECT fts_rowid AS rowid FROM file_fts_rows WHERE node_id = ?`),
    ftsDelete: sqlite.prepare(`DELETE FROM file_fts WHERE rowid = ?`),
    ftsInsert: sqlite.prepare(`INSERT INTO file_fts (node_id, name, meta, body) VALUES (?, ?, ?, ?)`),
    ftsBody: sqlite.prepare(`SELECT body FROM file_fts WHERE rowid = ?`),
    ftsMapSet: sqlite.prepare(`INSERT INTO file_fts_rows (node_id, fts_rowid) VALUES (?, ?) ON CONFLICT(node_id) DO UPDATE SET fts_rowid = excluded.fts_rowid`),
    ftsMapDelete: sqlite.prepare(`DELETE FROM file_fts_rows WHERE node_id = ?`),
  };

  return {
    sqlite,
    tx<T>(fn: () => T): T {
      return sqlite.transaction(fn).immediate();
    },
    node: (id: string) => s.node.get(id) as NodeRow | undefined,
    /** Several nodes at once (ancestor chains), keyed by id. */
    nodes(ids: readonly string[]): Map<string, NodeRow> {
      const out = new Map<string, NodeRow>();
      if (!ids.length) return out;
      const rows = sqlite.prepare(`SELECT ${NODE_COLUMNS} FROM file_nodes WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as NodeRow[];
      for (const r of rows) out.set(r.id, r);
      return out;
    },
    liveChild: (parentId: string, key: string) => s.liveChild.get(parentId, key) as NodeRow | undefined,
    spaceRoot: (kind: SpaceKind, owner: string | null) => s.spaceRoot.get(kind, owner) as NodeRow | undefined,
    roots: () => s.roots.all() as NodeRow[],
    insertNode(row: NodeInsert): void {
      s.insertNode.run(row);
    },
    updateNode(id: string, patch: Partial<Pick<NodeRow, 'name' | 'nameKey' | 'docType' | 'departmentId' | 'project' | 'schoolYear' | 'tags' | 'sensitivity' | 'updatedBy' | 'updatedAt'>>): void {
      const cols: Record<string, string> = { name: 'name', nameKey: 'name_key', docType: 'doc_type', departmentId: 'department_id', project: 'project', schoolYear: 'school_year', tags: 'tags', sensitivity: 'sensitivity', updatedBy: 'updated_by', updatedAt: 'updated_at' };
      const keys = Object.keys(patch).filter((k) => k in cols);
      if (!keys.length) return;
      sqlite.prepare(`UPDATE file_nodes SET ${keys.map((k) => `${cols[k]} = @${k}`).join(', ')} WHERE id = @id`).run({ ...patch, id });
    },
    /** Moves a node and rewrites the ancestors of its whole subtree. */
    move(node: NodeRow, parent: NodeRow, nameKeyValue: string, name: string, at: string, by: string): void {
      const oldPrefix = `${node.ancestors}${node.id}/`;
      const newAncestors = `${parent.ancestors}${parent.id}/`;
      sqlite.prepare(`UPDATE file_nodes SET parent_id = ?, ancestors = ?, name = ?, name_key = ?, updated_at = ?, updated_by = ? WHERE id = ?`).run(parent.id, newAncestors, name, nameKeyValue, at, by, node.id);
      sqlite
        .prepare(`UPDATE file_nodes SET ancestors = ? || substr(ancestors, ?) WHERE ancestors LIKE ? ESCAPE '\\'`)
        .run(`${newAncestors}${node.id}/`, oldPrefix.length + 1, `${likePrefix(oldPrefix)}%`);
    },
    grantsOf: (nodeId: string) => s.grantsOf.all(nodeId) as GrantRow[],
    /** Grants of many nodes at once (only those with has_grants are asked for). */
    grantsOfMany(ids: readonly string[]): Map<string, GrantRow[]> {
      const out = new Map<string, GrantRow[]>();
      if (!ids.length) return out;
      const rows = sqlite
        .prepare(`SELECT node_id AS nodeId, subject_type AS subjectType, subject_id AS subjectId, level FROM file_grants WHERE node_id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(ids)) as (GrantRow & { nodeId: string })[];
      for (const { nodeId, ...g } of rows) {
        const list = out.get(nodeId) ?? [];
        list.push(g);
        out.set(nodeId, list);
      }
      return out;
    },
    replaceGrants(nodeId: string, inherit: boolean, grants: { subjectType: GrantSubjectType; subjectId: string; level: AccessLevel }[], by: string | null, at: string): void {
      s.deleteGrants.run(nodeId);
      for (const g of grants) s.insertGrant.run(nodeId, g.subjectType, g.subjectId, g.level, by, at);
      s.setHasGrants.run(grants.length ? 1 : 0, inherit ? 1 : 0, nodeId);
    },
    /** Live children of a folder, folders first; `limit + 1` rows to tell whether there is a next page. */
    children(parentId: string, order: string, limit: number, offset: number, extraWhere = '', params: unknown[] = []): NodeRow[] {
      return sqlite
        .prepare(`SELECT ${NODE_COLUMNS} FROM file_nodes WHERE parent_id = ? AND deleted_at IS NULL ${extraWhere} ORDER BY kind = 'file', ${order}, id LIMIT ? OFFSET ?`)
        .all(parentId, ...params, limit, offset) as NodeRow[];
    },
    /** Live nodes matching a filter across the store (candidates: the caller filters by access). */
    filter(where: string, params: unknown[], order: string, limit: number, offset: number): NodeRow[] {
      return sqlite.prepare(`SELECT ${NODE_COLUMNS} FROM file_nodes WHERE deleted_at IS NULL AND ${where} ORDER BY ${order}, id LIMIT ? OFFSET ?`).all(...params, limit, offset) as NodeRow[];
    },
    subtreeIds(node: NodeRow, includeDeleted = false): string[] {
      const rows = sqlite
        .prepare(`SELECT id FROM file_nodes WHERE ancestors LIKE ? ESCAPE '\\' ${includeDeleted ? '' : 'AND deleted_at IS NULL'}`)
        .all(`${likePrefix(`${node.ancestors}${node.id}/`)}%`) as { id: string }[];
      return rows.map((r) => r.id);
    },
    versions: (nodeId: string) => s.versions.all(nodeId) as VersionRow[],
    version: (id: string) => s.version.get(id) as VersionRow | undefined,
    nextVersionNumber: (nodeId: string) => (s.maxVersion.get(nodeId) as { n: number }).n + 1,
    insertVersion(v: VersionRow): void {
      s.insertVersion.run(v);
    },
    setCurrent(nodeId: string, v: VersionRow, at: string): void {
      s.setCurrent.run(v.id, v.size, v.mime, v.createdBy, at, nodeId);
    },
    insertBlob(sha256: string, size: number, at: string): void {
      s.insertBlob.run(sha256, size, at);
    },
    preview: (versionId: string) => s.preview.get(versionId) as PreviewRow | undefined,
    savePreview(p: PreviewRow): void {
      s.upsertPreview.run(p);
    },
    previewsOf(versionIds: readonly string[]): Map<string, PreviewRow> {
      const out = new Map<string, PreviewRow>();
      if (!versionIds.length) return out;
      const rows = sqlite
        .prepare(`SELECT version_id AS versionId, status, pdf_sha256 AS pdfSha256, thumb_sha256 AS thumbSha256, pages, error, updated_at AS updatedAt FROM file_previews WHERE version_id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(versionIds)) as PreviewRow[];
      for (const r of rows) out.set(r.versionId, r);
      return out;
    },
    spaceUsage: (spaceId: string) => (s.usage.get(spaceId) as { used: number }).used,
    quotaOf: (spaceId: string) => (s.quota.get(spaceId) as { bytes: number | null } | undefined)?.bytes,
    setQuota: (spaceId: string, bytes: number | null) => s.setQuota.run(spaceId, bytes),
    touchView: (userId: string, nodeId: string, at: string) => s.touchView.run(userId, nodeId, at),
    recent(userId: string, limit: number): NodeRow[] {
      const order = (s.recentOrder.all(userId, limit) as { nodeId: string }[]).map((r) => r.nodeId);
      const rows = new Map((s.recent.all(userId, limit) as NodeRow[]).map((r) => [r.id, r]));
      return order.map((id) => rows.get(id)).filter((r): r is NodeRow => !!r);
    },
    userNames(ids: Iterable<string | null | undefined>): Map<string, string> {
      const list = [...new Set([...ids].filter((x): x is string => !!x))];
      if (!list.length) return new Map();
      return new Map((s.userNames.all(JSON.stringify(list)) as { id: string; name: string }[]).map((r) => [r.id, r.name]));
    },
    indexText(nodeId: string, name: string, meta: string, body: string | null): void {
      const row = s.ftsRowid.get(nodeId) as { rowid: number } | undefined;
      const keep = body ?? (row ? ((s.ftsBody.get(row.rowid) as { body: string } | undefined)?.body ?? '') : '');
      if (row) s.ftsDelete.run(row.rowid);
      const { lastInsertRowid } = s.ftsInsert.run(nodeId, name, meta, keep);
      s.ftsMapSet.run(nodeId, lastInsertRowid);
    },
    unindex(nodeId: string): void {
      const row = s.ftsRowid.get(nodeId) as { rowid: number } | undefined;
      if (!row) return;
      s.ftsDelete.run(row.rowid);
      s.ftsMapDelete.run(nodeId);
    },
  };
}
export type FilesRepo = ReturnType<typeof createFilesRepo>;
