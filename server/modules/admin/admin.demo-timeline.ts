// The demo school's recent past: school-local dates and times counted from the seed clock, and who opened and
// confirmed a sample notice when. Pure and deterministic (a hash of the notice and person, no randomness), so
// the same clock always gives the same story; nothing here is ever after the seed clock's now.
import { demoDates } from './admin.demo-forms.js';

const MINUTE = 60_000;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export interface SchoolCalendar {
  now: Date;
  /** The school-local date of the n-th working day (Mon–Fri) after today; negative: before today. */
  workday(n: number): string;
  /** A date of a coming week: weeks = 1 is next week; day 0 is its Monday, 4 its Friday. */
  week(weeks: number, day: number): string;
  /** The instant of a school-local date and wall time ('08:40'). */
  at(date: string, hhmm: string): Date;
  /** '12月21日（周一）' */
  label(date: string): string;
  /** A moment in the night (22:00–07:00 local) moved to the next morning: people open notices while awake. */
  awake(t: Date): Date;
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export function schoolCalendar(now: Date, timeZone: string): SchoolCalendar {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
  });
  /** Local wall time of an instant, written as if it were UTC. */
  const wall = (t: number) => {
    const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  };
  const localDate = (t: Date) => new Date(wall(t.getTime())).toISOString().slice(0, 10);
  const dates = demoDates(now, timeZone);
  const today = localDate(now);

  function at(date: string, hhmm: string): Date {
    const target = Date.parse(`${date}T${hhmm}:00Z`);
    // Two rounds settle the zone's offset, also next to a daylight-saving change.
    let t = target - (wall(target) - target);
    t = target - (wall(t) - t);
    return new Date(t);
  }

  return {
    now,
    workday: (n) => dates.workday(n),
    week(weeks, day) {
      const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
      const monday = addDays(today, ((8 - weekday) % 7 || 7) + 7 * (weeks - 1));
      return addDays(monday, day);
    },
    at,
    label(date) {
      const d = new Date(`${date}T00:00:00Z`);
      return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${WEEKDAYS[d.getUTCDay()]}）`;
    },
    awake(t) {
      const local = new Date(wall(t.getTime()));
      const hour = local.getUTCHours();
      if (hour >= 7 && hour < 22) return t;
      const morning = hour >= 22 ? addDays(localDate(t), 1) : localDate(t);
      const sinceTen = ((hour + 2) % 24) * 60 + local.getUTCMinutes();
      return new Date(at(morning, '07:00').getTime() + (sinceTen % 90) * MINUTE);
    },
  };
}

/** 32-bit FNV-1a of a string, as a number in [0, 1): the demo's only source of variety. */
export function unit(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

export interface ReceiptStory {
  /** Share of the recipients (the ones the story may touch) who opened the notice, and who confirmed it. */
  read: number;
  confirmed: number;
  /** Everyone who opens it does so within this many minutes of publication, most of them early. */
  readWithinMinutes: number;
  /** Opening to confirming takes at most this long (a click: moments; a comment or a signature: longer). */
  confirmWithinMinutes: number;
}

export interface PlannedReceipt {
  key: string;
  readAt: Date;
  confirmedAt: Date | null;
}

/**
 * Who opened and confirmed a notice published at `publishedAt`, and when. A receipt that would fall after
 * `until` (the seed's now, or the notice's withdrawal) has not happened yet and is left out.
 */
export function planReceipts(
  noticeKey: string, people: readonly string[], story: ReceiptStory, publishedAt: Date, cal: SchoolCalendar, until: Date,
): PlannedReceipt[] {
  const byEagerness = [...people].sort((a, b) => unit(`${noticeKey}:${a}:read`) - unit(`${noticeKey}:${b}:read`));
  const readers = byEagerness.slice(0, Math.round(story.read * people.length));
  const confirmShare = story.read > 0 ? Math.min(1, story.confirmed / story.read) : 0;
  const out: PlannedReceipt[] = [];
  for (const key of readers) {
    // Squared: half of the readers open it within the first quarter of the time.
    const delay = 2 + story.readWithinMinutes * unit(`${noticeKey}:${key}:when`) ** 2;
    const readAt = cal.awake(new Date(publishedAt.getTime() + delay * MINUTE));
    if (readAt >= until) continue;
    let confirmedAt: Date | null = null;
    if (unit(`${noticeKey}:${key}:confirm`) < confirmShare) {
      const after = 0.3 + story.confirmWithinMinutes * unit(`${noticeKey}:${key}:after`) ** 2;
      const at = cal.awake(new Date(readAt.getTime() + after * MINUTE));
      if (at < until) confirmedAt = at;
    }
    out.push({ key, readAt, confirmedAt });
  }
  return out.sort((a, b) => a.readAt.getTime() - b.readAt.getTime());
}
