// Submissions and approvals over HTTP for API tests: a small school (grade 8 with its head, a vice principal,
// two deans, the office, a delegate, an outsider), forms created and published through the builder routes,
// and one-line wrappers for submitting, acting and reading the boxes.
import { expect } from 'vitest';
import type { App } from '../../server/app.js';
import type { Flow, FormSchema } from '../../server/lib/form-schema.js';
import type { FormSettings, SubmissionDetail, SubmissionPage } from '../../server/modules/forms/forms.dto.js';
import { createStaff, makeApp, setupSchool, type TestApp } from './app.js';

export interface Person {
  id: string;
  cookie: string;
  name: string;
}

export interface School {
  t: TestApp;
  app: App;
  admin: string;
  adminId: string;
  depts: { office: string; grade8: string; academic: string };
  teacher: Person;
  head: Person;
  vp: Person;
  dean1: Person;
  dean2: Person;
  clerk: Person;
  delegate: Person;
  outsider: Person;
}

async function dept(app: App, admin: string, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/org/departments', headers: { cookie: admin }, payload: { name, ...extra } });
  if (res.statusCode !== 201) throw new Error(`department ${name}: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

async function person(app: App, admin: string, input: Record<string, unknown>): Promise<Person> {
  const { person: p, cookie } = await createStaff(app, admin, input);
  return { id: p.id, cookie, name: String(input.displayName) };
}

/** The school every approvals test starts from (one app per test file). */
export async function makeSchool(): Promise<School> {
  const t = await makeApp();
  const { app } = t;
  const admin = await setupSchool(app);
  const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin } });
  const adminId = (me.json() as { user?: { id: string }; id?: string }).user?.id ?? (me.json() as { id: string }).id;
  const office = await dept(app, admin, '办公室');
  const grade8 = await dept(app, admin, '初二年级组');
  const academic = await dept(app, admin, '教务处');
  const vp = await person(app, admin, { username: 'vicep', displayName: '赵副校长', roles: [{ role: 'principal' }, { role: 'staff' }] });
  const head = await person(app, admin, { username: 'head8', displayName: '李明', departmentId: grade8, supervisorId: vp.id, roles: [{ role: 'dept_head', departmentId: grade8 }] });
  await app.inject({ method: 'PATCH', url: `/api/org/departments/${grade8}`, headers: { cookie: admin }, payload: { headId: head.id } });
  const teacher = await person(app, admin, { username: 'hanxue', displayName: '韩雪', departmentId: grade8, supervisorId: head.id });
  const dean1 = await person(app, admin, { username: 'dean1', displayName: '孙教务', departmentId: academic });
  const dean2 = await person(app, admin, { username: 'dean2', displayName: '周教务', departmentId: academic });
  const clerk = await person(app, admin, { username: 'clerk', displayName: '钱文书', departmentId: office });
  const delegate = await person(app, admin, { username: 'deputy', displayName: '郑代理', departmentId: office });
  const outsider = await person(app, admin, { username: 'outsider', displayName: '吴老师', departmentId: grade8, supervisorId: head.id });
  return { t, app, admin, adminId, depts: { office, grade8, academic }, teacher, head, vp, dean1, dean2, clerk, delegate, outsider };
}

export interface FormInput {
  name: string;
  schema: FormSchema;
  flow: Flow;
  settings?: FormSettings;
  adminIds?: string[];
}

/** Creates and publishes a school-wide form as the admin; returns its id and version. */
export async function publishForm(s: School, input: FormInput): Promise<{ id: string; version: number }> {
  const created = await s.app.inject({ method: 'POST', url: '/api/forms', headers: { cookie: s.admin }, payload: { name: input.name } });
  if (created.statusCode !== 201) throw new Error(`create form: ${created.statusCode} ${created.body}`);
  const id = (created.json() as { id: string }).id;
  const saved = await s.app.inject({
    method: 'PUT', url: `/api/forms/${id}`, headers: { cookie: s.admin },
    payload: {
      name: input.name, description: '', icon: 'form', category: '', ownerDepartmentId: null, audience: { all: true, departmentIds: [] },
      adminIds: input.adminIds ?? [], schema: input.schema, flow: input.flow, settings: input.settings ?? {},
    },
  });
  if (saved.statusCode !== 200) throw new Error(`save form: ${saved.statusCode} ${saved.body}`);
  const published = await s.app.inject({ method: 'POST', url: `/api/forms/${id}/publish`, headers: { cookie: s.admin } });
  if (published.statusCode !== 200) throw new Error(`publish form: ${published.statusCode} ${published.body}`);
  return { id, version: (published.json() as { publishedVersion: number }).publishedVersion };
}

export function submitRaw(s: School, cookie: string, formId: string, answers: Record<string, unknown>, version = 1, headers: Record<string, string> = {}) {
  return s.app.inject({ method: 'POST', url: `/api/forms/${formId}/submissions`, headers: { cookie, ...headers }, payload: { version, answers } });
}

export async function submit(s: School, who: Person, formId: string, answers: Record<string, unknown>, version = 1): Promise<SubmissionDetail> {
  const res = await submitRaw(s, who.cookie, formId, answers, version);
  if (res.statusCode !== 201) throw new Error(`submit: ${res.statusCode} ${res.body}`);
  return res.json() as SubmissionDetail;
}

export function actRaw(s: School, who: Person | string, id: string, body: Record<string, unknown>) {
  const cookie = typeof who === 'string' ? who : who.cookie;
  return s.app.inject({ method: 'POST', url: `/api/submissions/${id}/actions`, headers: { cookie }, payload: body });
}

export async function act(s: School, who: Person, id: string, body: Record<string, unknown>): Promise<SubmissionDetail> {
  const res = await actRaw(s, who, id, body);
  if (res.statusCode !== 200) throw new Error(`${String(body.type)} by ${who.name}: ${res.statusCode} ${res.body}`);
  return res.json() as SubmissionDetail;
}

export async function detail(s: School, who: Person | string, id: string): Promise<SubmissionDetail> {
  const cookie = typeof who === 'string' ? who : who.cookie;
  const res = await s.app.inject({ method: 'GET', url: `/api/submissions/${id}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SubmissionDetail;
}

export async function box(s: School, who: Person | string, name: 'todo' | 'done' | 'mine' | 'cc', query: Record<string, string | number> = {}): Promise<SubmissionPage> {
  const cookie = typeof who === 'string' ? who : who.cookie;
  const res = await s.app.inject({ method: 'GET', url: '/api/approvals', headers: { cookie }, query: { box: name, ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SubmissionPage;
}

export async function counts(s: School, who: Person) {
  const res = await s.app.inject({ method: 'GET', url: '/api/approvals/counts', headers: { cookie: who.cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { todo: number; mine: number; returned: number; ccUnread: number };
}

/** Who holds the pending tasks now. */
export const pendingOf = (d: SubmissionDetail) =>
  d.steps.flatMap((step) => step.tasks.filter((t) => t.status === 'pending').map((t) => t.person.displayName));

// ── small forms ──────────────────────────────────────────────────────────────────────────────

export const simpleSchema: FormSchema = {
  sections: [{ key: 'main', title: '', fields: [{ type: 'text', key: 'subject', label: '事由', required: true }, { type: 'number', key: 'amount', label: '金额' }] }],
};

export const approveStep = (id: string, name: string, approvers: Flow['nodes'][number] extends infer N ? N extends { type: 'approve'; approvers: infer A } ? A : never : never, mode: 'sequential' | 'all' | 'any' = 'any', timeoutHours?: number) =>
  ({ id, type: 'approve' as const, name, approvers, mode, ...(timeoutHours ? { timeoutHours } : {}) });
