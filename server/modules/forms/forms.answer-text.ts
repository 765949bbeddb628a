// Answers as people read them (option labels, names, date ranges with their days), shared by the XLSX
// export and the printable PDF so both say the same thing.
import type { DateRangeValue, FormField, FormSchema, TableColumn } from '../../lib/form-schema.js';
import type { SubmissionStatus } from './forms.dto.js';

export const STATUS_LABELS: Record<SubmissionStatus, string> = {
  running: '审批中', approved: '已通过', rejected: '已驳回', returned: '已退回', withdrawn: '已撤回',
};

export type AnswerFieldDef = Exclude<FormField, { type: 'description' }>;

/** Names for the ids inside answers; a missing name shows the id. */
export interface NameRefs {
  people: Record<string, string>;
  departments: Record<string, string>;
  files: Record<string, { name: string }>;
}

export const NO_REFS: NameRefs = { people: {}, departments: {}, files: {} };

/** The answer fields of a schema in form order (description fields hold no answer). */
export function answerFields(schema: FormSchema): AnswerFieldDef[] {
  return schema.sections.flatMap((s) => s.fields.filter((f): f is AnswerFieldDef => f.type !== 'description'));
}

const HALF: Record<string, string> = { am: '上午', pm: '下午' };

export function isDateRange(v: unknown): v is DateRangeValue {
  return !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as DateRangeValue).start === 'string' && typeof (v as DateRangeValue).end === 'string';
}

/** '2026-11-02 上午 至 2026-11-03', without the days. */
export function dateRangeText(v: DateRangeValue): string {
  const start = `${v.start}${v.startHalf ? ` ${HALF[v.startHalf]}` : ''}`;
  const end = `${v.end}${v.endHalf ? ` ${HALF[v.endHalf]}` : ''}`;
  return `${start} 至 ${end}`;
}

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function numberText(v: unknown, decimals?: number): string {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return String(v ?? '');
  return decimals === undefined ? String(n) : n.toFixed(decimals);
}

/** One cell of a detail table. */
function cellText(col: TableColumn, v: unknown): string {
  if (v === undefined || v === null || v === '') return '';
  switch (col.type) {
    case 'number':
      return `${numberText(v, col.decimals)}${col.unit ?? ''}`;
    case 'money':
      return numberText(v, 2);
    case 'select':
      return col.options.find((o) => o.value === v)?.label ?? String(v);
    default:
      return String(v);
  }
}

/** Rows of a detail table as text cells, in column order. */
export function tableCells(field: Extract<FormField, { type: 'table' }>, v: unknown): string[][] {
  if (!Array.isArray(v)) return [];
  return v.map((row) => field.columns.map((c) => cellText(c, row && typeof row === 'object' ? (row as Record<string, unknown>)[c.key] : undefined)));
}

/** The answer as one line of text ('' when empty). */
export function answerText(field: AnswerFieldDef, v: unknown, refs: NameRefs = NO_REFS): string {
  if (v === undefined || v === null || v === '') return '';
  switch (field.type) {
    case 'number':
    case 'calc':
      return `${numberText(v, field.decimals)}${field.unit ? ` ${field.unit}` : ''}`;
    case 'money':
      return `${numberText(v, 2)} 元`;
    case 'dateRange':
      return isDateRange(v) ? `${dateRangeText(v)}${typeof v.days === 'number' ? `（${v.days} 天）` : ''}` : '';
    case 'radio':
    case 'select':
      return field.options.find((o) => o.value === v)?.label ?? String(v);
    case 'checkbox':
      return ids(v).map((x) => field.options.find((o) => o.value === x)?.label ?? x).join('、');
    case 'person':
      return ids(v).map((x) => refs.people[x] ?? x).join('、');
    case 'department':
      return ids(v).map((x) => refs.departments[x] ?? x).join('、');
    case 'attachment':
    case 'image':
      return ids(v).map((x) => refs.files[x]?.name ?? x).join('、');
    case 'signature':
      return '（已手写签名）';
    case 'table': {
      const heads = field.columns.map((c) => c.label);
      return tableCells(field, v)
        .map((row, i) => `${i + 1}. ${row.map((cell, j) => `${heads[j]}: ${cell}`).join('，')}`)
        .join('；');
    }
    default:
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  }
}

/** Person and department ids used by these answers (to look their names up in one go). */
export function referencedIds(fields: AnswerFieldDef[], answers: Record<string, unknown>, into: { people: Set<string>; departments: Set<string> }): void {
  for (const f of fields) {
    if (f.type === 'person') for (const id of ids(answers[f.key])) into.people.add(id);
    else if (f.type === 'department') for (const id of ids(answers[f.key])) into.departments.add(id);
  }
}
