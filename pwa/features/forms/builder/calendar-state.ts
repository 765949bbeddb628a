// Pure helpers of the school calendar page: month grids (weeks start on Monday), what kind of day a date is,
// toggling one day, and marking a range (国庆 10-01..10-07) as holidays or make-up workdays (调休上班).
import type { SchoolCalendar } from '../../../../server/lib/form-schema';

export type DayKind = 'holiday' | 'workday' | 'weekend' | 'normal';
export type MarkKind = 'holiday' | 'workday';

export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');
export const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function toUtc(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t);
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 ? t : null;
}

function fromUtc(t: number): string {
  const d = new Date(t);
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export const isValidDay = (date: string) => toUtc(date) !== null;

/** 0 = Monday … 6 = Sunday. */
export function weekdayMon0(date: string): number {
  const t = toUtc(date);
  if (t === null) return -1;
  return (new Date(t).getUTCDay() + 6) % 7;
}

export const isWeekend = (date: string) => weekdayMon0(date) >= 5;

export interface DayCell {
  date: string;
  day: number;
  /** false: a padding day of the previous or next month (shown empty). */
  inMonth: boolean;
}

/** The weeks of a month (1-12), Monday first, padded to whole weeks. */
export function monthGrid(year: number, month: number): DayCell[][] {
  const first = Date.UTC(year, month - 1, 1);
  const lead = weekdayMon0(fromUtc(first));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const total = Math.ceil((lead + days) / 7) * 7;
  const weeks: DayCell[][] = [];
  for (let i = 0; i < total; i++) {
    const t = first + (i - lead) * DAY_MS;
    const d = new Date(t);
    if (i % 7 === 0) weeks.push([]);
    weeks[weeks.length - 1]!.push({ date: fromUtc(t), day: d.getUTCDate(), inMonth: d.getUTCMonth() === month - 1 });
  }
  return weeks;
}

export function dayKind(date: string, cal: SchoolCalendar): DayKind {
  if (cal.holidays.includes(date)) return 'holiday';
  if (cal.workdays.includes(date)) return 'workday';
  return isWeekend(date) ? 'weekend' : 'normal';
}

const sorted = (list: Iterable<string>) => [...new Set(list)].sort();

/**
 * One tap on a day: a marked day goes back to normal; an unmarked weekday becomes a holiday and an unmarked
 * weekend day becomes a make-up workday (the only two changes a school calendar needs).
 */
export function toggleDay(cal: SchoolCalendar, date: string): SchoolCalendar {
  if (cal.holidays.includes(date)) return { ...cal, holidays: cal.holidays.filter((d) => d !== date) };
  if (cal.workdays.includes(date)) return { ...cal, workdays: cal.workdays.filter((d) => d !== date) };
  return isWeekend(date) ? { ...cal, workdays: sorted([...cal.workdays, date]) } : { ...cal, holidays: sorted([...cal.holidays, date]) };
}

/** The dates from start to end inclusive, or null when the range is invalid or longer than MAX_RANGE_DAYS. */
export function rangeDates(start: string, end: string): string[] | null {
  const a = toUtc(start);
  const b = toUtc(end);
  if (a === null || b === null || b < a) return null;
  const n = (b - a) / DAY_MS + 1;
  if (n > MAX_RANGE_DAYS) return null;
  return Array.from({ length: n }, (_, i) => fromUtc(a + i * DAY_MS));
}

/**
 * Mark every date of a range as holidays or make-up workdays (a date is never both). Make-up workdays only make
 * sense on weekends, so a workday range marks just its weekend days.
 */
export function markRange(cal: SchoolCalendar, start: string, end: string, kind: MarkKind): SchoolCalendar | null {
  const dates = rangeDates(start, end);
  if (!dates) return null;
  const chosen = kind === 'workday' ? dates.filter(isWeekend) : dates;
  const set = new Set(chosen);
  if (kind === 'holiday') return { holidays: sorted([...cal.holidays, ...chosen]), workdays: cal.workdays.filter((d) => !set.has(d)) };
  return { holidays: cal.holidays.filter((d) => !set.has(d)), workdays: sorted([...cal.workdays, ...chosen]) };
}

/** Clear every mark inside a range. */
export function clearRange(cal: SchoolCalendar, start: string, end: string): SchoolCalendar | null {
  const dates = rangeDates(start, end);
  if (!dates) return null;
  const set = new Set(dates);
  return { holidays: cal.holidays.filter((d) => !set.has(d)), workdays: cal.workdays.filter((d) => !set.has(d)) };
}

/** Marked days in a year. */
export function yearCounts(cal: SchoolCalendar, year: number): { holidays: number; workdays: number } {
  const p = `${year}-`;
  return { holidays: cal.holidays.filter((d) => d.startsWith(p)).length, workdays: cal.workdays.filter((d) => d.startsWith(p)).length };
}

/** Fixed-date public holidays, as quick ranges for a year (the lunar ones differ every year: enter them by hand). */
export const PRESETS = [
  { id: 'newYear', start: '01-01', end: '01-01' },
  { id: 'labour', start: '05-01', end: '05-05' },
  { id: 'national', start: '10-01', end: '10-07' },
] as const;

export function presetRange(id: (typeof PRESETS)[number]['id'], year: number): { start: string; end: string } {
  const p = PRESETS.find((x) => x.id === id)!;
  return { start: `${year}-${p.start}`, end: `${year}-${p.end}` };
}

export function sameCalendar(a: SchoolCalendar, b: SchoolCalendar): boolean {
  const eq = (x: string[], y: string[]) => {
    const [sx, sy] = [sorted(x), sorted(y)];
    return sx.length === sy.length && sx.every((d, i) => d === sy[i]);
  };
  return eq(a.holidays, b.holidays) && eq(a.workdays, b.workdays);
}
