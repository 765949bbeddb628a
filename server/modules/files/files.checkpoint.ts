// Resolving "may this person do this to this item" for routes and services: loads the folder chain with its
// grants and asks files.access.ts. Every route of the documents store goes through `require()` or the
// batch `levels()`; nothing else decides access.
import type { CurrentUser } from '../../core/request-context.js';
import type { OrgService } from '../org/index.js';
import { PERMISSIONS } from '../org/index.js';
import { accessLevel, atLeast, effectiveSensitivity, needsWatermark, type ChainNode, type Viewer } from './files.access.js';
import type { AccessLevel, Crumb, FileNode, Sensitivity } from './files.dto.js';
import { FilesErrors } from './files.errors.js';
import type { FilesRepo, NodeRow } from './files.repo.js';

export interface Resolved {
  node: NodeRow;
  /** Root first, ending with the node itself. */
  chain: NodeRow[];
  level: AccessLevel;
  label: Sensitivity;
}

export function ancestorIds(node: Pick<NodeRow, 'ancestors'>): string[] {
  return node.ancestors.split('/').filter(Boolean);
}

export function createCheckpoint(repo: FilesRepo, org: OrgService) {
  function viewerOf(user: CurrentUser): Viewer {
    const departments = new Set<string>();
    const all = org.listDepartments();
    if (user.departmentId) {
      const byId = new Map(all.map((d) => [d.id, d]));
      for (let id: string | null | undefined = user.departmentId; id && !departments.has(id); id = byId.get(id)?.parentId) departments.add(id);
    }
    return {
      id: user.id,
      departmentId: user.departmentId,
      departments,
      roles: new Set(user.roles.map((r) => r.role)),
      filesAdmin: user.permissions.has(PERMISSIONS.filesManage),
      heads: new Set(all.filter((d) => d.headId === user.id).map((d) => d.id)),
    };
  }

  /** Chain nodes for many items at once: one query for all ancestors, one for all grants. */
  function chainsOf(nodes: readonly NodeRow[], known = new Map<string, NodeRow>()): Map<string, NodeRow[]> {
    const missing = new Set<string>();
    for (const n of nodes) for (const id of ancestorIds(n)) if (!known.has(id)) missing.add(id);
    for (const [id, row] of repo.nodes([...missing])) known.set(id, row);
    const out = new Map<string, NodeRow[]>();
    for (const n of nodes) {
      const chain = ancestorIds(n).map((id) => known.get(id)).filter((r): r is NodeRow => !!r);
      chain.push(n);
      out.set(n.id, chain);
    }
    return out;
  }

  function grantsFor(chains: Iterable<NodeRow[]>): Map<string, ChainNode['grants']> {
    const ids = new Set<string>();
    for (const chain of chains) for (const n of chain) if (n.hasGrants) ids.add(n.id);
    return repo.grantsOfMany([...ids]);
  }

  /** The head of a department manages its space: whoever is head now, so it is not stored as a grant. */
  const headGrant = (viewer: Viewer, n: NodeRow): ChainNode['grants'] =>
    n.parentId === null && n.spaceKind === 'department' && n.spaceOwner && viewer.heads?.has(n.spaceOwner) ? [{ subjectType: 'user', subjectId: viewer.id, level: 'manage' }] : [];

  const toChain = (viewer: Viewer, chain: NodeRow[], grants: Map<string, ChainNode['grants']>): ChainNode[] =>
    chain.map((n) => ({ id: n.id, inherit: n.inherit === 1, sensitivity: n.sensitivity, grants: [...(grants.get(n.id) ?? []), ...headGrant(viewer, n)] }));

  /** Personal spaces are private: the admin's blanket management does not reach into them. */
  const viewerFor = (viewer: Viewer, chain: NodeRow[]): Viewer =>
    viewer.filesAdmin && chain[0]?.spaceKind === 'personal' ? { ...viewer, filesAdmin: false } : viewer;

  function evaluate(viewer: Viewer, chain: NodeRow[], grants: Map<string, ChainNode['grants']>) {
    const c = toChain(viewer, chain, grants);
    return { level: accessLevel(viewerFor(viewer, chain), c), label: effectiveSensitivity(c) };
  }

  return {
    viewerOf,
    /** Access to a live item, or null (missing, in the bin, or not visible: all the same to the caller). */
    resolve(viewer: Viewer, id: string, opts: { includeDeleted?: boolean } = {}): Resolved | null {
      const node = repo.node(id);
      if (!node || (node.deletedAt && !opts.includeDeleted)) return null;
      const chain = chainsOf([node]).get(node.id)!;
      if (!opts.includeDeleted && chain.some((n) => n.deletedAt)) return null;
      const { level, label } = evaluate(viewer, chain, grantsFor([chain]));
      return level ? { node, chain, level, label } : null;
    },
    /** Like resolve, but throws: 404 when invisible, 403 when visible with too little access. */
    require(viewer: Viewer, id: string, wanted: AccessLevel): Resolved {
      const r = this.resolve(viewer, id);
      if (!r) throw FilesErrors.notFound();
      if (!atLeast(r.level, wanted)) throw FilesErrors.notAllowed(`This needs ${wanted} access; you have ${r.level}`, { needed: wanted, have: r.level });
      return r;
    },
    /** Levels for many live nodes (listings, search); invisible ones are left out. */
    levels(viewer: Viewer, nodes: readonly NodeRow[], known?: Map<string, NodeRow>): Map<string, { level: AccessLevel; label: Sensitivity }> {
      const chains = chainsOf(nodes, known);
      const grants = grantsFor(chains.values());
      const out = new Map<string, { level: AccessLevel; label: Sensitivity }>();
      for (const n of nodes) {
        const chain = chains.get(n.id)!;
        if (chain.some((c) => c.deletedAt)) continue;
        const { level, label } = evaluate(viewer, chain, grants);
        if (level) out.set(n.id, { level, label });
      }
      return out;
    },
    breadcrumbs(chain: NodeRow[]): Crumb[] {
      return chain.map((n) => ({ id: n.id, name: n.name }));
    },
  };
}
export type Checkpoint = ReturnType<typeof createCheckpoint>;

/** A row as the API shows it. */
export function toFileNode(n: NodeRow, access: { level: AccessLevel; label: Sensitivity }, names: Map<string, string>): FileNode {
  return {
    id: n.id,
    kind: n.kind,
    name: n.name,
    parentId: n.parentId,
    spaceId: n.spaceId,
    spaceKind: n.spaceKind,
    size: n.kind === 'file' ? n.size : null,
    mime: n.mime,
    versionId: n.currentVersionId,
    versionNumber: n.versionNumber,
    docType: n.docType,
    departmentId: n.departmentId,
    project: n.project,
    schoolYear: n.schoolYear,
    tags: n.tags.split('|').filter(Boolean),
    sensitivity: n.sensitivity,
    effectiveSensitivity: access.label,
    level: access.level,
    hasThumbnail: n.hasThumb === 1 && !needsWatermark(access.label),
    createdBy: n.createdBy,
    createdByName: n.createdBy ? (names.get(n.createdBy) ?? null) : null,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    updatedByName: n.updatedBy ? (names.get(n.updatedBy) ?? null) : null,
  };
}
