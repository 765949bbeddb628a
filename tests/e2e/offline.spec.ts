// Offline: after a first visit the service worker serves the app shell; a reload without network still
// shows the signed-in shell with the offline banner.
import { expect, test } from '@playwright/test';
import { signInUI } from './helpers.js';

interface ServiceWorkerContainerLike {
  ready: Promise<unknown>;
  controller: unknown;
  addEventListener(type: 'controllerchange', fn: () => void, opts: { once: boolean }): void;
}

test('offline reload shows the shell', async ({ page, context }) => {
  await signInUI(page);
  // Wait until the service worker controls the page (it claims clients on first install).
  await page.evaluate(async () => {
    // (runs in the page; the test tsconfig has no DOM types, hence the narrow cast)
    const sw = (globalThis as unknown as { navigator: { serviceWorker: ServiceWorkerContainerLike } }).navigator.serviceWorker;
    await sw.ready;
    if (!sw.controller) await new Promise<void>((resolve) => sw.addEventListener('controllerchange', () => resolve(), { once: true }));
  });
  // One online visit under the worker's control fills its runtime caches (who am I, the page chunks).
  await page.goto('/inbox');
  await expect(page.getByRole('heading', { name: '消息', level: 1 })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '首页' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '当前处于离线状态' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('王校办');

    // A deep link works offline too (navigation fallback to the cached shell).
    await page.goto('/inbox');
    await expect(page.getByRole('heading', { name: '消息', level: 1 })).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});
