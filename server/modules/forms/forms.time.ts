// School-clock arithmetic for statistics, exports and printouts: times are stored in UTC and shown, bucketed
// and filtered in the school's time zone. Formatters are cached per zone (Intl objects are costly to build).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(at: Date, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD HH:mm' on the school clock. */
export function formatLocal(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const p = localParts(new Date(iso), timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** A month key ('YYYY-MM') per UTC hour: offsets change on the hour at most, so 10 000 rows need few Intl calls. */
export function monthKeyer(timeZone: string): (iso: string) => string {
  const cache = new Map<string, string>();
  return (iso) => {
    const hour = iso.slice(0, 13);
    let m = cache.get(hour);
    if (m === undefined) {
      const p = localParts(new Date(iso), timeZone);
      m = `${p.year}-${pad(p.month)}`;
      cache.set(hour, m);
    }
    return m;
  };
}

/** The UTC instant at which the school-local day 'YYYY-MM-DD' begins. */
export function dayStartUtc(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const offsetAt = (t: number) => {
    const p = localParts(new Date(t), timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - t;
  };
  // Two rounds settle the offset even when the day starts next to a daylight-saving change.
  let t = guess - offsetAt(guess);
  t = guess - offsetAt(t);
  return new Date(t);
}

/** 'YYYY-MM-DD' + n days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The UTC bounds [from, to) of a period given as inclusive school-local dates; open ends stay open. */
export function periodBounds(q: { from?: string; to?: string }, timeZone: string): { from: string; to: string } {
  return {
    from: q.from ? dayStartUtc(q.from, timeZone).toISOString() : '0000',
    to: q.to ? dayStartUtc(addDays(q.to, 1), timeZone).toISOString() : '9999',
  };
}
