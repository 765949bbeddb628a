// End-to-end tests: the BUILT server (node dist/server/main.js, TLS on with its own local CA) serving the
// BUILT PWA, driven by Debian's Chromium. Build first: npm run build. Then: npm run test:e2e
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// E2E_PORT: a private server (own port and data directory) when several runs share the machine.
const HTTPS_PORT = Number(process.env.E2E_PORT ?? 18443);
export const E2E_DATA_DIR = path.resolve(process.env.E2E_PORT ? `.tmp/e2e-data-${HTTPS_PORT}` : '.tmp/e2e-data');
const baseURL = `https://localhost:${HTTPS_PORT}`;

const chromium = {
  executablePath: '/usr/bin/chromium',
  // The local CA is not trusted by the test browser; a service worker only registers on a "valid" HTTPS
  // origin, so certificate errors are ignored at the browser level (not just per request).
  args: ['--ignore-certificate-errors'],
};

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: '.tmp/e2e-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 45_000,
  expect: { timeout: 8_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: '.tmp/e2e-report' }]] : 'list',
  use: {
    baseURL,
    ignoreHTTPSErrors: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: chromium,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // The first-run wizard can run only once per data directory: it runs first, alone, and every other
    // spec depends on the school it creates.
    { name: 'setup', testMatch: /setup\.spec\.ts$/, use: { viewport: { width: 1280, height: 800 } } },
    {
      name: 'desktop',
      testIgnore: /setup\.spec\.ts$/,
      dependencies: ['setup'],
      use: { viewport: { width: 1280, height: 800 } },
    },
    {
      name: 'phone',
      testIgnore: /setup\.spec\.ts$/,
      dependencies: ['setup'],
      use: {
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
        userAgent: devices['Pixel 5'].userAgent,
      },
    },
  ],
  webServer: {
    // A fresh data directory every run (removed first), then the built server.
    command: `rm -rf "${E2E_DATA_DIR}" && mkdir -p "${E2E_DATA_DIR}" && node dist/server/main.js`,
    url: `${baseURL}/api/health`,
    ignoreHTTPSErrors: true,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      XB_DATA_DIR: E2E_DATA_DIR,
      XB_HTTPS_PORT: String(HTTPS_PORT),
      XB_HTTP_PORT: String(HTTPS_PORT === 18443 ? 18080 : HTTPS_PORT + 1),
      XB_HOST: '127.0.0.1',
      XB_LOG_LEVEL: 'warn',
      // Every spec signs in from 127.0.0.1 in both projects; keep the per-minute sign-in limit out of the way.
      XB_LOGIN_RATE_PER_MINUTE: '1000',
      // The delivery-ladder spec runs its own push service on 127.0.0.1 (plain http) for a "phone" that is closed.
      XB_PUSH_EXTRA_HOSTS: 'http://127.0.0.1',
      // Meetings: Janus on any free loopback port; media only on 127.0.0.2 (the test network namespace).
      XB_JANUS_PORT: '0',
      XB_MEDIA_INTERFACES: '127.',
    },
  },
});
