// Meetings as calendar objects in the built PWA (issue 6): a department head schedules a weekly meeting with
// their department (its sub-department included) from 会议 › 预约会议 — an empty form is refused field by
// field — and a teacher of the sub-department finds it under 明天, accepts, and the host sees the answer; the
// invitation downloads as iCalendar and the week view shows it. People are set up through the API.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiSignIn, expectNoHorizontalScroll } from './helpers.js';
import { createPerson, runTag, signInViaApi, signedInPage } from './forms-helpers.js';

async function department(admin: APIRequestContext, name: string, parentId?: string): Promise<string> {
  const res = await admin.post('/api/org/departments', { data: { name, ...(parentId ? { parentId } : {}) } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** Tomorrow's date in the school's zone, 'YYYY-MM-DD'. */
function tomorrowInSchool(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now() + 86_400_000);
}

test('schedule a weekly meeting with a department; a teacher of its sub-department accepts; the host sees it', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const run = runTag(info);
  const admin = await apiSignIn();
  const deptName = `年级组${run}`;
  const deptId = await department(admin, deptName);
  const subId = await department(admin, `语文组${run}`, deptId);
  const head = await createPerson(admin, { username: `mh${run}`, surname: '韩', departmentId: deptId, roles: [{ role: 'staff' }, { role: 'dept_head', departmentId: deptId }] });
  const teacher = await createPerson(admin, { username: `mt${run}`, surname: '唐', departmentId: subId });
  const colleague = await createPerson(admin, { username: `mc${run}`, surname: '宋', departmentId: subId });
  await admin.dispose();
  const title = `年级组周例会${run}`;

  // The head schedules it.
  await signInViaApi(page, head);
  await page.goto('/meetings');
  await expect(page.getByRole('heading', { name: '会议', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' }).first().getByRole('link', { name: '会议' })).toBeVisible();
  await page.getByRole('link', { name: '预约会议' }).click();
  await expect(page.getByRole('heading', { name: '预约会议', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: '预约并发送邀请' }).click();
  await expect(page.getByText('请填写会议主题')).toBeVisible();
  await expect(page.getByText('请至少邀请一个人或一个部门')).toBeVisible();
  await expect(page.getByLabel('会议主题')).toBeFocused();

  await page.getByLabel('会议主题').fill(title);
  await page.getByLabel('日期', { exact: true }).fill(tomorrowInSchool());
  await page.getByLabel('开始时间').fill('10:00');
  await page.getByLabel('时长').selectOption('90');
  await page.getByLabel('重复').selectOption('weekly');
  await page.getByLabel('结束').selectOption('count');
  await page.getByLabel('次数').fill('6');
  await expect(page.getByText(/^每周[一二三四五六日]，共 6 次$/)).toBeVisible();
  await page.getByRole('combobox', { name: '部门' }).fill(deptName);
  await page.getByRole('option', { name: deptName, exact: true }).click();
  await page.getByLabel('议程').fill('1. 期中考试安排\n2. 公开课');
  await page.getByRole('switch', { name: /等候室/ }).check();
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: '预约并发送邀请' }).click();

  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  const id = /\/meetings\/([0-9a-z]{26})$/.exec(page.url())?.[1];
  expect(id, page.url()).toBeTruthy();
  await expect(page.getByText(/^每周[一二三四五六日]，共 6 次$/)).toBeVisible();
  const members = page.locator('.mt-members');
  await expect(members.getByRole('listitem')).toHaveCount(3);
  await expect(members.getByRole('listitem').filter({ hasText: teacher.displayName })).toContainText('待回复');
  await expect(page.getByText('开启等候室：主持人同意后进入')).toBeVisible();
  // The invitation as iCalendar.
  const ics = await page.context().request.get(`/api/meetings/${id}/invite.ics`);
  expect(ics.status()).toBe(200);
  expect(ics.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const text = (await ics.text()).replace(/\r\n /g, '');
  expect(text).toContain('METHOD:REQUEST');
  expect(text).toContain('RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=');
  expect(text).toContain(`SUMMARY:${title}`);
  expect(text).toContain('DTSTART;TZID=Asia/Shanghai:');

  // The teacher of the sub-department finds it under 明天 and accepts.
  const tp = await signedInPage(browser, info, teacher);
  await tp.goto('/meetings');
  const tomorrow = tp.getByRole('region', { name: /^明天/ });
  const row = tomorrow.getByRole('listitem').filter({ hasText: title });
  await expect(row).toBeVisible({ timeout: 20_000 }); // the first load of the lazy page on a busy machine
  await expect(row).toContainText('10:00–11:30');
  await expect(row).toContainText('待回复');
  await expectNoHorizontalScroll(tp);
  await row.getByRole('link').first().click();
  await expect(tp.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(tp.getByRole('link', { name: '编辑' })).toHaveCount(0);
  await tp.getByRole('group', { name: '我的回复' }).getByRole('button', { name: '接受' }).click();
  await expect(tp.getByRole('group', { name: '我的回复' }).getByRole('button', { name: '接受' })).toHaveAttribute('aria-pressed', 'true');
  await expect(tp.locator('.mt-members').getByRole('listitem').filter({ hasText: teacher.displayName })).toContainText('已接受');
  // The week view has it on its day.
  await tp.goto('/meetings?view=week');
  // Tomorrow is in next week when today is Sunday.
  const sunday = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short' }).format(Date.now()) === 'Sun';
  if (sunday) await tp.getByRole('button', { name: '下一周' }).click();
  await expect(tp.locator('.mt-week').getByRole('link', { name: new RegExp(title) })).toBeVisible();
  await tp.context().close();

  // The host sees the answer.
  await page.reload();
  await expect(page.locator('.mt-members').getByRole('listitem').filter({ hasText: teacher.displayName })).toContainText('已接受');
  await expect(page.locator('.mt-members').getByRole('listitem').filter({ hasText: colleague.displayName })).toContainText('待回复');

  // Someone not invited gets "not found".
  const other = await apiSignIn();
  const res = await other.get(`/api/meetings/${id}`);
  expect(res.status()).toBe(404);
  await other.dispose();
});
