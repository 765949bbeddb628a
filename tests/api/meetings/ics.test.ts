// iCalendar we write: folding at 75 octets without splitting Chinese characters, TEXT escaping, and the
// invitation download (REQUEST with UID/SEQUENCE/TZID/VTIMEZONE/RRULE/ORGANIZER/ATTENDEE, CANCEL once
// cancelled) read back with a strict little parser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../server/lib/clock.js';
import { escapeText, foldLine, rrule } from '../../../server/modules/meetings/meetings.ics.js';
import { expectProblem, makeApp, type TestApp } from '../../helpers/app.js';
import { child, createMeeting, parseIcs, prop, props, unescapeText } from '../../helpers/meetings.js';
import { noticeSchool, ok, type NoticeSchool } from '../../helpers/notices.js';

describe('ics: folding and escaping', () => {
  it('folds at 75 octets and never inside a UTF-8 character', () => {
    const line = `SUMMARY:${'关于期中考试监考安排的教研组会议'.repeat(6)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(3);
    for (const [i, p] of parts.entries()) {
      expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(p.startsWith(' ')).toBe(true);
      // Each piece is whole UTF-8: re-encoding gives the same bytes.
      expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p);
    }
    // The first line is filled: another 3-octet character would not have fitted.
    expect(Buffer.byteLength(parts[0]!, 'utf8')).toBeGreaterThan(72);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
    // ASCII folds at exactly 75.
    const ascii = foldLine('X'.repeat(200)).split('\r\n');
    expect(ascii.map((p) => p.length)).toEqual([75, 75, 52]);
    expect(foldLine('SHORT:行')).toBe('SHORT:行');
    // Four-octet characters (emoji) are not split either.
    for (const p of foldLine(`X:${'😀'.repeat(40)}`).split('\r\n')) expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p);
  });

  it('escapes backslash, semicolon, comma and newlines', () => {
    expect(escapeText('议程：一、预算; 二、安排,\n三\\四\r\n完')).toBe('议程：一、预算\\; 二、安排\\,\\n三\\\\四\\n完');
    expect(unescapeText(escapeText('a;b,c\\d\ne'))).toBe('a;b,c\\d\ne');
  });

  it('RRULE: weekdays, UNTIL in UTC at the end of the school day, COUNT', () => {
    expect(rrule({ freq: 'weekly', interval: 1, byWeekday: [3, 1] }, 'Asia/Shanghai')).toBe('RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;WKST=MO');
    expect(rrule({ freq: 'daily', interval: 2, until: '2026-09-30' }, 'Asia/Shanghai')).toBe('RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20260930T155959Z;WKST=MO');
    expect(rrule({ freq: 'monthly', interval: 1, count: 6 }, 'Asia/Shanghai')).toBe('RRULE:FREQ=MONTHLY;INTERVAL=1;COUNT=6;WKST=MO');
  });
});

describe('ics: the invitation download', () => {
  let t: TestApp;
  let s: NoticeSchool;
  beforeAll(async () => {
    t = await makeApp({ clock: new FakeClock(new Date('2026-09-01T02:00:00Z')) });
    s = await noticeSchool(t.app);
  }, 90_000);
  afterAll(async () => t?.close());

  const ics = async (cookie: string, id: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/meetings/${id}/invite.ics`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
    return parseIcs(res.body);
  };

  it('a recurring meeting with a long Chinese agenda parses: unfolded lines, balanced components, the fields calendars need', async () => {
    const agenda = '一、期中考试安排；二、公开课, 听课评课\n三、其他事项：路径 C:\\教务\\安排.docx '.repeat(4);
    const m = await createMeeting(t.app, s.academicHead.cookie, {
      title: '教研组周例会，第一次；请准时', agenda, startsAt: '2026-09-02T02:00:00Z', durationMin: 90,
      recurrence: { freq: 'weekly', interval: 1, byWeekday: [1, 3], until: '2026-12-31' }, invitees: { userIds: [s.mathTeacher.id], departmentIds: [] }, cohostIds: [s.academicTeacher.id],
    });
    ok(await t.app.inject({ method: 'POST', url: `/api/meetings/${m.id}/respond`, headers: { cookie: s.mathTeacher.cookie }, payload: { response: 'accepted' } }), 200, 'accept');
    const cal = await ics(s.mathTeacher.cookie, m.id);
    expect(cal.name).toBe('VCALENDAR');
    expect(prop(cal, 'VERSION')!.value).toBe('2.0');
    expect(prop(cal, 'METHOD')!.value).toBe('REQUEST');
    const [tz] = child(cal, 'VTIMEZONE');
    expect(prop(tz!, 'TZID')!.value).toBe('Asia/Shanghai');
    expect(prop(child(tz!, 'STANDARD')[0]!, 'TZOFFSETTO')!.value).toBe('+0800');
    const [ev] = child(cal, 'VEVENT');
    expect(prop(ev!, 'UID')!.value).toBe(`${m.id}@xiaoban`);
    expect(prop(ev!, 'SEQUENCE')!.value).toBe('0');
    expect(prop(ev!, 'DTSTART')).toEqual({ name: 'DTSTART', params: { TZID: 'Asia/Shanghai' }, value: '20260902T100000' });
    expect(prop(ev!, 'DTEND')).toEqual({ name: 'DTEND', params: { TZID: 'Asia/Shanghai' }, value: '20260902T113000' });
    expect(prop(ev!, 'RRULE')!.value).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;UNTIL=20261231T155959Z;WKST=MO');
    expect(unescapeText(prop(ev!, 'SUMMARY')!.value)).toBe('教研组周例会，第一次；请准时');
    const description = unescapeText(prop(ev!, 'DESCRIPTION')!.value);
    expect(description.startsWith(agenda.trim())).toBe(true);
    expect(description).toContain(`/meetings/${m.id}/room`);
    expect(prop(ev!, 'URL')!.value).toMatch(new RegExp(`^https?://[^/]+/meetings/${m.id}/room$`));
    expect(prop(ev!, 'ORGANIZER')!.params.CN).toBe('钱主任');
    const attendees = props(ev!, 'ATTENDEE').map((a) => [a.params.CN, a.params.ROLE, a.params.PARTSTAT]);
    expect(attendees.sort()).toEqual([['李老师', 'CHAIR', 'NEEDS-ACTION'], ['钱主任', 'CHAIR', 'ACCEPTED'], ['陈老师', 'REQ-PARTICIPANT', 'ACCEPTED']].sort());
    expect(prop(ev!, 'STATUS')!.value).toBe('CONFIRMED');
    expect(child(ev!, 'VALARM')).toHaveLength(1);

    // An edit raises SEQUENCE; cancelling sends METHOD:CANCEL with STATUS:CANCELLED and the next SEQUENCE.
    const body = { title: '教研组周例会', agenda: '', startsAt: '2026-09-02T03:00:00Z', durationMin: 60, recurrence: null, invitees: { userIds: [s.mathTeacher.id], departmentIds: [] }, cohostIds: [], lobby: true, cameraOffAbove: 10, annotate: 'all', attachmentFileIds: [] };
    ok(await t.app.inject({ method: 'PUT', url: `/api/meetings/${m.id}`, headers: { cookie: s.academicHead.cookie }, payload: body }), 200, 'edit');
    const edited = child(await ics(s.mathTeacher.cookie, m.id), 'VEVENT')[0]!;
    expect(prop(edited, 'SEQUENCE')!.value).toBe('1');
    expect(prop(edited, 'RRULE')).toBeUndefined();
    expect(prop(edited, 'DTSTART')!.value).toBe('20260902T110000');
    ok(await t.app.inject({ method: 'POST', url: `/api/meetings/${m.id}/cancel`, headers: { cookie: s.academicHead.cookie }, payload: {} }), 200, 'cancel');
    const cancelled = await ics(s.mathTeacher.cookie, m.id);
    expect(prop(cancelled, 'METHOD')!.value).toBe('CANCEL');
    const cev = child(cancelled, 'VEVENT')[0]!;
    expect(prop(cev, 'SEQUENCE')!.value).toBe('2');
    expect(prop(cev, 'STATUS')!.value).toBe('CANCELLED');
    expect(prop(cev, 'UID')!.value).toBe(`${m.id}@xiaoban`);
  });

  it('only members download it', async () => {
    const m = await createMeeting(t.app, s.academicHead.cookie, { invitees: { userIds: [s.mathTeacher.id], departmentIds: [] } });
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}/invite.ics`, headers: { cookie: s.logisticsTeacher.cookie } }), 404, 'MEETING_NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/meetings/not-an-id/invite.ics', headers: { cookie: s.mathTeacher.cookie } }), 400, 'VALIDATION_FAILED');
  });
});
