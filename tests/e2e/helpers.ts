// Shared steps for the e2e specs. UI steps use roles and labels; set-up steps that are not under test
// (creating accounts, seeding an inbox item) go through the real API or the real database file.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { expect, request as playwrightRequest, type APIRequestContext, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** E2E_PORT: a private server when several runs share the machine (the config starts it on that port). */
const PRIVATE_PORT = process.env.E2E_PORT;
export const E2E_DATA_DIR = path.join(ROOT, PRIVATE_PORT ? `.tmp/e2e-data-${PRIVATE_PORT}` : '.tmp/e2e-data');
export const BASE_URL = `https://localhost:${PRIVATE_PORT ?? 18443}`;

export const SCHOOL = { name: '示范中学', timeZone: 'Asia/Shanghai' };
export const ADMIN = { username: 'admin', displayName: '王校办', password: 'Campus2025go' };

/** A short unique suffix so specs can run in both projects against one server. */
export function uniq(): string {
  return randomBytes(3).toString('hex');
}

/** Usernames per project (desktop/phone), so both projects can create their own accounts. */
export function projectTag(info: TestInfo): string {
  return info.project.name === 'phone' ? 'p' : 'd';
}

export async function apiContext(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: BASE_URL, ignoreHTTPSErrors: true, extraHTTPHeaders: { Origin: BASE_URL } });
}

/** An API session signed in as the given user (cookie kept in the context). */
export async function apiSignIn(username = ADMIN.username, password = ADMIN.password): Promise<APIRequestContext> {
  const api = await apiContext();
  const res = await api.post('/api/auth/login', { data: { username, password } });
  expect(res.status(), await res.text()).toBe(200);
  return api;
}

/** Creates a staff account through the admin API and sets its own password (the forced change done). */
export async function createUser(username: string, displayName: string, password: string): Promise<string> {
  const admin = await apiSignIn();
  const created = await admin.post('/api/org/people', { data: { username, displayName, roles: [{ role: 'staff' }] } });
  expect(created.status(), await created.text()).toBe(201);
  const { person, initialPassword } = (await created.json()) as { person: { id: string }; initialPassword: string };
  await admin.dispose();

  const user = await apiSignIn(username, initialPassword);
  const changed = await user.post('/api/auth/password', { data: { currentPassword: initialPassword, newPassword: password } });
  expect(changed.status(), await changed.text()).toBe(204);
  await user.post('/api/auth/logout');
  await user.dispose();
  return person.id;
}

export async function signInUI(page: Page, username = ADMIN.username, password = ADMIN.password): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
}

/** Fails when the page is wider than the viewport (the 360-px rule). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  // (runs in the page; the test tsconfig has no DOM types, hence the narrow cast)
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  expect(scrollWidth, `page is ${scrollWidth}px wide in a ${clientWidth}px viewport`).toBeLessThanOrEqual(clientWidth);
}

/** A second, independent browser context with the same device settings as the current project. */
export async function newDeviceContext(browser: Browser, info: TestInfo): Promise<BrowserContext> {
  const u = info.project.use;
  return browser.newContext({
    baseURL: u.baseURL,
    ignoreHTTPSErrors: true,
    locale: u.locale,
    timezoneId: u.timezoneId,
    viewport: u.viewport,
    isMobile: u.isMobile,
    hasTouch: u.hasTouch,
    deviceScaleFactor: u.deviceScaleFactor,
    userAgent: u.userAgent,
  });
}

const GIVEN = '子涵欣怡梓萱诗雨浩宇俊杰思远佳琪雅婷文博明轩嘉怡若曦一诺宇航昊天晓峰建华丽娟春梅志强国栋海燕秀英';

/** A plausible, unique-enough Chinese name (the server rejects names with digits or Latin letters mixed in). */
export function chineseName(surname: string): string {
  const chars = [...GIVEN];
  const pick = () => chars[randomBytes(1)[0]! % chars.length];
  return `${surname}${pick()}${pick()}`;
}

/** Same shape as the server's ids (48-bit ms time + random, Crockford base32): the inbox sorts by them. */
function timeSortableId(ms: number): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  const bytes = Buffer.concat([Buffer.from(ms.toString(16).padStart(12, '0'), 'hex'), randomBytes(10)]);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out.slice(0, 26);
}

/**
 * For the screenshot spec only: fills an inbox with the kind of items later modules (notices, approvals)
 * will produce, straight into the real database file. Behaviour specs use real producers.
 */
export function seedInbox(userId: string, more = false): void {
  const db = new Database(path.join(E2E_DATA_DIR, 'xiaoban.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(
      'INSERT INTO inbox_items (id, user_id, kind, title, body, link, urgency, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)',
    );
    const now = Date.now();
    const add = (ago: number, title: string, body: string, urgency: string) => {
      const at = now - ago;
      insert.run(timeSortableId(at), userId, 'system', title, body, urgency, new Date(at).toISOString());
    };
    if (more) {
      add(3 * 86_400_000, '教职工大会会议纪要已归档', '', 'low');
      add(26 * 3_600_000, '请审批：高一年级组教研活动经费申请', '申请人：王海波，金额 1,200 元。', 'high');
    }
    add(3_600_000, '关于期末考试安排的通知', '请各年级组于本周五前提交监考安排。', 'normal');
    add(60_000, '紧急：明日停水检修', '明天 8:00–12:00 全校停水，请提前做好准备。', 'urgent');
  } finally {
    db.close();
  }
}
