// The approval workflow engine: a pure state machine over a submission's flow state. No database, no clock
// (ctx.now), no randomness (ctx.newId); every call returns a new state plus the history events to append and
// the notifications to send. The submissions service persists the state (JSON) and mirrors its tasks.
//
// Route. start() walks the flow once: a branch node is replaced by its first branch whose condition holds
// (`when: null` is the default; none → no steps); `$initiator.department` matches a department's subtree,
// `$initiator.role` the initiator's roles. Each approve/cc node becomes a Step whose tasks are its resolved
// people (inactive dropped, duplicates dropped, first wins). An approve step nobody resolves to goes to the
// form admins (normal tasks, autoReason 'fallback'); with no admins either it passes ('autoApproved',
// detail 'no approver'). A flow without approve steps is approved at start.
//
// Steps. Activating a step resets its timers and applies the auto rules to its tasks: the initiator's own task
// (reason 'initiator') and anyone who approved the immediately preceding approve step, cc steps between not
// counting (reason 'repeat'). Auto-approvals count like approvals but do not set `decided`. Tasks sharing an
// `order` slot form a lane decided one after another (an added signer and its adder, a transfer and its
// replacement); 'sequential' runs all tasks as one lane, 'all' needs every lane, 'any' is decided by the first
// lane that ends in an approval (the rest are cancelled). A task becoming pending goes to the user's delegate
// when dir.delegateOf() names one (one hop; never to the initiator). A cc step is delivered as it is reached
// (its tasks, one per recipient, become 'auto'; they are not approvals) and the flow moves on.
//
// Actions (act). approve/reject/return/transfer/addSigner need a pending task of the actor in the current step
// (the first one if several). reject, return and approve — also addSigner 'after', which approves — set
// `decided`; withdraw (initiator only) is allowed only before any decision. return to 'initiator' ends the
// round (status 'returned'; the service calls start() again with round + 1); return to an earlier approve step
// re-opens it and every step up to the current one with fresh tasks for the originally resolved people: the
// old tasks stay in the step marked `superseded` (open ones cancelled). transfer and addSigner cannot target
// the initiator, the actor or an inactive user. comment is open to every participant in any status. urge:
// the initiator, at most every 10 minutes.
//
// Timeouts (tick). The current step with timeoutHours: after that long a reminder; after twice as long each
// pending task whose user has an active supervisor not already in the step is transferred to that supervisor.
import type { Answers, Flow } from '../../lib/form-schema.js';
import {
  activateFrom, advance, buildSteps, emit, endFlow, isOpen, live, makePending, mergeEffects, newTask, notify, originals, type Run,
} from './forms.engine-resolve.js';

export interface Directory {
  supervisorAt(userId: string, level: number): string | null;
  departmentOf(userId: string): string | null;
  headOf(departmentId: string): string | null;
  /** role holders; for 'dept_head' only heads whose scope covers deptId */
  roleHolders(role: string, deptId: string | null): string[];
  rolesOf(userId: string): string[];
  inDepartmentTree(deptId: string, ancestorId: string): boolean;
  isActive(userId: string): boolean;
  /** the delegate acting for userId at `at` (null when not away) */
  delegateOf(userId: string, at: string): string | null;
}

export type TaskStatus = 'waiting' | 'pending' | 'approved' | 'rejected' | 'returned' | 'transferred' | 'cancelled' | 'auto';
export interface Task {
  id: string;
  /** Who acts (the delegate when delegated). */
  userId: string;
  onBehalfOf: string | null;
  status: TaskStatus;
  /** The task's slot (lane) in the step; tasks of a slot are decided in array order. */
  order: number;
  activatedAt: string | null;
  decidedAt: string | null;
  comment: string | null;
  signature: string | null;
  autoReason: 'initiator' | 'repeat' | 'fallback' | null;
  addedBy: string | null;
  /** From an earlier pass of the step (a return re-opened it): kept for the record, ignored by the engine. */
  superseded?: true;
}
export type StepStatus = 'waiting' | 'active' | 'done' | 'cancelled';
export interface Step {
  nodeId: string;
  name: string;
  kind: 'approve' | 'cc';
  mode: 'sequential' | 'all' | 'any';
  timeoutHours: number | null;
  status: StepStatus;
  activatedAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  tasks: Task[];
}
export type FlowStatus = 'running' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
/** `current` is the active step's index while running, else null. */
export interface FlowState { status: FlowStatus; round: number; steps: Step[]; current: number | null; decided: boolean; lastUrgedAt: string | null; finishedAt: string | null }
export type HistoryType =
  | 'submitted' | 'resubmitted' | 'approved' | 'rejected' | 'returned' | 'transferred' | 'signerAdded' | 'commented' | 'withdrawn' | 'urged'
  | 'reminded' | 'escalated' | 'autoApproved' | 'delegated' | 'cc' | 'completed';
/**
 * detail: autoApproved → 'initiator' | 'repeat' | 'no approver'; returned → 'initiator' or the target step's
 * index; signerAdded → 'before' | 'after'.
 */
export interface HistoryEvent { type: HistoryType; at: string; actorId: string | null; onBehalfOf?: string | null; stepIndex?: number; taskId?: string; targetUserId?: string; comment?: string; signature?: string; detail?: string }
export type NotifyKind = 'pending' | 'cc' | 'approved' | 'rejected' | 'returned' | 'withdrawn' | 'urge' | 'remind' | 'escalated' | 'transferred' | 'commented';
export interface Effect { type: 'notify'; kind: NotifyKind; userIds: string[] }
export interface EngineResult { state: FlowState; events: HistoryEvent[]; effects: Effect[] }
export interface EngineContext { now: string /* ISO */; dir: Directory; newId: () => string }
export interface StartInput { flow: Flow; answers: Answers; initiatorId: string; fallbackIds: string[] /* form admins */; round?: number /* 1 first; resubmissions pass previous+1 */ }
export type Action =
  | { type: 'approve'; comment?: string; signature?: string }
  | { type: 'reject'; comment?: string; signature?: string }
  | { type: 'return'; to: 'initiator' | number /* step index, earlier than current */; comment?: string }
  | { type: 'transfer'; toUserId: string; comment?: string }
  | { type: 'addSigner'; userId: string; position: 'before' | 'after'; comment?: string }
  | { type: 'comment'; comment: string }
  | { type: 'withdraw'; comment?: string }
  | { type: 'urge' };

export type EngineErrorCode = 'NOT_RUNNING' | 'NOT_YOUR_TURN' | 'CANNOT_WITHDRAW' | 'URGE_TOO_SOON' | 'INVALID_TARGET' | 'NOT_PARTICIPANT';
export class EngineError extends Error {
  constructor(
    public code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export const URGE_INTERVAL_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;

const result = (run: Run): EngineResult => ({ state: run.s, events: run.events, effects: mergeEffects(run.effects) });

function begin(ctx: EngineContext, initiatorId: string | null, steps: Step[], round: number, submitted: boolean): Run {
  const s: FlowState = { status: 'running', round, steps, current: null, decided: false, lastUrgedAt: null, finishedAt: null };
  const run: Run = { s, ctx, initiatorId, events: [], effects: [] };
  if (submitted) emit(run, { type: round > 1 ? 'resubmitted' : 'submitted', actorId: initiatorId });
  return run;
}

/** The route a submission with these answers would take now (the state start() would produce), for showing before submitting. */
export function preview(input: StartInput, ctx: EngineContext): Step[] {
  return start(input, ctx).state.steps;
}

export function start(input: StartInput, ctx: EngineContext): EngineResult {
  const run = begin(ctx, input.initiatorId, buildSteps(input, ctx), input.round ?? 1, true);
  activateFrom(run, 0);
  return result(run);
}

export function pendingApprovers(state: FlowState): string[] {
  if (state.status !== 'running' || state.current === null) return [];
  const step = state.steps[state.current];
  return [...new Set((step ? live(step) : []).filter((t) => t.status === 'pending').map((t) => t.userId))];
}

function fail(code: EngineErrorCode, message: string): never {
  throw new EngineError(code, message);
}

/** The actor's (first) pending task in the current step. */
function turnOf(run: Run, actorId: string): { i: number; step: Step; task: Task } {
  const { s } = run;
  if (s.status !== 'running' || s.current === null) fail('NOT_RUNNING', `the flow is ${s.status}`);
  const step = s.steps[s.current]!;
  const task = live(step).find((t) => t.status === 'pending' && t.userId === actorId);
  if (!task) fail('NOT_YOUR_TURN', 'no pending task of yours in the current step');
  return { i: s.current, step, task };
}

function decide(run: Run, task: Task, status: 'approved' | 'rejected' | 'returned' | 'transferred', comment?: string, signature?: string): void {
  task.status = status;
  task.decidedAt = run.ctx.now;
  task.comment = comment ?? null;
  task.signature = signature ?? null;
}

function checkTarget(run: Run, actorId: string, userId: string): void {
  if (userId === actorId || userId === run.initiatorId || !run.ctx.dir.isActive(userId)) fail('INVALID_TARGET', 'not a possible approver');
}

const opt = <K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> => (v === undefined ? {} : ({ [key]: v } as Record<K, V>));

function approveAction(run: Run, actorId: string, comment?: string, signature?: string): void {
  const { i, task } = turnOf(run, actorId);
  decide(run, task, 'approved', comment, signature);
  emit(run, { type: 'approved', actorId, onBehalfOf: task.onBehalfOf, stepIndex: i, taskId: task.id, ...opt('comment', comment), ...opt('signature', signature) });
  run.s.decided = true;
  if (advance(run, i)) activateFrom(run, i + 1);
}

function rejectAction(run: Run, actorId: string, comment?: string, signature?: string): void {
  const { i, task } = turnOf(run, actorId);
  decide(run, task, 'rejected', comment, signature);
  emit(run, { type: 'rejected', actorId, onBehalfOf: task.onBehalfOf, stepIndex: i, taskId: task.id, ...opt('comment', comment), ...opt('signature', signature) });
  run.s.decided = true;
  endFlow(run, 'rejected', 'done');
  notify(run, 'rejected', [run.initiatorId]);
}

function returnAction(run: Run, actorId: string, to: 'initiator' | number, comment?: string): void {
  const { i, task } = turnOf(run, actorId);
  const { s, ctx } = run;
  const target = to === 'initiator' ? null : s.steps[to];
  if (to !== 'initiator' && (!Number.isInteger(to) || to < 0 || to >= i || target?.kind !== 'approve' || originals(target).length === 0)) {
    fail('INVALID_TARGET', 'return to the initiator or an earlier approval step');
  }
  decide(run, task, 'returned', comment);
  emit(run, { type: 'returned', actorId, onBehalfOf: task.onBehalfOf, stepIndex: i, taskId: task.id, detail: String(to), ...opt('comment', comment) });
  s.decided = true;
  if (to === 'initiator') {
    endFlow(run, 'returned', 'done');
    notify(run, 'returned', [run.initiatorId]);
    return;
  }
  for (let j = to; j <= i; j++) {
    const step = s.steps[j]!;
    const people = originals(step);
    for (const t of live(step)) {
      if (isOpen(t)) t.status = 'cancelled';
      t.superseded = true;
    }
    step.tasks.push(...people.map((p, k) => newTask(ctx, p.userId, k, p.fallback ? { autoReason: 'fallback' } : {})));
    Object.assign(step, { status: 'waiting', activatedAt: null, remindedAt: null, escalatedAt: null });
  }
  s.current = null;
  activateFrom(run, to);
}

function transferAction(run: Run, actorId: string, toUserId: string, comment?: string): void {
  const { i, step, task } = turnOf(run, actorId);
  checkTarget(run, actorId, toUserId);
  if (live(step).some((t) => t.status === 'pending' && t.userId === toUserId)) fail('INVALID_TARGET', 'already deciding this step');
  decide(run, task, 'transferred', comment);
  const next = newTask(run.ctx, toUserId, task.order);
  step.tasks.splice(step.tasks.indexOf(task) + 1, 0, next);
  emit(run, { type: 'transferred', actorId, onBehalfOf: task.onBehalfOf, stepIndex: i, taskId: task.id, targetUserId: toUserId, ...opt('comment', comment) });
  makePending(run, i, next, 'transferred');
}

function addSignerAction(run: Run, actorId: string, userId: string, position: 'before' | 'after', comment?: string): void {
  const { i, step, task } = turnOf(run, actorId);
  checkTarget(run, actorId, userId);
  const added = newTask(run.ctx, userId, task.order, { addedBy: actorId });
  const at = step.tasks.indexOf(task);
  if (position === 'before') {
    step.tasks.splice(at, 0, added);
    Object.assign(task, { status: 'waiting', activatedAt: null });
  } else {
    step.tasks.splice(at + 1, 0, added);
    decide(run, task, 'approved');
    emit(run, { type: 'approved', actorId, onBehalfOf: task.onBehalfOf, stepIndex: i, taskId: task.id });
    run.s.decided = true;
  }
  emit(run, { type: 'signerAdded', actorId, onBehalfOf: task.onBehalfOf, stepIndex: i, taskId: added.id, targetUserId: userId, detail: position, ...opt('comment', comment) });
  advance(run, i); // never completes: the added signer's lane is open
}

function commentAction(run: Run, actorId: string, comment: string, participants: string[]): void {
  const { s } = run;
  const involved =
    actorId === run.initiatorId ||
    participants.includes(actorId) ||
    s.steps.some((step) => step.tasks.some((t) => t.userId === actorId || t.onBehalfOf === actorId));
  if (!involved) fail('NOT_PARTICIPANT', 'only participants may comment');
  emit(run, { type: 'commented', actorId, comment, ...opt('stepIndex', s.current ?? undefined) });
  notify(run, 'commented', [run.initiatorId, ...pendingApprovers(s)].filter((id) => id !== actorId));
}

function withdrawAction(run: Run, actorId: string, comment?: string): void {
  const { s } = run;
  if (s.status !== 'running') fail('NOT_RUNNING', `the flow is ${s.status}`);
  if (actorId !== run.initiatorId || s.decided) fail('CANNOT_WITHDRAW', 'only the initiator, before any decision');
  const waiting = pendingApprovers(s);
  emit(run, { type: 'withdrawn', actorId, ...opt('stepIndex', s.current ?? undefined), ...opt('comment', comment) });
  endFlow(run, 'withdrawn', 'cancelled');
  notify(run, 'withdrawn', waiting);
}

function urgeAction(run: Run, actorId: string): void {
  const { s, ctx } = run;
  if (s.status !== 'running') fail('NOT_RUNNING', `the flow is ${s.status}`);
  if (actorId !== run.initiatorId) fail('NOT_YOUR_TURN', 'only the initiator may urge');
  if (s.lastUrgedAt !== null && Date.parse(ctx.now) - Date.parse(s.lastUrgedAt) < URGE_INTERVAL_MS) fail('URGE_TOO_SOON', 'urged less than 10 minutes ago');
  s.lastUrgedAt = ctx.now;
  emit(run, { type: 'urged', actorId, ...opt('stepIndex', s.current ?? undefined) });
  notify(run, 'urge', pendingApprovers(s));
}

export function act(state: FlowState, actorId: string, action: Action, ctx: EngineContext & { initiatorId: string; participants?: string[] }): EngineResult {
  const run = begin(ctx, ctx.initiatorId, [], state.round, false);
  run.s = structuredClone(state);
  switch (action.type) {
    case 'approve': approveAction(run, actorId, action.comment, action.signature); break;
    case 'reject': rejectAction(run, actorId, action.comment, action.signature); break;
    case 'return': returnAction(run, actorId, action.to, action.comment); break;
    case 'transfer': transferAction(run, actorId, action.toUserId, action.comment); break;
    case 'addSigner': addSignerAction(run, actorId, action.userId, action.position, action.comment); break;
    case 'comment': commentAction(run, actorId, action.comment, ctx.participants ?? []); break;
    case 'withdraw': withdrawAction(run, actorId, action.comment); break;
    case 'urge': urgeAction(run, actorId); break;
  }
  return result(run);
}

/**
 * Timeouts of the current step. Returns the input state itself (and no events) when nothing is due. Pass
 * `initiatorId` when known: escalation then never hands a task to the initiator.
 */
export function tick(state: FlowState, ctx: EngineContext & { initiatorId?: string }): EngineResult {
  const cur = state.current === null ? undefined : state.steps[state.current];
  if (state.status !== 'running' || !cur || cur.kind !== 'approve' || cur.timeoutHours === null || cur.activatedAt === null) {
    return { state, events: [], effects: [] };
  }
  const elapsed = Date.parse(ctx.now) - Date.parse(cur.activatedAt);
  const limit = cur.timeoutHours * HOUR_MS;
  const remind = elapsed >= limit && cur.remindedAt === null;
  const escalate = elapsed >= 2 * limit && cur.escalatedAt === null;
  if (!remind && !escalate) return { state, events: [], effects: [] };

  const run = begin(ctx, ctx.initiatorId ?? null, [], state.round, false);
  run.s = structuredClone(state);
  const i = state.current!;
  const step = run.s.steps[i]!;
  if (remind) {
    step.remindedAt = ctx.now;
    emit(run, { type: 'reminded', actorId: null, stepIndex: i });
    notify(run, 'remind', pendingApprovers(run.s));
  }
  if (escalate) {
    step.escalatedAt = ctx.now;
    for (const task of live(step).filter((t) => t.status === 'pending')) {
      const sup = ctx.dir.supervisorAt(task.userId, 1);
      const inStep = live(step).some((t) => t.userId === sup || t.onBehalfOf === sup);
      if (sup === null || inStep || sup === run.initiatorId || !ctx.dir.isActive(sup)) continue;
      task.status = 'transferred';
      task.decidedAt = ctx.now;
      const next = newTask(ctx, sup, task.order);
      step.tasks.splice(step.tasks.indexOf(task) + 1, 0, next);
      emit(run, { type: 'escalated', actorId: null, onBehalfOf: task.onBehalfOf, stepIndex: i, taskId: task.id, targetUserId: sup });
      makePending(run, i, next, 'escalated');
    }
  }
  return result(run);
}
