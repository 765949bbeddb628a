// Pure helpers for Admin › 文件: the editable draft of the document rules, type keys, GB ↔ bytes, the
// plain-language retention sentence, and how full a space is.
import type { DocType, FilesPolicy, SpaceKind, Spaces } from '../../../api/types';
import { t } from '../../../i18n';

export const GiB = 1024 ** 3;
export const MAX_DOC_TYPES = 100;
export const KEEP_ALL_RANGE = { min: 1, max: 3650 } as const;
export const WEEKLY_RANGE = { min: 0, max: 36500 } as const;
/** Lower-case letters, digits, "-" and "_", starting with a letter or digit; at most 40 characters. */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** What the form edits: numbers stay text while typed, so a half-typed value is not lost. */
export interface PolicyDraft {
  docTypes: DocType[];
  keepAllDays: string;
  weeklyForDays: string;
  personalGb: string;
  departmentGb: string;
}

/** 10737418240 → "10"; null (no limit) → "". */
export function bytesToGbText(bytes: number | null): string {
  if (bytes === null) return '';
  return String(Math.round((bytes / GiB) * 100) / 100);
}

/** "" → null (no limit); "2.5" → bytes; anything else (negative, not a number) → undefined. */
export function parseGb(text: string): number | null | undefined {
  const s = text.trim().replace(',', '.');
  if (s === '') return null;
  if (!/^\d+(\.\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? Math.round(n * GiB) : undefined;
}

/** A whole number of days within the range, else undefined. */
export function parseDays(text: string, range: { min: number; max: number }): number | undefined {
  const s = text.trim();
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= range.min && n <= range.max ? n : undefined;
}

export function draftOf(p: FilesPolicy): PolicyDraft {
  return {
    docTypes: p.docTypes.map((d) => ({ ...d })),
    keepAllDays: String(p.retention.keepAllDays),
    weeklyForDays: String(p.retention.weeklyForDays),
    personalGb: bytesToGbText(p.personalQuota),
    departmentGb: bytesToGbText(p.departmentQuota),
  };
}

export interface DraftCheck {
  /** Only the parts that differ from the saved policy; null while something is invalid. */
  patch: Partial<FilesPolicy> | null;
  /** How many sections (types, retention, each default quota) differ from the saved policy. */
  changed: number;
  errors: { keepAllDays?: string; weeklyForDays?: string; personalGb?: string; departmentGb?: string };
}

const sameTypes = (a: DocType[], b: DocType[]) => a.length === b.length && a.every((x, i) => x.key === b[i]!.key && x.zh === b[i]!.zh && x.en === b[i]!.en);

export function checkDraft(d: PolicyDraft, saved: FilesPolicy): DraftCheck {
  const errors: DraftCheck['errors'] = {};
  const keepAllDays = parseDays(d.keepAllDays, KEEP_ALL_RANGE);
  const weeklyForDays = parseDays(d.weeklyForDays, WEEKLY_RANGE);
  const personalQuota = parseGb(d.personalGb);
  const departmentQuota = parseGb(d.departmentGb);
  if (keepAllDays === undefined) errors.keepAllDays = t('filesAdmin.daysRange', KEEP_ALL_RANGE);
  if (weeklyForDays === undefined) errors.weeklyForDays = t('filesAdmin.daysRange', WEEKLY_RANGE);
  if (personalQuota === undefined) errors.personalGb = t('filesAdmin.gbInvalid');
  if (departmentQuota === undefined) errors.departmentGb = t('filesAdmin.gbInvalid');

  const retentionChanged = keepAllDays === undefined || weeklyForDays === undefined || keepAllDays !== saved.retention.keepAllDays || weeklyForDays !== saved.retention.weeklyForDays;
  const sections = {
    docTypes: !sameTypes(d.docTypes, saved.docTypes),
    retention: retentionChanged,
    personalQuota: personalQuota !== saved.personalQuota,
    departmentQuota: departmentQuota !== saved.departmentQuota,
  };
  const changed = Object.values(sections).filter(Boolean).length;
  if (Object.keys(errors).length || !changed) return { patch: null, changed, errors };
  const patch: Partial<FilesPolicy> = {};
  if (sections.docTypes) patch.docTypes = d.docTypes;
  if (sections.retention) patch.retention = { keepAllDays: keepAllDays!, weeklyForDays: weeklyForDays! };
  if (sections.personalQuota) patch.personalQuota = personalQuota!;
  if (sections.departmentQuota) patch.departmentQuota = departmentQuota!;
  return { patch, changed, errors };
}

/** "Official document" → "official-document", made unique against `taken` ("notice-2"). */
export function keyFromLabel(label: string, taken: readonly string[]): string {
  const base =
    label
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32)
      .replace(/-+$/, '') || 'type';
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
}

/** The problem with a type's key or labels, or null. */
export function docTypeProblem(d: DocType, others: readonly DocType[]): string | null {
  if (!d.zh.trim() || !d.en.trim()) return t('filesAdmin.labelMissing');
  if (!KEY_PATTERN.test(d.key)) return t('filesAdmin.keyInvalid');
  if (others.some((o) => o.key === d.key)) return t('filesAdmin.keyTaken');
  return null;
}

/** "最近 30 天的所有版本都保留；更早的每周保留一个，永久保存。当前版本和带批注的版本始终保留。" */
export function retentionSentence(r: FilesPolicy['retention']): string {
  const first = r.weeklyForDays === 0 ? t('filesAdmin.effectForever', { all: r.keepAllDays }) : t('filesAdmin.effectLimited', { all: r.keepAllDays, weekly: r.weeklyForDays });
  return `${first}${t('filesAdmin.effectAlways')}`;
}

/** 0–1 (can pass 1 when over the limit); null when there is no limit. */
export function usageRatio(used: number, limit: number | null): number | null {
  if (limit === null) return null;
  if (limit <= 0) return used > 0 ? 2 : 0;
  return used / limit;
}

export function usageTone(ratio: number | null): 'ok' | 'warning' | 'danger' {
  if (ratio === null || ratio < 0.8) return 'ok';
  return ratio < 0.95 ? 'warning' : 'danger';
}

/**
 * The kind of each space the admin can see. QuotaUsage carries no kind; an admin sees every school,
 * department and project space, so a space missing here is someone's personal space.
 */
export function spaceKindsOf(spaces: Spaces | null): Map<string, SpaceKind> {
  const out = new Map<string, SpaceKind>();
  if (!spaces) return out;
  for (const n of [spaces.school, spaces.personal, ...spaces.departments, ...spaces.projects]) if (n) out.set(n.id, n.spaceKind);
  return out;
}

export const KIND_ORDER: readonly SpaceKind[] = ['school', 'department', 'project', 'personal'];
