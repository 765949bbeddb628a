// Set-up for the forms e2e specs, through the real API as an administrator would do it: departments, staff with
// supervisors and roles, forms published from a template or a small draft, and submissions that are not
// under test. The decisions under test are made in the UI (see forms-leave.spec.ts, forms-signoff.spec.ts).
import { expect, type APIRequestContext, type Browser, type Locator, type Page, type TestInfo } from '@playwright/test';
import { BASE_URL, apiSignIn, chineseName, newDeviceContext, projectTag, uniq } from './helpers.js';

export const PASSWORD = 'Forms2026go';

export interface Person {
  id: string;
  username: string;
  displayName: string;
}

/** A run suffix: the project (desktop/phone) and a random part, for usernames and department names. */
export function runTag(info: TestInfo): string {
  return `${projectTag(info)}${uniq()}`;
}

async function ok<T>(res: Awaited<ReturnType<APIRequestContext['get']>>, status: number): Promise<T> {
  expect(res.status(), await res.text()).toBe(status);
  return (await res.json()) as T;
}

export async function createDepartment(admin: APIRequestContext, name: string): Promise<string> {
  return (await ok<{ id: string }>(await admin.post('/api/org/departments', { data: { name } }), 201)).id;
}

export async function setDepartmentHead(admin: APIRequestContext, departmentId: string, headId: string): Promise<void> {
  await ok(await admin.patch(`/api/org/departments/${departmentId}`, { data: { headId } }), 200);
}

/** A staff account with its own password set (the forced change on first sign-in done through the API). */
export async function createPerson(
  admin: APIRequestContext,
  input: { username: string; surname: string; departmentId: string; supervisorId?: string; roles?: { role: string; departmentId?: string }[] },
): Promise<Person> {
  const displayName = chineseName(input.surname);
  const { person, initialPassword } = await ok<{ person: { id: string }; initialPassword: string }>(
    await admin.post('/api/org/people', {
      data: {
        username: input.username,
        displayName,
        departmentId: input.departmentId,
        ...(input.supervisorId ? { supervisorId: input.supervisorId } : {}),
        roles: input.roles ?? [{ role: 'staff' }],
      },
    }),
    201,
  );
  const user = await apiSignIn(input.username, initialPassword);
  const changed = await user.post('/api/auth/password', { data: { currentPassword: initialPassword, newPassword: PASSWORD } });
  expect(changed.status(), await changed.text()).toBe(204);
  await user.dispose();
  return { id: person.id, username: input.username, displayName };
}

export interface FormDefinition {
  id: string;
  name: string;
  description: string;
  icon: string;
  category: string;
  ownerDepartmentId: string | null;
  schema: unknown;
  flow: { nodes: FlowNode[] };
  settings: Record<string, unknown>;
  problems: { pointer: string; message: string }[];
}

/** A flow node as the specs change it (server/lib/form-schema.ts has the full shape). */
export type FlowNode =
  | { id: string; type: 'approve'; name: string; mode: string; approvers: unknown[] }
  | { id: string; type: 'cc'; name: string; recipients: unknown[] }
  | { id: string; type: 'branch'; name: string; branches: { name: string; when: unknown; nodes: FlowNode[] }[] };

/**
 * Creates a form (from a template, or blank) as the admin, lays `patch` over its draft, limits it to the
 * given departments (so the other project's people never see it) and publishes it. Returns its id.
 */
export async function publishForm(
  admin: APIRequestContext,
  input: { name: string; template?: 'leave'; departmentIds: string[]; patch?: (def: FormDefinition) => Partial<Pick<FormDefinition, 'schema' | 'flow' | 'settings'>> },
): Promise<string> {
  const def = await ok<FormDefinition>(
    await admin.post('/api/forms', { data: { name: input.name, ...(input.template ? { template: input.template } : {}) } }),
    201,
  );
  const draft = {
    name: def.name, description: def.description, icon: def.icon, category: def.category, ownerDepartmentId: def.ownerDepartmentId,
    audience: { all: false, departmentIds: input.departmentIds }, adminIds: [], schema: def.schema, flow: def.flow, settings: def.settings,
    ...input.patch?.(def),
  };
  const saved = await ok<FormDefinition>(await admin.put(`/api/forms/${def.id}`, { data: draft }), 200);
  expect(saved.problems).toEqual([]);
  await ok(await admin.post(`/api/forms/${def.id}/publish`), 200);
  return def.id;
}

/** A one-field form (事由) for flows that are tested on their own. */
export function reasonSchema(): unknown {
  return { sections: [{ key: 'main', title: '', fields: [{ type: 'textarea', key: 'reason', label: '事由', required: true, validation: { maxLength: 200 } }] }] };
}

/** Submits as `person` through the API (when the submitting itself is not under test); returns the id. */
export async function submitViaApi(person: Person, formId: string, answers: Record<string, unknown>): Promise<string> {
  const api = await apiSignIn(person.username, PASSWORD);
  const res = await api.post(`/api/forms/${formId}/submissions`, { data: { version: 1, answers } });
  const body = await ok<{ id: string }>(res, 201);
  await api.dispose();
  return body.id;
}

/** Acts on a submission through the API (steps that are not under test). */
export async function actViaApi(person: Person, submissionId: string, action: Record<string, unknown>): Promise<{ status: string }> {
  const api = await apiSignIn(person.username, PASSWORD);
  const body = await ok<{ status: string }>(await api.post(`/api/submissions/${submissionId}/actions`, { data: action }), 200);
  await api.dispose();
  return body;
}

/**
 * A page in its own browser context (another person at their own device), signed in through the API — the
 * sign-in page itself is the teacher's part in forms-leave.spec.ts and login.spec.ts's subject.
 */
export async function signedInPage(browser: Browser, info: TestInfo, person: Person): Promise<Page> {
  const context = await newDeviceContext(browser, info);
  const page = await context.newPage();
  await signInViaApi(page, person);
  return page;
}

/** Signs the page's browser context in through the API (its request shares the context's cookies). */
export async function signInViaApi(page: Page, person: Person): Promise<void> {
  const res = await page.context().request.post('/api/auth/login', { data: { username: person.username, password: PASSWORD }, headers: { Origin: BASE_URL } });
  expect(res.status(), await res.text()).toBe(200);
}

/** 'YYYY-MM-DD' of a UTC date. */
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Monday to Wednesday of a week at least a week ahead: three working days whatever today is. */
export function threeWorkdays(): { start: string; end: string } {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 7);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  const end = new Date(d);
  end.setUTCDate(d.getUTCDate() + 2);
  return { start: iso(d), end: iso(end) };
}

// ── UI steps shared by the specs ───────────────────────────────────────────────────────────

export type Box = '待我审批' | '我已审批' | '我发起的' | '抄送我';
const BOX_PARAM: Record<Box, string> = { 待我审批: '', 我已审批: '?box=done', 我发起的: '?box=mine', 抄送我: '?box=cc' };

/** Opens the approvals home on one box (the box is part of its address); returns that box's list (absent while empty). */
export async function openBox(page: Page, box: Box): Promise<Locator> {
  await page.goto(`/forms${BOX_PARAM[box]}`);
  await expect(page.getByRole('tab', { name: new RegExp(`^${box}`) })).toHaveAttribute('aria-selected', 'true');
  return page.getByRole('list', { name: box });
}

/**
 * Takes an action from the submission's action bar: on a desktop every action is a button there; on a phone
 * the less common ones sit behind 更多.
 */
export async function chooseAction(page: Page, label: string): Promise<void> {
  const bar = page.getByRole('toolbar', { name: '审批操作' });
  await expect(bar).toBeVisible();
  const direct = bar.getByRole('button', { name: label, exact: true });
  if (await direct.isVisible()) {
    await direct.click();
    return;
  }
  await bar.getByRole('button', { name: '更多', exact: true }).click();
  await page.getByRole('dialog', { name: '更多操作' }).getByRole('button', { name: label, exact: true }).click();
}

/** Opens the action's dialog, fills in the comment (when given) and confirms. */
export async function decide(page: Page, action: '同意' | '驳回' | '退回', comment?: string): Promise<void> {
  await chooseAction(page, action);
  const titles = { 同意: '同意', 驳回: '驳回申请', 退回: '退回申请' } as const;
  const dialog = page.getByRole('dialog', { name: titles[action] });
  await expect(dialog).toBeVisible();
  if (comment) await dialog.getByLabel(/^意见/).fill(comment);
  await dialog.getByRole('button', { name: `确认${action}` }).click();
  await expect(dialog).toBeHidden();
}

