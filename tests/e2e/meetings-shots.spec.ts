// Screenshots of the meeting pages, for looking at the UI (not assertions): home (agenda with a live meeting),
// week, schedule form, detail as host and as invitee, attendance, at 360 and 1280 px.
// Run: npm run build && E2E_SHOTS=1 npx playwright test meetings-shots   → .tmp/shots/<project>-meetings-<name>.png
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect as baseExpect, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_DATA_DIR, ROOT, apiSignIn } from './helpers.js';
import { PASSWORD, createPerson, runTag, signedInPage, signInViaApi, type Person } from './forms-helpers.js';

test.skip(!process.env.E2E_SHOTS, 'screenshots only when E2E_SHOTS=1');
test.setTimeout(300_000);

const DIR = path.join(ROOT, '.tmp/shots');
const expect = baseExpect.configure({ timeout: 20_000 });

async function shot(page: Page, project: string, name: string): Promise<void> {
  await expect(page.getByRole('status', { name: '加载中' })).toHaveCount(0);
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(DIR, `${project}-meetings-${name}.png`), fullPage: true });
}

async function ok<T>(res: Awaited<ReturnType<APIRequestContext['get']>>, status = 200): Promise<T> {
  baseExpect(res.status(), await res.text()).toBe(status);
  return (await res.json()) as T;
}

const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now() + offset * 86_400_000);
/** An instant at a wall-clock time in Beijing, days from today. */
const at = (offset: number, hhmm: string) => new Date(`${day(offset)}T${hhmm}:00+08:00`).toISOString();

test('meeting pages', async ({ page, browser }, info) => {
  const project = info.project.name;
  const run = runTag(info);
  const admin = await apiSignIn();
  const dept = await ok<{ id: string }>(await admin.post('/api/org/departments', { data: { name: `高一年级组${run}` } }), 201);
  const host = await createPerson(admin, { username: `sh${run}`, surname: '欧阳', departmentId: dept.id, roles: [{ role: 'staff' }, { role: 'dept_head', departmentId: dept.id }] });
  const people: Person[] = [];
  for (const [i, s] of ['李', '王', '张', '刘', '陈', '杨'].entries()) people.push(await createPerson(admin, { username: `s${i}${run}`, surname: s, departmentId: dept.id }));
  await admin.dispose();

  const api = await apiSignIn(host.username, PASSWORD);
  const base = { agenda: '', durationMin: 60, recurrence: null, cohostIds: [], lobby: false, cameraOffAbove: 25, annotate: 'presenter', attachmentFileIds: [] };
  const everyone = { userIds: [], departmentIds: [dept.id] };
  // A meeting under way (started 20 minutes ago), one later today, a weekly one, one tomorrow, one next week.
  const live = await ok<{ id: string }>(await api.post('/api/meetings/instant', { data: { title: '临时碰头：运动会分工', invitees: everyone } }), 201);
  const weekly = await ok<{ id: string }>(
    await api.post('/api/meetings', {
      data: {
        ...base, title: '高一年级组教研例会（每周）', startsAt: at(1, '15:30'), durationMin: 90, invitees: everyone, cohostIds: [people[0]!.id], lobby: true,
        agenda: '1. 期中考试质量分析\n2. 下周公开课安排（语文、数学）\n3. 家长会准备：各班主任汇报进度\n4. 其他事项',
        recurrence: { freq: 'weekly', interval: 1, byWeekday: [1, 3, 5].includes(new Date(`${day(1)}T12:00:00+08:00`).getUTCDay()) ? [1, 3, 5] : undefined, count: 12 },
      },
    }),
    201,
  );
  await ok(await api.post('/api/meetings', { data: { ...base, title: '安全工作专题会', startsAt: new Date(Date.now() + 2 * 3_600_000).toISOString(), durationMin: 30, invitees: { userIds: [people[1]!.id, people[2]!.id], departmentIds: [] } } }), 201);
  await ok(await api.post('/api/meetings', { data: { ...base, title: '期中考试命题协调会议（数学、物理、化学三科联合）', startsAt: at(2, '09:00'), invitees: everyone } }), 201);
  await ok(await api.post('/api/meetings', { data: { ...base, title: '家长会筹备', startsAt: at(6, '14:00'), invitees: { userIds: [people[3]!.id], departmentIds: [] } } }), 201);
  await api.dispose();
  // Answers and a record of who was in the live meeting, straight into the database (the room writes these).
  const db = new Database(path.join(E2E_DATA_DIR, 'xiaoban.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const answer = db.prepare('UPDATE meeting_members SET response = ? WHERE meeting_id = ? AND user_id = ?');
    answer.run('accepted', weekly.id, people[1]!.id);
    answer.run('declined', weekly.id, people[2]!.id);
    answer.run('tentative', weekly.id, people[3]!.id);
    const stay = db.prepare('INSERT INTO meeting_attendance (meeting_id, user_id, session_key, joined_at, left_at, device) VALUES (?, ?, ?, ?, ?, ?)');
    const ago = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    db.prepare('UPDATE meetings SET starts_at = ? WHERE id = ?').run(ago(20), live.id);
    stay.run(live.id, host.id, 'a', ago(20), null, 'desktop');
    stay.run(live.id, people[0]!.id, 'b', ago(19), ago(5), 'phone');
    stay.run(live.id, people[1]!.id, 'c', ago(18), null, 'desktop');
    stay.run(live.id, people[2]!.id, 'd', ago(12), ago(2), 'phone');
  } finally {
    db.close();
  }

  await signInViaApi(page, host);
  await page.goto('/meetings');
  await expect(page.getByText('临时碰头：运动会分工')).toBeVisible();
  await shot(page, project, 'home');
  await page.getByRole('tab', { name: '周视图' }).click();
  await expect(page.locator('.mt-week')).toBeVisible();
  await shot(page, project, 'week');
  await page.goto('/meetings/new');
  await expect(page.getByRole('heading', { name: '预约会议', level: 1 })).toBeVisible();
  await page.getByLabel('会议主题').fill('教研组长例会');
  await page.getByLabel('重复').selectOption('weekly');
  await shot(page, project, 'schedule');
  await page.goto(`/meetings/${weekly.id}`);
  await expect(page.getByRole('heading', { name: '高一年级组教研例会（每周）', level: 1 })).toBeVisible();
  await shot(page, project, 'detail-host');
  await page.goto(`/meetings/${live.id}?tab=attendance`);
  await expect(page.getByRole('table')).toBeVisible();
  await shot(page, project, 'attendance');
  await page.goto('/notices');

  const invitee = await signedInPage(browser, info, people[4]!);
  await invitee.goto(`/meetings/${weekly.id}`);
  await expect(invitee.getByRole('group', { name: '我的回复' })).toBeVisible();
  await shot(invitee, project, 'detail-invitee');
  await invitee.goto('/meetings');
  await invitee.getByRole('button', { name: '生成订阅链接' }).click();
  await expect(invitee.getByLabel('订阅链接')).toBeVisible();
  await shot(invitee, project, 'feed');
  await invitee.context().close();
});
