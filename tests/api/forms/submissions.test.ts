// Submitting: authentication on every endpoint, the server re-validating everything the PWA checks (and what a
// client cannot send), pointers into the answers, version changes, capacity, one per person, idempotent retries
// and sign-ups without approval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionDetail } from '../../../server/modules/forms/forms.dto.js';
import type { FormSchema } from '../../../server/lib/form-schema.js';
import { expectProblem } from '../../helpers/app.js';
import { spacesOf, uploadFile } from '../../helpers/files.js';
import { box, makeSchool, publishForm, simpleSchema, submit, submitRaw, type School } from '../../helpers/forms-runtime.js';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const ID = '11010519491231002X';

const schema: FormSchema = {
  sections: [{
    key: 'main', title: '',
    fields: [
      { type: 'text', key: 'name', label: '姓名', required: true, validation: { minLength: 2, maxLength: 10, pattern: '^[\\u4e00-\\u9fa5]+$' } },
      { type: 'number', key: 'count', label: '人数', required: true, validation: { min: 1, max: 10 } },
      { type: 'calc', key: 'total', label: '合计', formula: 'count * 2' },
      { type: 'phone', key: 'phone', label: '手机' },
      { type: 'idNumber', key: 'idno', label: '身份证号' },
      { type: 'email', key: 'email', label: '邮箱' },
      { type: 'radio', key: 'kind', label: '类别', options: [{ value: 'a', label: '甲类' }, { value: 'b', label: '乙类' }] },
      { type: 'dateRange', key: 'period', label: '时间', unit: 'day', skipWeekends: false, skipHolidays: false },
      { type: 'radio', key: 'hasNote', label: '有备注', options: [{ value: 'yes', label: '有' }, { value: 'no', label: '无' }] },
      { type: 'textarea', key: 'note', label: '备注', visibleIf: { mode: 'all', rules: [{ field: 'hasNote', op: 'eq', value: 'yes' }] } },
      { type: 'attachment', key: 'files', label: '附件', maxFiles: 1 },
      { type: 'person', key: 'who', label: '联系人' },
      { type: 'signature', key: 'sign', label: '签名' },
    ],
  }],
};

let s: School;
let formId: string;
let myFile: string;
let otherFile: string;

beforeAll(async () => {
  s = await makeSchool();
  formId = (await publishForm(s, { name: '信息登记', schema, flow: { nodes: [{ id: 'a', type: 'approve', name: '审核', approvers: [{ kind: 'person', userId: s.dean1.id }], mode: 'any' }] } })).id;
  myFile = (await uploadFile(s.app, s.teacher.cookie, { parentId: (await spacesOf(s.app, s.teacher.cookie)).personal.id, name: '证明.txt', data: 'mine' })).node.id;
  otherFile = (await uploadFile(s.app, s.outsider.cookie, { parentId: (await spacesOf(s.app, s.outsider.cookie)).personal.id, name: '别人的.txt', data: 'theirs' })).node.id;
});
afterAll(() => s?.t.close());

const good = () => ({ name: '韩雪', count: 3 });

async function rejected(answers: Record<string, unknown>, pointer: string, code: string) {
  const res = await submitRaw(s, s.teacher.cookie, formId, answers);
  const body = expectProblem(res, 400, 'SUBMISSION_INVALID') as unknown as { errors: { pointer: string; code: string; message: string }[] };
  expect(body.errors, JSON.stringify(body.errors)).toEqual(expect.arrayContaining([expect.objectContaining({ pointer, code })]));
  for (const e of body.errors) expect(e.message).toBeTruthy();
}

describe('authentication', () => {
  it.each([
    ['POST', '/api/forms/00000000000000000000000000/submissions'],
    ['GET', '/api/approvals?box=todo'],
    ['GET', '/api/approvals/counts'],
    ['POST', '/api/approvals/batch'],
    ['GET', '/api/approvals/delegation'],
    ['PUT', '/api/approvals/delegation'],
    ['DELETE', '/api/approvals/delegation'],
    ['GET', '/api/submissions/00000000000000000000000000'],
    ['PUT', '/api/submissions/00000000000000000000000000'],
    ['POST', '/api/submissions/00000000000000000000000000/actions'],
    ['GET', '/api/submissions/00000000000000000000000000/signatures/1'],
  ] as const)('%s %s requires a session', async (method, url) => {
    const res = await s.app.inject({ method, url, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
    expectProblem(res, 401, 'UNAUTHENTICATED');
  });
});

describe('the server checks every answer', () => {
  it('accepts a good submission and stores the normalised answers', async () => {
    const d = await submit(s, s.teacher, formId, {
      ...good(), total: 999, phone: '138 0013 8000', idno: ID.toLowerCase(), email: ' Han@School.CN ', kind: 'a',
      period: { start: '2026-12-01', end: '2026-12-05', days: 99 }, hasNote: 'no', note: '藏起来的备注', files: [myFile], who: s.head.id, sign: PNG,
    });
    expect(d.answers).toMatchObject({ total: 6, phone: '13800138000', idno: ID, email: 'han@school.cn', period: { days: 5 } });
    // A hidden field's answer is dropped, never stored (the PWA does the same before sending).
    expect(d.answers).not.toHaveProperty('note');
    expect(d.refs.people[s.head.id]).toBe('李明');
    expect(d.refs.files[myFile]).toMatchObject({ name: '证明.txt' });
  });

  it.each([
    ['required', { count: 3 }, '/answers/name', 'required'],
    ['too short', { name: '韩', count: 3 }, '/answers/name', 'minLength'],
    ['too long', { name: '韩'.repeat(11), count: 3 }, '/answers/name', 'maxLength'],
    ['pattern', { name: 'abc', count: 3 }, '/answers/name', 'pattern'],
    ['below min', { ...good(), count: 0 }, '/answers/count', 'min'],
    ['above max', { ...good(), count: 11 }, '/answers/count', 'max'],
    ['phone', { ...good(), phone: '12345' }, '/answers/phone', 'phone'],
    ['ID checksum', { ...good(), idno: '110105194912310021' }, '/answers/idno', 'idNumber'],
    ['email', { ...good(), email: 'not-an-email' }, '/answers/email', 'email'],
    ['option not in list', { ...good(), kind: 'c' }, '/answers/kind', 'option'],
    ['end before start', { ...good(), period: { start: '2026-12-05', end: '2026-12-01' } }, '/answers/period', 'range'],
    ['unknown key', { ...good(), bogus: 1 }, '/answers/bogus', 'unknownField'],
    ['bad signature', { ...good(), sign: 'data:image/png;base64,<script>' }, '/answers/sign', 'signature'],
    ['signature of another type', { ...good(), sign: 'data:image/svg+xml;base64,PHN2Zz4=' }, '/answers/sign', 'signature'],
    ['wrong type: number', { ...good(), count: 'three' }, '/answers/count', 'type'],
    ['wrong type: choice', { ...good(), kind: 5 }, '/answers/kind', 'type'],
    ['wrong type: text', { ...good(), name: ['韩雪'] }, '/answers/name', 'type'],
    ['unknown person', { ...good(), who: '00000000000000000000000000' }, '/answers/who', 'person'],
  ])('%s', async (_name, answers, pointer, code) => {
    await rejected(answers, pointer, code);
  });

  it('limits the number of files and only takes files the submitter may read', async () => {
    await rejected({ ...good(), files: [myFile, myFile + 'x'] }, '/answers/files', 'max');
    await rejected({ ...good(), files: [otherFile] }, '/answers/files', 'file');
  });

  it('recomputes calculated values and day counts whatever the client sent', async () => {
    const d = await submit(s, s.teacher, formId, { ...good(), count: 4, total: -1, period: { start: '2026-12-07', end: '2026-12-08', days: 30 } });
    expect(d.answers.total).toBe(8);
    expect((d.answers.period as { days: number }).days).toBe(2);
  });

  it('refuses an outdated version with the current one, and unknown forms with 404', async () => {
    const res = await submitRaw(s, s.teacher.cookie, formId, good(), 7);
    expect(expectProblem(res, 409, 'FORM_VERSION_CHANGED')).toMatchObject({ currentVersion: 1 });
    expectProblem(await submitRaw(s, s.teacher.cookie, '00000000000000000000000000', good()), 404, 'FORM_NOT_FOUND');
  });
});

describe('sign-ups, capacity and retries', () => {
  const signupSchema = simpleSchema;

  it('completes at once without approval steps and stops at the capacity', async () => {
    const { id } = await publishForm(s, { name: '运动会报名', schema: signupSchema, flow: { nodes: [] }, settings: { capacity: 2 } });
    const a = await submit(s, s.teacher, id, { subject: '跳绳' });
    expect(a.status).toBe('approved');
    expect(a.steps).toEqual([]);
    await submit(s, s.outsider, id, { subject: '拔河' });
    const third = await submitRaw(s, s.dean1.cookie, id, { subject: '接力' });
    expect(expectProblem(third, 409, 'FORM_FULL')).toMatchObject({ capacity: 2 });
    const fill = await s.app.inject({ method: 'GET', url: `/api/forms/${id}/fill`, headers: { cookie: s.dean1.cookie } });
    expect(fill.json()).toMatchObject({ capacity: 2, taken: 2 });
  });

  it('allows one live submission per person', async () => {
    const { id } = await publishForm(s, { name: '体检报名', schema: signupSchema, flow: { nodes: [] }, settings: { onePerPerson: true } });
    await submit(s, s.teacher, id, { subject: '上午' });
    expectProblem(await submitRaw(s, s.teacher.cookie, id, { subject: '下午' }), 409, 'ALREADY_SUBMITTED');
    await submit(s, s.outsider, id, { subject: '下午' });
  });

  it('the same Idempotency-Key twice gives one submission', async () => {
    const { id } = await publishForm(s, { name: '借用申请', schema: signupSchema, flow: { nodes: [] } });
    const headers = { 'idempotency-key': 'submit-0123456789' };
    const first = await submitRaw(s, s.clerk.cookie, id, { subject: '投影仪' }, 1, headers);
    const again = await submitRaw(s, s.clerk.cookie, id, { subject: '投影仪' }, 1, headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((again.json() as SubmissionDetail).id).toBe((first.json() as SubmissionDetail).id);
    const mine = await box(s, s.clerk, 'mine', { formId: id });
    expect(mine.items).toHaveLength(1);
    const other = await submitRaw(s, s.clerk.cookie, id, { subject: '投影仪' }, 1, { 'idempotency-key': 'submit-9876543210' });
    expect(other.statusCode).toBe(201);
    expect((await box(s, s.clerk, 'mine', { formId: id })).items).toHaveLength(2);
  });
});
