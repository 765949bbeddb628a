// SQL of submissions and approvals (submissions, approval_tasks, approval_cc, approval_history,
// approval_delegations): prepared once, synchronous, called inside the service's short transactions.
import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../../db/client.js';
import type { FlowState, HistoryEvent, Task } from './forms.engine.js';

/** The engine's state as stored: plus the step names of earlier rounds (history shows them). */
export type StoredState = FlowState & { past?: { round: number; steps: string[] }[] };

export interface SubmissionRow {
  id: string;
  form_id: string;
  form_version: number;
  serial: string;
  initiator_id: string;
  initiator_dept_id: string | null;
  title: string;
  summary: string;
  answers: string;
  status: FlowState['status'];
  flow_state: string;
  state_version: number;
  due_at: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  archived_file_id: string | null;
}

export interface HistoryRow {
  id: number;
  submission_id: string;
  round: number;
  type: HistoryEvent['type'];
  actor_id: string | null;
  on_behalf_of: string | null;
  step_index: number | null;
  task_id: string | null;
  target_user_id: string | null;
  comment: string | null;
  has_signature: number;
  detail: string | null;
  at: string;
}

export type ListRow = Pick<SubmissionRow, 'id' | 'form_id' | 'form_version' | 'serial' | 'initiator_id' | 'title' | 'summary' | 'status' | 'flow_state' | 'created_at' | 'updated_at'> & { read_at?: string | null };

export interface ListFilter {
  userId: string;
  formId?: string;
  status?: string;
  before?: string;
  limit: number;
}

const LIST_COLUMNS = 's.id, s.form_id, s.form_version, s.serial, s.initiator_id, s.title, s.summary, s.status, s.flow_state, s.created_at, s.updated_at';
/** Task statuses that mean the person decided (the 我已审批 box). */
export const DECIDED = ['approved', 'rejected', 'returned', 'transferred'] as const;

export function createSubmissionsRepo(sqlite: Sqlite) {
  const s = {
    get: sqlite.prepare('SELECT * FROM submissions WHERE id = ?'),
    insert: sqlite.prepare(
      `INSERT INTO submissions (id, form_id, form_version, serial, initiator_id, initiator_dept_id, title, summary, answers, status, flow_state, state_version, due_at, created_at, updated_at, finished_at)
       VALUES (@id, @formId, @version, @serial, @initiatorId, @initiatorDeptId, @title, @summary, @answers, @status, @flowState, 0, @dueAt, @now, @now, @finishedAt)`,
    ),
    cas: sqlite.prepare(
      `UPDATE submissions SET status = @status, flow_state = @flowState, due_at = @dueAt, updated_at = @now, finished_at = @finishedAt,
         answers = coalesce(@answers, answers), summary = coalesce(@summary, summary), state_version = state_version + 1
       WHERE id = @id AND state_version = @stateVersion`,
    ),
    upsertTask: sqlite.prepare(
      `INSERT INTO approval_tasks (id, submission_id, user_id, on_behalf_of, step_index, status, activated_at, decided_at)
       VALUES (@id, @submissionId, @userId, @onBehalfOf, @stepIndex, @status, @activatedAt, @decidedAt)
       ON CONFLICT(id) DO UPDATE SET user_id = excluded.user_id, on_behalf_of = excluded.on_behalf_of, step_index = excluded.step_index,
         status = excluded.status, activated_at = excluded.activated_at, decided_at = excluded.decided_at`,
    ),
    upsertCc: sqlite.prepare(
      `INSERT INTO approval_cc (submission_id, user_id, created_at, read_at) VALUES (?, ?, ?, NULL)
       ON CONFLICT(submission_id, user_id) DO UPDATE SET created_at = excluded.created_at, read_at = NULL`,
    ),
    readCc: sqlite.prepare('UPDATE approval_cc SET read_at = ? WHERE submission_id = ? AND user_id = ? AND read_at IS NULL'),
    insertHistory: sqlite.prepare(
      `INSERT INTO approval_history (submission_id, round, type, actor_id, on_behalf_of, step_index, task_id, target_user_id, comment, signature, detail, at)
       VALUES (@submissionId, @round, @type, @actorId, @onBehalfOf, @stepIndex, @taskId, @targetUserId, @comment, @signature, @detail, @at)`,
    ),
    history: sqlite.prepare(
      `SELECT id, submission_id, round, type, actor_id, on_behalf_of, step_index, task_id, target_user_id, comment, signature IS NOT NULL AS has_signature, detail, at
         FROM approval_history WHERE submission_id = ? ORDER BY id`,
    ),
    signature: sqlite.prepare('SELECT signature FROM approval_history WHERE submission_id = ? AND id = ?').pluck(),
    signatures: sqlite.prepare('SELECT id, signature FROM approval_history WHERE submission_id = ? AND signature IS NOT NULL ORDER BY id'),
    // A task counts once it was reached: people further along the route see nothing of a request rejected before them.
    holdsTask: sqlite.prepare('SELECT 1 FROM approval_tasks WHERE submission_id = ? AND (user_id = ? OR on_behalf_of = ?) AND activated_at IS NOT NULL LIMIT 1').pluck(),
    ccOf: sqlite.prepare('SELECT read_at FROM approval_cc WHERE submission_id = ? AND user_id = ?'),
    liveCount: sqlite.prepare(`SELECT count(*) FROM submissions WHERE form_id = ? AND status IN ('running', 'approved')`).pluck(),
    liveOf: sqlite.prepare(`SELECT 1 FROM submissions WHERE initiator_id = ? AND form_id = ? AND status IN ('running', 'approved', 'returned') LIMIT 1`).pluck(),
    due: sqlite.prepare('SELECT id FROM submissions WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at LIMIT ?').pluck(),
    setArchived: sqlite.prepare('UPDATE submissions SET archived_file_id = ? WHERE id = ?'),
    countTodo: sqlite.prepare(`SELECT count(DISTINCT submission_id) FROM approval_tasks WHERE user_id = ? AND status = 'pending'`).pluck(),
    countMine: sqlite.prepare('SELECT count(*) FROM submissions WHERE initiator_id = ? AND status = ?').pluck(),
    countCcUnread: sqlite.prepare('SELECT count(*) FROM approval_cc WHERE user_id = ? AND read_at IS NULL').pluck(),
    delegation: sqlite.prepare('SELECT delegate_id AS delegateId, starts_on AS startsOn, ends_on AS endsOn FROM approval_delegations WHERE user_id = ?'),
    setDelegation: sqlite.prepare(
      `INSERT INTO approval_delegations (user_id, delegate_id, starts_on, ends_on, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(user_id) DO UPDATE SET delegate_id = excluded.delegate_id, starts_on = excluded.starts_on, ends_on = excluded.ends_on, created_at = excluded.created_at`,
    ),
    clearDelegation: sqlite.prepare('DELETE FROM approval_delegations WHERE user_id = ?'),
  };
  const lists = new Map<string, Statement<unknown[]>>();
  const listStmt = (sql: string) => {
    let stmt = lists.get(sql);
    if (!stmt) lists.set(sql, (stmt = sqlite.prepare<unknown[]>(sql)));
    return stmt;
  };

  /** Filters shared by the boxes; `key` is the column the box pages by (the submission id). */
  function filters(f: ListFilter, key: string): { where: string; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      where.push(sql);
      params.push(value);
    };
    if (f.before) add(`${key} < ?`, f.before);
    if (f.formId) add('s.form_id = ?', f.formId);
    if (f.status) add('s.status = ?', f.status);
    return { where: where.map((w) => ` AND ${w}`).join(''), params };
  }

  return {
    tx: <T>(fn: () => T): T => sqlite.transaction(fn)(),
    get: (id: string) => s.get.get(id) as SubmissionRow | undefined,
    insert: (row: { id: string; formId: string; version: number; serial: string; initiatorId: string; initiatorDeptId: string | null; title: string; summary: string; answers: string; status: string; flowState: string; dueAt: string | null; now: string; finishedAt: string | null }) =>
      s.insert.run(row),
    /** Compare-and-set on state_version: false when someone else wrote first. */
    cas: (row: { id: string; stateVersion: number; status: string; flowState: string; dueAt: string | null; now: string; finishedAt: string | null; answers: string | null; summary: string | null }) =>
      s.cas.run(row).changes === 1,
    upsertTask: (submissionId: string, stepIndex: number, t: Task) =>
      s.upsertTask.run({ id: t.id, submissionId, userId: t.userId, onBehalfOf: t.onBehalfOf, stepIndex, status: t.status, activatedAt: t.activatedAt, decidedAt: t.decidedAt }),
    upsertCc: (submissionId: string, userId: string, at: string) => s.upsertCc.run(submissionId, userId, at),
    readCc: (submissionId: string, userId: string, at: string) => s.readCc.run(at, submissionId, userId).changes > 0,
    insertHistory: (submissionId: string, round: number, e: HistoryEvent) =>
      s.insertHistory.run({
        submissionId, round, type: e.type, actorId: e.actorId, onBehalfOf: e.onBehalfOf ?? null, stepIndex: e.stepIndex ?? null, taskId: e.taskId ?? null,
        targetUserId: e.targetUserId ?? null, comment: e.comment ?? null, signature: e.signature ?? null, detail: e.detail ?? null, at: e.at,
      }),
    history: (id: string) => s.history.all(id) as HistoryRow[],
    signature: (id: string, historyId: number) => (s.signature.get(id, historyId) as string | null | undefined) ?? null,
    signatures: (id: string) => s.signatures.all(id) as { id: number; signature: string }[],
    holdsTask: (id: string, userId: string) => s.holdsTask.get(id, userId, userId) !== undefined,
    cc: (id: string, userId: string) => s.ccOf.get(id, userId) as { read_at: string | null } | undefined,
    liveCount: (formId: string) => s.liveCount.get(formId) as number,
    hasLive: (userId: string, formId: string) => s.liveOf.get(userId, formId) !== undefined,
    due: (now: string, limit: number) => s.due.all(now, limit) as string[],
    setArchived: (id: string, fileId: string) => s.setArchived.run(fileId, id),

    counts: (userId: string) => ({
      todo: s.countTodo.get(userId) as number,
      mine: s.countMine.get(userId, 'running') as number,
      returned: s.countMine.get(userId, 'returned') as number,
      ccUnread: s.countCcUnread.get(userId) as number,
    }),

    /** 待我审批: driven by approval_tasks_user (user_id, status, submission_id), newest submission first. */
    todo(f: ListFilter): ListRow[] {
      const { where, params } = filters(f, 't.submission_id');
      return listStmt(
        `SELECT ${LIST_COLUMNS} FROM approval_tasks t JOIN submissions s ON s.id = t.submission_id
          WHERE t.user_id = ? AND t.status = 'pending'${where} GROUP BY t.submission_id ORDER BY t.submission_id DESC LIMIT ?`,
      ).all(f.userId, ...params, f.limit) as ListRow[];
    },
    /** 我已审批: each submission once, however many of its tasks the person decided. */
    done(f: ListFilter): ListRow[] {
      const { where, params } = filters(f, 't.submission_id');
      return listStmt(
        `SELECT ${LIST_COLUMNS} FROM approval_tasks t JOIN submissions s ON s.id = t.submission_id
          WHERE t.user_id = ? AND t.status IN (${DECIDED.map((d) => `'${d}'`).join(', ')})${where} GROUP BY t.submission_id ORDER BY t.submission_id DESC LIMIT ?`,
      ).all(f.userId, ...params, f.limit) as ListRow[];
    },
    mine(f: ListFilter): ListRow[] {
      const { where, params } = filters(f, 's.id');
      return listStmt(`SELECT ${LIST_COLUMNS} FROM submissions s WHERE s.initiator_id = ?${where} ORDER BY s.id DESC LIMIT ?`).all(f.userId, ...params, f.limit) as ListRow[];
    },
    ccBox(f: ListFilter): ListRow[] {
      const { where, params } = filters(f, 'c.submission_id');
      return listStmt(
        `SELECT ${LIST_COLUMNS}, c.read_at FROM approval_cc c JOIN submissions s ON s.id = c.submission_id
          WHERE c.user_id = ?${where} ORDER BY c.submission_id DESC LIMIT ?`,
      ).all(f.userId, ...params, f.limit) as ListRow[];
    },

    delegation: (userId: string) => (s.delegation.get(userId) as { delegateId: string; startsOn: string; endsOn: string } | undefined) ?? null,
    setDelegation: (userId: string, delegateId: string, startsOn: string, endsOn: string, at: string) => s.setDelegation.run(userId, delegateId, startsOn, endsOn, at),
    clearDelegation: (userId: string) => s.clearDelegation.run(userId).changes > 0,
  };
}
export type SubmissionsRepo = ReturnType<typeof createSubmissionsRepo>;
