// Return (to the initiator then resubmit; to an earlier step), adding signers in each mode, timeouts, and
// the leave scenario end to end.
import { describe, expect, it } from 'vitest';
import type { ApprovalMode } from '../../lib/form-schema.js';
import { start } from './forms.engine.js';
import { all, ap, at, branch, cc, context, flow, hours, leaveDays, rule, school, Sim, T0, who } from './forms.engine-fixtures.js';

describe('return', () => {
  it('to the initiator: the round ends; resubmitting starts round 2 afresh', () => {
    const f = flow(ap('a', who('mh')), ap('b', who('g7h', 'vp'), 'all'), ap('c', who('pr')));
    const sim = new Sim(f);
    sim.approve('mh');
    sim.act('vp', { type: 'return', to: 'initiator', comment: '补充材料' }, at(8));
    expect(sim.state).toMatchObject({ status: 'returned', current: null, decided: true, finishedAt: null });
    expect(sim.steps).toEqual(['done mh:approved', 'done g7h:cancelled vp:returned', 'cancelled pr:cancelled']);
    expect(sim.state.steps[1]!.tasks[1]).toMatchObject({ comment: '补充材料', decidedAt: at(8) });
    expect(sim.last.events).toEqual([expect.objectContaining({ type: 'returned', actorId: 'vp', stepIndex: 1, detail: 'initiator', comment: '补充材料' })]);
    expect(sim.last.effects).toEqual([{ type: 'notify', kind: 'returned', userIds: ['t1'] }]);
    expect(sim.fails('t1', { type: 'withdraw' })).toBe('NOT_RUNNING');

    const round2 = new Sim(f, { round: sim.state.round + 1, now: at(30) });
    expect(round2.state).toMatchObject({ status: 'running', round: 2, decided: false, current: 0 });
    expect(round2.steps).toEqual(['active mh:pending', 'waiting g7h:waiting vp:waiting', 'waiting pr:waiting']);
    expect(round2.last.events[0]).toEqual({ type: 'resubmitted', at: at(30), actorId: 't1' });
  });

  it('round 1 is the default and says submitted', () => {
    const r = start({ flow: flow(ap('a', who('mh'))), answers: {}, initiatorId: 't1', fallbackIds: [] }, context(school()));
    expect(r.state.round).toBe(1);
    expect(r.events[0]).toEqual({ type: 'submitted', at: T0, actorId: 't1' });
  });

  it('to an earlier step: that step and every step up to here start again with fresh tasks for the original people', () => {
    const org = school([{ user: 'mh', to: 'dl', from: at(-1), until: at(30) }]);
    const sim = new Sim(flow(ap('a', who('mh')), cc('c', who('oh')), ap('b', who('g7h', 'o1'), 'all', 24), ap('c2', who('vp')), ap('d', who('pr'))), { org });
    sim.approve('dl', at(1)); // mh is away: dl decides for mh
    sim.act('g7h', { type: 'transfer', toUserId: 'o2' }, at(2));
    sim.approve('o1', at(3));
    sim.approve('o2', at(4));
    expect(sim.state.current).toBe(3);
    const oldIds = sim.state.steps.flatMap((s) => s.tasks.map((t) => t.id));
    sim.act('vp', { type: 'return', to: 0, comment: '请重新审核' }, at(60));
    expect(sim.steps).toEqual([
      'active dl@mh:approved~ mh:pending', // mh is back: no delegation now
      'waiting oh:auto~ oh:waiting',
      'waiting g7h:transferred~ o2:approved~ o1:approved~ g7h:waiting o1:waiting', // the original people, not o2
      'waiting vp:returned~ vp:waiting',
      'waiting pr:waiting',
    ]);
    const fresh = sim.state.steps.flatMap((s) => s.tasks.filter((t) => !t.superseded).map((t) => t.id));
    expect(fresh.filter((id) => oldIds.includes(id))).toEqual([sim.state.steps[4]!.tasks[0]!.id]); // untouched later step
    expect(sim.state.steps[0]).toMatchObject({ activatedAt: at(60), remindedAt: null, escalatedAt: null });
    expect(sim.state.current).toBe(0);
    expect(sim.last.events[0]).toMatchObject({ type: 'returned', actorId: 'vp', stepIndex: 3, detail: '0', comment: '请重新审核' });
    expect(sim.last.effects).toEqual([{ type: 'notify', kind: 'pending', userIds: ['mh'] }]);
    expect(sim.pending).toEqual(['mh']);

    sim.approve('mh', at(61));
    expect(sim.pending).toEqual(['g7h', 'o1']);
    expect(sim.notified('cc')).toEqual(['oh']);
    sim.approve('g7h', at(62));
    sim.approve('o1', at(63));
    sim.approve('vp', at(64));
    sim.approve('pr', at(65));
    expect(sim.state.status).toBe('approved');
  });

  it('an earlier step is re-opened with the same fallback admins and auto rules', () => {
    const sim = new Sim(flow(ap('a', who('t1', 'gone'), 'all'), ap('b', who('nobody')), ap('c', who('vp'))), { admins: ['adm1'] });
    expect(sim.steps).toEqual(['done t1:auto', 'active adm1:pending', 'waiting vp:waiting']);
    sim.approve('adm1');
    sim.act('vp', { type: 'return', to: 1 });
    expect(sim.steps).toEqual(['done t1:auto', 'active adm1:approved~ adm1:pending', 'waiting vp:returned~ vp:waiting']);
    expect(sim.state.steps[1]!.tasks[1]!.autoReason).toBe('fallback');
  });

  it.each([
    ['the current step', 2],
    ['a later step', 3],
    ['a cc step', 1],
    ['a negative index', -1],
    ['a fraction', 0.5],
    ['a step that had nobody to approve', 0],
  ])('INVALID_TARGET: %s', (_n, to) => {
    const sim = new Sim(flow(ap('a', who('gone')), cc('c', who('oh')), ap('b', who('mh')), ap('d', who('vp'))));
    expect(sim.state.current).toBe(2);
    expect(sim.fails('mh', { type: 'return', to })).toBe('INVALID_TARGET');
    expect(sim.state.steps[2]!.tasks[0]!.status).toBe('pending');
  });
});

describe('addSigner', () => {
  const start3 = (mode: ApprovalMode) => new Sim(flow(ap('a', who('mh', 'g7h'), mode), ap('z', who('pr'))));

  // [mode, position, the decisions after mh adds o1, the step after each]
  const cases: [ApprovalMode, 'before' | 'after', string, [string, string][]][] = [
    ['sequential', 'before', 'active o1:pending mh:waiting g7h:waiting', [['o1', 'active o1:approved mh:pending g7h:waiting'], ['mh', 'active o1:approved mh:approved g7h:pending'], ['g7h', 'done o1:approved mh:approved g7h:approved']]],
    ['sequential', 'after', 'active mh:approved o1:pending g7h:waiting', [['o1', 'active mh:approved o1:approved g7h:pending'], ['g7h', 'done mh:approved o1:approved g7h:approved']]],
    ['all', 'before', 'active o1:pending mh:waiting g7h:pending', [['g7h', 'active o1:pending mh:waiting g7h:approved'], ['o1', 'active o1:approved mh:pending g7h:approved'], ['mh', 'done o1:approved mh:approved g7h:approved']]],
    ['all', 'after', 'active mh:approved o1:pending g7h:pending', [['g7h', 'active mh:approved o1:pending g7h:approved'], ['o1', 'done mh:approved o1:approved g7h:approved']]],
    ['any', 'before', 'active o1:pending mh:waiting g7h:pending', [['o1', 'active o1:approved mh:pending g7h:pending'], ['mh', 'done o1:approved mh:approved g7h:cancelled']]],
    ['any', 'after', 'active mh:approved o1:pending g7h:pending', [['o1', 'done mh:approved o1:approved g7h:cancelled']]],
  ];
  it.each(cases)('%s, %s', (mode, position, added, decisions) => {
    const sim = start3(mode);
    sim.act('mh', { type: 'addSigner', userId: 'o1', position, comment: '请o1把关' }, at(5));
    expect(sim.steps[0]).toBe(added);
    const task = sim.state.steps[0]!.tasks.find((t) => t.userId === 'o1')!;
    expect(task).toMatchObject({ addedBy: 'mh', activatedAt: at(5), order: sim.state.steps[0]!.tasks.find((t) => t.userId === 'mh')!.order });
    expect(sim.notified('pending')).toEqual(['o1']);
    expect(sim.lastTypes()).toEqual(position === 'after' ? ['approved', 'signerAdded:after'] : ['signerAdded:before']);
    expect(sim.last.events.at(-1)).toMatchObject({ actorId: 'mh', targetUserId: 'o1', taskId: task.id, comment: '请o1把关' });
    expect(sim.state.decided).toBe(position === 'after');
    const adder = sim.state.steps[0]!.tasks.find((t) => t.userId === 'mh')!;
    expect([adder.activatedAt, adder.decidedAt]).toEqual(position === 'after' ? [T0, at(5)] : [null, null]);
    for (const [actor, step] of decisions) {
      sim.approve(actor);
      expect(sim.steps[0]).toBe(step);
    }
    expect(sim.steps[1]).toBe('active pr:pending');
  });

  it('any, before: another approver can still decide the step meanwhile', () => {
    const sim = start3('any');
    sim.act('mh', { type: 'addSigner', userId: 'o1', position: 'before' });
    sim.approve('g7h');
    expect(sim.steps[0]).toBe('done o1:cancelled mh:cancelled g7h:approved');
  });

  it('the waiting adder cannot act until the added signer decides; withdraw is still possible', () => {
    const sim = start3('sequential');
    sim.act('mh', { type: 'addSigner', userId: 'o1', position: 'before' });
    expect(sim.fails('mh', { type: 'approve' })).toBe('NOT_YOUR_TURN');
    expect(sim.pending).toEqual(['o1']);
    expect(sim.fails('t1', { type: 'withdraw' })).toBeNull();
  });

  it.each([['an inactive user', 'gone'], ['the actor', 'mh'], ['the initiator', 't1']])('INVALID_TARGET: %s', (_n, userId) => {
    const sim = start3('all');
    expect(sim.fails('mh', { type: 'addSigner', userId, position: 'before' })).toBe('INVALID_TARGET');
    expect(sim.fails('mh', { type: 'addSigner', userId, position: 'after' })).toBe('INVALID_TARGET');
  });
});

describe('timeouts (tick)', () => {
  const timed = () => new Sim(flow(ap('a', who('mh', 't3'), 'all', 24), ap('b', who('vp'))));

  it('reminds after the timeout, then hands late tasks to the supervisor after twice as long', () => {
    const sim = timed();
    const before = sim.state;
    const idle = sim.tick(hours(23.9));
    expect(idle).toEqual({ state: before, events: [], effects: [] });
    expect(idle.state).toBe(before);

    sim.tick(hours(24));
    expect(sim.state.steps[0]!.remindedAt).toBe(hours(24));
    expect(sim.last.events).toEqual([{ type: 'reminded', at: hours(24), actorId: null, stepIndex: 0 }]);
    expect(sim.last.effects).toEqual([{ type: 'notify', kind: 'remind', userIds: ['mh', 't3'] }]);
    expect(before.steps[0]!.remindedAt).toBeNull(); // input untouched

    sim.approve('t3', hours(30));
    const reminded = sim.state;
    expect(sim.tick(hours(47)).state).toBe(reminded);

    sim.tick(hours(48));
    expect(sim.steps[0]).toBe('active mh:transferred g7h:pending t3:approved');
    expect(sim.state.steps[0]).toMatchObject({ escalatedAt: hours(48), remindedAt: hours(24), activatedAt: T0 });
    const [mhTask, g7hTask] = sim.state.steps[0]!.tasks;
    expect(mhTask!.decidedAt).toBe(hours(48));
    expect(g7hTask!.order).toBe(mhTask!.order);
    expect(sim.last.events).toEqual([{ type: 'escalated', at: hours(48), actorId: null, onBehalfOf: null, stepIndex: 0, taskId: mhTask!.id, targetUserId: 'g7h' }]);
    expect(sim.last.effects).toEqual([{ type: 'notify', kind: 'escalated', userIds: ['g7h'] }]);
    expect(sim.tick(hours(200)).events).toEqual([]);

    sim.approve('g7h', hours(49));
    expect(sim.steps[1]).toBe('active vp:pending');
  });

  it('a late first tick does both at once', () => {
    const sim = timed();
    sim.tick(hours(60));
    expect(sim.lastTypes()).toEqual(['reminded', 'escalated', 'escalated']);
    expect(sim.steps[0]).toBe('active mh:transferred g7h:pending t3:transferred g8h:pending');
    expect(sim.last.effects).toEqual([{ type: 'notify', kind: 'remind', userIds: ['mh', 't3'] }, { type: 'notify', kind: 'escalated', userIds: ['g7h', 'g8h'] }]);
  });

  it.each([
    ['the supervisor is already in the step', flow(ap('a', who('mh', 'g7h'), 'all', 1)), 'active mh:pending g7h:transferred vp:pending'],
    ['the approver has no supervisor', flow(ap('a', who('pr'), 'any', 1)), 'active pr:pending'],
    ['the supervisor is inactive', flow(ap('a', who('x'), 'any', 1)), 'active x:pending'],
  ])('no escalation when %s', (_n, f, after) => {
    const org = school();
    org.people.x = { sup: 'gone' };
    const sim = new Sim(f, { org });
    sim.tick(hours(2));
    expect(sim.steps[0]).toBe(after);
    expect(sim.state.steps[0]!.escalatedAt).toBe(hours(2));
  });

  it('escalation skips the initiator when the caller names them', () => {
    const sim = new Sim(flow(ap('a', who('mh'), 'any', 1)), { initiator: 'g7h' });
    sim.tick(hours(2), true);
    expect(sim.steps[0]).toBe('active mh:pending');
  });

  it('the supervisor’s delegation applies', () => {
    const sim = new Sim(flow(ap('a', who('mh'), 'any', 1)), { org: school([{ user: 'g7h', to: 'dl', from: T0, until: hours(9) }]) });
    sim.tick(hours(2));
    expect(sim.steps[0]).toBe('active mh:transferred dl@g7h:pending');
    expect(sim.notified('escalated')).toEqual(['dl']);
  });

  it.each([
    ['no timeout on the step', () => new Sim(flow(ap('a', who('mh'))))],
    ['the flow finished', () => { const s = new Sim(flow(ap('a', who('mh'), 'any', 1))); s.approve('mh'); return s; }],
  ])('nothing is due when %s', (_n, make) => {
    const sim = make();
    const before = sim.state;
    expect(sim.tick(hours(500))).toEqual({ state: before, events: [], effects: [] });
  });

  it('a step re-activated by a return starts its timers again', () => {
    const sim = new Sim(flow(ap('a', who('mh'), 'any', 1), ap('b', who('vp'))));
    sim.tick(hours(1));
    sim.approve('mh', hours(1.5));
    sim.act('vp', { type: 'return', to: 0 }, hours(3));
    expect(sim.state.steps[0]).toMatchObject({ activatedAt: hours(3), remindedAt: null, escalatedAt: null });
    expect(sim.tick(hours(3.9)).events).toEqual([]);
    expect(sim.tick(hours(4)).events.map((e) => e.type)).toEqual(['reminded']);
  });
});

describe('the leave scenario: teacher → head of grade → (more than 2 days) vice principal, cc the office', () => {
  const leave = flow(
    ap('grade', [{ kind: 'deptHead' }], 'sequential', 24),
    branch('long', [all(rule('days', 'gt', 2)), [ap('vp', who('vp'))]]),
    cc('office', [{ kind: 'role', role: 'admin' }]),
  );

  it.each([
    [1, ['step grade', 'cc office'], ['g7h']],
    [2, ['step grade', 'cc office'], ['g7h']],
    [2.5, ['step grade', 'step vp', 'cc office'], ['g7h', 'vp']],
    [5, ['step grade', 'step vp', 'cc office'], ['g7h', 'vp']],
  ])('%d days', (days, names, approvers) => {
    const sim = new Sim(leave, { initiator: 't2', answers: { days: leaveDays(days) } });
    expect(sim.state.steps.map((s) => s.name)).toEqual(names);
    expect(sim.last.effects).toEqual([{ type: 'notify', kind: 'pending', userIds: ['g7h'] }]);
    approvers.forEach((who_, i) => {
      expect(sim.pending).toEqual([who_]);
      sim.act(who_, { type: 'approve', comment: '同意' }, at(10 * (i + 1)));
    });
    expect(sim.state).toMatchObject({ status: 'approved', finishedAt: at(10 * approvers.length) });
    expect(sim.history.map((e) => e.type)).toEqual(['submitted', ...approvers.map(() => 'approved'), 'cc', 'completed']);
    expect(sim.last.effects).toEqual([{ type: 'notify', kind: 'cc', userIds: ['o1', 'o2'] }, { type: 'notify', kind: 'approved', userIds: ['t2'] }]);
  });

  it('a rejection by the vice principal ends it and the office is not copied', () => {
    const sim = new Sim(leave, { initiator: 't2', answers: { days: leaveDays(4) } });
    sim.approve('g7h', at(10));
    sim.act('vp', { type: 'reject', comment: '期中考试期间' }, at(20));
    expect(sim.steps).toEqual(['done g7h:approved', 'done vp:rejected', 'cancelled o1:cancelled o2:cancelled']);
    expect(sim.history.map((e) => e.type)).toEqual(['submitted', 'approved', 'rejected']);
  });

  it('the head of grade taking leave themself: their own step passes, the vice principal decides', () => {
    const sim = new Sim(leave, { initiator: 'g7h', answers: { days: leaveDays(3) } });
    expect(sim.steps).toEqual(['done g7h:auto', 'active vp:pending', 'waiting o1:waiting o2:waiting']);
  });
});
