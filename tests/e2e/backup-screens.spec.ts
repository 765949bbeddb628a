// Screenshots of the backup panel, for looking at the UI (not assertions): overview, target wizard, recovery
// sheet, snapshots, the snapshot's document browser, history and a drill report, at 360 and 1280 px.
// Run: npm run build && E2E_SHOTS=1 npx playwright test backup-screens → .tmp/shots/<project>-backup-<name>.png
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { actWhenIdle, runToEnd } from './backup-helpers.js';
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

/** The temp repositories this spec makes under .tmp, except the one the server still backs up to. */
function removeShotRepos(keep: string | undefined): void {
  const tmp = path.join(ROOT, '.tmp');
  for (const name of readdirSync(tmp).filter((n) => n.startsWith('e2e-backup-shots-'))) {
    if (path.join(tmp, name) !== keep) rmSync(path.join(tmp, name), { recursive: true, force: true });
  }
}

test('backup panel screenshots', async ({ page }, info) => {
  test.setTimeout(300_000);
  const project = info.project.name;
  const admin = await apiSignIn();
  const overview = (await (await admin.get(B)).json()) as { configured: boolean; target: { repository: string } | null };
  // Repositories of earlier runs (or projects) that the server no longer uses go; the one in use stays.
  removeShotRepos(overview.target?.repository);
  if (!overview.configured) {
    const put = await admin.put(`${B}/target`, { data: { kind: 'local', path: mkdtempSync(path.join(ROOT, '.tmp', 'e2e-backup-shots-')) } });
    expect(put.status(), await put.text()).toBe(200);
  }
  // Some documents, a backup and a drill, so every screen has content.
  const spaces = (await (await admin.get('/api/files/spaces')).json()) as { school: { id: string } | null };
  if (spaces.school) await admin.post('/api/files/folders', { data: { parentId: spaces.school.id, name: `教务处资料-${uniq()}` } });
  await runToEnd(admin, 'backup');
  await runToEnd(admin, 'drill');

  await signInUI(page);
  await page.goto('/admin/backup');
  await expect(page.getByRole('heading', { name: /备份正常|备份已|还没有成功/ })).toBeVisible();
  await shot(page, project, 'overview');

  await page.getByRole('tab', { name: '快照' }).click();
  await expect(page.getByRole('list', { name: '快照' })).toBeVisible();
  await shot(page, project, 'snapshots');
  await page.getByRole('list', { name: '快照' }).getByRole('button', { name: /^浏览文档/ }).first().click();
  await expect(page.getByRole('heading', { name: '快照中的文档' })).toBeVisible();
  // The school space, opened: its folders (one made above), not the spinner.
  const entries = page.getByRole('list', { name: '快照中的文档' });
  await entries.getByRole('button', { name: /^打开文件夹/ }).first().click();
  await expect(page.locator('.bk-crumbs [aria-current="page"]')).toBeVisible();
  await expect(entries.getByRole('button', { name: /^打开文件夹 教务处资料/ }).first()).toBeVisible();
  await shot(page, project, 'browser');

  await page.getByRole('tab', { name: '运行记录' }).click();
  await expect(page.getByRole('list', { name: '运行记录' })).toBeVisible();
  await shot(page, project, 'history');
  await page.getByRole('list', { name: '运行记录' }).getByRole('button', { name: /恢复演练/ }).first().click();
  await expect(page.getByRole('dialog').getByText('演练通过：备份可以恢复')).toBeVisible();
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
  await actWhenIdle(admin, page, () => page.getByRole('button', { name: '创建并连接' }).click(), page.getByRole('article', { name: '备份恢复单' }));
  await shot(page, project, 'recovery-sheet');
  await page.emulateMedia({ media: 'print' });
  await shot(page, project, 'recovery-sheet-print');
  await page.emulateMedia({ media: 'screen' });
  await page.getByLabel('我已打印或妥善保存了恢复单').check();
  await page.getByRole('button', { name: '完成' }).click();
  await expect(page.getByRole('tab', { name: '概览' })).toBeVisible();
  removeShotRepos(((await (await admin.get(B)).json()) as { target: { repository: string } | null }).target?.repository);
  await admin.dispose();
});
