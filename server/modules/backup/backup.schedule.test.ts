import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './backup.dto.js';
import { dueTasks, lastDailySlot, lastWeeklySlot, monthStart, nextTimes, readDataSubsetFor } from './backup.schedule.js';

const tz = 'Asia/Shanghai';
const at = (s: string) => Date.parse(s);

describe('backup schedule on the school clock', () => {
  it('finds the latest daily slot in the school time zone', () => {
    // 02:30 Shanghai = 18:30 UTC the day before.
    // 19:00 UTC is 03:00 the next morning in Shanghai: that morning's 02:30 has passed.
    expect(new Date(lastDailySlot(at('2026-11-29T19:00:00Z'), '02:30', tz)).toISOString()).toBe('2026-11-29T18:30:00.000Z');
    expect(new Date(lastDailySlot(at('2026-11-29T18:00:00Z'), '02:30', tz)).toISOString()).toBe('2026-11-28T18:30:00.000Z');
    expect(new Date(lastDailySlot(at('2026-11-29T18:30:00Z'), '02:30', tz)).toISOString()).toBe('2026-11-29T18:30:00.000Z');
  });

  it('finds the latest weekly slot (Sunday 03:30 Shanghai)', () => {
    // 2026-11-29 is a Sunday; 03:30 Shanghai = Saturday 19:30 UTC.
    expect(new Date(lastWeeklySlot(at('2026-11-29T12:00:00Z'), 7, '03:30', tz)).toISOString()).toBe('2026-11-28T19:30:00.000Z');
    expect(new Date(lastWeeklySlot(at('2026-11-28T19:00:00Z'), 7, '03:30', tz)).toISOString()).toBe('2026-11-21T19:30:00.000Z');
    // Wednesday 2 December 08:00 Shanghai: that morning's 03:30.
    expect(new Date(lastWeeklySlot(at('2026-12-02T00:00:00Z'), 3, '03:30', tz)).toISOString()).toBe('2026-12-01T19:30:00.000Z');
    expect(new Date(lastWeeklySlot(at('2026-12-01T19:00:00Z'), 3, '03:30', tz)).toISOString()).toBe('2026-11-24T19:30:00.000Z');
  });

  it('says what is due', () => {
    const now = at('2026-11-29T12:00:00Z');
    const none = { dbSnapshot: null, backupAttempt: null, backupSuccess: null, weekly: null };
    expect(dueTasks(now, DEFAULT_POLICY, tz, none, false)).toEqual({ dbSnapshot: true, backup: false, weekly: false });
    expect(dueTasks(now, DEFAULT_POLICY, tz, none, true)).toEqual({ dbSnapshot: true, backup: true, weekly: true });
    const fresh = { dbSnapshot: now - 5 * 60_000, backupAttempt: at('2026-11-28T18:31:00Z'), backupSuccess: at('2026-11-28T18:31:00Z'), weekly: at('2026-11-28T19:31:00Z') };
    expect(dueTasks(now, DEFAULT_POLICY, tz, fresh, true)).toEqual({ dbSnapshot: false, backup: false, weekly: false });
    expect(dueTasks(now + 11 * 60_000, DEFAULT_POLICY, tz, fresh, true).dbSnapshot).toBe(true);
    // A failed attempt after the slot is retried an hour later, not at once.
    const failed = { ...fresh, backupSuccess: at('2026-11-27T18:31:00Z'), backupAttempt: now - 10 * 60_000 };
    expect(dueTasks(now, DEFAULT_POLICY, tz, failed, true).backup).toBe(false);
    expect(dueTasks(now + 55 * 60_000, DEFAULT_POLICY, tz, failed, true).backup).toBe(true);
    // 0 minutes switches the on-box database snapshots off.
    expect(dueTasks(now, { ...DEFAULT_POLICY, dbSnapshotMinutes: 0 }, tz, none, true).dbSnapshot).toBe(false);
  });

  it('gives the next times', () => {
    const now = at('2026-11-29T12:00:00Z');
    const fresh = { dbSnapshot: now - 5 * 60_000, backupAttempt: at('2026-11-28T18:31:00Z'), backupSuccess: at('2026-11-28T18:31:00Z'), weekly: at('2026-11-28T19:31:00Z') };
    const next = nextTimes(now, DEFAULT_POLICY, tz, fresh, true);
    expect(new Date(next.backup!).toISOString()).toBe('2026-11-29T18:30:00.000Z');
    expect(new Date(next.weekly!).toISOString()).toBe('2026-12-05T19:30:00.000Z');
    expect(next.dbSnapshot).toBe(now + 10 * 60_000);
    expect(nextTimes(now, DEFAULT_POLICY, tz, fresh, false).backup).toBeNull();
  });

  it('rotates the check over four quarters of the data and knows the month', () => {
    const week = 7 * 86_400_000;
    const subsets = new Set([0, 1, 2, 3].map((i) => readDataSubsetFor(at('2026-11-29T12:00:00Z') + i * week)));
    expect([...subsets].sort()).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(new Date(monthStart(at('2026-11-30T17:00:00Z'), tz)).toISOString()).toBe('2026-11-30T16:00:00.000Z'); // Dec 1st in Shanghai
  });
});
