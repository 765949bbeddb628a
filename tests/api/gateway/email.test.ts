// The email rung against a real SMTP server (smtp-server on 127.0.0.1) and real parsing (mailparser):
// configuration through the admin API, language and links of the mail, one-click unsubscribe, a relay that is
// down or refuses a recipient, a restart in the middle of a rate-limited blast, and the admin's "send test".
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, MINUTE } from '../../../server/lib/clock.js';
import { argon2Hasher } from '../../../server/modules/auth/index.js';
import { createEmailChannel } from '../../../server/modules/gateway/channels/email.js';
import { ChannelError, type Channel, type OutboundMessage } from '../../../server/modules/gateway/gateway.channels.js';
import type { GatewayConfigView, SmtpConfig } from '../../../server/modules/gateway/gateway.dto.js';
import type { App } from '../../../server/app.js';
import { createStaff, expectProblem, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { closedPort, startSmtpPeer, type ReceivedMail, type SmtpPeer } from '../../helpers/smtp-peer.js';

const BOX = 'https://xiaoban.school.test';
/** 10:00 in Shanghai: outside the default quiet hours (22:00–07:00), so non-urgent mail goes now. */
const MORNING = new Date('2026-09-01T02:00:00Z');

interface AttemptRow { id: string; user_id: string; channel: string; step: number; status: string; reason: string | null; due_at: string; tries: number; provider_ref: string | null; detail: string | null }

/** The attempts of the notices sent here (creating a person also sends them account messages). */
const attempts = (app: App, userId: string, channel: string) =>
  app.services.db.sqlite
    .prepare(`SELECT * FROM delivery_attempts WHERE user_id = ? AND channel = ? AND category LIKE 'notice.%' ORDER BY created_at, step`)
    .all(userId, channel) as AttemptRow[];

async function configureSmtp(app: App, cookie: string, smtp: Partial<SmtpConfig>, rates: Partial<GatewayConfigView['config']['rates']> = {}) {
  const view = (await app.inject({ method: 'GET', url: '/api/admin/gateway', headers: { cookie } })).json() as GatewayConfigView;
  const config = {
    ...view.config,
    smtp: { ...view.config.smtp, enabled: true, host: '127.0.0.1', security: 'none', user: '', fromName: '测试中学校办', fromAddress: 'office@school.test', allowSelfSigned: false, ...smtp },
    rates: { ...view.config.rates, ...rates },
  };
  const res = await app.inject({ method: 'PUT', url: '/api/admin/gateway', headers: { cookie }, payload: config });
  if (res.statusCode !== 200) throw new Error(`PUT /api/admin/gateway: ${res.statusCode} ${res.body}`);
  return res.json() as GatewayConfigView;
}

const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ') ?? null;
const mailTo = (peer: SmtpPeer, address: string) => peer.received.filter((r) => r.to.includes(address));
const one = (peer: SmtpPeer, address: string): ParsedMail => {
  const got = mailTo(peer, address);
  expect(got).toHaveLength(1);
  return got[0]!.mail!;
};
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

/** The SMS rung stands in as an adapter-level fake: what matters here is that the ladder reaches it. */
function fakeSms(): Channel & { sent: OutboundMessage[] } {
  const sent: OutboundMessage[] = [];
  return {
    name: 'sms', concurrency: 1, sent, enabled: () => true, reachable: (ids) => new Set(ids),
    send: async (m) => {
      sent.push(m);
      return { status: 'sent', ref: `sms-${sent.length}` };
    },
  };
}

const notice = (category: 'notice.teaching' | 'notice.safety' | 'notice.admin', urgency: 'high' | 'urgent' | 'normal', n = 1) => ({
  kind: 'notice.published', category, urgency,
  title: { 'zh-CN': `关于期末考试安排的通知（${n}）`, en: `Exam week arrangements (${n})` },
  body: { 'zh-CN': '请各年级组长于周五前提交监考安排。', en: 'Heads of year: send the invigilation plan by Friday.' },
  link: `/notices/N${n}`,
});

describe('email channel (real SMTP server)', () => {
  let t: TestApp;
  let admin: string;
  let peer: SmtpPeer | null = null;
  let zhang: { id: string; cookie: string };
  let emily: { id: string; cookie: string };

  beforeEach(async () => {
    t = await makeApp({ clock: new FakeClock(MORNING), config: { publicUrl: BOX } });
    admin = await setupSchool(t.app);
    const z = await createStaff(t.app, admin, { username: 'zhang1', displayName: '张老师', email: 'zhang@school.test' });
    const e = await createStaff(t.app, admin, { username: 'emily1', displayName: 'Emily Clark', email: 'emily@school.test' });
    const en = await t.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { cookie: e.cookie }, payload: { locale: 'en' } });
    expect(en.statusCode).toBe(200);
    zhang = { id: z.person.id, cookie: z.cookie };
    emily = { id: e.person.id, cookie: e.cookie };
  });
  afterEach(async () => {
    await t.close();
    await peer?.close();
    peer = null;
  });

  it('sends each person a mail in their language, with an absolute link to the item and List-Unsubscribe unless urgent', async () => {
    peer = await startSmtpPeer();
    const view = await configureSmtp(t.app, admin, { port: peer.port });
    expect(view.config.smtp).toMatchObject({ enabled: true, port: peer.port, fromAddress: 'office@school.test' });
    const { gateway } = t.app.services;
    expect(gateway.reachable(zhang.id).has('email')).toBe(true);

    gateway.deliver([zhang.id, emily.id], notice('notice.teaching', 'high'));
    expect(await gateway.dispatcher.drain()).toBe(2);
    expect(peer.received).toHaveLength(2);

    const zh = one(peer, 'zhang@school.test');
    const en = one(peer, 'emily@school.test');
    expect(zh.subject).toBe('【重要】关于期末考试安排的通知（1）');
    expect(en.subject).toBe('[Important] Exam week arrangements (1)');
    for (const [mail, lang] of [[zh, 'zh-CN'], [en, 'en']] as const) {
      expect(mail.text).toBeTruthy();
      expect(mail.html).toBeTruthy();
      expect(mail.html).toContain(`<html lang="${lang}">`);
      // The button and the copyable link go to the item on this box; the last link is the unsubscribe link.
      const links = hrefs(mail.html as string);
      expect(links[0]).toBe(`${BOX}/notices/N1`);
      expect(links[1]).toBe(`${BOX}/notices/N1`);
      expect(mail.text).toContain(`${BOX}/notices/N1`);
      expect(mail.from?.value[0]).toEqual({ name: '测试中学校办', address: 'office@school.test' });
      expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      const unsubscribe = header(mail, 'List-Unsubscribe')!;
      expect(unsubscribe).toMatch(new RegExp(`^<${BOX}/api/gateway/unsubscribe\\?u=[0-9a-z]{26}&c=notice\\.teaching&s=[A-Za-z0-9_-]+>$`));
      expect(links[2]).toBe(unsubscribe.slice(1, -1));
      expect(header(mail, 'Importance')).toBeNull();
      expect(header(mail, 'Auto-Submitted')).toBe('auto-generated');
    }
    expect(zh.text).toContain('请各年级组长于周五前提交监考安排。');
    expect(zh.text).toContain('查看详情：');
    expect(zh.text).toContain('测试中学');
    expect(en.text).toContain('Heads of year: send the invigilation plan by Friday.');
    expect(en.text).toContain('Open: ');
    expect(en.text).not.toMatch(/查看|退订|请勿/);
    expect(en.to).toMatchObject({ value: [{ name: 'Emily Clark', address: 'emily@school.test' }] });

    // The attempt is recorded with the Message-ID the mail carries: <attempt id@box host>.
    const [row] = attempts(t.app, zhang.id, 'email');
    expect(row).toMatchObject({ status: 'sent', tries: 1, provider_ref: `<${row!.id}@xiaoban.school.test>` });
    expect(zh.messageId).toBe(`<${row!.id}@xiaoban.school.test>`);

    // Urgent: no way to unsubscribe, flagged as important to the mail app.
    gateway.deliver([zhang.id, emily.id], notice('notice.safety', 'urgent', 2));
    expect(await gateway.dispatcher.drain()).toBe(2);
    const urgentZh = mailTo(peer, 'zhang@school.test')[1]!.mail!;
    const urgentEn = mailTo(peer, 'emily@school.test')[1]!.mail!;
    expect(urgentZh.subject).toBe('【紧急】关于期末考试安排的通知（2）');
    expect(urgentEn.subject).toBe('[Urgent] Exam week arrangements (2)');
    for (const mail of [urgentZh, urgentEn]) {
      expect(header(mail, 'List-Unsubscribe')).toBeNull();
      expect(header(mail, 'List-Unsubscribe-Post')).toBeNull();
      expect(header(mail, 'Importance')).toBe('high');
      expect(header(mail, 'X-Priority')).toBe('1');
      expect(hrefs(mail.html as string)).toEqual([`${BOX}/notices/N2`, `${BOX}/notices/N2`]);
    }
  });

  it('a person without an email address is skipped and the next rung comes forward', async () => {
    peer = await startSmtpPeer();
    await configureSmtp(t.app, admin, { port: peer.port });
    const sms = fakeSms();
    t.app.services.gateway.registerChannel(sms);
    const noMail = await createStaff(t.app, admin, { username: 'li0001', displayName: '李老师' });
    t.app.services.gateway.deliver([noMail.person.id], notice('notice.admin', 'high'));
    expect(attempts(t.app, noMail.person.id, 'email')).toMatchObject([{ status: 'skipped', reason: 'no_address' }]);
    // Nothing could reach her on rung 0, so the SMS rung (normally 2 hours later) is due now.
    expect(attempts(t.app, noMail.person.id, 'sms')).toMatchObject([{ status: 'pending', due_at: MORNING.toISOString() }]);
    await t.app.services.gateway.dispatcher.drain();
    expect(peer.received).toHaveLength(0);
    expect(sms.sent.map((m) => m.userId)).toEqual([noMail.person.id]);
  });

  it('the unsubscribe link (GET, and the one-click POST) turns email off for that category only', async () => {
    peer = await startSmtpPeer();
    await configureSmtp(t.app, admin, { port: peer.port });
    const { gateway } = t.app.services;
    gateway.deliver([zhang.id, emily.id], notice('notice.safety', 'high'));
    await gateway.dispatcher.drain();
    const linkOf = (mail: ParsedMail) => {
      const url = new URL(header(mail, 'List-Unsubscribe')!.slice(1, -1));
      expect(url.origin).toBe(BOX);
      return url.pathname + url.search;
    };
    const zhLink = linkOf(one(peer, 'zhang@school.test'));
    const enLink = linkOf(one(peer, 'emily@school.test'));

    // A tampered signature, or one person's signature on another's link, is refused.
    const tampered = zhLink.replace(/s=([A-Za-z0-9_-]+)$/, (_m, s: string) => `s=${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`);
    expect(tampered).not.toBe(zhLink);
    expectProblem(await t.app.inject({ method: 'GET', url: tampered }), 400, 'UNSUBSCRIBE_LINK_INVALID');
    expectProblem(await t.app.inject({ method: 'POST', url: tampered, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' }), 400, 'UNSUBSCRIBE_LINK_INVALID');
    const multipart = '--b1\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b1--\r\n';
    expectProblem(await t.app.inject({ method: 'POST', url: tampered, headers: { 'content-type': 'multipart/form-data; boundary=b1' }, payload: multipart }), 400, 'UNSUBSCRIBE_LINK_INVALID');
    const swapped = zhLink.replace(/u=[0-9a-z]{26}/, `u=${emily.id}`);
    expectProblem(await t.app.inject({ method: 'GET', url: swapped }), 400, 'UNSUBSCRIBE_LINK_INVALID');
    expect(gateway.prefs(zhang.id).off.email).toEqual([]);

    // A person clicks the link (no session: it works from any mail app).
    const page = await t.app.inject({ method: 'GET', url: zhLink });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('已退订');
    // A mail provider's one-click POST (RFC 8058), exactly as it sends it.
    const oneClick = await t.app.inject({ method: 'POST', url: enLink, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode).toBe(204);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/me/delivery', headers: { cookie: emily.cookie } })).json() as { prefs: { off: { email: string[] } } };
    expect(mine.prefs.off.email).toEqual(['notice.safety']);

    // The next safety notice: no email, for the reason 'preference'; other categories and urgent ones still mail.
    gateway.deliver([zhang.id, emily.id], notice('notice.safety', 'high', 2));
    gateway.deliver([zhang.id, emily.id], notice('notice.teaching', 'high', 3));
    gateway.deliver([zhang.id], notice('notice.safety', 'urgent', 4));
    for (const who of [zhang.id, emily.id]) {
      expect(attempts(t.app, who, 'email').slice(1, 3).map((r) => [r.status, r.reason])).toEqual([['skipped', 'preference'], ['pending', null]]);
    }
    expect(attempts(t.app, zhang.id, 'email')[3]).toMatchObject({ status: 'pending', reason: null });
    await gateway.dispatcher.drain();
    // (sorted: the urgent one jumps the queue, and the sends run side by side)
    expect(mailTo(peer, 'zhang@school.test').map((r) => r.mail!.subject).sort()).toEqual(['【紧急】关于期末考试安排的通知（4）', '【重要】关于期末考试安排的通知（1）', '【重要】关于期末考试安排的通知（3）']);
    expect(mailTo(peer, 'emily@school.test').map((r) => r.mail!.subject).sort()).toEqual(['[Important] Exam week arrangements (1)', '[Important] Exam week arrangements (3)']);
  });

  it('SMTP down: retried with growing back-off, then failed and the SMS rung is pulled forward; back up: retries get through', async () => {
    const port = await closedPort();
    await configureSmtp(t.app, admin, { port });
    const sms = fakeSms();
    const { gateway } = t.app.services;
    gateway.registerChannel(sms);

    gateway.deliver([zhang.id], notice('notice.admin', 'high'));
    const smsDue = attempts(t.app, zhang.id, 'sms')[0]!.due_at;
    expect(new Date(smsDue).getTime()).toBe(MORNING.getTime() + 120 * MINUTE); // the policy's 2 hours
    let lastDue = t.clock.now().getTime();
    let lastWait = 0;
    for (let tries = 1; tries <= 4; tries++) {
      await gateway.dispatcher.drain();
      const [row] = attempts(t.app, zhang.id, 'email');
      expect(row).toMatchObject({ status: 'pending', reason: 'retrying', tries });
      expect(row!.detail).toMatch(/ECONNREFUSED/);
      const due = new Date(row!.due_at).getTime();
      expect(due - t.clock.now().getTime()).toBeGreaterThan(lastWait); // back-off grows
      lastWait = due - t.clock.now().getTime();
      expect(due).toBeGreaterThan(lastDue);
      lastDue = due;
      expect(sms.sent).toHaveLength(0);
      // Not due yet: nothing is tried before the back-off is over.
      await gateway.dispatcher.drain();
      expect(attempts(t.app, zhang.id, 'email')[0]!.tries).toBe(tries);
      t.clock.set(new Date(due));
    }
    await gateway.dispatcher.drain(); // the fifth and last try fails, and the SMS goes now
    expect(attempts(t.app, zhang.id, 'email')).toMatchObject([{ status: 'failed', reason: 'gave_up', tries: 5 }]);
    expect(attempts(t.app, zhang.id, 'sms')).toMatchObject([{ status: 'sent', due_at: t.clock.now().toISOString() }]);
    expect(sms.sent.map((m) => m.userId)).toEqual([zhang.id]);

    // A second notice meets the relay still down, then the relay comes back on the same port.
    gateway.deliver([emily.id, zhang.id], notice('notice.admin', 'high', 2));
    await gateway.dispatcher.drain();
    expect(attempts(t.app, emily.id, 'email')).toMatchObject([{ status: 'pending', reason: 'retrying', tries: 1 }]);
    peer = await startSmtpPeer({ port });
    t.clock.set(new Date(attempts(t.app, emily.id, 'email')[0]!.due_at));
    await gateway.dispatcher.drain();
    expect(attempts(t.app, emily.id, 'email')).toMatchObject([{ status: 'sent', tries: 2 }]);
    expect(one(peer, 'emily@school.test').subject).toBe('[Important] Exam week arrangements (2)');
    expect(one(peer, 'zhang@school.test').subject).toBe('【重要】关于期末考试安排的通知（2）');
    // The mail got through, so the SMS rung waits for its time (2 hours unread) as planned.
    expect(attempts(t.app, emily.id, 'sms')).toMatchObject([{ status: 'pending' }]);
    expect(sms.sent).toHaveLength(1);
  });

  it('a recipient refused with 5xx fails at once and escalates; 4xx is retried', async () => {
    peer = await startSmtpPeer({
      rejectRecipient: (a) => (a === 'gone@school.test' ? { code: 550, message: 'No such user here' } : a === 'full@school.test' ? { code: 452, message: 'Mailbox full, try later' } : null),
    });
    await configureSmtp(t.app, admin, { port: peer.port });
    const sms = fakeSms();
    t.app.services.gateway.registerChannel(sms);
    const gone = await createStaff(t.app, admin, { username: 'gone01', displayName: '离职者', email: 'gone@school.test' });
    const full = await createStaff(t.app, admin, { username: 'full01', displayName: '满信箱', email: 'full@school.test' });

    t.app.services.gateway.deliver([gone.person.id, full.person.id, zhang.id], notice('notice.admin', 'high'));
    await t.app.services.gateway.dispatcher.drain();
    const [rejected] = attempts(t.app, gone.person.id, 'email');
    expect(rejected).toMatchObject({ status: 'failed', reason: 'rejected', tries: 1 });
    expect(rejected!.detail).toMatch(/550/);
    expect(attempts(t.app, full.person.id, 'email')).toMatchObject([{ status: 'pending', reason: 'retrying', tries: 1 }]);
    expect(attempts(t.app, full.person.id, 'email')[0]!.detail).toMatch(/452/);
    expect(sms.sent.map((m) => m.userId)).toEqual([gone.person.id]);
    // The relay's refusal of one recipient does not spoil the connection for the others.
    expect(attempts(t.app, zhang.id, 'email')).toMatchObject([{ status: 'sent' }]);
    expect(peer.received.map((r) => r.to)).toEqual([['zhang@school.test']]);
  });

  it('STARTTLS with a login, and implicit TLS: the relay’s self-signed certificate is accepted only when the admin allows it', async () => {
    peer = await startSmtpPeer({ starttls: true, auth: { user: 'relay', pass: 'Relay-pass-1' } });
    const view = await configureSmtp(t.app, admin, { port: peer.port, security: 'starttls', user: 'relay', password: 'Relay-pass-1', allowSelfSigned: true });
    expect(view.secrets.smtpPassword).toBe(true);
    expect(JSON.stringify(view)).not.toContain('Relay-pass-1');
    const test = async () => (await t.app.inject({ method: 'POST', url: '/api/admin/gateway/test', headers: { cookie: admin }, payload: { channel: 'email', to: 'it@school.test' } })).json();

    expect(await test()).toMatchObject({ ok: true, status: 'sent' });
    expect(peer.received[0]).toMatchObject({ to: ['it@school.test'], secure: true, user: 'relay' });

    await configureSmtp(t.app, admin, { port: peer.port, security: 'starttls', user: 'relay', allowSelfSigned: false }); // password kept
    const refused = await test();
    expect(refused).toMatchObject({ ok: false, status: 'retry' });
    expect(refused.detail).toMatch(/certificate/i);

    await configureSmtp(t.app, admin, { port: peer.port, security: 'starttls', user: 'relay', password: 'wrong-password', allowSelfSigned: true });
    const badLogin = await test();
    expect(badLogin).toMatchObject({ ok: false, status: 'retry' }); // our setup is wrong, not the address
    expect(badLogin.detail).toMatch(/535/);
    expect(peer.received).toHaveLength(1);

    // Implicit TLS (port 465 style) to another relay.
    const tls465 = await startSmtpPeer({ implicitTls: true });
    try {
      await configureSmtp(t.app, admin, { port: tls465.port, security: 'tls', user: '', allowSelfSigned: true });
      expect(await test()).toMatchObject({ ok: true, status: 'sent' });
      expect(tls465.received[0]).toMatchObject({ to: ['it@school.test'], secure: true, user: null });
      expect(tls465.received[0]!.mail!.subject).toBe('校办测试消息（邮件）');
    } finally {
      await tls465.close();
    }
  });

  it('admin "send test": reaches the SMTP server; SMTP off → 409; no address → 422; staff → 403', async () => {
    const send = (cookie: string | undefined, payload: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/admin/gateway/test', headers: cookie ? { cookie } : {}, payload: payload as Record<string, unknown> });
    expectProblem(await send(undefined, { channel: 'email' }), 401, 'UNAUTHENTICATED');
    expectProblem(await send(zhang.cookie, { channel: 'email' }), 403, 'FORBIDDEN');
    expectProblem(await send(admin, { channel: 'email' }), 409, 'CHANNEL_NOT_CONFIGURED');
    expectProblem(await send(admin, { channel: 'fax' }), 400, 'VALIDATION_FAILED');

    peer = await startSmtpPeer();
    // Switching SMTP on needs a host and a sender.
    const view = (await t.app.inject({ method: 'GET', url: '/api/admin/gateway', headers: { cookie: admin } })).json() as GatewayConfigView;
    const incomplete = await t.app.inject({ method: 'PUT', url: '/api/admin/gateway', headers: { cookie: admin }, payload: { ...view.config, smtp: { ...view.config.smtp, enabled: true, host: '' } } });
    expectProblem(incomplete, 422, 'GATEWAY_CONFIG_INVALID');
    await configureSmtp(t.app, admin, { port: peer.port });

    expectProblem(await send(admin, { channel: 'email' }), 422, 'CHANNEL_NO_ADDRESS'); // the admin has no email yet
    const res = await send(admin, { channel: 'email', to: 'it@school.test' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, status: 'sent', detail: expect.stringMatching(/^<test-[0-9a-z]+@xiaoban\.school\.test>$/) });
    const mail = one(peer, 'it@school.test');
    expect(mail.subject).toBe('校办测试消息（邮件）');
    expect(mail.text).toContain('收到这条消息，说明此渠道工作正常。');
    expect(mail.text).toContain(`${BOX}/inbox`);

    // Saving again with SMTP off: the channel is off at once.
    await configureSmtp(t.app, admin, { port: peer.port, enabled: false });
    expectProblem(await send(admin, { channel: 'email', to: 'it@school.test' }), 409, 'CHANNEL_NOT_CONFIGURED');
    expect(peer.received).toHaveLength(1);
  });
});

describe('email channel: restart in the middle of a blast', () => {
  let dir: string;
  let peer: SmtpPeer;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xb-email-restart-'));
    peer = await startSmtpPeer({ parse: false });
  });
  afterEach(async () => {
    await peer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('30 recipients at 10 mails a minute across a restart: every one gets exactly one mail', async () => {
    const clock = new FakeClock(MORNING);
    const first = await makeApp({ dir, clock, config: { publicUrl: BOX } });
    const admin = await setupSchool(first.app);
    const preset = { password: 'Teacher2026x', hash: await argon2Hasher.hash('Teacher2026x'), mustChange: false };
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const { person } = await first.app.services.org.createPerson({ username: `t${String(i).padStart(3, '0')}`, displayName: `老师${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'一二三'[Math.floor(i / 10)]}`, email: `t${i}@school.test` }, null, preset);
      ids.push(person.id);
    }
    const addresses = ids.map((_, i) => `t${i}@school.test`);
    await configureSmtp(first.app, admin, { port: peer.port }, { emailPerMinute: 10 }); // after the welcome messages: only the blast mails
    first.app.services.gateway.deliver(ids, notice('notice.teaching', 'high'));
    expect(await first.app.services.gateway.dispatcher.drain()).toBe(10); // the rate limit stops the rest
    expect(peer.received).toHaveLength(10);

    // A crash right after claiming one more attempt (before talking to SMTP) leaves it 'sending'.
    const sqlite = first.app.services.db.sqlite;
    const claimed = sqlite.prepare(`SELECT id FROM delivery_attempts WHERE channel = 'email' AND status = 'pending' ORDER BY id LIMIT 1`).get() as { id: string };
    sqlite.prepare(`UPDATE delivery_attempts SET status = 'sending', tries = tries + 1, locked_at = ? WHERE id = ?`).run(clock.now().toISOString(), claimed.id);
    await first.close();

    const second = await makeApp({ dir, clock, config: { publicUrl: BOX } });
    try {
      const { gateway } = second.app.services;
      // Same minute: the ten already sent still count against the rate after the restart.
      expect(await gateway.dispatcher.drain()).toBe(0);
      const status = () => second.app.services.db.sqlite.prepare(`SELECT status, count(*) AS n FROM delivery_attempts WHERE channel = 'email' GROUP BY status ORDER BY status`).all();
      expect(status()).toEqual([{ status: 'pending', n: 20 }, { status: 'sent', n: 10 }]); // the interrupted one is pending again
      for (let minute = 1; minute <= 4; minute++) {
        clock.advance(MINUTE);
        await gateway.dispatcher.drain();
      }
      expect(status()).toEqual([{ status: 'sent', n: 30 }]);
    } finally {
      await second.close();
    }

    const byRecipient = new Map<string, number>();
    for (const r of peer.received as ReceivedMail[]) for (const to of r.to) byRecipient.set(to, (byRecipient.get(to) ?? 0) + 1);
    expect([...byRecipient.keys()].sort()).toEqual([...addresses].sort());
    expect([...byRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(peer.received).toHaveLength(30);
  });
});

describe('email channel: a relay that accepts the connection and says nothing', () => {
  it('gives up after the greeting timeout with a retryable error instead of holding the lane', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => sockets.add(s));
    const port = await new Promise<number>((resolve) => silent.listen(0, '127.0.0.1', () => resolve((silent.address() as net.AddressInfo).port)));
    const channel = createEmailChannel({
      sqlite: null as never, // not used: the message carries its address
      smtp: () => ({ enabled: true, host: '127.0.0.1', port, security: 'none', user: '', fromName: '校办', fromAddress: 'office@school.test', allowSelfSigned: false }),
      schoolName: () => '测试中学',
      baseUrl: () => BOX,
      timeouts: { greeting: 300, socket: 600 },
    });
    try {
      const message: OutboundMessage = {
        attemptId: 'a1', itemId: 'i1', userId: 'u1', locale: 'zh-CN', kind: 'system', category: 'system', urgency: 'normal', title: '测试', body: '', link: null,
        url: `${BOX}/inbox`, unsubscribeUrl: null, unread: 0, address: 'someone@school.test',
      };
      const err = await channel.send(message).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ChannelError);
      expect(err).toMatchObject({ kind: 'retry', message: expect.stringMatching(/greeting/i) });
      expect(sockets.size).toBeGreaterThan(0); // it did connect: the silence was the problem
    } finally {
      channel.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 10_000);
});
