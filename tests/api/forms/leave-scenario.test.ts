// The leave request end to end over HTTP, on the 请假申请 template: a teacher asks for three days → the head of
// grade → (more than 2 days) the vice principal → copied to the office. The head returns it for changes, the
// teacher edits and resubmits, both approve, and the office sees it among its copies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionDetail } from '../../../server/modules/forms/forms.dto.js';
import { expectProblem } from '../../helpers/app.js';
import { act, box, counts, detail, makeSchool, pendingOf, type School } from '../../helpers/forms-runtime.js';

let s: School;
let formId: string;

beforeAll(async () => {
  s = await makeSchool();
  const created = await s.app.inject({ method: 'POST', url: '/api/forms', headers: { cookie: s.admin }, payload: { name: '请假申请', template: 'leave' } });
  expect(created.statusCode, created.body).toBe(201);
  formId = (created.json() as { id: string }).id;
  const published = await s.app.inject({ method: 'POST', url: `/api/forms/${formId}/publish`, headers: { cookie: s.admin } });
  expect(published.statusCode, published.body).toBe(200);
});
afterAll(() => s?.t.close());

const leave = (reason: string) => ({
  leaveType: '事假',
  period: { start: '2026-12-01', end: '2026-12-03', days: 1 },
  reason,
  needCover: '否',
});

describe('leave request: return, resubmit, approve, cc', () => {
  it('runs through both rounds', async () => {
    const res = await s.app.inject({ method: 'POST', url: `/api/forms/${formId}/submissions`, headers: { cookie: s.teacher.cookie }, payload: { version: 1, answers: leave('家里有事') } });
    expect(res.statusCode, res.body).toBe(201);
    const first = res.json() as SubmissionDetail;
    const id = first.id;
    expect(first.title).toBe('韩雪的请假申请');
    expect(first.status).toBe('running');
    // The forged day count is recomputed: Tue 1 – Thu 3 December are three working days.
    expect((first.answers.period as { days: number }).days).toBe(3);
    expect(first.steps.map((st) => st.name)).toEqual(['部门负责人审批', '分管校领导审批', '抄送办公室']);
    expect(pendingOf(first)).toEqual(['李明']);
    expect(first.allowed).toEqual(expect.arrayContaining(['withdraw', 'urge', 'comment']));
    expect(first.allowed).not.toContain('approve');

    const todo = await box(s, s.head, 'todo');
    expect(todo.items.map((i) => i.id)).toContain(id);
    const item = todo.items.find((i) => i.id === id)!;
    expect(item.summary).toBe('事假 · 2026-12-01 至 2026-12-03（3天）');
    expect(item.waitingFor).toEqual(['李明']);
    expect(item.currentStepName).toBe('部门负责人审批');

    // The head of grade sends it back to the teacher.
    const returned = await act(s, s.head, id, { type: 'return', to: 'initiator', comment: '请写明代课安排' });
    expect(returned.status).toBe('returned');
    expect((await box(s, s.head, 'todo')).items.map((i) => i.id)).not.toContain(id);
    expect(await counts(s, s.teacher)).toMatchObject({ returned: 1, mine: 0 });
    const mine = await detail(s, s.teacher, id);
    expect(mine.canResubmit).toBe(true);
    expect(mine.history.at(-1)).toMatchObject({ type: 'returned', comment: '请写明代课安排', actor: { displayName: '李明' }, stepName: '部门负责人审批' });

    // The teacher edits and resubmits: a second round over the same submission.
    const again = await s.app.inject({
      method: 'PUT', url: `/api/submissions/${id}`, headers: { cookie: s.teacher.cookie },
      payload: { answers: { ...leave('家里有事，已安排代课'), needCover: '是', coverPlan: '周三第2节 初二(3)班 由吴老师代课' } },
    });
    expect(again.statusCode, again.body).toBe(200);
    const round2 = again.json() as SubmissionDetail;
    expect(round2.status).toBe('running');
    expect(round2.answers.coverPlan).toBe('周三第2节 初二(3)班 由吴老师代课');
    expect(round2.history.map((h) => [h.round, h.type])).toEqual(
      expect.arrayContaining([[1, 'submitted'], [1, 'returned'], [2, 'resubmitted']]),
    );
    expect(pendingOf(round2)).toEqual(['李明']);
    expect(await counts(s, s.teacher)).toMatchObject({ returned: 0, mine: 1 });

    const afterHead = await act(s, s.head, id, { type: 'approve', comment: '同意' });
    expect(pendingOf(afterHead)).toEqual(['赵副校长']);
    expect((await box(s, s.vp, 'todo')).items.map((i) => i.id)).toEqual([id]);

    const done = await act(s, s.vp, id, { type: 'approve' });
    expect(done.status).toBe('approved');
    expect(done.finishedAt).not.toBeNull();
    expect(done.history.map((h) => h.type).slice(-3)).toEqual(['approved', 'cc', 'completed']);

    // The office (the admin role on the template's cc step) sees it among its copies, unread until opened.
    const cc = await box(s, s.admin, 'cc');
    expect(cc.items.map((i) => [i.id, i.unread])).toEqual([[id, true]]);
    const before = await s.app.inject({ method: 'GET', url: '/api/approvals/counts', headers: { cookie: s.admin } });
    expect(before.json()).toMatchObject({ ccUnread: 1 });
    await detail(s, s.admin, id);
    expect((await box(s, s.admin, 'cc')).items[0]!.unread).toBe(false);
    const after = await s.app.inject({ method: 'GET', url: '/api/approvals/counts', headers: { cookie: s.admin } });
    expect(after.json()).toMatchObject({ ccUnread: 0 });

    // The head decided twice (return, approve): the done box lists it once.
    expect((await box(s, s.head, 'done')).items.map((i) => i.id)).toEqual([id]);
    expect((await box(s, s.teacher, 'mine')).items.map((i) => [i.id, i.status])).toEqual([[id, 'approved']]);

    // Everyone involved was told.
    const inbox = await s.app.inject({ method: 'GET', url: '/api/inbox', headers: { cookie: s.teacher.cookie } });
    const kinds = (inbox.json() as { items: { kind: string; title: string; link: string }[] }).items.map((i) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['approval.returned', 'approval.approved']));
    const vpInbox = await s.app.inject({ method: 'GET', url: '/api/inbox', headers: { cookie: s.vp.cookie } });
    expect((vpInbox.json() as { items: { kind: string; title: string; link: string }[] }).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'approval.pending', title: '待审批：韩雪的请假申请', link: `/forms/s/${id}` })]),
    );
  });
});

describe('before and around the request', () => {
  it('previews the route the answers would take', async () => {
    const preview = async (period: Record<string, string>) => {
      const res = await s.app.inject({ method: 'POST', url: `/api/forms/${formId}/route-preview`, headers: { cookie: s.teacher.cookie }, payload: { answers: { ...leave('x'), period } } });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { steps: { name: string; kind: string; people: { displayName: string; auto: string | null }[] }[] }).steps;
    };
    const long = await preview({ start: '2026-12-01', end: '2026-12-03' });
    expect(long.map((st) => [st.name, st.kind, st.people.map((p) => p.displayName)])).toEqual([
      ['部门负责人审批', 'approve', ['李明']], ['分管校领导审批', 'approve', ['赵副校长']], ['抄送办公室', 'cc', ['王校办']],
    ]);
    const short = await preview({ start: '2026-12-01', end: '2026-12-01' });
    expect(short.map((st) => st.name)).toEqual(['部门负责人审批', '抄送办公室']);
    // The head's own request skips their own step (auto-approved as the initiator).
    const own = await s.app.inject({ method: 'POST', url: `/api/forms/${formId}/route-preview`, headers: { cookie: s.head.cookie }, payload: { answers: leave('x') } });
    expect((own.json() as { steps: { people: { displayName: string; auto: string | null }[] }[] }).steps[0]!.people).toEqual([expect.objectContaining({ displayName: '李明', auto: 'initiator' })]);
  });

  it('only the initiator resubmits, only when returned, and the answers are checked again', async () => {
    const created = await s.app.inject({ method: 'POST', url: `/api/forms/${formId}/submissions`, headers: { cookie: s.teacher.cookie }, payload: { version: 1, answers: leave('看病') } });
    const id = (created.json() as SubmissionDetail).id;
    const put = (cookie: string, answers: Record<string, unknown>) => s.app.inject({ method: 'PUT', url: `/api/submissions/${id}`, headers: { cookie }, payload: { answers } });
    expectProblem(await put(s.teacher.cookie, leave('看病')), 409, 'SUBMISSION_NOT_RETURNED');
    await act(s, s.head, id, { type: 'return', to: 'initiator' });
    expectProblem(await put(s.head.cookie, leave('看病')), 404, 'SUBMISSION_NOT_FOUND');
    expectProblem(await put(s.outsider.cookie, leave('看病')), 404, 'SUBMISSION_NOT_FOUND');
    const invalid = expectProblem(await put(s.teacher.cookie, { ...leave('看病'), leaveType: '旷工' }), 400, 'SUBMISSION_INVALID');
    expect(invalid.errors).toEqual([expect.objectContaining({ pointer: '/answers/leaveType', code: 'option' })]);
    expect((await put(s.teacher.cookie, leave('看病，已补证明'))).statusCode).toBe(200);
    expectProblem(await put(s.teacher.cookie, leave('再改一次')), 409, 'SUBMISSION_NOT_RETURNED');
  });
});
