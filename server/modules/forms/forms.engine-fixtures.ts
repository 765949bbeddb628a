// Test support for forms.engine*.test.ts: a fake Directory over plain maps, a small school, flow builders and a
// simulator that threads the state through engine calls. Not used by the server.
import type { Answers, ApprovalMode, ApproverSpec, ApproveNode, BranchNode, CcNode, Condition, ConditionRule, Flow } from '../../lib/form-schema.js';
import {
  act, EngineError, pendingApprovers, start, tick, type Action, type Directory, type EngineContext, type EngineResult, type FlowState,
  type HistoryEvent, type Step, type Task,
} from './forms.engine.js';

export interface Person { dept?: string; sup?: string; roles?: string[]; inactive?: boolean }
export interface Away { user: string; to: string; from: string; until: string }
export interface Org { people: Record<string, Person>; depts: Record<string, { parent?: string; head?: string }>; away: Away[] }

export function fakeDirectory(org: Org): Directory {
  const person = (id: string): Person | undefined => org.people[id];
  const chain = (dept: string): string[] => {
    const out: string[] = [];
    for (let d: string | undefined = dept; d !== undefined && org.depts[d] && !out.includes(d); d = org.depts[d]!.parent) out.push(d);
    return out;
  };
  return {
    supervisorAt(userId, level) {
      let id: string | undefined = userId;
      for (let i = 0; i < level && id !== undefined; i++) id = person(id)?.sup;
      return id ?? null;
    },
    departmentOf: (userId) => person(userId)?.dept ?? null,
    headOf: (deptId) => org.depts[deptId]?.head ?? null,
    roleHolders(role, deptId) {
      if (role !== 'dept_head') return Object.keys(org.people).filter((id) => person(id)!.roles?.includes(role));
      const heads = deptId === null ? [] : chain(deptId).map((d) => org.depts[d]!.head);
      return heads.filter((h): h is string => h !== undefined && (person(h)?.roles ?? []).includes('dept_head'));
    },
    rolesOf: (userId) => person(userId)?.roles ?? [],
    inDepartmentTree: (deptId, ancestorId) => chain(deptId).includes(ancestorId),
    isActive: (userId) => person(userId) !== undefined && !person(userId)!.inactive,
    delegateOf(userId, at) {
      const t = Date.parse(at);
      const a = org.away.find((x) => x.user === userId && Date.parse(x.from) <= t && t < Date.parse(x.until));
      return a?.to ?? null;
    },
  };
}

export const T0 = '2026-03-02T08:00:00.000Z';
/** T0 plus minutes. */
export const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
export const hours = (h: number) => at(h * 60);

/**
 * school(pr) ─ g7(g7h) ─ g7math(mh);  school ─ g8(g8h);  school ─ office(oh).
 * Supervisors: t1→mh→g7h→vp→pr, t2→g7h, t3→g8h→vp, o1/o2→oh→pr, dl→g7h.
 */
export function school(away: Away[] = []): Org {
  return {
    depts: { school: { head: 'pr' }, g7: { parent: 'school', head: 'g7h' }, g7math: { parent: 'g7', head: 'mh' }, g8: { parent: 'school', head: 'g8h' }, office: { parent: 'school', head: 'oh' } },
    people: {
      pr: { dept: 'school', roles: ['principal'] },
      vp: { dept: 'school', sup: 'pr' },
      g7h: { dept: 'g7', sup: 'vp', roles: ['dept_head'] },
      mh: { dept: 'g7math', sup: 'g7h', roles: ['dept_head', 'teacher'] },
      g8h: { dept: 'g8', sup: 'vp', roles: ['dept_head'] },
      oh: { dept: 'office', sup: 'pr', roles: ['dept_head'] },
      t1: { dept: 'g7math', sup: 'mh', roles: ['teacher'] },
      t2: { dept: 'g7', sup: 'g7h', roles: ['teacher'] },
      t3: { dept: 'g8', sup: 'g8h', roles: ['teacher'] },
      o1: { dept: 'office', sup: 'oh', roles: ['admin'] },
      o2: { dept: 'office', sup: 'oh', roles: ['admin'] },
      it1: { dept: 'office', sup: 'oh', roles: ['it'] },
      dl: { dept: 'g7', sup: 'g7h' },
      adm1: { dept: 'office' },
      adm2: { dept: 'office' },
      gone: { dept: 'g7', sup: 'g7h', inactive: true },
      lone: {},
    },
    away,
  };
}

// ── flow builders ───────────────────────────────────────────────────────────────────────────

export const who = (...ids: string[]): ApproverSpec[] => ids.map((userId) => ({ kind: 'person', userId }));
export const ap = (id: string, approvers: ApproverSpec[], mode: ApprovalMode = 'sequential', timeoutHours?: number): ApproveNode =>
  ({ id, type: 'approve', name: `step ${id}`, approvers, mode, ...(timeoutHours === undefined ? {} : { timeoutHours }) });
export const cc = (id: string, recipients: ApproverSpec[]): CcNode => ({ id, type: 'cc', name: `cc ${id}`, recipients });
export const branch = (id: string, ...branches: [Condition | null, (ApproveNode | CcNode)[]][]): BranchNode =>
  ({ id, type: 'branch', name: `branch ${id}`, branches: branches.map(([when, nodes], i) => ({ name: `b${i}`, when, nodes })) });
export const flow = (...nodes: Flow['nodes']): Flow => ({ nodes });
export const rule = (field: string, op: ConditionRule['op'], value?: ConditionRule['value']): ConditionRule =>
  value === undefined ? { field, op } : { field, op, value };
export const all = (...rules: ConditionRule[]): Condition => ({ mode: 'all', rules });
export const leaveDays = (days: number) => ({ start: '2026-03-02', end: '2026-03-10', days });

// ── running ─────────────────────────────────────────────────────────────────────────────────

let seq = 0;
export function context(org: Org, now = T0): EngineContext {
  return { now, dir: fakeDirectory(org), newId: () => `id${++seq}` };
}

/** `user:status`, `delegate@original:status`, a trailing `~` for a superseded task. */
export const taskView = (t: Task) => `${t.userId}${t.onBehalfOf ? `@${t.onBehalfOf}` : ''}:${t.status}${t.superseded ? '~' : ''}`;
export const stepView = (s: Step) => `${s.status} ${s.tasks.map(taskView).join(' ')}`.trim();

export function codeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof EngineError) return e.code;
    throw e;
  }
}

export interface SimOptions { initiator?: string; answers?: Answers; admins?: string[]; org?: Org; round?: number; now?: string }

/** Threads one submission's state through start/act/tick, keeping every result. */
export class Sim {
  readonly initiator: string;
  readonly org: Org;
  state: FlowState;
  last: EngineResult;
  history: HistoryEvent[] = [];

  constructor(readonly flowDef: Flow, opts: SimOptions = {}) {
    this.initiator = opts.initiator ?? 't1';
    this.org = opts.org ?? school();
    this.last = start(
      { flow: flowDef, answers: opts.answers ?? {}, initiatorId: this.initiator, fallbackIds: opts.admins ?? [], ...(opts.round ? { round: opts.round } : {}) },
      context(this.org, opts.now),
    );
    this.state = this.last.state;
    this.history.push(...this.last.events);
  }

  private keep(r: EngineResult): EngineResult {
    this.last = r;
    this.state = r.state;
    this.history.push(...r.events);
    return r;
  }

  act(actor: string, action: Action, now = T0, participants?: string[]): EngineResult {
    const ctx = { ...context(this.org, now), initiatorId: this.initiator, ...(participants ? { participants } : {}) };
    return this.keep(act(this.state, actor, action, ctx));
  }

  approve(actor: string, now = T0): EngineResult {
    return this.act(actor, { type: 'approve' }, now);
  }

  /** The error code the action fails with (null when it succeeds; the state is kept then). */
  fails(actor: string, action: Action, now = T0, participants?: string[]): string | null {
    return codeOf(() => this.act(actor, action, now, participants));
  }

  tick(now: string, withInitiator = false): EngineResult {
    return this.keep(tick(this.state, { ...context(this.org, now), ...(withInitiator ? { initiatorId: this.initiator } : {}) }));
  }

  get steps(): string[] {
    return this.state.steps.map(stepView);
  }

  get pending(): string[] {
    return pendingApprovers(this.state);
  }

  /** Notified users of one kind in the last result. */
  notified(kind: string): string[] {
    return this.last.effects.filter((e) => e.kind === kind).flatMap((e) => e.userIds);
  }

  lastTypes(): string[] {
    return this.last.events.map((e) => (e.detail ? `${e.type}:${e.detail}` : e.type));
  }
}
