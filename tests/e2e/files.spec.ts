// Documents: folders, resumable uploads (button, folder tree, drag and drop), rename, classify + filter,
// versions with rollback, sharing with a person, the recycle bin — and no sideways scrolling on a phone.
// Each project signs in as its own new staff member, so everything happens in that person's own space.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, apiSignIn, createUser, expectNoHorizontalScroll, projectTag, signInUI, uniq } from './helpers.js';

test.setTimeout(150_000);

const PASSWORD = 'Files2025pw';
const rowMenu = (page: Page, name: string) => page.getByRole('button', { name: `更多操作：${name}`, exact: true });
const listing = (page: Page) => page.getByRole('list', { name: /中的文件$/ });
const fileLink = (page: Page, name: string) => listing(page).getByRole('link', { name: new RegExp(`^${name.replace(/\./g, '\\.')}`) });
const queue = (page: Page) => page.getByRole('region', { name: '上传队列' });

async function action(page: Page, name: string, item: string): Promise<void> {
  await rowMenu(page, name).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

/** A File made in the page, dropped on the folder view the way a browser delivers a drop. */
async function dropFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list) => {
    const g = globalThis as unknown as { DataTransfer: new () => any; File: new (parts: string[], name: string, opts: { type: string }) => unknown };
    const dt = new g.DataTransfer();
    for (const f of list) dt.items.add(new g.File([f.text], f.name, { type: 'text/plain' }));
    return dt;
  }, files);
  const target = page.getByRole('heading', { level: 1 });
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

test('folders, uploads, rename, classify and filter, versions, sharing, recycle bin', async ({ page }, info) => {
  const tag = projectTag(info);
  const username = `files${tag}${uniq()}`;
  await createUser(username, '文档测试员', PASSWORD);
  const api = await apiSignIn(username, PASSWORD);
  const policy = (await (await api.get('/api/files/policy')).json()) as { docTypes: { key: string; zh: string }[] };
  await api.dispose();
  const docType = policy.docTypes[0]!;

  await signInUI(page, username, PASSWORD);

  // The files entry is in the main navigation (sidebar on desktop, tab bar on phones).
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '文件' }).click();
  await expect(page.getByRole('heading', { name: '文件', level: 1 })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.getByRole('link', { name: /^我的空间/ }).click();
  await expect(page.getByRole('heading', { name: '我的空间', level: 1 })).toBeVisible();
  await expect(page.getByText('文件夹是空的')).toBeVisible();

  await test.step('create a folder and open it', async () => {
    await page.getByRole('button', { name: '新建文件夹' }).click();
    await page.getByLabel('文件夹名称').fill('期末工作');
    await page.getByRole('button', { name: '创建', exact: true }).click();
    await expect(page.getByText('已创建文件夹“期末工作”')).toBeVisible();
    await fileLink(page, '期末工作').click();
    await expect(page.getByRole('heading', { name: '期末工作', level: 1 })).toBeVisible();
    await expect(page.getByRole('navigation', { name: '文件位置' }).getByRole('link', { name: '我的空间' })).toBeVisible();
  });

  await test.step('upload two files with the upload button', async () => {
    await page.getByLabel('选择要上传的文件', { exact: true }).setInputFiles([
      { name: '通知.txt', mimeType: 'text/plain', buffer: Buffer.from('关于期末考试安排的通知（第一稿）') },
      { name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,班级\n张三,高一(1)班\n') },
    ]);
    await expect(queue(page)).toBeVisible();
    await expect(queue(page).getByRole('progressbar', { name: '通知.txt 的上传进度' })).toHaveAttribute('aria-valuenow', '100');
    await expect(queue(page)).toContainText('2 个文件上传完成');
    await expect(fileLink(page, '通知.txt')).toBeVisible();
    await expect(fileLink(page, '名单.csv')).toBeVisible();
  });

  await test.step('upload a folder tree (a folder chosen with the folder picker)', async () => {
    const root = info.outputPath('tree');
    mkdirSync(path.join(root, '教研资料', '一年级'), { recursive: true });
    writeFileSync(path.join(root, '教研资料', '总结.txt'), '教研组学期总结');
    writeFileSync(path.join(root, '教研资料', '一年级', '计划.txt'), '一年级教学计划');
    await page.getByLabel('选择要上传的文件夹').setInputFiles(path.join(root, '教研资料'));
    await expect(queue(page)).toContainText('4 个文件上传完成');
    await fileLink(page, '教研资料').click();
    await expect(page.getByRole('heading', { name: '教研资料', level: 1 })).toBeVisible();
    await expect(fileLink(page, '总结.txt')).toBeVisible();
    await fileLink(page, '一年级').click();
    await expect(fileLink(page, '计划.txt')).toBeVisible();
    // Up two levels by the breadcrumbs; on a phone the upper levels fold into a menu.
    const crumbs = page.getByRole('navigation', { name: '文件位置' });
    if (info.project.name === 'phone') {
      await crumbs.getByRole('button', { name: '显示上级文件夹' }).click();
      await page.getByRole('menuitem', { name: '期末工作' }).click();
    } else await crumbs.getByRole('link', { name: '期末工作' }).click();
    await expect(page.getByRole('heading', { name: '期末工作', level: 1 })).toBeVisible();
  });

  await test.step('drag and drop files onto the folder', async () => {
    await dropFiles(page, [
      { name: '拖入一.txt', text: '第一个拖入的文件' },
      { name: '拖入二.txt', text: '第二个拖入的文件' },
    ]);
    await expect(queue(page)).toContainText('6 个文件上传完成');
    await expect(fileLink(page, '拖入一.txt')).toBeVisible();
    await expect(fileLink(page, '拖入二.txt')).toBeVisible();
  });

  await test.step('rename', async () => {
    await action(page, '拖入二.txt', '重命名');
    const field = page.getByLabel('新名称');
    await expect(field).toHaveValue('拖入二.txt');
    await field.fill('会议纪要.txt');
    await page.getByRole('button', { name: '重命名', exact: true }).click();
    await expect(fileLink(page, '会议纪要.txt')).toBeVisible();
    await expect(fileLink(page, '拖入二.txt')).toHaveCount(0);
  });

  await test.step('classify, then filter by document type', async () => {
    await action(page, '通知.txt', '分类');
    await page.getByLabel('文档类型').selectOption({ label: docType.zh });
    await page.getByLabel('学年').selectOption({ index: 1 });
    await page.getByLabel('标签').fill('期末');
    await page.getByLabel('标签').press('Enter');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByText('分类已保存')).toBeVisible();
    await expect(fileLink(page, '通知.txt')).toContainText(docType.zh);

    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await page.getByRole('dialog', { name: '筛选文件' }).getByLabel('文档类型').selectOption({ label: docType.zh });
    await page.getByRole('button', { name: '应用', exact: true }).click();
    await expect(page.getByText('找到 1 项（含子文件夹）')).toBeVisible();
    await expect(fileLink(page, '通知.txt')).toBeVisible();
    await expect(fileLink(page, '名单.csv')).toHaveCount(0);
    await expect(page.getByRole('button', { name: '筛选（1）' })).toBeVisible();
    await page.getByRole('button', { name: '清除筛选' }).click();
    await expect(fileLink(page, '名单.csv')).toBeVisible();
  });

  await test.step('a same-named upload is a new version; roll back to the first', async () => {
    await page.getByLabel('选择要上传的文件', { exact: true }).setInputFiles([
      { name: '通知.txt', mimeType: 'text/plain', buffer: Buffer.from('关于期末考试安排的通知（第二稿，改了时间）') },
    ]);
    await expect(queue(page)).toContainText('已作为第 2 版上传');
    await action(page, '通知.txt', '历史版本');
    const versions = page.getByRole('list', { name: '历史版本' });
    await expect(versions.getByRole('listitem')).toHaveCount(2);
    await expect(versions.getByRole('listitem').first()).toContainText('第 2 版');
    await expect(versions.getByRole('listitem').first()).toContainText('当前版本');
    await page.getByRole('button', { name: '回滚到第 1 版' }).click();
    await expect(page.getByText('回滚到第 1 版？')).toBeVisible();
    await page.getByRole('button', { name: '回滚', exact: true }).click();
    await expect(page.getByText('已回滚到第 1 版（新版本为第 3 版）')).toBeVisible();
    await expect(versions.getByRole('listitem')).toHaveCount(3);
    await expect(versions.getByRole('listitem').first()).toContainText('由第 1 版恢复');
    await page.getByRole('dialog', { name: '历史版本' }).getByRole('button', { name: '关闭' }).click();
  });

  await test.step('share with a person', async () => {
    await action(page, '名单.csv', '共享与权限');
    const dialog = page.getByRole('dialog', { name: '共享与权限' });
    await expect(dialog.getByText('还没有单独授权。')).toBeVisible();
    await dialog.getByLabel('权限', { exact: true }).selectOption({ label: '可下载' });
    await dialog.getByLabel('查找人员').fill(ADMIN.displayName);
    await dialog.getByRole('button', { name: new RegExp(`^${ADMIN.displayName}`) }).click();
    const grants = dialog.getByRole('list', { name: '单独授权' });
    await expect(grants.getByRole('listitem')).toHaveCount(1);
    await expect(grants).toContainText(ADMIN.displayName);
    await expect(dialog.getByLabel(`${ADMIN.displayName} 的权限`)).toHaveValue('download');
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByText('共享设置已保存')).toBeVisible();
    // Saved on the server: the dialog shows the grant again when reopened.
    await action(page, '名单.csv', '共享与权限');
    await expect(page.getByRole('dialog', { name: '共享与权限' }).getByRole('list', { name: '单独授权' })).toContainText(ADMIN.displayName);
    await page.getByRole('dialog', { name: '共享与权限' }).getByRole('button', { name: '取消' }).click();
  });

  await test.step('delete to the recycle bin and restore', async () => {
    await action(page, '会议纪要.txt', '删除');
    await page.getByRole('button', { name: '移到回收站' }).click();
    await expect(page.getByText('已移到回收站')).toBeVisible();
    await expect(fileLink(page, '会议纪要.txt')).toHaveCount(0);
    await expectNoHorizontalScroll(page);

    await page.getByRole('link', { name: '回收站' }).click();
    await expect(page.getByRole('heading', { name: '回收站', level: 1 })).toBeVisible();
    const bin = page.getByRole('list', { name: '回收站' });
    await expect(bin).toContainText('会议纪要.txt');
    await expect(bin).toContainText('/ 期末工作');
    await expectNoHorizontalScroll(page);
    await page.getByRole('button', { name: '恢复 会议纪要.txt' }).click();
    await expect(page.getByText('已恢复“会议纪要.txt”')).toBeVisible();
    await expect(page.getByText('回收站是空的')).toBeVisible();

    await page.goBack();
    await expect(page.getByRole('heading', { name: '期末工作', level: 1 })).toBeVisible();
    await expect(fileLink(page, '会议纪要.txt')).toBeVisible();
  });

  await test.step('grid view is remembered; nothing scrolls sideways', async () => {
    const phone = info.project.name === 'phone';
    await page.getByRole('button', { name: '网格', exact: true }).click();
    await expect(listing(page).getByRole('link', { name: /^通知\.txt/ })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.reload();
    await expect(listing(page).getByRole('link', { name: /^通知\.txt/ })).toBeVisible();
    // Desktop: a two-way switch; phone: one button that offers the other view.
    if (phone) await expect(page.getByRole('button', { name: '列表', exact: true })).toBeVisible();
    else await expect(page.getByRole('button', { name: '网格', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: '列表', exact: true }).click();
  });

  await test.step('search from the files header', async () => {
    await page.getByRole('searchbox', { name: '搜索文件' }).fill('通知');
    await page.getByRole('searchbox', { name: '搜索文件' }).press('Enter');
    await expect(page).toHaveURL(/\/files\/search\?q=/);
    await expect(page.getByRole('list', { name: '搜索结果' }).getByRole('link', { name: /通知\.txt/ })).toBeVisible();
    await expectNoHorizontalScroll(page);
  });
});
