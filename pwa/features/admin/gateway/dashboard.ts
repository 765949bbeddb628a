// Pure helpers for the delivery dashboard: one channel's last 14 days, today's figures, and when a queued
// blast should be out ("预计 14:35 发完（约 25 分钟）").
import type { ChannelName, GatewayDashboard } from '../../../../server/modules/gateway/gateway.dto';
import { t } from '../../../i18n';
import { formatDelay } from './ladder';

export const CHART_DAYS = 14;

export interface DayPoint {
  day: string;
  /** Went out and a delivery report came back. */
  delivered: number;
  /** Went out, no report (or the channel gives none). */
  sentOnly: number;
  failed: number;
}

export interface DayTotals {
  /** Everything that went out: sent + delivered. */
  out: number;
  delivered: number;
  failed: number;
}

/**
 * The server groups attempts by the UTC date of their last change (`updated_at`), so the days are UTC dates
 * too: the n days ending with `today` ("2025-11-28"), oldest first.
 */
export function lastDays(today: string, n = CHART_DAYS): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** The school's calendar day of `now` ("2026-11-29"): the server groups the dashboard by it too. */
export function schoolDay(now: number, timeZone: string): string {
  return ymd(new Date(now), timeZone);
}

/** One point per day (zeros for quiet days) for one channel. */
export function channelSeries(stats: GatewayDashboard['days'], channel: ChannelName, days: readonly string[]): DayPoint[] {
  const byDay = new Map(stats.filter((s) => s.channel === channel).map((s) => [s.day, s]));
  return days.map((day) => {
    const s = byDay.get(day);
    return { day, delivered: s?.delivered ?? 0, sentOnly: s?.sent ?? 0, failed: s?.failed ?? 0 };
  });
}

export function totals(p: DayPoint | undefined): DayTotals {
  return p ? { out: p.sentOnly + p.delivered, delivered: p.delivered, failed: p.failed } : { out: 0, delivered: 0, failed: 0 };
}

export function sumTotals(points: readonly DayPoint[]): DayTotals {
  return points.reduce((a, p) => ({ out: a.out + p.sentOnly + p.delivered, delivered: a.delivered + p.delivered, failed: a.failed + p.failed }), { out: 0, delivered: 0, failed: 0 });
}

function ymd(date: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

function clock(date: Date, timeZone: string, localeTag: string, withDate: boolean): string {
  const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(withDate ? { month: 'numeric', day: 'numeric' } : {}) };
  try {
    return new Intl.DateTimeFormat(localeTag, { timeZone, ...opts }).format(date);
  } catch {
    return new Intl.DateTimeFormat(localeTag, opts).format(date);
  }
}

/**
 * "预计 14:35 发完（约 25 分钟）" in the school's time zone; the date is added when it is not today there.
 * null when nothing is queued.
 */
export function etaText(etaAt: string | null, now: number, timeZone: string, localeTag: string): string | null {
  if (!etaAt) return null;
  const eta = new Date(etaAt);
  if (Number.isNaN(eta.getTime())) return null;
  const otherDay = ymd(eta, timeZone) !== ymd(new Date(now), timeZone);
  const time = clock(eta, timeZone, localeTag, otherDay);
  const minutes = Math.ceil((eta.getTime() - now) / 60_000);
  if (minutes <= 1) return t('gatewayAdmin.dash.etaSoon', { time });
  return t('gatewayAdmin.dash.eta', { time, left: formatDelay(minutes) });
}

/** Signal strength as a tone: weak below 20 %, fair below 50 %. */
export function signalTone(percent: number | null): 'success' | 'warning' | 'danger' | 'neutral' {
  if (percent === null) return 'neutral';
  if (percent < 20) return 'danger';
  return percent < 50 ? 'warning' : 'success';
}
