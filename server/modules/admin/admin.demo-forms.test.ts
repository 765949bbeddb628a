import { describe, expect, it } from 'vitest';
import { DEMO_FORMS, DEMO_SUBMISSIONS, demoDates } from './admin.demo-forms.js';
import { demoSchool } from './admin.demo-school.js';

const school = demoSchool();
const byKey = new Map(school.people.map((p) => [p.key, p]));
const deptByKey = new Map(school.departments.map((d) => [d.key, d]));

describe('demoDates()', () => {
  it('counts working days from the school-local today, skipping weekends both ways', () => {
    // Friday 2026-09-11 20:00 UTC is already Saturday 09-12 in Shanghai.
    const d = demoDates(new Date('2026-09-11T20:00:00Z'), 'Asia/Shanghai');
    expect([d.workday(0), d.workday(1), d.workday(2), d.workday(-1), d.workday(-5)]).toEqual(['2026-09-12', '2026-09-14', '2026-09-15', '2026-09-11', '2026-09-07']);
    // The same instant in UTC is still Friday.
    const utc = demoDates(new Date('2026-09-11T20:00:00Z'), 'UTC');
    expect([utc.workday(0), utc.workday(1), utc.workday(-1)]).toEqual(['2026-09-11', '2026-09-14', '2026-09-10']);
  });

  it('crosses month and year ends', () => {
    const d = demoDates(new Date('2026-12-31T02:00:00Z'), 'Asia/Shanghai');
    expect([d.workday(1), d.workday(2), d.workday(-3)]).toEqual(['2027-01-01', '2027-01-04', '2026-12-28']);
  });
});

describe('the demo forms and sample submissions', () => {
  it('publishes each shipped template once, owned by a demo department with a head', () => {
    expect(DEMO_FORMS.map((f) => f.template).sort()).toEqual(['circulation', 'equipment', 'leave', 'seal', 'signup', 'vehicle']);
    for (const f of DEMO_FORMS) expect(byKey.has(deptByKey.get(f.ownerKey)?.headKey ?? ''), f.ownerKey).toBe(true);
  });

  it('names real people, and nobody decides their own submission', () => {
    for (const s of DEMO_SUBMISSIONS) {
      expect(byKey.has(s.by), s.by).toBe(true);
      for (const step of s.then ?? []) {
        expect(byKey.has(step.by), step.by).toBe(true);
        expect(step.by).not.toBe(s.by);
      }
    }
  });

  it('sends grade teachers’ first decision to their own grade head', () => {
    const gradeLeave = DEMO_SUBMISSIONS.filter((s) => s.template === 'leave' && s.then?.length);
    expect(gradeLeave.length).toBeGreaterThanOrEqual(3);
    for (const s of gradeLeave) {
      const dept = byKey.get(s.by)!.departmentKey;
      expect(s.then![0]!.by).toBe(deptByKey.get(dept)!.headKey);
    }
  });

  it('covers the states the lists and statistics show', () => {
    const leave = DEMO_SUBMISSIONS.filter((s) => s.template === 'leave');
    expect(leave.length).toBeGreaterThanOrEqual(3);
    expect(leave.length).toBeLessThanOrEqual(6);
    expect(new Set(leave.map((s) => s.status))).toEqual(new Set(['running', 'approved', 'returned']));
    expect(new Set(leave.map((s) => byKey.get(s.by)!.departmentKey))).toEqual(new Set(['grade1', 'grade2', 'grade3']));
    expect(DEMO_SUBMISSIONS.filter((s) => s.template === 'equipment').map((s) => s.status)).toEqual(['running']);
    const signups = DEMO_SUBMISSIONS.filter((s) => s.template === 'signup');
    expect(signups.length).toBeGreaterThan(1);
    expect(new Set(signups.map((s) => s.by)).size).toBe(signups.length); // the form allows one sign-up per person
  });
});
