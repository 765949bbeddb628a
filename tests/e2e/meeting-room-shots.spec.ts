// Screenshots of the meeting room, for looking at the UI (not assertions): pre-join, grid, speaker layout,
// members with host controls, chat, screen share with drawings, waiting room, the end — at 360 and 1280 px.
// Real Janus + Chromium's fake camera/mic, so it runs inside the media network namespace:
//   npm run build && E2E_SHOTS=1 bash scripts/netns-run.sh npx playwright test meeting-room-shots
//   → .tmp/shots/<project>-room-<name>.png
import { randomInt } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect as baseExpect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { E2E_DATA_DIR, ROOT, apiSignIn } from './helpers.js';
import { createDepartment, createPerson, runTag, signedInPage, type Person } from './forms-helpers.js';

test.skip(!process.env.E2E_SHOTS, 'screenshots only when E2E_SHOTS=1');
test.setTimeout(600_000);
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--ignore-certificate-errors',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--auto-select-desktop-capture-source=Entire screen',
      '--autoplay-policy=no-user-gesture-required',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  },
  permissions: ['camera', 'microphone'],
});

const DIR = path.join(ROOT, '.tmp/shots');
const expect = baseExpect.configure({ timeout: 30_000 });

async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(DIR, `${info.project.name}-room-${name}.png`) });
}

/** The meeting row straight into the database (the scheduling API is another part of this issue). */
function insertMeeting(o: { hostId: string; memberIds: string[]; lobby?: boolean; title: string }): string {
  const db = new Database(path.join(E2E_DATA_DIR, 'xiaoban.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
    const id = Array.from({ length: 26 }, () => alphabet[randomInt(32)]).join('');
    const at = new Date().toISOString();
    db.prepare('INSERT INTO meetings (id, title, starts_at, duration_min, host_id, room_no, lobby, created_at, updated_at) VALUES (?, ?, ?, 60, ?, ?, ?, ?, ?)').run(
      id,
      o.title,
      at,
      o.hostId,
      randomInt(100_000, 9_999_999),
      o.lobby ? 1 : 0,
      at,
      at,
    );
    const add = db.prepare('INSERT INTO meeting_members (meeting_id, user_id, role) VALUES (?, ?, ?)');
    add.run(id, o.hostId, 'host');
    for (const m of o.memberIds) add.run(id, m, 'attendee');
    return id;
  } finally {
    db.close();
  }
}

async function people(info: TestInfo): Promise<Person[]> {
  const admin = await apiSignIn();
  const tag = runTag(info);
  const dept = await createDepartment(admin, `会议室${tag}`);
  const out: Person[] = [];
  for (const [i, surname] of ['陈', '林', '赵'].entries()) out.push(await createPerson(admin, { username: `room${tag}${i}`, surname, departmentId: dept }));
  await admin.dispose();
  return out;
}

async function join(page: Page, meetingId: string): Promise<void> {
  await page.goto(`/meetings/${meetingId}/room`);
  await page.getByRole('button', { name: '加入会议' }).click();
}

async function inRoom(page: Page, n: number): Promise<void> {
  await expect(page.getByRole('navigation', { name: '会议控制' })).toBeVisible();
  await expect(page.getByTestId('video-tile')).toHaveCount(n);
}

async function guest(browser: Browser, person: Person): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, ignoreHTTPSErrors: true, locale: 'zh-CN', viewport: { width: 1024, height: 640 }, permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  const res = await page.context().request.post('/api/auth/login', { data: { username: person.username, password: 'Forms2026go' }, headers: { Origin: test.info().project.use.baseURL! } });
  baseExpect(res.status(), await res.text()).toBe(200);
  return page;
}

test('meeting room', async ({ browser }, info) => {
  const [host, a, b] = await people(info);
  const meetingId = insertMeeting({ hostId: host!.id, memberIds: [a!.id, b!.id], title: '教职工大会' });
  const me = await signedInPage(browser, info, host!);
  await me.context().grantPermissions(['camera', 'microphone']);

  await me.goto(`/meetings/${meetingId}/room`);
  await expect(me.locator('.room-preview video')).toBeVisible();
  await shot(me, info, 'prejoin');
  await me.getByRole('button', { name: '加入会议' }).click();
  await inRoom(me, 1);
  await shot(me, info, 'alone');

  const ga = await guest(browser, a!);
  await join(ga, meetingId);
  await inRoom(ga, 2);
  const gb = await guest(browser, b!);
  await join(gb, meetingId);
  await inRoom(gb, 3);
  await inRoom(me, 3);
  await gb.getByRole('button', { name: '静音', exact: true }).click();
  await gb.getByRole('button', { name: '举手' }).click();
  await me.waitForTimeout(3000); // video arrives
  await shot(me, info, 'grid');

  await me.getByRole('button', { name: '成员' }).click();
  await shot(me, info, 'members');
  await me.getByRole('button', { name: '关闭', exact: true }).click();

  await ga.getByRole('button', { name: '聊天' }).click();
  await ga.getByRole('textbox', { name: '说点什么…' }).fill('大家好，我这边声音清楚吗？');
  await ga.getByRole('button', { name: '发送' }).click();
  await me.getByRole('button', { name: '聊天' }).click();
  await expect(me.getByText('大家好，我这边声音清楚吗？')).toBeVisible();
  await shot(me, info, 'chat');
  await me.getByRole('button', { name: '关闭', exact: true }).click();

  await me.getByRole('button', { name: '更多' }).click();
  await shot(me, info, 'more');
  await me.getByRole('radio', { name: '演讲者视图' }).click();
  await me.getByRole('button', { name: '关闭', exact: true }).click();
  await shot(me, info, 'speaker');

  // Screen share: the guest shares (desktop capture works headless with the auto-select flag), the host draws.
  await ga.getByRole('button', { name: '共享屏幕' }).click();
  await expect(me.getByTestId('screen-share')).toBeVisible();
  await me.getByRole('button', { name: '成员' }).click();
  await me.getByRole('combobox', { name: '批注权限' }).selectOption('hosts').catch(() => undefined);
  await me.getByRole('button', { name: '关闭', exact: true }).click();
  await expect(me.getByRole('toolbar', { name: '批注工具' })).toBeVisible();
  const canvas = me.getByTestId('annotation-canvas');
  const box = (await canvas.boundingBox())!;
  await me.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
  await me.mouse.down();
  for (let i = 1; i <= 20; i++) await me.mouse.move(box.x + box.width * (0.3 + i * 0.01), box.y + box.height * (0.4 + Math.sin(i / 3) * 0.05));
  await me.mouse.up();
  await me.getByRole('button', { name: '箭头' }).click();
  await me.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.7);
  await me.mouse.down();
  await me.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.55, { steps: 5 });
  await me.mouse.up();
  await shot(me, info, 'screen-share');
  await shot(ga, info, 'presenter');

  await me.getByRole('button', { name: '成员' }).click();
  await me.getByRole('button', { name: '开始录制' }).click();
  await me.getByRole('button', { name: '关闭', exact: true }).click();
  await expect(me.getByText('录制中')).toBeVisible();
  await shot(me, info, 'recording');

  // Waiting room: the host turns it on, a late guest waits, the host sees the list.
  await me.getByRole('button', { name: '成员' }).click();
  await me.getByRole('switch', { name: '等候室' }).check();
  gb.once('dialog', (d) => void d.accept());
  await gb.getByRole('button', { name: '离开' }).click();
  await expect(gb.getByRole('heading', { name: '你已离开会议' })).toBeVisible();
  await gb.getByRole('button', { name: '重新加入' }).click();
  await gb.getByRole('button', { name: '加入会议' }).click();
  await expect(gb.getByText('等待主持人准入')).toBeVisible();
  await expect(me.getByRole('button', { name: '准入' })).toBeVisible();
  await shot(me, info, 'waiting-list');
  await me.getByRole('button', { name: '准入' }).click();
  await inRoom(gb, 3);

  me.once('dialog', (d) => void d.accept());
  await me.getByRole('button', { name: '结束会议' }).click();
  await expect(ga.getByRole('heading', { name: '会议已结束' })).toBeVisible();
  await shot(ga, info, 'ended');
  await expect(me.getByRole('heading', { name: '会议已结束' })).toBeVisible();
  await shot(me, info, 'ended-host');
});

test('waiting room (phone-size guest)', async ({ browser }, info) => {
  const [host, a] = await people(info);
  const meetingId = insertMeeting({ hostId: host!.id, memberIds: [a!.id], lobby: true, title: '班主任例会' });
  const guestPage = await signedInPage(browser, info, a!);
  await guestPage.context().grantPermissions(['camera', 'microphone']);
  await join(guestPage, meetingId);
  await expect(guestPage.getByText('等待主持人准入')).toBeVisible();
  await shot(guestPage, info, 'waiting');
});
