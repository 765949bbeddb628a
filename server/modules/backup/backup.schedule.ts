// When backup tasks are due, on the school's wall clock. The same answer serves the in-process timer, the
// systemd timer (`xb backup due`) and the panel's "next run" line, so the three never disagree.
import { fromWall, isoWeekday, wallClock } from '../../lib/recurrence.js';
import { DAY, MINUTE } from '../../lib/clock.js';
import type { BackupPolicy } from './backup.dto.js';

const hm = (s: string) => s.split(':').map(Number) as [number, number];

/** The latest daily slot at or before `now`. */
export function lastDailySlot(nowMs: number, at: string, tz: string): number {
  const [hh, mi] = hm(at);
  const w = wallClock(nowMs, tz);
  const today = fromWall({ y: w.y, m: w.m, d: w.d, hh, mi }, tz);
  if (today <= nowMs) return today;
  const y = wallClock(nowMs - DAY, tz);
  return fromWall({ y: y.y, m: y.m, d: y.d, hh, mi }, tz);
}

/** The latest weekly slot (ISO weekday 1–7 at hh:mm) at or before `now`. */
export function lastWeeklySlot(nowMs: number, weekday: number, at: string, tz: string): number {
  const [hh, mi] = hm(at);
  for (let back = 0; back <= 7; back++) {
    const w = wallClock(nowMs - back * DAY, tz);
    const dayNo = Math.floor(Date.UTC(w.y, w.m - 1, w.d) / DAY);
    if (isoWeekday(dayNo) !== weekday) continue;
    const slot = fromWall({ y: w.y, m: w.m, d: w.d, hh, mi }, tz);
    if (slot <= nowMs) return slot;
  }
  // Today is the weekday but the time is later: a week back.
  const w = wallClock(nowMs - 7 * DAY, tz);
  return fromWall({ y: w.y, m: w.m, d: w.d, hh, mi }, tz);
}

/** The start of the school-clock month `now` is in (drills check every blob once a month). */
export function monthStart(nowMs: number, tz: string): number {
  const w = wallClock(nowMs, tz);
  return fromWall({ y: w.y, m: w.m, d: 1, hh: 0, mi: 0 }, tz);
}

/** restic check --read-data-subset n/4, rotating by week: four weekly checks read every pack. */
export function readDataSubsetFor(nowMs: number): string {
  const week = Math.floor(nowMs / (7 * DAY));
  return `${(week % 4) + 1}/4`;
}

export interface LastTimes {
  /** Start of the last db snapshot attempt. */
  dbSnapshot: number | null;
  /** Start of the last off-site backup attempt and of the last successful one. */
  backupAttempt: number | null;
  backupSuccess: number | null;
  /** Start of the last weekly round (check). */
  weekly: number | null;
}

export interface Due {
  dbSnapshot: boolean;
  backup: boolean;
  weekly: boolean;
}

/** A failed off-site backup is retried hourly until the next slot. */
const RETRY = 60 * MINUTE;

export function dueTasks(nowMs: number, policy: BackupPolicy, tz: string, last: LastTimes, configured: boolean): Due {
  const dbEvery = policy.dbSnapshotMinutes * MINUTE;
  const dailySlot = lastDailySlot(nowMs, policy.dailyAt, tz);
  const weeklySlot = lastWeeklySlot(nowMs, policy.weeklyOn, policy.weeklyAt, tz);
  const backupDone = last.backupSuccess !== null && last.backupSuccess >= dailySlot;
  const recentAttempt = last.backupAttempt !== null && last.backupAttempt >= dailySlot && nowMs - last.backupAttempt < RETRY;
  return {
    // A minute of slack so a timer firing a little early still counts.
    dbSnapshot: dbEvery > 0 && (last.dbSnapshot === null || nowMs - last.dbSnapshot >= dbEvery - MINUTE),
    backup: configured && !backupDone && !recentAttempt,
    weekly: configured && (last.weekly === null || last.weekly < weeklySlot),
  };
}

export function nextTimes(nowMs: number, policy: BackupPolicy, tz: string, last: LastTimes, configured: boolean): { backup: number | null; dbSnapshot: number | null; weekly: number | null } {
  const dbEvery = policy.dbSnapshotMinutes * MINUTE;
  const daily = lastDailySlot(nowMs, policy.dailyAt, tz);
  const weekly = lastWeeklySlot(nowMs, policy.weeklyOn, policy.weeklyAt, tz);
  const due = dueTasks(nowMs, policy, tz, last, configured);
  return {
    backup: configured ? (due.backup ? nowMs : lastDailySlot(daily + DAY + 2 * 60 * MINUTE, policy.dailyAt, tz)) : null,
    dbSnapshot: dbEvery > 0 ? (last.dbSnapshot === null ? nowMs : Math.max(nowMs, last.dbSnapshot + dbEvery)) : null,
    weekly: configured ? (due.weekly ? nowMs : lastWeeklySlot(weekly + 7 * DAY + 2 * 60 * MINUTE, policy.weeklyOn, policy.weeklyAt, tz)) : null,
  };
}
