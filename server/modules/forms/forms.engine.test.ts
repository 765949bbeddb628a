// The route (approver kinds, branches, cc), approval modes, auto rules and delegation.
import { describe, expect, it } from 'vitest';
import type { ApproverSpec, Condition } from '../../lib/form-schema.js';
import { preview, start } from './forms.engine.js';
import { all, ap, at, branch, cc, context, flow, hours, leaveDays, rule, school, Sim, T0, who } from './forms.engine-fixtures.js';

const people = (sim: Sim, step = 0) => sim.state.steps[step]!.tasks.map((t) => t.userId);

describe('approver kinds', () => {
  const cases: [string, ApproverSpec[], Record<string, unknown>, string[]][] = [
    ['a person', who('vp'), {}, ['vp']],
    ['an inactive person → the form admins', who('gone'), {}, ['adm1']],
    ['an unknown person → the form admins', who('nobody'), {}, ['adm1']],
    ['role principal', [{ kind: 'role', role: 'principal' }], {}, ['pr']],
    ['role admin (every holder)', [{ kind: 'role', role: 'admin' }], {}, ['o1', 'o2']],
    ['role it', [{ kind: 'role', role: 'it' }], {}, ['it1']],
    ['role dept_head: heads over the initiator’s department', [{ kind: 'role', role: 'dept_head' }], {}, ['mh', 'g7h']],
    ['supervisor level 1', [{ kind: 'supervisor', level: 1 }], {}, ['mh']],
    ['supervisor level 2', [{ kind: 'supervisor', level: 2 }], {}, ['g7h']],
    ['supervisor level 4', [{ kind: 'supervisor', level: 4 }], {}, ['pr']],
    ['supervisor beyond the top → the form admins', [{ kind: 'supervisor', level: 5 }], {}, ['adm1']],
    ['deptHead of the initiator’s department', [{ kind: 'deptHead' }], {}, ['mh']],
    ['deptHead of a named department', [{ kind: 'deptHead', departmentId: 'office' }], {}, ['oh']],
    ['a person field (one id)', [{ kind: 'field', fieldKey: 'boss' }], { boss: 'vp' }, ['vp']],
    ['a person field (ids; inactive and repeats dropped)', [{ kind: 'field', fieldKey: 'boss' }], { boss: ['o1', 'gone', 'o2', 'o1'] }, ['o1', 'o2']],
    ['an empty person field → the form admins', [{ kind: 'field', fieldKey: 'boss' }], {}, ['adm1']],
    ['several specs in order, duplicates dropped (first wins)', [...who('g7h'), { kind: 'supervisor', level: 1 }, { kind: 'role', role: 'dept_head' }], {}, ['g7h', 'mh']],
  ];
  it.each(cases)('%s', (_name, approvers, answers, expected) => {
    const sim = new Sim(flow(ap('a', approvers, 'all')), { answers: answers as never, admins: ['gone', 'adm1', 'adm1'] });
    expect(people(sim)).toEqual(expected);
    expect(sim.pending).toEqual(expected);
    const fallback = sim.state.steps[0]!.tasks.every((t) => t.autoReason === 'fallback');
    expect(fallback).toBe(expected.length === 1 && expected[0] === 'adm1');
  });

  it('a department head of the initiator themself is auto-approved (no parent lookup)', () => {
    const sim = new Sim(flow(ap('a', [{ kind: 'deptHead' }]), ap('b', who('vp'))), { initiator: 'mh' });
    expect(sim.steps).toEqual(['done mh:auto', 'active vp:pending']);
    expect(sim.last.events.find((e) => e.type === 'autoApproved')).toMatchObject({ targetUserId: 'mh', stepIndex: 0, detail: 'initiator' });
  });

  it('task order is the order of resolution and ids come from ctx.newId', () => {
    const ids = ['x1', 'x2', 'x3'];
    const r = start({ flow: flow(ap('a', who('o2', 'o1', 'vp'), 'all')), answers: {}, initiatorId: 't1', fallbackIds: [] }, { ...context(school()), newId: () => ids.shift()! });
    expect(r.state.steps[0]!.tasks.map((t) => [t.id, t.userId, t.order])).toEqual([['x1', 'o2', 0], ['x2', 'o1', 1], ['x3', 'vp', 2]]);
  });
});

describe('branches', () => {
  const byDays = flow(
    ap('head', who('g7h')),
    branch('long', [all(rule('leave', 'gt', 5)), [ap('pr', who('pr'))]], [all(rule('leave', 'gt', 2)), [ap('vp', who('vp')), cc('off', who('oh'))]], [null, [ap('mh', who('mh'))]]),
    ap('last', who('o1')),
  );

  it.each([
    [7, ['step head', 'step pr', 'step last']],
    [3, ['step head', 'step vp', 'cc off', 'step last']],
    [2, ['step head', 'step mh', 'step last']],
    [1, ['step head', 'step mh', 'step last']],
  ])('a %d-day leave: first matching branch spliced in place, else the default', (days, names) => {
    const sim = new Sim(byDays, { answers: { leave: leaveDays(days) } });
    expect(sim.state.steps.map((s) => s.name)).toEqual(names);
  });

  it('no branch matching and no default: the branch adds no steps', () => {
    const sim = new Sim(flow(ap('a', who('mh')), branch('b', [all(rule('leave', 'gt', 2)), [ap('vp', who('vp'))]])), { answers: { leave: leaveDays(1) } });
    expect(sim.state.steps.map((s) => s.nodeId)).toEqual(['a']);
  });

  const byDept = (op: 'in' | 'notIn' | 'eq', value: string | string[]) =>
    flow(branch('d', [all(rule('$initiator.department', op, value)), [ap('hit', who('vp'))]], [null, [ap('miss', who('pr'))]]));
  it.each([
    ['t1', 'in', ['g7'], 'hit'], // g7math is inside g7
    ['t2', 'in', ['g7'], 'hit'],
    ['t3', 'in', ['g7'], 'miss'],
    ['t3', 'in', ['office', 'g8'], 'hit'],
    ['t1', 'in', ['school'], 'hit'],
    ['lone', 'in', ['school'], 'miss'], // no department
    ['t1', 'notIn', ['g7'], 'miss'],
    ['t3', 'notIn', ['g7'], 'hit'],
    ['t1', 'eq', 'g7', 'hit'],
    ['t3', 'eq', 'g7', 'miss'],
  ] as const)('$initiator.department: %s %s %j → %s', (initiator, op, value, node) => {
    const sim = new Sim(byDept(op, value as string | string[]), { initiator });
    expect(sim.state.steps.map((s) => s.nodeId)).toEqual([node]);
  });

  const byRole = (op: 'in' | 'notIn' | 'eq', value: string | string[]) =>
    flow(branch('r', [all(rule('$initiator.role', op, value)), [ap('hit', who('vp'))]], [null, [ap('miss', who('pr'))]]));
  it.each([
    ['mh', 'in', ['dept_head'], 'hit'],
    ['t1', 'in', ['dept_head'], 'miss'],
    ['t1', 'in', ['admin', 'teacher'], 'hit'],
    ['o1', 'eq', 'admin', 'hit'],
    ['t1', 'eq', 'admin', 'miss'],
    ['t1', 'notIn', ['dept_head'], 'hit'],
    ['mh', 'notIn', ['dept_head'], 'miss'],
  ] as const)('$initiator.role: %s %s %j → %s', (initiator, op, value, node) => {
    const sim = new Sim(byRole(op, value as string | string[]), { initiator });
    expect(sim.state.steps.map((s) => s.nodeId)).toEqual([node]);
  });

  it.each([
    [all(rule('kind', 'eq', 'sick')), { kind: 'sick' }, true],
    [all(rule('kind', 'eq', 'sick')), { kind: 'personal' }, false],
    [all(rule('amount', 'gte', 1000)), { amount: 1000 }, true],
    [all(rule('amount', 'gte', 1000)), { amount: 999.99 }, false],
    [all(rule('leave', 'gt', 2)), { leave: leaveDays(2.5) }, true],
    [all(rule('leave', 'gt', 2)), { leave: leaveDays(2) }, false],
    [all(rule('kind', 'eq', 'sick'), rule('$initiator.department', 'in', ['g7'])), { kind: 'sick' }, true],
    [all(rule('kind', 'eq', 'sick'), rule('$initiator.department', 'in', ['g8'])), { kind: 'sick' }, false],
    [{ mode: 'any', rules: [rule('kind', 'eq', 'x')], groups: [{ mode: 'all', rules: [rule('$initiator.role', 'in', ['teacher']), rule('amount', 'lt', 10)] }] }, { kind: 'y', amount: 5 }, true],
    [{ mode: 'any', rules: [rule('kind', 'eq', 'x')], groups: [{ mode: 'all', rules: [rule('$initiator.role', 'in', ['admin']), rule('amount', 'lt', 10)] }] }, { kind: 'y', amount: 5 }, false],
    [{ mode: 'all', rules: [] }, {}, true],
  ] as [Condition, Record<string, unknown>, boolean][])('form values and initiator rules together: %j on %j → %s', (when, answers, holds) => {
    const sim = new Sim(flow(branch('x', [when, [ap('hit', who('vp'))]])), { answers: answers as never });
    expect(sim.state.steps.map((s) => s.nodeId)).toEqual(holds ? ['hit'] : []);
  });
});

describe('cc steps and completion', () => {
  it('a cc step is delivered when reached and the flow moves on', () => {
    const sim = new Sim(flow(ap('a', who('mh')), cc('c', [{ kind: 'role', role: 'admin' }, ...who('gone')]), ap('b', who('vp'))));
    expect(sim.steps).toEqual(['active mh:pending', 'waiting o1:waiting o2:waiting', 'waiting vp:waiting']);
    expect(sim.notified('cc')).toEqual([]);
    sim.approve('mh', at(5));
    expect(sim.steps).toEqual(['done mh:approved', 'done o1:auto o2:auto', 'active vp:pending']);
    expect(sim.lastTypes()).toEqual(['approved', 'cc']);
    expect(sim.notified('cc')).toEqual(['o1', 'o2']);
    expect(sim.notified('pending')).toEqual(['vp']);
    expect(sim.state.steps[1]!.activatedAt).toBe(at(5));
  });

  it('a flow with only cc steps is approved at start', () => {
    const sim = new Sim(flow(cc('c', who('oh'))));
    expect(sim.state).toMatchObject({ status: 'approved', current: null, finishedAt: T0, decided: false });
    expect(sim.lastTypes()).toEqual(['submitted', 'cc', 'completed']);
    expect(sim.last.effects).toEqual([{ type: 'notify', kind: 'cc', userIds: ['oh'] }, { type: 'notify', kind: 'approved', userIds: ['t1'] }]);
  });

  it('an empty flow (sign-ups) is approved at start', () => {
    const sim = new Sim(flow());
    expect(sim.state).toMatchObject({ status: 'approved', steps: [], finishedAt: T0 });
    expect(sim.lastTypes()).toEqual(['submitted', 'completed']);
  });

  it('the last approval completes the flow and tells the initiator', () => {
    const sim = new Sim(flow(ap('a', who('mh'))));
    expect(sim.state).toMatchObject({ status: 'running', current: 0, finishedAt: null });
    sim.approve('mh', hours(2));
    expect(sim.state).toMatchObject({ status: 'approved', current: null, finishedAt: hours(2), decided: true });
    expect(sim.lastTypes()).toEqual(['approved', 'completed']);
    expect(sim.notified('approved')).toEqual(['t1']);
  });
});

describe('modes', () => {
  it('sequential: one at a time, in order', () => {
    const sim = new Sim(flow(ap('a', who('mh', 'g7h', 'vp'), 'sequential')));
    expect(sim.steps).toEqual(['active mh:pending g7h:waiting vp:waiting']);
    sim.approve('mh');
    expect(sim.steps).toEqual(['active mh:approved g7h:pending vp:waiting']);
    expect(sim.notified('pending')).toEqual(['g7h']);
    sim.approve('g7h');
    sim.approve('vp');
    expect(sim.state.status).toBe('approved');
  });

  it('all: everyone pending, done when the last approves', () => {
    const sim = new Sim(flow(ap('a', who('mh', 'g7h'), 'all'), ap('b', who('vp'))));
    expect(sim.pending).toEqual(['mh', 'g7h']);
    expect(sim.notified('pending')).toEqual(['mh', 'g7h']);
    sim.approve('g7h');
    expect(sim.steps).toEqual(['active mh:pending g7h:approved', 'waiting vp:waiting']);
    sim.approve('mh');
    expect(sim.steps).toEqual(['done mh:approved g7h:approved', 'active vp:pending']);
  });

  it('any: the first approval decides, the others are cancelled', () => {
    const sim = new Sim(flow(ap('a', who('mh', 'g7h', 'vp'), 'any'), ap('b', who('pr'))));
    sim.approve('g7h');
    expect(sim.steps).toEqual(['done mh:cancelled g7h:approved vp:cancelled', 'active pr:pending']);
    expect(sim.state.current).toBe(1);
  });
});

describe('auto rules', () => {
  it('the initiator’s own task is auto-approved in a sequential step, the next person pending', () => {
    const sim = new Sim(flow(ap('a', who('mh', 't1', 'g7h'))));
    expect(sim.steps).toEqual(['active mh:pending t1:auto g7h:waiting']);
    expect(sim.state.steps[0]!.tasks[1]).toMatchObject({ autoReason: 'initiator', decidedAt: T0 });
    expect(sim.state.decided).toBe(false);
    sim.approve('mh');
    expect(sim.steps).toEqual(['active mh:approved t1:auto g7h:pending']);
  });

  it.each([
    ['any', ['done t1:auto mh:cancelled', 'active vp:pending']],
    ['all', ['active t1:auto mh:pending', 'waiting vp:waiting']],
    ['sequential', ['active t1:auto mh:pending', 'waiting vp:waiting']],
  ] as const)('the initiator’s auto-approval counts like an approval in %s mode', (mode, steps) => {
    const sim = new Sim(flow(ap('a', who('t1', 'mh'), mode), ap('b', who('vp'))));
    expect(sim.steps).toEqual(steps);
    expect(sim.history.filter((e) => e.type === 'autoApproved')).toEqual([{ type: 'autoApproved', at: T0, actorId: null, targetUserId: 't1', stepIndex: 0, taskId: sim.state.steps[0]!.tasks[0]!.id, detail: 'initiator' }]);
  });

  it('whoever approved the previous approve step is auto-approved in the next, across cc steps', () => {
    const sim = new Sim(flow(ap('a', who('mh')), cc('c', who('o1')), ap('b', who('mh', 'g7h'), 'all')));
    sim.approve('mh', at(3));
    expect(sim.steps).toEqual(['done mh:approved', 'done o1:auto', 'active mh:auto g7h:pending']);
    expect(sim.lastTypes()).toEqual(['approved', 'cc', 'autoApproved:repeat']);
    expect(sim.state.steps[2]!.tasks[0]).toMatchObject({ autoReason: 'repeat', decidedAt: at(3) });
    expect(sim.notified('pending')).toEqual(['g7h']);
  });

  it('a repeat auto-approval can pass a whole step and cascade', () => {
    const sim = new Sim(flow(ap('a', who('mh')), ap('b', who('mh')), ap('c', who('mh', 'vp'), 'any'), ap('d', who('pr'))));
    sim.approve('mh');
    expect(sim.steps).toEqual(['done mh:approved', 'done mh:auto', 'done mh:auto vp:cancelled', 'active pr:pending']);
  });

  it('a delegate’s approval counts for both the delegate and the person they stood in for', () => {
    const org = school([{ user: 'mh', to: 'dl', from: at(-1), until: at(30) }]);
    const sim = new Sim(flow(ap('a', who('mh')), ap('b', who('mh', 'dl', 'g7h'), 'all')), { org });
    sim.approve('dl', at(1));
    expect(sim.steps[1]).toBe('active mh:auto dl:auto g7h:pending');
  });

  it('only the immediately preceding approve step counts', () => {
    const sim = new Sim(flow(ap('a', who('mh')), ap('b', who('g7h')), ap('c', who('mh'))));
    sim.approve('mh');
    sim.approve('g7h');
    expect(sim.steps[2]).toBe('active mh:pending');
  });

  it('nobody resolved: the form admins get normal pending tasks (inactive admins dropped)', () => {
    const sim = new Sim(flow(ap('a', [{ kind: 'field', fieldKey: 'boss' }], 'any')), { admins: ['adm1', 'gone', 'adm2'] });
    expect(sim.steps).toEqual(['active adm1:pending adm2:pending']);
    expect(sim.state.steps[0]!.tasks.map((t) => t.autoReason)).toEqual(['fallback', 'fallback']);
    expect(sim.history.some((e) => e.type === 'autoApproved')).toBe(false);
    sim.approve('adm2');
    expect(sim.state.status).toBe('approved');
  });

  it('nobody resolved and no admins: the step passes by itself', () => {
    const sim = new Sim(flow(ap('a', who('gone')), ap('b', who('vp'))), { admins: ['gone'] });
    expect(sim.steps).toEqual(['done', 'active vp:pending']);
    expect(sim.lastTypes()).toEqual(['submitted', 'autoApproved:no approver']);
    expect(sim.last.events[1]).toMatchObject({ stepIndex: 0, actorId: null });
  });
});

describe('delegation', () => {
  const away = (from: string, until: string, user = 'mh', to = 'dl') => school([{ user, to, from, until }]);

  it('a pending task goes to the delegate while the approver is away', () => {
    const sim = new Sim(flow(ap('a', who('mh'))), { org: away(at(-60), hours(24)) });
    expect(sim.steps).toEqual(['active dl@mh:pending']);
    expect(sim.last.events[1]).toMatchObject({ type: 'delegated', onBehalfOf: 'mh', targetUserId: 'dl', stepIndex: 0 });
    expect(sim.notified('pending')).toEqual(['dl']);
    expect(sim.fails('mh', { type: 'approve' })).toBe('NOT_YOUR_TURN');
    sim.act('dl', { type: 'approve', comment: 'ok' });
    expect(sim.last.events[0]).toMatchObject({ type: 'approved', actorId: 'dl', onBehalfOf: 'mh', comment: 'ok' });
  });

  it.each([
    ['before the window', at(1), hours(2)],
    ['after the window', at(-120), at(-1)],
    ['at the end instant', at(-120), T0],
  ])('no delegation %s', (_name, from, until) => {
    const sim = new Sim(flow(ap('a', who('mh'))), { org: away(from, until) });
    expect(sim.steps).toEqual(['active mh:pending']);
  });

  it('is decided when the task becomes pending, not at start', () => {
    const sim = new Sim(flow(ap('a', who('g7h', 'mh'))), { org: away(at(60), hours(24)) });
    expect(sim.steps).toEqual(['active g7h:pending mh:waiting']);
    sim.approve('g7h', at(90));
    expect(sim.steps).toEqual(['active g7h:approved dl@mh:pending']);
  });

  it('follows one hop only', () => {
    const org = school([{ user: 'mh', to: 'dl', from: at(-1), until: hours(9) }, { user: 'dl', to: 'o1', from: at(-1), until: hours(9) }]);
    const sim = new Sim(flow(ap('a', who('mh'))), { org });
    expect(sim.steps).toEqual(['active dl@mh:pending']);
  });

  it('never hands a task to the initiator (or an inactive delegate)', () => {
    expect(new Sim(flow(ap('a', who('mh'))), { org: away(at(-1), hours(9), 'mh', 't1') }).steps).toEqual(['active mh:pending']);
    expect(new Sim(flow(ap('a', who('mh'))), { org: away(at(-1), hours(9), 'mh', 'gone') }).steps).toEqual(['active mh:pending']);
  });
});

describe('preview', () => {
  it('shows the resolved route start() would take, without touching anything', () => {
    const input = { flow: flow(ap('a', [{ kind: 'supervisor', level: 1 }]), branch('b', [all(rule('leave', 'gt', 2)), [ap('vp', who('vp'))]]), cc('c', who('oh'))), answers: { leave: leaveDays(3) }, initiatorId: 't1', fallbackIds: [] };
    const frozen = structuredClone(input);
    const steps = preview(input, context(school()));
    expect(steps.map((s) => [s.nodeId, s.kind, s.tasks.map((t) => t.userId)])).toEqual([['a', 'approve', ['mh']], ['vp', 'approve', ['vp']], ['c', 'cc', ['oh']]]);
    expect(steps[0]!.status).toBe('active');
    expect(input).toEqual(frozen);
  });
});
