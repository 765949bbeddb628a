// The ladder end to end inside the app, with recording channels in place of the real ones (those have their
// own real-peer tests): planning per person, escalation, reading stops the chase, retries and back-off, rate
// limits with the ETA, restart recovery, preferences and the dashboard.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError, type Channel, type ChannelName, type OutboundMessage } from '../../../server/modules/gateway/index.js';
import { FakeClock } from '../../../server/lib/clock.js';
import { createStaff, expectProblem, loginCookie, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';

class Recorder implements Channel {
  sent: OutboundMessage[] = [];
  fail: ChannelError | null = null;
  on = true;
  concurrency = 4;
  constructor(
    readonly name: ChannelName,
    private readonly who: Set<string>,
  ) {}
  enabled = () => this.on;
  reachable = (ids: string[]) => new Set(ids.filter((id) => this.who.has(id)));
  async send(m: OutboundMessage) {
    if (this.fail) throw this.fail;
    this.sent.push(m);
    return { status: 'sent' as const, ref: `ref-${this.sent.length}` };
  }
}

const MIN = 60_000;

describe('delivery ladder', () => {
  let t: TestApp;
  let admin: string;
  let ids: string[];
  let push: Recorder, email: Recorder, sms: Recorder;
  const attempts = (itemId: string) =>
    t.app.services.db.sqlite.prepare('SELECT channel, step, status, reason, tries FROM delivery_attempts WHERE item_id = ? ORDER BY step, channel').all(itemId) as {
      channel: string; step: number; status: string; reason: string | null; tries: number;
    }[];

  beforeEach(async () => {
    // 10:00 in Shanghai: people's default quiet hours (22:00–07:00) would defer the rungs at night.
    t = await makeApp({ clock: new FakeClock(new Date('2026-11-30T02:00:00Z')) });
    admin = await setupSchool(t.app);
    ids = [];
    for (const [n, name] of ['张一', '李二', '王三', '赵四'].entries()) ids.push((await createStaff(t.app, admin, { username: `jiao${n + 1}`, displayName: name })).person.id);
    // t1 has everything, t2 no push, t3 only SMS, t4 nothing beyond the app
    push = new Recorder('webpush', new Set([ids[0]!]));
    email = new Recorder('email', new Set([ids[0]!, ids[1]!]));
    sms = new Recorder('sms', new Set([ids[0]!, ids[1]!, ids[2]!]));
    for (const c of [push, email, sms]) t.app.services.gateway.registerChannel(c);
  });
  afterEach(async () => t.close());

  const urgent = (title = '紧急通知') => t.app.services.gateway.deliver(ids, { kind: 'notice.published', category: 'notice.safety', title, body: '请立即查看', link: '/notices/x', urgency: 'urgent' });

  it('plans each person by what reaches them, sends the first rung at once and escalates to SMS when unread', async () => {
    const items = urgent();
    await t.app.services.gateway.dispatcher.drain();
    expect(push.sent.map((m) => m.userId)).toEqual([ids[0]]);
    expect(email.sent.map((m) => m.userId).sort()).toEqual([ids[0], ids[1]].sort());
    // t3 has neither push nor email: the SMS rung comes forward at once; t4 has nothing and stays in the app
    expect(sms.sent.map((m) => m.userId)).toEqual([ids[2]]);
    expect(attempts(items.get(ids[3]!)!)).toEqual([
      { channel: 'email', step: 0, status: 'skipped', reason: 'no_address', tries: 0 },
      { channel: 'webpush', step: 0, status: 'skipped', reason: 'no_address', tries: 0 },
      { channel: 'sms', step: 1, status: 'skipped', reason: 'no_address', tries: 0 },
    ]);
    // t1 reads in the app; t2 does not: after 10 minutes only t2 gets the SMS
    await t.app.inject({ method: 'POST', url: `/api/inbox/${items.get(ids[0]!)}/read`, headers: { cookie: await loginCookie(t.app, 'jiao1', 'Teacher2026x') } });
    t.clock.advance(10 * MIN);
    await t.app.services.gateway.dispatcher.drain();
    expect(sms.sent.map((m) => m.userId)).toEqual([ids[2], ids[1]]);
    expect(attempts(items.get(ids[0]!)!).find((a) => a.channel === 'sms')).toMatchObject({ status: 'skipped', reason: 'read' });
    // the message carries an absolute link into the app and no unsubscribe link (urgent)
    const m = sms.sent[1]!;
    expect(m.url).toMatch(/^https?:\/\/[^/]+\/notices\/x$/);
    expect(m.unsubscribeUrl).toBeNull();
    // idempotent: draining again sends nothing more
    await t.app.services.gateway.dispatcher.drain();
    expect(sms.sent).toHaveLength(2);
  });

  it('retries a transient failure with back-off, then gives up and brings the next rung forward', async () => {
    email.fail = new ChannelError('connect ECONNREFUSED 127.0.0.1:25', 'retry');
    const items = t.app.services.gateway.deliver([ids[1]!], { kind: 'x', category: 'approval', title: '重要', urgency: 'high' });
    const item = items.get(ids[1]!)!;
    await t.app.services.gateway.dispatcher.drain();
    expect(attempts(item).find((a) => a.channel === 'email')).toMatchObject({ status: 'pending', reason: 'retrying', tries: 1 });
    await t.app.services.gateway.dispatcher.drain();
    expect(attempts(item).find((a) => a.channel === 'email')!.tries).toBe(1); // not due yet
    for (let i = 0; i < 6; i++) {
      t.clock.advance(31 * MIN);
      await t.app.services.gateway.dispatcher.drain();
    }
    expect(attempts(item).find((a) => a.channel === 'email')).toMatchObject({ status: 'failed', reason: 'gave_up', tries: 5 });
    // the SMS rung (due after 2 h) was pulled forward when email gave up — it went long before 2 h of waiting for it
    expect(attempts(item).find((a) => a.channel === 'sms')).toMatchObject({ status: 'sent' });
  });

  it('a permanent rejection fails at once and escalates', async () => {
    email.fail = new ChannelError('550 no such user', 'permanent');
    const item = t.app.services.gateway.deliver([ids[1]!], { kind: 'x', category: 'approval', title: '重要', urgency: 'high' }).get(ids[1]!)!;
    await t.app.services.gateway.dispatcher.drain();
    expect(attempts(item)).toEqual([
      { channel: 'email', step: 0, status: 'failed', reason: 'rejected', tries: 1 },
      { channel: 'webpush', step: 0, status: 'skipped', reason: 'no_address', tries: 0 },
      { channel: 'sms', step: 1, status: 'sent', reason: null, tries: 1 },
    ]);
  });

  it('keeps to the rate limit, shows the ETA, and resumes across a restart without repeating anyone', async () => {
    t.clock.set(new Date('2026-11-30T20:00:00Z')); // 04:00 on 1 December in Shanghai: the dashboard's day is the school's
    const cfg = t.app.services.gatewayConfig;
    cfg.update({ ...cfg.get(), rates: { ...cfg.get().rates, smsPerMinute: 2 } }, null);
    const many: string[] = [];
    for (const [n, name] of ['周甲', '吴乙', '郑丙', '冯丁', '陈戊'].entries()) many.push((await createStaff(t.app, admin, { username: `sms${n}`, displayName: name })).person.id);
    const onlySms = new Recorder('sms', new Set(many));
    t.app.services.gateway.registerChannel(onlySms);
    t.app.services.gateway.deliver(many, { kind: 'x', category: 'notice.safety', title: '停课通知', urgency: 'urgent' });
    // push/email reach none of them: the SMS rung is due now for all five, two a minute
    await t.app.services.gateway.dispatcher.drain();
    expect(onlySms.sent).toHaveLength(2);
    const dash = (await t.app.inject({ url: '/api/admin/gateway/dashboard', headers: { cookie: admin } })).json() as {
      queues: { channel: string; queued: number; etaAt: string | null }[]; days: { day: string; channel: string; sent: number }[];
    };
    // the days are the school's (Asia/Shanghai), not UTC's
    const schoolToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(t.clock.now());
    expect(dash.days.filter((d) => d.channel === 'sms')).toEqual([{ day: schoolToday, channel: 'sms', sent: 2, delivered: 0, failed: 0, skipped: 0 }]);
    const q = dash.queues.find((x) => x.channel === 'sms')!;
    expect(q.queued).toBe(3);
    expect(new Date(q.etaAt!).getTime() - t.clock.now().getTime()).toBe(90_000); // 3 at 2 a minute

    // restart on the same data dir: a send left 'sending' by a crash is retried, nothing sent twice
    t.app.services.db.sqlite.prepare("UPDATE delivery_attempts SET status = 'sending', locked_at = ? WHERE id = (SELECT id FROM delivery_attempts WHERE channel = 'sms' AND status = 'pending' LIMIT 1)").run(t.clock.now().toISOString());
    await t.app.close();
    const t2 = await makeApp({ config: { dataDir: t.dir }, clock: t.clock });
    const after = new Recorder('sms', new Set(many));
    t2.app.services.gateway.registerChannel(after);
    for (let i = 0; i < 3; i++) {
      t.clock.advance(MIN);
      await t2.app.services.gateway.dispatcher.drain();
    }
    const all = [...onlySms.sent, ...after.sent].map((m) => m.userId).sort();
    expect(all).toEqual([...many].sort());
    await t2.app.close();
    t = { ...t, close: async () => undefined };
  });

  it('marks people with the app open as reached live, and honours preferences and their validation', async () => {
    const t1 = await loginCookie(t.app, 'jiao1', 'Teacher2026x');
    const put = (body: object) => t.app.inject({ method: 'PUT', url: '/api/me/delivery/prefs', headers: { cookie: t1 }, payload: body });
    const mine = (await t.app.inject({ url: '/api/me/delivery', headers: { cookie: t1 } })).json() as { channels: { channel: string; enabled: boolean; reachable: boolean }[] };
    expect(mine.channels).toEqual([
      { channel: 'webpush', enabled: true, reachable: true },
      { channel: 'email', enabled: true, reachable: true },
      { channel: 'sms', enabled: true, reachable: true },
    ]);
    expect((await put({ off: { webpush: [], email: ['approval'], sms: [] }, quietHours: null })).statusCode).toBe(200);
    expectProblem(await put({ off: { webpush: [], email: ['nonsense'], sms: [] }, quietHours: null }), 400, 'VALIDATION_FAILED');
    expectProblem(await put({ off: { webpush: [], email: [], sms: [] }, quietHours: { start: '25:00', end: '07:00' } }), 400, 'VALIDATION_FAILED');
    // jiao1 has the app open (a socket); jiao2 does not
    const ws = await t.app.injectWS('/api/ws', { headers: { cookie: t1 } });
    ws.send(JSON.stringify({ type: 'hello', lastSeq: null }));
    await new Promise<void>((resolve) => ws.once('message', () => resolve()));
    const items = t.app.services.gateway.deliver([ids[0]!, ids[1]!], { kind: 'x', category: 'approval', title: '待审批', urgency: 'high' });
    ws.terminate();
    expect(attempts(items.get(ids[0]!)!).filter((a) => a.channel === 'live' || a.channel === 'email')).toEqual([
      { channel: 'email', step: 0, status: 'skipped', reason: 'preference', tries: 0 },
      { channel: 'live', step: 0, status: 'delivered', reason: null, tries: 0 },
    ]);
    expect(attempts(items.get(ids[1]!)!).map((a) => a.channel)).not.toContain('live');
  });

  it('lets only channel managers see or change the configuration, and never returns secrets', async () => {
    const staff = (await createStaff(t.app, admin, { username: 'plain', displayName: '普通' })).cookie;
    expectProblem(await t.app.inject({ url: '/api/admin/gateway', headers: { cookie: staff } }), 403, 'FORBIDDEN');
    const view = (await t.app.inject({ url: '/api/admin/gateway', headers: { cookie: admin } })).json() as { config: Record<string, any>; secrets: Record<string, boolean>; vapidPublicKey: string };
    expect(view.vapidPublicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    const config = { ...view.config, smtp: { ...view.config.smtp, enabled: true, host: 'mail.school.lan', fromAddress: 'office@school.lan', password: 's3cret' } };
    const saved = (await t.app.inject({ method: 'PUT', url: '/api/admin/gateway', headers: { cookie: admin }, payload: config })).json() as typeof view;
    expect(saved.secrets.smtpPassword).toBe(true);
    expect(JSON.stringify(saved)).not.toContain('s3cret');
    // saving again without the password keeps it
    const again = (await t.app.inject({ method: 'PUT', url: '/api/admin/gateway', headers: { cookie: admin }, payload: { ...config, smtp: { ...config.smtp, password: undefined } } })).json() as typeof view;
    expect(again.secrets.smtpPassword).toBe(true);
    expect(t.app.services.gatewayConfig.get().smtp.password).toBe('s3cret');
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/admin/gateway', headers: { cookie: admin }, payload: { ...config, smtp: { ...config.smtp, host: '' } } }), 422, 'GATEWAY_CONFIG_INVALID');
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/admin/gateway', headers: { cookie: admin }, payload: { ...config, rates: { smsPerMinute: 0, emailPerMinute: 1, pushPerMinute: 1 } } }), 400, 'VALIDATION_FAILED');
    // the VAPID keys survive a restart (a new key would orphan every subscription)
    expect(t.app.services.gatewayConfig.keys().vapidPublicKey).toBe(view.vapidPublicKey);
  });
});
