// The backup panel as a new admin meets it: a school with uploaded files; set up an off-site directory target in
// the panel (a temp dir), read the one-time recovery sheet, back up now and watch it succeed; a folder and a
// person are deleted; the folder is found in the snapshot's document browser (marked 已删除) and restored
// from the panel; its files come back byte-identical (sha256 through the API). A second test restores the
// whole box from the panel and waits through maintenance until the box is back — on a server of its own (own
// data dir and port, E2E_PORT+20), so the shared e2e server and the other specs are never touched.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { actWhenIdle, runToEnd } from './backup-helpers.js';
import { ADMIN, ROOT, SCHOOL, apiSignIn, chineseName, createUser, signInUI, uniq } from './helpers.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function tusUpload(api: APIRequestContext, parentId: string, filename: string, data: Buffer): Promise<string> {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const created = await api.post('/api/files/uploads', {
    headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': String(data.length), 'Upload-Metadata': `filename ${b64(filename)},parentId ${b64(parentId)}` },
  });
  expect(created.status(), await created.text()).toBe(201);
  const done = await api.patch(created.headers()['location']!, {
    headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    data,
  });
  expect(done.status(), await done.text()).toBeLessThan(300);
  return ((await done.json()) as { node: { id: string } }).node.id;
}

interface Node {
  id: string;
  kind: string;
  name: string;
}
const listFolder = async (api: APIRequestContext, id: string): Promise<Node[]> => {
  const res = await api.get(`/api/files/folders/${id}`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { items: Node[] }).items;
};

test.describe.configure({ mode: 'serial' });

test('set up an off-site directory, back up now, restore a deleted folder from the snapshot browser', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'one school, one target: the desktop project runs the scenario');
  test.setTimeout(240_000);
  const repoDir = mkdtempSync(path.join(ROOT, '.tmp', `e2e-backup-target-${uniq()}-`));
  try {
    const admin = await apiSignIn();
    // A school with documents: a folder of files in the school space, and a person who will be removed.
    const spaces = (await (await admin.get('/api/files/spaces')).json()) as { school: Node | null };
    expect(spaces.school, 'the school space').toBeTruthy();
    const folderName = `期末试卷-${uniq()}`;
    const made = await admin.post('/api/files/folders', { data: { parentId: spaces.school!.id, name: folderName } });
    expect(made.status(), await made.text()).toBe(201);
    const folder = (await made.json()) as Node;
    const files = new Map<string, Buffer>([
      ['语文试卷.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(48_000)])],
      ['数学答案.docx', randomBytes(96_000)],
      ['成绩汇总.xlsx', randomBytes(12_000)],
    ]);
    for (const [name, data] of files) await tusUpload(admin, folder.id, name, data);
    const leaverName = chineseName('赵');
    const leaverId = await createUser(`bk${uniq()}`, leaverName, 'Leaver2025pw');

    // The admin opens 备份与恢复: no target yet, so the wizard.
    await signInUI(page);
    // The sidebar's 管理 link is a bare /admin: it lands on the first admin tab, never on 页面不存在.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理', exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/people$/);
    await expect(page.getByText('页面不存在')).toHaveCount(0);
    await page.getByRole('navigation', { name: '管理功能' }).getByRole('link', { name: '备份与恢复' }).click();
    await expect(page.getByRole('heading', { name: '设置异地备份' })).toBeVisible();
    await page.getByRole('radio', { name: /本机挂载的磁盘/ }).check();
    await page.getByLabel('备份文件夹路径').fill(repoDir);
    await page.getByRole('button', { name: '创建并连接' }).click();

    // The recovery sheet, once: the password, the repository, the school; "done" only after confirming.
    const sheet = page.getByRole('article', { name: '备份恢复单' });
    await expect(sheet).toBeVisible({ timeout: 60_000 });
    await expect(sheet.getByTestId('recovery-password')).toHaveText(/\S{12,}/);
    await expect(sheet).toContainText(repoDir);
    await expect(sheet).toContainText(SCHOOL.name);
    const done = page.getByRole('button', { name: '完成' });
    await expect(done).toBeDisabled();
    await page.getByLabel('我已打印或妥善保存了恢复单').check();
    await done.click();

    // Overview: never backed up (red), the target reachable; back up now and watch it finish.
    await expect(page.getByRole('heading', { name: '还没有成功的异地备份' })).toBeVisible();
    await expect(page.getByText('可访问', { exact: true })).toBeVisible();
    await actWhenIdle(admin, page, () => page.getByRole('button', { name: '立即备份' }).click(), page.getByText(/备份完成：新增/));
    await expect(page.getByRole('heading', { name: '备份正常' })).toBeVisible({ timeout: 15_000 });

    // The folder is deleted for good (trash emptied too) and the person removed.
    expect((await admin.delete(`/api/files/nodes/${folder.id}`)).status()).toBeLessThan(300);
    const purge = await admin.delete(`/api/files/trash/${folder.id}`);
    expect(purge.status(), await purge.text()).toBeLessThan(300);
    const deactivated = await admin.patch(`/api/org/people/${leaverId}`, { data: { active: false } });
    expect(deactivated.status(), await deactivated.text()).toBe(200);
    expect((await listFolder(admin, spaces.school!.id)).some((n) => n.name === folderName)).toBe(false);

    // Snapshots → browse the newest → the school space → the folder, marked 已删除 → restore it.
    await page.getByRole('tab', { name: '快照' }).click();
    const snaps = page.getByRole('list', { name: '快照' });
    await snaps.getByRole('button', { name: /^浏览文档/ }).first().click();
    await expect(page.getByRole('heading', { name: '快照中的文档' })).toBeVisible();
    await page.getByRole('button', { name: `打开文件夹 ${spaces.school!.name}` }).click();
    const row = page.locator('.bk-entry', { hasText: folderName });
    await expect(row.getByText('已删除')).toBeVisible();
    await row.getByRole('checkbox', { name: `选择 ${folderName}` }).check();
    await expect(page.getByText('已选 1 项')).toBeVisible();
    await actWhenIdle(admin, page, () => page.getByRole('button', { name: '恢复所选' }).click(), page.getByText('恢复完成'));
    await expect(page.getByText('已作为新版本恢复，没有覆盖任何现有文件。')).toBeVisible();

    // Through the API: the folder is back with the same files, byte for byte.
    const back = (await listFolder(admin, spaces.school!.id)).find((n) => n.name === folderName && n.kind === 'folder');
    expect(back, 'the restored folder').toBeTruthy();
    const restored = await listFolder(admin, back!.id);
    expect(restored.map((n) => n.name).sort()).toEqual([...files.keys()].sort());
    for (const n of restored) {
      const res = await admin.get(`/api/files/nodes/${n.id}/content`);
      expect(res.status(), n.name).toBe(200);
      expect(sha256(await res.body()), n.name).toBe(sha256(files.get(n.name)!));
    }

    // History lists the backup and the restore with their logs.
    await page.getByRole('tab', { name: '运行记录' }).click();
    const runs = page.getByRole('list', { name: '运行记录' });
    await expect(runs.getByRole('button', { name: /恢复文档/ }).first()).toBeVisible();
    await runs.getByRole('button', { name: /异地备份/ }).first().click();
    await expect(page.getByRole('dialog').getByLabel('运行日志')).toContainText('backup');
    await admin.dispose();
  } finally {
    rmSync(repoDir, { recursive: true, force: true });
  }
});

/** A server of its own (own data dir and port) for the whole-box restore: it replaces that server's data. */
async function privateServer(): Promise<{ base: string; dir: string; stop: () => Promise<void> }> {
  const port = Number(process.env.E2E_PORT ?? 18443) + 20;
  const base = `https://localhost:${port}`;
  const dir = mkdtempSync(path.join(ROOT, '.tmp', 'e2e-backup-box-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/server/main.js')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env, XB_DATA_DIR: path.join(dir, 'data'), XB_HTTPS_PORT: String(port), XB_HTTP_PORT: String(port + 1), XB_HOST: '127.0.0.1',
      XB_LOG_LEVEL: 'warn', XB_LOGIN_RATE_PER_MINUTE: '1000', XB_JANUS_PORT: '0', XB_MEDIA_INTERFACES: '127.',
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const api = await playwrightRequest.newContext({ baseURL: base, ignoreHTTPSErrors: true });
  await expect.poll(async () => (await api.get('/api/health').catch(() => null))?.status() ?? 0, { timeout: 60_000 }).toBe(200);
  await api.dispose();
  return {
    base,
    dir,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('restore the whole box from the panel: typed school name, maintenance, back after the restart', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'one whole-box restore: the desktop project runs it');
  test.setTimeout(300_000);
  const box = await privateServer();
  try {
    const api = await playwrightRequest.newContext({ baseURL: box.base, ignoreHTTPSErrors: true, extraHTTPHeaders: { Origin: box.base } });
    const setup = await api.post('/api/setup', { data: { schoolName: SCHOOL.name, timeZone: SCHOOL.timeZone, admin: ADMIN } });
    expect(setup.status(), await setup.text()).toBe(201);
    const target = await api.put('/api/admin/backup/target', { data: { kind: 'local', path: path.join(box.dir, 'offsite') } });
    expect(target.status(), await target.text()).toBe(200);
    const spaces = (await (await api.get('/api/files/spaces')).json()) as { school: Node };
    const kept = (await (await api.post('/api/files/folders', { data: { parentId: spaces.school.id, name: '备份之前的文件夹' } })).json()) as Node;
    expect(await runToEnd(api, 'backup')).toBe('succeeded');
    // Made after the backup: gone once the box is restored.
    const later = await api.post('/api/files/folders', { data: { parentId: spaces.school.id, name: '备份之后的文件夹' } });
    expect(later.status(), await later.text()).toBe(201);

    await page.goto(`${box.base}/login`);
    await page.getByLabel('用户名').fill(ADMIN.username);
    await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
    await page.goto(`${box.base}/admin/backup?tab=snapshots`);
    await page.getByRole('list', { name: '快照' }).getByRole('button', { name: /^整机恢复/ }).first().click();
    const dialog = page.getByRole('dialog', { name: '整机恢复' });
    await expect(dialog).toContainText('所有人会被登出几分钟');
    await expect(dialog).toContainText('恢复前');
    const go = dialog.getByRole('button', { name: '开始整机恢复' });
    await expect(go).toBeDisabled();
    await dialog.getByLabel(/请输入学校名称/).fill('别的学校');
    await expect(go).toBeDisabled();
    await dialog.getByLabel(/请输入学校名称/).fill(SCHOOL.name);
    await actWhenIdle(api, page, () => go.click(), page.getByRole('heading', { name: '正在恢复整机' }));
    await api.dispose();
    // After the restart the page reloads; the restore signed everyone out.
    await expect(page).toHaveURL(/\/login/, { timeout: 240_000 });

    const after = await playwrightRequest.newContext({ baseURL: box.base, ignoreHTTPSErrors: true, extraHTTPHeaders: { Origin: box.base } });
    expect((await after.post('/api/auth/login', { data: { username: ADMIN.username, password: ADMIN.password } })).status()).toBe(200);
    const names = (await listFolder(after, spaces.school.id)).map((n) => n.name);
    expect(names).toContain(kept.name);
    expect(names).not.toContain('备份之后的文件夹');
    await after.dispose();

    // A fresh page load: the old page may still react to the restart (its socket hears the session is gone and
    // routes to sign-in again), which would clear a half-filled form.
    await page.goto(`${box.base}/login`);
    await expect(page.getByRole('heading', { name: '登录', level: 1 })).toBeVisible();
    await page.getByLabel('用户名').fill(ADMIN.username);
    await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
    await page.goto(`${box.base}/admin/backup?tab=snapshots`);
    await expect(page.getByRole('list', { name: '快照' }).getByText('恢复前').first()).toBeVisible({ timeout: 30_000 });
  } finally {
    await box.stop();
  }
});
