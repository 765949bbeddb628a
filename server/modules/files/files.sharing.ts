// Who may see what: grants on folders and files (inherited downwards, overridable per item), and the
// recycle bin. Every permission change is audited.
import type { CurrentUser } from '../../core/request-context.js';
import { ROLES } from '../org/index.js';
import { effectiveSensitivity, grantsInForce } from './files.access.js';
import { ancestorIds, toFileNode } from './files.checkpoint.js';
import type { FileNode, Grant, GrantInput, Sharing, SharingUpdate, TrashItem } from './files.dto.js';
import { FilesErrors } from './files.errors.js';
import { alternativeName, nameKey } from './files.names.js';
import type { NodeRow } from './files.repo.js';
import type { FilesDeps, FilesService } from './files.service.js';

export interface SharingDeps extends FilesDeps {
  files: FilesService;
  /** Blobs nobody references any more may be deleted (runs as a job). */
  collectGarbage: () => void;
}

export function createSharingService(d: SharingDeps) {
  const { repo, checkpoint, org } = d;
  const now = () => d.clock.now().toISOString();

  function subjectName(g: Pick<GrantInput, 'subjectType' | 'subjectId'>): string | null {
    switch (g.subjectType) {
      case 'user':
        return org.userRow(g.subjectId)?.displayName ?? null;
      case 'dept':
      case 'dept_tree':
        return org.listDepartments().find((x) => x.id === g.subjectId)?.name ?? null;
      case 'role':
        return (ROLES as readonly string[]).includes(g.subjectId) ? g.subjectId : null;
      case 'all':
        return g.subjectId === '' ? '全体教职工' : null;
    }
  }

  function sharingOf(chain: NodeRow[]): Sharing {
    const node = chain[chain.length - 1]!;
    const own = repo.grantsOf(node.id);
    const named = (g: GrantInput, from: NodeRow | null): Grant => ({ ...g, subjectName: subjectName(g) ?? g.subjectId, inheritedFrom: from ? { id: from.id, name: from.name } : null });
    const inherited: Grant[] = [];
    if (node.inherit === 1) {
      for (let i = chain.length - 2; i >= 0; i--) {
        const anc = chain[i]!;
        if (anc.hasGrants) inherited.push(...repo.grantsOf(anc.id).map((g) => named(g, anc)));
        if (anc.inherit !== 1) break;
      }
    }
    const label = effectiveSensitivity(chain.map((n) => ({ id: n.id, inherit: true, sensitivity: n.sensitivity, grants: [] })));
    return { inherit: node.inherit === 1, sensitivity: node.sensitivity, effectiveSensitivity: label, grants: own.map((g) => named(g, null)), inherited };
  }

  function trashRoots(user: CurrentUser, filesAdmin: boolean): NodeRow[] {
    const where = filesAdmin ? 'trash_root = id' : 'trash_root = id AND deleted_by = ?';
    return repo.sqlite
      .prepare(`SELECT id FROM file_nodes WHERE ${where} ORDER BY deleted_at DESC LIMIT 500`)
      .all(...(filesAdmin ? [] : [user.id]))
      .map((r) => repo.node((r as { id: string }).id)!)
      .filter(Boolean);
  }

  return {
    get(user: CurrentUser, id: string): Sharing {
      const r = checkpoint.require(checkpoint.viewerOf(user), id, 'manage');
      return sharingOf(r.chain);
    },
    update(user: CurrentUser, id: string, input: SharingUpdate, meta: { ip?: string } = {}): Sharing {
      const viewer = checkpoint.viewerOf(user);
      return repo.tx(() => {
        const r = checkpoint.require(viewer, id, 'manage');
        const seen = new Set<string>();
        const grants = input.grants.filter((g) => {
          const key = `${g.subjectType}:${g.subjectId}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        for (const g of grants) if (subjectName(g) === null) throw FilesErrors.subjectUnknown(`${g.subjectType} ${g.subjectId} does not exist`, { subjectType: g.subjectType, subjectId: g.subjectId });
        if (r.node.parentId === null && !input.inherit) input = { ...input, inherit: true };
        const before = repo.grantsOf(id);
        repo.replaceGrants(id, input.inherit, grants, user.id, now());
        const after = checkpoint.resolve(viewer, id);
        if (r.label === 'secret') {
          const chain = r.chain.slice(0, -1).map((n) => ({ id: n.id, inherit: n.inherit === 1, sensitivity: n.sensitivity, grants: n.hasGrants ? repo.grantsOf(n.id) : [] }));
          chain.push({ id, inherit: input.inherit, sensitivity: r.node.sensitivity, grants });
          if (!grantsInForce(chain).some((g) => g.subjectType === 'user')) throw FilesErrors.secretNeedsPerson();
        }
        // Taking away one's own management by mistake would strand the item; admins can always repair it.
        if (!after && !viewer.filesAdmin) throw FilesErrors.notAllowed('This change would remove your own access; keep yourself as a manager', { reason: 'self-lockout' });
        d.audit.record({
          event: 'files.permissions_changed', actor: user, target: { type: r.node.kind, id, name: r.node.name }, ip: meta.ip ?? null,
          details: { sensitivity: r.label, inherit: input.inherit, before, after: grants },
        });
        return sharingOf(checkpoint.resolve(viewer, id, {})?.chain ?? r.chain);
      });
    },
    /** Into the recycle bin with everything below it. */
    remove(user: CurrentUser, id: string): void {
      const viewer = checkpoint.viewerOf(user);
      repo.tx(() => {
        const r = checkpoint.require(viewer, id, 'edit');
        if (r.node.parentId === null && (r.node.spaceKind !== 'project' || r.level !== 'manage')) throw FilesErrors.spaceRootLocked();
        const at = now();
        const ids = [id, ...repo.subtreeIds(r.node)];
        repo.sqlite
          .prepare(`UPDATE file_nodes SET deleted_at = ?, deleted_by = ?, trash_root = ? WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`)
          .run(at, user.id, id, JSON.stringify(ids));
        d.audit.record({ event: 'files.deleted', actor: user, target: { type: r.node.kind, id, name: r.node.name }, details: { items: ids.length, sensitivity: r.label } });
      });
    },
    trash(user: CurrentUser): TrashItem[] {
      const viewer = checkpoint.viewerOf(user);
      const roots = trashRoots(user, viewer.filesAdmin);
      const names = repo.userNames(roots.flatMap((r) => [r.deletedBy, r.createdBy, r.updatedBy]));
      const known = new Map<string, NodeRow>();
      for (const [k, v] of repo.nodes([...new Set(roots.flatMap((r) => ancestorIds(r)))])) known.set(k, v);
      const out: TrashItem[] = [];
      for (const r of roots) {
        // 机密 items stay visible in the bin only to the people named on them.
        const live = { ...r, deletedAt: null };
        const access = checkpoint.levels(viewer, [live], known).get(r.id) ?? (r.deletedBy === user.id ? { level: 'view' as const, label: r.sensitivity } : null);
        if (!access) continue;
        const node: FileNode = { ...d.files.describe(viewer, [live], known)[0] ?? toFileNode(r, access, names) };
        const path = ancestorIds(r).map((a) => known.get(a)?.name ?? '…').join(' / ');
        const contains = (repo.sqlite.prepare(`SELECT count(*) AS n FROM file_nodes WHERE trash_root = ? AND kind = 'file'`).get(r.id) as { n: number }).n;
        out.push({ node, deletedAt: r.deletedAt!, deletedByName: r.deletedBy ? (names.get(r.deletedBy) ?? null) : null, originalPath: path, contains });
      }
      return out;
    },
    restore(user: CurrentUser, id: string): FileNode {
      const viewer = checkpoint.viewerOf(user);
      const row = repo.tx(() => {
        const node = repo.node(id);
        if (!node || node.trashRoot !== id || (!viewer.filesAdmin && node.deletedBy !== user.id)) throw FilesErrors.notFound();
        // Back where it was; if that folder is gone too, to the top of its space.
        let parent = node.parentId ? repo.node(node.parentId) : null;
        if (parent && (parent.deletedAt || repo.nodes(ancestorIds(parent)).size !== ancestorIds(parent).length || [...repo.nodes(ancestorIds(parent)).values()].some((a) => a.deletedAt))) parent = repo.node(node.spaceId) ?? null;
        if (node.parentId && !parent) throw FilesErrors.notFound();
        let name = node.name;
        if (parent) for (let n = 2; repo.liveChild(parent.id, nameKey(name)); n++) name = alternativeName(node.name, n);
        if (parent && (parent.id !== node.parentId || name !== node.name)) repo.move(node, parent, nameKey(name), name, now(), user.id);
        repo.sqlite.prepare(`UPDATE file_nodes SET deleted_at = NULL, deleted_by = NULL, trash_root = NULL WHERE trash_root = ?`).run(id);
        d.audit.record({ event: 'files.restored', actor: user, target: { type: node.kind, id, name } });
        return repo.node(id)!;
      });
      const described = d.files.describe(viewer, [row])[0];
      if (!described) throw FilesErrors.notFound();
      return described;
    },
    /** Permanent: only an admin, only from the bin. */
    purge(user: CurrentUser, id: string): void {
      const viewer = checkpoint.viewerOf(user);
      if (!viewer.filesAdmin) throw FilesErrors.notFound();
      repo.tx(() => {
        const node = repo.node(id);
        if (!node || node.trashRoot !== id) throw FilesErrors.notFound();
        const ids = [id, ...repo.subtreeIds(node, true)];
        const files = (repo.sqlite.prepare(`SELECT count(*) AS n FROM file_nodes WHERE id IN (SELECT value FROM json_each(?)) AND kind = 'file'`).get(JSON.stringify(ids)) as { n: number }).n;
        for (const nid of ids) repo.unindex(nid);
        repo.sqlite.prepare(`DELETE FROM file_nodes WHERE id = ?`).run(id);
        d.audit.record({ event: 'files.purged', actor: user, target: { type: node.kind, id, name: node.name }, details: { items: ids.length, files, sensitivity: node.sensitivity } });
      });
      d.collectGarbage();
    },
  };
}
export type SharingService = ReturnType<typeof createSharingService>;
