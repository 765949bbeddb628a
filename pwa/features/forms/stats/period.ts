// The periods the statistics page offers, as school-local dates (inclusive): this month, this term
// (autumn term Aug–Jan, spring term Feb–Jul), this calendar year, or a custom range.
import { schoolTimeZone } from '../../../i18n/format';

export type PeriodKind = 'month' | 'term' | 'year' | 'custom';
export interface Period {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Today in the school's time zone as 'YYYY-MM-DD'. */
export function schoolToday(now: Date = new Date(), timeZone: string = schoolTimeZone.value): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

export function periodOf(kind: Exclude<PeriodKind, 'custom'>, today: string): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  if (kind === 'month') return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
  if (kind === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` };
  if (m >= 8) return { from: `${y}-08-01`, to: `${y + 1}-01-31` };
  if (m === 1) return { from: `${y - 1}-08-01`, to: `${y}-01-31` };
  return { from: `${y}-02-01`, to: `${y}-07-31` };
}
