import { describe, expect, it } from 'vitest';
import type { GatewayDashboard } from '../../../../server/modules/gateway/gateway.dto';
import { channelSeries, etaText, lastDays, schoolDay, signalTone, sumTotals, totals } from './dashboard';

const TZ = 'Asia/Shanghai';

describe('delivery dashboard', () => {
  it('lists the last 14 UTC days, oldest first, across a month end', () => {
    const days = lastDays('2025-12-03');
    expect(days).toHaveLength(14);
    expect(days[0]).toBe('2025-11-20');
    expect(days[13]).toBe('2025-12-03');
    expect(schoolDay(Date.parse('2025-12-03T23:30:00Z'), 'Asia/Shanghai')).toBe('2025-12-04');
    expect(schoolDay(Date.parse('2025-12-03T15:30:00Z'), 'Asia/Shanghai')).toBe('2025-12-03');
  });

  it('fills quiet days with zeros and keeps channels apart', () => {
    const stats: GatewayDashboard['days'] = [
      { day: '2025-12-02', channel: 'sms', sent: 3, delivered: 5, failed: 1, skipped: 2 },
      { day: '2025-12-03', channel: 'sms', sent: 1, delivered: 0, failed: 0, skipped: 0 },
      { day: '2025-12-03', channel: 'email', sent: 40, delivered: 0, failed: 2, skipped: 0 },
    ];
    const series = channelSeries(stats, 'sms', lastDays('2025-12-03', 3));
    expect(series).toEqual([
      { day: '2025-12-01', delivered: 0, sentOnly: 0, failed: 0 },
      { day: '2025-12-02', delivered: 5, sentOnly: 3, failed: 1 },
      { day: '2025-12-03', delivered: 0, sentOnly: 1, failed: 0 },
    ]);
    expect(totals(series[1])).toEqual({ out: 8, delivered: 5, failed: 1 });
    expect(totals(undefined)).toEqual({ out: 0, delivered: 0, failed: 0 });
    expect(sumTotals(series)).toEqual({ out: 9, delivered: 5, failed: 1 });
  });

  it('says when a queued blast will be out, in the school time zone', () => {
    const now = Date.parse('2025-12-03T06:10:00Z'); // 14:10 in Shanghai
    expect(etaText('2025-12-03T06:35:00Z', now, TZ, 'zh-CN')).toBe('预计 14:35 发完（约 25 分钟）');
    expect(etaText('2025-12-03T08:15:00Z', now, TZ, 'zh-CN')).toBe('预计 16:15 发完（约 2 小时 5 分钟）');
    expect(etaText('2025-12-03T06:10:30Z', now, TZ, 'zh-CN')).toBe('预计 14:10 发完');
    expect(etaText(null, now, TZ, 'zh-CN')).toBeNull();
  });

  it('adds the date when the blast ends on another day there', () => {
    const now = Date.parse('2025-12-03T15:30:00Z'); // 23:30 in Shanghai
    expect(etaText('2025-12-03T16:30:00Z', now, TZ, 'zh-CN')).toBe('预计 12/4 00:30 发完（约 1 小时）');
    // …but not when it is still the same day in the school's zone although UTC has moved on.
    expect(etaText('2025-12-03T15:50:00Z', Date.parse('2025-12-03T15:40:00Z'), TZ, 'zh-CN')).toBe('预计 23:50 发完（约 10 分钟）');
  });

  it('grades the modem signal', () => {
    expect(signalTone(null)).toBe('neutral');
    expect(signalTone(12)).toBe('danger');
    expect(signalTone(35)).toBe('warning');
    expect(signalTone(80)).toBe('success');
  });
});
