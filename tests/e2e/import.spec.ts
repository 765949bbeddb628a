// Staff import: upload the sample CSV, see per-row errors (a bad mobile, a duplicate staff number), commit,
// get the initial passwords as a CSV. The phone project checks the preview only (the desktop project commits,
// and the same people can be imported only once).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT, signInUI } from './helpers.js';

const FIXTURE = path.join(ROOT, 'tests/fixtures/staff-sample.csv');

test('import staff from CSV: preview with row errors, commit, initial passwords', async ({ page }, info) => {
  const phone = info.project.name === 'phone';
  await signInUI(page);
  await page.goto('/admin/import');
  await expect(page.getByRole('heading', { name: '导入', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Excel 模板' })).toHaveAttribute('href', '/api/org/imports/template.xlsx');
  await expect(page.getByRole('link', { name: 'CSV 模板' })).toHaveAttribute('href', '/api/org/imports/template.csv');

  await page.getByLabel('选择要导入的文件').setInputFiles(FIXTURE);
  await expect(page.getByRole('heading', { name: '导入预览' })).toBeVisible();
  await expect(page.getByText('staff-sample.csv')).toBeVisible();

  const rowOf = (name: string) => page.getByRole(phone ? 'listitem' : 'row').filter({ hasText: name });
  // Row 8: 吴浩, mobile with 10 digits. Row 10: 郑凯, staff number of row 3 again.
  await expect(rowOf('吴浩')).toContainText('有错误');
  await expect(rowOf('吴浩')).toContainText('手机');
  await expect(rowOf('郑凯')).toContainText('有错误');
  await expect(rowOf('郑凯')).toContainText('第 3 行');
  await expect(rowOf('王海波')).not.toContainText('有错误');

  if (phone) {
    await page.getByRole('button', { name: '重新选择' }).click();
    await expect(page.getByText('将文件拖到这里')).toBeVisible();
    return;
  }

  const summary = page.getByLabel('导入统计');
  await expect(summary).toContainText('10');
  await expect(page.getByText('2 行有错误，这些行不会被导入')).toBeVisible();

  await page.getByRole('button', { name: '确认导入 8 人' }).click();
  await expect(page.getByRole('status').filter({ hasText: '导入完成' })).toBeVisible();
  await expect(page.getByText('新建 8 人，更新 0 人，跳过 0 人。')).toBeVisible();
  await expect(page.getByRole('heading', { name: '新账户初始密码（8 人）' })).toBeVisible();
  const credentials = page.getByRole('table');
  await expect(credentials.getByRole('row')).toHaveCount(9); // header + 8
  await expect(credentials).toContainText('刘思雨');
  await expect(credentials).toContainText('zhaomj');

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: '下载 CSV' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^初始密码-\d{8}\.csv$/);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.startsWith('\uFEFF姓名,用户名,初始密码')).toBe(true);
  expect(text.trim().split('\r\n')).toHaveLength(9);

  // The new people are there.
  await page.goto('/admin/people');
  await expect(page.getByRole('row').filter({ hasText: '阿依努尔·托合提' })).toBeVisible();
});
