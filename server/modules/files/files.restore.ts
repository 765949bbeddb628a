// Documents from a backup snapshot: browsing the snapshot's tree and bringing files and folders back into the
// live store — always as new versions or new items, never by overwriting. The backup module hands in the
// snapshot's database copy (opened read-only) and a way to get a blob's bytes out of the snapshot.
//
// The shapes mirror SnapshotFolder and RestoreDocumentsReport in server/modules/backup/backup.dto.ts; they
// are declared here because files must not import backup (backup imports files), and the backup tests check
// that the two stay assignable.
import { copyFile, rm } from 'node:fs/promises';
import { existsSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { AuditService } from '../audit/index.js';
import type { OrgService } from '../org/index.js';
import { ROLES } from '../org/index.js';
import type { BlobStore, StoredBlob } from './files.blobs.js';
import { ancestorIds } from './files.checkpoint.js';
import type { AccessLevel, GrantSubjectType, Sensitivity, SpaceKind } from './files.dto.js';
import { FilesErrors } from './files.errors.js';
import { indexNode } from './files.indexing.js';
import { nameKey } from './files.names.js';
import type { FilesRepo, NodeRow, VersionRow } from './files.repo.js';
import type { FilesService } from './files.service.js';
import type { VersionsService } from './files.versions.js';

export interface SnapshotEntryView {
  id: string;
  kind: 'folder' | 'file';
  name: string;
  size: number | null;
  updatedAt: string;
  /** The same node is in the live store now, not in the bin. */
  existsNow: boolean;
}
export interface SnapshotFolderView {
  snapshotId: string;
  folderId: string | null;
  /** From the space root down to this folder (empty at the top, where the entries are the spaces). */
  path: { id: string | null; name: string }[];
  entries: SnapshotEntryView[];
}
export type RestoreMode = 'recreated' | 'new-version' | 'unchanged';
export interface RestoreReport {
  folders: number;
  files: number;
  bytes: number;
  restored: { id: string; name: string; kind: string; mode: RestoreMode }[];
}
export interface RestoreActor {
  id: string;
  displayName: string;
}
export interface RestoreInput {
  /** The snapshot's copy of the database, opened read-only (same schema as the live one). */
  snapDb: Sqlite;
  /** Snapshot node ids (files or folders) as the browse answer shows them. */
  nodeIds: readonly string[];
  /** A local temp file holding the blob's bytes from the snapshot; it is moved into the blob store. */
  readBlob: (sha256: string) => Promise<string>;
  /** Who restores: the audit log and the new versions name them. Must be a live user. */
  actor: RestoreActor;
  /** For the audit log. */
  snapshotId?: string;
}
export interface SnapshotDocumentsPort {
  browseSnapshot(input: { snapDb: Sqlite; snapshotId: string; folderId: string | null }): SnapshotFolderView;
  /**
   * The blobs a restore of these nodes would ask readBlob for (those missing from the live store), so the backup
   * service can bring them out of the snapshot in one go before calling restoreFromSnapshot.
   */
  neededBlobs(input: { snapDb: Sqlite; nodeIds: readonly string[] }): { sha256: string; size: number }[];
  restoreFromSnapshot(input: RestoreInput): Promise<RestoreReport>;
}

export interface RestoreDeps {
  repo: FilesRepo;
  blobs: BlobStore;
  files: Pick<FilesService, 'insertSpace'>;
  versions: Pick<VersionsService, 'addVersion' | 'checkQuota'>;
  org: OrgService;
  audit: AuditService;
  clock: Clock;
  /** Previews, thumbnails and text extraction for the restored contents. */
  onNewVersion: (version: VersionRow, node: NodeRow) => void;
}

/** A node as the snapshot holds it, with its current version. Only columns of 0004_files.sql are read. */
interface SnapNode {
  id: string;
  kind: 'folder' | 'file';
  parentId: string | null;
  ancestors: string;
  spaceKind: SpaceKind;
  spaceOwner: string | null;
  name: string;
  docType: string | null;
  departmentId: string | null;
  project: string | null;
  schoolYear: string | null;
  tags: string;
  sensitivity: Sensitivity;
  inherit: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  sha256: string | null;
  versionSize: number | null;
  versionMime: string | null;
  versionNumber: number | null;
}
interface SnapGrant {
  subjectType: GrantSubjectType;
  subjectId: string;
  level: AccessLevel;
}

const SNAP_COLUMNS = `n.id, n.kind, n.parent_id AS parentId, n.ancestors, n.space_kind AS spaceKind, n.space_owner AS spaceOwner, n.name,
  n.doc_type AS docType, n.department_id AS departmentId, n.project, n.school_year AS schoolYear, n.tags, n.sensitivity, n.inherit,
  n.created_by AS createdBy, n.created_at AS createdAt, n.updated_at AS updatedAt, n.deleted_at AS deletedAt,
  v.sha256, v.size AS versionSize, v.mime AS versionMime, v.number AS versionNumber`;
const SNAP_FROM = `file_nodes n LEFT JOIN file_versions v ON v.id = n.current_version_id`;
const SPACE_ORDER = `CASE n.space_kind WHEN 'school' THEN 0 WHEN 'department' THEN 1 WHEN 'project' THEN 2 ELSE 3 END`;
const likePrefix = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Read-only questions to the snapshot's database; "present" means not in the snapshot's bin. */
function snapshotReader(db: Sqlite) {
  const nodeStmt = db.prepare(`SELECT ${SNAP_COLUMNS} FROM ${SNAP_FROM} WHERE n.id = ?`);
  const childrenStmt = db.prepare(`SELECT ${SNAP_COLUMNS} FROM ${SNAP_FROM} WHERE n.parent_id = ? AND n.deleted_at IS NULL ORDER BY n.kind = 'file', n.name_key, n.id`);
  const grantsStmt = db.prepare(`SELECT subject_type AS subjectType, subject_id AS subjectId, level FROM file_grants WHERE node_id = ? ORDER BY subject_type, subject_id`);
  const node = (id: string) => nodeStmt.get(id) as SnapNode | undefined;
  const chainOf = (n: SnapNode): (SnapNode | undefined)[] => [...ancestorIds(n).map(node), n];
  return {
    node,
    /** Root first, ending with the node; null when the node or a folder above it was not live in the snapshot. */
    presentChain(id: string): SnapNode[] | null {
      const n = node(id);
      if (!n) return null;
      const chain = chainOf(n);
      return chain.every((c) => c && !c.deletedAt) ? (chain as SnapNode[]) : null;
    },
    children: (parentId: string) => childrenStmt.all(parentId) as SnapNode[],
    roots: () => db.prepare(`SELECT ${SNAP_COLUMNS} FROM ${SNAP_FROM} WHERE n.parent_id IS NULL AND n.deleted_at IS NULL ORDER BY ${SPACE_ORDER}, n.name_key, n.id`).all() as SnapNode[],
    /** Everything below a folder that was live in the snapshot, grouped by parent. */
    subtree(n: SnapNode): Map<string, SnapNode[]> {
      const rows = db
        .prepare(`SELECT ${SNAP_COLUMNS} FROM ${SNAP_FROM} WHERE n.ancestors LIKE ? ESCAPE '\\' AND n.deleted_at IS NULL ORDER BY n.kind = 'file', n.name_key, n.id`)
        .all(`${likePrefix(`${n.ancestors}${n.id}/`)}%`) as SnapNode[];
      const out = new Map<string, SnapNode[]>();
      for (const r of rows) out.set(r.parentId!, [...(out.get(r.parentId!) ?? []), r]);
      return out;
    },
    grants: (id: string) => grantsStmt.all(id) as SnapGrant[],
  };
}
type SnapshotReader = ReturnType<typeof snapshotReader>;

/** "报告.docx" → "报告（恢复）.docx", then "报告（恢复 2）.docx". */
export function restoredName(name: string, n: number): string {
  const tag = n === 1 ? '（恢复）' : `（恢复 ${n}）`;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}${tag}${name.slice(dot)}` : `${name}${tag}`;
}

export function createSnapshotDocuments(d: RestoreDeps): SnapshotDocumentsPort {
  const { repo, blobs } = d;
  const now = () => d.clock.now().toISOString();

  /** Live node ids among `ids`: present, not in the bin, and no folder above them in the bin. */
  function liveIds(ids: readonly string[]): Set<string> {
    const rows = repo.nodes(ids);
    const above = repo.nodes([...new Set([...rows.values()].flatMap((r) => ancestorIds(r)))]);
    const out = new Set<string>();
    for (const r of rows.values()) {
      if (r.deletedAt) continue;
      if (ancestorIds(r).every((a) => above.has(a) && !above.get(a)!.deletedAt)) out.add(r.id);
    }
    return out;
  }
  const liveNode = (id: string): NodeRow | null => (liveIds([id]).has(id) ? repo.node(id)! : null);

  /** The blob's bytes are in the live store afterwards (taken from the snapshot only when missing). */
  async function ensureBlobs(files: SnapNode[], readBlob: RestoreInput['readBlob']): Promise<void> {
    const wanted = new Map<string, number>();
    for (const f of files) if (f.sha256) wanted.set(f.sha256, f.versionSize ?? 0);
    for (const [sha, size] of wanted) {
      const target = blobs.pathOf(sha);
      if (existsSync(target)) {
        // Touched like BlobStore.adopt does, so garbage collection leaves an unreferenced blob alone until it is used.
        const t = new Date();
        utimesSync(target, t, t);
        continue;
      }
      const stored = await adoptFrom(await readBlob(sha));
      if (stored.sha256 !== sha || stored.size !== size) {
        throw FilesErrors.snapshotBlobMismatch(`Blob ${sha} read back as ${stored.sha256} (${stored.size} bytes)`, { sha256: sha });
      }
    }
  }

  /** adopt() renames; a temp file on another filesystem is copied next to the store first. */
  async function adoptFrom(temp: string): Promise<StoredBlob> {
    try {
      return await blobs.adopt(temp);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      const local = path.join(blobs.tempDir(), `restore-${newId()}`);
      await copyFile(temp, local);
      await rm(temp, { force: true });
      return blobs.adopt(local);
    }
  }

  /**
   * The selected snapshot nodes with everything below them. Every id is checked before anything is written; a
   * node inside another selected folder comes back with that folder.
   */
  function selection(snap: SnapshotReader, nodeIds: readonly string[]) {
    const chains = [...new Set(nodeIds)].map((id) => {
      const chain = snap.presentChain(id);
      if (!chain) throw FilesErrors.snapshotNodeUnknown(`No file or folder ${id} in this snapshot`, { nodeId: id });
      return chain;
    });
    const selected = new Set(chains.map((c) => c[c.length - 1]!.id));
    return chains
      .filter((c) => !c.slice(0, -1).some((a) => selected.has(a.id)))
      .map((chain) => {
        const top = chain[chain.length - 1]!;
        const tree = top.kind === 'folder' ? snap.subtree(top) : new Map<string, SnapNode[]>();
        const files = [top, ...[...tree.values()].flat()].filter((n) => n.kind === 'file' && n.sha256);
        return { chain, tree, files };
      });
  }

  /** One restore of one selected node: runs inside a single transaction. */
  function applier(snap: SnapshotReader, actor: RestoreActor) {
    const at = now();
    const counts = { folders: 0, files: 0, bytes: 0 };
    const newVersions: [VersionRow, NodeRow][] = [];
    const touchedSpaces = new Set<string>();
    const departments = new Set(d.org.listDepartments().map((x) => x.id));
    const userLive = (id: string | null): id is string => !!id && !!d.org.userRow(id);

    /** A free name among the live children of `parentId`: the snapshot's, or with （恢复） added. */
    function freeName(parentId: string, name: string): string {
      let free = name;
      for (let n = 1; repo.liveChild(parentId, nameKey(free)); n++) free = restoredName(name, n);
      return free;
    }

    /** Grants the snapshot gave this node, without people, departments and roles that no longer exist. */
    function liveGrants(s: SnapNode): SnapGrant[] {
      const all = snap.grants(s.id);
      const kept = all.filter((g) => {
        switch (g.subjectType) {
          case 'user':
            return userLive(g.subjectId);
          case 'dept':
          case 'dept_tree':
            return departments.has(g.subjectId);
          case 'role':
            return (ROLES as readonly string[]).includes(g.subjectId);
          default:
            return g.subjectType === 'all';
        }
      });
      // A 机密 item whose named people are all gone would be visible to nobody: the person restoring it is named instead.
      if (s.sensitivity === 'secret' && all.some((g) => g.subjectType === 'user') && !kept.some((g) => g.subjectType === 'user')) {
        kept.push({ subjectType: 'user', subjectId: actor.id, level: 'manage' });
      }
      return kept;
    }

    /** A new live node with the snapshot's name (freed), classification, label and own grants, below `parent`. */
    function insertNode(s: SnapNode, parent: NodeRow, name: string): NodeRow {
      // A purged node's id is free again: reusing it makes links to it (approvals, notices) work again.
      const id = repo.node(s.id) ? newId() : s.id;
      repo.insertNode({
        id, kind: s.kind, parentId: parent.id, ancestors: `${parent.ancestors}${parent.id}/`, spaceId: parent.spaceId, spaceKind: parent.spaceKind,
        spaceOwner: parent.spaceOwner, name, nameKey: nameKey(name), currentVersionId: null, size: null, mime: null, docType: s.docType,
        departmentId: s.departmentId && departments.has(s.departmentId) ? s.departmentId : null, project: s.project, schoolYear: s.schoolYear,
        tags: s.tags, sensitivity: s.sensitivity, inherit: s.inherit,
        // The creator keeps the credit; a creator who no longer exists is replaced by the person restoring.
        createdBy: userLive(s.createdBy) ? s.createdBy : actor.id, createdAt: s.createdAt, updatedBy: actor.id, updatedAt: at,
      });
      const grants = liveGrants(s);
      if (grants.length || s.inherit !== 1) repo.replaceGrants(id, s.inherit === 1, grants, actor.id, at);
      indexNode(repo, id);
      return repo.node(id)!;
    }

    function addContents(s: SnapNode, node: NodeRow, restoredFrom: number | null): void {
      const v = d.versions.addVersion(node, { sha256: s.sha256!, size: s.versionSize! }, s.versionMime ?? 'application/octet-stream', actor.id, restoredFrom);
      indexNode(repo, node.id);
      newVersions.push([v, repo.node(node.id)!]);
      touchedSpaces.add(node.spaceId);
      counts.files++;
      counts.bytes += v.size;
    }

    /** The snapshot's contents as a new version of the live file, unless they are its current contents. */
    function versionFile(s: SnapNode, live: NodeRow): RestoreMode {
      if (!s.sha256) return 'unchanged';
      const current = live.currentVersionId ? repo.version(live.currentVersionId) : undefined;
      if (current?.sha256 === s.sha256) return 'unchanged';
      addContents(s, live, s.versionNumber);
      return 'new-version';
    }

    /** A gone node comes back below `parent` as a new item, a folder with everything the snapshot had below it. */
    function recreate(s: SnapNode, parent: NodeRow, tree: Map<string, SnapNode[]>): NodeRow {
      const node = insertNode(s, parent, freeName(parent.id, s.name));
      if (s.kind === 'file') {
        if (s.sha256) addContents(s, node, null);
        return node;
      }
      counts.folders++;
      for (const c of tree.get(s.id) ?? []) if (c.kind === 'folder' || c.sha256) recreate(c, node, tree);
      return node;
    }

    /** An existing folder gets what the snapshot had in it: new versions of its files, missing items recreated. */
    function merge(s: SnapNode, live: NodeRow, tree: Map<string, SnapNode[]>): boolean {
      let changed = false;
      for (const c of tree.get(s.id) ?? []) {
        const existing = liveHere(c.id);
        if (existing && existing.kind === c.kind) {
          changed = (c.kind === 'file' ? versionFile(c, existing) !== 'unchanged' : merge(c, existing, tree)) || changed;
        } else if (c.kind === 'folder' || c.sha256) {
          recreate(c, live, tree);
          changed = true;
        }
      }
      return changed;
    }

    /** The folder a path of the snapshot leads to, by name; made when missing (path folders are merged, not suffixed). */
    function folderByName(parent: NodeRow, s: SnapNode): NodeRow {
      const same = repo.liveChild(parent.id, nameKey(s.name));
      if (same?.kind === 'folder') return same;
      return recreate({ ...s, kind: 'folder' }, parent, new Map());
    }

    function actorSpace(): NodeRow {
      return d.files.insertSpace('personal', actor.id, actor.displayName, [{ subjectType: 'user', subjectId: actor.id, level: 'manage' }], actor.id);
    }

    /**
     * Whether the person or department a space belongs to is still there (a deactivated person counts as gone:
     * nobody could open their personal space).
     */
    const activeUsers = new Map<string, boolean>();
    function ownerLive(kind: SpaceKind, owner: string | null): boolean {
      if (kind === 'personal') {
        if (!owner) return false;
        if (!activeUsers.has(owner)) activeUsers.set(owner, d.org.userRow(owner)?.active === true);
        return activeUsers.get(owner)!;
      }
      if (kind === 'department') return !!owner && departments.has(owner);
      return true;
    }

    /** The live node for a snapshot node: the same node, not in the bin, in a space whose owner is still there. */
    function liveHere(id: string): NodeRow | null {
      const n = liveNode(id);
      return n && ownerLive(n.spaceKind, n.spaceOwner) ? n : null;
    }

    /** The live space a snapshot space root corresponds to; `created` when it had to be made again. */
    function liveSpace(root: SnapNode): { node: NodeRow; created: boolean } {
      if (!ownerLive(root.spaceKind, root.spaceOwner)) {
        // The person (or department) the space belonged to no longer exists: the restored items now belong to the
        // person restoring them, in a folder of their own space named after the old space.
        return { node: folderByName(actorSpace(), root), created: false };
      }
      const same = liveHere(root.id) ?? repo.spaceRoot(root.spaceKind, root.spaceOwner);
      if (same) return { node: same, created: false };
      let grants: SnapGrant[];
      if (root.spaceKind === 'project') {
        grants = liveGrants(root);
        if (!grants.some((g) => g.subjectType === 'user' && g.level === 'manage')) grants.push({ subjectType: 'user', subjectId: actor.id, level: 'manage' });
      } else grants = defaultSpaceGrants(root);
      counts.folders++;
      return { node: d.files.insertSpace(root.spaceKind, root.spaceOwner, root.name, grants, root.spaceKind === 'personal' ? root.spaceOwner : actor.id), created: true };
    }

    /** As files.service.ts ensureSpaces() makes these spaces. */
    function defaultSpaceGrants(root: SnapNode): SnapGrant[] {
      if (root.spaceKind === 'school') return [{ subjectType: 'all', subjectId: '', level: 'view' }];
      if (root.spaceKind === 'personal') return [{ subjectType: 'user', subjectId: root.spaceOwner!, level: 'manage' }];
      return [{ subjectType: 'dept_tree', subjectId: root.spaceOwner!, level: 'edit' }];
    }

    /** Where a gone node goes back: its old folder when that lives, else the folders above it are made again. */
    function liveParent(chain: SnapNode[]): NodeRow {
      const above = chain.slice(0, -1);
      let i = above.length - 1;
      while (i > 0 && !liveHere(above[i]!.id)) i--;
      let parent = i > 0 ? liveHere(above[i]!.id)! : liveSpace(above[0]!).node;
      for (const s of above.slice(i + 1)) parent = folderByName(parent, s);
      return parent;
    }

    function restoreTop(chain: SnapNode[], tree: Map<string, SnapNode[]>): { node: NodeRow; mode: RestoreMode } {
      const s = chain[chain.length - 1]!;
      if (s.parentId === null) {
        const space = liveSpace(s);
        const changed = merge(s, space.node, tree);
        return { node: repo.node(space.node.id)!, mode: space.created ? 'recreated' : changed ? 'new-version' : 'unchanged' };
      }
      const live = liveHere(s.id);
      if (live && live.kind === 'file') return { mode: versionFile(s, live), node: repo.node(live.id)! };
      // A merged folder is 'new-version' when anything in it was written, 'unchanged' otherwise.
      if (live) return { mode: merge(s, live, tree) ? 'new-version' : 'unchanged', node: repo.node(live.id)! };
      return { node: recreate(s, liveParent(chain), tree), mode: 'recreated' };
    }

    return {
      counts,
      newVersions,
      run(chain: SnapNode[], tree: Map<string, SnapNode[]>) {
        const result = restoreTop(chain, tree);
        // Restored bytes count like uploaded ones: over the quota, nothing of this item is restored.
        for (const spaceId of touchedSpaces) d.versions.checkQuota(spaceId, actor.id, 0);
        return result;
      },
    };
  }

  return {
    browseSnapshot({ snapDb, snapshotId, folderId }) {
      const snap = snapshotReader(snapDb);
      let crumbs: SnapshotFolderView['path'] = [];
      let rows: SnapNode[];
      if (folderId === null) rows = snap.roots();
      else {
        const chain = snap.presentChain(folderId);
        if (!chain || chain[chain.length - 1]!.kind !== 'folder') throw FilesErrors.snapshotNodeUnknown(`No folder ${folderId} in this snapshot`, { nodeId: folderId });
        crumbs = chain.map((n) => ({ id: n.id, name: n.name }));
        rows = snap.children(folderId);
      }
      const live = liveIds(rows.map((r) => r.id));
      return {
        snapshotId,
        folderId,
        path: crumbs,
        entries: rows.map((r) => ({
          id: r.id, kind: r.kind, name: r.name, size: r.kind === 'file' ? (r.versionSize ?? 0) : null, updatedAt: r.updatedAt, existsNow: live.has(r.id),
        })),
      };
    },

    neededBlobs({ snapDb, nodeIds }) {
      const out = new Map<string, number>();
      for (const { files } of selection(snapshotReader(snapDb), nodeIds)) for (const f of files) if (!existsSync(blobs.pathOf(f.sha256!))) out.set(f.sha256!, f.versionSize ?? 0);
      return [...out].map(([sha256, size]) => ({ sha256, size }));
    },

    async restoreFromSnapshot({ snapDb, nodeIds, readBlob, actor, snapshotId }) {
      const snap = snapshotReader(snapDb);
      if (!d.org.userRow(actor.id)) throw FilesErrors.subjectUnknown('The person restoring must exist', { field: 'actor' });
      const tops = selection(snap, nodeIds);
      const report: RestoreReport = { folders: 0, files: 0, bytes: 0, restored: [] };
      for (const { chain, tree, files } of tops) {
        const s = chain[chain.length - 1]!;
        await ensureBlobs(files, readBlob);
        const apply = applier(snap, actor);
        const { node, mode } = repo.tx(() => {
          const result = apply.run(chain, tree);
          d.audit.record({
            event: 'files.restored_from_backup', actor, target: { type: result.node.kind, id: result.node.id, name: result.node.name },
            details: { snapshotId: snapshotId ?? null, snapshotNodeId: s.id, snapshotName: s.name, mode: result.mode, ...apply.counts },
          });
          return result;
        });
        for (const [v, n] of apply.newVersions) d.onNewVersion(v, n);
        report.folders += apply.counts.folders;
        report.files += apply.counts.files;
        report.bytes += apply.counts.bytes;
        report.restored.push({ id: node.id, name: node.name, kind: node.kind, mode });
      }
      return report;
    },
  };
}
