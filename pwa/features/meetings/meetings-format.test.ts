import { describe, expect, it } from 'vitest';
import { addDays, dayKey, dayLabel, groupByDay, joinState, recurrenceText, wallToIso, weekOf } from './meetings-format';

const TZ = 'Asia/Shanghai';
// 2026-09-02 is a Wednesday.
const WED_10 = '2026-09-02T02:00:00.000Z';

describe('meetings-format', () => {
  it('recurrence in Chinese and English', () => {
    expect(recurrenceText(null, WED_10, TZ, 'zh-CN')).toBe('不重复');
    expect(recurrenceText({ freq: 'weekly', interval: 1, byWeekday: [3, 1] }, WED_10, TZ, 'zh-CN')).toBe('每周一、三');
    expect(recurrenceText({ freq: 'weekly', interval: 1 }, WED_10, TZ, 'zh-CN')).toBe('每周三');
    expect(recurrenceText({ freq: 'weekly', interval: 2, byWeekday: [1, 3, 5], count: 10 }, WED_10, TZ, 'zh-CN')).toBe('每 2 周的周一、三、五，共 10 次');
    expect(recurrenceText({ freq: 'daily', interval: 1, until: '2026-09-30' }, WED_10, TZ, 'zh-CN')).toBe('每天，至 2026-09-30');
    expect(recurrenceText({ freq: 'daily', interval: 3 }, WED_10, TZ, 'zh-CN')).toBe('每 3 天');
    expect(recurrenceText({ freq: 'monthly', interval: 1 }, WED_10, TZ, 'zh-CN')).toBe('每月 2 日');
    expect(recurrenceText({ freq: 'monthly', interval: 3 }, WED_10, TZ, 'zh-CN')).toBe('每 3 个月的 2 日');
    expect(recurrenceText({ freq: 'weekly', interval: 2, byWeekday: [1, 3], count: 4 }, WED_10, TZ, 'en')).toBe('Every 2 weeks on Mon, Wed, 4 times');
    expect(recurrenceText({ freq: 'monthly', interval: 1, until: '2027-01-31' }, WED_10, TZ, 'en')).toBe('Monthly on day 2, until 2027-01-31');
    // 07:30 Beijing on Thursday is still Wednesday in UTC: the weekday is the school's.
    expect(recurrenceText({ freq: 'weekly', interval: 1 }, '2026-09-02T23:30:00Z', TZ, 'zh-CN')).toBe('每周四');
  });

  it('days in the school zone, labels, the week', () => {
    expect(dayKey('2026-09-02T16:30:00Z', TZ)).toBe('2026-09-03');
    expect(dayLabel('2026-09-02', '2026-09-02', 'zh-CN')).toBe('今天 · 9月2日 周三');
    expect(dayLabel('2026-09-03', '2026-09-02', 'zh-CN')).toBe('明天 · 9月3日 周四');
    expect(dayLabel('2026-09-07', '2026-09-02', 'zh-CN')).toBe('9月7日 周一');
    expect(dayLabel('2026-09-03', '2026-09-02', 'en')).toBe('Tomorrow · Thu 3 Sep');
    expect(weekOf('2026-09-02')).toEqual(['2026-08-31', '2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-05', '2026-09-06']);
    expect(weekOf('2026-09-06')[0]).toBe('2026-08-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    const groups = groupByDay([{ s: '2026-09-02T01:00:00Z' }, { s: '2026-09-02T08:00:00Z' }, { s: '2026-09-02T17:00:00Z' }], (x) => x.s, TZ);
    expect(groups.map((g) => [g.day, g.items.length])).toEqual([['2026-09-02', 2], ['2026-09-03', 1]]);
  });

  it('join window and wall-clock input', () => {
    const o = { startsAt: WED_10, endsAt: '2026-09-02T03:00:00.000Z' };
    expect(joinState(o, Date.parse(WED_10) - 11 * 60_000)).toBeNull();
    expect(joinState(o, Date.parse(WED_10) - 10 * 60_000)).toBe('soon');
    expect(joinState(o, Date.parse(WED_10) + 30 * 60_000)).toBe('live');
    expect(joinState(o, Date.parse('2026-09-02T03:00:00.000Z'))).toBeNull();
    expect(wallToIso('2026-09-02', '10:00', TZ)).toBe(WED_10);
    expect(wallToIso('2026-09-02', '25:00', TZ)).toBeNull();
    expect(wallToIso('2026-9-2', '10:00', TZ)).toBeNull();
  });
});
