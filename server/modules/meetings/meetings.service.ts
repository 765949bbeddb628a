// Meetings as calendar objects: schedule (once or recurring), edit (host and co-hosts; SEQUENCE + 1), cancel,
// respond, "meet now", the member's lists and calendar, invitations and reminders through the gateway
// (category 'meeting'), attendance and chat history for the record. The live room is elsewhere; it reads
// roles through the checkpoint (meetings.access.ts).
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../../core/jobs/jobs.queue.js';
import type { CurrentUser } from '../../core/request-context.js';
import type { Clock } from '../../lib/clock.js';
import { newId, newToken } from '../../lib/ids.js';
import type { AuditService } from '../audit/index.js';
import type { LadderUrgency } from '../gateway/index.js';
import type { MeetingAccessCheckpoint } from './meetings.access.js';
import {
  MEETING_CALENDAR_MAX_DAYS, MEETING_INSTANT_DURATION, MEETING_JOIN_EARLY_MINUTES, MEETING_REMIND_MINUTES, meetingIcsPath, meetingJoinPath,
  type AttendanceQuery, type CalendarOccurrences, type CalendarQuery, type ChatQuery, type FeedCreated, type FeedStatus, type InstantInput,
  type MeetingAttendance, type MeetingCancel, type MeetingChatPage, type MeetingDetail, type MeetingInput, type MeetingInvitees, type MeetingList,
  type MeetingListItem, type MeetingListQuery, type MeetingMember, type MeetingRecurrence, type MeetingRespond, type MeetingRole, type PersonRef,
} from './meetings.dto.js';
import { MeetingErrors } from './meetings.errors.js';
import { calendar, type IcsEvent } from './meetings.ics.js';
import type { MeetingAttachmentsPort, MeetingNoticeSource, MeetingsGateway, MeetingsOrg } from './meetings.ports.js';
import { isOccurrence, lastStarted, occurrencesBetween, occurrenceStarts, recurrenceProblem, upcomingOccurrences, type Schedule } from '../../lib/recurrence.js';
import type { MeetingContent, MeetingRow, MeetingsRepo, MemberRow } from './meetings.repo.js';

export interface MeetingsServiceDeps {
  repo: MeetingsRepo;
  access: MeetingAccessCheckpoint;
  org: MeetingsOrg;
  gateway: MeetingsGateway;
  audit: AuditService;
  jobs: Pick<JobQueue, 'enqueue' | 'register'>;
  clock: Clock;
  log: FastifyBaseLogger;
  attachments: MeetingAttachmentsPort;
  notices: MeetingNoticeSource;
  /** The school's time zone now (settings); a meeting keeps the zone it was made in. */
  timeZone(): string;
  /** Absolute base URL of the box, for join links in calendar files. */
  baseUrl(): string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** A new meeting may start this long ago at most (the form took a while to fill in). */
const START_GRACE_MS = 5 * MINUTE;
const FEED_PAST_MS = 30 * DAY;
const ROLE_ORDER: Record<MeetingRole, number> = { host: 0, cohost: 1, attendee: 2 };
const WEEKDAY_ZH = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export const feedTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const FEED_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;

export function scheduleOf(m: MeetingRow): Schedule {
  return { startsAt: m.startsAt, durationMin: m.durationMin, recurrence: m.recurrence ? (JSON.parse(m.recurrence) as MeetingRecurrence) : null, timeZone: m.timeZone };
}

export function createMeetingsService(d: MeetingsServiceDeps) {
  const { repo, org } = d;
  const nowMs = () => d.clock.now().getTime();
  const nowIso = () => d.clock.now().toISOString();

  // ── views ───────────────────────────────────────────────────────────────────────────────
  function person(id: string): PersonRef {
    const p = org.personSummary(id);
    return p ? { id: p.id, displayName: p.displayName, departmentName: p.departmentName } : { id, displayName: '—', departmentName: null };
  }
  const joinable = (s: Schedule, at: number) => upcomingOccurrences(s, at, 1).some((o) => Date.parse(o.startsAt) - MEETING_JOIN_EARLY_MINUTES * MINUTE <= at);

  function detailOf(m: MeetingRow, userId: string): MeetingDetail {
    const me = repo.member(m.id, userId)!;
    const s = scheduleOf(m);
    const at = nowMs();
    const members: MeetingMember[] = repo
      .members(m.id)
      .map((r) => ({ ...person(r.userId), role: r.role, response: r.response }))
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.displayName.localeCompare(b.displayName, 'zh-CN'));
    const invitees = inviteesOf(m.id);
    const deptNames = new Map(org.listDepartments().map((x) => [x.id, x.name]));
    const files = repo.attachmentIds(m.id);
    const described = d.attachments.describe(files);
    const live = m.status === 'scheduled';
    return {
      id: m.id, title: m.title, agenda: m.agenda, kind: m.kind, status: m.status, startsAt: m.startsAt, durationMin: m.durationMin, recurrence: s.recurrence,
      timeZone: m.timeZone, host: person(m.hostId), members, invitees,
      invitedDepartments: invitees.departmentIds.map((id) => ({ id, name: deptNames.get(id) ?? '—' })),
      cohostIds: members.filter((x) => x.role === 'cohost').map((x) => x.id),
      lobby: m.lobby === 1, cameraOffAbove: m.cameraOffAbove, annotate: m.annotate,
      attachments: files.map((f) => described.get(f)).filter((x) => x !== undefined),
      source: m.sourceType && m.sourceId ? { type: m.sourceType, id: m.sourceId } : null,
      roomNo: m.roomNo, icsSequence: m.icsSequence, myRole: me.role, myResponse: me.response, canManage: me.role !== 'attendee',
      nextOccurrences: live ? upcomingOccurrences(s, at, 5) : [], joinable: live && joinable(s, at),
      joinUrl: meetingJoinPath(m.id), icsUrl: meetingIcsPath(m.id), createdAt: m.createdAt, updatedAt: m.updatedAt,
    };
  }

  function inviteesOf(meetingId: string): MeetingInvitees {
    const rows = repo.invitees(meetingId);
    return { userIds: rows.filter((r) => r.kind === 'user').map((r) => r.refId), departmentIds: rows.filter((r) => r.kind === 'department').map((r) => r.refId) };
  }

  // ── validation and members ──────────────────────────────────────────────────────────────
  function checkInput(user: CurrentUser, input: MeetingInput, timeZone: string, creating: boolean): { content: MeetingContent; fileIds: string[] } {
    const start = Date.parse(input.startsAt);
    if (Number.isNaN(start)) throw MeetingErrors.timeInvalid('The start is not a time');
    if (creating && start < nowMs() - START_GRACE_MS) throw MeetingErrors.timeInvalid('The start is in the past', { field: 'startsAt' });
    const recurrence = input.recurrence ?? null;
    if (recurrence) {
      const problem = recurrenceProblem(recurrence, input.startsAt, timeZone);
      if (problem) throw MeetingErrors.recurrenceInvalid(problem);
    }
    checkPeople(input.invitees, input.cohostIds);
    const readable = d.attachments.readable(user, input.attachmentFileIds);
    const unreadable = input.attachmentFileIds.filter((f) => !readable.has(f));
    if (unreadable.length) throw MeetingErrors.attachmentUnreadable(undefined, { fileIds: unreadable });
    return {
      content: {
        title: input.title.trim() || input.title, agenda: input.agenda, startsAt: new Date(start).toISOString(), durationMin: input.durationMin,
        recurrence: recurrence ? JSON.stringify(recurrence) : null, lobby: input.lobby ? 1 : 0, cameraOffAbove: input.cameraOffAbove, annotate: input.annotate,
      },
      fileIds: input.attachmentFileIds,
    };
  }

  function checkPeople(invitees: MeetingInvitees, cohostIds: string[]): void {
    const known = new Set(org.listDepartments().map((x) => x.id));
    const departmentIds = invitees.departmentIds.filter((x) => !known.has(x));
    const userIds = [...new Set([...invitees.userIds, ...cohostIds])].filter((u) => org.userRow(u)?.active !== true);
    if (departmentIds.length || userIds.length) throw MeetingErrors.inviteeUnknown(undefined, { departmentIds, userIds });
  }

  /** Host, co-hosts, invitees (departments with sub-departments, active people only); responses kept. */
  function resolveMembers(meetingId: string | null, hostId: string, invitees: MeetingInvitees, cohostIds: string[]): MemberRow[] {
    const previous = new Map(meetingId ? repo.members(meetingId).map((r) => [r.userId, r.response]) : []);
    const roles = new Map<string, MeetingRole>();
    roles.set(hostId, 'host');
    for (const c of cohostIds) if (!roles.has(c)) roles.set(c, 'cohost');
    for (const u of invitees.userIds) if (!roles.has(u) && org.userRow(u)?.active === true) roles.set(u, 'attendee');
    for (const dep of invitees.departmentIds) for (const u of org.departmentMemberIds(dep)) if (!roles.has(u)) roles.set(u, 'attendee');
    return [...roles].map(([userId, role]) => ({ userId, role, response: userId === hostId ? 'accepted' : (previous.get(userId) ?? 'none') }));
  }

  function allocateRoomNo(): number {
    for (let i = 0; i < 50; i++) {
      const n = 100_000 + Math.floor(Math.random() * 9_900_000); // 6–7 digits
      if (!repo.roomNoTaken(n)) return n;
    }
    throw MeetingErrors.roomNoExhausted();
  }

  // ── delivery ────────────────────────────────────────────────────────────────────────────
  /** '9月1日 周二 10:00–11:00' / 'Tue 1 Sep 10:00–11:00' in the meeting's zone. */
  function whenText(m: MeetingRow, startMs: number): { 'zh-CN': string; en: string } {
    const end = startMs + m.durationMin * MINUTE;
    const tz = m.timeZone;
    const hm = (t: number) => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: tz, month: 'numeric', day: 'numeric', weekday: 'short' }).formatToParts(startMs).map((x) => [x.type, x.value]));
    const wd = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday!);
    const en = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short' }).format(startMs);
    return { 'zh-CN': `${p.month}月${p.day}日 ${WEEKDAY_ZH[wd]} ${hm(startMs)}–${hm(end)}`, en: `${en} ${hm(startMs)}–${hm(end)}` };
  }

  type Kind = 'invited' | 'updated' | 'removed' | 'cancelled' | 'started' | 'reminder';
  function notify(m: MeetingRow, users: string[], kind: Kind, actorName: string, at = Date.parse(m.startsAt)): void {
    if (!users.length) return;
    const when = whenText(m, at);
    const titles: Record<Kind, { 'zh-CN': string; en: string }> = {
      invited: { 'zh-CN': `会议邀请：${m.title}`, en: `Meeting invitation: ${m.title}` },
      updated: { 'zh-CN': `会议已更改：${m.title}`, en: `Meeting changed: ${m.title}` },
      removed: { 'zh-CN': `您已不在会议中：${m.title}`, en: `You were taken off a meeting: ${m.title}` },
      cancelled: { 'zh-CN': `会议已取消：${m.title}`, en: `Meeting cancelled: ${m.title}` },
      started: { 'zh-CN': `${actorName} 邀请您立即开会：${m.title}`, en: `${actorName} invites you to meet now: ${m.title}` },
      reminder: { 'zh-CN': `${MEETING_REMIND_MINUTES} 分钟后开会：${m.title}`, en: `Meeting in ${MEETING_REMIND_MINUTES} minutes: ${m.title}` },
    };
    const body =
      kind === 'started' ? { 'zh-CN': '点击加入会议。', en: 'Tap to join.' }
      : kind === 'removed' || kind === 'cancelled' ? { 'zh-CN': `原定 ${when['zh-CN']}，发起人 ${actorName}`, en: `Was ${when.en}, by ${actorName}` }
      : { 'zh-CN': `${when['zh-CN']}，发起人 ${actorName}`, en: `${when.en}, by ${actorName}` };
    const urgency: LadderUrgency = kind === 'started' || kind === 'reminder' || kind === 'cancelled' ? 'high' : 'normal';
    const link = kind === 'started' || kind === 'reminder' ? meetingJoinPath(m.id) : `/meetings/${m.id}`;
    d.gateway.deliver(users, { kind: `meeting.${kind}`, category: 'meeting', title: titles[kind], body, link, urgency, source: { type: 'meeting', id: m.id } });
  }

  // ── reminders ───────────────────────────────────────────────────────────────────────────
  /** The reminder of the first occurrence after `afterMs` whose reminder time is still ahead (one job at a time). */
  function scheduleReminder(m: MeetingRow, afterMs = -Infinity): void {
    if (m.status !== 'scheduled') return;
    const now = nowMs();
    for (const t of occurrenceStarts(scheduleOf(m))) {
      if (t <= afterMs) continue;
      const due = t - MEETING_REMIND_MINUTES * MINUTE;
      if (due <= now) continue;
      const startsAt = new Date(t).toISOString();
      d.jobs.enqueue('meetings.remind', { id: m.id, startsAt }, { runAt: new Date(due), dedupeKey: `meetings.remind:${m.id}:${startsAt}` });
      return;
    }
  }

  /** Idempotent: only a meeting still scheduled with an occurrence at exactly this time is reminded of. */
  d.jobs.register('meetings.remind', (payload) => {
    const { id, startsAt } = payload as { id: string; startsAt: string };
    const m = repo.meeting(id);
    const t = Date.parse(startsAt);
    if (!m || m.status !== 'scheduled' || !isOccurrence(scheduleOf(m), t)) return;
    if (t + m.durationMin * MINUTE > nowMs()) {
      const users = repo.members(id).filter((r) => r.response !== 'declined').map((r) => r.userId);
      notify(m, users, 'reminder', person(m.hostId).displayName, t);
      d.log.info({ event: 'meetings.reminded', meetingId: id, startsAt, recipients: users.length }, 'meeting reminder sent');
    }
    scheduleReminder(m, t);
  });

  function audit(event: string, user: CurrentUser, m: MeetingRow, details: Record<string, unknown> = {}): void {
    d.audit.record({ event, actor: { id: user.id, displayName: user.displayName }, target: { type: 'meeting', id: m.id, name: m.title }, details });
  }

  function save(user: CurrentUser, input: MeetingInput, extra: { kind: 'scheduled' | 'adhoc'; source: { type: 'notice'; id: string } | null; extraUsers?: string[] }): MeetingRow {
    const timeZone = d.timeZone();
    const { content, fileIds } = checkInput(user, input, timeZone, true);
    const invitees = { ...input.invitees, userIds: [...new Set([...input.invitees.userIds, ...(extra.extraUsers ?? [])])] };
    const members = resolveMembers(null, user.id, invitees, input.cohostIds);
    if (members.length < 2) throw MeetingErrors.inviteesEmpty();
    const id = newId(nowMs());
    const at = nowIso();
    repo.tx(() => {
      repo.insert({ ...content, id, kind: extra.kind, timeZone, hostId: user.id, sourceType: extra.source?.type ?? null, sourceId: extra.source?.id ?? null, roomNo: allocateRoomNo(), at });
      repo.setInvitees(id, input.invitees.userIds.concat(extra.extraUsers ?? []).filter((u, i, a) => a.indexOf(u) === i), input.invitees.departmentIds);
      repo.setMembers(id, members);
      repo.setAttachments(id, fileIds);
    });
    return repo.meeting(id)!;
  }

  return {
    scheduleOf,

    create(user: CurrentUser, input: MeetingInput): MeetingDetail {
      const m = save(user, input, { kind: 'scheduled', source: null });
      notify(m, repo.members(m.id).map((r) => r.userId).filter((u) => u !== user.id), 'invited', user.displayName);
      scheduleReminder(m);
      audit('meetings.created', user, m, { members: repo.memberCount(m.id), recurring: m.recurrence !== null });
      d.log.info({ event: 'meetings.created', meetingId: m.id, members: repo.memberCount(m.id) }, 'meeting scheduled');
      return detailOf(m, user.id);
    },

    instant(user: CurrentUser, input: InstantInput): MeetingDetail {
      let extraUsers: string[] = [];
      let title = input.title;
      if (input.source) {
        const src = d.notices.recipients(user, input.source.id);
        if (!src) throw MeetingErrors.sourceNotFound();
        extraUsers = src.userIds.filter((u) => org.userRow(u)?.active === true);
        title ??= `关于「${src.title.slice(0, 80)}」的会议`;
      }
      const m = save(
        user,
        {
          title: title ?? `${user.displayName}的会议`.slice(0, 100), agenda: '', startsAt: nowIso(), durationMin: input.durationMin ?? MEETING_INSTANT_DURATION,
          recurrence: null, invitees: input.invitees ?? { userIds: [], departmentIds: [] }, cohostIds: [], lobby: false, cameraOffAbove: 25, annotate: 'presenter', attachmentFileIds: [],
        },
        { kind: 'adhoc', source: input.source ?? null, extraUsers },
      );
      notify(m, repo.members(m.id).map((r) => r.userId).filter((u) => u !== user.id), 'started', user.displayName);
      audit('meetings.started', user, m, { members: repo.memberCount(m.id), source: input.source ?? null });
      return detailOf(m, user.id);
    },

    update(user: CurrentUser, id: string, input: MeetingInput): MeetingDetail {
      const { meeting: m } = d.access.manageMeetingById(user.id, id);
      if (m.status === 'cancelled') throw MeetingErrors.cancelled();
      if (!upcomingOccurrences(scheduleOf(m), nowMs(), 1).length) throw MeetingErrors.over();
      const { content, fileIds } = checkInput(user, input, m.timeZone, false);
      // Only a changed time must not lie in the past (an edit of a meeting under way keeps its start); a series
      // may be moved from its first date on as long as occurrences remain ahead.
      const moved = content.startsAt !== m.startsAt && Date.parse(content.startsAt) < nowMs() - START_GRACE_MS;
      const ahead = (c: MeetingContent) => upcomingOccurrences(scheduleOf({ ...m, ...c }), nowMs(), 1).length > 0;
      if (moved && (!content.recurrence || !ahead(content))) throw MeetingErrors.timeInvalid('The start is in the past', { field: 'startsAt' });
      const cohostIds = input.cohostIds.filter((c) => c !== m.hostId);
      const before = new Set(repo.members(id).map((r) => r.userId));
      const members = resolveMembers(id, m.hostId, input.invitees, cohostIds);
      if (members.length < 2) throw MeetingErrors.inviteesEmpty();
      repo.tx(() => {
        if (!repo.update(id, content, nowIso())) throw MeetingErrors.cancelled();
        repo.setInvitees(id, input.invitees.userIds, input.invitees.departmentIds);
        repo.setMembers(id, members);
        repo.setAttachments(id, fileIds);
      });
      const after = repo.meeting(id)!;
      const now = new Set(members.map((r) => r.userId));
      const others = (u: string) => u !== user.id;
      notify(after, [...now].filter((u) => before.has(u) && others(u)), 'updated', user.displayName);
      notify(after, [...now].filter((u) => !before.has(u) && others(u)), 'invited', user.displayName);
      notify(after, [...before].filter((u) => !now.has(u) && others(u)), 'removed', user.displayName);
      scheduleReminder(after);
      audit('meetings.updated', user, after, { members: members.length, sequence: after.icsSequence });
      return detailOf(after, user.id);
    },

    cancel(user: CurrentUser, id: string, input: MeetingCancel): MeetingDetail {
      const { meeting: m } = d.access.manageMeetingById(user.id, id);
      if (m.status === 'cancelled') throw MeetingErrors.cancelled();
      repo.cancel(id, nowIso());
      const after = repo.meeting(id)!;
      // The message names the occurrence people were expecting next.
      const next = upcomingOccurrences(scheduleOf(m), nowMs(), 1)[0];
      notify(after, repo.members(id).map((r) => r.userId).filter((u) => u !== user.id), 'cancelled', user.displayName, Date.parse(next?.startsAt ?? m.startsAt));
      audit('meetings.cancelled', user, after, { reason: input.reason ?? null });
      return detailOf(after, user.id);
    },

    respond(user: CurrentUser, id: string, input: MeetingRespond): MeetingDetail {
      const { meeting: m } = d.access.accessMeetingById(user.id, id);
      if (m.status === 'cancelled') throw MeetingErrors.cancelled();
      repo.respond(id, user.id, input.response);
      return detailOf(m, user.id);
    },

    detail(user: CurrentUser, id: string): MeetingDetail {
      const { meeting } = d.access.accessMeetingById(user.id, id);
      return detailOf(meeting, user.id);
    },

    /** Upcoming: not over and not cancelled, soonest first. Past: over or cancelled, latest first. */
    list(user: CurrentUser, q: MeetingListQuery): MeetingList {
      const at = nowMs();
      const when = q.when ?? 'upcoming';
      const items: (MeetingListItem & { sortAt: number })[] = [];
      for (const r of repo.mine(user.id)) {
        const s = scheduleOf(r);
        const next = r.status === 'scheduled' ? (upcomingOccurrences(s, at, 1)[0] ?? null) : null;
        if ((when === 'upcoming') !== (next !== null)) continue;
        const occurrence = next ?? lastStarted(s, at) ?? upcomingOccurrences(s, Date.parse(r.startsAt), 1)[0] ?? null;
        items.push({
          id: r.id, title: r.title, kind: r.kind, status: r.status, host: person(r.hostId), startsAt: r.startsAt, durationMin: r.durationMin, recurring: s.recurrence !== null,
          occurrence, myRole: r.myRole, myResponse: r.myResponse, memberCount: r.memberCount, joinUrl: meetingJoinPath(r.id),
          sortAt: occurrence ? Date.parse(occurrence.startsAt) : Date.parse(r.startsAt),
        });
      }
      items.sort((a, b) => (when === 'upcoming' ? a.sortAt - b.sortAt : b.sortAt - a.sortAt));
      return { items: items.slice(0, q.limit ?? 100).map(({ sortAt: _, ...x }) => x) };
    },

    calendar(user: CurrentUser, q: CalendarQuery): CalendarOccurrences {
      const from = Date.parse(q.from);
      const to = Date.parse(q.to);
      if (!(to > from) || to - from > MEETING_CALENDAR_MAX_DAYS * DAY) throw MeetingErrors.rangeInvalid(`from must be before to, at most ${MEETING_CALENDAR_MAX_DAYS} days apart`);
      const items: CalendarOccurrences['items'] = [];
      for (const r of repo.mine(user.id)) {
        const s = scheduleOf(r);
        for (const o of occurrencesBetween(s, from, to)) {
          items.push({ meetingId: r.id, title: r.title, kind: r.kind, status: r.status, ...o, recurring: s.recurrence !== null, myRole: r.myRole, myResponse: r.myResponse, hostName: person(r.hostId).displayName });
        }
      }
      items.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.title.localeCompare(b.title));
      return { timeZone: d.timeZone(), items };
    },

    // ── calendar files ────────────────────────────────────────────────────────────────────
    inviteIcs(user: CurrentUser, id: string): { text: string; title: string } {
      const { meeting: m } = d.access.accessMeetingById(user.id, id);
      const cancelled = m.status === 'cancelled';
      return { text: calendar([icsEvent(m)], { method: cancelled ? 'CANCEL' : 'REQUEST', now: nowMs() }), title: m.title };
    },

    feedStatus(user: CurrentUser): FeedStatus {
      const row = repo.feedOf(user.id);
      return { exists: row !== undefined, createdAt: row?.createdAt ?? null };
    },

    /** A new token (the previous one stops working). Only its hash is kept, so the URL is shown this once. */
    rotateFeed(user: CurrentUser): FeedCreated {
      const token = newToken(32);
      const at = nowIso();
      repo.setFeed(user.id, feedTokenHash(token), at);
      d.audit.record({ event: 'meetings.feed_rotated', actor: { id: user.id, displayName: user.displayName }, target: { type: 'user', id: user.id } });
      return { path: `/api/meetings/feed/${token}.ics`, createdAt: at };
    },

    deleteFeed(user: CurrentUser): void {
      repo.deleteFeed(user.id);
    },

    /** The public feed: my meetings not over more than 30 days ago; cancelled ones as STATUS:CANCELLED. */
    feedIcs(file: string): string {
      const token = FEED_FILE.exec(file)?.[1];
      const userId = token ? repo.feedUser(feedTokenHash(token)) : null;
      if (!userId || org.userRow(userId)?.active !== true) throw MeetingErrors.feedNotFound();
      const since = nowMs() - FEED_PAST_MS;
      const events = repo
        .mine(userId)
        .filter((r) => upcomingOccurrences(scheduleOf(r), since, 1).length > 0)
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
        .map(icsEvent);
      return calendar(events, { method: 'PUBLISH', now: nowMs(), name: '校办会议' });
    },

    // ── the record ────────────────────────────────────────────────────────────────────────
    attendance(user: CurrentUser, id: string, q: AttendanceQuery): MeetingAttendance {
      const { meeting: m } = d.access.manageMeetingById(user.id, id);
      return attendanceOf(m, q);
    },

    attendanceFor(user: CurrentUser, id: string, q: AttendanceQuery) {
      const { meeting: m } = d.access.manageMeetingById(user.id, id);
      return { meeting: m, host: person(m.hostId).displayName, attendance: attendanceOf(m, q), timeZone: m.timeZone, exportedAt: nowIso() };
    },

    chat(user: CurrentUser, id: string, q: ChatQuery): MeetingChatPage {
      d.access.accessMeetingById(user.id, id);
      const limit = q.limit ?? 200;
      const names = new Map<string, string>();
      const name = (u: string) => names.get(u) ?? names.set(u, person(u).displayName).get(u)!;
      const rows = repo.chat(id, q.after ?? 0, limit);
      return { items: rows.map((r) => ({ ...r, displayName: name(r.userId) })), nextAfter: rows.length === limit ? rows[rows.length - 1]!.id : null };
    },

    attachment(user: CurrentUser, id: string, fileId: string) {
      d.access.accessMeetingById(user.id, id);
      if (!repo.attachmentIds(id).includes(fileId)) throw MeetingErrors.attachmentNotFound();
      const file = d.attachments.open(fileId);
      if (!file) throw MeetingErrors.attachmentNotFound();
      return file;
    },
  };

  function icsEvent(m: MeetingRow): IcsEvent {
    const who = (id: string) => {
      const u = org.userRow(id);
      return { id, name: u?.displayName ?? '—', email: u?.email ?? null };
    };
    const base = d.baseUrl().replace(/\/+$/, '');
    return {
      uid: `${m.id}@xiaoban`, sequence: m.icsSequence, title: m.title, description: m.agenda, url: `${base}${meetingJoinPath(m.id)}`, startsAt: m.startsAt, durationMin: m.durationMin,
      timeZone: m.timeZone, recurrence: scheduleOf(m).recurrence, cancelled: m.status === 'cancelled', organizer: who(m.hostId),
      attendees: repo.members(m.id).map((r) => ({ ...who(r.userId), response: r.response, role: r.role })),
      created: m.createdAt, updated: m.updatedAt,
    };
  }

  function attendanceOf(m: MeetingRow, q: AttendanceQuery): MeetingAttendance {
    const now = nowMs();
    const stays = repo.stays(m.id, q.from ?? '0000', q.to ?? '9999');
    const roles = new Map(repo.members(m.id).map((r) => [r.userId, r.role]));
    const byUser = new Map<string, typeof stays>();
    for (const s of stays) byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s]);
    const rows: MeetingAttendance['rows'] = [];
    for (const [userId, list] of byUser) {
      // Two devices at once count once: merge overlapping stays before adding them up.
      const spans = list.map((s) => [Date.parse(s.joinedAt), s.leftAt ? Date.parse(s.leftAt) : Math.max(now, Date.parse(s.joinedAt))] as [number, number]).sort((a, b) => a[0] - b[0]);
      let total = 0;
      let cur: [number, number] | null = null;
      for (const sp of spans) {
        if (cur && sp[0] <= cur[1]) cur[1] = Math.max(cur[1], sp[1]);
        else {
          if (cur) total += cur[1] - cur[0];
          cur = [...sp];
        }
      }
      if (cur) total += cur[1] - cur[0];
      const open = list.some((s) => s.leftAt === null);
      const p = person(userId);
      rows.push({
        userId, displayName: p.displayName, departmentName: p.departmentName, role: roles.get(userId) ?? null, firstJoinAt: list[0]!.joinedAt,
        lastLeaveAt: open ? null : list.map((s) => s.leftAt!).sort().at(-1)!, totalMinutes: Math.round(total / MINUTE), stays: list.length,
        devices: [...new Set(list.map((s) => s.device).filter(Boolean))],
      });
    }
    rows.sort((a, b) => a.firstJoinAt.localeCompare(b.firstJoinAt));
    const absent = [...roles.keys()].filter((u) => !byUser.has(u)).map(person).sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'));
    return { rows, absent };
  }
}
export type MeetingsService = ReturnType<typeof createMeetingsService>;
