import { describe, expect, it } from 'vitest';
import type { BranchNode, Flow, FormSchema } from '../../../../server/lib/form-schema';
import {
  addBranch,
  canMoveBranch,
  canMoveNode,
  getNode,
  insertNode,
  makeNode,
  moveBranch,
  moveNode,
  newApprover,
  nodeIds,
  problemTarget,
  removeBranch,
  removeNode,
  samePath,
  setLastDefault,
  updateNode,
} from './flow-state';

const texts = { approve: '审批人', cc: '抄送人', branch: '条件分支', condition: (n: number) => `条件${n}`, otherwise: '其他情况' };

function build(): Flow {
  let flow: Flow = { nodes: [] };
  flow = insertNode(flow, { index: 0 }, makeNode('approve', flow, texts));
  flow = insertNode(flow, { index: 1 }, makeNode('branch', flow, texts));
  flow = insertNode(flow, { index: 2 }, makeNode('cc', flow, texts));
  return flow;
}

describe('flow nodes', () => {
  it('gives every node a unique id of its kind', () => {
    const flow = build();
    expect(flow.nodes.map((n) => n.id)).toEqual(['approve1', 'branch1', 'cc1']);
    const inner = makeNode('approve', flow, texts);
    expect(inner.id).toBe('approve2');
    const withInner = insertNode(flow, { index: 1, branch: 0, inner: 0 }, inner);
    expect([...nodeIds(withInner)]).toContain('approve2');
    expect(makeNode('approve', withInner, texts).id).toBe('approve3');
  });

  it('starts nodes with defaults the schema accepts', () => {
    const flow = build();
    expect(flow.nodes[0]).toMatchObject({ type: 'approve', mode: 'any', approvers: [{ kind: 'supervisor', level: 1 }] });
    expect(flow.nodes[2]).toMatchObject({ type: 'cc', recipients: [{ kind: 'deptHead' }] });
    const b = flow.nodes[1] as BranchNode;
    expect(b.branches.map((x) => x.when)).toEqual([{ mode: 'all', rules: [] }, null]);
  });

  it('inserts, reads, updates and removes nodes inside branches; branches do not nest', () => {
    let flow = build();
    flow = insertNode(flow, { index: 1, branch: 1, inner: 0 }, makeNode('cc', flow, texts));
    expect(getNode(flow, { index: 1, branch: 1, inner: 0 })?.id).toBe('cc2');
    expect(insertNode(flow, { index: 1, branch: 0, inner: 0 }, makeNode('branch', flow, texts))).toBe(flow);
    flow = updateNode(flow, { index: 1, branch: 1, inner: 0 }, (n) => ({ ...n, name: '抄送校长' }));
    expect(getNode(flow, { index: 1, branch: 1, inner: 0 })?.name).toBe('抄送校长');
    flow = removeNode(flow, { index: 1, branch: 1, inner: 0 });
    expect((flow.nodes[1] as BranchNode).branches[1]!.nodes).toEqual([]);
    flow = removeNode(flow, { index: 0 });
    expect(flow.nodes.map((n) => n.id)).toEqual(['branch1', 'cc1']);
    expect(getNode(flow, { index: 7 })).toBeNull();
  });

  it('moves a node within its list and reports its new place', () => {
    const flow = build();
    const moved = moveNode(flow, { index: 0 }, 1);
    expect(moved.flow.nodes.map((n) => n.id)).toEqual(['branch1', 'approve1', 'cc1']);
    expect(moved.path).toEqual({ index: 1 });
    expect(moveNode(flow, { index: 0 }, -1).flow).toBe(flow);
    expect(canMoveNode(flow, { index: 2 }, 1)).toBe(false);
    expect(canMoveNode(flow, { index: 1, branch: 0, inner: 0 }, 1)).toBe(false);
    expect(samePath({ index: 1 }, { index: 1 })).toBe(true);
    expect(samePath({ index: 1 }, { index: 1, branch: 0, inner: 0 })).toBe(false);
  });
});

describe('branches', () => {
  const node = build().nodes[1] as BranchNode;

  it('adds conditional branches before the default one, which stays last', () => {
    const b = addBranch(node, '条件2');
    expect(b.branches.map((x) => x.name)).toEqual(['条件1', '条件2', '其他情况']);
    expect(moveBranch(b, 1, 1)).toBe(b);
    expect(canMoveBranch(b, 2, -1)).toBe(false);
    expect(moveBranch(b, 1, -1).branches.map((x) => x.name)).toEqual(['条件2', '条件1', '其他情况']);
  });

  it('keeps at least one branch and can turn the default into a condition', () => {
    const one = removeBranch(node, 1);
    expect(one.branches).toHaveLength(1);
    expect(removeBranch(one, 0)).toBe(one);
    const noDefault = setLastDefault(node, false);
    expect(noDefault.branches[1]!.when).toEqual({ mode: 'all', rules: [] });
    expect(canMoveBranch(noDefault, 1, -1)).toBe(true);
    expect(setLastDefault(noDefault, true).branches[1]!.when).toBeNull();
  });
});

describe('approvers', () => {
  it('needs a person field to offer 发起人自选', () => {
    const none: FormSchema = { sections: [{ key: 's1', title: '', fields: [] }] };
    expect(newApprover('field', none)).toBeNull();
    const one: FormSchema = { sections: [{ key: 's1', title: '', fields: [{ type: 'person', key: 'who', label: '审批人' }] }] };
    expect(newApprover('field', one)).toEqual({ kind: 'field', fieldKey: 'who' });
    expect(newApprover('supervisor', one)).toEqual({ kind: 'supervisor', level: 1 });
  });
});

describe('problem pointers', () => {
  const schema: FormSchema = { sections: [{ key: 's1', title: '', fields: [{ type: 'text', key: 'a', label: 'A' }] }, { key: 's2', title: '', fields: [] }] };

  it('lead to the field, section, flow node or setting', () => {
    expect(problemTarget('/schema/sections/0/fields/0/visibleIf/rules/0/field', schema)).toEqual({ tab: 'form', fieldKey: 'a' });
    expect(problemTarget('/schema/sections/1/jumps/0/goTo', schema)).toEqual({ tab: 'form', section: 1 });
    expect(problemTarget('/schema/sections/0/fields/9/key', schema)).toEqual({ tab: 'form', section: 0 });
    expect(problemTarget('/flow/nodes/2/approvers/0', schema)).toEqual({ tab: 'flow', path: { index: 2 } });
    expect(problemTarget('/flow/nodes/1/branches/0/nodes/3/name', schema)).toEqual({ tab: 'flow', path: { index: 1, branch: 0, inner: 3 } });
    expect(problemTarget('/settings/summaryFields/0', schema)).toEqual({ tab: 'settings', setting: 'summaryFields' });
    expect(problemTarget('/name', schema)).toEqual({ tab: 'settings', setting: 'name' });
  });
});
