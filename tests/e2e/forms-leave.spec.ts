// The leave request end to end in the built PWA (issue 4): a teacher asks for three working days on the
// 请假申请 template; the grade head returns it, the teacher changes and resubmits it, the grade head approves,
// more than two days takes it on to the vice principal, the office is copied. Then the statistics page
// shows the leave days by department. The school is set up through the API; every decision is made in the UI.
import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { apiSignIn, expectNoHorizontalScroll, signInUI } from './helpers.js';
import {
  PASSWORD, actViaApi, createDepartment, createPerson, decide, openBox, publishForm, runTag, setDepartmentHead, signInViaApi, signedInPage, submitViaApi, threeWorkdays,
  type FlowNode, type Person,
} from './forms-helpers.js';

interface LeaveSchool {
  grade: { id: string; name: string };
  teacher: Person;
  head: Person;
  vp: Person;
  office: Person;
  formId: string;
}

function aimAt(node: FlowNode, vpId: string, officeDept: string): FlowNode {
  if (node.type === 'cc') return { ...node, recipients: [{ kind: 'deptHead', departmentId: officeDept }] };
  if (node.type === 'approve') return node;
  return { ...node, branches: node.branches.map((b) => ({ ...b, nodes: b.nodes.map((n) => (n.type === 'approve' ? { ...n, approvers: [{ kind: 'person', userId: vpId }] } : n)) })) };
}

/**
 * 高一年级组 (head: the grade head, who supervises the teacher), 校长办公室 with the vice principal (role
 * principal, the grade head's supervisor) and 综合办公室 (head: the office person). The 请假申请 template
 * already routes 部门负责人 → more than 2 days: 分管校领导 → cc 办公室; its leader step and cc are pointed at
 * this school's vice principal and office, so the other project's people never get these tasks.
 */
async function leaveSchool(admin: APIRequestContext, info: TestInfo, formName = '请假申请'): Promise<LeaveSchool & { formName: string }> {
  const run = runTag(info);
  const grade = { id: '', name: `高一年级组${run}` };
  grade.id = await createDepartment(admin, grade.name);
  const principalOffice = await createDepartment(admin, `校长办公室${run}`);
  const officeDept = await createDepartment(admin, `综合办公室${run}`);
  const vp = await createPerson(admin, { username: `lvp${run}`, surname: '赵', departmentId: principalOffice, roles: [{ role: 'staff' }, { role: 'principal' }] });
  const head = await createPerson(admin, {
    username: `lhead${run}`, surname: '李', departmentId: grade.id, supervisorId: vp.id, roles: [{ role: 'staff' }, { role: 'dept_head', departmentId: grade.id }],
  });
  await setDepartmentHead(admin, grade.id, head.id);
  const teacher = await createPerson(admin, { username: `lteach${run}`, surname: '韩', departmentId: grade.id, supervisorId: head.id });
  const office = await createPerson(admin, { username: `loffice${run}`, surname: '周', departmentId: officeDept });
  await setDepartmentHead(admin, officeDept, office.id);

  // The template's leader step would go to every principal of the school and its copy to every admin: here
  // they go to this school's vice principal and the head of its office.
  const formId = await publishForm(admin, {
    name: formName, template: 'leave', departmentIds: [grade.id],
    patch: (def) => ({ flow: { nodes: def.flow.nodes.map((n) => aimAt(n, vp.id, officeDept)) } }),
  });
  return { grade, teacher, head, vp, office, formId, formName };
}

const isPhone = (info: TestInfo) => info.project.name === 'phone';

/** On a phone a form with two sections is filled step by step: 下一步 moves on to 工作安排. */
async function nextSection(page: Page, info: TestInfo): Promise<void> {
  if (!isPhone(info)) return;
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('第 2 步，共 2 步')).toBeVisible();
}

test('leave request: fill in, return, resubmit, approve twice (more than 2 days), cc, history', async ({ page, browser }, info) => {
  // Five people at four devices: well within this on a quiet machine, with room for a busy one.
  test.setTimeout(180_000);
  const admin = await apiSignIn();
  const s = await leaveSchool(admin, info);
  await admin.dispose();
  const days = threeWorkdays();
  const title = `${s.teacher.displayName}的请假申请`;

  // ── the teacher fills in 请假申请 for three working days ─────────────────────────────
  await signInUI(page, s.teacher.username, PASSWORD);
  await page.goto('/forms');
  await page.getByRole('link', { name: '请假申请', exact: true }).click();
  await expect(page.getByRole('heading', { name: '请假申请', level: 1 })).toBeVisible();
  await page.getByRole('radio', { name: '事假' }).check();
  await page.getByLabel('请假时间 开始', { exact: true }).fill(days.start);
  await page.getByLabel('请假时间 结束', { exact: true }).fill(days.end);
  await expect(page.getByText('共 3 天')).toBeVisible();
  await page.getByLabel(/^请假事由/).fill('家里有事');
  await nextSection(page, info);
  await page.getByRole('radio', { name: '否' }).check();
  await page.getByRole('button', { name: '提交', exact: true }).click();

  // The route before it goes: grade head, then (3 > 2 days) the vice principal, and a copy to the office.
  const confirm = page.getByRole('dialog', { name: '确认提交' });
  await expect(confirm.getByRole('listitem').filter({ hasText: '部门负责人审批' })).toContainText(s.head.displayName);
  await expect(confirm.getByRole('listitem').filter({ hasText: '分管校领导审批' })).toContainText(s.vp.displayName);
  await expect(confirm.getByRole('listitem').filter({ hasText: '抄送办公室' })).toContainText(s.office.displayName);
  await confirm.getByRole('button', { name: '确认提交' }).click();
  await expect(page).toHaveURL(/\/forms\/s\/[0-9a-z]{26}$/);
  const detailUrl = page.url();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText(`部门负责人审批 · 等待 ${s.head.displayName}`)).toBeVisible();

  // ── the grade head finds it in 待我审批 (with a count) and returns it with a comment ────
  const head = await signedInPage(browser, info, s.head);
  const todo = await openBox(head, '待我审批');
  await expect(head.getByRole('tab', { name: /^待我审批/ }).getByLabel('1 条待我审批')).toBeVisible();
  const row = todo.getByRole('link', { name: new RegExp(title) });
  await expect(row).toContainText(`事假 · ${days.start} 上午 至 ${days.end} 下午（3天）`);
  await row.click();
  await expect(head.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await decide(head, '退回', '请写明代课安排');
  await expect(head.getByText('已退回', { exact: true }).first()).toBeVisible();

  // ── the teacher sees it came back (live), changes it and resubmits ───────────────────
  await expect(page.getByRole('region', { name: title }).getByText('已退回', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: '修改后重新提交' }).click();
  await expect(page.getByText(`${s.head.displayName} 退回了申请，请修改后重新提交`)).toBeVisible();
  await expect(page.getByText('请写明代课安排')).toBeVisible();
  await page.getByLabel(/^请假事由/).fill('家里有事，已安排代课');
  await nextSection(page, info);
  await page.getByRole('radio', { name: '是' }).check();
  await page.getByLabel(/^代课安排/).fill('周二第2节 高一(3)班 由吴老师代课');
  await page.getByRole('button', { name: '重新提交' }).click();
  await expect(page).toHaveURL(detailUrl);
  await expect(page.getByText(`部门负责人审批 · 等待 ${s.head.displayName}`)).toBeVisible();

  // ── the grade head (still on the request: it reloads live) approves; more than two days, so it
  // goes on to the vice principal ──────────────────────────────────────────────────────────────
  await expect(head.getByText(`部门负责人审批 · 等待 ${s.head.displayName}`)).toBeVisible();
  await decide(head, '同意', '同意，注意交接');
  await expect(head.getByText(`分管校领导审批 · 等待 ${s.vp.displayName}`)).toBeVisible();
  await head.context().close();

  const vp = await signedInPage(browser, info, s.vp);
  const vpTodo = await openBox(vp, '待我审批');
  await vpTodo.getByRole('link', { name: new RegExp(title) }).click();
  await expect(vp.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await decide(vp, '同意');
  await expect(vp.getByRole('region', { name: title }).getByText('已通过', { exact: true })).toBeVisible();
  await vp.context().close();

  // ── the office was copied: 抄送我, unread until opened ─────────────────────────────────
  const office = await signedInPage(browser, info, s.office);
  const cc = await openBox(office, '抄送我');
  await expect(office.getByRole('tab', { name: /^抄送我/ }).getByLabel('1 条抄送未读')).toBeVisible();
  const ccRow = cc.getByRole('link', { name: new RegExp(title) });
  await expect(ccRow.getByRole('img', { name: '未读' })).toBeVisible();
  await ccRow.click();
  await expect(office.getByRole('region', { name: title }).getByText('已通过', { exact: true })).toBeVisible();
  await expect(office.getByRole('tab', { name: /^抄送我/ }).getByLabel(/条抄送未读/)).toHaveCount(0);
  await office.context().close();

  // ── the teacher's page followed along (live); the history says who did what, step by step ─
  await expect(page.getByRole('region', { name: title }).getByText('已通过', { exact: true })).toBeVisible();
  const history = page.getByRole('list', { name: '处理记录' });
  const entries = history.getByRole('listitem');
  // Newest first.
  await expect(entries.nth(0)).toContainText('审批通过');
  await expect(entries.nth(1)).toContainText('已抄送');
  await expect(entries.nth(2)).toContainText(`${s.vp.displayName} 同意`);
  await expect(entries.nth(2)).toContainText('分管校领导审批');
  await expect(entries.nth(3)).toContainText(`${s.head.displayName} 同意`);
  await expect(entries.nth(3)).toContainText('同意，注意交接');
  await expect(entries.nth(4)).toContainText(`${s.teacher.displayName} 修改后重新提交`);
  await expect(entries.nth(5)).toContainText(`${s.head.displayName} 退回给发起人`);
  await expect(entries.nth(5)).toContainText('请写明代课安排');
  await expect(entries.nth(5)).toContainText('部门负责人审批');
  await expect(entries.nth(6)).toContainText(`${s.teacher.displayName} 提交了申请`);
  await expect(entries).toHaveCount(7);
  const flow = page.getByRole('list', { name: '审批流程' });
  await expect(flow).toContainText(s.office.displayName);
  await expect(flow).toContainText('已抄送');
  await expect(page.getByText('周二第2节 高一(3)班 由吴老师代课')).toBeVisible();
  await expectNoHorizontalScroll(page);
});

test('statistics: leave days of approved requests by department', async ({ page }, info) => {
  test.setTimeout(90_000);
  const admin = await apiSignIn();
  // A leader sees the statistics of every form: this one needs a name of its own.
  const s = await leaveSchool(admin, info, `请假申请${runTag(info)}`);
  await admin.dispose();
  const id = await submitViaApi(s.teacher, s.formId, { leaveType: '病假', period: { ...threeWorkdays(), startHalf: 'am', endHalf: 'pm' }, reason: '发烧', needCover: '否' });
  await actViaApi(s.head, id, { type: 'approve' });
  expect((await actViaApi(s.vp, id, { type: 'approve' })).status).toBe('approved');

  // The vice principal (a school leader: forms.stats) opens the form's statistics from the approvals page,
  // although the form is only for 高一年级组 and not in their own catalogue.
  await signInViaApi(page, s.vp);
  await page.goto('/forms');
  if (isPhone(info)) {
    await page.getByRole('button', { name: '更多', exact: true }).click();
    await page.getByRole('dialog', { name: '更多' }).getByRole('button', { name: '统计' }).click();
  } else {
    await page.getByRole('button', { name: '统计', exact: true }).click();
  }
  await page.getByRole('dialog', { name: '查看哪个表单的统计' }).getByRole('link', { name: s.formName }).click();
  await expect(page.getByRole('heading', { name: s.formName, level: 1 })).toBeVisible();
  const table = page.getByRole('table', { name: '请假时间：部门 × 月份' });
  const row = table.getByRole('row', { name: new RegExp(s.grade.name) });
  await expect(row.getByRole('rowheader')).toHaveText(s.grade.name);
  await expect(row.getByRole('cell').last()).toHaveText('3');
  await expectNoHorizontalScroll(page);
  // Back to where they came from (they do not manage forms).
  await page.getByRole('link', { name: '返回审批' }).click();
  await expect(page.getByRole('heading', { name: '审批', level: 1 })).toBeVisible();
});
