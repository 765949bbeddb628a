import { describe, expect, it } from 'vitest';
import type { NoticeSummary } from '../../../server/modules/notices/notices.dto';
import { awaitsConfirmation, homePicks, isoToLocal, isUnread, localToIso, mergePage, percent, progressOf } from './notices-format';

const summary = (id: string, over: Partial<NoticeSummary> = {}): NoticeSummary => ({
  id,
  title: id,
  excerpt: '',
  category: 'general',
  urgency: 'normal',
  confirmMode: 'read',
  pinned: false,
  status: 'published',
  expired: false,
  publishAt: null,
  publishedAt: '2026-03-02T00:00:00.000Z',
  expiresAt: null,
  withdrawnAt: null,
  version: 1,
  author: { id: 'a', displayName: '王校办', departmentName: '校办' },
  attachmentCount: 0,
  me: { deliveredAt: '2026-03-02T00:00:00.000Z', readAt: null, confirmedAt: null, comment: null, hasSignature: false },
  stats: null,
  updatedAt: '2026-03-02T00:00:00.000Z',
  ...over,
});

describe('lists', () => {
  it('appends a page without repeating what is shown', () => {
    expect(mergePage([summary('a'), summary('b')], [summary('b'), summary('c')]).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  it('knows what still waits for the reader', () => {
    expect(awaitsConfirmation(summary('a', { confirmMode: 'click' }))).toBe(true);
    expect(awaitsConfirmation(summary('a', { confirmMode: 'read' }))).toBe(false);
    expect(awaitsConfirmation(summary('a', { confirmMode: 'comment', expired: true }))).toBe(false);
    expect(awaitsConfirmation(summary('a', { confirmMode: 'signature', status: 'withdrawn' }))).toBe(false);
    expect(awaitsConfirmation(summary('a', { confirmMode: 'click', me: null }))).toBe(false);
    const done = summary('a', { confirmMode: 'click' });
    expect(awaitsConfirmation({ ...done, me: { ...done.me!, confirmedAt: '2026-03-02T01:00:00.000Z' } })).toBe(false);
    expect(isUnread(summary('a'))).toBe(true);
    expect(isUnread(summary('a', { status: 'withdrawn' }))).toBe(false);
  });

  it('puts pinned and urgent notices first on the home card, newest first, and fills up with the rest', () => {
    const items = [
      summary('old-pinned', { pinned: true, publishedAt: '2026-03-01T00:00:00.000Z' }),
      summary('new-plain', { publishedAt: '2026-03-05T00:00:00.000Z' }),
      summary('urgent', { urgency: 'urgent', publishedAt: '2026-03-03T00:00:00.000Z' }),
      summary('withdrawn', { pinned: true, status: 'withdrawn', publishedAt: '2026-03-06T00:00:00.000Z' }),
      summary('expired', { urgency: 'important', expired: true, publishedAt: '2026-03-06T00:00:00.000Z' }),
      summary('older-plain', { publishedAt: '2026-02-01T00:00:00.000Z' }),
    ];
    expect(homePicks(items, 3).map((x) => x.id)).toEqual(['urgent', 'old-pinned', 'new-plain']);
    expect(homePicks(items, 10).map((x) => x.id)).toEqual(['urgent', 'old-pinned', 'new-plain', 'older-plain']);
  });

  it('computes progress in whole percent and hides confirmation where nothing is confirmed', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 3)).toBe(100);
    expect(percent(0, 0)).toBe(0);
    const stats = { total: 10, delivered: 9, read: 6, unread: 4, confirmed: 3, unconfirmed: 7 };
    expect(progressOf(stats, 'click')).toEqual({ read: 6, confirmed: 3, total: 10 });
    expect(progressOf(stats, 'read')).toEqual({ read: 6, confirmed: null, total: 10 });
  });
});

describe('times in the school zone', () => {
  it('reads a datetime-local value in the school zone', () => {
    expect(localToIso('2026-03-02T08:30', 'Asia/Shanghai')).toBe('2026-03-02T00:30:00.000Z');
    expect(localToIso('2026-03-02T00:10', 'Asia/Shanghai')).toBe('2026-03-01T16:10:00.000Z');
    expect(localToIso('2026-07-01T09:00', 'Europe/Berlin')).toBe('2026-07-01T07:00:00.000Z');
    expect(localToIso('2026-01-01T09:00', 'Europe/Berlin')).toBe('2026-01-01T08:00:00.000Z');
  });
  it('refuses what is not a datetime-local value', () => {
    for (const bad of ['', '2026-03-02', '2026-13-02T08:30', '2026-03-02T24:00', 'tomorrow']) expect(localToIso(bad, 'Asia/Shanghai')).toBeNull();
  });
  it('writes an instant as a datetime-local value and back', () => {
    expect(isoToLocal('2026-03-01T16:10:00.000Z', 'Asia/Shanghai')).toBe('2026-03-02T00:10');
    expect(isoToLocal(null, 'Asia/Shanghai')).toBe('');
    expect(isoToLocal('nonsense', 'Asia/Shanghai')).toBe('');
    const local = '2026-10-25T02:30';
    expect(isoToLocal(localToIso(local, 'Asia/Shanghai'), 'Asia/Shanghai')).toBe(local);
  });
});
