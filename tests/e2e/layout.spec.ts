// Every main page fits the viewport: no horizontal scrolling (the 360-px phone rule; also run on desktop).
import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, signInUI } from './helpers.js';

const PAGES: [string, RegExp | string][] = [
  ['/', '王校办'], // the greeting changes with the hour (早上好 … 夜深了)
  ['/inbox', '消息'],
  ['/notices', '通知公告'],
  ['/notices/manage', '我发布的'],
  ['/notices/new', '发布通知'],
  ['/profile', '王校办'],
  ['/admin/people', '人员'],
  ['/admin/departments', '部门'],
  ['/admin/org', '组织架构'],
  ['/admin/import', '导入'],
  ['/admin/audit', '审计日志'],
  ['/admin/notices', '通知设置'],
  ['/admin/settings', '设置'],
];

test('sign-in page has no horizontal scroll', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await expectNoHorizontalScroll(page);
});

test('main pages have no horizontal scroll', async ({ page }) => {
  await signInUI(page);
  for (const [path, heading] of PAGES) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 }).first()).toContainText(heading);
    await expect(page.getByRole('status', { name: '加载中' })).toHaveCount(0);
    await expectNoHorizontalScroll(page);
  }
});
