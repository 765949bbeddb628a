// Screenshots of the forms & approvals screens, for looking at the UI (not assertions).
// Run: npm run build && E2E_SHOTS=1 npx playwright test forms-shots   → .tmp/forms-shots/<project>-<name>.png
import path from 'node:path';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { formsShotsData } from './forms-shots-data.js';
import { ROOT, signInUI } from './helpers.js';

test.skip(!process.env.E2E_SHOTS, 'screenshots only when E2E_SHOTS=1');
test.setTimeout(420_000);

const DIR = path.join(ROOT, '.tmp/forms-shots');
/** The server's first answer of each kind after a start takes seconds (its response serializers compile then). */
const expect = baseExpect.configure({ timeout: 20_000 });

/** full: the whole page from the top (sticky bars then show where the viewport ends); else what is on screen. */
async function shot(page: Page, project: string, name: string, full = true): Promise<void> {
  await expect(page.getByRole('status', { name: '加载中' })).toHaveCount(0);
  if (full) await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(DIR, `${project}-${name}.png`), fullPage: full });
}

/** A stroke on the signature pad: a finger on phones (touch events), the mouse on desktops. */
async function sign(page: Page, phone: boolean): Promise<void> {
  // (after the step change's smooth scroll has finished, or it moves the pad away under the finger)
  await page.waitForTimeout(800);
  const pad = page.locator('canvas.sig-canvas').first();
  // (in the middle of the screen: the sticky bars at the bottom would take the touches)
  await pad.evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'center' }));
  const box = (await pad.boundingBox())!;
  const points = Array.from({ length: 40 }, (_, i) => {
    const a = (i / 39) * Math.PI * 8;
    return { x: box.x + 30 + (i / 39) * (box.width - 80) + 14 * Math.cos(a), y: box.y + box.height * 0.45 - 22 * Math.sin(a) };
  });
  if (phone) {
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: string, p?: { x: number; y: number }) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: p ? [{ x: p.x, y: p.y }] : [] } as never);
    await touch('touchStart', points[0]);
    for (const p of points.slice(1)) await touch('touchMove', p);
    await touch('touchEnd');
    await cdp.detach();
    return;
  }
  await page.mouse.move(points[0]!.x, points[0]!.y);
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(p.x, p.y);
  await page.mouse.up();
}

test('forms screenshots', async ({ page }, info) => {
  const p = info.project.name;
  const phone = p === 'phone';
  const data = await formsShotsData();
  await signInUI(page);

  // Home: 我的审批 with its four counts.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '我的审批' })).toBeVisible();
  await shot(page, p, 'home');

  // Approvals home: the catalogue and the four boxes.
  await page.goto('/forms');
  await expect(page.getByRole('tab', { name: /待我审批/ })).toBeVisible();
  await expect(page.locator('.appr-row').first()).toBeVisible();
  await shot(page, p, 'approvals-todo');
  for (const [box, name] of [['done', '我已审批'], ['mine', '我发起的'], ['cc', '抄送我']] as const) {
    await page.getByRole('tab', { name: new RegExp(name) }).click();
    await expect(page).toHaveURL(new RegExp(`box=${box}`));
    await expect(page.locator('.appr-row').first()).toBeVisible();
    await shot(page, p, `approvals-${box}`, box === 'mine');
  }
  if (phone) {
    await page.goto('/forms');
    await page.getByRole('button', { name: '更多' }).click();
    await shot(page, p, 'approvals-more-sheet', false);
  }

  // One pending submission: header, answers, flow, history, the action bar.
  await page.goto(`/forms/s/${data.pending}`);
  await expect(page.getByRole('toolbar', { name: '审批操作' })).toBeVisible();
  await shot(page, p, 'submission-pending');
  await shot(page, p, 'submission-pending-top', false);
  // A comment: the toast must not cover the action bar.
  if (phone) {
    await page.getByRole('toolbar').getByRole('button', { name: '更多' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '评论' }).click();
  } else {
    await page.getByRole('toolbar').getByRole('button', { name: '评论' }).click();
  }
  await page.getByLabel('意见').fill('已收到，今天内处理。');
  await shot(page, p, 'submission-comment-dialog', false);
  await page.getByRole('button', { name: '发表评论' }).click();
  await expect(page.locator('.toast')).toBeVisible();
  await page.screenshot({ path: path.join(DIR, `${p}-submission-toast.png`) });
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 8_000 });

  // Filling in 请假申请: the date range counts working days.
  await page.goto(`/forms/new/${data.forms.leave}`);
  await page.getByRole('radio', { name: '事假' }).check();
  await page.getByLabel('请假时间 开始', { exact: true }).fill('2026-09-30');
  await page.getByLabel('请假时间 结束', { exact: true }).fill('2026-10-09');
  await expect(page.locator('.fr-duration strong')).toBeVisible();
  await page.getByLabel('请假事由').fill('参加省教育厅组织的骨干教师培训。');
  await shot(page, p, 'fill-leave');
  await shot(page, p, 'fill-leave-screen', false);
  await page.getByRole('button', { name: phone ? '下一步' : '提交' }).click();
  await shot(page, p, phone ? 'fill-leave-step2' : 'fill-leave-errors');

  // 活动报名 (no approval, limited seats).
  await page.goto(`/forms/new/${data.forms.signup}`);
  await expect(page.getByRole('heading', { name: '活动报名' })).toBeVisible();
  await shot(page, p, 'fill-signup');

  // 设备领用: a detail table, a calculated total and a signature.
  await page.goto(`/forms/new/${data.forms.equipment}`);
  await page.getByRole('button', { name: '添加一行' }).click();
  await page.getByLabel('第 1 行 设备名称').fill('投影仪');
  await page.getByLabel('第 1 行 型号规格').fill('爱普生 CB-X51');
  await page.getByLabel('第 1 行 数量').fill('2');
  await page.getByLabel('第 1 行 金额（元）').fill('6800');
  await page.getByRole('button', { name: '添加一行' }).click();
  await page.getByLabel('第 2 行 设备名称').fill('无线话筒');
  await page.getByLabel('第 2 行 数量').fill('4');
  await shot(page, p, 'fill-equipment');
  if (phone) {
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('用途').fill('高二年级报告厅改造。');
  }
  await sign(page, phone);
  await expect(page.locator('.sig-placeholder')).toHaveCount(0);
  await shot(page, p, 'fill-equipment-signed-screen', false);
  await shot(page, p, 'fill-equipment-signed');

  // The admin's own 设备领用 as approvers see it: the table and the signature among the answers.
  await page.goto(`/forms/s/${data.equipment}`);
  await expect(page.getByRole('heading', { name: '王校办的设备领用' })).toBeVisible();
  await shot(page, p, 'submission-equipment');

  // Managing forms, the builder (form and flow), statistics, the school calendar.
  await page.goto('/forms/manage');
  await expect(page.getByRole('heading', { name: '表单管理' })).toBeVisible();
  await shot(page, p, 'manage');

  await page.goto(`/forms/manage/${data.forms.leave}`);
  await expect(page.getByRole('tab', { name: '流程' })).toBeVisible();
  await shot(page, p, 'builder-form');
  if (phone) {
    await page.getByRole('button', { name: '手机预览' }).click();
    await shot(page, p, 'builder-preview', false);
    await page.keyboard.press('Escape');
  } else {
    await page.getByRole('tab', { name: '手机预览' }).click();
    await shot(page, p, 'builder-preview');
  }
  await page.getByRole('tab', { name: '流程' }).click();
  await shot(page, p, 'builder-flow');
  await page.locator('.ff-cond').first().click();
  await shot(page, p, 'builder-flow-branch', !phone);
  if (phone) await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: '设置' }).click();
  await shot(page, p, 'builder-settings');

  // The phone preview of a form with a detail table: cards per row even on a desktop.
  await page.goto(`/forms/manage/${data.forms.equipment}`);
  await expect(page.getByRole('tab', { name: '流程' })).toBeVisible();
  if (phone) await page.getByRole('button', { name: '手机预览' }).click();
  else await page.getByRole('tab', { name: '手机预览' }).click();
  const preview = page.getByRole('region', { name: '手机预览' });
  await preview.getByRole('button', { name: '添加一行' }).click();
  await preview.getByLabel('第 1 行 设备名称').fill('投影仪');
  await shot(page, p, 'builder-preview-table', false);
  if (phone) await page.keyboard.press('Escape');

  await page.goto(`/forms/stats/${data.forms.leave}`);
  await expect(page.getByRole('heading', { name: /数据统计|请假申请/ }).first()).toBeVisible();
  await page.waitForTimeout(500);
  await shot(page, p, 'stats');

  await page.goto('/forms/manage/calendar');
  await shot(page, p, 'calendar');
  // A day marked: the save bar comes up at the bottom; marking it again leaves the calendar as it was.
  const day = page.getByRole('button', { name: /^十二月15日/ });
  await day.click();
  await expect(page.getByRole('button', { name: '保存日历' })).toBeVisible();
  await shot(page, p, 'calendar-unsaved', false);
  await day.click();
  await expect(page.getByRole('button', { name: '保存日历' })).toHaveCount(0);

  await page.goto('/forms/delegation');
  await expect(page.getByText('郑晓峰').first()).toBeVisible();
  await shot(page, p, 'delegation');

  await page.goto('/profile');
  await expect(page.getByRole('heading', { name: '代理审批' })).toBeVisible();
  await shot(page, p, 'profile');
});
