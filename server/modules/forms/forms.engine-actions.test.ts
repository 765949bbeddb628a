// Actions: approve, reject, transfer, comment, withdraw, urge, their error codes, immutability and concurrency.
import { describe, expect, it } from 'vitest';
import { act, EngineError, pendingApprovers, type Action, type FlowState } from './forms.engine.js';
import { ap, at, cc, codeOf, context, flow, school, Sim, T0, who } from './forms.engine-fixtures.js';

const SIG = 'data:image/png;base64,AAAA';
const twoSteps = () => flow(ap('a', who('mh', 'g7h'), 'all'), cc('c', who('oh')), ap('b', who('vp')));

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}

describe('approve and reject', () => {
  it('approve stores the comment and signature on the task and the event', () => {
    const sim = new Sim(twoSteps());
    sim.act('mh', { type: 'approve', comment: '同意', signature: SIG }, at(7));
    const task = sim.state.steps[0]!.tasks[0]!;
    expect(task).toMatchObject({ status: 'approved', comment: '同意', signature: SIG, decidedAt: at(7), activatedAt: T0 });
    expect(sim.last.events).toEqual([{ type: 'approved', at: at(7), actorId: 'mh', onBehalfOf: null, stepIndex: 0, taskId: task.id, comment: '同意', signature: SIG }]);
    expect(sim.state.decided).toBe(true);
  });

  it('reject ends the flow: open tasks cancelled, later steps cancelled, the initiator told', () => {
    const sim = new Sim(twoSteps());
    sim.act('g7h', { type: 'reject', comment: '不行', signature: SIG }, at(9));
    expect(sim.state).toMatchObject({ status: 'rejected', current: null, decided: true, finishedAt: at(9) });
    expect(sim.steps).toEqual(['done mh:cancelled g7h:rejected', 'cancelled oh:cancelled', 'cancelled vp:cancelled']);
    expect(sim.state.steps[0]!.tasks[1]).toMatchObject({ comment: '不行', signature: SIG, decidedAt: at(9) });
    expect(sim.last.events).toEqual([expect.objectContaining({ type: 'rejected', actorId: 'g7h', comment: '不行', signature: SIG, stepIndex: 0 })]);
    expect(sim.last.effects).toEqual([{ type: 'notify', kind: 'rejected', userIds: ['t1'] }]);
    expect(pendingApprovers(sim.state)).toEqual([]);
  });

  it('someone holding two pending tasks in a step decides the first one first', () => {
    const org = school([{ user: 'mh', to: 'dl', from: at(-1), until: at(600) }]);
    const sim = new Sim(flow(ap('a', who('mh', 'dl'), 'all'), ap('b', who('vp'))), { org });
    expect(sim.steps[0]).toBe('active dl@mh:pending dl:pending');
    sim.approve('dl');
    expect(sim.steps[0]).toBe('active dl@mh:approved dl:pending');
    sim.approve('dl');
    expect(sim.steps).toEqual(['done dl@mh:approved dl:approved', 'active vp:pending']);
  });

  it.each<[string, Action]>([
    ['approve', { type: 'approve' }],
    ['reject', { type: 'reject' }],
    ['return', { type: 'return', to: 'initiator' }],
    ['transfer', { type: 'transfer', toUserId: 'o1' }],
    ['addSigner', { type: 'addSigner', userId: 'o1', position: 'before' }],
  ])('%s: NOT_YOUR_TURN for someone without a pending task in the current step, NOT_RUNNING once finished', (_n, action) => {
    const sim = new Sim(flow(ap('a', who('mh', 'g7h')), ap('b', who('vp'))));
    expect(sim.fails('g7h', action)).toBe('NOT_YOUR_TURN'); // waiting, not pending
    expect(sim.fails('vp', action)).toBe('NOT_YOUR_TURN'); // a later step
    expect(sim.fails('t1', action)).toBe('NOT_YOUR_TURN'); // the initiator
    sim.act('mh', { type: 'reject' });
    expect(sim.fails('g7h', action)).toBe('NOT_RUNNING');
  });

  it('an approver who already decided cannot decide again', () => {
    const sim = new Sim(flow(ap('a', who('mh', 'g7h'), 'all')));
    sim.approve('mh');
    expect(sim.fails('mh', { type: 'approve' })).toBe('NOT_YOUR_TURN');
    expect(sim.fails('mh', { type: 'reject' })).toBe('NOT_YOUR_TURN');
  });
});

describe('concurrent decisions on the same state', () => {
  it('any step: the second approval, applied to the first one’s result, is refused', () => {
    const sim = new Sim(flow(ap('a', who('mh', 'g7h'), 'any'), ap('b', who('vp'))));
    const base = sim.state;
    const ctx = { ...context(school(), at(1)), initiatorId: 't1' };
    const first = act(base, 'mh', { type: 'approve' }, ctx);
    const second = act(base, 'g7h', { type: 'approve' }, ctx); // alone, each would succeed
    expect(second.state.steps[0]!.tasks.map((t) => t.status)).toEqual(['cancelled', 'approved']);
    expect(codeOf(() => act(first.state, 'g7h', { type: 'approve' }, ctx))).toBe('NOT_YOUR_TURN');
    expect(codeOf(() => act(first.state, 'g7h', { type: 'reject' }, ctx))).toBe('NOT_YOUR_TURN');
  });

  it('any step as the last step: the second decision finds the flow finished', () => {
    const sim = new Sim(flow(ap('a', who('mh', 'g7h'), 'any')));
    const ctx = { ...context(school(), at(1)), initiatorId: 't1' };
    const first = act(sim.state, 'g7h', { type: 'reject' }, ctx);
    expect(codeOf(() => act(first.state, 'mh', { type: 'approve' }, ctx))).toBe('NOT_RUNNING');
  });

  it('never mutates the input state', () => {
    const sim = new Sim(flow(ap('a', who('mh', 'g7h'), 'any', 1), ap('b', who('vp'))));
    const frozen = deepFreeze(structuredClone(sim.state)) as FlowState;
    const copy = structuredClone(frozen);
    const ctx = { ...context(school(), at(1)), initiatorId: 't1' };
    for (const [actor, action] of [
      ['mh', { type: 'approve' }], ['mh', { type: 'reject' }], ['mh', { type: 'transfer', toUserId: 'o1' }], ['mh', { type: 'addSigner', userId: 'o1', position: 'before' }],
      ['mh', { type: 'addSigner', userId: 'o1', position: 'after' }], ['mh', { type: 'return', to: 'initiator' }], ['t1', { type: 'withdraw' }], ['t1', { type: 'urge' }], ['t1', { type: 'comment', comment: 'x' }],
    ] as [string, Action][]) {
      act(frozen, actor, action, ctx);
    }
    expect(frozen).toEqual(copy);
  });
});

describe('transfer', () => {
  it('hands the actor’s task to someone else, right after it in the same slot', () => {
    const sim = new Sim(flow(ap('a', who('mh', 'g7h')), ap('b', who('vp'))));
    sim.act('mh', { type: 'transfer', toUserId: 'o1', comment: '请o1处理' }, at(4));
    expect(sim.steps[0]).toBe('active mh:transferred o1:pending g7h:waiting');
    const [old, next] = sim.state.steps[0]!.tasks;
    expect(old).toMatchObject({ decidedAt: at(4), comment: '请o1处理' });
    expect(next).toMatchObject({ order: old!.order, activatedAt: at(4), addedBy: null });
    expect(sim.last.events).toEqual([{ type: 'transferred', at: at(4), actorId: 'mh', onBehalfOf: null, stepIndex: 0, taskId: old!.id, targetUserId: 'o1', comment: '请o1处理' }]);
    expect(sim.last.effects).toEqual([{ type: 'notify', kind: 'transferred', userIds: ['o1'] }]);
    expect(sim.state.decided).toBe(false);
    sim.approve('o1');
    expect(sim.steps[0]).toBe('active mh:transferred o1:approved g7h:pending');
  });

  it('in an any step the new holder’s approval decides', () => {
    const sim = new Sim(flow(ap('a', who('mh', 'g7h'), 'any')));
    sim.act('mh', { type: 'transfer', toUserId: 'o1' });
    expect(sim.pending).toEqual(['o1', 'g7h']);
    sim.approve('o1');
    expect(sim.steps[0]).toBe('done mh:transferred o1:approved g7h:cancelled');
  });

  it('the new holder’s delegation applies', () => {
    const sim = new Sim(flow(ap('a', who('mh'))), { org: school([{ user: 'o1', to: 'o2', from: at(-1), until: at(60) }]) });
    sim.act('mh', { type: 'transfer', toUserId: 'o1' });
    expect(sim.steps[0]).toBe('active mh:transferred o2@o1:pending');
    expect(sim.lastTypes()).toEqual(['transferred', 'delegated']);
  });

  it.each([
    ['an inactive user', 'gone'],
    ['an unknown user', 'nobody'],
    ['the actor', 'mh'],
    ['someone already pending in the step', 'g7h'],
    ['the initiator', 't1'],
  ])('INVALID_TARGET: %s', (_n, to) => {
    const sim = new Sim(flow(ap('a', who('mh', 'g7h'), 'all')));
    expect(sim.fails('mh', { type: 'transfer', toUserId: to })).toBe('INVALID_TARGET');
  });
});

describe('comment', () => {
  const sim = () => new Sim(flow(ap('a', who('mh', 'g7h'), 'all'), cc('c', who('oh')), ap('b', who('vp'))));

  it.each([
    ['the initiator', 't1', ['mh', 'g7h']],
    ['a pending approver', 'mh', ['t1', 'g7h']],
    ['an approver of a later step', 'vp', ['t1', 'mh', 'g7h']],
  ])('%s may comment; the initiator and pending approvers are told', (_n, actor, told) => {
    const s = sim();
    s.act(actor, { type: 'comment', comment: '请尽快' }, at(2));
    expect(s.last.events).toEqual([{ type: 'commented', at: at(2), actorId: actor, comment: '请尽快', stepIndex: 0 }]);
    expect(s.notified('commented')).toEqual(told);
    expect(s.state.steps).toEqual(sim().state.steps.map((st, i) => ({ ...st, tasks: st.tasks.map((t, k) => ({ ...t, id: s.state.steps[i]!.tasks[k]!.id })) })));
  });

  it('a cc recipient named by the service may comment; an outsider may not', () => {
    const s = sim();
    expect(s.fails('o1', { type: 'comment', comment: 'x' })).toBe('NOT_PARTICIPANT');
    expect(s.fails('o1', { type: 'comment', comment: 'x' }, T0, ['o1'])).toBeNull();
  });

  it('works after the flow finished, and the delegated original counts as a participant', () => {
    const s = new Sim(flow(ap('a', who('mh'))), { org: school([{ user: 'mh', to: 'dl', from: at(-1), until: at(60) }]) });
    s.approve('dl');
    expect(s.state.status).toBe('approved');
    s.act('mh', { type: 'comment', comment: 'late' });
    expect(s.notified('commented')).toEqual(['t1']);
    expect(s.last.events[0]).not.toHaveProperty('stepIndex');
  });
});

describe('withdraw', () => {
  it('the initiator may withdraw before any decision (auto-approvals do not count)', () => {
    const s = new Sim(flow(ap('a', who('t1', 'mh', 'g7h'), 'all'), ap('b', who('vp'))));
    s.act('t1', { type: 'withdraw', comment: '不请了' }, at(3));
    expect(s.state).toMatchObject({ status: 'withdrawn', current: null, finishedAt: at(3) });
    expect(s.steps).toEqual(['cancelled t1:auto mh:cancelled g7h:cancelled', 'cancelled vp:cancelled']);
    expect(s.last.events).toEqual([{ type: 'withdrawn', at: at(3), actorId: 't1', stepIndex: 0, comment: '不请了' }]);
    expect(s.last.effects).toEqual([{ type: 'notify', kind: 'withdrawn', userIds: ['mh', 'g7h'] }]);
  });

  it('CANNOT_WITHDRAW once someone decided, or for anyone but the initiator; NOT_RUNNING when finished', () => {
    const s = new Sim(flow(ap('a', who('mh')), ap('b', who('vp'))));
    expect(s.fails('mh', { type: 'withdraw' })).toBe('CANNOT_WITHDRAW');
    s.approve('mh');
    expect(s.fails('t1', { type: 'withdraw' })).toBe('CANNOT_WITHDRAW');
    s.approve('vp');
    expect(s.fails('t1', { type: 'withdraw' })).toBe('NOT_RUNNING');
  });
});

describe('urge', () => {
  it('reminds the pending approvers, at most once every 10 minutes', () => {
    const s = new Sim(flow(ap('a', who('mh', 'g7h'), 'all')));
    s.act('t1', { type: 'urge' }, at(1));
    expect(s.state.lastUrgedAt).toBe(at(1));
    expect(s.last.events).toEqual([{ type: 'urged', at: at(1), actorId: 't1', stepIndex: 0 }]);
    expect(s.last.effects).toEqual([{ type: 'notify', kind: 'urge', userIds: ['mh', 'g7h'] }]);
    expect(s.fails('t1', { type: 'urge' }, at(10.99))).toBe('URGE_TOO_SOON');
    expect(s.state.lastUrgedAt).toBe(at(1));
    s.approve('mh', at(5));
    s.act('t1', { type: 'urge' }, at(11));
    expect(s.state.lastUrgedAt).toBe(at(11));
    expect(s.notified('urge')).toEqual(['g7h']);
  });

  it('only the initiator, only while running', () => {
    const s = new Sim(flow(ap('a', who('mh'))));
    expect(s.fails('mh', { type: 'urge' })).toBe('NOT_YOUR_TURN');
    s.approve('mh');
    expect(s.fails('t1', { type: 'urge' })).toBe('NOT_RUNNING');
  });
});

describe('EngineError', () => {
  it('carries its code', () => {
    const s = new Sim(flow(ap('a', who('mh'))));
    try {
      s.act('vp', { type: 'approve' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError);
      expect(e).toMatchObject({ code: 'NOT_YOUR_TURN', name: 'EngineError' });
    }
  });
});
