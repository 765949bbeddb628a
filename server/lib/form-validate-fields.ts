// Checking and normalising one answer against its field: the per-type rules behind validateAnswers
// (form-validate.ts). Pure: the PWA runs the same checks before it submits.
import type { AnswerValue, DateRangeValue, FieldValidation, SchoolCalendar, TableColumn } from './form-schema.js';
import { isValidChineseId, isValidEmail, normalizeEmail, normalizeMobile, normalizeText } from './cn.js';
import { answerOf, roundHalfUp, toNumber } from './form-formula.js';
import { isEmptyAnswer, type AnswerField } from './form-logic.js';
import { countLeaveDays, isValidDate, isValidTime } from './workdays.js';

export const FIELD_ERROR_CODES = [
  'required', 'type', 'min', 'max', 'minLength', 'maxLength', 'pattern', 'option', 'phone', 'idNumber', 'email', 'date',
  'time', 'range', 'person', 'department', 'file', 'rows', 'signature', 'unknownField', 'formula',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface FieldError {
  /** '/answers/<key>' or '/answers/<tableKey>/<rowIndex>/<columnKey>'. */
  pointer: string;
  code: FieldErrorCode;
  message: string;
  params?: Record<string, string | number>;
}

export interface ValidateContext {
  calendar: SchoolCalendar;
  knownPerson?: (id: string) => boolean;
  knownDepartment?: (id: string) => boolean;
  knownFile?: (id: string) => boolean;
}

/** A failed check; `path` continues the field's pointer (a table's row index and column key). */
export interface Issue {
  code: FieldErrorCode;
  message: string;
  params?: Record<string, string | number>;
  path?: (string | number)[];
}

/** The normalised value (undefined: nothing to store) and what failed. A value breaking only a limit is kept. */
export interface Checked {
  value?: AnswerValue;
  issues: Issue[];
}

export const TEXT_MAX_DEFAULT = 200;
export const TEXTAREA_MAX_DEFAULT = 5000;
export const FILES_MAX_DEFAULT = 10;
export const TABLE_MAX_ROWS = 200;
export const SIGNATURE_MAX_CHARS = 300_000;
const MAX_IDS = 500;
const MAX_ID_LENGTH = 64;
/** Beyond this a yuan amount no longer keeps its cents exactly in a double. */
const MONEY_LIMIT = 1e12;
const SIGNATURE_PREFIX = 'data:image/png;base64,';

type Params = Record<string, string | number>;
const DEFAULT_MESSAGES: Record<FieldErrorCode, (p: Params) => string> = {
  required: () => 'This field is required',
  type: (p) => (p.decimals !== undefined ? `At most ${p.decimals} decimal places` : 'Wrong kind of value'),
  min: (p) => `Must be at least ${p.min}`,
  max: (p) => `Must be at most ${p.max}`,
  minLength: (p) => `Must be at least ${p.minLength} characters`,
  maxLength: (p) => `Must be at most ${p.maxLength} characters`,
  pattern: () => 'Not in the required format',
  option: () => 'Not one of the options',
  phone: () => 'Not a mobile number',
  idNumber: () => 'Not a valid ID card number',
  email: () => 'Not an e-mail address',
  date: () => 'Not a date (YYYY-MM-DD)',
  time: () => 'Not a time (HH:MM)',
  range: () => 'Not a valid date range',
  person: () => 'Unknown person',
  department: () => 'Unknown department',
  file: () => 'Unknown file',
  rows: (p) => (p.min !== undefined ? `Needs at least ${p.min} rows` : `At most ${p.max} rows`),
  signature: () => 'Not a valid signature',
  unknownField: () => 'Not a field of this form',
  formula: () => 'The formula cannot be calculated',
};

export function defaultMessage(code: FieldErrorCode, params: Params = {}): string {
  return DEFAULT_MESSAGES[code](params);
}

type Checkable = AnswerField | TableColumn;

/** Builds issues for one field; `rule` marks the rules of field.validation, which show its custom message. */
class Issues {
  readonly list: Issue[] = [];
  constructor(private readonly validation: FieldValidation | undefined) {}
  add(code: FieldErrorCode, params?: Params, rule = false): void {
    const custom = rule ? this.validation?.message : undefined;
    this.list.push({ code, message: custom || defaultMessage(code, params), ...(params ? { params } : {}) });
  }
}

const patterns = new Map<string, RegExp | null>();
/** A builder's pattern with the 'u' flag, or null when it does not compile (then it is ignored). */
export function compilePattern(src: string): RegExp | null {
  if (!patterns.has(src)) {
    if (patterns.size >= 500) patterns.clear();
    let re: RegExp | null = null;
    try {
      re = new RegExp(src, 'u');
    } catch {
      re = null;
    }
    patterns.set(src, re);
  }
  return patterns.get(src)!;
}

function decimalPlaces(x: number): number {
  const [mantissa = '', exponent = '0'] = String(Math.abs(x)).split('e');
  return Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exponent));
}

function limits(out: Issues, v: FieldValidation | undefined, n: number, code: 'min' | 'rows' = 'min'): void {
  if (v?.min !== undefined && n < v.min) out.add(code, { min: v.min }, true);
  if (v?.max !== undefined && n > v.max) out.add(code === 'rows' ? 'rows' : 'max', { max: v.max }, true);
}

function checkText(field: Checkable, s: string, out: Issues, defaultMax: number): string {
  const v = field.validation;
  const length = [...s].length; // code points: 𠮷 counts once
  if (v?.minLength !== undefined && length < v.minLength) out.add('minLength', { minLength: v.minLength }, true);
  if (v?.maxLength !== undefined) {
    if (length > v.maxLength) out.add('maxLength', { maxLength: v.maxLength }, true);
  } else if (length > defaultMax) out.add('maxLength', { maxLength: defaultMax });
  const re = v?.pattern ? compilePattern(v.pattern) : null;
  if (re && !re.test(s)) out.add('pattern', undefined, true);
  return s;
}

function stringList(raw: unknown, out: Issues): string[] | null {
  if (!Array.isArray(raw) || !raw.every((x) => typeof x === 'string')) {
    out.add('type');
    return null;
  }
  return [...new Set((raw as string[]).map((x) => x.trim()).filter((x) => x !== ''))];
}

function checkIds(
  field: Extract<Checkable, { type: 'person' | 'department' }>,
  raw: unknown,
  known: ((id: string) => boolean) | undefined,
  out: Issues,
): AnswerValue | undefined {
  const multiple = field.multiple === true;
  if (!multiple && typeof raw !== 'string') return void out.add('type');
  const ids = stringList(multiple ? raw : [raw], out);
  if (!ids) return undefined;
  if (ids.length > MAX_IDS) return void out.add('max', { max: MAX_IDS });
  if (ids.some((id) => id.length > MAX_ID_LENGTH)) return void out.add('type');
  const unknown = known ? ids.filter((id) => !known(id)) : [];
  for (const id of unknown) out.add(field.type, { id });
  if (unknown.length > 0) return undefined;
  if (!multiple) return ids[0];
  limits(out, field.validation, ids.length);
  return ids;
}

function checkDateRange(field: Extract<Checkable, { type: 'dateRange' }>, raw: unknown, ctx: ValidateContext, out: Issues): DateRangeValue | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return void out.add('type');
  const r = raw as Record<string, unknown>;
  const start = typeof r.start === 'string' ? r.start.trim() : '';
  const end = typeof r.end === 'string' ? r.end.trim() : '';
  if (!isValidDate(start)) out.add('date', { part: 'start' });
  if (!isValidDate(end)) out.add('date', { part: 'end' });
  if (out.list.length > 0) return undefined;
  const value: DateRangeValue = { start, end };
  if (field.unit === 'halfDay') {
    for (const part of ['startHalf', 'endHalf'] as const) {
      const h = r[part];
      if (h === 'am' || h === 'pm') value[part] = h;
      else if (h !== undefined && h !== null && h !== '') return void out.add('range');
    }
  }
  // The client's `days` is ignored: the count is always ours.
  const days = countLeaveDays(value, field, ctx.calendar);
  if (days === null) return void out.add('range');
  value.days = days;
  limits(out, field.validation, days);
  return value;
}

function checkTable(field: Extract<Checkable, { type: 'table' }>, raw: unknown, ctx: ValidateContext, out: Issues): Record<string, unknown>[] | undefined {
  if (!Array.isArray(raw)) return void out.add('type');
  if (raw.length > TABLE_MAX_ROWS) return void out.add('rows', { max: TABLE_MAX_ROWS });
  const columns = new Map(field.columns.map((c) => [c.key, c]));
  const rows: Record<string, unknown>[] = [];
  let failed = false;
  raw.forEach((row: unknown, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      failed = true;
      out.list.push({ code: 'type', message: defaultMessage('type'), path: [i] });
      return;
    }
    const cells = row as Record<string, unknown>;
    for (const key of Object.keys(cells)) {
      if (!columns.has(key)) {
        failed = true;
        out.list.push({ code: 'unknownField', message: defaultMessage('unknownField'), path: [i, key] });
      }
    }
    // A row left entirely blank (added, then not filled in) is dropped rather than reported.
    if (field.columns.every((c) => isEmptyAnswer(answerOf(cells, c.key)))) return;
    const clean: Record<string, unknown> = {};
    for (const column of field.columns) {
      const checked = checkField(column, answerOf(cells, column.key), ctx);
      for (const issue of checked.issues) out.list.push({ ...issue, path: [i, column.key, ...(issue.path ?? [])] });
      if (checked.value !== undefined) clean[column.key] = checked.value;
    }
    rows.push(clean);
  });
  if (failed) return undefined;
  if (rows.length === 0) return undefined; // checkField reports 'required'
  limits(out, field.validation, rows.length, 'rows');
  return rows;
}

function checkTyped(field: Checkable, raw: unknown, ctx: ValidateContext, out: Issues): AnswerValue | undefined {
  const v = field.validation;
  switch (field.type) {
    case 'text':
    case 'textarea': {
      if (typeof raw !== 'string') return void out.add('type');
      return checkText(field, raw.trim(), out, field.type === 'text' ? TEXT_MAX_DEFAULT : TEXTAREA_MAX_DEFAULT);
    }
    case 'email': {
      if (typeof raw !== 'string') return void out.add('type');
      if (!isValidEmail(raw)) return void out.add('email');
      return checkText(field, normalizeEmail(raw), out, 254);
    }
    case 'phone': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return void out.add('type');
      return normalizeMobile(raw) ?? void out.add('phone');
    }
    case 'idNumber': {
      if (typeof raw !== 'string') return void out.add('type');
      const id = normalizeText(raw).replace(/\s/g, '').toUpperCase();
      return isValidChineseId(id) ? id : void out.add('idNumber');
    }
    case 'number': {
      const n = toNumber(raw);
      if (n === null) return void out.add('type');
      if (field.decimals !== undefined && decimalPlaces(n) > field.decimals) return void out.add('type', { decimals: field.decimals });
      limits(out, v, n);
      return n === 0 ? 0 : n;
    }
    case 'money': {
      const n = toNumber(raw);
      if (n === null || Math.abs(n) >= MONEY_LIMIT) return void out.add('type');
      const cents = roundHalfUp(n, 2);
      limits(out, v, cents);
      return cents;
    }
    case 'date': {
      if (typeof raw !== 'string') return void out.add('type');
      return isValidDate(raw.trim()) ? raw.trim() : void out.add('date');
    }
    case 'time': {
      if (typeof raw !== 'string') return void out.add('type');
      return isValidTime(raw.trim()) ? raw.trim() : void out.add('time');
    }
    case 'dateRange':
      return checkDateRange(field, raw, ctx, out);
    case 'radio':
    case 'select': {
      if (typeof raw !== 'string') return void out.add('type');
      const s = raw.trim();
      return field.options.some((o) => o.value === s) ? s : void out.add('option');
    }
    case 'checkbox': {
      const chosen = stringList(raw, out);
      if (!chosen) return undefined;
      if (!chosen.every((c) => field.options.some((o) => o.value === c))) return void out.add('option');
      limits(out, v, chosen.length);
      return chosen.length > 0 ? chosen : undefined;
    }
    case 'person':
      return checkIds(field, raw, ctx.knownPerson, out);
    case 'department':
      return checkIds(field, raw, ctx.knownDepartment, out);
    case 'attachment':
    case 'image': {
      const ids = stringList(raw, out);
      if (!ids) return undefined;
      const max = field.maxFiles ?? FILES_MAX_DEFAULT;
      if (ids.length > max) return void out.add('max', { max });
      const unknown = ctx.knownFile ? ids.filter((id) => !ctx.knownFile!(id)) : [];
      for (const id of unknown) out.add('file', { id });
      if (unknown.length > 0) return undefined;
      limits(out, v, ids.length);
      return ids.length > 0 ? ids : undefined;
    }
    case 'signature': {
      const ok = typeof raw === 'string' && raw.length <= SIGNATURE_MAX_CHARS && raw.startsWith(SIGNATURE_PREFIX)
        && /^[A-Za-z0-9+/]+={0,2}$/.test(raw.slice(SIGNATURE_PREFIX.length));
      return ok ? raw : void out.add('signature');
    }
    case 'table':
      return checkTable(field, raw, ctx, out);
    case 'calc':
      return undefined; // computed by validateAnswers over the visible answers
  }
}

/**
 * Check one answer against its field (or table column): 'required' for a missing or blank value, else the
 * rules of its type. Empty optional answers come back as undefined (not stored).
 */
export function checkField(field: Checkable, raw: unknown, ctx: ValidateContext): Checked {
  const out = new Issues(field.validation);
  if (isEmptyAnswer(raw)) {
    if (field.required) out.add('required');
    return { issues: out.list };
  }
  const value = checkTyped(field, raw, ctx, out);
  if (value === undefined && out.list.length === 0 && field.required) out.add('required');
  return value === undefined ? { issues: out.list } : { value, issues: out.list };
}
