// The inbox: unread badge on the bell on every page, opening marks read, mark all read, and live updates
// between two open windows over the websocket ('inbox.read').
import { expect, test, type Page } from '@playwright/test';
import { apiSignIn, createUser, projectTag, signInUI, uniq } from './helpers.js';

const bell = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^消息提醒/ });

test('unread badge, open marks read, mark all read, live update in a second window', async ({ page, context }, info) => {
  const username = `inbox${projectTag(info)}${uniq()}`;
  const userId = await createUser(username, '赵收件', 'Inbox2025pw'); // a new account gets a welcome item

  await signInUI(page, username, 'Inbox2025pw');
  await expect(bell(page)).toHaveAccessibleName('消息提醒，1 条未读');

  // An administrator grants a role: the notification arrives live over the websocket.
  const admin = await apiSignIn();
  const granted = await admin.put(`/api/org/people/${userId}/roles`, { data: { roles: [{ role: 'staff' }, { role: 'it' }] } });
  expect(granted.status(), await granted.text()).toBe(200);
  await admin.dispose();
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
  const role = page.getByRole('button', { name: /你已获得“信息中心”权限/ });
  await role.click();
  await expect(page.getByText('由王校办授予。')).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName('消息提醒，1 条未读');
  await expect(bell(other)).toHaveAccessibleName('消息提醒，1 条未读');

  await page.getByRole('button', { name: '全部标为已读' }).click();
  await expect(bell(page)).toHaveAccessibleName('消息提醒');
  await expect(bell(other)).toHaveAccessibleName('消息提醒');
  await expect(page.getByText('没有未读消息')).toBeVisible();
});
