// Submissions and the approval runtime: validates and stores submissions, runs the pure engine
// (forms.engine.ts) inside one synchronous transaction per decision with a compare-and-set on state_version,
// mirrors the engine's tasks into approval_tasks (the boxes are index lookups), appends approval_history,
// and after commit notifies, publishes and audits (forms.submissions-notify.ts). Timeouts run as the
// 'forms.tick' job. Lists, counts and delegation are in forms.submissions-lists.ts.
import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../../core/jobs/jobs.queue.js';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import type { CurrentUser } from '../../core/request-context.js';
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import type { Answers, FormSchema } from '../../lib/form-schema.js';
import { validateAnswers } from '../../lib/form-validate.js';
import { newId } from '../../lib/ids.js';
import type { AuditService } from '../audit/index.js';
import type { Gateway } from '../gateway/index.js';
import type { OrgService } from '../org/index.js';
import { createDirectory, memoized } from './forms.directory.js';
import type { ActionRequest, BatchResult, RoutePreview, SubmissionDetail } from './forms.dto.js';
import * as engine from './forms.engine.js';
import { EngineError, URGE_INTERVAL_MS, type Action, type EngineContext, type EngineResult, type FlowState } from './forms.engine.js';
import type { AttachmentsPort, FormsCatalog, SubmissionRecord, SubmissionsPort } from './forms.ports.js';
import { createLists } from './forms.submissions-lists.js';
import { createNotifier, type Outcome } from './forms.submissions-notify.js';
import { createSubmissionsRepo, type StoredState, type SubmissionRow } from './forms.submissions-repo.js';
import { buildDetail, fileIds, nameRefs, parseState, peopleRefs, summarize } from './forms.submissions-view.js';
import { SubmissionErrors as E, engineProblem } from './forms.submissions.errors.js';

export interface SubmissionsDeps {
  sqlite: Sqlite;
  org: OrgService;
  audit: AuditService;
  gateway: Pick<Gateway, 'deliver'>;
  hub: RealtimeHub;
  jobs: JobQueue;
  clock: Clock;
  log: FastifyBaseLogger;
  timeZone: () => string;
  catalog: FormsCatalog;
  attachments: AttachmentsPort;
  onFinished: (id: string, status: 'approved' | 'rejected' | 'withdrawn') => void;
}

export const TICK_JOB = 'forms.tick';
const TICK_BATCH = 200;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** The next reminder (activatedAt + timeout) or escalation (+ 2 × timeout) of the active step. */
export function dueAt(state: FlowState): string | null {
  const step = state.status === 'running' && state.current !== null ? state.steps[state.current] : undefined;
  if (!step || step.kind !== 'approve' || step.timeoutHours === null || !step.activatedAt) return null;
  const base = Date.parse(step.activatedAt);
  const limit = step.timeoutHours * HOUR_MS;
  if (step.remindedAt === null) return new Date(base + limit).toISOString();
  if (step.escalatedAt === null) return new Date(base + 2 * limit).toISOString();
  return null;
}

/** Signatures live in approval_history (one PNG per decision); the stored state only marks that there is one. */
function stored(state: FlowState, past: StoredState['past']): StoredState {
  for (const step of state.steps) for (const t of step.tasks) if (t.signature && t.signature !== 'history') t.signature = 'history';
  return past?.length ? { ...state, past } : state;
}

const taskKey = (i: number, t: engine.Task) => `${i}|${t.userId}|${t.onBehalfOf}|${t.status}|${t.activatedAt}|${t.decidedAt}`;

export function createSubmissions(d: SubmissionsDeps) {
  const { org, catalog, clock } = d;
  const repo = createSubmissionsRepo(d.sqlite);
  const dir = createDirectory(org, d.sqlite, d.timeZone);
  const nameOf = (id: string) => org.personSummary(id)?.displayName ?? id;
  const notifier = createNotifier({ gateway: d.gateway, hub: d.hub, audit: d.audit, log: d.log, onFinished: d.onFinished, nameOf });
  const lists = createLists({ repo, org, catalog, clock, audit: d.audit });

  /** After commit: inbox items, realtime events and audit entries written together (one fsync, not one per row). */
  const announce = (outcome: Outcome) => repo.tx(() => notifier.deliver(outcome));

  function engineCtx(): EngineContext {
    const now = clock.now();
    return { now: now.toISOString(), dir: memoized(dir), newId: () => newId(now.getTime()) };
  }

  function formAdmins(formId: string): string[] {
    return (catalog.form(formId)?.adminIds ?? []).filter((id) => org.isActive(id));
  }

  /** On a step the flow has reached (an adder waiting for the signer they added still takes part). */
  const onReachedStep = (state: FlowState, userId: string) =>
    state.steps.some((step) => step.status !== 'waiting' && step.status !== 'cancelled' && step.tasks.some((t) => t.userId === userId || t.onBehalfOf === userId));

  function canSee(user: CurrentUser, row: SubmissionRow): boolean {
    if (row.initiator_id === user.id || repo.holdsTask(row.id, user.id) || repo.cc(row.id, user.id)) return true;
    if (onReachedStep(parseState(row.flow_state), user.id)) return true;
    const form = catalog.form(row.form_id);
    return !!form && (form.adminIds.includes(user.id) || catalog.canManage(user, form));
  }

  function visibleRow(user: CurrentUser, id: string): SubmissionRow {
    const row = repo.get(id);
    if (!row || !canSee(user, row)) throw E.notFound();
    return row;
  }

  const toRecord = (row: SubmissionRow): SubmissionRecord => ({
    id: row.id, formId: row.form_id, version: row.form_version, serial: row.serial, title: row.title, status: row.status,
    initiatorId: row.initiator_id, initiatorDeptId: row.initiator_dept_id, answers: JSON.parse(row.answers) as Answers,
    createdAt: row.created_at, finishedAt: row.finished_at, archivedFileId: row.archived_file_id,
  });

  /** validateAnswers with the school's calendar, active people, real departments and files the submitter may read. */
  function checkAnswers(user: CurrentUser, schema: FormSchema, raw: Record<string, unknown>): Answers {
    const files = fileIds(schema, raw as Answers);
    const readable = files.length ? d.attachments.readable(user, files) : new Map<string, unknown>();
    const { answers, errors } = validateAnswers(schema, raw as Answers, {
      calendar: catalog.calendar(),
      knownPerson: (id) => org.isActive(id),
      knownDepartment: (id) => org.departmentName(id) !== null,
      knownFile: (id) => readable.has(id),
    });
    if (errors.length) {
      throw E.invalid(`${errors.length} answer(s) are not valid`, {
        errors: errors.map((e) => ({ pointer: e.pointer, message: e.message, code: e.code, ...(e.params ? { params: e.params } : {}) })),
      });
    }
    return answers;
  }

  function summaryOf(schema: FormSchema, formId: string, version: number, answers: Answers): string {
    const settings = catalog.version(formId, version)?.settings ?? {};
    return summarize(schema, settings, answers, { ...nameRefs(org, peopleRefs(org), schema, answers), files: {} });
  }

  function titles(initiatorId: string, formId: string): Outcome['title'] {
    const name = nameOf(initiatorId);
    const form = catalog.form(formId)?.name ?? '';
    return { 'zh-CN': `${name}的${form}`, en: `${name}'s ${form}` };
  }

  /** approval_tasks follows the state (rows of earlier rounds stay: they record who took part); cc rows; history. */
  function mirror(id: string, prev: FlowState | null, state: StoredState, res: EngineResult, now: string): void {
    const before = new Map<string, string>();
    prev?.steps.forEach((step, i) => step.tasks.forEach((t) => before.set(t.id, taskKey(i, t))));
    state.steps.forEach((step, i) => step.tasks.forEach((t) => before.get(t.id) !== taskKey(i, t) && repo.upsertTask(id, i, t)));
    for (const e of res.effects) if (e.kind === 'cc') for (const userId of e.userIds) repo.upsertCc(id, userId, now);
    for (const e of res.events) repo.insertHistory(id, state.round, e);
  }

  type Actor = Outcome['actor'];
  const actorOf = (user: CurrentUser | null, ip?: string): Actor => (user ? { id: user.id, displayName: user.displayName, ...(ip ? { ip } : {}) } : null);

  /**
   * One decision: read, run the engine, compare-and-set, mirror — all in one synchronous transaction. Returns
   * what to announce after commit.
   */
  function mutate(
    user: CurrentUser | null, id: string, actor: Actor,
    run: (row: SubmissionRow, state: StoredState, ctx: EngineContext) => { res: EngineResult; past?: StoredState['past']; answers?: Answers; summary?: string; fresh?: boolean },
    pointer?: string,
  ): Outcome {
    return repo.tx(() => {
      const row = repo.get(id);
      if (!row || (user && !canSee(user, row))) throw E.notFound();
      const prev = parseState(row.flow_state);
      const ctx = engineCtx();
      let out: ReturnType<typeof run>;
      try {
        out = run(row, prev, ctx);
      } catch (err) {
        if (!(err instanceof EngineError)) throw err;
        const wait = prev.lastUrgedAt ? Math.ceil((Date.parse(prev.lastUrgedAt) + URGE_INTERVAL_MS - Date.parse(ctx.now)) / 1000) : undefined;
        throw engineProblem(err, { retryAfterSeconds: wait, pointer });
      }
      const state = stored(out.res.state, out.past ?? prev.past);
      const ok = repo.cas({
        id, stateVersion: row.state_version, status: state.status, flowState: JSON.stringify(state), dueAt: dueAt(state), now: ctx.now,
        finishedAt: state.finishedAt, answers: out.answers ? JSON.stringify(out.answers) : null, summary: out.summary ?? null,
      });
      if (!ok) throw E.conflict();
      mirror(id, out.fresh ? null : prev, state, out.res, ctx.now);
      return {
        id, title: titles(row.initiator_id, row.form_id), summary: out.summary ?? row.summary, initiatorId: row.initiator_id,
        before: prev, after: state, events: out.res.events, effects: out.res.effects, actor,
      };
    });
  }

  function toAction(req: ActionRequest): { action: Action; pointer?: string } {
    const missing = (pointer: string, message: string) => E.actionInvalid(message, { errors: [{ pointer, message }] });
    const comment = req.comment?.trim() || undefined;
    switch (req.type) {
      case 'approve':
      case 'reject':
        return { action: { type: req.type, ...(comment ? { comment } : {}), ...(req.signature ? { signature: req.signature } : {}) } };
      case 'return':
        if (req.to === undefined) throw missing('/to', 'Say where to return it: the initiator or an earlier step');
        return { action: { type: 'return', to: req.to, ...(comment ? { comment } : {}) }, pointer: '/to' };
      case 'transfer':
        if (!req.userId) throw missing('/userId', 'Choose the person to transfer to');
        return { action: { type: 'transfer', toUserId: req.userId, ...(comment ? { comment } : {}) }, pointer: '/userId' };
      case 'addSigner':
        if (!req.userId) throw missing('/userId', 'Choose the person to add');
        return { action: { type: 'addSigner', userId: req.userId, position: req.position ?? 'before', ...(comment ? { comment } : {}) }, pointer: '/userId' };
      case 'comment':
        if (!comment) throw missing('/comment', 'Write a comment');
        return { action: { type: 'comment', comment } };
      case 'withdraw':
        return { action: { type: 'withdraw', ...(comment ? { comment } : {}) } };
      case 'urge':
        return { action: { type: 'urge' } };
    }
  }

  function markCcRead(user: CurrentUser, id: string): void {
    if (repo.readCc(id, user.id, clock.now().toISOString())) d.hub.publish({ topic: `user:${user.id}`, name: 'approvals.changed', data: { submissionId: id } });
  }

  function detail(viewer: CurrentUser | null, id: string): SubmissionDetail {
    const row = viewer ? visibleRow(viewer, id) : repo.get(id);
    if (!row) throw E.notFound();
    if (viewer) markCcRead(viewer, id);
    return buildDetail({ org, catalog, attachments: d.attachments }, viewer, row, repo.history(id));
  }

  function decide(user: CurrentUser, id: string, req: ActionRequest, ip?: string): void {
    const { action, pointer } = toAction(req);
    const outcome = mutate(user, id, actorOf(user, ip), (row, state, ctx) => ({
      res: engine.act(state, user.id, action, { ...ctx, initiatorId: row.initiator_id, participants: [user.id] }),
    }), pointer);
    announce(outcome);
  }

  function act(user: CurrentUser, id: string, req: ActionRequest, ip?: string): SubmissionDetail {
    decide(user, id, req, ip);
    return detail(user, id);
  }

  /** Timeouts: reminders and escalations of every submission whose due_at has passed. */
  function tickDue(): number {
    const now = clock.now().toISOString();
    let handled = 0;
    const seen = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const ids = repo.due(now, TICK_BATCH).filter((id) => !seen.has(id));
      for (const id of ids) {
        seen.add(id);
        try {
          const outcome = mutate(null, id, null, (row, state, ctx) => ({ res: engine.tick(state, { ...ctx, initiatorId: row.initiator_id }) }));
          handled++;
          if (outcome.events.length) announce(outcome);
        } catch (err) {
          d.log.error({ err, event: 'forms.tick_failed', submissionId: id }, 'approval timeout failed');
        }
      }
      if (ids.length === 0) break;
    }
    return handled;
  }

  const nextMinute = () => new Date((Math.floor(clock.now().getTime() / MINUTE_MS) + 1) * MINUTE_MS);
  function scheduleTick(): void {
    const at = nextMinute();
    d.jobs.enqueue(TICK_JOB, {}, { runAt: at, dedupeKey: `${TICK_JOB}:${at.toISOString().slice(0, 16)}`, maxAttempts: 1 });
  }
  d.jobs.register(TICK_JOB, () => {
    scheduleTick();
    tickDue();
  });
  scheduleTick();

  const service = {
    liveCount: (formId: string) => repo.liveCount(formId),

    /** The route these answers would take now, with the people of each step. */
    preview(user: CurrentUser, formId: string, raw: Record<string, unknown>): RoutePreview {
      const { form, version } = catalog.submittable(user, formId);
      const { answers } = validateAnswers(version.schema, raw as Answers, { calendar: catalog.calendar() });
      let n = 0;
      const steps = engine.preview(
        { flow: version.flow, answers, initiatorId: user.id, fallbackIds: form.adminIds.filter((id) => org.isActive(id)) },
        { ...engineCtx(), newId: () => `preview${n++}` },
      );
      const people = peopleRefs(org);
      return {
        steps: steps.map((s) => ({
          name: s.name, kind: s.kind, mode: s.mode,
          people: s.tasks.filter((t) => !t.superseded).map((t) => ({ ...people(t.userId), auto: t.autoReason })),
        })),
      };
    },

    submit(user: CurrentUser, formId: string, body: { version: number; answers: Record<string, unknown> }, ip?: string): SubmissionDetail {
      const { form, version } = catalog.submittable(user, formId);
      if (body.version !== version.version) {
        throw E.versionChanged(`The form is now at version ${version.version}`, { currentVersion: version.version });
      }
      const answers = checkAnswers(user, version.schema, body.answers);
      const summary = summaryOf(version.schema, formId, version.version, answers);
      const ctx = engineCtx();
      const id = newId(Date.parse(ctx.now));
      const title = { 'zh-CN': `${user.displayName}的${form.name}`, en: `${user.displayName}'s ${form.name}` };
      const outcome = repo.tx((): Outcome => {
        const capacity = version.settings.capacity;
        if (capacity && repo.liveCount(formId) >= capacity) throw E.full(`At most ${capacity} submissions`, { capacity });
        if (version.settings.onePerPerson && repo.hasLive(user.id, formId)) throw E.alreadySubmitted();
        const res = engine.start({ flow: version.flow, answers, initiatorId: user.id, fallbackIds: formAdmins(formId), round: 1 }, ctx);
        const state = stored(res.state, undefined);
        repo.insert({
          id, formId, version: version.version, serial: catalog.nextSerial(formId, new Date(ctx.now)), initiatorId: user.id,
          initiatorDeptId: user.departmentId, title: title['zh-CN'], summary, answers: JSON.stringify(answers), status: state.status,
          flowState: JSON.stringify(state), dueAt: dueAt(state), now: ctx.now, finishedAt: state.finishedAt,
        });
        mirror(id, null, state, res, ctx.now);
        return { id, title, summary, initiatorId: user.id, before: null, after: state, events: res.events, effects: res.effects, actor: actorOf(user, ip) };
      });
      announce(outcome);
      return detail(user, id);
    },

    /** The initiator edits a returned submission: validated against its own version, a new round starts. */
    resubmit(user: CurrentUser, id: string, raw: Record<string, unknown>, ip?: string): SubmissionDetail {
      const row = visibleRow(user, id);
      if (row.initiator_id !== user.id) throw E.notFound();
      if (row.status !== 'returned') throw E.notReturned();
      const version = catalog.version(row.form_id, row.form_version);
      if (!version) throw E.notFound();
      const answers = checkAnswers(user, version.schema, raw);
      const summary = summaryOf(version.schema, row.form_id, row.form_version, answers);
      const outcome = mutate(user, id, actorOf(user, ip), (current, state, ctx) => {
        if (current.status !== 'returned') throw E.notReturned();
        const capacity = version.settings.capacity;
        if (capacity && repo.liveCount(row.form_id) >= capacity) throw E.full(`At most ${capacity} submissions`, { capacity });
        const res = engine.start({ flow: version.flow, answers, initiatorId: user.id, fallbackIds: formAdmins(row.form_id), round: state.round + 1 }, ctx);
        const past = [...(state.past ?? []), { round: state.round, steps: state.steps.map((s) => s.name) }];
        return { res, past, answers, summary, fresh: true };
      });
      announce(outcome);
      return detail(user, id);
    },

    act,

    /** Plain approvals of several submissions, each on its own (forms whose published settings allow batches). */
    batchApprove(user: CurrentUser, ids: string[], comment?: string, ip?: string): BatchResult {
      const result: BatchResult = { approved: [], failed: [] };
      for (const id of [...new Set(ids)]) {
        try {
          const row = visibleRow(user, id);
          const form = catalog.form(row.form_id);
          const published = form?.publishedVersion ? catalog.version(row.form_id, form.publishedVersion) : null;
          if (!published?.settings.allowBatch) throw E.batchNotAllowed();
          decide(user, id, { type: 'approve', ...(comment ? { comment } : {}) }, ip);
          result.approved.push(id);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          result.failed.push({ id, code: err.code });
        }
      }
      return result;
    },

    detail,
    visible: (user: CurrentUser, id: string): SubmissionRecord => toRecord(visibleRow(user, id)),
    record: (id: string): SubmissionRecord | null => {
      const row = repo.get(id);
      return row ? toRecord(row) : null;
    },
    signatures: (id: string): Map<number, string> => new Map(repo.signatures(id).map((r) => [r.id, r.signature])),
    setArchivedFile: (id: string, fileId: string): void => void repo.setArchived(id, fileId),

    /** The PNG of a decision's handwritten signature (participants only). */
    signature(user: CurrentUser, id: string, historyId: number): Buffer {
      visibleRow(user, id);
      const data = repo.signature(id, historyId);
      if (!data) throw E.signatureNotFound();
      return Buffer.from(data.slice(data.indexOf(',') + 1), 'base64');
    },

    /** Runs due timeouts now (the job does this every minute). */
    tick: tickDue,
    ...lists,
  };
  return service satisfies SubmissionsPort;
}
export type SubmissionsService = ReturnType<typeof createSubmissions>;
