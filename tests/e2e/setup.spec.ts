// First run: the wizard creates the school and its first administrator, who lands on the home page.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, ROOT, SCHOOL } from './helpers.js';

/** With E2E_SHOTS=1 also saves screenshots of each step at 1280 and 360 px (.tmp/shots/setup-*.png). */
async function shots(page: Page, name: string): Promise<void> {
  if (!process.env.E2E_SHOTS) return;
  for (const [w, h] of [[1280, 800], [360, 740]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: path.join(ROOT, '.tmp/shots', `setup-${name}-${w}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('setup wizard: school → administrator → done, then the admin is on home', async ({ page }) => {
  const status = (await (await page.request.get('/api/setup/status')).json()) as { needsSetup: boolean };
  test.skip(!status.needsSetup, 'this server was set up before (an existing server was reused)');

  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: '欢迎使用校办' })).toBeVisible();
  await shots(page, 'school');

  // Step 1: school, time zone (default Asia/Shanghai), language
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('请填写学校名称').first()).toBeVisible();
  await page.getByLabel('学校名称').fill(SCHOOL.name);
  await expect(page.getByLabel('时区')).toHaveValue('Asia/Shanghai');
  await expect(page.getByLabel('默认语言')).toHaveValue('zh-CN');
  await page.getByRole('button', { name: '下一步' }).click();

  // Step 2: the first administrator, with the password rules shown and checked as one types
  await expect(page.getByRole('heading', { name: '管理员账户' })).toBeVisible();
  await page.getByLabel('管理员用户名').fill(ADMIN.username);
  await page.getByLabel('姓名', { exact: true }).fill(ADMIN.displayName);
  const rules = page.getByRole('list', { name: '密码要求' });
  await expect(rules).toContainText('至少 8 个字符');
  await expect(rules).toContainText('同时包含字母和数字');
  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('确认密码').fill('Different123');
  await page.getByRole('button', { name: '创建管理员' }).click();
  await expect(page.getByText('两次输入的密码不一致').first()).toBeVisible();
  await shots(page, 'admin');
  await page.getByLabel('确认密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '创建管理员' }).click();

  // Step 3: done → home
  await expect(page.getByRole('heading', { name: '设置完成' })).toBeVisible();
  await shots(page, 'done');
  await page.getByRole('button', { name: '进入校办' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ADMIN.displayName);
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理' })).toBeVisible();

  // The wizard is gone for good.
  const after = (await (await page.request.get('/api/setup/status')).json()) as { needsSetup: boolean };
  expect(after.needsSetup).toBe(false);
});
