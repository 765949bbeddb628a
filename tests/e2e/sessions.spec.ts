// Sessions: a second browser signs in; the first revokes it from the profile; the second is sent to sign-in.
import { expect, test } from '@playwright/test';
import { createUser, newDeviceContext, projectTag, signInUI, uniq } from './helpers.js';

test('revoke another device from the profile sends it to sign-in', async ({ page, browser }, info) => {
  const username = `sess${projectTag(info)}${uniq()}`;
  await createUser(username, '钱会话', 'Session2025pw');

  const second = await newDeviceContext(browser, info);
  const secondPage = await second.newPage();
  try {
    await signInUI(page, username, 'Session2025pw');
    await signInUI(secondPage, username, 'Session2025pw');
    await secondPage.goto('/profile');

    await page.goto('/profile');
    const list = page.getByRole('list', { name: '登录设备' });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(list.getByRole('listitem').filter({ hasText: '本设备' })).toHaveCount(1);

    const other = list.getByRole('listitem').filter({ hasNotText: '本设备' });
    await other.getByRole('button', { name: /^移除设备/ }).click();
    await expect(list.getByRole('listitem')).toHaveCount(1);

    // The revoked browser finds out by itself (websocket 'session.revoked' / failed reconnects) …
    await expect(secondPage).toHaveURL(/\/login/, { timeout: 20_000 });
    await expect(secondPage.getByRole('heading', { name: '登录' })).toBeVisible();
    // … and its old cookie no longer works.
    const me = await secondPage.request.get('/api/auth/me');
    expect(me.status()).toBe(401);

    // The first browser is still signed in.
    await page.reload();
    await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
  } finally {
    await second.close();
  }
});
