import { describe, expect, it } from 'vitest';
import type { FormSummary, HistoryView, StepView, SubmissionListItem, TaskView } from '../../../../server/modules/forms/forms.dto';
import {
  arrangeActions,
  batchableIds,
  chunk,
  dateOnlyInstant,
  delegationPhase,
  delegationRangeValid,
  groupByCategory,
  historyNewestFirst,
  mergePage,
  pruneSelection,
  retryMinutes,
  returnTargets,
  seatsLeft,
  signatureHistoryId,
  todayIn,
  toggleSelected,
  waitingNames,
} from './approvals-format';

const form = (id: string, category: string, over: Partial<FormSummary> = {}): FormSummary => ({
  id,
  name: id,
  description: '',
  icon: 'leave',
  category,
  version: 1,
  hasApproval: true,
  capacity: null,
  taken: 0,
  ...over,
});

const person = (id: string, displayName = id) => ({ id, displayName, departmentName: null });

const item = (id: string, batchable = false): SubmissionListItem => ({
  id,
  serial: '20261128-0001',
  formId: 'f',
  formName: '请假',
  formIcon: 'leave',
  title: `申请 ${id}`,
  summary: '',
  status: 'running',
  initiator: person('u1'),
  currentStepName: null,
  waitingFor: [],
  createdAt: '2026-11-28T01:00:00.000Z',
  updatedAt: '2026-11-28T01:00:00.000Z',
  batchable,
  unread: false,
});

const task = (personId: string, over: Partial<TaskView> = {}): TaskView => ({
  id: `t-${personId}`,
  person: person(personId),
  onBehalfOf: null,
  status: 'approved',
  decidedAt: null,
  comment: null,
  hasSignature: false,
  autoReason: null,
  addedBy: null,
  ...over,
});

const step = (index: number, over: Partial<StepView> = {}): StepView => ({
  index,
  nodeId: `n${index}`,
  name: `第${index}步`,
  kind: 'approve',
  mode: 'sequential',
  status: 'done',
  tasks: [],
  ...over,
});

const hist = (id: number, over: Partial<HistoryView> = {}): HistoryView => ({
  id,
  round: 1,
  type: 'approved',
  at: '2026-11-28T02:00:00.000Z',
  actor: null,
  onBehalfOf: null,
  target: null,
  stepIndex: null,
  stepName: null,
  comment: null,
  hasSignature: false,
  detail: null,
  ...over,
});

describe('catalogue', () => {
  it('groups forms by category in first-seen order, uncategorised last', () => {
    const groups = groupByCategory([form('a', '人事'), form('b', ''), form('c', '后勤'), form('d', '人事')], '其他');
    expect(groups.map((g) => [g.category, g.forms.map((f) => f.id)])).toEqual([
      ['人事', ['a', 'd']],
      ['后勤', ['c']],
      ['其他', ['b']],
    ]);
  });

  it('puts uncategorised forms into an existing 其他 group', () => {
    const groups = groupByCategory([form('a', '其他'), form('b', ' ')], '其他');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.forms.map((f) => f.id)).toEqual(['a', 'b']);
  });

  it('counts seats left, never below zero, null without a capacity', () => {
    expect(seatsLeft({ capacity: 30, taken: 18 })).toBe(12);
    expect(seatsLeft({ capacity: 5, taken: 7 })).toBe(0);
    expect(seatsLeft({ capacity: null, taken: 7 })).toBeNull();
  });
});

describe('lists and batch selection', () => {
  it('appends a page without repeating rows already shown', () => {
    const merged = mergePage([item('a'), item('b')], [item('b'), item('c')]);
    expect(merged.map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });

  it('toggles a selection without mutating the old set', () => {
    const before = new Set(['a']);
    const after = toggleSelected(before, 'b');
    expect([...after].sort()).toEqual(['a', 'b']);
    expect([...toggleSelected(after, 'a')]).toEqual(['b']);
    expect([...before]).toEqual(['a']);
  });

  it('keeps only batchable rows that are still shown', () => {
    const items = [item('a', true), item('b', false)];
    expect([...pruneSelection(new Set(['a', 'b', 'gone']), items)]).toEqual(['a']);
    expect(batchableIds(items)).toEqual(['a']);
  });

  it('splits ids into calls of at most 100', () => {
    const ids = Array.from({ length: 205 }, (_, i) => String(i));
    expect(chunk(ids).map((c) => c.length)).toEqual([100, 100, 5]);
    expect(chunk([])).toEqual([]);
  });

  it('names the first approvers and counts the rest', () => {
    expect(waitingNames(['张三', '李四', '王五'], 2, '、')).toEqual({ names: '张三、李四', more: 1 });
    expect(waitingNames(['张三'], 2, '、')).toEqual({ names: '张三', more: 0 });
  });
});

describe('actions', () => {
  it('puts 同意 and 驳回 on the bar and the rest under more', () => {
    expect(arrangeActions(['comment', 'reject', 'approve', 'transfer', 'return', 'addSigner'])).toEqual({
      primary: ['reject', 'approve'],
      more: ['return', 'transfer', 'addSigner', 'comment'],
    });
  });

  it('gives an initiator 催办 and 撤回 on the bar', () => {
    expect(arrangeActions(['withdraw', 'urge', 'comment'])).toEqual({ primary: ['withdraw', 'urge'], more: ['comment'] });
    expect(arrangeActions(['urge', 'comment'])).toEqual({ primary: ['urge', 'comment'], more: [] });
    expect(arrangeActions(['comment'])).toEqual({ primary: ['comment'], more: [] });
    expect(arrangeActions([])).toEqual({ primary: [], more: [] });
  });

  it('offers the initiator and finished approval steps before the current one as return targets', () => {
    const steps = [step(0), step(1, { kind: 'cc' }), step(2), step(3, { status: 'active' }), step(4, { status: 'waiting' })];
    expect(returnTargets({ steps, currentStep: 3 })).toEqual([
      { to: 'initiator', stepName: null },
      { to: 0, stepName: '第0步' },
      { to: 2, stepName: '第2步' },
    ]);
  });

  it('finds the latest signature of a task by its step and approver', () => {
    const history = [
      hist(1, { actor: person('u2'), stepIndex: 1, hasSignature: true, round: 1 }),
      hist(5, { actor: person('u2'), stepIndex: 1, hasSignature: true, round: 2 }),
      hist(6, { actor: person('u2'), stepIndex: 1, hasSignature: true, type: 'commented', round: 2 }),
      hist(7, { actor: person('u3'), stepIndex: 1, hasSignature: true, round: 2 }),
    ];
    expect(signatureHistoryId(history, { index: 1 }, task('u2', { hasSignature: true }))).toBe(5);
    expect(signatureHistoryId(history, { index: 1 }, task('u2', { hasSignature: false }))).toBeNull();
    expect(signatureHistoryId(history, { index: 2 }, task('u2', { hasSignature: true }))).toBeNull();
  });

  it('lists history newest first, by id within the same instant', () => {
    const list = historyNewestFirst([hist(1, { at: '2026-01-01T00:00:00Z' }), hist(3, { at: '2026-01-02T00:00:00Z' }), hist(2, { at: '2026-01-02T00:00:00Z' })]);
    expect(list.map((h) => h.id)).toEqual([3, 2, 1]);
  });

  it('turns retryAfterSeconds into whole minutes, at least one', () => {
    expect(retryMinutes({ retryAfterSeconds: 30 })).toBe(1);
    expect(retryMinutes({ retryAfterSeconds: 610 })).toBe(11);
    expect(retryMinutes({})).toBe(1);
  });
});

describe('delegation dates', () => {
  it('accepts a range whose end is not before its start', () => {
    expect(delegationRangeValid('2026-12-01', '2026-12-01')).toBe(true);
    expect(delegationRangeValid('2026-12-02', '2026-12-01')).toBe(false);
    expect(delegationRangeValid('', '2026-12-01')).toBe(false);
  });

  it('tells upcoming, active and ended apart', () => {
    const d = { startsOn: '2026-12-01', endsOn: '2026-12-05' };
    expect(delegationPhase(d, '2026-11-30')).toBe('upcoming');
    expect(delegationPhase(d, '2026-12-05')).toBe('active');
    expect(delegationPhase(d, '2026-12-06')).toBe('ended');
  });

  it("gives today's date in the school's time zone", () => {
    // 2026-11-28 20:30 UTC is already the 29th in Shanghai.
    expect(todayIn('Asia/Shanghai', new Date('2026-11-28T20:30:00Z'))).toBe('2026-11-29');
    expect(todayIn('UTC', new Date('2026-11-28T20:30:00Z'))).toBe('2026-11-28');
    expect(dateOnlyInstant('2026-12-01')).toBe('2026-12-01T12:00:00Z');
  });
});
