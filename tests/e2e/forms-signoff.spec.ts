// Approval modes and delegation in the built PWA (issue 4): 或签 — the first approval decides and the other
// approver's task leaves their 待我审批; 会签 — everyone must approve, one rejection rejects the request;
// 代理审批 — an approver away names a delegate on the delegation page, and the next task goes to the delegate.
// People and forms are set up through the API; every decision is made in the UI.
import { expect, test, type APIRequestContext, type TestInfo } from '@playwright/test';
import { apiSignIn } from './helpers.js';
import {
  createDepartment, createPerson, decide, openBox, publishForm, reasonSchema, runTag, signInViaApi, signedInPage, submitViaApi,
  type Person,
} from './forms-helpers.js';

interface Team {
  dept: string;
  teacher: Person;
  people: Person[];
}

/** A department with a teacher and `n` colleagues who will approve. */
async function team(admin: APIRequestContext, info: TestInfo, prefix: string, surnames: string[]): Promise<Team> {
  const run = runTag(info);
  const dept = await createDepartment(admin, `${prefix}${run}`);
  const teacher = await createPerson(admin, { username: `st${run}`, surname: '韩', departmentId: dept });
  const people: Person[] = [];
  for (const [i, surname] of surnames.entries()) people.push(await createPerson(admin, { username: `sa${i}${run}`, surname, departmentId: dept }));
  return { dept, teacher, people };
}

const approve = (id: string, name: string, mode: 'any' | 'all', people: Person[]) => ({
  id, type: 'approve' as const, name, mode, approvers: people.map((p) => ({ kind: 'person', userId: p.id })),
});

test('或签: the first approval decides; 会签: one rejection rejects', async ({ page, browser }, info) => {
  test.setTimeout(150_000);
  const admin = await apiSignIn();
  const t = await team(admin, info, '教务处', ['孙', '周', '吴', '郑']);
  const [a1, a2, c1, c2] = t.people as [Person, Person, Person, Person];
  const formId = await publishForm(admin, {
    name: '外出培训申请', departmentIds: [t.dept],
    patch: () => ({ schema: reasonSchema(), flow: { nodes: [approve('either', '教研组审批', 'any', [a1, a2]), approve('both', '校务会签', 'all', [c1, c2])] } }),
  });
  await admin.dispose();
  const id = await submitViaApi(t.teacher, formId, { reason: '参加市级教研培训三天' });
  const title = `${t.teacher.displayName}的外出培训申请`;

  // Both 或签 approvers have it in 待我审批.
  await signInViaApi(page, a2);
  const a2Todo = await openBox(page, '待我审批');
  await expect(a2Todo.getByRole('link', { name: new RegExp(title) })).toBeVisible();
  await expect(page.getByRole('tab', { name: /^待我审批/ }).getByLabel('1 条待我审批')).toBeVisible();

  // One of them approves: the step is done and the request moves on to the 会签.
  const first = await signedInPage(browser, info, a1);
  await first.goto(`/forms/s/${id}`);
  await expect(first.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await decide(first, '同意');
  await expect(first.getByText(`校务会签 · 等待 ${c1.displayName}、${c2.displayName}`)).toBeVisible();
  const either = first.getByRole('list', { name: '审批流程' }).getByRole('listitem').filter({ hasText: '教研组审批' }).first();
  await expect(either).toContainText('或签');
  await expect(either.getByRole('listitem').filter({ hasText: a1.displayName })).toContainText('已同意');
  await expect(either.getByRole('listitem').filter({ hasText: a2.displayName })).toContainText('无需审批');
  await first.context().close();

  // …and it leaves the other approver's 待我审批, live.
  await expect(page.getByText('没有待你审批的申请')).toBeVisible();
  await expect(page.getByRole('tab', { name: /^待我审批/ }).getByLabel(/条待我审批/)).toHaveCount(0);

  // 会签: one approval is not enough…
  const third = await signedInPage(browser, info, c1);
  await (await openBox(third, '待我审批')).getByRole('link', { name: new RegExp(title) }).click();
  await decide(third, '同意');
  await expect(third.getByText(`校务会签 · 等待 ${c2.displayName}`)).toBeVisible();
  await third.context().close();

  // …and one rejection rejects the request.
  const fourth = await signedInPage(browser, info, c2);
  await (await openBox(fourth, '待我审批')).getByRole('link', { name: new RegExp(title) }).click();
  await decide(fourth, '驳回', '培训时间与期中考试冲突');
  const header = fourth.getByRole('region', { name: title });
  await expect(header.getByText('已驳回', { exact: true })).toBeVisible();
  const both = fourth.getByRole('list', { name: '审批流程' }).getByRole('listitem').filter({ hasText: '校务会签' }).first();
  await expect(both).toContainText('会签');
  await expect(both.getByRole('listitem').filter({ hasText: c1.displayName })).toContainText('已同意');
  await expect(both.getByRole('listitem').filter({ hasText: c2.displayName })).toContainText('已驳回');
  await expect(fourth.getByRole('list', { name: '审批流程' })).toContainText('审批被驳回');
  const latest = fourth.getByRole('list', { name: '处理记录' }).getByRole('listitem').first();
  await expect(latest).toContainText(`${c2.displayName} 驳回`);
  await expect(latest).toContainText('培训时间与期中考试冲突');
  await fourth.context().close();
});

test('delegation: set on the delegation page, the next task goes to the delegate, who approves', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const admin = await apiSignIn();
  const t = await team(admin, info, '德育处', ['冯', '陈']);
  const [away, deputy] = t.people as [Person, Person];
  const formId = await publishForm(admin, {
    name: '家访申请', departmentIds: [t.dept],
    patch: () => ({ schema: reasonSchema(), flow: { nodes: [approve('chief', '主任审批', 'any', [away])] } }),
  });
  await admin.dispose();

  // The approver going away names the deputy for today, from the profile page.
  await signInViaApi(page, away);
  await page.goto('/profile');
  await page.getByRole('link', { name: '设置', exact: true }).click();
  await expect(page.getByRole('heading', { name: '代理审批', level: 1 })).toBeVisible();
  await page.getByRole('combobox', { name: '代理人' }).fill(deputy.displayName);
  await page.getByRole('option', { name: new RegExp(deputy.displayName) }).click();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存代理设置')).toBeVisible();
  await expect(page.getByText('生效中')).toBeVisible();

  const id = await submitViaApi(t.teacher, formId, { reason: '学生家访' });
  const title = `${t.teacher.displayName}的家访申请`;

  // The task went to the deputy, marked as on behalf of the approver away; the deputy approves.
  const deputyPage = await signedInPage(browser, info, deputy);
  await (await openBox(deputyPage, '待我审批')).getByRole('link', { name: new RegExp(title) }).click();
  await expect(deputyPage).toHaveURL(new RegExp(`/forms/s/${id}$`));
  const task = deputyPage.getByRole('list', { name: '审批流程' }).getByRole('listitem').filter({ hasText: deputy.displayName }).last();
  await expect(task).toContainText(`代 ${away.displayName} 审批`);
  await decide(deputyPage, '同意');
  await expect(deputyPage.getByRole('region', { name: title }).getByText('已通过', { exact: true })).toBeVisible();
  const history = deputyPage.getByRole('list', { name: '处理记录' });
  await expect(history).toContainText(`${away.displayName} 外出，由 ${deputy.displayName} 代为审批`);
  await expect(history.getByRole('listitem').filter({ hasText: `${deputy.displayName} 同意` })).toContainText(`代 ${away.displayName} 审批`);
  await deputyPage.context().close();

  // The approver away never had it to do.
  await openBox(page, '待我审批');
  await expect(page.getByText('没有待你审批的申请')).toBeVisible();
});
