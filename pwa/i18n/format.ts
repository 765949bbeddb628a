// Dates and numbers through Intl, always in the school's time zone (Me.school.timeZone).
import { signal } from '@preact/signals';
import { locale } from './index';

export const schoolTimeZone = signal<string>('Asia/Shanghai');

const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale.value}|${schoolTimeZone.value}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale.value, { timeZone: schoolTimeZone.value, ...options });
    } catch {
      f = new Intl.DateTimeFormat(locale.value, options);
    }
    cache.set(key, f);
  }
  return f;
}

function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** 2025年11月28日 星期五 / Friday, November 28, 2025 */
export function formatLongDate(value: string | number | Date): string {
  return dateFormat({ year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(toDate(value));
}

/** 2025/11/28 */
export function formatDate(value: string | number | Date): string {
  return dateFormat({ year: 'numeric', month: '2-digit', day: '2-digit' }).format(toDate(value));
}

/** 2025/11/28 14:05 */
export function formatDateTime(value: string | number | Date): string {
  return dateFormat({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(
    toDate(value),
  );
}

/** The hour (0–23) in the school's time zone, for greetings. */
export function schoolHour(value: string | number | Date = Date.now()): number {
  const h = dateFormat({ hour: 'numeric', hour12: false }).formatToParts(toDate(value)).find((p) => p.type === 'hour');
  return h ? Number(h.value) % 24 : toDate(value).getHours();
}

/** "3 分钟前" / "3 minutes ago"; falls back to the date after a week. */
export function formatRelative(value: string | number | Date, now = Date.now()): string {
  const diff = (toDate(value).getTime() - now) / 1000;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto' });
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(diff / 3600), 'hour');
  if (abs < 7 * 86_400) return rtf.format(Math.round(diff / 86_400), 'day');
  return formatDate(value);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale.value).format(n);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB" (steps of 1024, one decimal below 10 of a unit); null → "—". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  let n = Math.max(0, bytes);
  let unit = 0;
  while (n >= 1024 && unit < BYTE_UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  const digits = unit === 0 || n >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(locale.value, { maximumFractionDigits: digits }).format(n)} ${BYTE_UNITS[unit]}`;
}

/** The time zones the browser knows, for the setup wizard and settings (Asia/Shanghai first). */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const all = intl.supportedValuesOf?.('timeZone') ?? ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Urumqi', 'UTC'];
  const first = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei', 'Asia/Urumqi'];
  return [...first, ...all.filter((z) => !first.includes(z))];
}

/** Offset (ms) of the school's time zone from UTC at the given instant. */
function zoneOffsetMs(at: Date): number {
  const parts = dateFormat({ year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hour12: false })
    .formatToParts(at)
    .reduce<Record<string, number>>((acc, p) => (p.type !== 'literal' ? { ...acc, [p.type]: Number(p.value) } : acc), {});
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** "2025-11-28" (a day in the school's calendar) → the UTC instant that day starts, as ISO. */
export function schoolDayStart(day: string): string {
  const guess = new Date(`${day}T00:00:00Z`);
  return new Date(guess.getTime() - zoneOffsetMs(guess)).toISOString();
}

/** The last millisecond of that school day, as ISO. */
export function schoolDayEnd(day: string): string {
  return new Date(Date.parse(schoolDayStart(day)) + 86_400_000 - 1).toISOString();
}
