import { describe, expect, it } from 'vitest';
import { emptySchedule, fieldOfCode, toInput, validateSchedule, weekdaysOf } from './schedule-state';

const TZ = 'Asia/Shanghai';
// Tue 2026-09-01 09:47 in Beijing.
const NOW = Date.parse('2026-09-01T01:47:00Z');

describe('schedule-state', () => {
  it('a new meeting starts at the next half hour on the school clock', () => {
    const d = emptySchedule(NOW, TZ);
    expect([d.date, d.time, d.durationMin, d.freq]).toEqual(['2026-09-01', '10:00', 60, 'none']);
  });

  it('builds the API input: the start in UTC, weekly days always with the first day, one way to end', () => {
    const d = { ...emptySchedule(NOW, TZ), title: ' 教研会 ', date: '2026-09-02', time: '10:00', freq: 'weekly' as const, byWeekday: [5, 1], end: 'count' as const, count: 6, departmentIds: ['d1'] };
    expect(weekdaysOf(d)).toEqual([1, 3, 5]);
    const input = toInput(d, TZ);
    expect(input.title).toBe('教研会');
    expect(input.startsAt).toBe('2026-09-02T02:00:00.000Z');
    expect(input.recurrence).toEqual({ freq: 'weekly', interval: 1, byWeekday: [1, 3, 5], count: 6 });
    expect(toInput({ ...d, freq: 'monthly', end: 'until', until: '2026-12-31' }, TZ).recurrence).toEqual({ freq: 'monthly', interval: 1, until: '2026-12-31' });
    expect(toInput({ ...d, freq: 'none' }, TZ).recurrence).toBeNull();
  });

  it('finds the problems before sending', () => {
    const base = { ...emptySchedule(NOW, TZ), title: '会', userIds: ['u1'] };
    expect(validateSchedule(base, TZ, NOW, true)).toEqual({});
    expect(validateSchedule({ ...base, title: '  ', userIds: [] }, TZ, NOW, true)).toEqual({ title: 'titleMissing', invitees: 'invitees' });
    expect(validateSchedule({ ...base, time: '08:00' }, TZ, NOW, true)).toEqual({ when: 'whenPast' });
    expect(validateSchedule({ ...base, time: '08:00' }, TZ, NOW, false)).toEqual({}); // an edit keeps its start
    expect(validateSchedule({ ...base, freq: 'daily', end: 'until', until: '2026-08-01' }, TZ, NOW, true)).toEqual({ recurrence: 'until' });
    expect(validateSchedule({ ...base, freq: 'daily', interval: 0 }, TZ, NOW, true)).toEqual({ recurrence: 'interval' });
    expect(fieldOfCode('MEETING_RECURRENCE_INVALID')).toBe('recurrence');
  });
});
