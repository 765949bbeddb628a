// The inbox: unread badge on the bell on every page, opening marks read, mark all read, and live updates
// between two open windows over the websocket ('inbox.read').
import { expect, test, type Page } from '@playwright/test';
import { createUser, projectTag, seedInbox, signInUI, uniq } from './helpers.js';

const bell = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^消息提醒/ });

test('unread badge, open marks read, mark all read, live update in a second window', async ({ page, context }, info) => {
  const username = `inbox${projectTag(info)}${uniq()}`;
  const userId = await createUser(username, '赵收件', 'Inbox2025pw');
  seedInbox(userId);

  await signInUI(page, username, 'Inbox2025pw');
  await expect(bell(page)).toHaveAccessibleName('消息提醒，2 条未读');
  await expect(bell(page)).toContainText('2');

  // The bell is on every page.
  await page.goto('/profile');
  await expect(bell(page)).toHaveAccessibleName('消息提醒，2 条未读');

  // A second window of the same account follows along live.
  const other = await context.newPage();
  await other.goto('/');
  await expect(bell(other)).toHaveAccessibleName('消息提醒，2 条未读');

  await bell(page).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByRole('heading', { name: '消息', level: 1 })).toBeVisible();
  const urgent = page.getByRole('button', { name: /紧急：明日停水检修/ });
  await expect(urgent).toContainText('紧急');
  await urgent.click();
  await expect(page.getByText('明天 8:00–12:00 全校停水，请提前做好准备。')).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName('消息提醒，1 条未读');
  await expect(bell(other)).toHaveAccessibleName('消息提醒，1 条未读');

  await page.getByRole('button', { name: '全部标为已读' }).click();
  await expect(bell(page)).toHaveAccessibleName('消息提醒');
  await expect(bell(other)).toHaveAccessibleName('消息提醒');
  await expect(page.getByText('没有未读消息')).toBeVisible();
});
