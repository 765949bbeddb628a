// The personal calendar feed: a token made (and replaced) by its owner, kept only as a sha256 hash, that opens
// a public iCalendar of their meetings — past 30 days and ahead, cancelled ones as STATUS:CANCELLED.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, FakeClock } from '../../../server/lib/clock.js';
import type { FeedCreated, FeedStatus } from '../../../server/modules/meetings/meetings.dto.js';
import { expectProblem, makeApp, type TestApp } from '../../helpers/app.js';
import { child, createMeeting, parseIcs, prop } from '../../helpers/meetings.js';
import { noticeSchool, ok, type NoticeSchool } from '../../helpers/notices.js';

let t: TestApp;
let s: NoticeSchool;
beforeAll(async () => {
  t = await makeApp({ clock: new FakeClock(new Date('2026-09-01T02:00:00Z')) });
  s = await noticeSchool(t.app);
}, 90_000);
afterAll(async () => t?.close());

const feed = (path: string) => t.app.inject({ method: 'GET', url: path });

describe('meetings: calendar feed', () => {
  it('a token opens my meetings without a session; only its hash is stored; a new token stops the old one', async () => {
    const cookie = s.mathTeacher.cookie;
    expect(ok<FeedStatus>(await t.app.inject({ method: 'GET', url: '/api/meetings/feed', headers: { cookie } }), 200, 'status')).toEqual({ exists: false, createdAt: null });

    const old = await createMeeting(t.app, s.academicHead.cookie, { title: '上月的会', startsAt: '2026-09-01T03:00:00Z', invitees: { userIds: [s.mathTeacher.id], departmentIds: [] } });
    const weekly = await createMeeting(t.app, s.academicHead.cookie, { title: '周例会', startsAt: '2026-09-02T02:00:00Z', recurrence: { freq: 'weekly', interval: 1 }, invitees: { userIds: [s.mathTeacher.id], departmentIds: [] } });
    const cancelled = await createMeeting(t.app, s.academicHead.cookie, { title: '取消的会', startsAt: '2026-09-03T02:00:00Z', invitees: { userIds: [s.mathTeacher.id], departmentIds: [] } });
    const notMine = await createMeeting(t.app, s.academicHead.cookie, { title: '别人的会', startsAt: '2026-09-03T02:00:00Z', invitees: { userIds: [s.clerk.id], departmentIds: [] } });
    ok(await t.app.inject({ method: 'POST', url: `/api/meetings/${cancelled.id}/cancel`, headers: { cookie: s.academicHead.cookie }, payload: {} }), 200, 'cancel');

    const made = ok<FeedCreated>(await t.app.inject({ method: 'POST', url: '/api/meetings/feed', headers: { cookie } }), 200, 'make feed');
    const m = /^\/api\/meetings\/feed\/([A-Za-z0-9_-]{43})\.ics$/.exec(made.path);
    expect(m).not.toBeNull();
    const token = m![1]!;
    const stored = t.app.services.db.sqlite.prepare('SELECT token_hash AS h FROM meeting_feed_tokens WHERE user_id = ?').get(s.mathTeacher.id) as { h: string };
    expect(stored.h).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(t.app.services.db.sqlite.prepare('SELECT * FROM meeting_feed_tokens').all())).not.toContain(token);
    expect(ok<FeedStatus>(await t.app.inject({ method: 'GET', url: '/api/meetings/feed', headers: { cookie } }), 200, 'status').exists).toBe(true);

    // Later: the first meeting is 20 days past (still listed), then 31 days past (gone).
    t.clock.advance(20 * DAY);
    const res = await feed(made.path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const cal = parseIcs(res.body);
    expect(prop(cal, 'METHOD')!.value).toBe('PUBLISH');
    const events = child(cal, 'VEVENT');
    const byUid = new Map(events.map((e) => [prop(e, 'UID')!.value, e]));
    expect([...byUid.keys()].sort()).toEqual([`${old.id}@xiaoban`, `${weekly.id}@xiaoban`, `${cancelled.id}@xiaoban`].sort());
    expect(byUid.has(`${notMine.id}@xiaoban`)).toBe(false);
    expect(prop(byUid.get(`${cancelled.id}@xiaoban`)!, 'STATUS')!.value).toBe('CANCELLED');
    expect(prop(byUid.get(`${weekly.id}@xiaoban`)!, 'RRULE')!.value).toBe('FREQ=WEEKLY;INTERVAL=1;WKST=MO');
    t.clock.advance(13 * DAY); // now 34 days after the first, 32 after the cancelled one
    const later = child(parseIcs((await feed(made.path)).body), 'VEVENT').map((e) => prop(e, 'UID')!.value);
    expect(later).toEqual([`${weekly.id}@xiaoban`]); // the weekly one goes on

    // Rotate (back to a day the session is fresh): the old URL is a 404, the new one works.
    t.clock.set(new Date('2026-09-01T03:00:00Z'));
    const again = ok<FeedCreated>(await t.app.inject({ method: 'POST', url: '/api/meetings/feed', headers: { cookie } }), 200, 'rotate');
    expect(again.path).not.toBe(made.path);
    expectProblem(await feed(made.path), 404, 'MEETING_FEED_NOT_FOUND');
    expect((await feed(again.path)).statusCode).toBe(200);
    // Garbage and guesses are the same 404.
    expectProblem(await feed('/api/meetings/feed/abc.ics'), 404, 'MEETING_FEED_NOT_FOUND');
    expectProblem(await feed(`/api/meetings/feed/${'A'.repeat(43)}.ics`), 404, 'MEETING_FEED_NOT_FOUND');
    expectProblem(await feed(again.path.replace('.ics', '.txt')), 404, 'MEETING_FEED_NOT_FOUND');

    // Deleting stops it.
    expect((await t.app.inject({ method: 'DELETE', url: '/api/meetings/feed', headers: { cookie } })).statusCode).toBe(204);
    expectProblem(await feed(again.path), 404, 'MEETING_FEED_NOT_FOUND');
  });

  it("a deactivated person's feed stops", async () => {
    t.clock.set(new Date('2026-09-01T03:00:00Z'));
    const made = ok<FeedCreated>(await t.app.inject({ method: 'POST', url: '/api/meetings/feed', headers: { cookie: s.clerk.cookie } }), 200, 'make feed');
    expect((await feed(made.path)).statusCode).toBe(200);
    t.app.services.db.sqlite.prepare('UPDATE users SET active = 0 WHERE id = ?').run(s.clerk.id);
    expectProblem(await feed(made.path), 404, 'MEETING_FEED_NOT_FOUND');
  });
});
