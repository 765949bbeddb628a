// Scheduling meetings: who becomes a member (departments with sub-departments, co-hosts), what members and
// others see (404 for anyone else), edit and cancel by host and co-hosts with invitations through the gateway,
// responses, recurrences expanded on the school's clock, reminders from the job queue, and "meet now" from a
// notice. The clock starts on Tue 2026-09-01 10:00 in Asia/Shanghai (02:00 UTC).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, MINUTE, HOUR } from '../../../server/lib/clock.js';
import type { CalendarOccurrences, MeetingDetail, MeetingList } from '../../../server/modules/meetings/meetings.dto.js';
import { expectProblem, makeApp, type TestApp } from '../../helpers/app.js';
import { createMeeting, meetingInput, meetingItems } from '../../helpers/meetings.js';
import { noticeSchool, ok, publishNotice, userIdsOf, type NoticeSchool } from '../../helpers/notices.js';

let t: TestApp;
let s: NoticeSchool;
const START = new Date('2026-09-01T02:00:00Z');

beforeAll(async () => {
  t = await makeApp({ clock: new FakeClock(START) });
  s = await noticeSchool(t.app);
}, 90_000);
afterAll(async () => t?.close());

const get = async <T>(cookie: string, url: string) => ok<T>(await t.app.inject({ method: 'GET', url, headers: { cookie } }), 200, url);
const detail = (cookie: string, id: string) => get<MeetingDetail>(cookie, `/api/meetings/${id}`);
const memberIds = (m: MeetingDetail) => m.members.map((x) => x.id).sort();
const calendar = (cookie: string, from: string, to: string) => get<CalendarOccurrences>(cookie, `/api/meetings/calendar?from=${from}&to=${to}`);

describe('meetings: authentication and bad input', () => {
  it('every route needs a session', async () => {
    const id = '0000000000000000000000zzzz';
    for (const [method, url] of [
      ['GET', '/api/meetings'], ['GET', '/api/meetings/calendar?from=2026-09-01T00:00:00Z&to=2026-09-08T00:00:00Z'], ['POST', '/api/meetings'], ['POST', '/api/meetings/instant'],
      ['GET', `/api/meetings/${id}`], ['PUT', `/api/meetings/${id}`], ['POST', `/api/meetings/${id}/cancel`], ['POST', `/api/meetings/${id}/respond`],
      ['GET', `/api/meetings/${id}/invite.ics`], ['GET', `/api/meetings/${id}/attendance`], ['GET', `/api/meetings/${id}/attendance.xlsx`], ['GET', `/api/meetings/${id}/chat`],
      ['GET', '/api/meetings/feed'], ['POST', '/api/meetings/feed'], ['DELETE', '/api/meetings/feed'],
    ] as const) {
      expectProblem(await t.app.inject({ method, url, payload: method === 'GET' || method === 'DELETE' ? undefined : {} }), 401, 'UNAUTHENTICATED');
    }
  });

  it('refuses bad input with problem+json', async () => {
    const post = (patch: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/meetings', headers: { cookie: s.academicHead.cookie }, payload: { ...meetingInput({ invitees: { userIds: [s.mathTeacher.id], departmentIds: [] } }), ...patch } });
    expectProblem(await post({ title: '会'.repeat(101) }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ title: '' }), 400, 'VALIDATION_FAILED');
    // The end is the start plus the duration: a duration under 5 minutes (or 0, or negative) would end before it starts.
    for (const durationMin of [0, -30, 4, 1441]) expectProblem(await post({ durationMin }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ startsAt: 'tomorrow' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ startsAt: '2026-08-31T02:00:00Z' }), 400, 'MEETING_TIME_INVALID');
    expectProblem(await post({ recurrence: { freq: 'weekly', interval: 1, until: '2026-12-31', count: 10 } }), 400, 'MEETING_RECURRENCE_INVALID');
    expectProblem(await post({ recurrence: { freq: 'daily', interval: 1, byWeekday: [1] } }), 400, 'MEETING_RECURRENCE_INVALID');
    // 2026-09-02 is a Wednesday (3): a Monday/Friday rule would not contain the first meeting.
    expectProblem(await post({ recurrence: { freq: 'weekly', interval: 1, byWeekday: [1, 5] } }), 400, 'MEETING_RECURRENCE_INVALID');
    expectProblem(await post({ recurrence: { freq: 'weekly', interval: 1, until: '2026-09-01' } }), 400, 'MEETING_RECURRENCE_INVALID');
    expectProblem(await post({ recurrence: { freq: 'hourly', interval: 1 } }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ recurrence: { freq: 'daily', interval: 0 } }), 400, 'VALIDATION_FAILED');
    const unknown = expectProblem(
      await post({ invitees: { userIds: ['0000000000000000000000yyyy', s.mathTeacher.id], departmentIds: ['0000000000000000000000zzzz'] }, cohostIds: ['0000000000000000000000xxxx'] }),
      400, 'MEETING_INVITEE_UNKNOWN',
    );
    expect(unknown.departmentIds).toEqual(['0000000000000000000000zzzz']);
    expect(unknown.userIds).toEqual(['0000000000000000000000yyyy', '0000000000000000000000xxxx']);
    expectProblem(await post({ invitees: { userIds: [], departmentIds: [] } }), 400, 'MEETING_INVITEES_EMPTY');
    expectProblem(await post({ invitees: { userIds: [s.academicHead.id], departmentIds: [] } }), 400, 'MEETING_INVITEES_EMPTY');
    expectProblem(await post({ attachmentFileIds: ['0000000000000000000000wwww'] }), 400, 'MEETING_ATTACHMENT_UNREADABLE');
    expectProblem(await post({ extra: 1 }), 400, 'VALIDATION_FAILED');
    const cal = (q: string) => t.app.inject({ method: 'GET', url: `/api/meetings/calendar?${q}`, headers: { cookie: s.academicHead.cookie } });
    expectProblem(await cal('from=2026-09-08T00:00:00Z&to=2026-09-01T00:00:00Z'), 400, 'MEETING_RANGE_INVALID');
    expectProblem(await cal('from=2026-09-01T00:00:00Z&to=2026-12-01T00:00:00Z'), 400, 'MEETING_RANGE_INVALID');
    expectProblem(await cal('from=2026-09-01'), 400, 'VALIDATION_FAILED');
    // Nothing was stored by any of these.
    expect(t.app.services.db.sqlite.prepare('SELECT COUNT(*) AS n FROM meetings').get()).toEqual({ n: 0 });
  });
});

describe('meetings: members, invitations, edits', () => {
  let m: MeetingDetail;

  it('a department invites its sub-departments too; members are invited through the gateway, the host is not', async () => {
    m = await createMeeting(t.app, s.academicHead.cookie, { invitees: { userIds: [s.clerk.id], departmentIds: [s.depts.academic] }, cohostIds: [s.academicTeacher.id] });
    expect(memberIds(m)).toEqual(userIdsOf(s.academicHead, s.academicTeacher, s.mathTeacher, s.clerk));
    expect(m.members[0]).toMatchObject({ id: s.academicHead.id, role: 'host', response: 'accepted' });
    expect(m.members.find((x) => x.id === s.academicTeacher.id)).toMatchObject({ role: 'cohost', response: 'none' });
    expect(m.myRole).toBe('host');
    expect(m.canManage).toBe(true);
    expect(m.joinUrl).toBe(`/meetings/${m.id}/room`);
    expect(m.icsUrl).toBe(`/api/meetings/${m.id}/invite.ics`);
    expect(m.roomNo).toBeGreaterThanOrEqual(100_000);
    expect(m.roomNo).toBeLessThan(10_000_000);
    expect(m.invitedDepartments).toEqual([{ id: s.depts.academic, name: '教务处' }]);
    expect(m.nextOccurrences).toEqual([{ startsAt: '2026-09-02T02:00:00.000Z', endsAt: '2026-09-02T03:00:00.000Z' }]);
    expect(m.joinable).toBe(false);

    const items = meetingItems(t.app, m.id);
    expect(items.map((i) => i.userId).sort()).toEqual(userIdsOf(s.academicTeacher, s.mathTeacher, s.clerk));
    expect(items.every((i) => i.kind === 'meeting.invited' && i.link === `/meetings/${m.id}` && i.title === '会议邀请：教研组周例会')).toBe(true);
    const attempts = t.app.services.db.sqlite.prepare(`SELECT DISTINCT category FROM delivery_attempts a JOIN inbox_items i ON i.id = a.item_id WHERE i.source_id = ?`).all(m.id);
    expect(attempts).toEqual([{ category: 'meeting' }]);
  });

  it('members see it with their role; anyone else (the admin too) gets the 404 a missing meeting gets', async () => {
    const mine = await detail(s.mathTeacher.cookie, m.id);
    expect(mine).toMatchObject({ myRole: 'attendee', myResponse: 'none', canManage: false });
    for (const cookie of [s.logisticsTeacher.cookie, s.admin, s.principal.cookie]) {
      expectProblem(await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}`, headers: { cookie } }), 404, 'MEETING_NOT_FOUND');
      expectProblem(await t.app.inject({ method: 'POST', url: `/api/meetings/${m.id}/respond`, headers: { cookie }, payload: { response: 'accepted' } }), 404, 'MEETING_NOT_FOUND');
      expectProblem(await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}/invite.ics`, headers: { cookie } }), 404, 'MEETING_NOT_FOUND');
    }
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/meetings/0000000000000000000000zzzz', headers: { cookie: s.mathTeacher.cookie } }), 404, 'MEETING_NOT_FOUND');
    expect(t.app.services.meetings.roleOf(m.id, s.academicTeacher.id)).toBe('cohost');
    expect(t.app.services.meetings.roleOf(m.id, s.logisticsTeacher.id)).toBeNull();
  });

  it('members accept, decline or answer tentatively; the host sees it', async () => {
    const respond = (cookie: string, response: string) => t.app.inject({ method: 'POST', url: `/api/meetings/${m.id}/respond`, headers: { cookie }, payload: { response } });
    expect(ok<MeetingDetail>(await respond(s.mathTeacher.cookie, 'accepted'), 200, 'accept').myResponse).toBe('accepted');
    ok(await respond(s.clerk.cookie, 'tentative'), 200, 'tentative');
    expectProblem(await respond(s.clerk.cookie, 'maybe'), 400, 'VALIDATION_FAILED');
    const seen = await detail(s.academicHead.cookie, m.id);
    expect(Object.fromEntries(seen.members.map((x) => [x.id, x.response]))).toEqual({
      [s.academicHead.id]: 'accepted', [s.academicTeacher.id]: 'none', [s.mathTeacher.id]: 'accepted', [s.clerk.id]: 'tentative',
    });
  });

  it('a co-host edits (SEQUENCE goes up, responses stay); those kept, added and removed are told; an attendee may not edit', async () => {
    const input = meetingInput({ title: '教研组周例会（改）', startsAt: '2026-09-02T06:00:00.000Z', invitees: { userIds: [s.logisticsTeacher.id], departmentIds: [s.depts.math] }, cohostIds: [s.academicTeacher.id] });
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/meetings/${m.id}`, headers: { cookie: s.mathTeacher.cookie }, payload: input }), 403, 'MEETING_FORBIDDEN');
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/meetings/${m.id}`, headers: { cookie: s.logisticsHead.cookie }, payload: input }), 404, 'MEETING_NOT_FOUND');
    const before = meetingItems(t.app, m.id).length;
    const edited = ok<MeetingDetail>(await t.app.inject({ method: 'PUT', url: `/api/meetings/${m.id}`, headers: { cookie: s.academicTeacher.cookie }, payload: input }), 200, 'edit');
    expect(edited.icsSequence).toBe(m.icsSequence + 1);
    expect(edited.host.id).toBe(s.academicHead.id);
    expect(memberIds(edited)).toEqual(userIdsOf(s.academicHead, s.academicTeacher, s.mathTeacher, s.logisticsTeacher));
    expect(edited.members.find((x) => x.id === s.mathTeacher.id)!.response).toBe('accepted');

    const news = meetingItems(t.app, m.id).slice(before);
    const by = (kind: string) => news.filter((i) => i.kind === kind).map((i) => i.userId).sort();
    expect(by('meeting.updated')).toEqual(userIdsOf(s.academicHead, s.mathTeacher)); // not the co-host who edited
    expect(by('meeting.invited')).toEqual(userIdsOf(s.logisticsTeacher));
    expect(by('meeting.removed')).toEqual(userIdsOf(s.clerk));
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}`, headers: { cookie: s.clerk.cookie } }), 404, 'MEETING_NOT_FOUND');
    m = edited;
  });

  it('lists: upcoming soonest first; cancel tells the members and moves it to the past', async () => {
    const other = await createMeeting(t.app, s.mathTeacher.cookie, { title: '备课', startsAt: '2026-09-01T08:00:00.000Z', invitees: { userIds: [s.logisticsTeacher.id], departmentIds: [] } });
    const upcoming = await get<MeetingList>(s.logisticsTeacher.cookie, '/api/meetings');
    expect(upcoming.items.map((i) => i.id)).toEqual([other.id, m.id]);
    expect(upcoming.items[1]).toMatchObject({ title: '教研组周例会（改）', myRole: 'attendee', myResponse: 'none', memberCount: 4, recurring: false, occurrence: { startsAt: '2026-09-02T06:00:00.000Z' } });

    expectProblem(await t.app.inject({ method: 'POST', url: `/api/meetings/${m.id}/cancel`, headers: { cookie: s.logisticsTeacher.cookie }, payload: {} }), 403, 'MEETING_FORBIDDEN');
    const cancelled = ok<MeetingDetail>(await t.app.inject({ method: 'POST', url: `/api/meetings/${m.id}/cancel`, headers: { cookie: s.academicHead.cookie }, payload: { reason: '改期' } }), 200, 'cancel');
    expect(cancelled).toMatchObject({ status: 'cancelled', icsSequence: m.icsSequence + 1, nextOccurrences: [], joinable: false });
    const told = meetingItems(t.app, m.id, 'meeting.cancelled');
    expect(told.map((i) => i.userId).sort()).toEqual(userIdsOf(s.academicTeacher, s.mathTeacher, s.logisticsTeacher));
    expect(told[0]!.urgency).toBe('high');
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/meetings/${m.id}/cancel`, headers: { cookie: s.academicHead.cookie }, payload: {} }), 409, 'MEETING_CANCELLED');
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/meetings/${m.id}`, headers: { cookie: s.academicHead.cookie }, payload: meetingInput({ invitees: { userIds: [s.mathTeacher.id], departmentIds: [] } }) }), 409, 'MEETING_CANCELLED');
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/meetings/${m.id}/respond`, headers: { cookie: s.mathTeacher.cookie }, payload: { response: 'accepted' } }), 409, 'MEETING_CANCELLED');

    expect((await get<MeetingList>(s.logisticsTeacher.cookie, '/api/meetings')).items.map((i) => i.id)).toEqual([other.id]);
    const past = await get<MeetingList>(s.logisticsTeacher.cookie, '/api/meetings?when=past');
    expect(past.items.map((i) => [i.id, i.status])).toEqual([[m.id, 'cancelled']]);
  });
});

describe('meetings: recurrences on the school clock', () => {
  it('weekly on Monday and Wednesday, five times, at 10:00 Beijing time', async () => {
    const m = await createMeeting(t.app, s.principal.cookie, { title: '行政例会', startsAt: '2026-09-02T02:00:00Z', recurrence: { freq: 'weekly', interval: 1, byWeekday: [1, 3], count: 5 }, invitees: { userIds: [s.clerk.id], departmentIds: [] } });
    expect(m.recurrence).toEqual({ freq: 'weekly', interval: 1, byWeekday: [1, 3], count: 5 });
    const cal = await calendar(s.clerk.cookie, '2026-09-01T00:00:00Z', '2026-10-01T00:00:00Z');
    expect(cal.timeZone).toBe('Asia/Shanghai');
    expect(cal.items.filter((i) => i.meetingId === m.id).map((i) => i.startsAt)).toEqual([
      '2026-09-02T02:00:00.000Z', '2026-09-07T02:00:00.000Z', '2026-09-09T02:00:00.000Z', '2026-09-14T02:00:00.000Z', '2026-09-16T02:00:00.000Z',
    ]);
    // A window in the middle gets only what overlaps it.
    const mid = await calendar(s.clerk.cookie, '2026-09-07T02:30:00Z', '2026-09-09T02:00:00Z');
    expect(mid.items.filter((i) => i.meetingId === m.id).map((i) => [i.startsAt, i.endsAt])).toEqual([['2026-09-07T02:00:00.000Z', '2026-09-07T03:00:00.000Z']]);
  });

  it('every other week; monthly on the 31st skips short months; daily until a date in the school zone', async () => {
    const other = await createMeeting(t.app, s.principal.cookie, { title: '隔周', startsAt: '2026-09-03T01:00:00Z', recurrence: { freq: 'weekly', interval: 2 }, invitees: { userIds: [s.clerk.id], departmentIds: [] } });
    const monthly = await createMeeting(t.app, s.principal.cookie, { title: '月底', startsAt: '2026-10-31T07:00:00Z', recurrence: { freq: 'monthly', interval: 1, count: 3 }, invitees: { userIds: [s.clerk.id], departmentIds: [] } });
    // 23:30 Beijing on 1–3 Sept: in UTC the evening before; `until` 2026-09-03 is the Beijing date.
    const daily = await createMeeting(t.app, s.principal.cookie, { title: '晚自习巡查', startsAt: '2026-09-01T15:30:00Z', recurrence: { freq: 'daily', interval: 1, until: '2026-09-03' }, invitees: { userIds: [s.clerk.id], departmentIds: [] } });
    const starts = (items: CalendarOccurrences['items'], id: string) => items.filter((i) => i.meetingId === id).map((i) => i.startsAt);
    const sep = await calendar(s.clerk.cookie, '2026-09-01T00:00:00Z', '2026-10-01T00:00:00Z');
    expect(starts(sep.items, other.id)).toEqual(['2026-09-03T01:00:00.000Z', '2026-09-17T01:00:00.000Z']);
    expect(starts(sep.items, daily.id)).toEqual(['2026-09-01T15:30:00.000Z', '2026-09-02T15:30:00.000Z', '2026-09-03T15:30:00.000Z']);
    const later = await calendar(s.clerk.cookie, '2026-10-15T00:00:00Z', '2026-12-15T00:00:00Z');
    expect(starts(later.items, monthly.id)).toEqual(['2026-10-31T07:00:00.000Z']);
    const next = await calendar(s.clerk.cookie, '2026-12-15T00:00:00Z', '2027-02-14T00:00:00Z');
    expect(starts(next.items, monthly.id)).toEqual(['2026-12-31T07:00:00.000Z', '2027-01-31T07:00:00.000Z']);
    expect(next.items.every((i) => i.recurring)).toBe(true);
    // Non-members see none of it.
    expect((await calendar(s.logisticsHead.cookie, '2026-09-01T00:00:00Z', '2026-10-01T00:00:00Z')).items).toEqual([]);
  });
});

describe('meetings: reminders and meet now', () => {
  it('a reminder goes out 15 minutes before each occurrence (not to those who declined); the job queues the next one', async () => {
    const clock = t.clock;
    clock.set(new Date('2026-09-01T02:00:00Z'));
    const m = await createMeeting(t.app, s.logisticsHead.cookie, {
      title: '后勤晨会', startsAt: '2026-09-01T03:00:00Z', recurrence: { freq: 'daily', interval: 1, count: 2 }, invitees: { userIds: [s.logisticsTeacher.id, s.clerk.id], departmentIds: [] },
    });
    ok(await t.app.inject({ method: 'POST', url: `/api/meetings/${m.id}/respond`, headers: { cookie: s.clerk.cookie }, payload: { response: 'declined' } }), 200, 'decline');
    clock.set(new Date(Date.parse('2026-09-01T03:00:00Z') - 15 * MINUTE - 1000));
    await t.app.services.jobs.drain();
    expect(meetingItems(t.app, m.id, 'meeting.reminder')).toEqual([]);
    clock.advance(1000);
    await t.app.services.jobs.drain();
    const first = meetingItems(t.app, m.id, 'meeting.reminder');
    expect(first.map((i) => i.userId).sort()).toEqual(userIdsOf(s.logisticsHead, s.logisticsTeacher));
    expect(first[0]).toMatchObject({ title: '15 分钟后开会：后勤晨会', link: `/meetings/${m.id}/room`, urgency: 'high' });
    await t.app.services.jobs.drain();
    expect(meetingItems(t.app, m.id, 'meeting.reminder')).toHaveLength(2); // nothing twice

    // The next day's reminder is queued; moving the meeting makes that job a no-op and queues the new time.
    const queued = t.app.services.db.sqlite.prepare(`SELECT run_at AS runAt FROM jobs WHERE kind = 'meetings.remind' AND status = 'queued' AND payload LIKE ?`).all(`%${m.id}%`);
    expect(queued).toEqual([{ runAt: '2026-09-02T02:45:00.000Z' }]);
    clock.set(new Date('2026-09-01T05:00:00Z'));
    const moved = ok<MeetingDetail>(
      await t.app.inject({ method: 'PUT', url: `/api/meetings/${m.id}`, headers: { cookie: s.logisticsHead.cookie }, payload: meetingInput({
        title: '后勤晨会', startsAt: '2026-09-01T04:00:00Z', recurrence: { freq: 'daily', interval: 1, count: 2 }, invitees: { userIds: [s.logisticsTeacher.id, s.clerk.id], departmentIds: [] },
      }) }),
      200, 'move',
    );
    expect(moved.nextOccurrences.map((o) => o.startsAt)).toEqual(['2026-09-02T04:00:00.000Z']);
    clock.set(new Date('2026-09-02T02:45:00Z'));
    await t.app.services.jobs.drain();
    expect(meetingItems(t.app, m.id, 'meeting.reminder')).toHaveLength(2);
    clock.set(new Date('2026-09-02T03:45:00Z'));
    await t.app.services.jobs.drain();
    expect(meetingItems(t.app, m.id, 'meeting.reminder')).toHaveLength(4);
    // A cancelled meeting is not reminded of.
    clock.set(new Date('2026-09-03T00:00:00Z'));
    const c = await createMeeting(t.app, s.logisticsHead.cookie, { title: '取消的会', startsAt: '2026-09-03T02:00:00Z', invitees: { userIds: [s.logisticsTeacher.id], departmentIds: [] } });
    ok(await t.app.inject({ method: 'POST', url: `/api/meetings/${c.id}/cancel`, headers: { cookie: s.logisticsHead.cookie }, payload: {} }), 200, 'cancel');
    clock.set(new Date('2026-09-03T01:50:00Z'));
    await t.app.services.jobs.drain();
    expect(meetingItems(t.app, c.id, 'meeting.reminder')).toEqual([]);
    clock.set(START);
  });

  it("meet now from a notice invites its recipients; only someone who sees the notice may; everyone gets the room's link", async () => {
    t.clock.set(new Date('2026-09-05T01:00:00Z'));
    const notice = await publishNotice(t.app, s.academicHead.cookie, { title: '期中考试监考安排', audience: { all: false, departmentIds: [s.depts.math], roles: [], userIds: [s.academicTeacher.id] } });
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/api/meetings/instant', headers: { cookie: s.logisticsTeacher.cookie }, payload: { source: { type: 'notice', id: notice.id } } }),
      404, 'MEETING_SOURCE_NOT_FOUND',
    );
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/meetings/instant', headers: { cookie: s.academicHead.cookie }, payload: {} }), 400, 'MEETING_INVITEES_EMPTY');
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/meetings/instant', headers: { cookie: s.academicHead.cookie }, payload: { source: { type: 'chat', id: notice.id } } }), 400, 'VALIDATION_FAILED');

    const m = ok<MeetingDetail>(
      await t.app.inject({ method: 'POST', url: '/api/meetings/instant', headers: { cookie: s.academicHead.cookie }, payload: { source: { type: 'notice', id: notice.id }, invitees: { userIds: [s.clerk.id], departmentIds: [] } } }),
      201, 'meet now',
    );
    expect(m).toMatchObject({ kind: 'adhoc', title: '关于「期中考试监考安排」的会议', startsAt: '2026-09-05T01:00:00.000Z', durationMin: 60, joinable: true, source: { type: 'notice', id: notice.id } });
    expect(memberIds(m)).toEqual(userIdsOf(s.academicHead, s.mathTeacher, s.academicTeacher, s.clerk));
    const items = meetingItems(t.app, m.id, 'meeting.started');
    expect(items.map((i) => i.userId).sort()).toEqual(userIdsOf(s.mathTeacher, s.academicTeacher, s.clerk));
    expect(items[0]).toMatchObject({ link: `/meetings/${m.id}/room`, urgency: 'high', title: '钱主任 邀请您立即开会：关于「期中考试监考安排」的会议' });
    // A recipient of the notice may start one too.
    const byRecipient = ok<MeetingDetail>(
      await t.app.inject({ method: 'POST', url: '/api/meetings/instant', headers: { cookie: s.mathTeacher.cookie }, payload: { title: '碰个头', source: { type: 'notice', id: notice.id } } }), 201, 'meet now (recipient)',
    );
    expect(byRecipient.host.id).toBe(s.mathTeacher.id);
    expect(byRecipient.title).toBe('碰个头');
    // Live for its hour: it shows among upcoming, joinable.
    t.clock.advance(30 * MINUTE);
    expect((await detail(s.clerk.cookie, m.id)).joinable).toBe(true);
    t.clock.advance(HOUR);
    expect((await detail(s.clerk.cookie, m.id)).joinable).toBe(false);
    t.clock.set(START);
  });
});
