import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sanitizeNoticeHtml } from '../notices/notices.sanitize.js';
import { validSignature } from '../notices/notices.service.js';
import { audienceKeys, demoSignature, planDemoNotice } from './admin.demo-notices-seed.js';
import { DEMO_FRESH_ACCOUNTS, DEMO_NOTICES, DEMO_SCHOOL_PUBLISHER, type DemoNotice } from './admin.demo-notices.js';
import { demoSchool } from './admin.demo-school.js';
import { planReceipts, schoolCalendar } from './admin.demo-timeline.js';

const school = demoSchool();
const byKey = new Map(school.people.map((p) => [p.key, p]));
const deptByKey = new Map(school.departments.map((d) => [d.key, d]));
// Thursday 2026-12-10, 11:00 in Shanghai.
const NOW = new Date('2026-12-10T03:00:00Z');
const cal = schoolCalendar(NOW, 'Asia/Shanghai');
const plan = (n: DemoNotice, c = cal) => planDemoNotice(n, c, school.people, school.departments);
const notice = (key: string) => DEMO_NOTICES.find((n) => n.key === key)!;

describe('schoolCalendar()', () => {
  it('turns school-local wall times into instants, in any zone', () => {
    expect(cal.at('2026-12-07', '08:40').toISOString()).toBe('2026-12-07T00:40:00.000Z');
    // New York is on daylight time in July and on standard time in December.
    const ny = schoolCalendar(NOW, 'America/New_York');
    expect(ny.at('2026-07-01', '09:00').toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(ny.at('2026-12-01', '09:00').toISOString()).toBe('2026-12-01T14:00:00.000Z');
  });

  it('names days the way a notice does and finds the coming weeks', () => {
    expect(cal.label('2026-12-21')).toBe('12月21日（周一）');
    expect([cal.week(1, 0), cal.week(1, 4), cal.week(2, 0)]).toEqual(['2026-12-14', '2026-12-18', '2026-12-21']);
    // On a Sunday, next week starts tomorrow; on a Monday, in seven days.
    expect(schoolCalendar(new Date('2026-12-13T03:00:00Z'), 'Asia/Shanghai').week(1, 0)).toBe('2026-12-14');
    expect(schoolCalendar(new Date('2026-12-14T03:00:00Z'), 'Asia/Shanghai').week(1, 0)).toBe('2026-12-21');
    expect([cal.workday(-1), cal.workday(-4), cal.workday(2)]).toEqual(['2026-12-09', '2026-12-04', '2026-12-14']);
  });

  it('moves night-time moments to the next morning and leaves the day alone', () => {
    const day = cal.at('2026-12-09', '21:30');
    expect(cal.awake(day)).toEqual(day);
    const night = cal.awake(cal.at('2026-12-09', '23:10'));
    expect(night >= cal.at('2026-12-10', '07:00') && night < cal.at('2026-12-10', '08:30')).toBe(true);
    const early = cal.awake(cal.at('2026-12-10', '03:00'));
    expect(early >= cal.at('2026-12-10', '07:00') && early < cal.at('2026-12-10', '08:30')).toBe(true);
  });
});

describe('planReceipts()', () => {
  const people = Array.from({ length: 200 }, (_, i) => `p${i}`);
  const published = cal.at('2026-12-07', '08:40');

  it('is deterministic, keeps to the shares, and never runs past its limit', () => {
    const story = { read: 0.8, confirmed: 0.5, readWithinMinutes: 2 * 24 * 60, confirmWithinMinutes: 60 };
    const a = planReceipts('n', people, story, published, cal, NOW);
    expect(planReceipts('n', people, story, published, cal, NOW)).toEqual(a);
    expect(a.length).toBe(160);
    const confirmed = a.filter((r) => r.confirmedAt).length;
    expect(confirmed).toBeGreaterThan(70);
    expect(confirmed).toBeLessThan(130);
    for (const r of a) {
      expect(r.readAt > published && r.readAt < NOW).toBe(true);
      if (r.confirmedAt) expect(r.confirmedAt >= r.readAt && r.confirmedAt < NOW).toBe(true);
    }
    // Another notice picks other people.
    expect(planReceipts('m', people, story, published, cal, NOW).map((r) => r.key)).not.toEqual(a.map((r) => r.key));
    // What would come after the limit has not happened.
    const early = planReceipts('n', people, story, published, cal, cal.at('2026-12-07', '12:00'));
    expect(early.length).toBeGreaterThan(10);
    expect(early.length).toBeLessThan(a.length);
    expect(early.every((r) => r.readAt < cal.at('2026-12-07', '12:00'))).toBe(true);
  });
});

describe('the demo notices', () => {
  it('cover what a school office posts: every category, urgency and confirmation mode', () => {
    expect(DEMO_NOTICES.length).toBeGreaterThanOrEqual(6);
    expect(DEMO_NOTICES.length).toBeLessThanOrEqual(8);
    expect(new Set(DEMO_NOTICES.map((n) => n.key)).size).toBe(DEMO_NOTICES.length);
    expect(new Set(DEMO_NOTICES.map((n) => n.title)).size).toBe(DEMO_NOTICES.length);
    expect(new Set(DEMO_NOTICES.map((n) => n.category))).toEqual(new Set(['teaching', 'admin', 'safety', 'logistics', 'general']));
    expect(new Set(DEMO_NOTICES.map((n) => n.urgency))).toEqual(new Set(['normal', 'important', 'urgent']));
    expect(new Set(DEMO_NOTICES.map((n) => n.confirmMode))).toEqual(new Set(['none', 'read', 'click', 'comment', 'signature']));
    expect(DEMO_NOTICES.filter((n) => n.pinned).map((n) => n.title)).toEqual(['关于期末考试周安排的通知']);
    expect(DEMO_NOTICES.filter((n) => n.scheduled)).toHaveLength(1);
    expect(DEMO_NOTICES.filter((n) => n.withdrawn)).toHaveLength(1);
    expect(DEMO_NOTICES.filter((n) => n.expires && cal.at(n.expires(cal).date, n.expires(cal).at) < NOW)).toHaveLength(1);
  });

  it('keep their text through the sanitiser unchanged, with dates from the clock and no placeholders left', () => {
    for (const n of DEMO_NOTICES) {
      const html = n.body(cal);
      expect(sanitizeNoticeHtml(html), n.key).toBe(html);
      expect(html).not.toMatch(/undefined|NaN|\$\{/);
      expect(n.title.length).toBeLessThanOrEqual(120);
    }
    // The exam week is the week after next.
    expect(notice('exam_week').body(cal)).toContain('12月21日（周一）至12月25日（周五）');
  });

  it('are written by people who may publish to their audience', () => {
    const schoolWide = (key: string) => key === DEMO_SCHOOL_PUBLISHER || byKey.get(key)!.roles.some((r) => r.role === 'principal' || r.role === 'admin');
    expect(byKey.get(DEMO_SCHOOL_PUBLISHER)).toMatchObject({ departmentKey: 'principal_office', roles: [{ role: 'staff' }] });
    for (const n of DEMO_NOTICES) {
      expect(byKey.has(n.by), n.by).toBe(true);
      if ('all' in n.audience) expect(schoolWide(n.by), `${n.key} by ${n.by}`).toBe(true);
      else for (const k of n.audience.departmentKeys) expect(deptByKey.get(k)?.headKey, `${n.key}: head of ${k}`).toBe(n.by);
    }
    const authors = new Set(DEMO_NOTICES.map((n) => n.by));
    expect(authors).toEqual(new Set([DEMO_SCHOOL_PUBLISHER, 'principal', 'go_director', 'grades_director', 'grade1_head']));
    for (const k of DEMO_FRESH_ACCOUNTS) expect(byKey.has(k), k).toBe(true);
  });

  it('resolve department audiences with their sub-departments', () => {
    const grades = audienceKeys(notice('winter_safety'), school.people, school.departments);
    expect(grades.length).toBe(1 + 3 * 18);
    expect(new Set(grades.map((k) => byKey.get(k)!.departmentKey))).toEqual(new Set(['grades', 'grade1', 'grade2', 'grade3']));
    expect(audienceKeys(notice('canteen'), school.people, school.departments)).toHaveLength(school.people.length);
  });

  it('plan acts in time order, before now, leaving the documented accounts alone', () => {
    for (const n of DEMO_NOTICES) {
      const p = plan(n);
      expect(plan(n), n.key).toEqual(p);
      const times = p.acts.map((a) => a.at.getTime());
      expect(times, n.key).toEqual([...times].sort((a, b) => a - b));
      expect(p.acts.every((a) => a.at < NOW), n.key).toBe(true);
      const read = new Map<string, Date>();
      for (const a of p.acts) {
        if (a.kind === 'read') read.set(a.key, a.at);
        if (a.kind === 'confirm') expect(read.get(a.key)! <= a.at, `${n.key}: ${a.key} opened it before confirming`).toBe(true);
        if ((a.kind === 'read' || a.kind === 'confirm') && a.key !== n.by) expect(DEMO_FRESH_ACCOUNTS.has(a.key), a.key).toBe(false);
      }
      if (p.published) expect(p.published < NOW && p.acts.every((a) => a.at > p.published!)).toBe(true);
      if (n.confirmMode === 'none' || n.confirmMode === 'read') expect(p.acts.some((a) => a.kind === 'confirm'), n.key).toBe(false);
    }
    const scheduled = plan(notice('staff_meeting'));
    expect(scheduled.published).toBeNull();
    expect(scheduled.scheduled!.on < NOW && scheduled.scheduled!.for > NOW).toBe(true);
    // Nobody opens the withdrawn one after it was withdrawn.
    const withdrawn = plan(notice('grade1_review')).acts;
    expect(withdrawn[withdrawn.length - 1]!.kind).toBe('withdraw');
    // The exam notice's reminder falls between confirmations.
    const exam = plan(notice('exam_week')).acts;
    const remind = exam.findIndex((a) => a.kind === 'remind');
    expect(exam.slice(0, remind).some((a) => a.kind === 'confirm') && exam.slice(remind).some((a) => a.kind === 'confirm')).toBe(true);
  });

  it('stay in the past on a Monday morning, before the office opens', () => {
    const monday = schoolCalendar(new Date('2026-12-13T22:30:00Z'), 'Asia/Shanghai'); // 06:30 local
    for (const n of DEMO_NOTICES) for (const a of plan(n, monday).acts) expect(a.at < monday.now, n.key).toBe(true);
  });

  it('give comments that name one of the offered dates', () => {
    const health = notice('health_check');
    const offered = [1, 2, 3].map((d) => cal.label(cal.week(1, d)));
    for (const pick of [0, 0.2, 0.5, 0.7, 0.99]) {
      const c = health.comment!(cal, 'x', pick)!;
      expect(offered.some((o) => c.includes(o)), c).toBe(true);
    }
  });
});

describe('demoSignature()', () => {
  it('draws a PNG data URL the notices service accepts, different per person', async () => {
    const a = await demoSignature('叶红梅');
    const b = await demoSignature('程思远');
    expect(validSignature(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(await demoSignature('叶红梅')).toBe(a);
    const png = Buffer.from(a.slice(a.indexOf(',') + 1), 'base64');
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 300, height: 110, hasAlpha: true });
    // Some ink on a transparent pad.
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    let inked = 0;
    for (let i = 3; i < data.length; i += info.channels) if (data[i]! > 128) inked++;
    expect(inked / (info.width * info.height)).toBeGreaterThan(0.01);
    expect(inked / (info.width * info.height)).toBeLessThan(0.3);
  });
});
