// Admin › 文件: the admin adds a document type, changes the version retention and sets a space's quota;
// after a reload the page shows what was saved.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { expectNoHorizontalScroll, projectTag, signInUI, uniq } from './helpers.js';

const SCHOOL_SPACE = '全校文件';

test('files admin: document type, retention and a space quota are saved', async ({ page, baseURL }, info) => {
  const run = `${projectTag(info)}${uniq()}`;
  const zh = `校历${run}`;
  const en = `School calendar ${run}`;
  const key = `school-calendar-${run}`;
  const quotaGb = info.project.name === 'phone' ? '3' : '7';

  await signInUI(page);
  // Put things back afterwards so other specs see the default rules (the page's own requests carry the cookie).
  const api: APIRequestContext = page.request;
  const headers = { Origin: baseURL! };
  const before = await (await api.get('/api/files/policy')).json();

  try {
    await page.goto('/admin/files');
    await expect(page.getByRole('heading', { name: '文件', level: 1 })).toBeVisible();
    const types = page.getByRole('list', { name: '文档类型' });
    await expect(types.getByText('公文', { exact: true })).toBeVisible();

    // A new type: the key follows the English name.
    await page.getByRole('button', { name: '添加类型' }).click();
    const dialog = page.getByRole('dialog', { name: '添加文档类型' });
    await dialog.getByLabel('中文名称').fill(zh);
    await dialog.getByLabel('英文名称').fill(en);
    await expect(dialog.getByLabel('类型标识')).toHaveValue(key);
    await dialog.getByRole('button', { name: '添加', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(types.getByText(zh)).toBeVisible();
    // … moved up by one: it is now second to last.
    await page.getByRole('button', { name: `上移“${zh}”` }).click();
    const rows = types.getByRole('listitem');
    const count = await rows.count();
    await expect(rows.nth(count - 2)).toContainText(zh);

    // Retention, with the sentence that explains it.
    await page.getByLabel('全部版本保留（天）').fill('45');
    await page.getByLabel('之后每周保留一个（天）').fill('90');
    await expect(page.getByText('最近 45 天的所有版本都保留；再往前 90 天内每周保留一个；更早的旧版本会被清理。当前版本和带批注的版本始终保留。')).toBeVisible();
    await expect(page.getByText('2 项未保存')).toBeVisible();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByText('所有更改已保存')).toBeVisible();

    // A quota on the school space, through its dialog.
    const space = page.locator('[data-space]').filter({ hasText: SCHOOL_SPACE });
    await space.getByRole('button', { name: `设置“${SCHOOL_SPACE}”的配额` }).click();
    const quota = page.getByRole('dialog', { name: '设置配额' });
    await quota.getByRole('switch', { name: '不限容量' }).setChecked(false);
    await quota.getByLabel('配额（GB）').fill(quotaGb);
    await quota.getByRole('button', { name: '保存', exact: true }).click();
    await expect(quota).toBeHidden();
    await expect(space).toContainText(`${quotaGb} GB`);
    await expectNoHorizontalScroll(page);

    // Everything is still there after a reload.
    await page.reload();
    await expect(page.getByLabel('全部版本保留（天）')).toHaveValue('45');
    await expect(page.getByLabel('之后每周保留一个（天）')).toHaveValue('90');
    const saved = page.getByRole('list', { name: '文档类型' }).getByRole('listitem');
    await expect(saved.nth(count - 2)).toContainText(zh);
    await expect(saved.nth(count - 2)).toContainText(key);
    await expect(saved.nth(count - 2)).not.toContainText('新增');
    await expect(page.locator('[data-space]').filter({ hasText: SCHOOL_SPACE })).toContainText(`${quotaGb} GB`);
    await expectNoHorizontalScroll(page);
  } finally {
    await api.patch('/api/files/policy', { headers, data: before });
    const { items } = (await (await api.get('/api/files/quotas')).json()) as { items: { spaceId: string; name: string }[] };
    const school = items.find((s) => s.name === SCHOOL_SPACE);
    if (school) await api.put('/api/files/quotas', { headers, data: { spaceId: school.spaceId, limit: null } });
  }
});
