// The approval engine's inner workings (see forms.engine.ts for the rules): resolving a flow into steps at
// start, and moving steps along — activation, auto-approvals, delegation, lanes, completion. Pure.
import type { Answers, ApproverSpec, Condition, ConditionRule, Flow } from '../../lib/form-schema.js';
import { evaluateCondition } from '../../lib/form-logic.js';
import type { Directory, Effect, EngineContext, FlowState, HistoryEvent, NotifyKind, StartInput, Step, Task } from './forms.engine.js';

// ── the route ───────────────────────────────────────────────────────────────────────────────

/** A `$initiator.department` / `$initiator.role` rule; other rules are form answers (form-logic). */
function initiatorRule(rule: ConditionRule, initiatorId: string, dir: Directory): boolean {
  const list = rule.value === undefined ? [] : (Array.isArray(rule.value) ? rule.value : [rule.value]).map(String);
  let have: boolean;
  let match: boolean;
  if (rule.field === '$initiator.department') {
    const dept = dir.departmentOf(initiatorId);
    have = dept !== null;
    match = dept !== null && list.some((a) => dir.inDepartmentTree(dept, a));
  } else {
    const roles = dir.rolesOf(initiatorId);
    have = roles.length > 0;
    match = list.some((r) => roles.includes(r));
  }
  switch (rule.op) {
    case 'eq': case 'in': case 'contains': return match;
    case 'ne': case 'notIn': return !match;
    case 'empty': return !have;
    case 'notEmpty': return have;
    default: return false;
  }
}

function ruleHolds(rule: ConditionRule, answers: Answers, initiatorId: string, dir: Directory): boolean {
  if (rule.field === '$initiator.department' || rule.field === '$initiator.role') return initiatorRule(rule, initiatorId, dir);
  return evaluateCondition({ mode: 'all', rules: [rule] }, answers);
}

/** Same joining as form-logic's evaluateCondition, with the initiator rules answered from the Directory. */
export function branchHolds(cond: Condition, answers: Answers, initiatorId: string, dir: Directory): boolean {
  const groups = cond.groups ?? [];
  if (cond.rules.length === 0 && groups.length === 0) return true;
  const one = (r: ConditionRule) => ruleHolds(r, answers, initiatorId, dir);
  const results = [
    ...cond.rules.map((r) => () => one(r)),
    ...groups.map((g) => () => (g.mode === 'all' ? g.rules.every(one) : g.rules.some(one))),
  ];
  return cond.mode === 'all' ? results.every((f) => f()) : results.some((f) => f());
}

type Leaf = Exclude<Flow['nodes'][number], { type: 'branch' }>;

/** The approve/cc nodes the submission goes through: each branch node replaced by its first matching branch. */
export function routeNodes(flow: Flow, answers: Answers, initiatorId: string, dir: Directory): Leaf[] {
  const out: Leaf[] = [];
  for (const node of flow.nodes) {
    if (node.type !== 'branch') {
      out.push(node);
      continue;
    }
    const chosen = node.branches.find((b) => b.when === null || branchHolds(b.when, answers, initiatorId, dir));
    if (chosen) out.push(...chosen.nodes);
  }
  return out;
}

function idsIn(v: unknown): string[] {
  if (typeof v === 'string') return v === '' ? [] : [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

/** The people one approver spec names, in the Directory's order (inactive ones included; filtered later). */
function resolveSpec(spec: ApproverSpec, input: StartInput, dir: Directory): string[] {
  const dept = () => dir.departmentOf(input.initiatorId);
  switch (spec.kind) {
    case 'person': return [spec.userId];
    case 'role': return dir.roleHolders(spec.role, spec.role === 'dept_head' ? dept() : null);
    case 'supervisor': return idsIn(dir.supervisorAt(input.initiatorId, spec.level));
    case 'deptHead': {
      const d = spec.departmentId ?? dept();
      return d === null ? [] : idsIn(dir.headOf(d));
    }
    case 'field': return idsIn(input.answers[spec.fieldKey]);
  }
}

/** Active people, duplicates removed (first wins). */
export function activeUnique(ids: string[], dir: Directory): string[] {
  return [...new Set(ids)].filter((id) => dir.isActive(id));
}

export function newTask(ctx: EngineContext, userId: string, order: number, extra: Partial<Task> = {}): Task {
  return {
    id: ctx.newId(), userId, onBehalfOf: null, status: 'waiting', order, activatedAt: null, decidedAt: null,
    comment: null, signature: null, autoReason: null, addedBy: null, ...extra,
  };
}

/** One step per approve/cc node on the route, every task waiting. */
export function buildSteps(input: StartInput, ctx: EngineContext): Step[] {
  const { dir } = ctx;
  const admins = activeUnique(input.fallbackIds, dir);
  return routeNodes(input.flow, input.answers, input.initiatorId, dir).map((node): Step => {
    const specs = node.type === 'approve' ? node.approvers : node.recipients;
    let people = activeUnique(specs.flatMap((s) => resolveSpec(s, input, dir)), dir);
    const fallback = node.type === 'approve' && people.length === 0;
    if (fallback) people = admins;
    return {
      nodeId: node.id, name: node.name, kind: node.type, mode: node.type === 'approve' ? node.mode : 'all',
      timeoutHours: node.type === 'approve' ? (node.timeoutHours ?? null) : null,
      status: 'waiting', activatedAt: null, remindedAt: null, escalatedAt: null,
      tasks: people.map((id, i) => newTask(ctx, id, i, fallback ? { autoReason: 'fallback' } : {})),
    };
  });
}

// ── running steps ───────────────────────────────────────────────────────────────────────────

/** One engine call in progress: a private copy of the state plus what it produced. */
export interface Run {
  s: FlowState;
  ctx: EngineContext;
  /** Unknown in tick(): then nothing that depends on it happens there. */
  initiatorId: string | null;
  events: HistoryEvent[];
  effects: Effect[];
}

export const isOpen = (t: Task) => t.status === 'waiting' || t.status === 'pending';
const isApproval = (t: Task) => t.status === 'approved' || t.status === 'auto';
/** The tasks that count: those of earlier passes of a step (before a return re-opened it) are kept for the record only. */
export const live = (step: Step) => step.tasks.filter((t) => !t.superseded);

export function emit(run: Run, e: Omit<HistoryEvent, 'at'>): void {
  run.events.push({ at: run.ctx.now, ...e });
}

export function notify(run: Run, kind: NotifyKind, userIds: (string | null)[]): void {
  const ids = userIds.filter((x): x is string => x !== null);
  if (ids.length > 0) run.effects.push({ type: 'notify', kind, userIds: ids });
}

/** One effect per kind, each user once, in order of first appearance. */
export function mergeEffects(effects: Effect[]): Effect[] {
  const byKind = new Map<NotifyKind, Set<string>>();
  for (const e of effects) {
    const set = byKind.get(e.kind) ?? new Set<string>();
    for (const id of e.userIds) set.add(id);
    byKind.set(e.kind, set);
  }
  return [...byKind].map(([kind, ids]) => ({ type: 'notify', kind, userIds: [...ids] }));
}

/**
 * Lanes: tasks sharing an `order` slot run one after another (an added signer and the adder, a transfer and
 * its replacement). In 'all'/'any' steps the lanes run side by side; a 'sequential' step is one lane.
 */
function lanes(step: Step): Task[][] {
  const tasks = live(step);
  if (step.mode === 'sequential') return [tasks];
  const bySlot = new Map<number, Task[]>();
  for (const t of tasks) bySlot.set(t.order, [...(bySlot.get(t.order) ?? []), t]);
  return [...bySlot.values()];
}

/** The person each slot was resolved to (before delegation, transfers and added signers). */
export function originals(step: Step): { userId: string; fallback: boolean }[] {
  const out = new Map<string, boolean>();
  const bySlot = new Map<number, Task[]>();
  for (const t of live(step)) bySlot.set(t.order, [...(bySlot.get(t.order) ?? []), t]);
  for (const lane of bySlot.values()) {
    const first = lane.find((t) => t.addedBy === null);
    const id = first ? (first.onBehalfOf ?? first.userId) : null;
    if (first && id !== null && !out.has(id)) out.set(id, first.autoReason === 'fallback');
  }
  return [...out].map(([userId, fallback]) => ({ userId, fallback }));
}

/** Waiting → pending, handing it to the user's delegate when they are away (one hop, never the initiator). */
export function makePending(run: Run, stepIndex: number, t: Task, kind: NotifyKind): void {
  const { dir, now } = run.ctx;
  t.status = 'pending';
  t.activatedAt = now;
  if (t.onBehalfOf === null) {
    const d = dir.delegateOf(t.userId, now);
    if (d !== null && d !== t.userId && d !== run.initiatorId && dir.isActive(d)) {
      emit(run, { type: 'delegated', actorId: null, onBehalfOf: t.userId, targetUserId: d, stepIndex, taskId: t.id });
      t.onBehalfOf = t.userId;
      t.userId = d;
    }
  }
  notify(run, kind, [t.userId]);
}

/** Whether the step is complete by its mode (an empty step is). */
function complete(step: Step): boolean {
  const ls = lanes(step).filter((l) => l.length > 0);
  if (ls.length === 0) return true;
  const laneDone = (l: Task[]) => !l.some(isOpen);
  if (step.mode === 'any') return ls.some((l) => laneDone(l) && isApproval(l[l.length - 1]!));
  return ls.every(laneDone);
}

/**
 * After any change in the step: done (leftover open tasks of an 'any' step cancelled) → true; else the head of
 * each lane is made pending.
 */
export function advance(run: Run, i: number): boolean {
  const step = run.s.steps[i]!;
  if (complete(step)) {
    for (const t of live(step)) if (isOpen(t)) t.status = 'cancelled';
    step.status = 'done';
    return true;
  }
  for (const lane of lanes(step)) {
    const head = lane.find(isOpen);
    if (head?.status === 'waiting') makePending(run, i, head, 'pending');
  }
  return false;
}

function autoApprove(run: Run, i: number, t: Task, reason: 'initiator' | 'repeat'): void {
  t.status = 'auto';
  t.autoReason = reason;
  t.activatedAt = run.ctx.now;
  t.decidedAt = run.ctx.now;
  emit(run, { type: 'autoApproved', actorId: null, targetUserId: t.userId, stepIndex: i, taskId: t.id, detail: reason });
}

/** Auto rules on activation: the initiator's own task; someone who approved the previous approve step. */
function applyAutoRules(run: Run, i: number): void {
  const prev = run.s.steps.slice(0, i).findLast((s) => s.kind === 'approve');
  const approvedBefore = new Set<string>();
  for (const t of prev ? live(prev) : []) {
    if (!isApproval(t)) continue;
    approvedBefore.add(t.userId);
    if (t.onBehalfOf) approvedBefore.add(t.onBehalfOf);
  }
  for (const t of live(run.s.steps[i]!)) {
    if (t.status !== 'waiting') continue;
    const person = t.onBehalfOf ?? t.userId;
    if (person === run.initiatorId) autoApprove(run, i, t, 'initiator');
    else if (approvedBefore.has(person) || approvedBefore.has(t.userId)) autoApprove(run, i, t, 'repeat');
  }
}

function deliverCc(run: Run, i: number): void {
  const step = run.s.steps[i]!;
  const tasks = live(step);
  step.status = 'done';
  step.activatedAt = run.ctx.now;
  for (const t of tasks) {
    t.status = 'auto';
    t.activatedAt = run.ctx.now;
    t.decidedAt = run.ctx.now;
  }
  if (tasks.length === 0) return;
  emit(run, { type: 'cc', actorId: null, stepIndex: i });
  notify(run, 'cc', tasks.map((t) => t.userId));
}

/** Run the flow from step `from` until a step waits for someone, or to completion. */
export function activateFrom(run: Run, from: number): void {
  const { s, ctx } = run;
  for (let i = from; i < s.steps.length; i++) {
    const step = s.steps[i]!;
    if (step.kind === 'cc') {
      deliverCc(run, i);
      continue;
    }
    Object.assign(step, { status: 'active', activatedAt: ctx.now, remindedAt: null, escalatedAt: null });
    if (live(step).length === 0) {
      step.status = 'done';
      emit(run, { type: 'autoApproved', actorId: null, stepIndex: i, detail: 'no approver' });
      continue;
    }
    applyAutoRules(run, i);
    if (advance(run, i)) continue;
    s.current = i;
    return;
  }
  Object.assign(s, { status: 'approved', current: null, finishedAt: ctx.now });
  emit(run, { type: 'completed', actorId: null });
  notify(run, 'approved', [run.initiatorId]);
}

/** End the flow: open tasks cancelled, the current step marked `currentStatus`, steps not reached cancelled. */
export function endFlow(run: Run, status: 'rejected' | 'returned' | 'withdrawn', currentStatus: 'done' | 'cancelled'): void {
  const { s } = run;
  s.steps.forEach((step, i) => {
    for (const t of live(step)) if (isOpen(t)) t.status = 'cancelled';
    if (step.status === 'done') return;
    step.status = i === s.current ? currentStatus : 'cancelled';
  });
  s.status = status;
  s.current = null;
  s.finishedAt = status === 'returned' ? null : run.ctx.now;
}
