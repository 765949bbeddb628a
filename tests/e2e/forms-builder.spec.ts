// The form builder for real (issue 4, "e2e: builder"): an admin builds a form from blank in the UI — fields from
// the palette, a show-if rule, reordering by drag, button and keyboard, the live preview — sees publishing
// refused with the problems listed (nothing lost), publishes; a staff member fills it in (the conditional
// field appears and becomes required), submits and finds it under 我发起的; a second version leaves the
// earlier submission on its own version's fields.
import { expect as baseExpect, test, type Locator, type Page } from '@playwright/test';
import { apiSignIn, createUser, expectNoHorizontalScroll, newDeviceContext, projectTag, signInUI, uniq } from './helpers.js';

test.setTimeout(150_000);
// A fresh server builds each route's response serializer on its first call, and a form definition (a large union
// of field types) takes a while: the builder's first create, save and publish can take seconds on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });

const PASSWORD = 'Forms2025pw';

/** The canvas list of the only section (a blank form has one untitled page). */
const canvas = (page: Page) => page.getByRole('list', { name: '「第 1 页」的字段' });
/** The selected field's properties (a side panel on desktop, a sheet on phones). */
const props = (page: Page) => page.getByRole('group', { name: /^「.*」的属性$/ });
const problemsDialog = (page: Page) => page.getByRole('dialog', { name: '发布前需要处理的问题' });

async function addField(page: Page, phone: boolean, type: string): Promise<void> {
  if (phone) {
    await page.getByRole('button', { name: '添加字段', exact: true }).click();
    await page.getByRole('dialog', { name: '添加字段' }).getByRole('button', { name: `添加${type}`, exact: true }).click();
  } else {
    await page.getByRole('navigation', { name: '字段类型' }).getByRole('button', { name: `添加${type}`, exact: true }).click();
  }
  await expect(props(page)).toBeVisible();
}

/** On phones the properties are a sheet over the canvas: close it to get back to the list. */
async function closeProps(page: Page, phone: boolean): Promise<void> {
  if (!phone) return;
  await page.getByRole('dialog', { name: '字段属性' }).getByRole('button', { name: '关闭' }).click();
  await expect(props(page)).toBeHidden();
}

/** Selects a field on the canvas by tapping its row. */
async function selectField(page: Page, label: string): Promise<void> {
  await canvas(page).getByRole('button', { name: new RegExp(`^${label}`) }).click();
  await expect(props(page)).toHaveAccessibleName(`「${label}」的属性`);
}

async function expectOrder(page: Page, labels: string[]): Promise<void> {
  await expect(canvas(page).getByRole('listitem')).toHaveText(labels.map((l) => new RegExp(`^${l}`)));
}

/** Drags a field's handle (real pointer events) and drops it just above another row. */
async function dragAbove(page: Page, label: string, target: string): Promise<void> {
  const handle = canvas(page).getByRole('button', { name: `拖动「${label}」调整顺序` });
  await handle.scrollIntoViewIfNeeded();
  const from = (await handle.boundingBox())!;
  const to = (await canvas(page).getByRole('listitem').filter({ hasText: target }).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 12, { steps: 3 });
  await page.mouse.move(from.x + from.width / 2, to.y + to.height / 4, { steps: 8 });
  await page.mouse.up();
}

async function openPreview(page: Page, phone: boolean): Promise<Locator> {
  if (phone) await page.getByRole('button', { name: '手机预览', exact: true }).click();
  else await page.getByRole('tab', { name: '手机预览' }).click();
  const preview = page.getByRole('region', { name: '手机预览' });
  await expect(preview).toBeVisible();
  return preview;
}

async function closePreview(page: Page, phone: boolean): Promise<void> {
  if (phone) await page.getByRole('dialog', { name: '手机预览' }).getByRole('button', { name: '关闭' }).click();
  else await page.getByRole('tab', { name: '属性' }).click();
  await expect(page.getByRole('region', { name: '手机预览' })).toBeHidden();
}

/** 审批 from the main navigation (a route change in the app, not a page load). */
async function openApprovals(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /^审批/ }).click();
  await expect(page.getByRole('heading', { name: '审批', level: 1 })).toBeVisible();
}

async function publish(page: Page, version: number): Promise<void> {
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await expect(page.getByText(`已发布 v${version}，大家现在可以发起了`)).toBeVisible();
  await expect(page.getByRole('main').getByText(`已发布 v${version}`, { exact: true })).toBeVisible();
}

test('build a form with logic, publish it, fill it in, publish a second version', async ({ page, browser }, info) => {
  const phone = info.project.name === 'phone';
  const run = `${projectTag(info)}${uniq()}`;
  const formName = `外出登记${run}`;
  const staff = `fb${run}`;
  await createUser(staff, '外出测试员', PASSWORD);

  await test.step('admin opens 表单管理 and creates a blank form', async () => {
    await signInUI(page);
    await openApprovals(page);
    if (phone) await page.getByRole('button', { name: '更多', exact: true }).click();
    await page.getByRole('link', { name: '表单管理' }).click();
    await expect(page.getByRole('heading', { name: '表单管理', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: '新建表单' }).first().click();
    const dialog = page.getByRole('dialog', { name: '新建表单' });
    await expect(dialog.getByRole('radio', { name: /空白表单/ })).toBeChecked();
    await dialog.getByLabel('表单名称').fill(formName);
    await dialog.getByRole('button', { name: '创建并编辑' }).click();
    await expect(page).toHaveURL(/\/forms\/manage\/[^/]+$/);
    await expect(page.getByRole('heading', { name: formName, level: 1 })).toBeVisible();
    await expect(page.getByText('草稿', { exact: true })).toBeVisible();
  });

  await test.step('publishing an empty form is refused with the problem named', async () => {
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await expect(problemsDialog(page)).toContainText('表单至少需要一个填写项');
    await problemsDialog(page).getByRole('button', { name: '关闭' }).click();
    await expect(page.getByRole('heading', { name: formName, level: 1 })).toBeVisible();
  });

  await test.step('fields from the palette: a single choice, a text field shown only for 是, a note', async () => {
    await addField(page, phone, '单选');
    await props(page).getByLabel('标题', { exact: true }).fill('是否外出');
    await props(page).getByLabel('第 1 个选项', { exact: true }).fill('是');
    await props(page).getByLabel('第 2 个选项', { exact: true }).fill('否');
    await props(page).getByRole('switch', { name: '必填' }).check();
    await closeProps(page, phone);

    await addField(page, phone, '单行文本');
    await props(page).getByLabel('标题', { exact: true }).fill('外出地点');
    await props(page).getByRole('switch', { name: '必填' }).check();
    // 显示条件: only earlier fields can be tested, so 是否外出 is the one offered.
    const logic = props(page).getByRole('group', { name: '显示条件' });
    await expect(logic).toContainText('没有条件：一直显示。');
    await logic.getByRole('button', { name: '添加条件', exact: true }).click();
    await expect(logic.getByLabel('条件字段')).toHaveText(/是否外出（单选）/);
    await expect(logic.getByLabel('比较方式').locator('option:checked')).toHaveText('等于');
    await logic.getByLabel('比较的值').selectOption({ label: '是' });
    await closeProps(page, phone);
    await expect(canvas(page).getByRole('listitem').filter({ hasText: '外出地点' })).toContainText('1 条显示条件');

    await addField(page, phone, '多行文本');
    await props(page).getByLabel('标题', { exact: true }).fill('备注');
    await closeProps(page, phone);
    await expectOrder(page, ['是否外出', '外出地点', '备注']);
  });

  await test.step('reorder: drag, the 下移 button, the arrow keys on the handle', async () => {
    await dragAbove(page, '备注', '是否外出');
    await expectOrder(page, ['备注', '是否外出', '外出地点']);
    await canvas(page).getByRole('button', { name: '下移「备注」' }).click();
    await expectOrder(page, ['是否外出', '备注', '外出地点']);
    const handle = canvas(page).getByRole('button', { name: '拖动「备注」调整顺序' });
    await handle.focus();
    await page.keyboard.press('ArrowDown');
    await expectOrder(page, ['是否外出', '外出地点', '备注']);
    await expect(handle).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expectOrder(page, ['是否外出', '备注', '外出地点']);
  });

  await test.step('the live preview follows the logic', async () => {
    const preview = await openPreview(page, phone);
    const where = preview.getByRole('textbox', { name: /^外出地点/ });
    await expect(preview.getByRole('group', { name: /^是否外出/ })).toBeVisible();
    await expect(where).toHaveCount(0);
    await preview.getByRole('radio', { name: '是', exact: true }).check();
    await expect(where).toBeVisible();
    await preview.getByRole('radio', { name: '否', exact: true }).check();
    await expect(where).toHaveCount(0);
    await closePreview(page, phone);
    await expectNoHorizontalScroll(page);
  });

  await test.step('the flow: no approval step, so a submission completes at once', async () => {
    await page.getByRole('tab', { name: '流程' }).click();
    await expect(page.getByText('没有审批节点：提交后直接完成（适合报名、登记）。')).toBeVisible();
    await page.getByRole('tab', { name: '表单', exact: true }).click();
    await expect(canvas(page)).toBeVisible();
  });

  await test.step('an empty option is refused at publishing; the problem leads to the field; nothing is lost', async () => {
    await selectField(page, '是否外出');
    await props(page).getByLabel('第 1 个选项', { exact: true }).fill('');
    await closeProps(page, phone);
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await expect(problemsDialog(page)).toContainText('字段「是否外出」');
    await expect(problemsDialog(page)).toContainText('不能为空');
    await problemsDialog(page).getByRole('button', { name: /字段「是否外出」/ }).first().click();
    await expect(problemsDialog(page)).toBeHidden();
    // The problem led to the field: its properties are open (a sheet on phones).
    await expect(props(page)).toHaveAccessibleName('「是否外出」的属性');
    await expect(props(page).getByLabel('第 1 个选项', { exact: true })).toHaveValue('');
    await props(page).getByLabel('第 1 个选项', { exact: true }).fill('是');
    await closeProps(page, phone);
    await expect(page.getByRole('main').getByText('草稿', { exact: true })).toBeVisible();
    await expectOrder(page, ['是否外出', '备注', '外出地点']);
    await expect(canvas(page).getByRole('listitem').filter({ hasText: '外出地点' })).toContainText('1 条显示条件');
    await publish(page, 1);
  });

  const staffContext = await newDeviceContext(browser, info);
  const staffPage = await staffContext.newPage();
  await test.step('staff fills it in: 外出地点 appears for 是 and is then required', async () => {
    // (signing in through the form is login.spec's business: here the session comes from the API)
    const api = await apiSignIn(staff, PASSWORD);
    await staffContext.addCookies((await api.storageState()).cookies);
    await api.dispose();
    await staffPage.goto('/forms');
    await staffPage.getByRole('link', { name: formName }).click();
    await expect(staffPage.getByRole('heading', { name: formName, level: 1 })).toBeVisible();
    const going = staffPage.getByRole('group', { name: /^是否外出/ });
    const where = staffPage.getByRole('textbox', { name: /^外出地点/ });
    await expect(going).toBeVisible();
    await expect(where).toHaveCount(0);
    await expectNoHorizontalScroll(staffPage);

    await staffPage.getByRole('button', { name: '提交', exact: true }).click();
    await expect(going).toContainText('此项必填');
    await going.getByRole('radio', { name: '是', exact: true }).check();
    await expect(where).toBeVisible();
    await staffPage.getByRole('button', { name: '提交', exact: true }).click();
    await expect(staffPage.getByRole('alert').filter({ hasText: '此项必填' })).toBeVisible();
    await expect(where).toHaveAttribute('aria-invalid', 'true');
    await where.fill('区教育局');
    await staffPage.getByRole('button', { name: '提交', exact: true }).click();
    await expect(staffPage).toHaveURL(/\/forms\/s\/[^/]+$/);
    // The published version kept the reordering and the rule: 备注 before 外出地点, which was answered.
    await expect(staffPage.getByRole('term')).toHaveText(['是否外出', '备注', '外出地点']);
    await expect(staffPage.getByRole('definition').last()).toHaveText('区教育局');
  });

  await test.step('the submission is listed under 我发起的', async () => {
    await openApprovals(staffPage);
    await staffPage.getByRole('tab', { name: /我发起的/ }).click();
    const mine = staffPage.getByRole('list', { name: '我发起的' });
    await expect(mine.getByRole('link').filter({ hasText: formName })).toHaveCount(1);
    await expect(mine.getByRole('link').filter({ hasText: formName })).toContainText('已通过');
  });

  await test.step('admin adds a field and publishes version 2', async () => {
    await addField(page, phone, '单行文本');
    await props(page).getByLabel('标题', { exact: true }).fill('同行人');
    await closeProps(page, phone);
    await expect(page.getByRole('main').getByText('有未发布修改')).toBeVisible();
    await publish(page, 2);
    if (phone) await page.getByRole('button', { name: '更多操作' }).click();
    await page.getByRole('button', { name: '历史版本' }).click();
    const versions = page.getByRole('dialog', { name: '历史版本' }).getByRole('listitem');
    await expect(versions).toHaveCount(2);
    await expect(versions.nth(0)).toContainText('v2');
    await expect(versions.nth(0)).toContainText('0 条申请');
    await expect(versions.nth(1)).toContainText('v1');
    await expect(versions.nth(1)).toContainText('1 条申请');
  });

  await test.step('the earlier submission keeps version 1; a new one gets version 2', async () => {
    await staffPage.getByRole('list', { name: '我发起的' }).getByRole('link').filter({ hasText: formName }).click();
    await expect(staffPage.getByRole('term')).toHaveText(['是否外出', '备注', '外出地点']);
    await openApprovals(staffPage);
    await staffPage.getByRole('link', { name: formName }).click();
    await expect(staffPage.getByRole('textbox', { name: /^同行人/ })).toBeVisible();
  });
  await staffContext.close();
});
