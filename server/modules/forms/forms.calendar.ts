// The school calendar leave requests count against: holidays (off) and make-up working days (调休, on).
// One JSON row in the settings table under "forms.calendar"; nothing is seeded, an empty calendar is valid.
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import type { SchoolCalendar } from '../../lib/form-schema.js';
import { isValidDate } from '../../lib/workdays.js';
import type { AuditService } from '../audit/index.js';
import { FormErrors } from './forms.errors.js';

const KEY = 'forms.calendar';
const EMPTY: SchoolCalendar = { holidays: [], workdays: [] };

interface Issue {
  pointer: string;
  message: string;
}

/** Real dates, each listed once, none both a holiday and a working day; returned sorted. */
export function checkCalendar(input: SchoolCalendar): { calendar: SchoolCalendar; errors: Issue[] } {
  const errors: Issue[] = [];
  const clean = (list: string[], name: 'holidays' | 'workdays') => {
    const seen = new Set<string>();
    list.forEach((d, i) => {
      if (!isValidDate(d)) errors.push({ pointer: `/${name}/${i}`, message: `${d} is not a date` });
      else if (seen.has(d)) errors.push({ pointer: `/${name}/${i}`, message: `${d} is listed twice` });
      seen.add(d);
    });
    return [...seen].sort();
  };
  const holidays = clean(input.holidays, 'holidays');
  const workdays = clean(input.workdays, 'workdays');
  const off = new Set(holidays);
  input.workdays.forEach((d, i) => {
    if (off.has(d)) errors.push({ pointer: `/workdays/${i}`, message: `${d} is also a holiday` });
  });
  return { calendar: { holidays, workdays }, errors };
}

export function createCalendarStore(sqlite: Sqlite, clock: Clock, audit: AuditService) {
  const read = sqlite.prepare(`SELECT value FROM settings WHERE key = ?`);
  const write = sqlite.prepare(`INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
  let cache: SchoolCalendar | null = null;
  return {
    get(): SchoolCalendar {
      if (!cache) {
        const row = read.get(KEY) as { value: string } | undefined;
        const stored = row ? (JSON.parse(row.value) as Partial<SchoolCalendar>) : {};
        cache = { holidays: stored.holidays ?? EMPTY.holidays, workdays: stored.workdays ?? EMPTY.workdays };
      }
      return cache;
    },
    set(input: SchoolCalendar, actor: { id: string; displayName: string; ip?: string }): SchoolCalendar {
      const { calendar, errors } = checkCalendar(input);
      if (errors.length) throw FormErrors.calendarInvalid(errors.map((e) => `${e.pointer} ${e.message}`).join('; '), { errors });
      const before = this.get();
      write.run(KEY, JSON.stringify(calendar), clock.now().toISOString(), actor.id);
      cache = calendar;
      audit.record({
        event: 'forms.calendar.updated', actor, ip: actor.ip, target: { type: 'settings', id: KEY, name: '校历' },
        details: { holidays: calendar.holidays.length, workdays: calendar.workdays.length, before: { holidays: before.holidays.length, workdays: before.workdays.length } },
      });
      return calendar;
    },
  };
}
export type CalendarStore = ReturnType<typeof createCalendarStore>;
