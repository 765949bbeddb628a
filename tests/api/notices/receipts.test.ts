// The recipient's side: opening a notice reads it — its inbox item too, which stops the delivery ladder (a
// pending SMS rung is skipped as 'read'); confirmation by mode, with bad input refused; my list with its
// filters, pinned first, and the badge counts; expiry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, MINUTE } from '../../../server/lib/clock.js';
import type { NoticeCounts, NoticeDetail, NoticePage } from '../../../server/modules/notices/notices.dto.js';
import { expectProblem, makeApp, type TestApp } from '../../helpers/app.js';
import { attemptsOf, noticeSchool, ok, openNotice, publishNotice, recordingChannel, type NoticeSchool } from '../../helpers/notices.js';

let t: TestApp;
let s: NoticeSchool;
const email = recordingChannel('email');
const sms = recordingChannel('sms');
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

beforeAll(async () => {
  t = await makeApp({ clock: new FakeClock(new Date('2026-09-01T02:00:00Z')) });
  s = await noticeSchool(t.app);
  t.app.services.gateway.registerChannel(email);
  t.app.services.gateway.registerChannel(sms);
  // Only the recording email and SMS channels: the box's web push channel stays out of these rosters.
  const cfg = t.app.services.gatewayConfig;
  cfg.update({ ...cfg.get(), pushEnabled: false }, null);
}, 90_000);
afterAll(async () => t?.close());

const to = (...ids: string[]) => ({ all: false, departmentIds: [], roles: [], userIds: ids });
const confirm = (cookie: string, id: string, payload: Record<string, unknown> = {}) => t.app.inject({ method: 'POST', url: `/api/notices/${id}/confirm`, headers: { cookie }, payload });
const counts = async (cookie: string) => ok<NoticeCounts>(await t.app.inject({ method: 'GET', url: '/api/notices/counts', headers: { cookie } }), 200, 'counts');
const list = async (cookie: string, query = '') => ok<NoticePage>(await t.app.inject({ method: 'GET', url: `/api/notices${query}`, headers: { cookie } }), 200, 'list');

describe('reading stops the ladder', () => {
  it('an urgent notice: email now, SMS after 10 minutes only to whoever has not opened it', async () => {
    const n = await publishNotice(t.app, s.admin, { urgency: 'urgent', confirmMode: 'click', audience: to(s.academicTeacher.id, s.mathTeacher.id) });
    await t.app.services.gateway.dispatcher.drain();
    expect(email.sent.filter((m) => m.link === `/notices/${n.id}`).map((m) => m.userId).sort()).toEqual([s.academicTeacher.id, s.mathTeacher.id].sort());
    expect(attemptsOf(t.app, n.id, s.academicTeacher.id)).toEqual([
      { channel: 'email', step: 0, status: 'sent', reason: null },
      { channel: 'sms', step: 1, status: 'pending', reason: null },
    ]);

    // The academic teacher opens it: the receipt and the inbox item are read.
    const opened = await openNotice(t.app, s.academicTeacher.cookie, n.id);
    expect(opened.me).toMatchObject({ readAt: t.clock.now().toISOString(), confirmedAt: null });
    const item = t.app.services.db.sqlite.prepare(`SELECT read_at AS readAt FROM inbox_items WHERE user_id = ? AND source_id = ?`).get(s.academicTeacher.id, n.id) as { readAt: string };
    expect(item.readAt).toBe(t.clock.now().toISOString());

    t.clock.advance(11 * MINUTE);
    await t.app.services.gateway.dispatcher.drain();
    expect(attemptsOf(t.app, n.id, s.academicTeacher.id)[1]).toEqual({ channel: 'sms', step: 1, status: 'skipped', reason: 'read' });
    expect(attemptsOf(t.app, n.id, s.mathTeacher.id)[1]).toEqual({ channel: 'sms', step: 1, status: 'sent', reason: null });
    expect(sms.sent.map((m) => m.userId)).toEqual([s.mathTeacher.id]);
  });
});

describe('confirmation', () => {
  it('click: a confirmation, idempotent; a withdrawn notice cannot be confirmed', async () => {
    const n = await publishNotice(t.app, s.admin, { confirmMode: 'click', audience: to(s.logisticsTeacher.id) });
    const first = ok<NoticeDetail>(await confirm(s.logisticsTeacher.cookie, n.id), 200, 'confirm');
    expect(first.me).toMatchObject({ confirmedAt: t.clock.now().toISOString(), readAt: t.clock.now().toISOString(), comment: null, hasSignature: false });
    t.clock.advance(MINUTE);
    const again = ok<NoticeDetail>(await confirm(s.logisticsTeacher.cookie, n.id, { comment: '改了' }), 200, 'confirm again');
    expect(again.me).toEqual(first.me);
    // Someone who is not a recipient (the principal oversees it) has nothing to confirm.
    expectProblem(await confirm(s.principal.cookie, n.id), 409, 'NOTICE_CONFIRM_NOT_NEEDED');
    expectProblem(await confirm(s.mathTeacher.cookie, n.id), 404, 'NOTICE_NOT_FOUND');

    const w = await publishNotice(t.app, s.admin, { confirmMode: 'click', audience: to(s.logisticsTeacher.id) });
    ok(await t.app.inject({ method: 'POST', url: `/api/notices/${w.id}/withdraw`, headers: { cookie: s.admin }, payload: {} }), 200, 'withdraw');
    expectProblem(await confirm(s.logisticsTeacher.cookie, w.id), 409, 'NOTICE_WITHDRAWN');
  });

  it('comment: a comment is required', async () => {
    const n = await publishNotice(t.app, s.admin, { confirmMode: 'comment', audience: to(s.logisticsTeacher.id) });
    expectProblem(await confirm(s.logisticsTeacher.cookie, n.id), 400, 'NOTICE_CONFIRM_NEEDS_COMMENT');
    expectProblem(await confirm(s.logisticsTeacher.cookie, n.id, { comment: '   ' }), 400, 'NOTICE_CONFIRM_NEEDS_COMMENT');
    expectProblem(await confirm(s.logisticsTeacher.cookie, n.id, { comment: 'x'.repeat(501) }), 400, 'VALIDATION_FAILED');
    const done = ok<NoticeDetail>(await confirm(s.logisticsTeacher.cookie, n.id, { comment: ' 已知悉，按时到岗 ' }), 200, 'confirm');
    expect(done.me).toMatchObject({ comment: '已知悉，按时到岗', hasSignature: false });
  });

  it('signature: a PNG data URL of acceptable size is required', async () => {
    const n = await publishNotice(t.app, s.admin, { confirmMode: 'signature', audience: to(s.logisticsTeacher.id) });
    expectProblem(await confirm(s.logisticsTeacher.cookie, n.id, { comment: '好' }), 400, 'NOTICE_CONFIRM_NEEDS_SIGNATURE');
    expectProblem(await confirm(s.logisticsTeacher.cookie, n.id, { signature: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' }), 400, 'NOTICE_SIGNATURE_INVALID');
    expectProblem(await confirm(s.logisticsTeacher.cookie, n.id, { signature: 'data:image/png;base64,PHN2Zz48L3N2Zz4=' }), 400, 'NOTICE_SIGNATURE_INVALID');
    expectProblem(await confirm(s.logisticsTeacher.cookie, n.id, { signature: PNG.slice(0, 40) + 'A'.repeat(200_000) }), 400, 'NOTICE_SIGNATURE_INVALID');
    const done = ok<NoticeDetail>(await confirm(s.logisticsTeacher.cookie, n.id, { signature: PNG }), 200, 'confirm');
    expect(done.me).toMatchObject({ hasSignature: true, comment: null });
    // The author sees it as an image.
    const img = await t.app.inject({ method: 'GET', url: `/api/notices/${n.id}/roster/${s.logisticsTeacher.id}/signature`, headers: { cookie: s.admin } });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/notices/${n.id}/roster/${s.logisticsTeacher.id}/signature`, headers: { cookie: s.logisticsTeacher.cookie } }), 404, 'NOTICE_NOT_FOUND');
  });

  it('read: opening is the confirmation; none: nothing to confirm', async () => {
    const r = await publishNotice(t.app, s.admin, { confirmMode: 'read', audience: to(s.logisticsTeacher.id) });
    const opened = await openNotice(t.app, s.logisticsTeacher.cookie, r.id);
    expect(opened.me!.confirmedAt).toBe(opened.me!.readAt);
    const none = await publishNotice(t.app, s.admin, { confirmMode: 'none', audience: to(s.logisticsTeacher.id) });
    expectProblem(await confirm(s.logisticsTeacher.cookie, none.id), 409, 'NOTICE_CONFIRM_NOT_NEEDED');
    expect((await openNotice(t.app, s.logisticsTeacher.cookie, none.id)).me!.confirmedAt).toBeNull();
  });
});

describe('my notices', () => {
  it('filters, pinned first, categories, the badge counts and expiry', async () => {
    const me = s.logisticsHead;
    const a = await publishNotice(t.app, s.admin, { title: 'A 点击', confirmMode: 'click', category: 'safety', audience: to(me.id) });
    t.clock.advance(MINUTE);
    const b = await publishNotice(t.app, s.admin, { title: 'B 只读', confirmMode: 'none', category: 'teaching', audience: to(me.id) });
    t.clock.advance(MINUTE);
    const pinned = await publishNotice(t.app, s.admin, { title: 'C 置顶', confirmMode: 'read', pinned: true, category: 'admin', audience: to(me.id) });
    t.clock.advance(MINUTE);
    const expiring = await publishNotice(t.app, s.admin, { title: 'D 到期', confirmMode: 'click', category: 'logistics', audience: to(me.id), expiresAt: new Date(t.clock.now().getTime() + 30 * MINUTE).toISOString() });

    expect((await list(me.cookie)).items.map((i) => i.title)).toEqual(['C 置顶', 'D 到期', 'B 只读', 'A 点击']);
    expect(await counts(me.cookie)).toEqual({ unread: 4, unconfirmed: 2 });

    await openNotice(t.app, me.cookie, b.id);
    await openNotice(t.app, me.cookie, pinned.id);
    ok(await confirm(me.cookie, a.id), 200, 'confirm');
    expect(await counts(me.cookie)).toEqual({ unread: 1, unconfirmed: 1 });
    expect((await list(me.cookie, '?filter=unread')).items.map((i) => i.id)).toEqual([expiring.id]);
    expect((await list(me.cookie, '?filter=unconfirmed')).items.map((i) => i.id)).toEqual([expiring.id]);
    expect((await list(me.cookie, '?category=safety')).items.map((i) => i.id)).toEqual([a.id]);
    const page = await list(me.cookie, '?limit=2');
    expect(page.items.map((i) => i.id)).toEqual([pinned.id, expiring.id]);
    expect(page.counts).toEqual({ unread: 1, unconfirmed: 1 });
    expect((await list(me.cookie, `?limit=2&cursor=${page.nextCursor}`)).items.map((i) => i.id)).toEqual([b.id, a.id]);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/notices?cursor=nonsense', headers: { cookie: me.cookie } }), 400, 'NOTICE_BAD_CURSOR');

    // Expiry: out of the default list and counts, under 'expired'; its pending escalations are cancelled.
    const pendingBefore = attemptsOf(t.app, expiring.id, me.id).filter((x) => x.status === 'pending');
    expect(pendingBefore.length).toBeGreaterThan(0);
    t.clock.advance(31 * MINUTE);
    await t.app.services.jobs.drain();
    expect((await list(me.cookie)).items.map((i) => i.id)).not.toContain(expiring.id);
    const expired = await list(me.cookie, '?filter=expired');
    expect(expired.items.map((i) => i.id)).toEqual([expiring.id]);
    expect(expired.items[0]!.expired).toBe(true);
    expect(await counts(me.cookie)).toEqual({ unread: 0, unconfirmed: 0 });
    expect(attemptsOf(t.app, expiring.id, me.id).filter((x) => x.status === 'pending')).toEqual([]);
    expect(attemptsOf(t.app, expiring.id, me.id).filter((x) => x.reason === 'expired').length).toBe(pendingBefore.length);
    // Still readable.
    expect((await openNotice(t.app, me.cookie, expiring.id)).expired).toBe(true);
  });
});
