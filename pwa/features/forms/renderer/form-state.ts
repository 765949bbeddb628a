// The renderer's pure logic: client validation with the server's own rules (server/lib/form-validate.ts), error
// messages in the UI language, mapping the server's JSON pointers onto fields, and carrying answers over to a
// newer version of a form. No DOM here: unit-tested under node.
import type { AnswerValue, Answers, FormField, FormSchema, SchoolCalendar, TableColumn } from '../../../../server/lib/form-schema';
import { walkForm } from '../../../../server/lib/form-logic';
import { checkField, defaultMessage, FIELD_ERROR_CODES, validateAnswers, type FieldError, type FieldErrorCode } from '../../../../server/lib/form-validate';
import { t, tMaybe, type Params } from '../../../i18n';

export type ErrorMap = Record<string, string>;

/** RFC 6901 pointer of an answer, or of a table cell. */
export function answerPointer(key: string, row?: number, column?: string): string {
  const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  return row === undefined ? `/answers/${esc(key)}` : `/answers/${esc(key)}/${row}/${esc(column ?? '')}`;
}

/** The field key a pointer points into ('/answers/items/0/name' → 'items'). */
export function pointerField(pointer: string): string | null {
  const m = /^\/answers\/([^/]+)/.exec(pointer);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : null;
}

const isCode = (c: unknown): c is FieldErrorCode => typeof c === 'string' && (FIELD_ERROR_CODES as readonly string[]).includes(c);

type Countable = 'choices' | 'files' | 'days' | null;
function countKind(field: FormField | TableColumn | undefined): Countable {
  switch (field?.type) {
    case 'checkbox':
    case 'person':
    case 'department':
      return 'choices';
    case 'attachment':
    case 'image':
      return 'files';
    case 'dateRange':
      return 'days';
    default:
      return null;
  }
}

/**
 * One field problem in the UI language: the form author's own message when they set one (validation.message
 * replaces the default text of the rules), otherwise the code and its params translated.
 */
export function fieldErrorText(err: { code?: string; message: string; params?: Params }, field?: FormField | TableColumn): string {
  if (!isCode(err.code)) return err.message;
  const code = err.code;
  const params = err.params ?? {};
  if (err.message && err.message !== defaultMessage(code, params)) return err.message;
  const kind = countKind(field);
  const suffix = kind ? kind[0]!.toUpperCase() + kind.slice(1) : '';
  switch (code) {
    case 'type':
      return params.decimals !== undefined ? t('forms.fieldError.typeDecimals', params) : t('forms.fieldError.type');
    case 'min':
    case 'max':
      return tMaybe(`forms.fieldError.${code}${suffix}`, params) ?? t(`forms.fieldError.${code}`, params);
    case 'rows':
      return params.min !== undefined ? t('forms.fieldError.rowsMin', params) : t('forms.fieldError.rowsMax', params);
    case 'date':
      return params.part === 'start' ? t('forms.fieldError.dateStart') : params.part === 'end' ? t('forms.fieldError.dateEnd') : t('forms.fieldError.date');
    case 'required':
      return field?.type === 'signature' ? t('forms.fieldError.signature') : t('forms.fieldError.required');
    default:
      return tMaybe(`forms.fieldError.${code}`, params) ?? err.message;
  }
}

/** Field (or table column) a pointer names, to word its message. */
export function fieldAt(schema: FormSchema, pointer: string): FormField | TableColumn | undefined {
  const key = pointerField(pointer);
  if (!key) return undefined;
  for (const section of schema.sections) {
    for (const f of section.fields) {
      if (f.key !== key) continue;
      if (f.type === 'table') {
        const column = pointer.split('/')[4];
        if (column !== undefined) return f.columns.find((c) => c.key === column) ?? f;
      }
      return f;
    }
  }
  return undefined;
}

export interface ClientCheck {
  /** The normalised answers to send (visible fields only, computed values filled in). */
  answers: Answers;
  errors: ErrorMap;
  /** In form order. */
  list: FieldError[];
}

/** Validate as the server will (person/department/file ids are the server's to check). */
export function checkAnswers(schema: FormSchema, answers: Answers, calendar: SchoolCalendar): ClientCheck {
  const { answers: clean, errors } = validateAnswers(schema, answers, { calendar });
  // Keys left over from an earlier version of the form (drafts) are not the person's mistake: drop them.
  const list = errors.filter((e) => e.code !== 'unknownField');
  const map: ErrorMap = {};
  for (const e of list) map[e.pointer] ??= fieldErrorText(e, fieldAt(schema, e.pointer));
  return { answers: clean, errors: map, list };
}

/** Only the errors of one section's fields (phones check a step before moving on). */
export function errorsInSection(schema: FormSchema, sectionKey: string, errors: ErrorMap): ErrorMap {
  const section = schema.sections.find((s) => s.key === sectionKey);
  if (!section) return {};
  const keys = new Set(section.fields.map((f) => f.key));
  return Object.fromEntries(Object.entries(errors).filter(([p]) => keys.has(pointerField(p) ?? '')));
}

/** The section holding the first of these errors, in form order. */
export function firstErrorSection(schema: FormSchema, errors: ErrorMap): string | null {
  const keys = new Set(Object.keys(errors).map(pointerField));
  for (const section of schema.sections) if (section.fields.some((f) => keys.has(f.key))) return section.key;
  return null;
}

const PARAM_NAMES = ['min', 'max', 'minLength', 'maxLength', 'decimals'] as const;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The code (and number param) behind one of the server's default English messages, if it is one. */
export function recognise(message: string): { code: FieldErrorCode; params?: Params } | null {
  for (const code of FIELD_ERROR_CODES) {
    if (defaultMessage(code) === message) return { code };
    for (const name of PARAM_NAMES) {
      const template = defaultMessage(code, { [name]: '\u0000' });
      if (!template.includes('\u0000')) continue;
      const m = new RegExp(`^${escapeRe(template).replace('\u0000', '(-?\\d+(?:\\.\\d+)?)')}$`).exec(message);
      if (m) return { code, params: { [name]: Number(m[1]) } };
    }
  }
  return null;
}

/**
 * The server's 400 SUBMISSION_INVALID `errors` as field messages. Entries carrying a code are translated; the
 * rest take the client's wording for the same pointer when it found the same problem, else the server's text.
 */
export function errorsFromProblem(
  schema: FormSchema,
  problems: { pointer: string; message: string; code?: unknown; params?: unknown }[],
  local: ErrorMap,
): ErrorMap {
  const out: ErrorMap = {};
  for (const p of problems) {
    if (out[p.pointer]) continue;
    const field = fieldAt(schema, p.pointer);
    if (isCode(p.code)) {
      const params = p.params && typeof p.params === 'object' ? (p.params as Params) : undefined;
      out[p.pointer] = fieldErrorText({ code: p.code, message: p.message, ...(params ? { params } : {}) }, field);
      continue;
    }
    const known = local[p.pointer] ? null : recognise(p.message);
    out[p.pointer] = local[p.pointer] ?? (known ? fieldErrorText({ ...known, message: p.message }, field) : p.message);
  }
  return out;
}

function answerFields(schema: FormSchema): Map<string, Exclude<FormField, { type: 'description' }>> {
  const out = new Map<string, Exclude<FormField, { type: 'description' }>>();
  for (const s of schema.sections) for (const f of s.fields) if (f.type !== 'description') out.set(f.key, f);
  return out;
}

/** Codes that say an answer no longer fits its field's type (as opposed to it breaking a limit). */
const INCOMPATIBLE = new Set<FieldErrorCode>(['type', 'option', 'unknownField', 'range', 'date', 'time']);

/**
 * Answers carried over to another version of the form (the form changed while it was being filled in, or a
 * draft is older than the form): kept where the field still exists and the answer still fits its type.
 */
export function keepCompatibleAnswers(schema: FormSchema, answers: Answers, calendar: SchoolCalendar): Answers {
  const fields = answerFields(schema);
  const out: Answers = {};
  for (const [key, raw] of Object.entries(answers)) {
    const field = fields.get(key);
    if (!field || field.type === 'calc' || raw === undefined) continue;
    let value: AnswerValue = raw;
    if (field.type === 'table' && Array.isArray(raw)) {
      const columns = new Set(field.columns.map((c) => c.key));
      value = (raw as Record<string, unknown>[]).map((row) =>
        row && typeof row === 'object' ? Object.fromEntries(Object.entries(row).filter(([k]) => columns.has(k))) : {},
      );
    }
    const issues = checkField({ ...field, required: false, validation: undefined } as typeof field, value, { calendar }).issues;
    if (issues.some((i) => INCOMPATIBLE.has(i.code))) continue;
    out[key] = value;
  }
  return out;
}

/** The answers as the form's logic sees them (calc fields computed, hidden fields left out). */
export function visibleAnswers(schema: FormSchema, answers: Answers): { sections: string[]; fields: Set<string>; answers: Answers } {
  return walkForm(schema, answers);
}

/** Typed text → the number it means, or the text itself while it is not one yet ('1.' while typing). */
export function parseNumberInput(text: string): number | string | null {
  const s = text.trim().replace(/[,，\s]/g, '').replace(/[。．]/g, '.').replace(/^＋/, '+').replace(/^[－—]/, '-');
  if (s === '') return null;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) && !s.endsWith('.')) return Number(s);
  return text.trim();
}

/** 1234.5 → '1,234.50' (money is always shown with its cents). */
export function formatMoney(value: number, locale = 'zh-CN'): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** A number as the field shows it: its decimals when set, digits grouped (8,997.00). */
export function formatNumber(value: number, decimals?: number, locale = 'zh-CN'): string {
  return new Intl.NumberFormat(locale, decimals === undefined ? { maximumFractionDigits: 10 } : { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

/** 2048 → '2 KB' (file sizes next to attachments). */
export function formatSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0)} MB`;
}
