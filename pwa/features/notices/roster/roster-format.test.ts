import { describe, expect, it } from 'vitest';
import type { RosterAttempt } from '../../../../server/modules/notices/notices.dto';
import { channelSummaries, formatCountdown, knownReason, personState, remindWaitSeconds, rosterTabs } from './roster-format';

const attempt = (channel: RosterAttempt['channel'], status: RosterAttempt['status'], over: Partial<RosterAttempt> = {}): RosterAttempt => ({
  channel,
  step: 0,
  status,
  reason: null,
  dueAt: '2026-03-02T00:00:00.000Z',
  sentAt: null,
  deliveredAt: null,
  tries: 0,
  ...over,
});

describe('channel summaries', () => {
  it('gives one entry per channel tried, in ladder order, with the best outcome', () => {
    const out = channelSummaries([
      attempt('sms', 'skipped', { reason: 'read', step: 1 }),
      attempt('email', 'failed', { reason: 'rejected', tries: 3 }),
      attempt('webpush', 'sent', { sentAt: '2026-03-02T00:00:05.000Z' }),
      attempt('live', 'delivered', { deliveredAt: '2026-03-02T00:00:01.000Z', sentAt: '2026-03-02T00:00:01.000Z' }),
      attempt('email', 'delivered', { step: 2, deliveredAt: '2026-03-02T01:00:00.000Z' }),
    ]);
    expect(out.map((c) => [c.channel, c.status, c.reason, c.at, c.attempts])).toEqual([
      ['live', 'delivered', null, '2026-03-02T00:00:01.000Z', 1],
      ['webpush', 'sent', null, '2026-03-02T00:00:05.000Z', 1],
      ['email', 'delivered', null, '2026-03-02T01:00:00.000Z', 2],
      ['sms', 'skipped', 'read', null, 1],
    ]);
  });

  it('shows when a pending attempt is due, and the latest of equal outcomes', () => {
    const [sms] = channelSummaries([attempt('sms', 'pending', { dueAt: '2026-03-02T00:10:00.000Z' })]);
    expect(sms).toMatchObject({ status: 'pending', at: '2026-03-02T00:10:00.000Z' });
    const [email] = channelSummaries([attempt('email', 'skipped', { reason: 'no_address' }), attempt('email', 'skipped', { reason: 'preference' })]);
    expect(email).toMatchObject({ status: 'skipped', reason: 'preference', attempts: 2 });
    expect(channelSummaries([])).toEqual([]);
  });

  it('names reasons it knows and leaves others alone', () => {
    expect(knownReason('no_address')).toBe('no_address');
    expect(knownReason('read')).toBe('read');
    expect(knownReason('quiet_hours')).toBe('quiet_hours');
    expect(knownReason('smtp 550 mailbox unavailable')).toBeNull();
    expect(knownReason(null)).toBeNull();
  });
});

describe('reminder cool-down', () => {
  const now = Date.parse('2026-03-02T08:00:00.000Z');
  it('counts the seconds left', () => {
    expect(remindWaitSeconds(null, now)).toBe(0);
    expect(remindWaitSeconds('2026-03-02T07:59:00.000Z', now)).toBe(0);
    expect(remindWaitSeconds('2026-03-02T08:04:59.200Z', now)).toBe(300);
    expect(remindWaitSeconds('bad', now)).toBe(0);
  });
  it('formats a countdown', () => {
    expect(formatCountdown(299)).toBe('4:59');
    expect(formatCountdown(60)).toBe('1:00');
    expect(formatCountdown(5)).toBe('0:05');
    expect(formatCountdown(-3)).toBe('0:00');
  });
});

describe('people', () => {
  const at = '2026-03-02T08:00:00.000Z';
  it("says a person's state by the notice's mode", () => {
    expect(personState({ deliveredAt: at, readAt: at, confirmedAt: at }, 'click')).toBe('confirmed');
    expect(personState({ deliveredAt: at, readAt: at, confirmedAt: at }, 'read')).toBe('read');
    expect(personState({ deliveredAt: at, readAt: null, confirmedAt: null }, 'comment')).toBe('delivered');
    expect(personState({ deliveredAt: null, readAt: null, confirmedAt: null }, 'none')).toBe('pending');
  });
  it('offers 未确认 only when something is to be confirmed', () => {
    expect(rosterTabs('signature')).toEqual(['all', 'unread', 'unconfirmed']);
    expect(rosterTabs('read')).toEqual(['all', 'unread']);
  });
});
