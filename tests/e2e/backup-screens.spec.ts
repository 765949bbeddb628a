// Screenshots of the backup panel, for looking at the UI (not assertions): overview, target wizard, recovery
// sheet, snapshots, the snapshot's document browser, history and a drill report, at 360 and 1280 px.
// Run: npm run build && E2E_SHOTS=1 npx playwright test backup-screens → .tmp/shots/<project>-backup-<name>.png
import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ROOT, apiSignIn, signInUI, uniq } from './helpers.js';

test.skip(!process.env.E2E_SHOTS, 'screenshots only when E2E_SHOTS=1');
test.describe.configure({ mode: 'serial' });

const DIR = path.join(ROOT, '.tmp/shots');

async function shot(page: Page, project: string, name: string, full = true): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(DIR, `${project}-backup-${name}.png`), fullPage: full });
}

const B = '/api/admin/backup';

async function idle(api: APIRequestContext): Promise<void> {
  await expect
    .poll(async () => ((await (await api.get(B)).json()) as { running: unknown }).running, { timeout: 180_000, intervals: [1000] })
    .toBeNull();
}

async function runTo(api: APIRequestContext, kind: 'backup' | 'drill'): Promise<void> {
  await idle(api);
  const res = await api.post(`${B}/runs`, { data: { kind } });
  expect(res.status(), await res.text()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  await expect
    .poll(async () => ((await (await api.get(`${B}/runs/${id}`)).json()) as { status: string }).status, { timeout: 180_000, intervals: [1000] })
    .not.toBe('running');
}

test('backup panel screenshots', async ({ page }, info) => {
  test.setTimeout(300_000);
  const project = info.project.name;
  const admin = await apiSignIn();
  const overview = (await (await admin.get(B)).json()) as { configured: boolean };
  if (!overview.configured) {
    const put = await admin.put(`${B}/target`, { data: { kind: 'local', path: mkdtempSync(path.join(ROOT, '.tmp', 'e2e-backup-shots-')) } });
    expect(put.status(), await put.text()).toBe(200);
  }
  // Some documents, a backup and a drill, so every screen has content.
  const spaces = (await (await admin.get('/api/files/spaces')).json()) as { school: { id: string } | null };
  if (spaces.school) await admin.post('/api/files/folders', { data: { parentId: spaces.school.id, name: `教务处资料-${uniq()}` } });
  await runTo(admin, 'backup');
  await runTo(admin, 'drill');

  await signInUI(page);
  await page.goto('/admin/backup');
  await expect(page.getByRole('heading', { name: /备份正常|备份已|还没有成功/ })).toBeVisible();
  await shot(page, project, 'overview');

  await page.getByRole('tab', { name: '快照' }).click();
  await expect(page.getByRole('list', { name: '快照' })).toBeVisible();
  await shot(page, project, 'snapshots');
  await page.getByRole('list', { name: '快照' }).getByRole('button', { name: /^浏览文档/ }).first().click();
  await expect(page.getByRole('heading', { name: '快照中的文档' })).toBeVisible();
  const firstFolder = page.getByRole('button', { name: /^打开文件夹/ }).first();
  if (await firstFolder.isVisible().catch(() => false)) await firstFolder.click();
  await page.waitForTimeout(500);
  await shot(page, project, 'browser');

  await page.getByRole('tab', { name: '运行记录' }).click();
  await expect(page.getByRole('list', { name: '运行记录' })).toBeVisible();
  await shot(page, project, 'history');
  await page.getByRole('list', { name: '运行记录' }).getByRole('button', { name: /恢复演练/ }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.waitForTimeout(500);
  await shot(page, project, 'drill-report', false);
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: '设置' }).click();
  await shot(page, project, 'settings');

  // Change target → the wizard → a new repository → the recovery sheet.
  await page.getByRole('button', { name: '更换备份位置' }).click();
  await expect(page.getByRole('heading', { name: '更换备份位置' })).toBeVisible();
  await page.getByRole('radio', { name: /SFTP/ }).check();
  await shot(page, project, 'wizard-sftp');
  await page.getByRole('radio', { name: /本机挂载的磁盘/ }).check();
  await page.getByLabel('备份文件夹路径').fill(mkdtempSync(path.join(ROOT, '.tmp', 'e2e-backup-shots-')));
  await shot(page, project, 'wizard');
  await page.getByRole('button', { name: '创建并连接' }).click();
  await expect(page.getByRole('article', { name: '备份恢复单' })).toBeVisible({ timeout: 60_000 });
  await shot(page, project, 'recovery-sheet');
  await page.emulateMedia({ media: 'print' });
  await shot(page, project, 'recovery-sheet-print');
  await page.emulateMedia({ media: 'screen' });
  await page.getByLabel('我已打印或妥善保存了恢复单').check();
  await page.getByRole('button', { name: '完成' }).click();
  await admin.dispose();
});
