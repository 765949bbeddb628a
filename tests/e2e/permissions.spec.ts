// What a school leader sees: the admin shortcuts and tabs they may open, and nothing else.
import { expect, test } from '@playwright/test';
import { apiSignIn, createUser, projectTag, signInUI, uniq } from './helpers.js';

test('a principal sees the audit log and org chart but no import or settings', async ({ page }, info) => {
  const username = `lead${projectTag(info)}${uniq()}`;
  const userId = await createUser(username, '钱校长', 'Leader2025pw');
  const admin = await apiSignIn();
  const res = await admin.put(`/api/org/people/${userId}/roles`, { data: { roles: [{ role: 'staff' }, { role: 'principal' }] } });
  expect(res.status(), await res.text()).toBe(200);
  await admin.dispose();

  await signInUI(page, username, 'Leader2025pw');
  const shortcuts = page.getByRole('region', { name: '管理快捷入口' }).or(page.locator('.shortcut-grid'));
  await expect(shortcuts.getByRole('link', { name: '审计日志' })).toBeVisible();
  await expect(shortcuts.getByRole('link', { name: '组织架构' })).toBeVisible();
  await expect(shortcuts.getByRole('link', { name: '导入' })).toHaveCount(0);

  await page.goto('/admin/audit');
  const tabs = page.getByRole('navigation', { name: /管理/ }).last();
  await expect(page.getByRole('link', { name: '审计日志' }).first()).toBeVisible();
  await expect(tabs.getByRole('link', { name: '导入' })).toHaveCount(0);
  await expect(tabs.getByRole('link', { name: '设置' })).toHaveCount(0);
});
