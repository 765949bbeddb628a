// The demo school's meetings: the plan on the seed clock (pure), then as XB_DEMO=1 seeds them, seen through the
// meetings API by the people they name — members, recurrence, the held meeting's attendance, chat and Excel
// export, the cancelled one — and that the invitations reached each member once, dated, with no mail or SMS.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie, makeApp, type TestApp } from '../../../tests/helpers/app.js';
import { FakeClock } from '../../lib/clock.js';
import type { CalendarOccurrences, MeetingAttendance, MeetingChatPage, MeetingDetail, MeetingList } from '../meetings/meetings.dto.js';
import { meetingWhenText, planDemoMeeting } from './admin.demo-meetings-seed.js';
import { DEMO_DEPARTMENT_HEADS, DEMO_LEADERS, DEMO_MEETINGS } from './admin.demo-meetings.js';
import { demoSchool } from './admin.demo-school.js';
import { DEMO_PASSWORD } from './admin.demo-seed.js';
import { schoolCalendar } from './admin.demo-timeline.js';

const school = demoSchool();
const people = school.people;
const byKey = new Map(people.map((p) => [p.key, p]));
const nameOf = (key: string) => byKey.get(key)!.displayName;
// Thursday 2026-12-10, 11:00 in Shanghai.
const NOW = new Date('2026-12-10T03:00:00Z');
const cal = schoolCalendar(NOW, 'Asia/Shanghai');
const meeting = (key: string) => DEMO_MEETINGS.find((m) => m.key === key)!;
const local = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('the demo meetings (plan)', () => {
  it('fall on the days the story says, in the school zone', () => {
    const starts = Object.fromEntries(DEMO_MEETINGS.map((m) => [m.key, local(planDemoMeeting(m, cal).startsAt.toISOString())]));
    expect(starts).toEqual({
      admin_weekly: '2026-12-14 08:00', // next Monday
      staff_meeting: '2026-12-18 15:30', // next week's Friday
      grade1_session: '2026-12-14 14:00', // two working days on (Thursday → Monday)
      exam_briefing: '2026-12-09 16:30', // yesterday
      winter_safety_meeting: '2026-12-17 16:00',
    });
    // Before eight on a Monday, the weekly meeting starts today; the held one is still the last working day's.
    const monday = schoolCalendar(new Date('2026-12-13T22:30:00Z'), 'Asia/Shanghai');
    expect(local(planDemoMeeting(meeting('admin_weekly'), monday).startsAt.toISOString())).toBe('2026-12-14 08:00');
    expect(local(planDemoMeeting(meeting('exam_briefing'), monday).startsAt.toISOString())).toBe('2026-12-11 16:30');
  });

  it('keep every act in the past and after the scheduling, and every chat line inside its speaker’s stay', () => {
    for (const when of [NOW, new Date('2026-12-13T22:30:00Z'), new Date('2026-12-11T09:59:00Z')]) {
      const c = schoolCalendar(when, 'Asia/Shanghai');
      for (const m of DEMO_MEETINGS) {
        const p = planDemoMeeting(m, c);
        if (!m.held) expect(p.startsAt > when, m.key).toBe(true);
        if (p.scheduledAt) expect(p.scheduledAt < when && p.scheduledAt < p.startsAt, m.key).toBe(true);
        if (p.cancelledAt) expect(p.cancelledAt > p.scheduledAt! && p.cancelledAt < when, m.key).toBe(true);
        for (const r of p.responses) {
          expect(r.at <= when, `${m.key}: ${r.key}`).toBe(true);
          if (p.scheduledAt) expect(r.at > p.scheduledAt && r.at < p.startsAt, `${m.key}: ${r.key}`).toBe(true);
        }
        for (const s of p.stays) expect(s.joinedAt < s.leftAt && s.leftAt < when, `${m.key}: ${s.key}`).toBe(true);
        for (const line of p.chat) {
          expect(p.stays.some((s) => s.key === line.key && s.joinedAt <= line.at && line.at <= s.leftAt), `${m.key}: ${line.key} at ${local(line.at.toISOString())}`).toBe(true);
          expect(line.body).not.toMatch(/undefined|NaN/);
        }
      }
    }
  });

  it('name people and departments the demo school has, hosts who may manage, and only members in the room', () => {
    const deptKeys = new Set(school.departments.map((d) => d.key));
    for (const m of DEMO_MEETINGS) {
      const named = [m.by, ...(m.cohosts ?? []), ...(m.invitees.personKeys ?? [])];
      for (const k of named) expect(byKey.has(k), `${m.key}: ${k}`).toBe(true);
      for (const k of m.invitees.departmentKeys ?? []) expect(deptKeys.has(k), `${m.key}: ${k}`).toBe(true);
      const members = new Set(named.concat(people.filter((p) => m.invitees.departmentKeys?.includes(p.departmentKey) || (m.invitees.departmentKeys?.includes('grades') && p.departmentKey.startsWith('grade'))).map((p) => p.key)));
      for (const k of [...Object.values(m.responses ?? {}).flat(), ...(m.held?.stays ?? []).map((s) => s.key), ...(m.held?.chat ?? []).map((c) => c.key)]) {
        expect(members.has(k), `${m.key}: ${k} is a member`).toBe(true);
      }
      expect(m.agenda(cal)).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('write the service’s time text', () => {
    expect(meetingWhenText(Date.parse('2026-12-09T08:30:00Z'), 60, 'Asia/Shanghai')).toEqual({ 'zh-CN': '12月9日 周三 16:30–17:30', en: 'Wed 9 Dec 16:30–17:30' });
  });
});

describe('the demo meetings (seeded, through the API)', () => {
  let t: TestApp;
  const cookies = new Map<string, string>();
  const as = async (key: string) => {
    if (!cookies.has(key)) cookies.set(key, await loginCookie(t.app, byKey.get(key)!.username, DEMO_PASSWORD));
    return cookies.get(key)!;
  };
  const inject = async (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: await as(key) } });
  const get = async <T>(key: string, url: string): Promise<T> => {
    const res = await inject(key, url);
    expect(res.statusCode, `${key} GET ${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };
  const ids = new Map<string, string>();
  const detail = (key: string, meetingKey: string) => get<MeetingDetail>(key, `/api/meetings/${ids.get(meetingKey)!}`);
  const memberNames = (d: MeetingDetail) => d.members.map((m) => m.displayName).sort();
  const names = (keys: string[]) => [...new Set(keys)].map(nameOf).sort();
  const sql = () => t.app.services.db.sqlite;

  beforeAll(async () => {
    t = await makeApp({ config: { demo: true }, clock: new FakeClock(NOW) });
    for (const row of sql().prepare('SELECT id, title FROM meetings').all() as { id: string; title: string }[]) {
      ids.set(DEMO_MEETINGS.find((m) => m.title === row.title)!.key, row.id);
    }
  });
  afterAll(() => t.close());

  it('schedules the five meetings', () => {
    expect([...ids.keys()].sort()).toEqual(DEMO_MEETINGS.map((m) => m.key).sort());
  });

  it('has the weekly 行政例会 on Mondays at eight for the leaders and department heads, hosted by 林晓燕', async () => {
    const d = await detail('go_director', 'admin_weekly');
    expect(d).toMatchObject({
      title: '行政例会', status: 'scheduled', durationMin: 60, timeZone: 'Asia/Shanghai', lobby: false, myRole: 'host', canManage: true,
      recurrence: { freq: 'weekly', interval: 1, byWeekday: [1] }, host: { displayName: '林晓燕', departmentName: '综合办公室' },
    });
    expect(byKey.get('go_director')!.username).toBe('t2020005');
    expect(memberNames(d)).toEqual(names(['go_director', ...DEMO_LEADERS, ...DEMO_DEPARTMENT_HEADS]));
    expect(d.agenda).toContain('各处室汇报');
    expect(d.nextOccurrences.map((o) => local(o.startsAt))).toEqual(['2026-12-14 08:00', '2026-12-21 08:00', '2026-12-28 08:00', '2027-01-04 08:00', '2027-01-11 08:00']);
    // The principal sees it in his list and on his calendar, every Monday.
    const list = await get<MeetingList>('principal', '/api/meetings');
    expect(list.items.find((i) => i.title === '行政例会')).toMatchObject({ recurring: true, myRole: 'attendee', memberCount: 15, occurrence: { startsAt: '2026-12-14T00:00:00.000Z' } });
    const calendar = await get<CalendarOccurrences>('principal', '/api/meetings/calendar?from=2026-12-07T00:00:00Z&to=2027-01-04T00:00:00Z');
    expect(calendar.timeZone).toBe('Asia/Shanghai');
    expect(calendar.items.filter((i) => i.title === '行政例会').map((i) => local(i.startsAt))).toEqual(['2026-12-14 08:00', '2026-12-21 08:00', '2026-12-28 08:00']);
    // A teacher is not invited and does not see it.
    expect((await inject('grade1_t03', `/api/meetings/${ids.get('admin_weekly')!}`)).statusCode).toBe(404);
    // Its first reminder is queued for 07:45 on Monday.
    const reminders = sql().prepare(`SELECT run_at AS runAt FROM jobs WHERE kind = 'meetings.remind' AND payload LIKE ?`).all(`%${ids.get('admin_weekly')!}%`);
    expect(reminders).toEqual([{ runAt: '2026-12-13T23:45:00.000Z' }]);
  });

  it('has next Friday’s 全体教职工大会 hosted by the principal for everyone, cameras off above 25', async () => {
    const d = await detail('principal', 'staff_meeting');
    expect(d).toMatchObject({ startsAt: '2026-12-18T07:30:00.000Z', durationMin: 90, recurrence: null, cameraOffAbove: 25, annotate: 'presenter', lobby: false, myRole: 'host' });
    expect(byKey.get('principal')!.username).toBe('t2012001');
    expect(d.members).toHaveLength(people.length);
    expect(d.invitedDepartments).toHaveLength(school.departments.length);
    expect(d.members.filter((m) => m.role === 'cohost').map((m) => m.displayName)).toEqual(['韩雪']);
    expect(d.members.filter((m) => m.response === 'declined').map((m) => m.displayName)).toEqual([nameOf('grade2_t14')]);
    // Any teacher finds it upcoming and on the calendar, unanswered.
    const list = await get<MeetingList>('grade1_t06', '/api/meetings');
    expect(list.items.find((i) => i.id === d.id)).toMatchObject({ myRole: 'attendee', myResponse: 'none', memberCount: people.length });
    const calendar = await get<CalendarOccurrences>('grade3_t05', '/api/meetings/calendar?from=2026-12-14T00:00:00Z&to=2026-12-21T00:00:00Z');
    expect(calendar.items.map((i) => [i.title, local(i.startsAt), local(i.endsAt)])).toEqual([['全体教职工大会', '2026-12-18 15:30', '2026-12-18 17:00']]);
  });

  it('has the 高一年级组 teaching session in two working days for the grade, with 叶红梅 co-hosting', async () => {
    const d = await detail('grade1_head', 'grade1_session');
    expect(byKey.get('grade1_head')!.username).toBe('t2008029');
    expect(d).toMatchObject({ startsAt: '2026-12-14T06:00:00.000Z', durationMin: 90, myRole: 'host', invitedDepartments: [{ name: '高一年级组' }] });
    expect(memberNames(d)).toEqual(names(people.filter((p) => p.departmentKey === 'grade1').map((p) => p.key)));
    expect(d.members.filter((m) => m.role === 'cohost').map((m) => m.displayName)).toEqual(['叶红梅']);
    expect((await detail('grade1_t01', 'grade1_session')).canManage).toBe(true);
    expect((await inject('grade2_t03', `/api/meetings/${d.id}`)).statusCode).toBe(404);
  });

  it('has yesterday’s 期末考试工作布置会 with its attendance, reconnect and no-show, chat and Excel export', async () => {
    const host = 'vp_teaching';
    expect(byKey.get(host)!.username).toBe('t2019002'); // named in the README
    const past = await get<MeetingList>(host, '/api/meetings?when=past');
    expect(past.items.map((i) => i.title)).toEqual(['期末考试工作布置会']);
    expect(past.items[0]!.occurrence).toEqual({ startsAt: '2026-12-09T08:30:00.000Z', endsAt: '2026-12-09T09:30:00.000Z' });
    expect((await get<MeetingList>(host, '/api/meetings')).items.map((i) => i.title)).not.toContain('期末考试工作布置会');
    const d = await detail(host, 'exam_briefing');
    expect(d).toMatchObject({ createdAt: '2026-12-07T09:20:00.000Z', nextOccurrences: [], joinable: false });
    expect(d.members).toHaveLength(15);

    const a = await get<MeetingAttendance>(host, `/api/meetings/${d.id}/attendance`);
    expect(a.rows).toHaveLength(14);
    expect(a.absent.map((p) => p.displayName)).toEqual([nameOf('grade3_t02')]);
    const row = (key: string) => a.rows.find((r) => r.displayName === nameOf(key))!;
    expect(row('grade2_t02')).toMatchObject({ stays: 2, totalMinutes: 55, devices: ['phone'], firstJoinAt: '2026-12-09T08:33:00.000Z', lastLeaveAt: '2026-12-09T09:30:00.000Z' });
    expect(row('grade3_head')).toMatchObject({ stays: 1, totalMinutes: 37, lastLeaveAt: '2026-12-09T09:08:00.000Z' });
    expect(row('ac_director')).toMatchObject({ role: 'cohost', devices: ['desktop'], firstJoinAt: '2026-12-09T08:21:00.000Z' });
    expect(a.rows[0]!.displayName).toBe(nameOf('ac_director'));
    expect(a.rows.every((r) => r.lastLeaveAt !== null && r.totalMinutes > 0)).toBe(true);
    // The co-host sees it too; an attendee may not.
    expect((await get<MeetingAttendance>('ac_director', `/api/meetings/${d.id}/attendance`)).rows).toHaveLength(14);
    expect((await inject('grade1_head', `/api/meetings/${d.id}/attendance`)).statusCode).toBe(403);

    const xlsx = await inject(host, `/api/meetings/${d.id}/attendance.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('签到')!;
    const cells = sheet.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(cells).toHaveLength(14);
    expect(cells.find((r) => r[0] === nameOf('grade2_t02'))).toEqual(expect.arrayContaining(['2026-12-09 16:33', '2026-12-09 17:30', 55, 2]));

    const chat = await get<MeetingChatPage>('grade1_head', `/api/meetings/${d.id}/chat`);
    expect(chat.items).toHaveLength(10);
    expect(chat.items.map((c) => c.createdAt)).toEqual(chat.items.map((c) => c.createdAt).sort());
    expect(chat.items[0]).toMatchObject({ displayName: '黄志强', createdAt: '2026-12-09T08:26:00.000Z' });
    expect(chat.items.find((c) => c.displayName === nameOf('grade2_head'))!.body).toContain('12月15日（周二）');
    expect((await inject('grade1_t03', `/api/meetings/${d.id}/chat`)).statusCode).toBe(404);

    // The invitations went out when it was scheduled and name the real time.
    const inbox = await get<{ items: { kind: string; body: string; link: string | null; createdAt: string; readAt: string | null }[] }>('grade1_head', '/api/inbox?limit=100');
    expect(inbox.items.find((i) => i.kind === 'meeting.invited' && i.link === `/meetings/${d.id}`)).toMatchObject({
      body: '12月9日 周三 16:30–17:30，发起人 陈立新', createdAt: '2026-12-07T09:20:00.000Z', readAt: expect.any(String),
    });
  });

  it('has the 寒假安全工作部署会 cancelled, with the members told when it was', async () => {
    const d = await detail('vp_affairs', 'winter_safety_meeting');
    expect(d).toMatchObject({ status: 'cancelled', nextOccurrences: [], icsSequence: 1, updatedAt: '2026-12-09T09:30:00.000Z' });
    const list = await get<MeetingList>('grades_director', '/api/meetings?when=past');
    expect(list.items.find((i) => i.id === d.id)).toMatchObject({ status: 'cancelled' });
    expect((await get<MeetingList>('grades_director', '/api/meetings')).items.map((i) => i.id)).not.toContain(d.id);
    const inbox = await get<{ items: { kind: string; link: string | null; createdAt: string; urgency: string }[] }>('grade2_head', '/api/inbox?limit=100');
    expect(inbox.items.filter((i) => i.link === `/meetings/${d.id}`).map((i) => [i.kind, i.createdAt])).toEqual([
      ['meeting.cancelled', '2026-12-09T09:30:00.000Z'],
      ['meeting.invited', '2026-12-08T02:40:00.000Z'],
    ]);
    const audit = sql().prepare(`SELECT details FROM audit_log WHERE event = 'meetings.cancelled' AND target_id = ?`).get(d.id) as { details: string };
    expect(JSON.parse(audit.details)).toEqual({ reason: expect.stringContaining('全体教职工大会') });
  });

  it('invites each member once per meeting through the gateway and queues no mail or SMS', () => {
    const perItem = sql().prepare(`SELECT source_id AS id, kind, count(*) AS n, count(DISTINCT user_id) AS users FROM inbox_items WHERE source_type = 'meeting' GROUP BY 1, 2`).all() as { id: string; kind: string; n: number; users: number }[];
    expect(perItem.every((r) => r.n === r.users)).toBe(true);
    const byId = new Map([...ids].map(([k, id]) => [id, k]));
    const sent = Object.fromEntries(perItem.map((r) => [`${byId.get(r.id)} ${r.kind}`, r.n]));
    // Everyone but the host; the held meeting's reminder time had passed when it was scheduled.
    expect(sent).toEqual({
      'admin_weekly meeting.invited': 14, 'staff_meeting meeting.invited': people.length - 1, 'grade1_session meeting.invited': 17, 'exam_briefing meeting.invited': 14,
      'winter_safety_meeting meeting.invited': 7, 'winter_safety_meeting meeting.cancelled': 7,
    });
    const most = sql().prepare(`SELECT max(n) AS n FROM (SELECT count(*) AS n FROM inbox_items WHERE source_type = 'meeting' GROUP BY user_id)`).get() as { n: number };
    expect(most.n).toBeLessThanOrEqual(6);
    const attempts = sql().prepare(`SELECT a.channel, a.status, a.reason FROM delivery_attempts a JOIN inbox_items i ON i.id = a.item_id WHERE i.source_type = 'meeting' GROUP BY 1, 2, 3`).all();
    expect(attempts).toEqual([{ channel: 'webpush', status: 'skipped', reason: 'no_address' }]);
    const misdated = sql().prepare(`SELECT count(*) AS n FROM delivery_attempts a JOIN inbox_items i ON i.id = a.item_id WHERE i.source_type = 'meeting' AND (a.created_at <> i.created_at OR a.due_at < i.created_at OR i.created_at > ?)`).get(NOW.toISOString());
    expect(misdated).toEqual({ n: 0 });
  });
});
