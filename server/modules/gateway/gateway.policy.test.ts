import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, DEFAULT_PREFS, type ChannelName, type DeliveryPrefs } from './gateway.dto.js';
import { planLadder, quietHoursEnd, retryDelayMs, type PlanInput } from './gateway.policy.js';

const ALL = new Set<ChannelName>(['webpush', 'email', 'sms']);
// 2026-11-30 10:00 in Shanghai (a Monday morning)
const MORNING = new Date('2026-11-30T02:00:00Z');
const NIGHT = new Date('2026-11-30T15:30:00Z'); // 23:30 in Shanghai

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  policy: DEFAULT_POLICY, urgency: 'urgent', category: 'notice.teaching', prefs: DEFAULT_PREFS, enabled: ALL, reachable: ALL, now: MORNING, timeZone: 'Asia/Shanghai', ...over,
});
const summary = (p: ReturnType<typeof planLadder>) => p.map((a) => `${a.step}:${a.channel}:${a.status}${a.reason ? `(${a.reason})` : ''}@+${(a.dueAt.getTime() - MORNING.getTime()) / 60_000}m`);

describe('planLadder', () => {
  it('urgent: push and email now, SMS after 10 minutes', () => {
    expect(summary(planLadder(input()))).toEqual(['0:webpush:pending@+0m', '0:email:pending@+0m', '1:sms:pending@+10m']);
  });

  it('important: SMS only after two hours', () => {
    expect(summary(planLadder(input({ urgency: 'high' })))).toEqual(['0:webpush:pending@+0m', '0:email:pending@+0m', '1:sms:pending@+120m']);
  });

  it('low urgency stays in the app', () => {
    expect(planLadder(input({ urgency: 'low' }))).toEqual([]);
  });

  it('a rung that reaches nobody hands its time to the next one (no push → email now)', () => {
    const plan = planLadder(input({ urgency: 'normal', reachable: new Set<ChannelName>(['email', 'sms']) }));
    expect(summary(plan)).toEqual(['0:webpush:skipped(no_address)@+0m', '1:email:pending@+0m']);
  });

  it('channels the box does not use are left out entirely', () => {
    const plan = planLadder(input({ enabled: new Set<ChannelName>(['email']) }));
    expect(summary(plan)).toEqual(['0:email:pending@+0m']);
  });

  it('category opt-outs apply to non-urgent messages only', () => {
    const prefs: DeliveryPrefs = { ...DEFAULT_PREFS, off: { webpush: [], email: ['notice.teaching'], sms: ['notice.teaching'] } };
    expect(summary(planLadder(input({ urgency: 'high', prefs })))).toEqual(['0:webpush:pending@+0m', '0:email:skipped(preference)@+0m', '1:sms:skipped(preference)@+120m']);
    expect(summary(planLadder(input({ urgency: 'urgent', prefs })))).toEqual(['0:webpush:pending@+0m', '0:email:pending@+0m', '1:sms:pending@+10m']);
  });

  it('quiet hours defer non-urgent rungs to their end; urgent ones go at once', () => {
    const night = planLadder(input({ urgency: 'high', now: NIGHT }));
    // 23:30 → quiet until 07:00 = 7.5 h later
    expect(night.filter((a) => a.step === 0).map((a) => [a.status, a.reason, a.dueAt.toISOString()])).toEqual([
      ['pending', 'quiet_hours', '2026-11-30T23:00:00.000Z'],
      ['pending', 'quiet_hours', '2026-11-30T23:00:00.000Z'],
    ]);
    const urgent = planLadder(input({ urgency: 'urgent', now: NIGHT }));
    expect(urgent[0]!.dueAt).toEqual(NIGHT);
    expect(planLadder(input({ urgency: 'high', now: NIGHT, prefs: { ...DEFAULT_PREFS, quietHours: null } }))[0]!.dueAt).toEqual(NIGHT);
  });
});

describe('quietHoursEnd', () => {
  it('handles windows across midnight and inside one day', () => {
    expect(quietHoursEnd(MORNING, { start: '22:00', end: '07:00' }, 'Asia/Shanghai')).toBeNull();
    expect(quietHoursEnd(new Date('2026-11-30T20:10:00Z'), { start: '22:00', end: '07:00' }, 'Asia/Shanghai')?.toISOString()).toBe('2026-11-30T23:00:00.000Z'); // 04:10 local
    expect(quietHoursEnd(MORNING, { start: '09:30', end: '11:00' }, 'Asia/Shanghai')?.toISOString()).toBe('2026-11-30T03:00:00.000Z');
    expect(quietHoursEnd(MORNING, { start: '08:00', end: '08:00' }, 'Asia/Shanghai')).toBeNull();
  });
});

describe('retryDelayMs', () => {
  it('backs off from 30 s to at most 30 minutes', () => {
    expect([1, 2, 3, 4, 10].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 1_800_000]);
  });
});
