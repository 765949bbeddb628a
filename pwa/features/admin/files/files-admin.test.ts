import { describe, expect, it } from 'vitest';
import type { FilesPolicy } from '../../../api/types';
import { formatBytes } from '../../../i18n/format';
import { GiB, bytesToGbText, checkDraft, docTypeProblem, draftOf, keyFromLabel, parseDays, parseGb, retentionSentence, spaceKindsOf, usageRatio, usageTone } from './files-admin';

const policy: FilesPolicy = {
  docTypes: [
    { key: 'notice', zh: '通知', en: 'Notice' },
    { key: 'contract', zh: '合同', en: 'Contract' },
  ],
  retention: { keepAllDays: 30, weeklyForDays: 0 },
  personalQuota: 10 * GiB,
  departmentQuota: null,
};

describe('files admin helpers', () => {
  it('turns GB text into bytes and back; empty is no limit', () => {
    expect(parseGb('')).toBeNull();
    expect(parseGb(' 2.5 ')).toBe(Math.round(2.5 * GiB));
    expect(parseGb('1,5')).toBe(Math.round(1.5 * GiB));
    expect(parseGb('-1')).toBeUndefined();
    expect(parseGb('abc')).toBeUndefined();
    expect(bytesToGbText(10 * GiB)).toBe('10');
    expect(bytesToGbText(null)).toBe('');
    expect(bytesToGbText(Math.round(1.25 * GiB))).toBe('1.25');
  });

  it('accepts whole days within the range only', () => {
    expect(parseDays('30', { min: 1, max: 3650 })).toBe(30);
    expect(parseDays('0', { min: 1, max: 3650 })).toBeUndefined();
    expect(parseDays('0', { min: 0, max: 36500 })).toBe(0);
    expect(parseDays('1.5', { min: 1, max: 3650 })).toBeUndefined();
    expect(parseDays('', { min: 1, max: 3650 })).toBeUndefined();
  });

  it('makes keys from English names, unique against the list', () => {
    expect(keyFromLabel('Teaching plan', [])).toBe('teaching-plan');
    expect(keyFromLabel('  Plan / report ', [])).toBe('plan-report');
    expect(keyFromLabel('Notice', ['notice'])).toBe('notice-2');
    expect(keyFromLabel('Notice', ['notice', 'notice-2'])).toBe('notice-3');
    expect(keyFromLabel('通知', [])).toBe('type');
  });

  it('checks a type: both names, a valid key, no duplicate', () => {
    expect(docTypeProblem({ key: 'memo', zh: '备忘', en: 'Memo' }, policy.docTypes)).toBeNull();
    expect(docTypeProblem({ key: 'memo', zh: '', en: 'Memo' }, policy.docTypes)).not.toBeNull();
    expect(docTypeProblem({ key: 'Memo!', zh: '备忘', en: 'Memo' }, policy.docTypes)).not.toBeNull();
    expect(docTypeProblem({ key: 'notice', zh: '备忘', en: 'Memo' }, policy.docTypes)).not.toBeNull();
  });

  it('patches only what changed, and nothing while a field is invalid', () => {
    const draft = draftOf(policy);
    expect(checkDraft(draft, policy)).toMatchObject({ patch: null, changed: 0 });
    const moved = { ...draft, docTypes: [...draft.docTypes].reverse(), keepAllDays: '60' };
    expect(checkDraft(moved, policy).patch).toEqual({ docTypes: [...policy.docTypes].reverse(), retention: { keepAllDays: 60, weeklyForDays: 0 } });
    expect(checkDraft({ ...draft, departmentGb: '5' }, policy).patch).toEqual({ departmentQuota: 5 * GiB });
    expect(checkDraft({ ...draft, personalGb: '' }, policy).patch).toEqual({ personalQuota: null });
    const bad = checkDraft({ ...draft, keepAllDays: '0', departmentGb: '5' }, policy);
    expect(bad.patch).toBeNull();
    expect(bad.changed).toBe(2);
    expect(bad.errors.keepAllDays).toBeTruthy();
  });

  it('explains the retention policy in a sentence', () => {
    expect(retentionSentence({ keepAllDays: 30, weeklyForDays: 0 })).toBe('最近 30 天的所有版本都保留；更早的每周保留一个，永久保存。当前版本和带批注的版本始终保留。');
    expect(retentionSentence({ keepAllDays: 14, weeklyForDays: 365 })).toContain('365');
  });

  it('rates usage against the limit', () => {
    expect(usageRatio(5, null)).toBeNull();
    expect(usageRatio(5, 10)).toBe(0.5);
    expect(usageTone(0.5)).toBe('ok');
    expect(usageTone(0.85)).toBe('warning');
    expect(usageTone(1.2)).toBe('danger');
    expect(usageTone(null)).toBe('ok');
  });

  it('knows the kind of each visible space', () => {
    const node = (id: string, spaceKind: 'school' | 'department' | 'personal') => ({ id, spaceKind }) as never;
    const kinds = spaceKindsOf({ school: node('s', 'school'), personal: node('p', 'personal'), departments: [node('d', 'department')], projects: [] });
    expect([...kinds]).toEqual([
      ['s', 'school'],
      ['p', 'personal'],
      ['d', 'department'],
    ]);
    expect(spaceKindsOf(null).size).toBe(0);
  });

  it('formats byte counts', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(10 * GiB)).toBe('10 GB');
    expect(formatBytes(null)).toBe('—');
  });
});
