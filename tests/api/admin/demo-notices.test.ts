// The demo school's sample notices as XB_DEMO=1 seeds them, seen through the API by the demo accounts: who
// published what, the rosters with their receipts (dated over the last days), the states a notice can be in,
// and that the seed never queued a mail or an SMS.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../server/lib/clock.js';
import { DEMO_PASSWORD } from '../../../server/modules/admin/index.js';
import { demoSchool } from '../../../server/modules/admin/admin.demo-school.js';
import type { ManagedNoticePage, NoticeDetail, NoticePage, NoticeRoster, NoticeSettings, PublishScope } from '../../../server/modules/notices/notices.dto.js';
import { loginCookie, makeApp, type TestApp } from '../../helpers/app.js';

const people = demoSchool().people;
const username = (displayName: string) => people.find((p) => p.displayName === displayName)!.username;
// Thursday 2026-12-10, 11:00 in the school (Asia/Shanghai): the story runs over the two weeks before.
const NOW = new Date('2026-12-10T03:00:00Z');
const localDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('demo school: notices', () => {
  let t: TestApp;
  const cookies = new Map<string, string>();
  const as = async (displayName: string) => {
    if (!cookies.has(displayName)) cookies.set(displayName, await loginCookie(t.app, username(displayName), DEMO_PASSWORD));
    return cookies.get(displayName)!;
  };
  const call = async <T>(who: string, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<T> => {
    const res = await t.app.inject({ method, url, headers: { cookie: await as(who) }, ...(payload ? { payload } : {}) });
    expect(res.statusCode, `${who} ${method} ${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };
  const get = <T>(who: string, url: string) => call<T>(who, 'GET', url);
  let notices: ManagedNoticePage['items'];
  const byTitle = (title: string) => notices.find((n) => n.title === title)!;
  const roster = (who: string, title: string, query = '') => get<NoticeRoster>(who, `/api/notices/${byTitle(title).id}/roster?limit=2000${query}`);

  beforeAll(async () => {
    t = await makeApp({ config: { demo: true }, clock: new FakeClock(NOW) });
    notices = (await get<ManagedNoticePage>('周振华', '/api/notices/managed?scope=all&limit=100')).items;
  });
  afterAll(() => t.close());

  it('has eight notices in every state, by the people who post them', () => {
    const summary = Object.fromEntries(notices.map((n) => [n.title, [n.status, n.expired, n.author.displayName, n.category, n.urgency, n.confirmMode]]));
    expect(summary).toEqual({
      关于期末考试周安排的通知: ['published', false, '韩雪', 'teaching', 'important', 'click'],
      关于寒假安全教育告知书签收的通知: ['published', false, '潘卫东', 'safety', 'important', 'signature'],
      关于开展冬季消防安全疏散演练的通知: ['published', false, '周振华', 'safety', 'urgent', 'click'],
      关于教工食堂菜单调整的通知: ['published', false, '林晓燕', 'logistics', 'normal', 'none'],
      关于组织教职工年度健康体检的通知: ['published', false, '林晓燕', 'admin', 'normal', 'comment'],
      关于召开全体教职工大会的通知: ['scheduled', false, '周振华', 'general', 'important', 'read'],
      关于召开高一年级期末复习研讨会的通知: ['withdrawn', false, '杜建华', 'teaching', 'normal', 'read'],
      关于报送本学期继续教育学时证明的通知: ['published', true, '韩雪', 'admin', 'normal', 'read'],
    });
    // Published over the last two weeks, each on a working day during office hours.
    for (const n of notices.filter((x) => x.publishedAt)) {
      const at = new Date(n.publishedAt!);
      expect(at < NOW && NOW.getTime() - at.getTime() < 15 * 86_400_000, n.title).toBe(true);
      const hour = (at.getUTCHours() + 8) % 24;
      expect(hour >= 8 && hour < 18 && ![0, 6].includes(new Date(localDay(n.publishedAt!)).getUTCDay()), n.title).toBe(true);
    }
    expect(byTitle('关于期末考试周安排的通知').pinned).toBe(true);
  });

  it('puts the 校长办公室 clerk on the school-wide publishers', async () => {
    const settings = await get<NoticeSettings>('系统管理员', '/api/admin/notices/settings');
    expect(settings.publishers.map((p) => [p.displayName, p.departmentName])).toEqual([['韩雪', '校长办公室']]);
    expect(await get<PublishScope>('韩雪', '/api/notices/scope')).toMatchObject({ canPublish: true, schoolWide: true, oversees: true });
  });

  it('gives the exam-week notice a roster that looks alive: confirmed, read only, reminded, untouched', async () => {
    const r = await roster('韩雪', '关于期末考试周安排的通知');
    const n = byTitle('关于期末考试周安排的通知');
    expect(r.counts.total).toBe(people.length);
    expect(r.counts.delivered).toBe(people.length);
    expect(r.counts.confirmed / r.counts.total).toBeGreaterThan(0.5);
    expect(r.counts.confirmed / r.counts.total).toBeLessThan(0.9);
    expect(r.counts.read).toBeGreaterThan(r.counts.confirmed);
    expect(r.counts.unread).toBeGreaterThan(3);
    // Yesterday's "remind those left" reached only people who had not confirmed by then; the next one may go now.
    const reminded = r.items.filter((e) => e.remindedCount > 0);
    expect(reminded.length).toBeGreaterThan(3);
    expect(reminded.some((e) => e.confirmedAt)).toBe(true);
    expect(reminded.every((e) => !e.confirmedAt || e.confirmedAt > '2026-12-09T08:05')).toBe(true);
    expect(r.remindAllowedAt).toBeNull();
    // Times spread over several days after publication, never in the future, read before confirmed.
    for (const e of r.items) {
      expect(e.deliveredAt).toBe(n.publishedAt);
      if (e.readAt) expect(e.readAt > n.publishedAt! && e.readAt < NOW.toISOString(), e.displayName).toBe(true);
      if (e.confirmedAt) expect(e.readAt! <= e.confirmedAt && e.confirmedAt < NOW.toISOString(), e.displayName).toBe(true);
    }
    expect(new Set(r.items.filter((e) => e.readAt).map((e) => localDay(e.readAt!))).size).toBeGreaterThanOrEqual(3);
    // Departments differ: the filter chips have something to show.
    const shares = r.departments.filter((d) => d.counts.total >= 10).map((d) => d.counts.confirmed / d.counts.total);
    expect(Math.max(...shares) - Math.min(...shares)).toBeGreaterThan(0.05);
  });

  it('has the grade groups sign the winter safety notice, some with a line, the signature as a PNG', async () => {
    const r = await roster('潘卫东', '关于寒假安全教育告知书签收的通知');
    expect(r.counts.total).toBe(55);
    expect(new Set(r.departments.map((d) => d.name))).toEqual(new Set(['年级组', '高一年级组', '高二年级组', '高三年级组']));
    const signed = r.items.filter((e) => e.confirmedAt);
    expect(signed.length).toBeGreaterThan(15);
    expect(signed.length).toBeLessThan(50);
    expect(signed.every((e) => e.hasSignature)).toBe(true);
    expect(r.items.filter((e) => !e.confirmedAt).every((e) => !e.hasSignature)).toBe(true);
    expect(signed.filter((e) => e.comment).length).toBeGreaterThan(3);
    expect(signed.some((e) => !e.comment)).toBe(true);
    // 杜建华 (t2008029, a documented account) has not signed yet: trying the demo, he can.
    expect(r.items.find((e) => e.displayName === '杜建华')).toMatchObject({ readAt: null, confirmedAt: null });

    const res = await t.app.inject({
      method: 'GET', url: `/api/notices/${r.noticeId}/roster/${signed[0]!.userId}/signature`, headers: { cookie: await as('潘卫东') },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/png/);
    expect(await sharp(res.rawPayload).metadata()).toMatchObject({ format: 'png', width: 300, height: 110 });
  });

  it('collects the dates people can go for the health check in their comments', async () => {
    const n = await get<NoticeDetail>('林晓燕', `/api/notices/${byTitle('关于组织教职工年度健康体检的通知').id}`);
    const offered = [...n.bodyHtml.matchAll(/(\d+月\d+日（周.）)上午/g)].map((m) => m[1]!);
    expect(offered).toHaveLength(3);
    const r = await roster('林晓燕', '关于组织教职工年度健康体检的通知', '&filter=confirmed');
    expect(r.items.length).toBeGreaterThan(15);
    for (const e of r.items) expect(offered.some((o) => e.comment!.includes(o)), e.comment!).toBe(true);
    expect(new Set(r.items.map((e) => e.comment)).size).toBeGreaterThan(3);
  });

  it('has the canteen notice read by many without confirmations, and the urgent drill confirmed quickly', async () => {
    const canteen = await roster('林晓燕', '关于教工食堂菜单调整的通知');
    expect(canteen.counts.read / canteen.counts.total).toBeGreaterThan(0.4);
    expect(canteen.counts.confirmed).toBe(0);
    const drill = await roster('周振华', '关于开展冬季消防安全疏散演练的通知');
    expect(drill.counts.confirmed / drill.counts.total).toBeGreaterThan(0.6);
    const published = new Date(byTitle('关于开展冬季消防安全疏散演练的通知').publishedAt!).getTime();
    const delays = drill.items.filter((e) => e.confirmedAt).map((e) => new Date(e.confirmedAt!).getTime() - published).sort((a, b) => a - b);
    expect(delays[Math.floor(delays.length / 2)]!).toBeLessThan(3 * 3_600_000);
  });

  it('leaves the documented accounts their notices to open and confirm, pinned first', async () => {
    const mine = await get<NoticePage>('杜建华', '/api/notices');
    expect(mine.counts).toEqual({ unread: 5, unconfirmed: 4 });
    expect(mine.items[0]).toMatchObject({ title: '关于期末考试周安排的通知', pinned: true, me: { readAt: null, confirmedAt: null } });
    // The withdrawn one (his own) is listed; the expired one only under its filter.
    expect(mine.items.map((i) => i.title)).toContain('关于召开高一年级期末复习研讨会的通知');
    expect(mine.items.map((i) => i.title)).not.toContain('关于报送本学期继续教育学时证明的通知');
    const expired = await get<NoticePage>('杜建华', '/api/notices?filter=expired');
    expect(expired.items.map((i) => [i.title, i.expired])).toEqual([['关于报送本学期继续教育学时证明的通知', true]]);

    // His inbox has each notice at the time it went out, unread.
    const inbox = await get<{ items: { kind: string; link: string | null; createdAt: string; readAt: string | null }[] }>('杜建华', '/api/inbox?limit=100');
    const exam = byTitle('关于期末考试周安排的通知');
    expect(inbox.items.find((i) => i.kind === 'notice.published' && i.link === `/notices/${exam.id}`)).toMatchObject({ createdAt: exam.publishedAt, readAt: null });
    expect(inbox.items.some((i) => i.kind === 'notice.reminder' && i.link === `/notices/${exam.id}`)).toBe(true);

    // Trying it works: he opens the exam notice and confirms it.
    const confirmed = await call<NoticeDetail>('杜建华', 'POST', `/api/notices/${exam.id}/confirm`, {});
    expect(confirmed.me?.confirmedAt).toBe(NOW.toISOString());
    expect((await get<NoticePage>('杜建华', '/api/notices')).counts).toEqual({ unread: 4, unconfirmed: 3 });
  });

  it('shows the withdrawn notice as withdrawn, with the reason, to those who had read it', async () => {
    const r = await roster('杜建华', '关于召开高一年级期末复习研讨会的通知');
    expect(r.counts.total).toBe(18);
    const withdrawnAt = byTitle('关于召开高一年级期末复习研讨会的通知').withdrawnAt!;
    const readers = r.items.filter((e) => e.readAt && e.displayName !== '杜建华');
    expect(readers.length).toBeGreaterThan(3);
    expect(readers.every((e) => e.readAt! < withdrawnAt)).toBe(true);
    const seen = await get<NoticeDetail>(readers[0]!.displayName, `/api/notices/${r.noticeId}`);
    expect(seen).toMatchObject({ status: 'withdrawn', bodyHtml: '', withdrawReason: expect.stringContaining('另行通知') });
  });

  it('dates inbox items and ladder attempts with their notice, and queues no mail or SMS', () => {
    const db = t.app.services.db.sqlite;
    expect([...t.app.services.gateway.enabledChannels()]).toEqual(['webpush']);
    const attempts = db
      .prepare(`SELECT a.channel, a.status, a.reason, count(*) AS n FROM delivery_attempts a JOIN notice_deliveries d ON d.item_id = a.item_id GROUP BY 1, 2, 3`)
      .all();
    // Nobody has a push subscription on a new box: the only rung is skipped, nothing waits to be sent.
    expect(attempts).toEqual([{ channel: 'webpush', status: 'skipped', reason: 'no_address', n: expect.any(Number) }]);
    expect(db.prepare(`SELECT count(*) AS n FROM delivery_attempts WHERE status IN ('pending', 'sending')`).get()).toEqual({ n: 0 });
    const mismatched = db
      .prepare(
        `SELECT count(*) AS n FROM notice_deliveries d JOIN inbox_items i ON i.id = d.item_id JOIN notices n ON n.id = d.notice_id
         JOIN delivery_attempts a ON a.item_id = d.item_id JOIN notice_recipients r ON r.notice_id = d.notice_id AND r.user_id = d.user_id
         WHERE i.created_at <> d.created_at OR a.created_at <> d.created_at OR a.due_at < d.created_at
           OR (d.kind = 'published' AND d.created_at <> n.published_at) OR (d.kind = 'reminder' AND d.created_at <> n.last_reminded_at)
           OR i.read_at < i.created_at OR i.read_at > ? OR i.seen_at IS NOT i.read_at
           -- opening the notice read its first message then
           OR (d.kind = 'published' AND i.read_at IS NOT r.read_at)`,
      )
      .get(NOW.toISOString());
    expect(mismatched).toEqual({ n: 0 });
  });

  it('publishes the staff-meeting notice next Monday morning by itself', async () => {
    const scheduled = byTitle('关于召开全体教职工大会的通知');
    expect(scheduled.publishAt).toBe('2026-12-13T23:30:00.000Z'); // Monday 12-14, 07:30 in the school
    t.clock.set(new Date('2026-12-13T23:31:00Z'));
    await t.app.services.jobs.drain();
    const r = await roster('周振华', '关于召开全体教职工大会的通知');
    expect(r.counts).toMatchObject({ total: people.length, delivered: people.length, read: 0 });
    const detail = await get<NoticeDetail>('苏晓东', `/api/notices/${scheduled.id}`);
    expect(detail).toMatchObject({ status: 'published', publishedAt: '2026-12-13T23:31:00.000Z' });
    expect(detail.bodyHtml).toContain('12月18日（周五）下午 15:30');
  }, 60_000); // the drain also files the demo's approved leave as PDFs
});
