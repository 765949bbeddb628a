import { describe, expect, it } from 'vitest';
import { periodOf, schoolToday } from './period';

describe('statistics periods', () => {
  it('takes today on the school clock, not the device clock', () => {
    // 16:30 UTC on 30 November is already 1 December in Shanghai.
    expect(schoolToday(new Date('2026-11-30T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-01');
    expect(schoolToday(new Date('2026-11-30T16:30:00Z'), 'UTC')).toBe('2026-11-30');
  });

  it('gives whole months, calendar years and school terms (autumn Aug–Jan, spring Feb–Jul)', () => {
    expect(periodOf('month', '2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodOf('year', '2026-11-28')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodOf('term', '2026-11-28')).toEqual({ from: '2026-08-01', to: '2027-01-31' });
    expect(periodOf('term', '2027-01-15')).toEqual({ from: '2026-08-01', to: '2027-01-31' });
    expect(periodOf('term', '2027-03-01')).toEqual({ from: '2027-02-01', to: '2027-07-31' });
  });
});
