// Sign-in errors: a wrong password says how many tries are left; the fifth locks the account and the
// message gives the minutes to wait.
import { expect, test } from '@playwright/test';
import { createUser, projectTag, uniq } from './helpers.js';

test('wrong password shows an error, five wrong passwords lock the account with minutes to wait', async ({ page }, info) => {
  const username = `lock${projectTag(info)}${uniq()}`;
  await createUser(username, '测试锁定', 'Correct2025pw');

  await page.goto('/login');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await page.getByLabel('用户名').fill(username);
  const password = page.getByLabel('密码', { exact: true });
  const submit = page.getByRole('button', { name: '登录', exact: true });

  await password.fill('wrong-password-1');
  await submit.click();
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误，还可尝试 4 次');

  for (let i = 2; i <= 4; i++) {
    await password.fill(`wrong-password-${i}`);
    await submit.click();
    await expect(page.getByRole('alert')).toHaveText(`用户名或密码错误，还可尝试 ${5 - i} 次`);
  }

  await password.fill('wrong-password-5');
  await submit.click();
  await expect(page.getByRole('alert')).toHaveText(/^账户已锁定，请在 1[45] 分钟后重试$/);

  // Even the right password is refused while locked.
  await password.fill('Correct2025pw');
  await submit.click();
  await expect(page.getByRole('alert')).toHaveText(/^账户已锁定，请在 1[45] 分钟后重试$/);
  await expect(page).toHaveURL(/\/login/);
});
