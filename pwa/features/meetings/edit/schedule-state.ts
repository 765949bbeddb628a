// The schedule form's state and its checks, pure: the draft as the form holds it (date and time on the
// school's clock), to and from the API's MeetingInput / MeetingDetail, and the problems shown before sending.
import { MEETING_TITLE_MAX } from '../../../../server/modules/meetings/meetings.dto';
import { wallClock } from '../../../../server/lib/recurrence';
import type { AnnotateMode, MeetingAttachment, MeetingDetail, MeetingInput, RecurrenceFreq } from '../api-meetings';
import { weekdayOf, wallToIso } from '../meetings-format';

export interface ScheduleDraft {
  title: string;
  agenda: string;
  date: string;
  time: string;
  durationMin: number;
  freq: RecurrenceFreq | 'none';
  interval: number;
  byWeekday: number[];
  end: 'never' | 'until' | 'count';
  until: string;
  count: number;
  userIds: string[];
  departmentIds: string[];
  cohostIds: string[];
  lobby: boolean;
  cameraOffAbove: number;
  annotate: AnnotateMode;
  attachments: MeetingAttachment[];
}

export type ScheduleField = 'title' | 'when' | 'recurrence' | 'invitees';
export type ScheduleProblems = Partial<Record<ScheduleField, string>>;

export const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240] as const;
const pad = (n: number) => String(n).padStart(2, '0');

/** A new meeting: the next half hour on the school's clock, an hour long. */
export function emptySchedule(now: number, timeZone: string): ScheduleDraft {
  const next = Math.ceil((now + 5 * 60_000) / 1_800_000) * 1_800_000;
  const w = wallClock(next, timeZone);
  return {
    title: '', agenda: '', date: `${w.y}-${pad(w.m)}-${pad(w.d)}`, time: `${pad(w.hh)}:${pad(w.mi)}`, durationMin: 60,
    freq: 'none', interval: 1, byWeekday: [], end: 'never', until: '', count: 10,
    userIds: [], departmentIds: [], cohostIds: [], lobby: false, cameraOffAbove: 25, annotate: 'presenter', attachments: [],
  };
}

export function fromDetail(d: MeetingDetail, timeZone: string): ScheduleDraft {
  const w = wallClock(Date.parse(d.startsAt), timeZone);
  const r = d.recurrence;
  return {
    title: d.title, agenda: d.agenda, date: `${w.y}-${pad(w.m)}-${pad(w.d)}`, time: `${pad(w.hh)}:${pad(w.mi)}`, durationMin: d.durationMin,
    freq: r?.freq ?? 'none', interval: r?.interval ?? 1, byWeekday: r?.byWeekday ?? [], end: r?.until ? 'until' : r?.count ? 'count' : 'never',
    until: r?.until ?? '', count: r?.count ?? 10, userIds: d.invitees.userIds, departmentIds: d.invitees.departmentIds,
    cohostIds: d.cohostIds, lobby: d.lobby, cameraOffAbove: d.cameraOffAbove, annotate: d.annotate, attachments: d.attachments,
  };
}

/** The weekdays of a weekly rule: those chosen, always with the first meeting's own day. */
export function weekdaysOf(d: ScheduleDraft): number[] {
  const own = /^\d{4}-\d{2}-\d{2}$/.test(d.date) ? weekdayOf(d.date) : null;
  return [...new Set([...(own ? [own] : []), ...d.byWeekday])].sort();
}

export function toInput(d: ScheduleDraft, timeZone: string): MeetingInput {
  const recurrence =
    d.freq === 'none'
      ? null
      : {
          freq: d.freq, interval: d.interval,
          ...(d.freq === 'weekly' ? { byWeekday: weekdaysOf(d) } : {}),
          ...(d.end === 'until' ? { until: d.until } : d.end === 'count' ? { count: d.count } : {}),
        };
  return {
    title: d.title.trim(), agenda: d.agenda, startsAt: wallToIso(d.date, d.time, timeZone) ?? '', durationMin: d.durationMin, recurrence,
    invitees: { userIds: d.userIds, departmentIds: d.departmentIds }, cohostIds: d.cohostIds, lobby: d.lobby, cameraOffAbove: d.cameraOffAbove,
    annotate: d.annotate, attachmentFileIds: d.attachments.map((a) => a.id),
  };
}

/** Problems as i18n keys under meetings.form.problem. */
export function validateSchedule(d: ScheduleDraft, timeZone: string, now: number, isNew: boolean): ScheduleProblems {
  const p: ScheduleProblems = {};
  const title = d.title.trim();
  if (!title) p.title = 'titleMissing';
  else if ([...title].length > MEETING_TITLE_MAX) p.title = 'titleLong';
  const start = wallToIso(d.date, d.time, timeZone);
  if (!start) p.when = 'whenInvalid';
  else if (isNew && Date.parse(start) < now - 5 * 60_000) p.when = 'whenPast';
  if (d.freq !== 'none') {
    if (!(d.interval >= 1 && d.interval <= 52)) p.recurrence = 'interval';
    else if (d.end === 'until' && (!/^\d{4}-\d{2}-\d{2}$/.test(d.until) || d.until < d.date)) p.recurrence = 'until';
    else if (d.end === 'count' && !(d.count >= 1 && d.count <= 500)) p.recurrence = 'count';
  }
  if (!d.userIds.length && !d.departmentIds.length && !d.cohostIds.length) p.invitees = 'invitees';
  return p;
}

/** The form field a server problem belongs to. */
export function fieldOfCode(code: string): ScheduleField | null {
  if (code === 'MEETING_TIME_INVALID') return 'when';
  if (code === 'MEETING_RECURRENCE_INVALID') return 'recurrence';
  if (code === 'MEETING_INVITEE_UNKNOWN' || code === 'MEETING_INVITEES_EMPTY') return 'invitees';
  return null;
}
