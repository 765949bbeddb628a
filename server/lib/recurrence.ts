// Occurrences of a repeating event (meetings): recurrences repeat on the school's wall clock (a weekly 08:00
// meeting stays at 08:00 in its time zone), so expansion works on wall-clock dates and converts each to UTC
// with the zone's offset on that day. Pure (Intl only): the server, the ICS writer and the PWA share it.

/** The same shape as meetings.dto's MeetingRecurrence (lib imports no module). 1 = Monday … 7 = Sunday. */
export interface Recurrence {
  freq: 'daily' | 'weekly' | 'monthly';
  interval: number;
  byWeekday?: number[];
  /** 'YYYY-MM-DD' in the zone, inclusive. */
  until?: string;
  count?: number;
}
export interface Occurrence {
  startsAt: string;
  endsAt: string;
}
type MeetingRecurrence = Recurrence;

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Hard stop for open-ended rules: nothing is expanded further than this past the first occurrence. */
const HORIZON_DAYS = 366 * 10;

export interface Schedule {
  startsAt: string;
  durationMin: number;
  recurrence: MeetingRecurrence | null;
  timeZone: string;
}

interface Wall {
  y: number;
  m: number;
  d: number;
  hh: number;
  mi: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at an instant. */
export function wallClock(ms: number, timeZone: string): Wall & { s: number } {
  const p = Object.fromEntries(fmt(timeZone).formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)])) as Record<string, number>;
  return { y: p.year!, m: p.month!, d: p.day!, hh: p.hour! % 24, mi: p.minute!, s: p.second! };
}

/** Offset of the zone from UTC at an instant, in ms (+8 h for Asia/Shanghai). */
export function zoneOffset(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mi, w.s) - (ms - (ms % 1000 + 1000) % 1000);
}

/** The instant a wall-clock time happens in the zone (in a DST gap: shifted forward, like most calendars). */
export function fromWall(w: Wall, timeZone: string): number {
  const naive = Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mi);
  let t = naive - zoneOffset(naive, timeZone);
  t = naive - zoneOffset(t, timeZone);
  return t;
}

const dayNo = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m - 1, d) / DAY);
const fromDayNo = (n: number) => {
  const x = new Date(n * DAY);
  return { y: x.getUTCFullYear(), m: x.getUTCMonth() + 1, d: x.getUTCDate() };
};
/** ISO weekday 1 = Monday … 7 = Sunday of a day number (1970-01-01 was a Thursday). */
export const isoWeekday = (n: number) => ((((n + 3) % 7) + 7) % 7) + 1;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The last instant the rule may start an occurrence: the end of `until` in the zone. */
export function untilInstant(until: string, timeZone: string): number {
  const [y, m, d] = until.split('-').map(Number) as [number, number, number];
  const next = fromDayNo(dayNo(y, m, d) + 1);
  return fromWall({ ...next, hh: 0, mi: 0 }, timeZone) - 1000;
}

/** Why a rule is refused (null: fine). `first` is the first occurrence. */
export function recurrenceProblem(r: MeetingRecurrence, startsAt: string, timeZone: string): string | null {
  if (r.until !== undefined && r.count !== undefined) return 'Give an end date or a number of occurrences, not both';
  if (r.byWeekday && r.freq !== 'weekly') return 'Weekdays only go with a weekly rule';
  const start = Date.parse(startsAt);
  const w = wallClock(start, timeZone);
  if (r.byWeekday && !r.byWeekday.includes(isoWeekday(dayNo(w.y, w.m, w.d)))) return "The first occurrence's weekday must be one of the weekdays";
  if (r.until !== undefined) {
    const [y, m, d] = r.until.split('-').map(Number) as [number, number, number];
    if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return 'The end date is not a date';
    if (untilInstant(r.until, timeZone) < start) return 'The end date is before the first occurrence';
  }
  return null;
}

/**
 * Start instants of the occurrences, in order, starting no later than `toMs` (exclusive). A generator: callers
 * stop when they have enough. Respects until/count; open-ended rules stop at the horizon.
 */
export function* occurrenceStarts(s: Schedule, toMs = Infinity): Generator<number> {
  const first = Date.parse(s.startsAt);
  const r = s.recurrence;
  if (!r) {
    if (first < toMs) yield first;
    return;
  }
  const w = wallClock(first, s.timeZone);
  const start = dayNo(w.y, w.m, w.d);
  const last = Math.min(toMs - 1, r.until !== undefined ? untilInstant(r.until, s.timeZone) : Infinity, first + HORIZON_DAYS * DAY);
  const max = r.count ?? Infinity;
  let n = 0;
  const at = (day: number) => fromWall({ ...fromDayNo(day), hh: w.hh, mi: w.mi }, s.timeZone);

  if (r.freq === 'monthly') {
    for (let k = 0; n < max; k += r.interval) {
      const months = w.m - 1 + k;
      const y = w.y + Math.floor(months / 12);
      const m = (months % 12) + 1;
      if (w.d > daysIn(y, m)) continue; // the 31st: months without one are skipped
      const t = at(dayNo(y, m, w.d));
      if (t > last) return;
      n++;
      yield t;
    }
    return;
  }
  // Weeks run Monday to Sunday (WKST=MO); the interval counts weeks from the first occurrence's week.
  const weekStart = start - (isoWeekday(start) - 1);
  const days = r.freq === 'weekly' ? new Set(r.byWeekday ?? [isoWeekday(start)]) : null;
  for (let day = start; n < max; day++) {
    if (days) {
      if (Math.floor((day - weekStart) / 7) % r.interval !== 0 || !days.has(isoWeekday(day))) continue;
    } else if ((day - start) % r.interval !== 0) continue;
    const t = at(day);
    if (t > last) return;
    n++;
    yield t;
  }
}

const occ = (t: number, durationMin: number): Occurrence => ({ startsAt: new Date(t).toISOString(), endsAt: new Date(t + durationMin * MINUTE).toISOString() });

/** Occurrences overlapping [fromMs, toMs). */
export function occurrencesBetween(s: Schedule, fromMs: number, toMs: number): Occurrence[] {
  const out: Occurrence[] = [];
  const len = s.durationMin * MINUTE;
  for (const t of occurrenceStarts(s, toMs)) if (t + len > fromMs) out.push(occ(t, s.durationMin));
  return out;
}

/** The next `limit` occurrences not yet over at `nowMs` (the current one first). */
export function upcomingOccurrences(s: Schedule, nowMs: number, limit: number): Occurrence[] {
  const out: Occurrence[] = [];
  const len = s.durationMin * MINUTE;
  for (const t of occurrenceStarts(s)) {
    if (t + len <= nowMs) continue;
    out.push(occ(t, s.durationMin));
    if (out.length >= limit) break;
  }
  return out;
}

/** The last occurrence that has started by `nowMs`, if any. */
export function lastStarted(s: Schedule, nowMs: number): Occurrence | null {
  let found: number | null = null;
  for (const t of occurrenceStarts(s, nowMs + 1)) found = t;
  return found === null ? null : occ(found, s.durationMin);
}

/** Whether `t` is the start of an occurrence (a reminder job re-checks this before it fires). */
export function isOccurrence(s: Schedule, t: number): boolean {
  for (const x of occurrenceStarts(s, t + 1)) if (x === t) return true;
  return false;
}
