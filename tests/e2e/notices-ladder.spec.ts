// The delivery ladder as a school would try it (issue 5, "tried as a new user would"): an urgent notice to
// 教务处 with click-to-confirm. One teacher has the PWA open and sees it arrive live; one has it closed and gets a
// web push (a push service on 127.0.0.1 checks the VAPID signature and decrypts the payload); one has no push and
// gets an e-mail (a real SMTP server here, the mail parsed with mailparser); one reads nothing and gets an SMS
// after the escalation delay (the school's SMS provider, an HTTP server here). The roster shows each state and the
// channels that reached each person, and "remind" reaches only those who have not confirmed.
// The escalation delay is set to 1 minute for the test (the default for urgent notices is 10).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { startPushService, type PushService } from '../helpers/push-service.js';
import { BASE_URL, apiSignIn, signInUI } from './helpers.js';
import { PASSWORD, createDepartment, createPerson, runTag, signedInPage, type Person } from './forms-helpers.js';

test.skip(({ isMobile }) => isMobile, 'one run of the whole ladder is enough; the phone screens are covered by notices.spec.ts');

async function ok<T>(res: { status(): number; text(): Promise<string>; json(): Promise<unknown> }, status: number): Promise<T> {
  expect(res.status(), await res.text()).toBe(status);
  return (await res.json()) as T;
}

test('urgent notice to 教务处: live, push, e-mail, SMS after the delay; the roster shows each; remind reaches those left', async ({ page, browser }, info) => {
  test.setTimeout(240_000);
  const run = runTag(info);

  // Peers: a push service, an SMTP server, an SMS provider — all on 127.0.0.1.
  const push: PushService = await startPushService();
  const mails: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then((m) => (mails.push(m), done()), done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const sms: { phone: string; text: string; ref: string }[] = [];
  const provider = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      sms.push(JSON.parse(body) as { phone: string; text: string; ref: string });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `p${sms.length}` }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/send`;

  const admin = await apiSignIn();
  const before = await ok<{ config: Record<string, unknown> }>(await admin.get('/api/admin/gateway'), 200);
  try {
    // IT sets up the channels: SMTP, the SMS provider, and an urgent ladder with a 1-minute SMS delay.
    const config = structuredClone(before.config) as any;
    config.smtp = { ...config.smtp, enabled: true, host: '127.0.0.1', port: smtpPort, security: 'none', user: '', fromName: '示范中学校办', fromAddress: 'office@school.test', allowSelfSigned: false };
    config.sms = { ...config.sms, mode: 'http', signature: '【示范中学】', http: { ...config.sms.http, url: providerUrl, bodyTemplate: '{"phone":"{{phone}}","text":"{{text}}","ref":"{{ref}}"}' } };
    config.policy = { ...config.policy, urgent: [{ afterMinutes: 0, channels: ['webpush', 'email'] }, { afterMinutes: 1, channels: ['sms'] }] };
    config.pushEnabled = true;
    await ok(await admin.put('/api/admin/gateway', { data: config }), 200);

    // 教务处 with four teachers; the office (the admin here, outside 教务处) publishes.
    const deptName = `教务处${run}`;
    const deptId = await createDepartment(admin, deptName);
    const open = await createPerson(admin, { username: `lo${run}`, surname: '林', departmentId: deptId });
    const closed = await createPerson(admin, { username: `lc${run}`, surname: '马', departmentId: deptId });
    const mailOnly = await createPerson(admin, { username: `lm${run}`, surname: '何', departmentId: deptId });
    const silent = await createPerson(admin, { username: `ls${run}`, surname: '宋', departmentId: deptId });
    const contact = async (p: Person, email: string | null, phone: string) =>
      ok(await admin.patch(`/api/org/people/${p.id}`, { data: { email, phone } }), 200);
    const digits = String(Date.now()).slice(-6);
    await contact(open, `lin${run}@school.test`, `13800${digits}`);
    await contact(closed, `ma${run}@school.test`, `13801${digits}`);
    await contact(mailOnly, `he${run}@school.test`, `13802${digits}`);
    await contact(silent, null, `13803${digits}`);

    // The closed-app teacher has push on their phone (a subscription at the local push service).
    const phone = push.device(201);
    const closedApi = await apiSignIn(closed.username, PASSWORD);
    await ok(await closedApi.post('/api/push/subscriptions', { data: { endpoint: phone.endpoint, keys: phone.keys, device: 'Android 手机' } }), 201);

    // The open-app teacher is looking at 通知公告.
    const openPage = await signedInPage(browser, info, open);
    await openPage.goto('/notices');
    await expect(openPage.getByRole('heading', { name: '通知公告', level: 1 })).toBeVisible();

    // The office publishes an urgent notice to 教务处 with click-to-confirm.
    const title = `明日全校停课应急通知${run}`;
    const draft = await ok<{ id: string }>(await admin.post('/api/notices', {
      data: {
        title, bodyHtml: '<p>因寒潮预警，明日全校停课，请各位老师<strong>立即确认</strong>并通知学生家长。</p>', category: 'safety', urgency: 'urgent', confirmMode: 'click', pinned: true,
        audience: { all: false, departmentIds: [deptId], roles: [], userIds: [] }, attachmentIds: [], expiresAt: null,
      },
    }), 201);
    const id = draft.id;
    await ok(await admin.post(`/api/notices/${id}/publish`, { data: {} }), 200);

    // 1. Live: it appears on the open page without a reload.
    await expect(openPage.getByRole('list', { name: '全部' }).getByRole('link', { name: new RegExp(title) })).toBeVisible();

    // 2. Push: the closed app's phone got an encrypted push with the title and the deep link.
    await expect.poll(() => push.received.filter((r) => r.payload.link === `/notices/${id}`).length, { timeout: 30_000 }).toBe(1);
    const pushed = push.received.find((r) => r.payload.link === `/notices/${id}`)!;
    expect(pushed.payload).toMatchObject({ title, urgency: 'urgent' });
    expect(pushed.headers.urgency).toBe('high');
    expect(push.rejected).toEqual([]);

    // 3. E-mail: the teachers with an address got it (urgent: no unsubscribe header), in Chinese, with a link.
    const mailTo = (p: string) => mails.find((m) => m.subject?.includes(title) && JSON.stringify(m.to).includes(p));
    await expect.poll(() => (mailTo(`he${run}@`) ? 1 : 0), { timeout: 30_000 }).toBe(1);
    const mail = mailTo(`he${run}@`)!;
    expect(mail.subject).toContain('【紧急】');
    expect(mail.headers.has('list-unsubscribe')).toBe(false);
    const link = new RegExp(`https?://[^\\s"<>]+/notices/${id}`).exec(mail.text ?? '')?.[0];
    expect(link, mail.text).toBeTruthy();

    // The three who saw it act: the open-app teacher confirms in the app; the push teacher taps the
    // notification (opens the notice); the e-mail teacher follows the link in the mail.
    await openPage.getByRole('list', { name: '全部' }).getByRole('link', { name: new RegExp(title) }).click();
    await openPage.getByRole('region', { name: '确认回执' }).getByRole('button', { name: '确认收到' }).click();
    await expect(openPage.getByText(/^已确认 · /)).toBeVisible();
    await ok(await closedApi.get(`/api/notices/${id}`), 200);
    const mailPage = await signedInPage(browser, info, mailOnly);
    await mailPage.goto(new URL(new URL(link!).pathname, BASE_URL).href);
    await expect(mailPage.getByRole('heading', { name: title, level: 1 })).toBeVisible();

    // 4. SMS: after the delay, only the teacher who read nothing gets one.
    await expect.poll(() => sms.filter((m) => m.text.includes(title.slice(0, 8))).map((m) => m.phone), { timeout: 120_000, intervals: [2000] }).toEqual([`13803${digits}`]);
    expect(sms[0]!.text.startsWith('【示范中学】')).toBe(true);

    // 5. The roster shows each state and the channels that reached each person.
    await signInUI(page);
    await page.goto(`/notices/${id}/roster`);
    const everyone = page.getByRole('list', { name: '全部', exact: true });
    const rowOf = (p: Person) => everyone.getByRole('listitem').filter({ hasText: p.displayName });
    await expect(rowOf(open)).toContainText('已确认');
    await expect(rowOf(closed)).toContainText('已读');
    await expect(rowOf(mailOnly)).toContainText('已读');
    await expect(rowOf(silent)).toContainText('未读');
    const roster = await ok<{ items: { userId: string; reachedBy: string[] }[] }>(await admin.get(`/api/notices/${id}/roster`), 200);
    const reached = (p: Person) => roster.items.find((i) => i.userId === p.id)?.reachedBy ?? [];
    expect(reached(open)).toContain('live');
    expect(reached(closed)).toContain('webpush');
    expect(reached(mailOnly)).toContain('email');
    expect(reached(silent)).toEqual(['sms']);

    // 6. Remind those who have not confirmed: everyone but the open-app teacher.
    await page.getByRole('button', { name: '提醒未确认的人' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^已提醒 3 人$/ }).first()).toBeVisible();
    for (const [who, expected] of [[open, 0], [closed, 1], [mailOnly, 1], [silent, 1]] as const) {
      const api = await apiSignIn(who.username, PASSWORD);
      const inbox = await ok<{ items: { kind: string; link: string | null }[] }>(await api.get('/api/inbox?limit=50'), 200);
      expect(inbox.items.filter((i) => i.kind === 'notice.reminder' && i.link === `/notices/${id}`).length, who.displayName).toBe(expected);
      await api.dispose();
    }
    await Promise.all([openPage.context().close(), mailPage.context().close(), closedApi.dispose()]);
  } finally {
    await admin.put('/api/admin/gateway', { data: before.config }).catch(() => undefined);
    await admin.dispose();
    await push.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => provider.close(() => resolve()));
  }
});

export type { APIRequestContext };
