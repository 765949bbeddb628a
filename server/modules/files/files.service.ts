// Spaces, folders, listings and item metadata: the tree part of the documents store.
import type { CurrentUser } from '../../core/request-context.js';
import { newId } from '../../lib/ids.js';
import type { AuditService } from '../audit/index.js';
import type { OrgService } from '../org/index.js';
import { atLeast, needsWatermark } from './files.access.js';
import { ancestorIds, toFileNode, type Checkpoint } from './files.checkpoint.js';
import type { AccessLevel, FileNode, FolderCreate, GrantSubjectType, FolderListing, ListQuery, NodeDetail, NodePage, NodePatch, SpaceKind, Spaces } from './files.dto.js';
import { FilesErrors } from './files.errors.js';
import { indexNode } from './files.indexing.js';
import { cleanName, nameKey } from './files.names.js';
import type { FilesPolicyStore } from './files.policy.js';
import type { FilesRepo, NodeRow } from './files.repo.js';
import type { Clock } from '../../lib/clock.js';

export interface FilesDeps {
  repo: FilesRepo;
  checkpoint: Checkpoint;
  org: OrgService;
  audit: AuditService;
  clock: Clock;
  policy: FilesPolicyStore;
}

const SORT_SQL: Record<NonNullable<ListQuery['sort']>, string> = {
  name: 'name_key',
  updated: 'updated_at',
  size: 'coalesce(size, 0)',
  type: "coalesce(mime, ''), name_key",
};

/** Filter conditions shared by folder listings and the store-wide list. */
function filterSql(q: ListQuery): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const eq = (col: string, v: unknown) => {
    where.push(`${col} = ?`);
    params.push(v);
  };
  if (q.docType) eq('doc_type', q.docType);
  if (q.departmentId) eq('department_id', q.departmentId);
  if (q.project) eq('project', q.project);
  if (q.schoolYear) eq('school_year', q.schoolYear);
  if (q.sensitivity) eq('sensitivity', q.sensitivity);
  if (q.kind) eq('kind', q.kind);
  if (q.tag) {
    where.push(`tags LIKE ? ESCAPE '\\'`);
    params.push(`%|${q.tag.replace(/[\\%_]/g, (c) => `\\${c}`)}|%`);
  }
  if (q.name) {
    where.push(`name_key LIKE ? ESCAPE '\\'`);
    params.push(`%${nameKey(q.name).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { where, params };
}

const decodeOffset = (cursor: string | undefined): number => {
  if (!cursor) return 0;
  const n = Number.parseInt(cursor, 36);
  if (!Number.isSafeInteger(n) || n < 0) throw FilesErrors.nameInvalid('Bad cursor', { reason: 'cursor' });
  return n;
};

export function createFilesService(d: FilesDeps) {
  const { repo, checkpoint, clock } = d;
  const now = () => clock.now().toISOString();

  function describe(viewer: ReturnType<Checkpoint['viewerOf']>, rows: NodeRow[], known?: Map<string, NodeRow>): FileNode[] {
    const levels = checkpoint.levels(viewer, rows, known);
    const names = repo.userNames(rows.flatMap((r) => [r.createdBy, r.updatedBy]));
    return rows.filter((r) => levels.has(r.id)).map((r) => toFileNode(r, levels.get(r.id)!, names));
  }

  function insertSpace(kind: SpaceKind, owner: string | null, name: string, grants: { subjectType: GrantSubjectType; subjectId: string; level: AccessLevel }[], by: string | null): NodeRow {
    const id = newId();
    const at = now();
    repo.tx(() => {
      if (repo.spaceRoot(kind, owner)) return;
      repo.insertNode({
        id, kind: 'folder', parentId: null, ancestors: '/', spaceId: id, spaceKind: kind, spaceOwner: owner, name, nameKey: nameKey(name),
        currentVersionId: null, size: null, mime: null, docType: null, departmentId: kind === 'department' ? owner : null, project: kind === 'project' ? name : null,
        schoolYear: null, tags: '', sensitivity: 'internal', inherit: 1, createdBy: by, createdAt: at, updatedBy: by, updatedAt: at,
      });
      repo.replaceGrants(id, true, grants, by, at);
      indexNode(repo, id);
    });
    return repo.spaceRoot(kind, owner)!;
  }

  /** Spaces appear on first use: the school space, each person's own, each department's. */
  function ensureSpaces(user: CurrentUser, filesAdmin: boolean): void {
    if (!repo.spaceRoot('school', 'school')) insertSpace('school', 'school', '全校文件', [{ subjectType: 'all', subjectId: '', level: 'view' }], null);
    if (!repo.spaceRoot('personal', user.id)) insertSpace('personal', user.id, user.displayName, [{ subjectType: 'user', subjectId: user.id, level: 'manage' }], user.id);
    const departments = filesAdmin ? d.org.listDepartments() : d.org.listDepartments().filter((x) => x.id === user.departmentId || x.headId === user.id);
    for (const dep of departments) {
      if (repo.spaceRoot('department', dep.id)) continue;
      // The head's management is not stored: the checkpoint gives it to whoever is head now.
      insertSpace('department', dep.id, dep.name, [{ subjectType: 'dept_tree', subjectId: dep.id, level: 'edit' }], null);
    }
  }

  function uniqueCheck(parentId: string, name: string, exceptId?: string): void {
    const clash = repo.liveChild(parentId, nameKey(name));
    if (clash && clash.id !== exceptId) throw FilesErrors.nameTaken(`“${name}” already exists here`, { existingId: clash.id, existingKind: clash.kind });
  }

  function insertFolder(parent: NodeRow, name: string, by: string): NodeRow {
    const id = newId();
    const at = now();
    repo.insertNode({
      id, kind: 'folder', parentId: parent.id, ancestors: `${parent.ancestors}${parent.id}/`, spaceId: parent.spaceId, spaceKind: parent.spaceKind,
      spaceOwner: parent.spaceOwner, name, nameKey: nameKey(name), currentVersionId: null, size: null, mime: null, docType: null,
      departmentId: parent.departmentId, project: parent.project, schoolYear: parent.schoolYear, tags: '', sensitivity: 'internal', inherit: 1,
      createdBy: by, createdAt: at, updatedBy: by, updatedAt: at,
    });
    indexNode(repo, id);
    return repo.node(id)!;
  }

  return {
    describe,
    insertSpace,
    insertFolder,
    uniqueCheck,
    spaces(user: CurrentUser): Spaces {
      const viewer = checkpoint.viewerOf(user);
      ensureSpaces(user, viewer.filesAdmin);
      const visible = describe(viewer, repo.roots());
      const pick = (kind: SpaceKind) => visible.filter((n) => n.spaceKind === kind);
      const personal = visible.find((n) => n.spaceKind === 'personal' && repo.node(n.id)?.spaceOwner === user.id)!;
      return { school: pick('school')[0] ?? null, personal, departments: pick('department'), projects: pick('project') };
    },
    createProjectSpace(user: CurrentUser, rawName: string): FileNode {
      const name = cleanName(rawName);
      const row = insertSpace('project', newId(), name, [{ subjectType: 'user', subjectId: user.id, level: 'manage' }], user.id);
      return describe(checkpoint.viewerOf(user), [row])[0]!;
    },
    createFolder(user: CurrentUser, input: FolderCreate): FileNode {
      const viewer = checkpoint.viewerOf(user);
      const name = cleanName(input.name);
      const row = repo.tx(() => {
        const parent = checkpoint.require(viewer, input.parentId, 'edit').node;
        if (parent.kind !== 'folder') throw FilesErrors.notAFolder();
        uniqueCheck(parent.id, name);
        return insertFolder(parent, name, user.id);
      });
      return describe(viewer, [row])[0]!;
    },
    listFolder(user: CurrentUser, folderId: string, q: ListQuery): FolderListing {
      const viewer = checkpoint.viewerOf(user);
      const r = checkpoint.require(viewer, folderId, 'view');
      if (r.node.kind !== 'folder') throw FilesErrors.notAFolder();
      const limit = q.limit ?? 50;
      const offset = decodeOffset(q.cursor);
      const { where, params } = filterSql(q);
      const order = `${SORT_SQL[q.sort ?? 'name']} ${q.order === 'desc' ? 'DESC' : 'ASC'}`;
      const rows = repo.children(folderId, order, limit + 1, offset, where.map((w) => `AND ${w}`).join(' '), params);
      const known = new Map(r.chain.map((n) => [n.id, n]));
      const page = rows.slice(0, limit);
      const [folder] = describe(viewer, [r.node], known);
      return {
        folder: folder!,
        breadcrumbs: checkpoint.breadcrumbs(r.chain),
        items: describe(viewer, page, known),
        nextCursor: rows.length > limit ? (offset + limit).toString(36) : null,
      };
    },
    /** Store-wide list by classification. Scans candidates in pages and keeps the visible ones. */
    list(user: CurrentUser, q: ListQuery): NodePage {
      const viewer = checkpoint.viewerOf(user);
      const limit = q.limit ?? 50;
      let offset = decodeOffset(q.cursor);
      const { where, params } = filterSql(q);
      if (q.within) {
        const r = checkpoint.require(viewer, q.within, 'view');
        where.push(`ancestors LIKE ? ESCAPE '\\'`);
        params.push(`${r.node.ancestors}${r.node.id}/%`);
      }
      const order = `${SORT_SQL[q.sort ?? 'updated']} ${q.order === 'asc' ? 'ASC' : 'DESC'}`;
      const items: FileNode[] = [];
      const batch = Math.max(limit * 4, 200);
      const known = new Map<string, NodeRow>();
      // Bounded scan: a person who may see little of a huge store still gets an answer quickly, with a cursor.
      for (let scanned = 0; items.length < limit && scanned < 5000; scanned += batch) {
        const rows = repo.filter(where.length ? where.join(' AND ') : '1', params, order, batch, offset);
        for (const node of describe(viewer, rows, known)) {
          if (items.length === limit) break;
          items.push(node);
        }
        const consumed = items.length === limit ? rows.findIndex((r) => r.id === items[items.length - 1]!.id) + 1 : rows.length;
        offset += consumed;
        if (rows.length < batch) return { items, nextCursor: items.length === limit && consumed < rows.length ? offset.toString(36) : null };
      }
      return { items, nextCursor: offset.toString(36) };
    },
    recent(user: CurrentUser): NodePage {
      const viewer = checkpoint.viewerOf(user);
      return { items: describe(viewer, repo.recent(user.id, 30)), nextCursor: null };
    },
    detail(user: CurrentUser, id: string, meta: { ip?: string } = {}): NodeDetail {
      const viewer = checkpoint.viewerOf(user);
      const r = checkpoint.require(viewer, id, 'view');
      const known = new Map(r.chain.map((n) => [n.id, n]));
      const node = describe(viewer, [r.node], known)[0]!;
      if (r.node.kind === 'file') repo.touchView(user.id, id, now());
      if (r.node.kind === 'file' && needsWatermark(r.label)) {
        d.audit.record({ event: 'files.viewed', actor: user, target: { type: 'file', id, name: r.node.name }, ip: meta.ip ?? null, details: { sensitivity: r.label } });
      }
      return { node, breadcrumbs: checkpoint.breadcrumbs(r.chain), watermark: needsWatermark(r.label) ? watermarkText(user.displayName, clock.now()) : null };
    },
    update(user: CurrentUser, id: string, patch: NodePatch): FileNode {
      const viewer = checkpoint.viewerOf(user);
      const row = repo.tx(() => {
        const r = checkpoint.require(viewer, id, 'edit');
        const node = r.node;
        const isRoot = node.parentId === null;
        if (isRoot && (patch.parentId || (patch.name && !viewer.filesAdmin && node.spaceKind !== 'project'))) throw FilesErrors.spaceRootLocked();
        if (patch.sensitivity !== undefined || patch.parentId !== undefined) {
          if (!atLeast(r.level, 'manage')) throw FilesErrors.notAllowed('Moving and labelling need manage access', { needed: 'manage', have: r.level });
        }
        if (patch.docType && !d.policy.get().docTypes.some((t) => t.key === patch.docType)) throw FilesErrors.docTypeUnknown(`No document type “${patch.docType}”`);
        if (patch.departmentId && !d.org.listDepartments().some((x) => x.id === patch.departmentId)) throw FilesErrors.subjectUnknown('No such department', { field: 'departmentId' });
        const at = now();
        const name = patch.name !== undefined ? cleanName(patch.name) : node.name;
        if (patch.parentId !== undefined && patch.parentId !== node.parentId) {
          const target = checkpoint.require(viewer, patch.parentId, 'edit').node;
          if (target.kind !== 'folder' || target.spaceId !== node.spaceId || target.id === node.id || ancestorIds(target).includes(node.id)) throw FilesErrors.moveInvalid();
          uniqueCheck(target.id, name, node.id);
          repo.move(node, target, nameKey(name), name, at, user.id);
        } else if (name !== node.name) {
          if (node.parentId) uniqueCheck(node.parentId, name, node.id);
          repo.updateNode(id, { name, nameKey: nameKey(name) });
        }
        repo.updateNode(id, {
          ...(patch.docType !== undefined ? { docType: patch.docType } : {}),
          ...(patch.departmentId !== undefined ? { departmentId: patch.departmentId } : {}),
          ...(patch.project !== undefined ? { project: patch.project?.trim() || null } : {}),
          ...(patch.schoolYear !== undefined ? { schoolYear: patch.schoolYear } : {}),
          ...(patch.tags !== undefined ? { tags: patch.tags.length ? `|${[...new Set(patch.tags.map((t) => t.trim()).filter(Boolean))].join('|')}|` : '' } : {}),
          ...(patch.sensitivity !== undefined ? { sensitivity: patch.sensitivity } : {}),
          updatedBy: user.id,
          updatedAt: at,
        });
        if (patch.sensitivity === 'secret' && !repo.grantsOf(id).some((g) => g.subjectType === 'user' && g.subjectId === user.id)) {
          // Labelling 机密 drops every non-person grant; keep the person doing it from locking themselves out.
          repo.replaceGrants(id, node.inherit === 1, [...repo.grantsOf(id), { subjectType: 'user', subjectId: user.id, level: 'manage' }], user.id, at);
        }
        if (patch.sensitivity !== undefined && patch.sensitivity !== node.sensitivity) {
          d.audit.record({ event: 'files.sensitivity_changed', actor: user, target: { type: node.kind, id, name: node.name }, details: { from: node.sensitivity, to: patch.sensitivity } });
        }
        indexNode(repo, id);
        return repo.node(id)!;
      });
      return describe(viewer, [row])[0]!;
    },
  };
}
export type FilesService = ReturnType<typeof createFilesService>;

/** "王小明 2026-11-28 10:31" in the school's clock (UTC+8 for mainland schools). */
export function watermarkText(name: string, at: Date, timeZone = 'Asia/Shanghai'): string {
  const parts = new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${name} ${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} 校办`;
}
