// Pure editing operations on an approval flow: node ids, adding, moving and removing nodes (top level and inside
// a condition branch), branches in priority order with the default branch kept last, and where a problem's JSON
// pointer leads in the builder.
import type { ApproveNode, ApproverSpec, BranchNode, CcNode, Flow, FlowNode, FormSchema } from '../../../../server/lib/form-schema';
import { uniqueKey } from './builder-state';

/** A node's place: a top-level index, or a node inside branch `branch` of the branch node at `index`. */
export type NodePath = { index: number } | { index: number; branch: number; inner: number };
export type InnerNode = ApproveNode | CcNode;

export const isInner = (p: NodePath): p is { index: number; branch: number; inner: number } => 'branch' in p;
export const samePath = (a: NodePath | null, b: NodePath | null): boolean =>
  !!a && !!b && a.index === b.index && (isInner(a) ? isInner(b) && a.branch === b.branch && a.inner === b.inner : !isInner(b));

export function nodeIds(flow: Flow): Set<string> {
  const out = new Set<string>();
  for (const n of flow.nodes) {
    out.add(n.id);
    if (n.type === 'branch') for (const b of n.branches) for (const m of b.nodes) out.add(m.id);
  }
  return out;
}

export interface NewNodeTexts {
  approve: string;
  cc: string;
  branch: string;
  condition: (n: number) => string;
  otherwise: string;
}

export function newApproveNode(id: string, name: string): ApproveNode {
  return { id, type: 'approve', name, approvers: [{ kind: 'supervisor', level: 1 }], mode: 'any' };
}

export function newCcNode(id: string, name: string): CcNode {
  return { id, type: 'cc', name, recipients: [{ kind: 'deptHead' }] };
}

/** A branch node starts with one conditional branch and the default branch (when: null). */
export function newBranchNode(id: string, texts: NewNodeTexts): BranchNode {
  return {
    id,
    type: 'branch',
    name: texts.branch,
    branches: [
      { name: texts.condition(1), when: { mode: 'all', rules: [] }, nodes: [] },
      { name: texts.otherwise, when: null, nodes: [] },
    ],
  };
}

export function makeNode(type: FlowNode['type'], flow: Flow, texts: NewNodeTexts): FlowNode {
  const id = uniqueKey(type, nodeIds(flow));
  if (type === 'approve') return newApproveNode(id, texts.approve);
  if (type === 'cc') return newCcNode(id, texts.cc);
  return newBranchNode(id, texts);
}

export function getNode(flow: Flow, path: NodePath): FlowNode | null {
  const top = flow.nodes[path.index];
  if (!top) return null;
  if (!isInner(path)) return top;
  if (top.type !== 'branch') return null;
  return top.branches[path.branch]?.nodes[path.inner] ?? null;
}

function mapBranch(flow: Flow, index: number, fn: (n: BranchNode) => BranchNode): Flow {
  return { ...flow, nodes: flow.nodes.map((n, i) => (i === index && n.type === 'branch' ? fn(n) : n)) };
}

function mapInnerList(flow: Flow, index: number, branch: number, fn: (list: InnerNode[]) => InnerNode[]): Flow {
  return mapBranch(flow, index, (n) => ({ ...n, branches: n.branches.map((b, i) => (i === branch ? { ...b, nodes: fn(b.nodes) } : b)) }));
}

/**
 * Insert a node: a top-level gap (`{ index }` = before the node at index), or a gap inside a branch. Branch nodes
 * cannot nest; an attempt to put one inside a branch is ignored.
 */
export function insertNode(flow: Flow, at: NodePath, node: FlowNode): Flow {
  if (!isInner(at)) {
    const i = Math.min(Math.max(at.index, 0), flow.nodes.length);
    return { ...flow, nodes: [...flow.nodes.slice(0, i), node, ...flow.nodes.slice(i)] };
  }
  if (node.type === 'branch') return flow;
  return mapInnerList(flow, at.index, at.branch, (list) => {
    const i = Math.min(Math.max(at.inner, 0), list.length);
    return [...list.slice(0, i), node, ...list.slice(i)];
  });
}

export function updateNode(flow: Flow, path: NodePath, fn: (n: FlowNode) => FlowNode): Flow {
  if (!isInner(path)) return { ...flow, nodes: flow.nodes.map((n, i) => (i === path.index ? fn(n) : n)) };
  return mapInnerList(flow, path.index, path.branch, (list) => list.map((n, i) => (i === path.inner ? (fn(n) as InnerNode) : n)));
}

export function removeNode(flow: Flow, path: NodePath): Flow {
  if (!isInner(path)) return { ...flow, nodes: flow.nodes.filter((_, i) => i !== path.index) };
  return mapInnerList(flow, path.index, path.branch, (list) => list.filter((_, i) => i !== path.inner));
}

/** Move a node one place within its own list; returns the flow and where the node is now. */
export function moveNode(flow: Flow, path: NodePath, delta: -1 | 1): { flow: Flow; path: NodePath } {
  const swap = <T>(list: readonly T[], i: number): T[] | null => {
    const j = i + delta;
    if (j < 0 || j >= list.length) return null;
    const out = [...list];
    [out[i], out[j]] = [out[j]!, out[i]!];
    return out;
  };
  if (!isInner(path)) {
    const nodes = swap(flow.nodes, path.index);
    return nodes ? { flow: { ...flow, nodes }, path: { index: path.index + delta } } : { flow, path };
  }
  const top = flow.nodes[path.index];
  const list = top?.type === 'branch' ? top.branches[path.branch]?.nodes : undefined;
  const nodes = list ? swap(list, path.inner) : null;
  if (!nodes) return { flow, path };
  return { flow: mapInnerList(flow, path.index, path.branch, () => nodes), path: { ...path, inner: path.inner + delta } };
}

export function canMoveNode(flow: Flow, path: NodePath, delta: -1 | 1): boolean {
  const len = isInner(path) ? ((flow.nodes[path.index] as BranchNode | undefined)?.branches?.[path.branch]?.nodes.length ?? 0) : flow.nodes.length;
  const i = (isInner(path) ? path.inner : path.index) + delta;
  return i >= 0 && i < len;
}

// ── branches ────────────────────────────────────────────────────────────────────────────────

export const hasDefault = (n: BranchNode): boolean => n.branches.length > 0 && n.branches[n.branches.length - 1]!.when === null;

/** A new conditional branch goes before the default branch, which always stays last. */
export function addBranch(node: BranchNode, name: string): BranchNode {
  if (node.branches.length >= 10) return node;
  const branch = { name, when: { mode: 'all' as const, rules: [] }, nodes: [] };
  const at = hasDefault(node) ? node.branches.length - 1 : node.branches.length;
  return { ...node, branches: [...node.branches.slice(0, at), branch, ...node.branches.slice(at)] };
}

export function removeBranch(node: BranchNode, index: number): BranchNode {
  if (node.branches.length <= 1) return node;
  return { ...node, branches: node.branches.filter((_, i) => i !== index) };
}

/** Change a branch's priority; the default branch neither moves nor is passed. */
export function moveBranch(node: BranchNode, index: number, delta: -1 | 1): BranchNode {
  const j = index + delta;
  const last = node.branches.length - 1;
  if (j < 0 || j > last) return node;
  if (hasDefault(node) && (index === last || j === last)) return node;
  const list = [...node.branches];
  [list[index], list[j]] = [list[j]!, list[index]!];
  return { ...node, branches: list };
}

export function canMoveBranch(node: BranchNode, index: number, delta: -1 | 1): boolean {
  return moveBranch(node, index, delta) !== node;
}

/** Make the last branch the default (when: null) or give it a condition again. */
export function setLastDefault(node: BranchNode, isDefault: boolean): BranchNode {
  const last = node.branches.length - 1;
  if (last < 0) return node;
  return {
    ...node,
    branches: node.branches.map((b, i) => (i === last ? { ...b, when: isDefault ? null : (b.when ?? { mode: 'all', rules: [] }) } : b)),
  };
}

// ── approvers ───────────────────────────────────────────────────────────────────────────────

export type ApproverKind = ApproverSpec['kind'];
export const APPROVER_KINDS: readonly ApproverKind[] = ['person', 'role', 'supervisor', 'deptHead', 'field'];

/** A spec of a kind with a default detail (the first person field, for 'field'); null if it cannot be made. */
export function newApprover(kind: ApproverKind, schema: FormSchema): ApproverSpec | null {
  switch (kind) {
    case 'person':
      return { kind, userId: '' };
    case 'role':
      return { kind, role: 'principal' };
    case 'supervisor':
      return { kind, level: 1 };
    case 'deptHead':
      return { kind };
    case 'field': {
      const f = personFields(schema)[0];
      return f ? { kind, fieldKey: f.key } : null;
    }
  }
}

export function personFields(schema: FormSchema) {
  return schema.sections.flatMap((s) => s.fields).filter((f) => f.type === 'person');
}

// ── problems: where a JSON pointer leads ────────────────────────────────────────────────────

export type ProblemTarget =
  | { tab: 'form'; fieldKey: string }
  | { tab: 'form'; section: number }
  | { tab: 'flow'; path: NodePath }
  | { tab: 'settings'; setting: string };

/** Map a problem's pointer ('/schema/sections/0/fields/2/label', '/flow/nodes/1/branches/0/nodes/0/…') to what to select. */
export function problemTarget(pointer: string, schema: FormSchema): ProblemTarget {
  const parts = pointer.split('/').slice(1);
  const num = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : null);
  if (parts[0] === 'schema') {
    const s = num(parts[2]);
    if (parts[1] === 'sections' && s !== null) {
      const f = num(parts[4]);
      const key = parts[3] === 'fields' && f !== null ? schema.sections[s]?.fields[f]?.key : undefined;
      if (key) return { tab: 'form', fieldKey: key };
      return { tab: 'form', section: Math.min(s, Math.max(schema.sections.length - 1, 0)) };
    }
    return { tab: 'form', section: 0 };
  }
  if (parts[0] === 'flow') {
    const i = num(parts[2]);
    if (parts[1] === 'nodes' && i !== null) {
      const b = num(parts[4]);
      const k = num(parts[6]);
      if (parts[3] === 'branches' && b !== null && parts[5] === 'nodes' && k !== null) return { tab: 'flow', path: { index: i, branch: b, inner: k } };
      return { tab: 'flow', path: { index: i } };
    }
    return { tab: 'flow', path: { index: 0 } };
  }
  const setting = parts[0] === 'settings' ? (parts[1] ?? 'settings') : (parts[0] ?? 'name');
  return { tab: 'settings', setting };
}
