// Web push against a real push-service endpoint on 127.0.0.1: the request carries a VAPID JWT that verifies
// with the box's public key and a body the synthetic subscription's keys decrypt (http_ece, aes128gcm);
// expired subscriptions (410) are removed and the ladder goes on; transient failures are retried.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../server/lib/clock.js';
import type { AttemptRow } from '../../../server/modules/gateway/gateway.repo.js';
import { createStaff, expectProblem, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { startPushService, type PushService, type SyntheticDevice } from '../../helpers/push-service.js';

// 10:00 in Shanghai: outside the default quiet hours (22:00–07:00), so nothing is deferred.
const MORNING = new Date('2026-09-01T02:00:00Z');
const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

describe('web push', () => {
  let t: TestApp;
  let push: PushService;
  let admin: string;
  let teacher: { id: string; cookie: string };

  beforeEach(async () => {
    push = await startPushService();
    t = await makeApp({ clock: new FakeClock(MORNING), config: { push: { extraHosts: ['http://127.0.0.1'] } } });
    admin = await setupSchool(t.app);
    const staff = await createStaff(t.app, admin, { username: 'teacher1', displayName: '李老师' });
    teacher = { id: staff.person.id, cookie: staff.cookie };
  });
  afterEach(async () => {
    await t.close();
    await push.close();
  });

  const subscribe = (cookie: string, device: SyntheticDevice, extra: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/push/subscriptions', headers: { cookie, 'user-agent': ANDROID_UA }, payload: { endpoint: device.endpoint, keys: device.keys, ...extra } });
  const attempts = (itemId: string) =>
    t.app.services.db.sqlite.prepare(`SELECT * FROM delivery_attempts WHERE item_id = ? AND channel != 'live' ORDER BY step, channel`).all(itemId) as AttemptRow[];
  const subscriptionCount = (endpoint: string) =>
    (t.app.services.db.sqlite.prepare('SELECT count(*) AS n FROM push_subscriptions WHERE endpoint = ?').get(endpoint) as { n: number }).n;
  const deliver = (urgency: 'normal' | 'high' | 'urgent' = 'normal') =>
    t.app.services.gateway.deliver([teacher.id], {
      kind: 'notice.published', category: 'notice.admin', urgency,
      title: '关于期末考试安排的通知', body: '请各年级组于本周五前提交监考安排。\n\n考场安排见附件。', link: '/notices/01j9examweek',
    }).get(teacher.id)!;
  /** Two rungs of push for normal messages: the second one shows the ladder going on after the first. */
  const twoPushRungs = () => {
    const cfg = t.app.services.gatewayConfig;
    cfg.update({ ...cfg.get(), policy: { ...cfg.get().policy, normal: [{ afterMinutes: 0, channels: ['webpush'] }, { afterMinutes: 60, channels: ['webpush'] }] } }, null);
  };

  it('every route requires authentication', async () => {
    for (const [method, url] of [['GET', '/api/push/key'], ['GET', '/api/push/subscriptions'], ['POST', '/api/push/subscriptions'], ['DELETE', '/api/push/subscriptions']] as const) {
      expectProblem(await t.app.inject({ method, url, payload: method === 'POST' || method === 'DELETE' ? {} : undefined }), 401, 'UNAUTHENTICATED');
    }
  });

  it("gives the box's VAPID key; subscribes, updates, lists and removes my devices", async () => {
    const key = (await t.app.inject({ method: 'GET', url: '/api/push/key', headers: { cookie: teacher.cookie } })).json();
    expect(key).toEqual({ publicKey: t.app.services.gatewayConfig.keys().vapidPublicKey, enabled: true });
    expect(Buffer.from(key.publicKey, 'base64url')).toHaveLength(65);

    const phone = push.device();
    // Exactly what PushSubscription.toJSON() gives in a browser.
    const created = await subscribe(teacher.cookie, phone, { expirationTime: null });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ device: 'Chrome · Android', endpoint: phone.endpoint, lastSuccessAt: null, failures: 0 });

    // The same browser again with new keys: the row is updated, not doubled.
    const renewed = push.device();
    const again = await subscribe(teacher.cookie, { ...phone, keys: renewed.keys }, { device: '办公室电脑' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: created.json().id, device: '办公室电脑' });
    const row = t.app.services.db.sqlite.prepare('SELECT p256dh, auth FROM push_subscriptions WHERE endpoint = ?').get(phone.endpoint);
    expect(row).toEqual({ p256dh: renewed.keys.p256dh, auth: renewed.keys.auth });

    const list = (await t.app.inject({ method: 'GET', url: '/api/push/subscriptions', headers: { cookie: teacher.cookie } })).json();
    expect(list.items.map((d: { endpoint: string }) => d.endpoint)).toEqual([phone.endpoint]);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/me/delivery', headers: { cookie: teacher.cookie } })).json();
    expect(mine.pushDevices).toBe(1);
    expect(mine.channels.find((c: { channel: string }) => c.channel === 'webpush')).toEqual({ channel: 'webpush', enabled: true, reachable: true });

    // Someone else's endpoint cannot be removed by me; my own can (twice is fine).
    const del = (cookie: string) => t.app.inject({ method: 'DELETE', url: '/api/push/subscriptions', headers: { cookie }, payload: { endpoint: phone.endpoint } });
    expect((await del(admin)).statusCode).toBe(204);
    expect(subscriptionCount(phone.endpoint)).toBe(1);
    expect((await del(teacher.cookie)).statusCode).toBe(204);
    expect((await del(teacher.cookie)).statusCode).toBe(204);
    expect(subscriptionCount(phone.endpoint)).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: '/api/me/delivery', headers: { cookie: teacher.cookie } })).json().pushDevices).toBe(0);
  });

  it('a shared browser follows the person signed in on it', async () => {
    const shared = push.device();
    expect((await subscribe(teacher.cookie, shared)).statusCode).toBe(201);
    expect((await subscribe(admin, shared)).statusCode).toBe(200);
    const owner = t.app.services.db.sqlite.prepare('SELECT user_id FROM push_subscriptions WHERE endpoint = ?').get(shared.endpoint) as { user_id: string };
    expect(owner.user_id).toBe(t.app.services.org.userByUsername('admin')!.id);
    expect(t.app.services.gateway.channel('webpush')!.reachable([teacher.id, owner.user_id])).toEqual(new Set([owner.user_id]));
  });

  it('refuses bad input and endpoints that are not push services', async () => {
    const good = push.device();
    const post = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/push/subscriptions', headers: { cookie: teacher.cookie }, payload: payload as Record<string, unknown> });
    expectProblem(await post({ endpoint: good.endpoint }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ endpoint: 'ftp://fcm.googleapis.com/x', keys: good.keys }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ endpoint: good.endpoint, keys: { p256dh: 'not base64!'.repeat(9), auth: good.keys.auth } }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ endpoint: good.endpoint, keys: good.keys, extra: 1 }), 400, 'VALIDATION_FAILED');
    // Well-formed base64url but no P-256 point: refused before it could break every later send.
    expectProblem(await post({ endpoint: good.endpoint, keys: { p256dh: Buffer.alloc(65, 7).toString('base64url'), auth: good.keys.auth } }), 422, 'PUSH_KEYS_INVALID');

    for (const endpoint of ['https://push.evil.example/x', 'http://127.0.0.2:9/push', 'https://192.168.1.10/api/admin', 'http://fcm.googleapis.com/fcm/send/x', 'https://fcm.googleapis.com.evil.example/x']) {
      const body = expectProblem(await post({ endpoint, keys: good.keys }), 422, 'PUSH_ENDPOINT_NOT_ALLOWED');
      expect(body.host).toBe(new URL(endpoint).host);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/push/subscriptions', headers: { cookie: teacher.cookie } })).json().items).toEqual([]);
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/push/subscriptions', headers: { cookie: teacher.cookie }, payload: {} }), 400, 'VALIDATION_FAILED');

    // Push switched off by the admin: nothing new is accepted, the key says so.
    const cfg = t.app.services.gatewayConfig;
    cfg.update({ ...cfg.get(), pushEnabled: false }, null);
    expectProblem(await post({ endpoint: good.endpoint, keys: good.keys }), 409, 'CHANNEL_NOT_CONFIGURED');
    expect((await t.app.inject({ method: 'GET', url: '/api/push/key', headers: { cookie: teacher.cookie } })).json().enabled).toBe(false);
  });

  it('sends an encrypted, VAPID-signed message the subscription decrypts', async () => {
    const phone = push.device();
    const laptop = push.device(202);
    await subscribe(teacher.cookie, phone);
    await subscribe(teacher.cookie, laptop);
    const itemId = deliver('urgent');
    await t.app.services.gateway.dispatcher.drain();

    expect(push.rejected).toEqual([]);
    expect(push.received.map((r) => r.device.endpoint).sort()).toEqual([phone.endpoint, laptop.endpoint].sort());
    const got = push.received.find((r) => r.device === phone)!;
    expect(got.k).toBe(t.app.services.gatewayConfig.keys().vapidPublicKey);
    expect(got.jwt.aud).toBe(push.origin);
    expect(got.headers.urgency).toBe('high');
    expect(Number(got.headers.ttl)).toBeGreaterThan(0);
    expect(got.headers.topic).toBe(itemId);
    expect(got.payload).toEqual({
      title: '关于期末考试安排的通知',
      body: '请各年级组于本周五前提交监考安排。 考场安排见附件。',
      link: '/notices/01j9examweek',
      itemId,
      urgency: 'urgent',
      unread: t.app.services.inbox.unreadCount(teacher.id),
      tag: itemId,
      lang: 'zh-CN',
    });
    expect(got.payload.unread).toBe(2); // the welcome message and this one

    expect(attempts(itemId).map((a) => [a.channel, a.step, a.status, a.detail])).toEqual([['webpush', 0, 'sent', '2/2 devices']]);
    const rows = t.app.services.db.sqlite.prepare('SELECT last_success_at FROM push_subscriptions WHERE user_id = ?').all(teacher.id);
    expect(rows).toEqual([{ last_success_at: MORNING.toISOString() }, { last_success_at: MORNING.toISOString() }]);
  });

  it('a normal message goes with normal urgency, a long body is shortened', async () => {
    const phone = push.device();
    await subscribe(teacher.cookie, phone);
    const itemId = t.app.services.gateway.deliver([teacher.id], { kind: 'task.due', category: 'task', title: '周报', body: '很长的说明'.repeat(100) }).get(teacher.id)!;
    await t.app.services.gateway.dispatcher.drain();
    expect(push.received).toHaveLength(1);
    expect(push.received[0]!.headers.urgency).toBe('normal');
    expect((push.received[0]!.payload.body as string).length).toBe(200);
    expect(push.received[0]!.payload).toMatchObject({ itemId, link: '/inbox', urgency: 'normal' });
  });

  it('410: the subscription is removed, the attempt finds nobody and the next rung comes forward', async () => {
    twoPushRungs();
    const old = push.device(410);
    await subscribe(teacher.cookie, old);
    const itemId = deliver();
    expect(attempts(itemId).map((a) => [a.step, a.status, a.due_at])).toEqual([
      [0, 'pending', MORNING.toISOString()],
      [1, 'pending', new Date(MORNING.getTime() + 3_600_000).toISOString()],
    ]);
    await t.app.services.gateway.dispatcher.drain();

    expect(push.received).toHaveLength(1); // it did reach the service, which said "gone"
    expect(subscriptionCount(old.endpoint)).toBe(0);
    const [first, second] = attempts(itemId);
    expect(first).toMatchObject({ step: 0, status: 'skipped', reason: 'no_address', tries: 1 });
    expect(first!.detail).toContain('410');
    // The hour-later rung was pulled forward to now, and found no device either.
    expect(second).toMatchObject({ step: 1, status: 'skipped', reason: 'no_address', due_at: MORNING.toISOString() });
    expect(push.received).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/me/delivery', headers: { cookie: teacher.cookie } })).json().channels[0]).toEqual({ channel: 'webpush', enabled: true, reachable: false });
  });

  it('one expired device of two: the other gets it, the expired one is removed', async () => {
    const gone = push.device(410);
    const alive = push.device();
    await subscribe(teacher.cookie, gone);
    await subscribe(teacher.cookie, alive);
    const itemId = deliver();
    await t.app.services.gateway.dispatcher.drain();
    expect(attempts(itemId)[0]).toMatchObject({ status: 'sent', detail: '1/2 devices' });
    expect(subscriptionCount(gone.endpoint)).toBe(0);
    expect(subscriptionCount(alive.endpoint)).toBe(1);
  });

  it('500 and a refused connection are retried with back-off; the retry goes through', async () => {
    const flaky = push.device(500);
    await subscribe(teacher.cookie, flaky);
    const itemId = deliver();
    await t.app.services.gateway.dispatcher.drain();
    expect(attempts(itemId)[0]).toMatchObject({ status: 'pending', reason: 'retrying', tries: 1, due_at: new Date(MORNING.getTime() + 30_000).toISOString() });
    expect(attempts(itemId)[0]!.detail).toContain('500');
    const sub = t.app.services.db.sqlite.prepare('SELECT failures, last_failure_at FROM push_subscriptions WHERE endpoint = ?').get(flaky.endpoint);
    expect(sub).toEqual({ failures: 1, last_failure_at: MORNING.toISOString() });

    // Nothing is due before the back-off ends.
    expect(await t.app.services.gateway.dispatcher.drain()).toBe(0);
    flaky.answer = 201;
    t.clock.advance(30_000);
    await t.app.services.gateway.dispatcher.drain();
    expect(attempts(itemId)[0]).toMatchObject({ status: 'sent', tries: 2 });
    expect(push.received).toHaveLength(2);
    expect(t.app.services.db.sqlite.prepare('SELECT failures FROM push_subscriptions WHERE endpoint = ?').get(flaky.endpoint)).toEqual({ failures: 0 });

    // A push service that is not there at all (connection refused) is transient too.
    const closed = push.device();
    await subscribe(admin, { ...closed, endpoint: 'http://127.0.0.1:9/push/nobody-listens' });
    const adminId = t.app.services.org.userByUsername('admin')!.id;
    const other = t.app.services.gateway.deliver([adminId], { kind: 'system', category: 'system', title: '测试' }).get(adminId)!;
    await t.app.services.gateway.dispatcher.drain();
    expect(attempts(other)[0]).toMatchObject({ status: 'pending', reason: 'retrying', tries: 1 });
  });

  it('403 (a key the push service does not know) fails for good and escalates', async () => {
    twoPushRungs();
    const wrong = push.device(403);
    await subscribe(teacher.cookie, wrong);
    const itemId = deliver();
    await t.app.services.gateway.dispatcher.drain();
    const [first, second] = attempts(itemId);
    expect(first).toMatchObject({ step: 0, status: 'failed', reason: 'rejected', tries: 1 });
    expect(second).toMatchObject({ step: 1, due_at: MORNING.toISOString() });
    expect(subscriptionCount(wrong.endpoint)).toBe(1); // kept: the person sees it failing on their page
  });
});
