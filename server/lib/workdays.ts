// Working-day arithmetic for leave requests: plain 'YYYY-MM-DD' strings, counted as UTC day numbers so no
// time zone or daylight-saving shift can move a day. Pure: the PWA shows the same count the server stores.
import type { DurationUnit, SchoolCalendar } from './form-schema.js';

export interface LeaveRange {
  start: string;
  end: string;
  /** 'pm': the leave starts at noon of the first day. */
  startHalf?: 'am' | 'pm';
  /** 'am': the leave ends at noon of the last day. */
  endHalf?: 'am' | 'pm';
}

export interface LeaveCountOptions {
  unit: DurationUnit;
  skipWeekends: boolean;
  /** Use the school calendar: holidays are off and make-up days (调休) are on. */
  skipHolidays: boolean;
}

/** Longest range counted; longer ones are refused rather than looped over. */
export const MAX_RANGE_DAYS = 366;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Days since 1970-01-01 of a valid 'YYYY-MM-DD', else null. */
export function dayNumber(s: string): number | null {
  if (typeof s !== 'string') return null;
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  // Date.UTC maps years 0–99 to 19xx; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, mo - 1, d));
  date.setUTCFullYear(y);
  return Math.round(date.getTime() / 86_400_000);
}

/** A real calendar date written 'YYYY-MM-DD'. */
export function isValidDate(s: string): boolean {
  return dayNumber(s) !== null;
}

/** A 24-hour time written 'HH:MM' (00:00–23:59). */
export function isValidTime(s: string): boolean {
  return typeof s === 'string' && TIME_RE.test(s);
}

function dayNumbers(dates: readonly string[] | undefined): Set<number> {
  const out = new Set<number>();
  for (const d of dates ?? []) {
    const n = dayNumber(d);
    if (n !== null) out.add(n);
  }
  return out;
}

function isHalf(h: unknown): h is 'am' | 'pm' | undefined {
  return h === undefined || h === 'am' || h === 'pm';
}

/**
 * Days of leave in a range, both ends included. Weekends are skipped when asked; with skipHolidays the
 * school calendar applies (holidays off, 调休 weekend days on). With the halfDay unit a 'pm' start drops the
 * first morning and an 'am' end drops the last afternoon. Null when a date is invalid, end < start,
 * a half is malformed or starts after it ends, or the range spans more than MAX_RANGE_DAYS days.
 */
export function countLeaveDays(range: LeaveRange, opts: LeaveCountOptions, calendar: SchoolCalendar): number | null {
  const first = dayNumber(range.start);
  const last = dayNumber(range.end);
  if (first === null || last === null || last < first || last - first + 1 > MAX_RANGE_DAYS) return null;
  if (!isHalf(range.startHalf) || !isHalf(range.endHalf)) return null;
  const halves = opts.unit === 'halfDay';
  const startPm = halves && range.startHalf === 'pm';
  const endAm = halves && range.endHalf === 'am';
  if (first === last && startPm && endAm) return null;

  const holidays = opts.skipHolidays ? dayNumbers(calendar.holidays) : new Set<number>();
  const makeUp = opts.skipHolidays ? dayNumbers(calendar.workdays) : new Set<number>();
  let halfDays = 0;
  for (let n = first; n <= last; n++) {
    if (holidays.has(n)) continue;
    // 1970-01-01 was a Thursday: (n + 4) % 7 gives 0 = Sunday … 6 = Saturday.
    const weekday = (((n + 4) % 7) + 7) % 7;
    if (opts.skipWeekends && (weekday === 0 || weekday === 6) && !makeUp.has(n)) continue;
    let halvesThisDay = 2;
    if (n === first && startPm) halvesThisDay--;
    if (n === last && endAm) halvesThisDay--;
    halfDays += halvesThisDay;
  }
  return halfDays / 2;
}
