// Admin › 通知渠道: the admin points email at a real SMTP server (smtp-server, in this test process), saves,
// sends a test mail that the server receives; adds an SMS rung to 重要 and finds it after a reload. Staff see
// no such page and the API refuses them. With E2E_SHOTS=1 also screenshots into .tmp/shots/.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiSignIn, chineseName, createUser, E2E_DATA_DIR, expectNoHorizontalScroll, newDeviceContext, projectTag, ROOT, signInUI, uniq } from './helpers.js';

interface Received {
  to: string[];
  from: string | undefined;
  subject: string;
  text: string;
}

/** A real SMTP server on 127.0.0.1 (any free port), no TLS and no authentication: a campus relay. */
async function startSmtp(): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), from: mail.from?.value[0]?.address, subject: mail.subject ?? '', text: mail.text ?? '' });
          done();
        },
        (err: Error) => done(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The configuration as it was, put back afterwards so the other project and other specs start from it. */
async function savedConfig(api: APIRequestContext): Promise<unknown> {
  const res = await api.get('/api/admin/gateway');
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { config: unknown }).config;
}

const cardOf = (page: Page, title: string) => page.locator('section.card').filter({ has: page.getByRole('heading', { name: title, exact: true, level: 2 }) });

test('gateway admin: a test mail reaches a real SMTP server, and a new SMS rung is saved', async ({ page, baseURL }, info) => {
  const run = `${projectTag(info)}${uniq()}`;
  const smtp = await startSmtp();
  await signInUI(page);
  const api = page.request;
  const headers = { Origin: baseURL! };
  const before = await savedConfig(api);

  try {
    await page.goto('/admin/gateway');
    await expect(page.getByRole('heading', { name: '通知渠道', level: 1 })).toBeVisible();
    // The dashboard: one tile per channel with today's figures.
    for (const name of ['推送', '邮件', '短信']) await expect(page.getByRole('region', { name, exact: true })).toContainText('今日发出');

    // SMTP: our relay on 127.0.0.1, no encryption.
    const card = cardOf(page, '邮件（SMTP）');
    await card.getByRole('switch', { name: '启用邮件' }).setChecked(true);
    await card.getByLabel('SMTP 服务器').fill('127.0.0.1');
    await card.getByLabel('加密方式').selectOption({ label: '无（仅限校内中继）' });
    await card.getByLabel('端口').fill(String(smtp.port));
    await card.getByLabel('发件人名称').fill('示范中学校办');
    await card.getByLabel('发件人地址').fill('xiaoban@school.test');
    // The test uses the saved settings: it waits for the save.
    await expect(card.getByRole('button', { name: '发送测试邮件' })).toBeDisabled();
    await expect(page.getByText('1 项未保存')).toBeVisible();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByText('所有更改已保存')).toBeVisible();

    const to = `teacher-${run}@school.test`;
    await card.getByLabel('收件地址（可选）').fill(to);
    await card.getByRole('button', { name: '发送测试邮件' }).click();
    await expect(card.getByText('测试消息已发出')).toBeVisible();
    await expect.poll(() => smtp.received.find((m) => m.to.includes(to))?.subject ?? null).toContain('校办测试消息');
    const mail = smtp.received.find((m) => m.to.includes(to))!;
    expect(mail.from).toBe('xiaoban@school.test');
    expect(mail.text).toContain('收到这条消息，说明此渠道工作正常。');

    // The policy: 重要 gets a third rung, SMS only, four hours after the message.
    const high = page.getByRole('region', { name: '重要', exact: true });
    await expect(high.getByRole('listitem')).toHaveCount(2);
    await high.getByRole('button', { name: '为“重要”添加一级' }).click();
    await expect(high.getByRole('listitem')).toHaveCount(3);
    const chips = high.getByRole('group', { name: '第 3 级的渠道' });
    if ((await chips.getByRole('button', { name: '邮件' }).getAttribute('aria-pressed')) === 'true') await chips.getByRole('button', { name: '邮件' }).click();
    if ((await chips.getByRole('button', { name: '短信' }).getAttribute('aria-pressed')) !== 'true') await chips.getByRole('button', { name: '短信' }).click();
    await expect(chips.getByRole('button', { name: '短信' })).toHaveAttribute('aria-pressed', 'true');
    await expect(chips.getByRole('button', { name: '邮件' })).toHaveAttribute('aria-pressed', 'false');
    await expect(chips.getByRole('button', { name: '推送' })).toHaveAttribute('aria-pressed', 'false');

    // A rung earlier than the one before is refused before anything is sent.
    const minutes = high.getByLabel('第 3 级：等待分钟数');
    await minutes.fill('60');
    await expect(high.getByRole('alert')).toHaveText('须晚于上一级（2 小时）');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByText('请先改正标出的问题，再保存')).toBeVisible();
    await minutes.fill('240');
    await expect(high.getByRole('alert')).toHaveCount(0);
    await expect(high).toContainText('立即：推送、邮件 → 2 小时后仍未读：短信 → 4 小时后仍未读：短信');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByText('所有更改已保存')).toBeVisible();
    await expectNoHorizontalScroll(page);

    // After a reload the page shows what was saved.
    await page.reload();
    const highAgain = page.getByRole('region', { name: '重要', exact: true });
    await expect(highAgain.getByRole('listitem')).toHaveCount(3);
    await expect(highAgain.getByLabel('第 3 级：等待分钟数')).toHaveValue('240');
    await expect(highAgain.getByRole('group', { name: '第 3 级的渠道' }).getByRole('button', { name: '短信' })).toHaveAttribute('aria-pressed', 'true');
    await expect(cardOf(page, '邮件（SMTP）').getByLabel('SMTP 服务器')).toHaveValue('127.0.0.1');
    await expect(cardOf(page, '邮件（SMTP）').getByRole('switch', { name: '启用邮件' })).toBeChecked();
    const stored = (await (await api.get('/api/admin/gateway')).json()) as { config: { policy: { high: unknown[] } } };
    expect(stored.config.policy.high[2]).toEqual({ afterMinutes: 240, channels: ['sms'] });
    await expectNoHorizontalScroll(page);
  } finally {
    const res = await api.put('/api/admin/gateway', { headers, data: before });
    expect(res.status(), await res.text()).toBe(200);
    await smtp.close();
  }
});

test('staff do not see 通知渠道, and the API refuses them', async ({ browser }, info) => {
  const username = `gw${projectTag(info)}${uniq()}`;
  await createUser(username, chineseName('周'), 'Staff2025pw');
  const staff = await apiSignIn(username, 'Staff2025pw');
  try {
    expect((await staff.get('/api/admin/gateway')).status()).toBe(403);
    expect((await staff.get('/api/admin/gateway/dashboard')).status()).toBe(403);
    expect((await staff.post('/api/admin/gateway/test', { data: { channel: 'email', to: 'x@school.test' } })).status()).toBe(403);
  } finally {
    await staff.dispose();
  }

  const context = await newDeviceContext(browser, info);
  const page = await context.newPage();
  try {
    await signInUI(page, username, 'Staff2025pw');
    await expect(page.getByRole('link', { name: '通知渠道' })).toHaveCount(0);
    await page.goto('/admin/gateway');
    await expect(page.getByText('页面不存在', { exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { name: '通知渠道' })).toHaveCount(0);
    await expect(page.getByLabel('SMTP 服务器')).toHaveCount(0);
  } finally {
    await context.close();
  }
});

// ── screenshots (E2E_SHOTS=1) ───────────────────────────────────────────────
/**
 * For the screenshots only: a fortnight of finished attempts and an SMS blast waiting in the queue, written
 * straight into the database file (no producer of notices exists yet). Returns a function that removes them.
 */
function seedDeliveries(userId: string): () => void {
  const db = new Database(path.join(E2E_DATA_DIR, 'xiaoban.sqlite'));
  db.pragma('busy_timeout = 5000');
  const itemId = `shotgw${randomBytes(10).toString('hex')}`.slice(0, 26);
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  db.prepare("INSERT INTO inbox_items (id, user_id, kind, title, body, link, urgency, created_at) VALUES (?, ?, 'system', '期末考试安排', '', NULL, 'high', ?)").run(itemId, userId, iso(now));
  const insert = db.prepare(
    `INSERT INTO delivery_attempts (id, item_id, user_id, channel, step, category, priority, status, due_at, tries, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'notice.general', 1, ?, ?, 1, ?, ?)`,
  );
  let step = 0;
  const add = (channel: string, status: string, at: number, due = at) => insert.run(randomBytes(13).toString('hex'), itemId, userId, channel, step++, status, iso(due), iso(at), iso(at));
  db.transaction(() => {
    for (let d = 13; d >= 0; d--) {
      const at = now - d * 86_400_000 - 60_000;
      const wave = 1 + ((d * 7) % 5);
      for (let i = 0; i < wave * 6; i++) add('webpush', i % 9 === 0 ? 'failed' : 'delivered', at);
      for (let i = 0; i < wave * 3; i++) add('email', i % 11 === 0 ? 'failed' : 'sent', at);
      for (let i = 0; i < (d % 3 === 0 ? wave * 2 : 0); i++) add('sms', i % 6 === 0 ? 'sent' : 'delivered', at);
    }
    for (let i = 0; i < 96; i++) add('sms', 'pending', now, now - 1000);
    for (let i = 0; i < 24; i++) add('sms', 'pending', now, now + 2 * 3_600_000);
  })();
  db.close();
  return () => {
    const again = new Database(path.join(E2E_DATA_DIR, 'xiaoban.sqlite'));
    again.pragma('busy_timeout = 5000');
    again.prepare('DELETE FROM delivery_attempts WHERE item_id = ?').run(itemId);
    again.prepare('DELETE FROM inbox_items WHERE id = ?').run(itemId);
    again.close();
  };
}

test('screenshots of 通知渠道', async ({ page, baseURL }, info) => {
  test.skip(!process.env.E2E_SHOTS, 'screenshots only when E2E_SHOTS=1');
  const p = info.project.name;
  await signInUI(page);
  const api = page.request;
  const headers = { Origin: baseURL! };
  const before = (await savedConfig(api)) as Record<string, unknown> & { smtp: object; sms: object };
  const me = (await (await api.get('/api/auth/me')).json()) as { user: { id: string } };
  // Seeded after the SMS settings are saved: with SMS off, the running dispatcher would skip the queued blast.
  let unseed = () => {};
  try {
    const shown = {
      ...before,
      smtp: { ...before.smtp, enabled: true, host: 'smtp.exmail.qq.com', port: 465, security: 'tls', user: 'xiaoban@school.test', password: 'x-secret', fromName: '示范中学校办', fromAddress: 'xiaoban@school.test' },
      sms: { ...before.sms, mode: 'gammu', signature: '【示范中学】', gammu: { device: '/dev/ttyUSB0', connection: 'at115200' } },
    };
    const res = await api.put('/api/admin/gateway', { headers, data: shown });
    expect(res.status(), await res.text()).toBe(200);
    unseed = seedDeliveries(me.user.id);
    await page.goto('/admin/gateway');
    // The seeded blast is picked up by the running dispatcher at once (the real SMS channel is on), so the ETA line
    // may already be gone; the ETA itself is covered by tests/api/gateway/ladder.test.ts and dashboard.test.ts.
    await expect(page.getByRole('region', { name: '短信', exact: true })).toContainText('今日发出');
    await expect(page.getByRole('status', { name: '加载中' })).toHaveCount(0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ROOT, '.tmp/shots', `${p}-admin-gateway.png`), fullPage: true });
    // Each card on its own, at full resolution, for looking at the details.
    for (const [title, name] of [['投递概况', 'dashboard'], ['推送', 'push'], ['邮件（SMTP）', 'smtp'], ['短信', 'sms'], ['升级提醒策略', 'policy']] as const) {
      await cardOf(page, title).screenshot({ path: path.join(ROOT, '.tmp/shots', `${p}-admin-gateway-${name}.png`) });
    }

    // The policy editor with a problem, and a change waiting to be saved.
    const high = page.getByRole('region', { name: '重要', exact: true });
    await high.getByRole('button', { name: '为“重要”添加一级' }).click();
    await high.getByLabel('第 3 级：等待分钟数').fill('90');
    await high.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ROOT, '.tmp/shots', `${p}-admin-gateway-policy-editing.png`) });
    await expectNoHorizontalScroll(page);
  } finally {
    unseed();
    await api.put('/api/admin/gateway', { headers, data: before });
  }
});
