// The publisher's side: the roster with its filters and counts and the channels that reached each person,
// live roster events (throttled), "remind those left" at most once per 5 minutes, edits with history,
// withdrawal (pending deliveries cancelled, content hidden), attachments, the XLSX export, the audit trail.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeClock, MINUTE } from '../../../server/lib/clock.js';
import type { NoticeDetail, NoticeRoster, NoticeVersions, RemindResult } from '../../../server/modules/notices/notices.dto.js';
import { expectProblem, makeApp, type TestApp } from '../../helpers/app.js';
import { spacesOf, uploadFile } from '../../helpers/files.js';
import { attemptsOf, noticeInput, noticeSchool, ok, openNotice, publishNotice, recordingChannel, userIdsOf, type NoticeSchool } from '../../helpers/notices.js';

let t: TestApp;
let s: NoticeSchool;
const email = recordingChannel('email');
const sms = recordingChannel('sms');

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

const roster = async (cookie: string, id: string, query = '') => ok<NoticeRoster>(await t.app.inject({ method: 'GET', url: `/api/notices/${id}/roster${query}`, headers: { cookie } }), 200, 'roster');
const remind = (cookie: string, id: string) => t.app.inject({ method: 'POST', url: `/api/notices/${id}/remind`, headers: { cookie } });
const confirm = (cookie: string, id: string) => t.app.inject({ method: 'POST', url: `/api/notices/${id}/confirm`, headers: { cookie }, payload: {} });
const toAcademic = { all: false, departmentIds: [] as string[], roles: [] as never[], userIds: [] as string[] };
const auditEvents = (id: string) =>
  (t.app.services.db.sqlite.prepare(`SELECT event FROM audit_log WHERE target_type = 'notice' AND target_id = ? ORDER BY id`).all(id) as { event: string }[]).map((r) => r.event);
const rosterEvents = (userId: string, noticeId: string) =>
  (t.app.services.db.sqlite
    .prepare(`SELECT count(*) AS n FROM realtime_events e JOIN realtime_deliveries d ON d.event_id = e.id WHERE e.name = 'notices.roster' AND d.user_id = ? AND e.payload = ?`)
    .get(userId, JSON.stringify({ noticeId })) as { n: number }).n;

describe('roster', () => {
  it('counts, filters (not read, not confirmed, department with its sub-departments), channels that reached each person', async () => {
    const n = await publishNotice(t.app, s.academicHead.cookie, { urgency: 'important', confirmMode: 'click', audience: { ...toAcademic, departmentIds: [s.depts.academic] } });
    await t.app.services.gateway.dispatcher.drain();
    await openNotice(t.app, s.academicTeacher.cookie, n.id);
    ok(await confirm(s.mathTeacher.cookie, n.id), 200, 'confirm');

    const all = await roster(s.academicHead.cookie, n.id);
    expect(all.counts).toEqual({ total: 3, delivered: 3, read: 2, unread: 1, confirmed: 1, unconfirmed: 2 });
    // By department (org chart order), then name in pinyin order (李 li before 钱 qian).
    expect(all.items.map((i) => i.displayName)).toEqual(['李老师', '钱主任', '陈老师']);
    expect(all.departments.map((d) => [d.name, d.counts.total, d.counts.confirmed])).toEqual([['教务处', 2, 0], ['数学教研组', 1, 1]]);
    const teacher = all.items.find((i) => i.userId === s.academicTeacher.id)!;
    expect(teacher).toMatchObject({ departmentName: '教务处', confirmedAt: null, remindedCount: 0, reachedBy: ['email'] });
    expect(teacher.readAt).not.toBeNull();
    // important = push + email now, SMS after 2 hours unless read: the reader's SMS rung is still planned, skipped when due.
    expect(teacher.attempts.map((a) => [a.channel, a.step, a.status])).toEqual([['email', 0, 'sent'], ['sms', 1, 'pending']]);

    const ids = async (q: string) => (await roster(s.academicHead.cookie, n.id, q)).items.map((i) => i.userId).sort();
    expect(await ids('?filter=unread')).toEqual([s.academicHead.id]);
    expect(await ids('?filter=read')).toEqual(userIdsOf(s.academicTeacher, s.mathTeacher));
    expect(await ids('?filter=unconfirmed')).toEqual(userIdsOf(s.academicHead, s.academicTeacher));
    expect(await ids('?filter=confirmed')).toEqual([s.mathTeacher.id]);
    expect(await ids(`?departmentId=${s.depts.academic}`)).toEqual(userIdsOf(s.academicHead, s.academicTeacher, s.mathTeacher));
    expect(await ids(`?departmentId=${s.depts.math}&filter=unconfirmed`)).toEqual([]);
    const first = await roster(s.academicHead.cookie, n.id, '?limit=2');
    expect(first.items).toHaveLength(2);
    const rest = await roster(s.academicHead.cookie, n.id, `?limit=2&cursor=${first.nextCursor}`);
    expect(rest.items.map((i) => i.displayName)).toEqual(['陈老师']);
    expect(rest.nextCursor).toBeNull();

    // The principal oversees it; a recipient does not; another department's head sees nothing at all.
    expect((await roster(s.principal.cookie, n.id)).counts.total).toBe(3);
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/notices/${n.id}/roster`, headers: { cookie: s.academicTeacher.cookie } }), 404, 'NOTICE_NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/notices/${n.id}/roster`, headers: { cookie: s.logisticsHead.cookie } }), 404, 'NOTICE_NOT_FOUND');
  });

  it('the author gets roster events, at most one per notice per interval (not one per receipt)', async () => {
    const n = await publishNotice(t.app, s.admin, { confirmMode: 'click', audience: { ...toAcademic, departmentIds: [s.depts.academic] } });
    for (const m of [s.academicHead, s.academicTeacher, s.mathTeacher]) ok(await confirm(m.cookie, n.id), 200, 'confirm');
    expect(rosterEvents(s.adminId, n.id)).toBe(1);
    // The receipts after the first are coalesced into one trailing event.
    await vi.waitFor(() => expect(rosterEvents(s.adminId, n.id)).toBe(2), { timeout: 10_000, interval: 100 });
  });
});

describe('remind those left', () => {
  it('at most once per 5 minutes (429 with Retry-After), then only those who have not confirmed', async () => {
    const n = await publishNotice(t.app, s.admin, { confirmMode: 'click', audience: { ...toAcademic, departmentIds: [s.depts.academic] } });
    ok(await confirm(s.academicHead.cookie, n.id), 200, 'confirm');
    const first = ok<RemindResult>(await remind(s.admin, n.id), 200, 'remind');
    expect(first).toEqual({ reminded: 2, nextAllowedAt: new Date(t.clock.now().getTime() + 5 * MINUTE).toISOString() });

    t.clock.advance(2 * MINUTE);
    const early = await remind(s.admin, n.id);
    const p = expectProblem(early, 429, 'NOTICE_REMIND_TOO_SOON');
    expect(p.retryAfterSeconds).toBe(180);
    expect(early.headers['retry-after']).toBe('180');
    expect((await roster(s.admin, n.id)).remindAllowedAt).toBe(first.nextAllowedAt);

    ok(await confirm(s.mathTeacher.cookie, n.id), 200, 'confirm');
    t.clock.advance(3 * MINUTE);
    expect(ok<RemindResult>(await remind(s.admin, n.id), 200, 'remind again').reminded).toBe(1);
    const reminders = t.app.services.db.sqlite
      .prepare(`SELECT user_id AS userId, count(*) AS n FROM inbox_items WHERE source_id = ? AND kind = 'notice.reminder' GROUP BY user_id ORDER BY user_id`)
      .all(n.id);
    expect(reminders).toEqual(
      [{ userId: s.academicTeacher.id, n: 2 }, { userId: s.mathTeacher.id, n: 1 }].sort((a, b) => a.userId.localeCompare(b.userId)),
    );
    const r = await roster(s.admin, n.id);
    expect(Object.fromEntries(r.items.map((i) => [i.userId, i.remindedCount]))).toEqual({ [s.academicHead.id]: 0, [s.academicTeacher.id]: 2, [s.mathTeacher.id]: 1 });
    expect(auditEvents(n.id)).toEqual(['notices.published', 'notices.reminded', 'notices.reminded']);
  });

  it('mode none reminds those who have not read it; a recipient may not remind', async () => {
    const n = await publishNotice(t.app, s.admin, { confirmMode: 'none', audience: { ...toAcademic, userIds: [s.logisticsTeacher.id, s.logisticsHead.id] } });
    await openNotice(t.app, s.logisticsHead.cookie, n.id);
    expectProblem(await remind(s.logisticsTeacher.cookie, n.id), 404, 'NOTICE_NOT_FOUND');
    expect(ok<RemindResult>(await remind(s.admin, n.id), 200, 'remind').reminded).toBe(1);
  });
});

describe('edit with history, withdraw', () => {
  it('a published edit keeps the old text as a version and may notify everyone again', async () => {
    const n = await publishNotice(t.app, s.admin, { urgency: 'urgent', title: '停电通知', bodyHtml: '<p>周三停电</p>', audience: { ...toAcademic, userIds: [s.logisticsTeacher.id] } });
    await t.app.services.gateway.dispatcher.drain();
    expect(attemptsOf(t.app, n.id, s.logisticsTeacher.id).map((a) => a.status)).toEqual(['sent', 'pending']);
    t.clock.advance(MINUTE);
    const revise = (body: Record<string, unknown>, cookie = s.admin) =>
      t.app.inject({
        method: 'POST', url: `/api/notices/${n.id}/revisions`, headers: { cookie },
        payload: { title: '停电通知', bodyHtml: '<p>周三停电</p>', category: 'teaching', urgency: 'urgent', pinned: false, attachmentIds: [], expiresAt: null, notifyAgain: false, ...body },
      });
    expectProblem(await revise({ title: '偷改' }, s.logisticsTeacher.cookie), 404, 'NOTICE_NOT_FOUND');
    const v2 = ok<NoticeDetail>(await revise({ bodyHtml: '<p>周四停电<script>x</script></p>', notifyAgain: true }), 200, 'revise');
    expect(v2).toMatchObject({ version: 2, bodyHtml: '<p>周四停电</p>', editedAt: t.clock.now().toISOString() });
    // The updated message replaces the old chase: the first SMS rung is cancelled, a new ladder starts.
    const attempts = attemptsOf(t.app, n.id, s.logisticsTeacher.id);
    expect(attempts[1]).toEqual({ channel: 'sms', step: 1, status: 'cancelled', reason: 'superseded' });
    const kinds = t.app.services.db.sqlite.prepare(`SELECT kind FROM inbox_items WHERE source_id = ? ORDER BY id`).all(n.id);
    expect(kinds).toEqual([{ kind: 'notice.published' }, { kind: 'notice.updated' }]);

    // Pinning is not a new version.
    expect(ok<NoticeDetail>(await revise({ bodyHtml: '<p>周四停电</p>', pinned: true }), 200, 'pin')).toMatchObject({ version: 2, pinned: true });
    const history = ok<NoticeVersions>(await t.app.inject({ method: 'GET', url: `/api/notices/${n.id}/versions`, headers: { cookie: s.logisticsTeacher.cookie } }), 200, 'versions');
    expect(history.current).toBe(2);
    expect(history.items).toMatchObject([{ version: 1, title: '停电通知', bodyHtml: '<p>周三停电</p>', by: { displayName: '王校办' }, replacedAt: v2.editedAt }]);
    expect(auditEvents(n.id)).toEqual(['notices.published', 'notices.edited', 'notices.edited']);
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/notices/${n.id}`, headers: { cookie: s.admin }, payload: noticeInput() }), 409, 'NOTICE_NOT_EDITABLE');
  });

  it('withdrawal cancels pending deliveries and hides the content from recipients', async () => {
    const n = await publishNotice(t.app, s.admin, { urgency: 'urgent', title: '撤回测试', bodyHtml: '<p>内容</p>', audience: { ...toAcademic, userIds: [s.logisticsTeacher.id, s.logisticsHead.id] } });
    await t.app.services.gateway.dispatcher.drain();
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/notices/${n.id}/withdraw`, headers: { cookie: s.logisticsHead.cookie }, payload: {} }), 404, 'NOTICE_NOT_FOUND');
    const w = ok<NoticeDetail>(await t.app.inject({ method: 'POST', url: `/api/notices/${n.id}/withdraw`, headers: { cookie: s.admin }, payload: { reason: '发错了' } }), 200, 'withdraw');
    expect(w).toMatchObject({ status: 'withdrawn', withdrawReason: '发错了', bodyHtml: '<p>内容</p>' });
    for (const m of [s.logisticsTeacher, s.logisticsHead]) {
      expect(attemptsOf(t.app, n.id, m.id).map((a) => [a.channel, a.status, a.reason])).toEqual([['email', 'sent', null], ['sms', 'cancelled', 'withdrawn']]);
    }
    t.clock.advance(11 * MINUTE);
    await t.app.services.gateway.dispatcher.drain();
    expect(sms.sent.filter((m) => m.link === `/notices/${n.id}`)).toEqual([]);
    const seen = await openNotice(t.app, s.logisticsTeacher.cookie, n.id);
    expect(seen).toMatchObject({ status: 'withdrawn', title: '撤回测试', bodyHtml: '', attachments: [], canManage: false });
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/notices/${n.id}/withdraw`, headers: { cookie: s.admin }, payload: {} }), 409, 'NOTICE_NOT_PUBLISHED');
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/notices/${n.id}/revisions`, headers: { cookie: s.admin }, payload: { title: 'x', bodyHtml: '', category: 'general', urgency: 'normal', pinned: false, attachmentIds: [], expiresAt: null, notifyAgain: false } }), 409, 'NOTICE_NOT_EDITABLE');
    expectProblem(await remind(s.admin, n.id), 409, 'NOTICE_NOT_PUBLISHED');
    expect(auditEvents(n.id)).toEqual(['notices.published', 'notices.withdrawn']);
  });
});

describe('attachments', () => {
  it('only files the author may download; recipients download them through the notice', async () => {
    const mine = await uploadFile(t.app, s.admin, { parentId: (await spacesOf(t.app, s.admin)).personal.id, name: '考场安排.txt', data: '第一考场 101' });
    const clerks = await uploadFile(t.app, s.clerk.cookie, { parentId: (await spacesOf(t.app, s.clerk.cookie)).personal.id, name: '私人.txt', data: '私人文件' });
    const refused = await t.app.inject({ method: 'POST', url: '/api/notices', headers: { cookie: s.admin }, payload: noticeInput({ attachmentIds: [clerks.node.id] }) });
    expect(expectProblem(refused, 400, 'NOTICE_ATTACHMENT_UNREADABLE').fileIds).toEqual([clerks.node.id]);

    const n = await publishNotice(t.app, s.admin, { attachmentIds: [mine.node.id], audience: { ...toAcademic, userIds: [s.logisticsTeacher.id] } });
    expect(n.attachments).toEqual([{ id: mine.node.id, name: '考场安排.txt', size: Buffer.byteLength('第一考场 101'), mime: expect.any(String) }]);
    const file = await t.app.inject({ method: 'GET', url: `/api/notices/${n.id}/attachments/${mine.node.id}`, headers: { cookie: s.logisticsTeacher.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('第一考场 101');
    expect(String(file.headers['content-disposition'])).toContain("filename*=UTF-8''");
    // The teacher cannot read the file in the documents store itself; a file not on the notice is not served.
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/notices/${n.id}/attachments/${clerks.node.id}`, headers: { cookie: s.logisticsTeacher.cookie } }), 404, 'NOTICE_ATTACHMENT_NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/notices/${n.id}/attachments/${mine.node.id}`, headers: { cookie: s.mathTeacher.cookie } }), 404, 'NOTICE_NOT_FOUND');
  });
});

describe('export', () => {
  it('the roster as XLSX with Chinese headers and school-clock times', async () => {
    const n = await publishNotice(t.app, s.admin, { title: '家长会/安排', confirmMode: 'comment', urgency: 'important', audience: { ...toAcademic, departmentIds: [s.depts.academic] } });
    await t.app.services.gateway.dispatcher.drain();
    const publishedLocal = '2026-09-01 ' + new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t.clock.now());
    ok(await t.app.inject({ method: 'POST', url: `/api/notices/${n.id}/confirm`, headers: { cookie: s.mathTeacher.cookie }, payload: { comment: '收到' } }), 200, 'confirm');

    expectProblem(await t.app.inject({ method: 'GET', url: `/api/notices/${n.id}/export.xlsx`, headers: { cookie: s.mathTeacher.cookie } }), 404, 'NOTICE_NOT_FOUND');
    const res = await t.app.inject({ method: 'GET', url: `/api/notices/${n.id}/export.xlsx`, headers: { cookie: s.clerk.cookie } });
    // The clerk sees other people's rosters only once the admin lists them as a school-wide publisher.
    expectProblem(res, 404, 'NOTICE_NOT_FOUND');
    ok(await t.app.inject({ method: 'PUT', url: '/api/admin/notices/settings', headers: { cookie: s.admin }, payload: { publisherIds: [s.clerk.id] } }), 200, 'settings');
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/notices/${n.id}/export.xlsx`, headers: { cookie: s.clerk.cookie } });
    expect(xlsx.statusCode).toBe(200);
    expect(String(xlsx.headers['content-disposition'])).toContain(encodeURIComponent('家长会_安排-回执.xlsx'));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('回执')!;
    const rows = sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['姓名', '部门', '送达', '已读', '已确认', '意见', '渠道']);
    expect(rows.slice(1)).toEqual([
      ['李老师', '教务处', publishedLocal, '', '', '', '邮件'],
      ['钱主任', '教务处', publishedLocal, '', '', '', '邮件'],
      ['陈老师', '数学教研组', publishedLocal, publishedLocal, publishedLocal, '收到', '邮件'],
    ]);
    const summary = wb.getWorksheet('概况')!;
    expect(summary.getCell('B1').value).toBe('家长会/安排');
    expect(auditEvents(n.id)).toEqual(['notices.published', 'notices.exported']);
  });
});
