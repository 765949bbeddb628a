// Screenshots of the notice centre, for looking at the UI (not assertions): list, a notice with its confirmation
// bar, compose, roster, 我发布的 and the home card, at 360 and 1280 px.
// Run: npm run build && E2E_SHOTS=1 npx playwright test notices-shots   → .tmp/shots/<project>-notices-<name>.png
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect as baseExpect, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_DATA_DIR, ROOT, apiSignIn, signInUI } from './helpers.js';
import { PASSWORD, createDepartment, createPerson, runTag, signedInPage, type Person } from './forms-helpers.js';

test.skip(!process.env.E2E_SHOTS, 'screenshots only when E2E_SHOTS=1');
test.setTimeout(300_000);

const DIR = path.join(ROOT, '.tmp/shots');
const expect = baseExpect.configure({ timeout: 20_000 });

async function shot(page: Page, project: string, name: string, full = true): Promise<void> {
  await expect(page.getByRole('status', { name: '加载中' })).toHaveCount(0);
  if (full) await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(DIR, `${project}-notices-${name}.png`), fullPage: full });
}

async function ok<T>(res: Awaited<ReturnType<APIRequestContext['get']>>, status = 200): Promise<T> {
  baseExpect(res.status(), await res.text()).toBe(status);
  return (status === 204 ? undefined : await res.json()) as T;
}

/** A small file in the author's own space (tus by hand), to attach. */
async function upload(api: APIRequestContext, name: string, text: string): Promise<string> {
  const data = Buffer.from(text, 'utf8');
  const spaces = await ok<{ personal: { id: string } }>(await api.get('/api/files/spaces'));
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const created = await api.post('/api/files/uploads', {
    headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': String(data.length), 'Upload-Metadata': `filename ${b64(name)},parentId ${b64(spaces.personal.id)}` },
  });
  baseExpect(created.status(), await created.text()).toBe(201);
  const done = await api.patch(created.headers()['location']!, { headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, data });
  return ((await done.json()) as { node: { id: string } }).node.id;
}

type Seed = { channel: string; status: string; reason?: string; minutes?: number; tries?: number };

/**
 * For the picture only: the delivery ladder's attempts for one notice, straight into the real database file (in
 * place of the ladder's own). The e2e server has no push service, mail server or SMS provider configured, so the
 * roster would otherwise show every channel skipped; notices-ladder.spec.ts runs the real ladder.
 */
function seedAttempts(noticeId: string, byUser: Map<string, Seed[]>): void {
  const db = new Database(path.join(E2E_DATA_DIR, 'xiaoban.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const items = db.prepare('SELECT item_id AS itemId, user_id AS userId FROM notice_deliveries WHERE notice_id = ?').all(noticeId) as { itemId: string; userId: string }[];
    const clear = db.prepare('DELETE FROM delivery_attempts WHERE item_id = ?');
    for (const { itemId } of items) clear.run(itemId);
    const insert = db.prepare(
      `INSERT INTO delivery_attempts (id, item_id, user_id, channel, step, category, priority, status, reason, due_at, tries, created_at, updated_at, sent_at, delivered_at)
       VALUES (?, ?, ?, ?, ?, 'notice.safety', 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const now = Date.now();
    for (const { itemId, userId } of items) {
      for (const [step, a] of (byUser.get(userId) ?? []).entries()) {
        const at = new Date(now + (a.minutes ?? 0) * 60_000).toISOString();
        const sent = a.status === 'sent' || a.status === 'delivered' ? at : null;
        insert.run(randomBytes(13).toString('hex').slice(0, 26), itemId, userId, a.channel, step, a.status, a.reason ?? null, at, a.tries ?? (sent ? 1 : 0), at, at, sent, a.status === 'delivered' ? at : null);
      }
    }
  } finally {
    db.close();
  }
}

const BODY = `<p>为提高师生应急避险能力，学校定于<strong>本周五下午 3:30</strong> 开展全校消防疏散演练。</p>
<h2>一、演练安排</h2><ol><li>3:30 警报响起，各班由任课教师组织学生沿指定路线撤离；</li><li>3:35 全体师生在操场按班级集合，班主任清点人数；</li><li>3:45 安全办讲评，演练结束。</li></ol>
<h2>二、注意事项</h2><ul><li>撤离时不推搡、不逗留，低姿前进；</li><li>行动不便的学生由班主任安排专人陪同。</li></ul>
<blockquote><p>请各位班主任收到后点击「确认收到」，并于周四前把疏散路线图张贴在教室门口。</p></blockquote>
<p>疏散路线图见附件，详情可查看<a href="https://www.example.edu.cn/safety">学校安全工作页面</a>。</p>`;

test('notices screenshots', async ({ page, browser }, info) => {
  const p = info.project.name;
  const run = runTag(info);
  const admin = await apiSignIn();
  const dept = await createDepartment(admin, `教务处${run}`);
  const head = await createPerson(admin, { username: `sh${run}`, surname: '周', departmentId: dept, roles: [{ role: 'staff' }, { role: 'dept_head', departmentId: dept }] });
  const teacher = await createPerson(admin, { username: `st${run}`, surname: '林', departmentId: dept });
  const others: Person[] = [];
  for (const [i, s] of ['王', '陈', '刘', '赵', '孙'].entries()) others.push(await createPerson(admin, { username: `so${i}${run}`, surname: s, departmentId: dept }));
  await admin.dispose();

  const author = await apiSignIn(head.username, PASSWORD);
  const file = await upload(author, '消防疏散路线图.pdf', '%PDF-1.4 placeholder');
  const publish = async (over: Record<string, unknown>): Promise<string> => {
    const body = {
      title: '', bodyHtml: '<p>请各位老师按时完成。</p>', category: 'general', urgency: 'normal', confirmMode: 'read', pinned: false,
      audience: { all: false, departmentIds: [dept], roles: [], userIds: [] }, attachmentIds: [], expiresAt: null, ...over,
    };
    const { id } = await ok<{ id: string }>(await author.post('/api/notices', { data: body }), 201);
    await ok(await author.post(`/api/notices/${id}/publish`, { data: {} }));
    return id;
  };
  await publish({ title: '关于报送下学期教学计划的通知', category: 'admin', confirmMode: 'none', bodyHtml: '<p>请各教研组于下周三前报送教学计划。</p>' });
  const signature = await publish({ title: '教职工年度体检安排', category: 'general', confirmMode: 'signature', bodyHtml: '<p>今年体检安排在 4 月 12 日，请签名确认参加。</p>' });
  await publish({ title: '下周一上午停水检修', category: 'logistics', confirmMode: 'read', bodyHtml: '<p>下周一 8:00–12:00 教学楼停水检修，请提前做好准备。</p>' });
  const comment = await publish({ title: '期末考试监考安排（第二版）', category: 'teaching', urgency: 'important', confirmMode: 'comment', bodyHtml: '<p>请回复能否按表监考，有冲突的请注明。</p>' });
  const fire = await publish({ title: '关于本周五开展全校消防疏散演练的紧急通知', category: 'safety', urgency: 'urgent', confirmMode: 'click', pinned: true, bodyHtml: BODY, attachmentIds: [file] });
  const withdrawn = await publish({ title: '关于调整午休时间的通知', category: 'admin' });
  await ok(await author.post(`/api/notices/${withdrawn}/withdraw`, { data: { reason: '时间另行通知' } }));
  // A draft and a scheduled one for 我发布的.
  await ok(await author.post('/api/notices', { data: { title: '运动会报名通知（草稿）', bodyHtml: '<p>草稿</p>', category: 'general', urgency: 'normal', confirmMode: 'click', pinned: false, audience: { all: false, departmentIds: [dept], roles: [], userIds: [] }, attachmentIds: [], expiresAt: null } }), 201);
  const later = await ok<{ id: string }>(
    await author.post('/api/notices', { data: { title: '家长会安排', bodyHtml: '<p>下周五家长会。</p>', category: 'teaching', urgency: 'normal', confirmMode: 'read', pinned: false, audience: { all: false, departmentIds: [dept], roles: [], userIds: [] }, attachmentIds: [], expiresAt: null } }),
    201,
  );
  await ok(await author.post(`/api/notices/${later.id}/publish`, { data: { publishAt: new Date(Date.now() + 3 * 86_400_000).toISOString() } }));

  // Colleagues in every state: confirmed with and without a comment, read only, nothing.
  for (const [i, person] of others.entries()) {
    const api = await apiSignIn(person.username, PASSWORD);
    if (i < 3) await ok(await api.get(`/api/notices/${fire}`));
    if (i < 2) await ok(await api.post(`/api/notices/${fire}/confirm`, { data: {} }));
    if (i === 0) {
      await ok(await api.get(`/api/notices/${comment}`));
      await ok(await api.post(`/api/notices/${comment}/confirm`, { data: { comment: '可以按表监考，周三下午另有公开课。' } }));
    }
    await api.dispose();
  }
  seedAttempts(
    fire,
    new Map<string, Seed[]>([
      [others[0]!.id, [{ channel: 'live', status: 'delivered' }, { channel: 'webpush', status: 'delivered' }, { channel: 'email', status: 'skipped', reason: 'read' }, { channel: 'sms', status: 'skipped', reason: 'read', minutes: 10 }]],
      [others[1]!.id, [{ channel: 'webpush', status: 'sent' }, { channel: 'email', status: 'delivered' }]],
      [others[2]!.id, [{ channel: 'webpush', status: 'failed', reason: 'gone' }, { channel: 'email', status: 'sent' }]],
      [others[3]!.id, [{ channel: 'webpush', status: 'skipped', reason: 'no_address' }, { channel: 'email', status: 'failed', reason: 'rejected', tries: 3 }, { channel: 'sms', status: 'pending', minutes: 10 }]],
      [others[4]!.id, [{ channel: 'email', status: 'skipped', reason: 'preference' }, { channel: 'sms', status: 'skipped', reason: 'no_address', minutes: 10 }]],
      [teacher.id, [{ channel: 'webpush', status: 'delivered' }, { channel: 'email', status: 'pending', reason: 'quiet_hours', minutes: 30 }]],
    ]),
  );
  // The teacher has read and confirmed some already.
  const mine = await apiSignIn(teacher.username, PASSWORD);
  await ok(await mine.get(`/api/notices/${signature}`));
  await mine.dispose();
  await author.dispose();

  // The teacher: home card, list, the urgent notice with its confirmation bar.
  const t = await signedInPage(browser, info, teacher);
  await t.goto('/');
  await expect(t.getByRole('heading', { name: '通知公告' })).toBeVisible();
  await expect(t.getByRole('list', { name: '最新通知' })).toBeVisible();
  await shot(t, p, 'home');
  await t.goto('/notices');
  await expect(t.getByRole('list', { name: '全部' })).toBeVisible();
  await shot(t, p, 'list');
  await t.goto(`/notices/${fire}`);
  await expect(t.getByRole('region', { name: '确认回执' })).toBeVisible();
  await shot(t, p, 'detail');
  await shot(t, p, 'detail-screen', false);
  await t.goto(`/notices/${comment}`);
  await t.getByRole('button', { name: '填写回执' }).click();
  await t.getByRole('button', { name: '提交确认' }).click();
  await expect(t.getByText('请填写回执内容')).toBeVisible();
  await shot(t, p, 'confirm-comment', false);
  await t.context().close();

  // The publisher: compose, the roster, 我发布的.
  const h = await signedInPage(browser, info, head);
  await h.goto('/notices/new');
  await h.getByLabel('标题', { exact: true }).fill('关于开展教师读书分享会的通知');
  await h.getByRole('textbox', { name: '正文' }).click();
  await h.keyboard.type('各教研组：');
  await h.keyboard.press('Enter');
  await h.keyboard.type('为营造读书氛围，定于下周四下午在图书馆举办读书分享会，');
  const bold = h.getByRole('toolbar', { name: '正文格式' }).getByRole('button', { name: '加粗' });
  await bold.click();
  await h.keyboard.type('每组推荐一位老师发言');
  await bold.click();
  await h.keyboard.type('。');
  await h.getByRole('combobox', { name: '部门（含下级部门）' }).fill(`教务处${run}`);
  await h.getByRole('option', { name: new RegExp(`教务处${run}`) }).click();
  await h.getByRole('radio', { name: /^点击确认/ }).check();
  await shot(h, p, 'compose');
  await shot(h, p, 'compose-screen', false);
  await h.getByRole('heading', { name: '通知设置' }).scrollIntoViewIfNeeded();
  await shot(h, p, 'compose-settings', false);
  await h.goto(`/notices/${fire}/roster`);
  await expect(h.getByRole('list', { name: '全部', exact: true })).toBeVisible();
  await shot(h, p, 'roster');
  await shot(h, p, 'roster-screen', false);
  await h.goto(`/notices/${comment}/roster`);
  await expect(h.getByRole('list', { name: '全部', exact: true })).toBeVisible();
  await shot(h, p, 'roster-comment');
  await h.goto('/notices/manage');
  await expect(h.getByRole('list', { name: '全部' })).toBeVisible();
  await shot(h, p, 'manage');
  // The same pages in English (longer words, same room).
  await ok(await h.request.patch('/api/auth/me', { data: { locale: 'en' }, headers: { Origin: new URL(h.url()).origin } }));
  await h.goto(`/notices/${fire}/roster`);
  await expect(h.getByRole('heading', { name: 'Receipts', level: 1 })).toBeVisible();
  await shot(h, p, 'roster-en');
  await h.goto('/notices/new');
  await expect(h.getByRole('heading', { name: 'New notice', level: 1 })).toBeVisible();
  await shot(h, p, 'compose-en');
  await h.goto('/notices');
  await expect(h.getByRole('heading', { name: 'Notices', level: 1 })).toBeVisible();
  await shot(h, p, 'list-en');
  await h.context().close();

  // Admin › 通知.
  await signInUI(page);
  await page.goto('/admin/notices');
  await expect(page.getByRole('heading', { name: '通知设置' })).toBeVisible();
  await shot(page, p, 'admin');
});
