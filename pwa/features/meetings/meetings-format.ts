// Pure helpers of the meeting pages: the recurrence rule in words (每周一、三 …), days in the school's zone
// (today / tomorrow / …), the join window, the week grid, and the form's wall-clock ⇄ UTC conversion.
import { MEETING_JOIN_EARLY_MINUTES } from '../../../server/modules/meetings/meetings.dto';
import { isoWeekday, wallClock } from '../../../server/lib/recurrence';
import type { MeetingRecurrence, Occurrence } from './api-meetings';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WD_ZH = ['一', '二', '三', '四', '五', '六', '日'];
const WD_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' of an instant in the zone. */
export function dayKey(iso: string | number, timeZone: string): string {
  const w = wallClock(typeof iso === 'number' ? iso : Date.parse(iso), timeZone);
  return `${w.y}-${pad(w.m)}-${pad(w.d)}`;
}

const keyNo = (key: string) => Math.round(Date.parse(`${key}T00:00:00Z`) / DAY);
const noKey = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);
export const addDays = (key: string, n: number) => noKey(keyNo(key) + n);
export const daysBetween = (a: string, b: string) => keyNo(b) - keyNo(a);
/** 1 = Monday … 7 = Sunday of a 'YYYY-MM-DD'. */
export const weekdayOf = (key: string) => isoWeekday(keyNo(key));
/** The Monday of the week holding `key`, and the seven days from it. */
export const weekOf = (key: string) => Array.from({ length: 7 }, (_, i) => addDays(key, i - (weekdayOf(key) - 1)));

/** 'HH:MM' of an instant in the zone. */
export function timeOf(iso: string, timeZone: string): string {
  const w = wallClock(Date.parse(iso), timeZone);
  return `${pad(w.hh)}:${pad(w.mi)}`;
}

/** 今天 / 明天 / 后天 / 9月3日 周四 (or Today / Tomorrow / Thu 3 Sep). */
export function dayLabel(key: string, todayKey: string, locale: 'zh-CN' | 'en'): string {
  const diff = daysBetween(todayKey, key);
  const [, m, d] = key.split('-').map(Number) as [number, number, number];
  const wd = weekdayOf(key) - 1;
  if (locale === 'zh-CN') {
    const rel = ['今天', '明天', '后天'][diff];
    const date = `${m}月${d}日 周${WD_ZH[wd]}`;
    return rel ? `${rel} · ${date}` : diff === -1 ? `昨天 · ${date}` : date;
  }
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const date = `${WD_EN[wd]} ${d} ${months[m - 1]}`;
  const rel = ['Today', 'Tomorrow'][diff];
  return rel ? `${rel} · ${date}` : diff === -1 ? `Yesterday · ${date}` : date;
}

/** Items grouped by the school day they start on, in the given order. */
export function groupByDay<T>(items: readonly T[], startOf: (x: T) => string, timeZone: string): { day: string; items: T[] }[] {
  const out: { day: string; items: T[] }[] = [];
  for (const x of items) {
    const day = dayKey(startOf(x), timeZone);
    const last = out[out.length - 1];
    if (last && last.day === day) last.items.push(x);
    else out.push({ day, items: [x] });
  }
  return out;
}

/** 'live' while it runs, 'soon' within the minutes before it when one may already join, else null. */
export function joinState(o: Occurrence | null | undefined, now: number): 'live' | 'soon' | null {
  if (!o) return null;
  const start = Date.parse(o.startsAt);
  const end = Date.parse(o.endsAt);
  if (now >= start && now < end) return 'live';
  if (now < start && start - now <= MEETING_JOIN_EARLY_MINUTES * MINUTE) return 'soon';
  return null;
}

/** The recurrence in words: 每周一、三，共 10 次 / Weekly on Mon, Wed, 10 times. */
export function recurrenceText(r: MeetingRecurrence | null, startsAt: string, timeZone: string, locale: 'zh-CN' | 'en'): string {
  const zh = locale === 'zh-CN';
  if (!r) return zh ? '不重复' : 'Does not repeat';
  const first = wallClock(Date.parse(startsAt), timeZone);
  const days = [...(r.byWeekday ?? [isoWeekday(keyNo(`${first.y}-${pad(first.m)}-${pad(first.d)}`))])].sort();
  let text: string;
  if (zh) {
    const every = r.interval === 1 ? '每' : `每 ${r.interval} `;
    if (r.freq === 'daily') text = r.interval === 1 ? '每天' : `每 ${r.interval} 天`;
    else if (r.freq === 'weekly') text = `${r.interval === 1 ? '每周' : `每 ${r.interval} 周的周`}${days.map((d) => WD_ZH[d - 1]).join('、')}`;
    else text = `${every}${r.interval === 1 ? '月' : '个月的'} ${first.d} 日`;
    if (r.until) text += `，至 ${r.until}`;
    if (r.count) text += `，共 ${r.count} 次`;
    return text;
  }
  if (r.freq === 'daily') text = r.interval === 1 ? 'Every day' : `Every ${r.interval} days`;
  else if (r.freq === 'weekly') text = `${r.interval === 1 ? 'Weekly' : `Every ${r.interval} weeks`} on ${days.map((d) => WD_EN[d - 1]).join(', ')}`;
  else text = `${r.interval === 1 ? 'Monthly' : `Every ${r.interval} months`} on day ${first.d}`;
  if (r.until) text += `, until ${r.until}`;
  if (r.count) text += `, ${r.count} times`;
  return text;
}

/** '2026-09-02' + '10:00' read on the school's clock → ISO UTC (null when not such a value). */
export function wallToIso(date: string, time: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const h = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || !h) return null;
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  const [hh, mi] = h.slice(1).map(Number) as [number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mi > 59) return null;
  const naive = Date.UTC(y, mo - 1, d, hh, mi);
  const off = (t: number) => {
    const w = wallClock(t, timeZone);
    return Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mi, w.s) - Math.floor(t / 1000) * 1000;
  };
  let at = naive - off(naive);
  at = naive - off(at);
  return new Date(at).toISOString();
}
