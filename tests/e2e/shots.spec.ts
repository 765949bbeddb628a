// Screenshots of every page and the main dialogs, for looking at the UI (not assertions).
// Run: E2E_SHOTS=1 npx playwright test shots   → .tmp/shots/<project>-<name>.png
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, ROOT, apiSignIn, chineseName, projectTag, seedInbox, signInUI, uniq } from './helpers.js';

test.skip(!process.env.E2E_SHOTS, 'screenshots only when E2E_SHOTS=1');
test.setTimeout(120_000);

async function shot(page: Page, project: string, name: string, full = true): Promise<void> {
  await expect(page.getByRole('status', { name: '加载中' })).toHaveCount(0);
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(ROOT, '.tmp/shots', `${project}-${name}.png`), fullPage: full });
}

test('screenshots', async ({ page }, info) => {
  const p = info.project.name;
  await page.goto('/login');
  await shot(page, p, 'login');
  await page.getByLabel('用户名').fill('nobody');
  await page.getByLabel('密码', { exact: true }).fill('wrong-pass-1');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await shot(page, p, 'login-error');

  // A fresh account: forced password change on first sign-in.
  const admin = await apiSignIn();
  const username = `shot${projectTag(info)}${uniq()}`;
  const created = await admin.post('/api/org/people', { data: { username, displayName: chineseName('林'), roles: [{ role: 'staff' }] } });
  const { initialPassword } = (await created.json()) as { initialPassword: string };
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(initialPassword);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '请设置新密码' })).toBeVisible();
  await page.getByLabel('新密码', { exact: true }).fill('abc');
  await shot(page, p, 'forced-password');
  await page.context().clearCookies();

  // Real data for the admin pages: the sample staff file, imported once (the second project finds it done).
  const preview = await admin.post('/api/org/imports', {
    data: readFileSync(path.join(ROOT, 'tests/fixtures/staff-sample.csv')),
    headers: { 'Content-Type': 'text/csv', 'X-File-Name': 'staff-sample.csv' },
  });
  if (preview.ok()) await admin.post(`/api/org/imports/${((await preview.json()) as { id: string }).id}/commit`);
  const adminMe = (await (await admin.get('/api/auth/me')).json()) as { user: { id: string } };
  seedInbox(adminMe.user.id, true);
  await signInUI(page);
  for (const [route, name] of [
    ['/', 'home'],
    ['/inbox', 'inbox'],
    ['/profile', 'profile'],
    ['/admin/people', 'admin-people'],
    ['/admin/departments', 'admin-departments'],
    ['/admin/org', 'admin-org'],
    ['/admin/import', 'admin-import'],
    ['/admin/audit', 'admin-audit'],
    ['/admin/settings', 'admin-settings'],
  ] as const) {
    await page.goto(route);
    await shot(page, p, name);
    if (name === 'admin-audit') await shot(page, p, `${name}-top`, false);
  }

  await page.goto('/profile');
  await page.getByRole('button', { name: '开启两步验证' }).click();
  await expect(page.getByRole('img', { name: '两步验证二维码' })).toBeVisible();
  await shot(page, p, 'profile-totp');

  await page.goto('/admin/people');
  await page.getByRole('button', { name: '新建人员' }).click();
  await shot(page, p, 'dialog-new-person', false);
  await page.getByLabel('姓名', { exact: true }).fill(chineseName('郭'));
  await page.getByLabel('用户名', { exact: true }).fill(`new${projectTag(info)}${uniq()}`);
  await page.getByLabel('手机', { exact: true }).fill('1390013');
  await page.getByRole('button', { name: '创建', exact: true }).click();
  await shot(page, p, 'dialog-new-person-errors', false);
  await page.getByLabel('手机', { exact: true }).fill('');
  await page.getByRole('button', { name: '创建', exact: true }).click();
  await expect(page.getByRole('heading', { name: '初始密码' })).toBeVisible();
  await shot(page, p, 'dialog-initial-password', false);
  await page.getByRole('button', { name: '我已记下' }).click();
  await page.getByRole('button', { name: `编辑 ${ADMIN.displayName}` }).first().click();
  await page.getByRole('tab', { name: '角色' }).click();
  await shot(page, p, 'dialog-person-roles', false);
  await page.keyboard.press('Escape');

  await page.goto('/admin/departments');
  await page.getByRole('button', { name: '新建部门', exact: true }).click();
  await shot(page, p, 'dialog-department', false);
  await page.keyboard.press('Escape');

  await page.goto('/admin/import');
  await page.getByLabel('选择要导入的文件').setInputFiles(path.join(ROOT, 'tests/fixtures/staff-sample.csv'));
  await expect(page.getByRole('heading', { name: '导入预览' })).toBeVisible();
  await shot(page, p, 'admin-import-preview');

  // English
  await page.goto('/profile');
  await page.getByLabel('语言').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto('/');
  await shot(page, p, 'home-en');
  await page.goto('/admin/people');
  await shot(page, p, 'admin-people-en');
  await page.goto('/profile');
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  // Offline banner
  await page.goto('/');
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: '当前处于离线状态' })).toBeVisible();
  await shot(page, p, 'home-offline', false);
  await page.context().setOffline(false);
  await admin.dispose();
});
