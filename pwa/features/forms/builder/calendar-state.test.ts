import { describe, expect, it } from 'vitest';
import { clearRange, dayKind, markRange, monthGrid, presetRange, rangeDates, sameCalendar, toggleDay, weekdayMon0, yearCounts } from './calendar-state';

const empty = { holidays: [] as string[], workdays: [] as string[] };

describe('month grid', () => {
  it('starts weeks on Monday and pads whole weeks', () => {
    // 2026-10-01 is a Thursday.
    const weeks = monthGrid(2026, 10);
    expect(weeks[0]!.map((c) => c.inMonth)).toEqual([false, false, false, true, true, true, true]);
    expect(weeks[0]![3]).toEqual({ date: '2026-10-01', day: 1, inMonth: true });
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks.flat().filter((c) => c.inMonth)).toHaveLength(31);
    expect(monthGrid(2024, 2).flat().filter((c) => c.inMonth)).toHaveLength(29);
    expect(weekdayMon0('2026-10-04')).toBe(6);
  });
});

describe('marking days', () => {
  it('toggles a weekday to a holiday and a weekend day to a make-up workday, and back', () => {
    let cal = toggleDay(empty, '2026-10-08'); // Thursday
    expect(cal.holidays).toEqual(['2026-10-08']);
    expect(dayKind('2026-10-08', cal)).toBe('holiday');
    cal = toggleDay(cal, '2026-10-10'); // Saturday
    expect(cal.workdays).toEqual(['2026-10-10']);
    expect(dayKind('2026-10-10', cal)).toBe('workday');
    cal = toggleDay(toggleDay(cal, '2026-10-08'), '2026-10-10');
    expect(cal).toEqual(empty);
    expect(dayKind('2026-10-11', cal)).toBe('weekend');
    expect(dayKind('2026-10-12', cal)).toBe('normal');
  });

  it('marks a range as holidays, or its weekend days as workdays; a day is never both', () => {
    const { start, end } = presetRange('national', 2026);
    expect([start, end]).toEqual(['2026-10-01', '2026-10-07']);
    let cal = markRange({ holidays: [], workdays: ['2026-10-03'] }, start, end, 'holiday')!;
    expect(cal.holidays).toHaveLength(7);
    expect(cal.workdays).toEqual([]);
    cal = markRange(cal, '2026-09-26', '2026-10-11', 'workday')!;
    expect(cal.workdays).toEqual(['2026-09-26', '2026-09-27', '2026-10-03', '2026-10-04', '2026-10-10', '2026-10-11']);
    expect(cal.holidays).toEqual(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']);
    expect(yearCounts(cal, 2026)).toEqual({ holidays: 5, workdays: 6 });
    expect(yearCounts(cal, 2027)).toEqual({ holidays: 0, workdays: 0 });
    expect(clearRange(cal, '2026-10-01', '2026-10-31')).toEqual({ holidays: [], workdays: ['2026-09-26', '2026-09-27'] });
  });

  it('rejects backwards, invalid and over-long ranges', () => {
    expect(rangeDates('2026-10-07', '2026-10-01')).toBeNull();
    expect(rangeDates('2026-02-30', '2026-03-01')).toBeNull();
    expect(rangeDates('2026-01-01', '2027-06-01')).toBeNull();
    expect(markRange(empty, 'x', '2026-01-01', 'holiday')).toBeNull();
    expect(rangeDates('2026-12-31', '2027-01-01')).toEqual(['2026-12-31', '2027-01-01']);
  });

  it('compares calendars regardless of order', () => {
    expect(sameCalendar({ holidays: ['b', 'a'], workdays: [] }, { holidays: ['a', 'b'], workdays: [] })).toBe(true);
    expect(sameCalendar({ holidays: ['a'], workdays: [] }, { holidays: [], workdays: ['a'] })).toBe(false);
  });
});
