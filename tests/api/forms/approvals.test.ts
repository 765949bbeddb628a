// Deciding over HTTP: 会签 and 或签, who may act and who may read, two decisions racing for one step, urging,
// withdrawing, transferring, adding a signer, returning to an earlier step, comments, signatures and batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionDetail } from '../../../server/modules/forms/forms.dto.js';
import { MINUTE } from '../../../server/lib/clock.js';
import { expectProblem } from '../../helpers/app.js';
import { act, actRaw, box, detail, makeSchool, pendingOf, publishForm, simpleSchema, submit, type Person, type School } from '../../helpers/forms-runtime.js';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let s: School;
const forms: Record<string, string> = {};
const person = (p: Person) => ({ kind: 'person' as const, userId: p.id });

beforeAll(async () => {
  s = await makeSchool();
  const step = (id: string, name: string, people: Person[], mode: 'all' | 'any' | 'sequential' = 'any') => ({ id, type: 'approve' as const, name, approvers: people.map(person), mode });
  const make = async (key: string, nodes: unknown[], extra: Record<string, unknown> = {}) => {
    forms[key] = (await publishForm(s, { name: key, schema: simpleSchema, flow: { nodes } as never, ...extra })).id;
  };
  await make('countersign', [step('deans', '教务会签', [s.dean1, s.dean2], 'all')]);
  await make('orsign', [step('deans', '教务或签', [s.dean1, s.dean2], 'any'), step('vp', '校领导', [s.vp])]);
  await make('chain', [step('head', '年级', [s.head]), step('dean', '教务', [s.dean1]), step('vp', '校领导', [s.vp])]);
  await make('single', [step('dean', '教务', [s.dean1]), { id: 'cc', type: 'cc', name: '抄送', recipients: [person(s.clerk)] }], { adminIds: [s.delegate.id] });
  await make('batch', [step('dean', '教务', [s.dean1])], { settings: { allowBatch: true } });
});
afterAll(() => s?.t.close());

const ask = (who: Person, form: string, subject = '申请') => submit(s, who, forms[form]!, { subject });

describe('会签 and 或签', () => {
  it('会签: one dean rejecting rejects the whole request', async () => {
    const d = await ask(s.teacher, 'countersign');
    expect(pendingOf(d).sort()).toEqual(['周教务', '孙教务'].sort());
    const afterOne = await act(s, s.dean1, d.id, { type: 'approve' });
    expect(afterOne.status).toBe('running');
    expect(pendingOf(afterOne)).toEqual(['周教务']);
    const rejected = await act(s, s.dean2, d.id, { type: 'reject', comment: '经费不足' });
    expect(rejected.status).toBe('rejected');
    expect(rejected.finishedAt).not.toBeNull();
    expect((await box(s, s.teacher, 'mine')).items.find((i) => i.id === d.id)?.status).toBe('rejected');
  });

  it('会签: both approve → approved', async () => {
    const d = await ask(s.teacher, 'countersign');
    await act(s, s.dean2, d.id, { type: 'approve' });
    expect((await act(s, s.dean1, d.id, { type: 'approve' })).status).toBe('approved');
  });

  it('或签: the first approval decides and the other dean’s todo disappears', async () => {
    const d = await ask(s.teacher, 'orsign');
    expect((await box(s, s.dean2, 'todo')).items.map((i) => i.id)).toContain(d.id);
    const after = await act(s, s.dean1, d.id, { type: 'approve' });
    expect(pendingOf(after)).toEqual(['赵副校长']);
    expect(after.steps[0]!.tasks.map((t) => [t.person.displayName, t.status])).toEqual([['孙教务', 'approved'], ['周教务', 'cancelled']]);
    expect((await box(s, s.dean2, 'todo')).items.map((i) => i.id)).not.toContain(d.id);
    expectProblem(await actRaw(s, s.dean2, d.id, { type: 'approve' }), 409, 'APPROVAL_NOT_YOUR_TURN');
  });
});

describe('who may act and who may read', () => {
  it('only the current approver may decide; outsiders get 404', async () => {
    const d = await ask(s.teacher, 'chain');
    expectProblem(await actRaw(s, s.outsider, d.id, { type: 'approve' }), 404, 'SUBMISSION_NOT_FOUND');
    expectProblem(await actRaw(s, s.teacher, d.id, { type: 'approve' }), 409, 'APPROVAL_NOT_YOUR_TURN');
    // A later step's approver sees nothing until the request reaches them.
    expectProblem(await actRaw(s, s.dean1, d.id, { type: 'approve' }), 404, 'SUBMISSION_NOT_FOUND');
    expect((await act(s, s.head, d.id, { type: 'approve' })).allowed).not.toContain('approve');
    expectProblem(await actRaw(s, s.head, d.id, { type: 'approve' }), 409, 'APPROVAL_NOT_YOUR_TURN');
    expect((await detail(s, s.dean1, d.id)).allowed).toEqual(expect.arrayContaining(['approve', 'reject', 'return', 'transfer', 'addSigner', 'comment']));
    const dn = await act(s, s.dean1, d.id, { type: 'reject' });
    expect(dn.status).toBe('rejected');
    expectProblem(await actRaw(s, s.dean1, d.id, { type: 'approve' }), 409, 'APPROVAL_FINISHED');
    // Rejected before it reached the vice principal: they never see it.
    expectProblem(await actRaw(s, s.vp, d.id, { type: 'approve' }), 404, 'SUBMISSION_NOT_FOUND');
  });

  it('nobody else can read a submission; initiator, approvers, cc, form admins and managers can', async () => {
    const d = await ask(s.teacher, 'single');
    const get = (cookie: string) => s.app.inject({ method: 'GET', url: `/api/submissions/${d.id}`, headers: { cookie } });
    expectProblem(await get(s.outsider.cookie), 404, 'SUBMISSION_NOT_FOUND');
    expectProblem(await get(s.clerk.cookie), 404, 'SUBMISSION_NOT_FOUND'); // not copied yet
    expectProblem(await s.app.inject({ method: 'GET', url: '/api/submissions/00000000000000000000000000', headers: { cookie: s.teacher.cookie } }), 404, 'SUBMISSION_NOT_FOUND');
    for (const cookie of [s.teacher.cookie, s.dean1.cookie, s.delegate.cookie, s.admin]) expect((await get(cookie)).statusCode).toBe(200);
    await act(s, s.dean1, d.id, { type: 'approve' });
    expect((await get(s.clerk.cookie)).statusCode).toBe(200);
    expectProblem(await get(s.outsider.cookie), 404, 'SUBMISSION_NOT_FOUND');
  });
});

describe('two decisions at once', () => {
  it('two approvals of the same 或签 step in parallel: exactly one wins, the flow advances once', async () => {
    const d = await ask(s.teacher, 'orsign');
    const [a, b] = await Promise.all([actRaw(s, s.dean1, d.id, { type: 'approve' }), actRaw(s, s.dean2, d.id, { type: 'approve' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(['APPROVAL_NOT_YOUR_TURN', 'APPROVAL_CONFLICT']).toContain((loser.json() as { code: string }).code);
    const now = await detail(s, s.teacher, d.id);
    expect(now.history.filter((h) => h.type === 'approved' && h.stepIndex === 0)).toHaveLength(1);
    expect(now.currentStep).toBe(1);
    expect(pendingOf(now)).toEqual(['赵副校长']);
  });

  it('the same approver twice in parallel: one approval', async () => {
    const d = await ask(s.teacher, 'orsign');
    const results = await Promise.all([actRaw(s, s.dean1, d.id, { type: 'approve' }), actRaw(s, s.dean1, d.id, { type: 'approve' })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await detail(s, s.teacher, d.id)).history.filter((h) => h.type === 'approved')).toHaveLength(1);
  });
});

describe('urge, withdraw, transfer, add signer, return, comment', () => {
  it('urges at most every 10 minutes', async () => {
    const d = await ask(s.teacher, 'single');
    await act(s, s.teacher, d.id, { type: 'urge' });
    const again = await actRaw(s, s.teacher, d.id, { type: 'urge' });
    const body = expectProblem(again, 429, 'APPROVAL_URGE_TOO_SOON') as unknown as { retryAfterSeconds: number };
    expect(body.retryAfterSeconds).toBeGreaterThan(590);
    expect(again.headers['retry-after']).toBe(String(body.retryAfterSeconds));
    expectProblem(await actRaw(s, s.dean1, d.id, { type: 'urge' }), 409, 'APPROVAL_NOT_YOUR_TURN');
    s.t.clock.advance(11 * MINUTE);
    await act(s, s.teacher, d.id, { type: 'urge' });
    const inbox = await s.app.inject({ method: 'GET', url: '/api/inbox', headers: { cookie: s.dean1.cookie } });
    const urges = (inbox.json() as { items: { kind: string; urgency: string; link: string }[] }).items.filter((i) => i.kind === 'approval.urge' && i.link === `/forms/s/${d.id}`);
    expect(urges).toHaveLength(2);
    expect(urges[0]!.urgency).toBe('high');
  });

  it('withdraws before the first decision, not after', async () => {
    const early = await ask(s.teacher, 'chain');
    expectProblem(await actRaw(s, s.head, early.id, { type: 'withdraw' }), 409, 'APPROVAL_CANNOT_WITHDRAW');
    const w = await act(s, s.teacher, early.id, { type: 'withdraw', comment: '不需要了' });
    expect(w.status).toBe('withdrawn');
    expect(w.allowed).toEqual(['comment']);
    expect((await box(s, s.head, 'todo')).items.map((i) => i.id)).not.toContain(early.id);

    const late = await ask(s.teacher, 'chain');
    await act(s, s.head, late.id, { type: 'approve' });
    expect((await detail(s, s.teacher, late.id)).allowed).not.toContain('withdraw');
    expectProblem(await actRaw(s, s.teacher, late.id, { type: 'withdraw' }), 409, 'APPROVAL_CANNOT_WITHDRAW');

    const audit = await s.app.inject({ method: 'GET', url: '/api/admin/audit?event=forms.submission.withdrawn', headers: { cookie: s.admin } });
    expect(audit.statusCode, audit.body).toBe(200);
    expect((audit.json() as { items: { targetId: string; actorName: string }[] }).items).toEqual([expect.objectContaining({ targetId: early.id, actorName: '韩雪' })]);
  });

  it('transfers to another person; bad targets and missing fields point at the field', async () => {
    const d = await ask(s.teacher, 'single');
    expectProblem(await actRaw(s, s.dean1, d.id, { type: 'transfer' }), 400, 'APPROVAL_ACTION_INVALID');
    const toSelf = expectProblem(await actRaw(s, s.dean1, d.id, { type: 'transfer', userId: s.teacher.id }), 400, 'APPROVAL_INVALID_TARGET');
    expect(toSelf.errors).toEqual([expect.objectContaining({ pointer: '/userId' })]);
    const missing = expectProblem(await actRaw(s, s.dean1, d.id, { type: 'transfer' }), 400, 'APPROVAL_ACTION_INVALID');
    expect(missing.errors).toEqual([expect.objectContaining({ pointer: '/userId' })]);
    const t = await act(s, s.dean1, d.id, { type: 'transfer', userId: s.dean2.id, comment: '请周老师处理' });
    expect(pendingOf(t)).toEqual(['周教务']);
    expect((await box(s, s.dean1, 'todo')).items.map((i) => i.id)).not.toContain(d.id);
    expect((await box(s, s.dean1, 'done')).items.map((i) => i.id)).toContain(d.id);
    expect((await box(s, s.dean2, 'todo')).items.map((i) => i.id)).toContain(d.id);
    expect(t.history.at(-1)).toMatchObject({ type: 'transferred', actor: { displayName: '孙教务' }, target: { displayName: '周教务' }, comment: '请周老师处理' });
    expect((await act(s, s.dean2, d.id, { type: 'approve' })).status).toBe('approved');
  });

  it('adds a signer before (they decide first) and after (they decide next)', async () => {
    const d = await ask(s.teacher, 'single');
    const before = await act(s, s.dean1, d.id, { type: 'addSigner', userId: s.vp.id, position: 'before' });
    expect(pendingOf(before)).toEqual(['赵副校长']);
    expect(before.steps[0]!.tasks.find((t) => t.person.id === s.vp.id)?.addedBy).toBe(s.dean1.id);
    expect(before.refs.people[s.dean1.id]).toBe('孙教务');
    const back = await act(s, s.vp, d.id, { type: 'approve' });
    expect(pendingOf(back)).toEqual(['孙教务']);
    const after = await act(s, s.dean1, d.id, { type: 'addSigner', userId: s.dean2.id, position: 'after' });
    expect(pendingOf(after)).toEqual(['周教务']);
    expect((await act(s, s.dean2, d.id, { type: 'approve' })).status).toBe('approved');
    expectProblem(await actRaw(s, s.dean1, (await ask(s.teacher, 'single')).id, { type: 'addSigner' }), 400, 'APPROVAL_ACTION_INVALID');
  });

  it('returns to an earlier step, which decides again', async () => {
    const d = await ask(s.teacher, 'chain');
    await act(s, s.head, d.id, { type: 'approve' });
    await act(s, s.dean1, d.id, { type: 'approve' });
    expect(expectProblem(await actRaw(s, s.vp, d.id, { type: 'return' }), 400, 'APPROVAL_ACTION_INVALID').errors).toEqual([expect.objectContaining({ pointer: '/to' })]);
    expect(expectProblem(await actRaw(s, s.vp, d.id, { type: 'return', to: 2 }), 400, 'APPROVAL_INVALID_TARGET').errors).toEqual([expect.objectContaining({ pointer: '/to' })]);
    const back = await act(s, s.vp, d.id, { type: 'return', to: 0, comment: '请年级组再核实' });
    expect(back.status).toBe('running');
    expect(back.currentStep).toBe(0);
    expect(pendingOf(back)).toEqual(['李明']);
    await act(s, s.head, d.id, { type: 'approve' });
    await act(s, s.dean1, d.id, { type: 'approve' });
    const done = await act(s, s.vp, d.id, { type: 'approve' });
    expect(done.status).toBe('approved');
    expect(done.history.filter((h) => h.type === 'approved')).toHaveLength(5);
  });

  it('comments from participants reach the others; outsiders cannot comment', async () => {
    const d = await ask(s.teacher, 'single');
    expectProblem(await actRaw(s, s.teacher, d.id, { type: 'comment', comment: '  ' }), 400, 'APPROVAL_ACTION_INVALID');
    const c = await act(s, s.teacher, d.id, { type: 'comment', comment: '附件稍后补上' });
    expect(c.history.at(-1)).toMatchObject({ type: 'commented', comment: '附件稍后补上' });
    expectProblem(await actRaw(s, s.outsider, d.id, { type: 'comment', comment: '路过' }), 404, 'SUBMISSION_NOT_FOUND');
    const inbox = await s.app.inject({ method: 'GET', url: '/api/inbox', headers: { cookie: s.dean1.cookie } });
    expect((inbox.json() as { items: { kind: string; body: string }[] }).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'approval.comment', body: '韩雪：附件稍后补上' })]),
    );
  });

  it('keeps a handwritten signature with the decision, for participants only', async () => {
    const d = await ask(s.teacher, 'single');
    const signed = await act(s, s.dean1, d.id, { type: 'approve', signature: PNG });
    const h = signed.history.find((x) => x.type === 'approved')!;
    expect(h.hasSignature).toBe(true);
    expect(signed.steps[0]!.tasks[0]!.hasSignature).toBe(true);
    const png = await s.app.inject({ method: 'GET', url: `/api/submissions/${d.id}/signatures/${h.id}`, headers: { cookie: s.teacher.cookie } });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.equals(Buffer.from(PNG.split(',')[1]!, 'base64'))).toBe(true);
    expectProblem(await s.app.inject({ method: 'GET', url: `/api/submissions/${d.id}/signatures/${h.id}`, headers: { cookie: s.outsider.cookie } }), 404, 'SUBMISSION_NOT_FOUND');
    const submittedId = signed.history[0]!.id;
    expectProblem(await s.app.inject({ method: 'GET', url: `/api/submissions/${d.id}/signatures/${submittedId}`, headers: { cookie: s.teacher.cookie } }), 404, 'SIGNATURE_NOT_FOUND');
  });
});

describe('batch approval', () => {
  it('approves each allowed one on its own and reports the rest', async () => {
    const ok = [await ask(s.teacher, 'batch', '一'), await ask(s.outsider, 'batch', '二')];
    const notAllowed = await ask(s.teacher, 'single', '三');
    const decided = await ask(s.teacher, 'batch', '四');
    await act(s, s.dean1, decided.id, { type: 'reject' });
    const todo = await box(s, s.dean1, 'todo');
    expect(todo.items.find((i) => i.id === ok[0]!.id)?.batchable).toBe(true);
    expect(todo.items.find((i) => i.id === notAllowed.id)?.batchable).toBe(false);
    const unknown = '00000000000000000000000000';
    const res = await s.app.inject({
      method: 'POST', url: '/api/approvals/batch', headers: { cookie: s.dean1.cookie },
      payload: { ids: [ok[0]!.id, notAllowed.id, ok[1]!.id, decided.id, unknown], comment: '同意' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      approved: [ok[0]!.id, ok[1]!.id],
      failed: [
        { id: notAllowed.id, code: 'APPROVAL_BATCH_NOT_ALLOWED' },
        { id: decided.id, code: 'APPROVAL_FINISHED' },
        { id: unknown, code: 'SUBMISSION_NOT_FOUND' },
      ],
    });
    for (const d of ok) expect((await detail(s, s.teacher.id === d.initiator.id ? s.teacher : s.outsider, d.id)).status).toBe('approved');
    const other = await s.app.inject({ method: 'POST', url: '/api/approvals/batch', headers: { cookie: s.dean2.cookie }, payload: { ids: [ok[0]!.id] } });
    expect(other.json()).toEqual({ approved: [], failed: [{ id: ok[0]!.id, code: 'SUBMISSION_NOT_FOUND' }] });
    const detailAfter: SubmissionDetail = await detail(s, s.teacher, ok[0]!.id);
    expect(detailAfter.history.find((h) => h.type === 'approved')?.comment).toBe('同意');
  });
});
