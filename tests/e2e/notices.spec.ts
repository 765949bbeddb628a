// The notice centre in the built PWA (issue 5): a department head composes a notice to their department with
// click-to-confirm and publishes it; a teacher there sees it on the home page and in the list, opens it and
// confirms; the publisher's roster (open all along) shows that teacher confirmed — live — and a colleague not;
// "remind those not confirmed" works once and then shows the cool-down; a comment-mode notice refuses an empty
// comment (in the page and at the server) and takes a real one. People are set up through the API.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { BASE_URL, apiSignIn, expectNoHorizontalScroll } from './helpers.js';
import { PASSWORD, createDepartment, createPerson, runTag, signInViaApi, signedInPage, type Person } from './forms-helpers.js';

interface Team {
  deptId: string;
  deptName: string;
  head: Person;
  teacher: Person;
  colleague: Person;
}

async function team(admin: APIRequestContext, run: string): Promise<Team> {
  const deptName = `教务处${run}`;
  const deptId = await createDepartment(admin, deptName);
  const head = await createPerson(admin, { username: `nh${run}`, surname: '周', departmentId: deptId, roles: [{ role: 'staff' }, { role: 'dept_head', departmentId: deptId }] });
  const teacher = await createPerson(admin, { username: `nt${run}`, surname: '林', departmentId: deptId });
  const colleague = await createPerson(admin, { username: `nc${run}`, surname: '马', departmentId: deptId });
  return { deptId, deptName, head, teacher, colleague };
}

/** The published notice's id, from the address of its page. */
function idFrom(page: Page): string {
  const m = /\/notices\/([0-9a-z]{26})/.exec(page.url());
  expect(m, page.url()).not.toBeNull();
  return m![1]!;
}

test('publish to a department with click-to-confirm; a teacher confirms; roster, reminders and their cool-down', async ({ page, browser }, info) => {
  test.setTimeout(150_000);
  const run = runTag(info);
  const admin = await apiSignIn();
  const t = await team(admin, run);
  await admin.dispose();
  const title = `期末考试监考安排${run}`;

  // The department head writes the notice.
  await signInViaApi(page, t.head);
  await page.goto('/notices');
  await page.getByRole('link', { name: '发布通知' }).click();
  await expect(page.getByRole('heading', { name: '发布通知', level: 1 })).toBeVisible();
  // Publishing an empty notice is refused in the page, field by field.
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await expect(page.getByText('请填写标题')).toBeVisible();
  await expect(page.getByText('请填写正文')).toBeVisible();
  await expect(page.getByText('请选择接收人')).toBeVisible();
  await expect(page.getByLabel('标题', { exact: true })).toBeFocused();
  await page.getByLabel('标题', { exact: true }).fill(title);
  await expect(page.getByText('请填写标题')).toBeHidden();
  const editor = page.getByRole('textbox', { name: '正文' });
  await editor.click();
  await page.keyboard.type('请各位老师于周五前确认监考时间，');
  const bold = page.getByRole('toolbar', { name: '正文格式' }).getByRole('button', { name: '加粗' });
  await bold.click();
  await expect(bold).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.type('不得缺席');
  await bold.click();
  await expect(bold).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.type('。');
  await expect(editor.locator('b, strong')).toHaveText(/不得缺席/);
  await page.getByRole('combobox', { name: '部门（含下级部门）' }).fill(t.deptName);
  await page.getByRole('option', { name: new RegExp(t.deptName) }).click();
  await page.getByRole('radio', { name: /^重要/ }).check();
  await page.getByRole('radio', { name: /^点击确认/ }).check();
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  const id = idFrom(page);
  await expect(page.locator('article.nt-body strong')).toHaveText('不得缺席');

  // Its roster stays open on the publisher's screen: nobody has confirmed yet.
  await page.getByRole('link', { name: '回执名单' }).click();
  await expect(page.getByRole('heading', { name: '回执名单', level: 1 })).toBeVisible();
  const everyone = page.getByRole('list', { name: '全部', exact: true });
  const teacherRow = everyone.getByRole('listitem').filter({ hasText: t.teacher.displayName });
  await expect(teacherRow).toContainText('未读');

  // The teacher sees it on the home page and in the list, opens it and confirms.
  const teacher = await signedInPage(browser, info, t.teacher);
  await teacher.goto('/');
  const latest = teacher.getByRole('list', { name: '最新通知' });
  await expect(latest.getByRole('link', { name: new RegExp(title) })).toBeVisible();
  await expect(latest.getByRole('link', { name: new RegExp(title) })).toContainText('待确认');
  await expect(teacher.getByRole('link', { name: /1\s*未读/ })).toBeVisible();
  await teacher.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /通知/ }).click();
  await expect(teacher.getByRole('heading', { name: '通知公告', level: 1 })).toBeVisible();
  const row = teacher.getByRole('list', { name: '全部' }).getByRole('link', { name: new RegExp(title) });
  await expect(row).toContainText('待确认');
  await expect(row).toContainText('重要');
  await row.click();
  await expect(teacher.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expectNoHorizontalScroll(teacher);
  const bar = teacher.getByRole('region', { name: '确认回执' });
  await bar.getByRole('button', { name: '确认收到' }).click();
  await expect(teacher.getByText(/^已确认 · /)).toBeVisible();
  await expect(bar).toBeHidden();
  // Back in the list it is no longer waiting, and the 待确认 tab is empty.
  await teacher.goto('/notices?filter=unconfirmed');
  await expect(teacher.getByText('没有需要确认的通知')).toBeVisible();
  await teacher.context().close();

  // The roster shows it live: the teacher confirmed, the colleague has not.
  await expect(teacherRow).toContainText('已确认');
  const colleagueRow = everyone.getByRole('listitem').filter({ hasText: t.colleague.displayName });
  await expect(colleagueRow).toContainText('未读');
  await page.getByRole('tab', { name: /^未确认/ }).click();
  const unconfirmed = page.getByRole('list', { name: '未确认' });
  await expect(unconfirmed.getByRole('listitem').filter({ hasText: t.colleague.displayName })).toBeVisible();
  await expect(unconfirmed.getByRole('listitem').filter({ hasText: t.teacher.displayName })).toHaveCount(0);

  // Remind those left: once now, then the cool-down.
  await page.getByRole('button', { name: '提醒未确认的人' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^已提醒 \d+ 人$/ }).first()).toBeVisible();
  await expect(page.getByText(/\d:\d\d 后可再次提醒/)).toBeVisible();
  await page.getByRole('button', { name: '提醒未确认的人' }).click();
  await expect(page.getByText(/^刚刚提醒过，请 [0-5]:\d\d 后再提醒$/)).toBeVisible();
  await expectNoHorizontalScroll(page);

  // The export link hands out a workbook.
  const xlsx = await page.request.get(`/api/notices/${id}/export.xlsx`);
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
});

test('a comment-mode notice refuses an empty comment and takes a real one', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const run = runTag(info);
  const admin = await apiSignIn();
  const t = await team(admin, run);
  await admin.dispose();
  const title = `教研活动回执${run}`;

  // Published through the API (composing is the first test's subject).
  const head = await apiSignIn(t.head.username, PASSWORD);
  const created = await head.post('/api/notices', {
    data: {
      title, bodyHtml: '<p>请回复是否参加周三下午的教研活动。</p>', category: 'teaching', urgency: 'normal', confirmMode: 'comment', pinned: false,
      audience: { all: false, departmentIds: [t.deptId], roles: [], userIds: [] }, attachmentIds: [], expiresAt: null,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const published = await head.post(`/api/notices/${id}/publish`, { data: {} });
  expect(published.status(), await published.text()).toBe(200);
  await head.dispose();

  await signInViaApi(page, t.teacher);
  await page.goto(`/notices/${id}`);
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await page.getByRole('region', { name: '确认回执' }).getByRole('button', { name: '填写回执' }).click();
  const dialog = page.getByRole('dialog', { name: '填写回执' });
  await dialog.getByRole('button', { name: '提交确认' }).click();
  await expect(dialog.getByText('请填写回执内容')).toBeVisible();

  // The server refuses it too.
  const empty = await page.request.post(`/api/notices/${id}/confirm`, { data: { comment: '   ' }, headers: { Origin: BASE_URL } });
  expect(empty.status()).toBe(400);
  expect(((await empty.json()) as { code: string }).code).toBe('NOTICE_CONFIRM_NEEDS_COMMENT');

  await dialog.getByLabel('回执内容').fill('参加，会带上教案');
  await dialog.getByRole('button', { name: '提交确认' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/^已确认 · /)).toBeVisible();
  await expect(page.getByText('参加，会带上教案')).toBeVisible();

  // The author edits the title: the open notice follows live, and its history keeps the first text.
  const editor = await apiSignIn(t.head.username, PASSWORD);
  const revised = await editor.post(`/api/notices/${id}/revisions`, {
    data: { title: `${title}（更正）`, bodyHtml: '<p>请回复是否参加周四下午的教研活动。</p>', category: 'teaching', urgency: 'normal', pinned: false, attachmentIds: [], expiresAt: null, notifyAgain: false },
  });
  expect(revised.status(), await revised.text()).toBe(200);
  await editor.dispose();
  await expect(page.getByRole('heading', { name: `${title}（更正）`, level: 1 })).toBeVisible();
  await page.getByRole('link', { name: '查看修改记录' }).click();
  await expect(page.getByRole('heading', { name: '修改记录', level: 1 })).toBeVisible();
  await page.getByText(title, { exact: true }).click();
  await expect(page.getByText('请回复是否参加周三下午的教研活动。')).toBeVisible();

  // The author reads the comment in the roster.
  const author = await signedInPage(browser, info, t.head);
  await author.goto(`/notices/${id}/roster`);
  const row = author.getByRole('list', { name: '全部', exact: true }).getByRole('listitem').filter({ hasText: t.teacher.displayName });
  await expect(row).toContainText('已确认');
  await expect(row).toContainText('参加，会带上教案');
  await author.context().close();
});
