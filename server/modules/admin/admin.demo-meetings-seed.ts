// Schedules the demo's meetings (admin.demo-meetings.ts) through the meetings service as their hosts would:
// members, invitations (inbox items and the ladder, through the gateway), reminders and the cancellation are
// the service's own, and the invitees answer through it. The service stamps "now" and refuses a start in the
// past, so a last step dates the story back in one transaction: when each meeting was scheduled (and its
// invitation items), when one was cancelled, and the meeting already held — scheduled with a start just ahead,
// then moved to yesterday, with the room's record (meeting_attendance, meeting_chat) written as the live room
// would have. That step writes the meetings', inbox's and gateway's tables directly — once, on an empty box,
// only rows this seed just made.
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { MeetingsModule } from '../meetings/index.js';
import type { OrgService } from '../org/index.js';
import { actingAs } from './admin.demo-forms.js';
import { DEMO_MEETINGS, type DemoMeeting, type DemoResponse } from './admin.demo-meetings.js';
import type { StoryTime } from './admin.demo-notices.js';
import type { DemoPerson } from './admin.demo-school.js';
import { schoolCalendar, unit, type SchoolCalendar } from './admin.demo-timeline.js';

/** The part of the meetings module the seed drives (app.ts and the CLI pass services.meetings). */
export type DemoMeetingsPort = Pick<MeetingsModule, 'meetings'>;

export interface DemoMeetingsDeps {
  meetings: DemoMeetingsPort;
  /** For dating the story back and the held meeting's record (see the top of this file). */
  sqlite: Sqlite;
  org: OrgService;
  clock: Clock;
  timeZone: string;
  people: ReadonlyMap<string, { id: string; person: DemoPerson }>;
  departmentIds: ReadonlyMap<string, string>;
}

const MINUTE = 60_000;
/** Where the held meeting starts while the service schedules it (no reminder: it is due at once). */
const PLACEHOLDER_LEAD_MINUTES = 1;

export interface MeetingPlan {
  meeting: DemoMeeting;
  startsAt: Date;
  scheduledAt: Date | null;
  cancelledAt: Date | null;
  /** Who answered and when (before now; the seed's now for meetings scheduled now). */
  responses: { key: string; response: DemoResponse; at: Date }[];
  stays: { key: string; joinedAt: Date; leftAt: Date; device: string }[];
  chat: { key: string; at: Date; body: string }[];
}

export function planDemoMeeting(m: DemoMeeting, cal: SchoolCalendar): MeetingPlan {
  const when = (s: StoryTime) => cal.at(s.date, s.at);
  const startsAt = when(m.starts(cal));
  const scheduledAt = m.scheduledAt ? when(m.scheduledAt(cal)) : null;
  const cancelledAt = m.cancelled ? when(m.cancelled.at(cal)) : null;
  const answeredBy = new Date(Math.min(cancelledAt?.getTime() ?? Infinity, startsAt.getTime(), cal.now.getTime()) - MINUTE);
  const responses: MeetingPlan['responses'] = [];
  for (const [response, keys] of Object.entries(m.responses ?? {}) as [DemoResponse, string[]][]) {
    for (const key of keys) {
      // People answer within a few hours of the invitation, while awake; never after it stopped mattering.
      const at = scheduledAt ? cal.awake(new Date(scheduledAt.getTime() + (3 + 240 * unit(`${m.key}:${key}:answer`) ** 2) * MINUTE)) : cal.now;
      responses.push({ key, response, at: scheduledAt && at > answeredBy ? answeredBy : at });
    }
  }
  const minutes = (n: number) => new Date(startsAt.getTime() + n * MINUTE);
  return {
    meeting: m, startsAt, scheduledAt, cancelledAt, responses,
    stays: (m.held?.stays ?? []).map((s) => ({ key: s.key, joinedAt: minutes(s.join), leftAt: minutes(s.leave), device: s.device })),
    chat: (m.held?.chat ?? []).map((c) => ({ key: c.key, at: minutes(c.at), body: c.body(cal) })),
  };
}

/** '9月1日 周二 10:00–11:00' and 'Tue 1 Sep 10:00–11:00': how the service names a meeting's time in its messages. */
export function meetingWhenText(startMs: number, durationMin: number, timeZone: string): { 'zh-CN': string; en: string } {
  const end = startMs + durationMin * MINUTE;
  const hm = (x: number) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(x);
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, month: 'numeric', day: 'numeric', weekday: 'short' }).formatToParts(startMs).map((x) => [x.type, x.value]));
  const wd = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday!);
  const en = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(startMs);
  return { 'zh-CN': `${p.month}月${p.day}日 ${['周一', '周二', '周三', '周四', '周五', '周六', '周日'][wd]} ${hm(startMs)}–${hm(end)}`, en: `${en} ${hm(startMs)}–${hm(end)}` };
}

interface Seeded {
  id: string;
  plan: MeetingPlan;
  /** The start the service was given (differs from the plan's only for the held meeting). */
  givenStart: Date;
}

export function seedDemoMeetings(d: DemoMeetingsDeps): { meetings: number; attendance: number; chat: number } {
  const svc = d.meetings.meetings;
  const cal = schoolCalendar(d.clock.now(), d.timeZone);
  const idOf = (key: string) => {
    const p = d.people.get(key);
    if (!p) throw new Error(`demo school: no person ${key}`);
    return p.id;
  };
  const users = new Map<string, ReturnType<typeof actingAs>>();
  const who = (key: string) => users.get(key) ?? users.set(key, actingAs(d.org, idOf(key))).get(key)!;
  const deptId = (key: string) => {
    const id = d.departmentIds.get(key);
    if (!id) throw new Error(`demo school: no department ${key}`);
    return id;
  };

  const seeded: Seeded[] = [];
  d.sqlite.transaction(() => {
    for (const m of DEMO_MEETINGS) {
      const plan = planDemoMeeting(m, cal);
      const host = who(m.by);
      const givenStart = m.held ? new Date(cal.now.getTime() + PLACEHOLDER_LEAD_MINUTES * MINUTE) : plan.startsAt;
      const { id } = svc.create(host, {
        title: m.title, agenda: m.agenda(cal), startsAt: givenStart.toISOString(), durationMin: m.durationMin, recurrence: m.recurrence ?? null,
        invitees: { userIds: (m.invitees.personKeys ?? []).map(idOf), departmentIds: (m.invitees.departmentKeys ?? []).map(deptId) },
        cohostIds: (m.cohosts ?? []).map(idOf), lobby: m.lobby, cameraOffAbove: m.cameraOffAbove, annotate: m.annotate, attachmentFileIds: [],
      });
      for (const r of plan.responses) svc.respond(who(r.key), id, { response: r.response });
      if (m.cancelled) svc.cancel(host, id, { reason: m.cancelled.reason });
      seeded.push({ id, plan, givenStart });
    }
    dateBack(d.sqlite, seeded, d.timeZone, idOf);
  })();
  return {
    meetings: seeded.length,
    attendance: seeded.reduce((n, s) => n + s.plan.stays.length, 0),
    chat: seeded.reduce((n, s) => n + s.plan.chat.length, 0),
  };
}

const ISO = `'%Y-%m-%dT%H:%M:%fZ'`;
/** A time moved by as much as the row's creation moves to @at. */
const moved = (col: string) => `CASE WHEN ${col} IS NULL THEN NULL ELSE strftime(${ISO}, julianday(${col}) + julianday(@at) - julianday(created_at)) END`;
const itemsOf = `SELECT id FROM inbox_items WHERE source_type = 'meeting' AND source_id = @id AND kind = @kind`;

/** Moves what the service stamped "now" to the story's moments and writes the held meeting's record; inside the seed's transaction. */
function dateBack(sqlite: Sqlite, seeded: Seeded[], timeZone: string, idOf: (key: string) => string): void {
  const s = {
    scheduled: sqlite.prepare(`UPDATE meetings SET created_at = @at, updated_at = @at WHERE id = @id`),
    cancelled: sqlite.prepare(`UPDATE meetings SET updated_at = @at WHERE id = @id AND status = 'cancelled'`),
    start: sqlite.prepare(`UPDATE meetings SET starts_at = @at WHERE id = @id`),
    // Attempts first: they move by their own creation time, which is the item's.
    attempts: sqlite.prepare(`UPDATE delivery_attempts SET due_at = ${moved('due_at')}, updated_at = ${moved('updated_at')}, sent_at = ${moved('sent_at')},
      delivered_at = ${moved('delivered_at')}, created_at = @at WHERE item_id IN (${itemsOf})`),
    items: sqlite.prepare(`UPDATE inbox_items SET created_at = @at WHERE id IN (${itemsOf})`),
    when: sqlite.prepare(`UPDATE inbox_items SET body = replace(replace(body, @fromZh, @toZh), @fromEn, @toEn)
      WHERE id IN (${itemsOf}) AND (instr(body, @fromZh) > 0 OR instr(body, @fromEn) > 0)`),
    // Answering means having opened the invitation.
    read: sqlite.prepare(`UPDATE inbox_items SET read_at = @at, seen_at = @at WHERE id IN (${itemsOf}) AND user_id = @user AND read_at IS NULL`),
    stay: sqlite.prepare(`INSERT INTO meeting_attendance (meeting_id, user_id, session_key, joined_at, left_at, device) VALUES (@id, @user, @pid, @joinedAt, @leftAt, @device)`),
    chat: sqlite.prepare(`INSERT INTO meeting_chat (meeting_id, user_id, body, created_at) VALUES (@id, @user, @body, @at)`),
    count: sqlite.prepare(`SELECT count(*) AS n FROM inbox_items WHERE source_type = 'meeting' AND source_id = @id AND kind = @kind`),
  };
  const iso = (t: Date) => t.toISOString();
  for (const { id, plan, givenStart } of seeded) {
    const m = plan.meeting;
    const sent = (kind: string, at: Date) => {
      s.attempts.run({ id, kind, at: iso(at) });
      s.items.run({ id, kind, at: iso(at) });
    };
    if (plan.scheduledAt) {
      s.scheduled.run({ id, at: iso(plan.scheduledAt) });
      sent('meeting.invited', plan.scheduledAt);
    }
    if (plan.cancelledAt) {
      s.cancelled.run({ id, at: iso(plan.cancelledAt) });
      sent('meeting.cancelled', plan.cancelledAt);
    }
    for (const r of plan.responses) s.read.run({ id, kind: 'meeting.invited', user: idOf(r.key), at: iso(r.at) });
    if (!m.held) continue;
    // The invitations named the start the service was given; they name the real one.
    s.start.run({ id, at: iso(plan.startsAt) });
    const from = meetingWhenText(givenStart.getTime(), m.durationMin, timeZone);
    const to = meetingWhenText(plan.startsAt.getTime(), m.durationMin, timeZone);
    const invited = { id, kind: 'meeting.invited' };
    const renamed = s.when.run({ ...invited, fromZh: from['zh-CN'], toZh: to['zh-CN'], fromEn: from.en, toEn: to.en }).changes;
    if (renamed !== (s.count.get(invited) as { n: number }).n) throw new Error(`demo school: the invitations of ${m.key} do not name ${from['zh-CN']}`);
    for (const st of plan.stays) {
      s.stay.run({ id, user: idOf(st.key), pid: newId(st.joinedAt.getTime()), joinedAt: iso(st.joinedAt), leftAt: iso(st.leftAt), device: st.device });
    }
    for (const c of plan.chat) s.chat.run({ id, user: idOf(c.key), body: c.body, at: iso(c.at) });
  }
}
