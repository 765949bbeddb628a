// Delegation while away: the delegate receives and decides approvals that fall due within the school-local
// dates of the delegation, on behalf of the person away; outside the window the person decides themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../../server/lib/clock.js';
import { expectProblem } from '../../helpers/app.js';
import { act, actRaw, box, detail, makeSchool, pendingOf, publishForm, simpleSchema, submit, type School } from '../../helpers/forms-runtime.js';

let s: School;
let formId: string;

/** The school-local date (Asia/Shanghai, as setupSchool sets it) of the test clock, shifted by `days`. */
function localDay(days = 0): string {
  const at = new Date(s.t.clock.now().getTime() + days * DAY);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const put = (cookie: string, payload: Record<string, unknown>) => s.app.inject({ method: 'PUT', url: '/api/approvals/delegation', headers: { cookie }, payload });
const get = (cookie: string) => s.app.inject({ method: 'GET', url: '/api/approvals/delegation', headers: { cookie } });

beforeAll(async () => {
  s = await makeSchool();
  formId = (await publishForm(s, { name: '用印申请', schema: simpleSchema, flow: { nodes: [{ id: 'vp', type: 'approve', name: '校领导审批', approvers: [{ kind: 'role', role: 'principal' }], mode: 'any' }] } })).id;
});
afterAll(() => s?.t.close());

describe('delegation endpoints', () => {
  it('starts empty, refuses bad delegations with pointers, and clears', async () => {
    expect((await get(s.vp.cookie)).json()).toEqual({ delegation: null });
    const self = expectProblem(await put(s.vp.cookie, { delegateId: s.vp.id, startsOn: localDay(), endsOn: localDay(1) }), 400, 'DELEGATION_INVALID');
    expect(self.errors).toEqual([expect.objectContaining({ pointer: '/delegateId' })]);
    const backwards = expectProblem(await put(s.vp.cookie, { delegateId: s.delegate.id, startsOn: localDay(2), endsOn: localDay() }), 400, 'DELEGATION_INVALID');
    expect(backwards.errors).toEqual([expect.objectContaining({ pointer: '/endsOn' })]);
    const notADay = expectProblem(await put(s.vp.cookie, { delegateId: s.delegate.id, startsOn: '2026-02-30', endsOn: '2026-03-02' }), 400, 'DELEGATION_INVALID');
    expect(notADay.errors).toEqual([expect.objectContaining({ pointer: '/startsOn' })]);
    const nobody = expectProblem(await put(s.vp.cookie, { delegateId: '00000000000000000000000000', startsOn: localDay(), endsOn: localDay() }), 400, 'DELEGATION_INVALID');
    expect(nobody.errors).toEqual([expect.objectContaining({ pointer: '/delegateId' })]);

    const set = await put(s.vp.cookie, { delegateId: s.delegate.id, startsOn: localDay(), endsOn: localDay(2) });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ delegation: { delegate: { id: s.delegate.id, displayName: '郑代理', departmentName: '办公室' }, startsOn: localDay(), endsOn: localDay(2) } });
    expect((await get(s.vp.cookie)).json()).toMatchObject({ delegation: { delegate: { id: s.delegate.id } } });
    expect((await get(s.delegate.cookie)).json()).toEqual({ delegation: null });
    const cleared = await s.app.inject({ method: 'DELETE', url: '/api/approvals/delegation', headers: { cookie: s.vp.cookie } });
    expect(cleared.statusCode).toBe(204);
    expect((await get(s.vp.cookie)).json()).toEqual({ delegation: null });
  });
});

describe('approving for someone away', () => {
  it('the delegate approves while the principal is away', async () => {
    expect((await put(s.vp.cookie, { delegateId: s.delegate.id, startsOn: localDay(), endsOn: localDay(1) })).statusCode).toBe(200);
    const d = await submit(s, s.teacher, formId, { subject: '盖章' });
    expect(pendingOf(d)).toEqual(['郑代理']);
    expect(d.steps[0]!.tasks[0]!.onBehalfOf).toMatchObject({ id: s.vp.id, displayName: '赵副校长' });
    expect(d.history.map((h) => h.type)).toEqual(['submitted', 'delegated']);
    expect((await box(s, s.delegate, 'todo')).items.map((i) => i.id)).toEqual([d.id]);
    expect((await box(s, s.vp, 'todo')).items).toEqual([]);
    // The principal still sees what is done in their name, but cannot decide it.
    expect((await detail(s, s.vp, d.id)).allowed).not.toContain('approve');
    expectProblem(await actRaw(s, s.vp, d.id, { type: 'approve' }), 409, 'APPROVAL_NOT_YOUR_TURN');

    const approved = await act(s, s.delegate, d.id, { type: 'approve', comment: '代为同意' });
    expect(approved.status).toBe('approved');
    expect(approved.history.find((h) => h.type === 'approved')).toMatchObject({ actor: { displayName: '郑代理' }, onBehalfOf: { displayName: '赵副校长' } });
    expect((await box(s, s.delegate, 'done')).items.map((i) => i.id)).toEqual([d.id]);
  });

  it('not outside the window: before it starts and after it ends the principal decides', async () => {
    expect((await put(s.vp.cookie, { delegateId: s.delegate.id, startsOn: localDay(1), endsOn: localDay(3) })).statusCode).toBe(200);
    const early = await submit(s, s.teacher, formId, { subject: '提前' });
    expect(pendingOf(early)).toEqual(['赵副校长']);
    expectProblem(await actRaw(s, s.delegate, early.id, { type: 'approve' }), 404, 'SUBMISSION_NOT_FOUND');

    s.t.clock.advance(2 * DAY);
    const during = await submit(s, s.teacher, formId, { subject: '期间' });
    expect(pendingOf(during)).toEqual(['郑代理']);

    s.t.clock.advance(3 * DAY);
    const late = await submit(s, s.teacher, formId, { subject: '结束后' });
    expect(pendingOf(late)).toEqual(['赵副校长']);
    expectProblem(await actRaw(s, s.delegate, late.id, { type: 'approve' }), 404, 'SUBMISSION_NOT_FOUND');
    expect((await act(s, s.vp, late.id, { type: 'approve' })).status).toBe('approved');
  });
});
