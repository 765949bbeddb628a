// Publishing notices: who may publish to whom (department subtrees, roles, named people; a department head
// only inside their departments; the admin's school-wide publishers), drafts and what recipients see,
// scheduled publication by the job queue, and the same 404 for notices one may not see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, MINUTE } from '../../../server/lib/clock.js';
import type { NoticeDetail, NoticePage, PublishScope } from '../../../server/modules/notices/notices.dto.js';
import { expectProblem, makeApp, type TestApp } from '../../helpers/app.js';
import { createDraft, noticeInput, noticeSchool, ok, openNotice, publishNotice, userIdsOf, type NoticeSchool } from '../../helpers/notices.js';

let t: TestApp;
let s: NoticeSchool;
const recipientsOf = (id: string) =>
  (t.app.services.db.sqlite.prepare('SELECT user_id AS id FROM notice_recipients WHERE notice_id = ? ORDER BY user_id').all(id) as { id: string }[]).map((r) => r.id);

beforeAll(async () => {
  t = await makeApp({ clock: new FakeClock(new Date('2026-09-01T02:00:00Z')) });
  s = await noticeSchool(t.app);
}, 90_000);
afterAll(async () => t?.close());

describe('notices: authentication and publishing rights', () => {
  it('every route needs a session', async () => {
    for (const [method, url] of [['GET', '/api/notices'], ['GET', '/api/notices/counts'], ['POST', '/api/notices'], ['GET', '/api/admin/notices/settings']] as const) {
      expectProblem(await t.app.inject({ method, url, payload: method === 'POST' ? noticeInput() : undefined }), 401, 'UNAUTHENTICATED');
    }
  });

  it('a teacher may not write notices; the scope says so', async () => {
    const scope = ok<PublishScope>(await t.app.inject({ method: 'GET', url: '/api/notices/scope', headers: { cookie: s.academicTeacher.cookie } }), 200, 'scope');
    expect(scope).toEqual({ canPublish: false, schoolWide: false, departmentIds: [], oversees: false });
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/notices', headers: { cookie: s.academicTeacher.cookie }, payload: noticeInput() }), 403, 'NOTICES_FORBIDDEN');
  });

  it('a department head reaches their department subtree only', async () => {
    const scope = ok<PublishScope>(await t.app.inject({ method: 'GET', url: '/api/notices/scope', headers: { cookie: s.academicHead.cookie } }), 200, 'scope');
    expect(scope.schoolWide).toBe(false);
    expect([...scope.departmentIds].sort()).toEqual([s.depts.academic, s.depts.math].sort());

    const post = (audience: Partial<ReturnType<typeof noticeInput>['audience']>) =>
      t.app.inject({ method: 'POST', url: '/api/notices', headers: { cookie: s.academicHead.cookie }, payload: noticeInput({ audience: { all: false, departmentIds: [], roles: [], userIds: [], ...audience } }) });
    const all = expectProblem(await post({ all: true }), 403, 'NOTICE_AUDIENCE_OUT_OF_SCOPE');
    expect(all.all).toBe(true);
    const dept = expectProblem(await post({ departmentIds: [s.depts.math, s.depts.logistics] }), 403, 'NOTICE_AUDIENCE_OUT_OF_SCOPE');
    expect(dept.departmentIds).toEqual([s.depts.logistics]);
    const people = expectProblem(await post({ userIds: [s.mathTeacher.id, s.logisticsTeacher.id] }), 403, 'NOTICE_AUDIENCE_OUT_OF_SCOPE');
    expect(people.userIds).toEqual([s.logisticsTeacher.id]);

    // Inside: the sub-department and a named person there; roles count only inside the subtree.
    const n = await publishNotice(t.app, s.academicHead.cookie, { audience: { all: false, departmentIds: [s.depts.math], roles: ['dept_head'], userIds: [s.academicTeacher.id] } });
    expect(recipientsOf(n.id)).toEqual(userIdsOf(s.mathTeacher, s.academicTeacher, s.academicHead));
  });

  it('unknown departments and inactive or unknown people are refused', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/notices', headers: { cookie: s.admin },
      payload: noticeInput({ audience: { all: false, departmentIds: ['0000000000000000000000zzzz'], roles: [], userIds: ['0000000000000000000000yyyy'] } }),
    });
    const p = expectProblem(res, 400, 'NOTICE_AUDIENCE_UNKNOWN');
    expect(p.departmentIds).toEqual(['0000000000000000000000zzzz']);
    expect(p.userIds).toEqual(['0000000000000000000000yyyy']);
  });

  it('the admin names the office clerk a school-wide publisher (settings.manage only)', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/admin/notices/settings', headers: { cookie: s.principal.cookie } }), 403, 'FORBIDDEN');
    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/admin/notices/settings', headers: { cookie: s.admin }, payload: { publisherIds: ['0000000000000000000000yyyy'] } }), 400, 'NOTICE_PERSON_UNKNOWN');
    const set = ok<{ publishers: { id: string; displayName: string }[] }>(
      await t.app.inject({ method: 'PUT', url: '/api/admin/notices/settings', headers: { cookie: s.admin }, payload: { publisherIds: [s.clerk.id] } }), 200, 'settings');
    expect(set.publishers).toEqual([{ id: s.clerk.id, displayName: '周文秘', departmentName: '校长办公室' }]);
    const scope = ok<PublishScope>(await t.app.inject({ method: 'GET', url: '/api/notices/scope', headers: { cookie: s.clerk.cookie } }), 200, 'scope');
    expect(scope).toEqual({ canPublish: true, schoolWide: true, departmentIds: [], oversees: true });

    const n = await publishNotice(t.app, s.clerk.cookie, { audience: { all: true, departmentIds: [], roles: [], userIds: [] } });
    const everyone = t.app.services.org.activeUserIds().sort();
    expect(recipientsOf(n.id)).toEqual(everyone);
    const audit = t.app.services.db.sqlite.prepare(`SELECT event, actor_id AS actor FROM audit_log WHERE target_id = ?`).all(n.id);
    expect(audit).toEqual([{ event: 'notices.published', actor: s.clerk.id }]);
  });

  it('departments count with their sub-departments, roles school-wide, people by name, each person once', async () => {
    const n = await publishNotice(t.app, s.admin, {
      audience: { all: false, departmentIds: [s.depts.academic], roles: ['principal', 'dept_head'], userIds: [s.logisticsTeacher.id, s.mathTeacher.id] },
    });
    expect(recipientsOf(n.id)).toEqual(userIdsOf(s.academicHead, s.academicTeacher, s.mathTeacher, s.logisticsHead, s.principal, s.logisticsTeacher));
    // Each has one inbox item that links to the notice.
    const items = t.app.services.db.sqlite.prepare(`SELECT user_id, kind, link, urgency FROM inbox_items WHERE source_type = 'notice' AND source_id = ?`).all(n.id) as { kind: string; link: string }[];
    expect(items).toHaveLength(6);
    expect(new Set(items.map((i) => `${i.kind} ${i.link}`))).toEqual(new Set([`notice.published /notices/${n.id}`]));
  });

  it('an empty audience cannot be published', async () => {
    const d = await createDraft(t.app, s.admin);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/notices/${d.id}/publish`, headers: { cookie: s.admin }, payload: {} }), 400, 'NOTICE_AUDIENCE_EMPTY');
  });
});

describe('notices: what recipients see', () => {
  it('a draft is its author’s only; a published notice its recipients’ and managers’; everyone else gets the same 404', async () => {
    const d = await createDraft(t.app, s.academicHead.cookie, { audience: { all: false, departmentIds: [s.depts.math], roles: [], userIds: [] } });
    expect(d.status).toBe('draft');
    for (const cookie of [s.mathTeacher.cookie, s.principal.cookie, s.admin]) expectProblem(await t.app.inject({ method: 'GET', url: `/api/notices/${d.id}`, headers: { cookie } }), 404, 'NOTICE_NOT_FOUND');
    ok(await t.app.inject({ method: 'POST', url: `/api/notices/${d.id}/publish`, headers: { cookie: s.academicHead.cookie }, payload: {} }), 200, 'publish');

    expect((await openNotice(t.app, s.mathTeacher.cookie, d.id)).canManage).toBe(false);
    // The principal oversees every notice; a teacher of another department sees nothing.
    expect((await openNotice(t.app, s.principal.cookie, d.id)).canManage).toBe(true);
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/notices/${d.id}`, headers: { cookie: s.logisticsTeacher.cookie } }), 404, 'NOTICE_NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/notices/${d.id}/roster`, headers: { cookie: s.mathTeacher.cookie } }), 404, 'NOTICE_NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/notices/0000000000000000000000zzzz', headers: { cookie: s.admin } }), 404, 'NOTICE_NOT_FOUND');
  });

  it('the body is kept sanitised and recipients see the plain excerpt', async () => {
    const n = await publishNotice(t.app, s.admin, {
      title: '安全提醒', bodyHtml: '<p onclick="x()">注意<script>alert(1)</script><a href="javascript:alert(1)">链接</a> <img src=x onerror=alert(1)></p>',
      audience: { all: false, departmentIds: [], roles: [], userIds: [s.logisticsTeacher.id] },
    });
    expect(n.bodyHtml).toBe('<p>注意<a>链接</a> </p>');
    const page = ok<NoticePage>(await t.app.inject({ method: 'GET', url: '/api/notices', headers: { cookie: s.logisticsTeacher.cookie } }), 200, 'list');
    expect(page.items.find((i) => i.id === n.id)?.excerpt).toBe('注意链接');
  });
});

describe('notices: publish at a time', () => {
  it('a scheduled notice goes out when the job runs at its time, once', async () => {
    const d = await createDraft(t.app, s.academicHead.cookie, { audience: { all: false, departmentIds: [s.depts.academic], roles: [], userIds: [] } });
    const at = new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString();
    const sched = ok<NoticeDetail>(await t.app.inject({ method: 'POST', url: `/api/notices/${d.id}/publish`, headers: { cookie: s.academicHead.cookie }, payload: { publishAt: at } }), 200, 'schedule');
    expect(sched).toMatchObject({ status: 'scheduled', publishAt: at, publishedAt: null });
    // Still editable before its time; not visible to recipients.
    ok(await t.app.inject({ method: 'PUT', url: `/api/notices/${d.id}`, headers: { cookie: s.academicHead.cookie }, payload: noticeInput({ title: '改期通知', audience: { all: false, departmentIds: [s.depts.academic], roles: [], userIds: [] } }) }), 200, 'edit scheduled');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/notices/${d.id}`, headers: { cookie: s.mathTeacher.cookie } }), 404, 'NOTICE_NOT_FOUND');

    await t.app.services.jobs.drain();
    expect(t.app.services.notices.repo.notice(d.id)!.status).toBe('scheduled');
    t.clock.advance(61 * MINUTE);
    await t.app.services.jobs.drain();
    const published = await openNotice(t.app, s.mathTeacher.cookie, d.id);
    expect(published).toMatchObject({ status: 'published', title: '改期通知', version: 1 });
    expect(recipientsOf(d.id)).toEqual(userIdsOf(s.academicHead, s.academicTeacher, s.mathTeacher));

    // A second run of the same job (a retry, a restart) publishes nothing twice.
    t.app.services.jobs.enqueue('notices.publish', { id: d.id, publishAt: at });
    await t.app.services.jobs.drain();
    const items = t.app.services.db.sqlite.prepare(`SELECT count(*) AS n FROM inbox_items WHERE source_type = 'notice' AND source_id = ?`).get(d.id) as { n: number };
    expect(items.n).toBe(3);
  });

  it('rescheduling and unscheduling leave the old job with nothing to do', async () => {
    const d = await createDraft(t.app, s.admin, { audience: { all: false, departmentIds: [], roles: [], userIds: [s.logisticsTeacher.id] } });
    const first = new Date(t.clock.now().getTime() + 10 * MINUTE).toISOString();
    const later = new Date(t.clock.now().getTime() + 120 * MINUTE).toISOString();
    ok(await t.app.inject({ method: 'POST', url: `/api/notices/${d.id}/publish`, headers: { cookie: s.admin }, payload: { publishAt: first } }), 200, 'schedule');
    ok(await t.app.inject({ method: 'POST', url: `/api/notices/${d.id}/publish`, headers: { cookie: s.admin }, payload: { publishAt: later } }), 200, 'reschedule');
    t.clock.advance(11 * MINUTE);
    await t.app.services.jobs.drain();
    expect(t.app.services.notices.repo.notice(d.id)!.status).toBe('scheduled');
    const back = ok<NoticeDetail>(await t.app.inject({ method: 'POST', url: `/api/notices/${d.id}/unschedule`, headers: { cookie: s.admin } }), 200, 'unschedule');
    expect(back).toMatchObject({ status: 'draft', publishAt: null });
    t.clock.advance(120 * MINUTE);
    await t.app.services.jobs.drain();
    expect(t.app.services.notices.repo.notice(d.id)!.status).toBe('draft');
    ok(await t.app.inject({ method: 'DELETE', url: `/api/notices/${d.id}`, headers: { cookie: s.admin } }), 204, 'delete');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/notices/${d.id}`, headers: { cookie: s.admin } }), 404, 'NOTICE_NOT_FOUND');
  });

  it('a scheduled notice whose audience left the author’s reach goes back to draft and the author is told', async () => {
    const d = await createDraft(t.app, s.academicHead.cookie, { audience: { all: false, departmentIds: [], roles: [], userIds: [s.academicTeacher.id] } });
    const at = new Date(t.clock.now().getTime() + 5 * MINUTE).toISOString();
    ok(await t.app.inject({ method: 'POST', url: `/api/notices/${d.id}/publish`, headers: { cookie: s.academicHead.cookie }, payload: { publishAt: at } }), 200, 'schedule');
    // The teacher moves to 总务处 before the time.
    ok(await t.app.inject({ method: 'PATCH', url: `/api/org/people/${s.academicTeacher.id}`, headers: { cookie: s.admin }, payload: { departmentId: s.depts.logistics } }), 200, 'move');
    t.clock.advance(6 * MINUTE);
    await t.app.services.jobs.drain();
    expect(t.app.services.notices.repo.notice(d.id)!.status).toBe('draft');
    const told = t.app.services.db.sqlite.prepare(`SELECT kind FROM inbox_items WHERE user_id = ? AND source_id = ?`).all(s.academicHead.id, d.id);
    expect(told).toEqual([{ kind: 'notice.schedule_failed' }]);
    ok(await t.app.inject({ method: 'PATCH', url: `/api/org/people/${s.academicTeacher.id}`, headers: { cookie: s.admin }, payload: { departmentId: s.depts.academic } }), 200, 'move back');
  });

  it('a published notice is not replaced with PUT nor deleted', async () => {
    const n = await publishNotice(t.app, s.admin, { audience: { all: false, departmentIds: [], roles: [], userIds: [s.logisticsTeacher.id] } });
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/notices/${n.id}`, headers: { cookie: s.admin }, payload: noticeInput() }), 409, 'NOTICE_NOT_EDITABLE');
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/notices/${n.id}`, headers: { cookie: s.admin } }), 409, 'NOTICE_NOT_EDITABLE');
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/notices/${n.id}/publish`, headers: { cookie: s.admin }, payload: {} }), 409, 'NOTICE_NOT_EDITABLE');
  });

  it('an expiry must lie after publication', async () => {
    const past = new Date(t.clock.now().getTime() - MINUTE).toISOString();
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/notices', headers: { cookie: s.admin }, payload: noticeInput({ expiresAt: past }) }), 400, 'NOTICE_EXPIRY_INVALID');
    const d = await createDraft(t.app, s.admin, { expiresAt: new Date(t.clock.now().getTime() + 30 * MINUTE).toISOString(), audience: { all: false, departmentIds: [], roles: [], userIds: [s.logisticsTeacher.id] } });
    const res = await t.app.inject({ method: 'POST', url: `/api/notices/${d.id}/publish`, headers: { cookie: s.admin }, payload: { publishAt: new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString() } });
    expectProblem(res, 400, 'NOTICE_EXPIRY_INVALID');
  });
});
