import { describe, expect, it } from 'vitest';
import { isValidChineseName, isValidEmail, isValidUsername, normalizeMobile } from '../../lib/cn.js';
import { ROLES } from '../org/index.js';
import { demoSchool } from './admin.demo-school.js';

const school = demoSchool();
const people = school.people;
const byKey = new Map(people.map((p) => [p.key, p]));
const deptKeys = new Set(school.departments.map((d) => d.key));
const unique = (values: unknown[]) => new Set(values).size === values.length;

describe('demoSchool()', () => {
  it('is deterministic', () => {
    expect(demoSchool()).toEqual(school);
  });

  it('has a realistic size', () => {
    expect(school.school).toEqual({ name: '示范市第一中学', timeZone: 'Asia/Shanghai' });
    expect(school.departments.length).toBeGreaterThanOrEqual(12);
    expect(people.length).toBeGreaterThanOrEqual(75);
    expect(people.length).toBeLessThanOrEqual(90);
  });

  it('has unique keys, usernames, employee numbers, phones, e-mails and names', () => {
    expect(unique(people.map((p) => p.key))).toBe(true);
    expect(unique(people.map((p) => p.username))).toBe(true);
    expect(unique(people.map((p) => p.employeeNo).filter(Boolean))).toBe(true);
    expect(unique(people.map((p) => p.phone).filter(Boolean))).toBe(true);
    expect(unique(people.map((p) => p.email))).toBe(true);
    expect(unique(people.map((p) => p.displayName))).toBe(true);
    expect(unique(school.departments.map((d) => d.key))).toBe(true);
    expect(unique(school.departments.map((d) => d.name))).toBe(true);
    expect(unique(school.positions.map((p) => p.name))).toBe(true);
  });

  it('gives valid field values', () => {
    for (const p of people) {
      expect(isValidChineseName(p.displayName), p.displayName).toBe(true);
      expect(isValidUsername(p.username), p.username).toBe(true);
      expect(isValidEmail(p.email), p.email).toBe(true);
      expect(p.email.endsWith('@demo-school.cn')).toBe(true);
      if (p.phone) {
        expect(normalizeMobile(p.phone)).toBe(p.phone);
        expect(p.phone.startsWith('1380013')).toBe(true);
      }
      if (p.employeeNo) expect(p.employeeNo).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    }
  });

  it('documents the fixed demo accounts', () => {
    const admin = people.find((p) => p.username === 'admin');
    expect(admin).toMatchObject({ displayName: '系统管理员', departmentKey: 'it', roles: [{ role: 'admin' }] });
    for (const p of people) if (p !== admin) expect(p.username).toBe(p.employeeNo!.toLowerCase());
  });

  it('resolves every reference', () => {
    const positions = new Set(school.positions.map((p) => p.name));
    for (const d of school.departments) {
      if (d.parentKey) expect(deptKeys.has(d.parentKey), d.key).toBe(true);
      expect(d.headKey && byKey.has(d.headKey), `head of ${d.name}`).toBe(true);
      expect(byKey.get(d.headKey!)!.departmentKey, `head of ${d.name} is a member`).toBe(d.key);
    }
    for (const p of people) {
      expect(deptKeys.has(p.departmentKey), p.key).toBe(true);
      expect(positions.has(p.position), p.position).toBe(true);
      if (p.supervisorKey) expect(byKey.has(p.supervisorKey), p.key).toBe(true);
      for (const r of p.roles) {
        expect(ROLES).toContain(r.role);
        if (r.departmentKey) expect(deptKeys.has(r.departmentKey)).toBe(true);
      }
    }
  });

  it('has no supervisor cycles and one top (the principal)', () => {
    for (const p of people) {
      const seen = new Set<string>();
      let at: string | undefined = p.key;
      while (at) {
        expect(seen.has(at), `cycle through ${p.key}`).toBe(false);
        seen.add(at);
        at = byKey.get(at)!.supervisorKey;
      }
    }
    const tops = people.filter((p) => !p.supervisorKey);
    expect(tops.map((p) => p.position)).toEqual(['校长']);
  });

  it('chains teacher → 年级组长 → 年级组 head → 副校长 → 校长', () => {
    const teacher = people.find((p) => p.departmentKey === 'grade2' && p.position === '教师')!;
    const chain: string[] = [];
    for (let at = byKey.get(teacher.supervisorKey!); at; at = at.supervisorKey ? byKey.get(at.supervisorKey) : undefined) chain.push(at.position);
    expect(chain).toEqual(['年级组长', '主任', '副校长', '校长']);
    const gradesHead = school.departments.find((d) => d.key === 'grades')!.headKey;
    expect(byKey.get(teacher.supervisorKey!)!.supervisorKey).toBe(gradesHead);
  });

  it('grants roles as documented', () => {
    const withRole = (role: string) => people.filter((p) => p.roles.some((r) => r.role === role));
    for (const d of school.departments) {
      const head = byKey.get(d.headKey!)!;
      expect(head.roles).toContainEqual({ role: 'dept_head', departmentKey: d.key });
    }
    expect(withRole('dept_head').every((p) => p.roles.filter((r) => r.role === 'dept_head').every((r) => r.departmentKey))).toBe(true);
    expect(withRole('principal').map((p) => p.position).sort()).toEqual(['副校长', '副校长', '校长']);
    expect(withRole('it')).toHaveLength(2);
    expect(withRole('it').every((p) => p.departmentKey === 'it')).toBe(true);
    const admins = withRole('admin');
    expect(admins.map((p) => p.username)).toContain('admin');
    const officeAdmins = admins.filter((p) => p.departmentKey === 'general_office');
    expect(officeAdmins.map((p) => p.position).sort()).toEqual(['主任', '干事']);
    expect(admins).toHaveLength(3);
  });
});
