// Two-step sign-in in the browser, and the PWA being installable (manifest + a controlling service worker).
import { expect, test } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import { apiSignIn, createUser, projectTag, uniq } from './helpers.js';

test('sign-in asks for the authenticator code when 2FA is on', async ({ page }, info) => {
  const username = `twofa${projectTag(info)}${uniq()}`;
  await createUser(username, '孙双验', 'TwoStep2025pw');
  const api = await apiSignIn(username, 'TwoStep2025pw');
  const { secret } = (await (await api.post('/api/auth/totp/setup')).json()) as { secret: string };
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  const enabled = await api.post('/api/auth/totp/enable', { data: { code: totp.generate() } });
  expect(enabled.status(), await enabled.text()).toBe(200);
  await api.dispose();

  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill('TwoStep2025pw');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '两步验证' })).toBeVisible();
  await page.getByLabel('6 位验证码').fill('000000');
  await page.getByRole('button', { name: '验证并登录' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  // The enrolment code's time step is burned; the next step's code is accepted (±1 step of clock skew).
  await page.getByLabel('6 位验证码').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
  await page.getByRole('button', { name: '验证并登录' }).click();
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
});

test('the PWA is installable: manifest with icons, and a service worker controls the page', async ({ page, request }) => {
  await page.goto('/login');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = (await (await request.get(href!)).json()) as { name: string; lang: string; display: string; start_url: string; icons: { sizes: string; purpose?: string }[] };
  expect(manifest).toMatchObject({ name: '校办 xiaoban', display: 'standalone' });
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(manifest.icons.some((i) => i.purpose?.includes('maskable'))).toBe(true);
  // (expressions as strings: the test tsconfig has no DOM types)
  await page.waitForFunction('navigator.serviceWorker.getRegistration().then((r) => !!r)', undefined, { timeout: 15_000 });
  await page.reload();
  await expect.poll(() => page.evaluate('!!navigator.serviceWorker.controller'), { timeout: 15_000 }).toBe(true);
});
