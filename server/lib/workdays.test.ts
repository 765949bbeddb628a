import { describe, expect, it } from 'vitest';
import type { SchoolCalendar } from './form-schema.js';
import { countLeaveDays, dayNumber, isValidDate, isValidTime, type LeaveCountOptions } from './workdays.js';

const noCalendar: SchoolCalendar = { holidays: [], workdays: [] };
// National Day 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are make-up days (调休).
const national2025: SchoolCalendar = {
  holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08'],
  workdays: ['2025-09-28', '2025-10-11'],
};
const days: LeaveCountOptions = { unit: 'day', skipWeekends: false, skipHolidays: false };
const workdays: LeaveCountOptions = { unit: 'day', skipWeekends: true, skipHolidays: true };
const halfWorkdays: LeaveCountOptions = { unit: 'halfDay', skipWeekends: true, skipHolidays: true };

describe('isValidDate / isValidTime / dayNumber', () => {
  it('accepts real dates only', () => {
    expect(isValidDate('2026-03-02')).toBe(true);
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2000-02-29')).toBe(true);
    expect(isValidDate('1900-02-29')).toBe(false);
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('2025-04-31')).toBe(false);
    expect(isValidDate('2025-13-01')).toBe(false);
    expect(isValidDate('2025-00-10')).toBe(false);
    expect(isValidDate('2025-1-5')).toBe(false);
    expect(isValidDate('2025-01-05T00:00')).toBe(false);
    expect(isValidDate('')).toBe(false);
    expect(isValidDate(20250105 as unknown as string)).toBe(false);
  });

  it('numbers days from 1970-01-01 without time-zone drift', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(dayNumber('2026-03-02')! - dayNumber('2026-02-27')!).toBe(3);
    expect(dayNumber('0050-01-01')).toBeLessThan(dayNumber('1950-01-01')!); // not mapped to 1950
  });

  it('accepts HH:MM times', () => {
    expect(isValidTime('00:00')).toBe(true);
    expect(isValidTime('08:30')).toBe(true);
    expect(isValidTime('23:59')).toBe(true);
    expect(isValidTime('24:00')).toBe(false);
    expect(isValidTime('12:60')).toBe(false);
    expect(isValidTime('8:30')).toBe(false);
    expect(isValidTime('08:30:00')).toBe(false);
  });
});

describe('countLeaveDays', () => {
  it('counts calendar days, both ends included', () => {
    expect(countLeaveDays({ start: '2026-03-02', end: '2026-03-02' }, days, noCalendar)).toBe(1);
    expect(countLeaveDays({ start: '2026-03-02', end: '2026-03-08' }, days, noCalendar)).toBe(7);
    expect(countLeaveDays({ start: '2024-02-28', end: '2024-03-01' }, days, noCalendar)).toBe(3);
  });

  it('skips weekends when asked', () => {
    // Friday 6 March to Monday 9 March 2026.
    expect(countLeaveDays({ start: '2026-03-06', end: '2026-03-09' }, { ...days, skipWeekends: true }, noCalendar)).toBe(2);
    expect(countLeaveDays({ start: '2026-03-02', end: '2026-03-15' }, { ...days, skipWeekends: true }, noCalendar)).toBe(10);
    // A weekend alone is zero working days, not an error.
    expect(countLeaveDays({ start: '2026-03-07', end: '2026-03-08' }, { ...days, skipWeekends: true }, noCalendar)).toBe(0);
  });

  it('skips holidays and counts make-up Saturdays (调休) with the school calendar', () => {
    // 29 Sep (Mon) – 12 Oct (Sun): 29, 30 Sep, 9, 10 Oct and the make-up Saturday 11 Oct.
    expect(countLeaveDays({ start: '2025-09-29', end: '2025-10-12' }, workdays, national2025)).toBe(5);
    expect(countLeaveDays({ start: '2025-10-11', end: '2025-10-11' }, workdays, national2025)).toBe(1);
    expect(countLeaveDays({ start: '2025-10-01', end: '2025-10-08' }, workdays, national2025)).toBe(0);
    // The make-up Sunday 28 Sep counts, the Saturday before it does not.
    expect(countLeaveDays({ start: '2025-09-27', end: '2025-09-28' }, workdays, national2025)).toBe(1);
  });

  it('ignores the calendar unless skipHolidays is set', () => {
    const weekdaysOnly = { ...days, skipWeekends: true };
    expect(countLeaveDays({ start: '2025-09-29', end: '2025-10-12' }, weekdaysOnly, national2025)).toBe(10);
    expect(countLeaveDays({ start: '2025-10-11', end: '2025-10-11' }, weekdaysOnly, national2025)).toBe(0);
  });

  it('skips holidays that fall on weekends even when weekends count', () => {
    const holidaysOnly = { ...days, skipHolidays: true };
    expect(countLeaveDays({ start: '2025-09-30', end: '2025-10-09' }, holidaysOnly, national2025)).toBe(2);
  });

  it('counts half days', () => {
    const r = { start: '2026-03-02', end: '2026-03-04' }; // Mon–Wed
    expect(countLeaveDays(r, halfWorkdays, noCalendar)).toBe(3);
    expect(countLeaveDays({ ...r, startHalf: 'pm' }, halfWorkdays, noCalendar)).toBe(2.5);
    expect(countLeaveDays({ ...r, endHalf: 'am' }, halfWorkdays, noCalendar)).toBe(2.5);
    expect(countLeaveDays({ ...r, startHalf: 'pm', endHalf: 'am' }, halfWorkdays, noCalendar)).toBe(2);
    expect(countLeaveDays({ ...r, startHalf: 'am', endHalf: 'pm' }, halfWorkdays, noCalendar)).toBe(3);
  });

  it('counts a single morning or afternoon as half a day', () => {
    const d = '2026-03-03';
    expect(countLeaveDays({ start: d, end: d, startHalf: 'am', endHalf: 'am' }, halfWorkdays, noCalendar)).toBe(0.5);
    expect(countLeaveDays({ start: d, end: d, endHalf: 'am' }, halfWorkdays, noCalendar)).toBe(0.5);
    expect(countLeaveDays({ start: d, end: d, startHalf: 'pm', endHalf: 'pm' }, halfWorkdays, noCalendar)).toBe(0.5);
    expect(countLeaveDays({ start: d, end: d, startHalf: 'pm' }, halfWorkdays, noCalendar)).toBe(0.5);
    // Afternoon to the same morning is backwards.
    expect(countLeaveDays({ start: d, end: d, startHalf: 'pm', endHalf: 'am' }, halfWorkdays, noCalendar)).toBeNull();
  });

  it('does not take half a day off a skipped first or last day', () => {
    // Starts Saturday afternoon, ends Monday morning: only Monday morning counts.
    expect(countLeaveDays({ start: '2026-03-07', end: '2026-03-09', startHalf: 'pm', endHalf: 'am' }, halfWorkdays, noCalendar)).toBe(0.5);
  });

  it('ignores halves with the whole-day unit', () => {
    const r = { start: '2026-03-03', end: '2026-03-03', startHalf: 'pm' as const, endHalf: 'am' as const };
    expect(countLeaveDays(r, workdays, noCalendar)).toBe(1);
  });

  it('refuses invalid ranges', () => {
    expect(countLeaveDays({ start: '2026-03-04', end: '2026-03-02' }, days, noCalendar)).toBeNull();
    expect(countLeaveDays({ start: '2026-02-30', end: '2026-03-02' }, days, noCalendar)).toBeNull();
    expect(countLeaveDays({ start: '', end: '2026-03-02' }, days, noCalendar)).toBeNull();
    expect(countLeaveDays({ start: '2026-03-02', end: '2026-03-03', startHalf: 'noon' as 'am' }, halfWorkdays, noCalendar)).toBeNull();
  });

  it('refuses ranges longer than 366 days', () => {
    expect(countLeaveDays({ start: '2024-01-01', end: '2024-12-31' }, days, noCalendar)).toBe(366);
    expect(countLeaveDays({ start: '2024-01-01', end: '2025-01-01' }, days, noCalendar)).toBeNull();
  });

  it('ignores malformed calendar entries', () => {
    const cal = { holidays: ['2026-03-03', 'not a date'], workdays: ['2026-02-31'] };
    expect(countLeaveDays({ start: '2026-03-02', end: '2026-03-04' }, workdays, cal)).toBe(2);
  });
});
