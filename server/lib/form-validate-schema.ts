// Checks on a form definition beyond its TypeBox shape, for the builder and the publish endpoint: unique keys,
// logic and formulas that only look backwards (so a form can always be filled in top to bottom and no formula
// can loop), jumps that only go forwards, patterns that compile. Each issue has a stable `code` and `params`
// the builder words in the UI language; `message` is the same in English for logs and API users.
import type { ChoiceOption, Condition, ConditionRule, FieldValidation, FormField, FormSchema, TableColumn } from './form-schema.js';
import { formulaUsages, parseFormula } from './form-formula.js';

/** Every code an issue can have. Params: `field`/`table` name a field by key, `column`, `key`, `value`, `section`, `at`. */
export const SCHEMA_ISSUE_CODES = [
  'duplicateSectionKey', 'duplicateFieldKey', 'duplicateOptionValue', 'duplicateColumnKey',
  'minAboveMax', 'minLengthAboveMaxLength', 'invalidPattern', 'slowPattern',
  'initiatorOnlyInFlow', 'unknownField', 'dependsOnItself', 'descriptionHasNoAnswer', 'logicUsesLaterField',
  'missingValue', 'notComparable', 'notAnOption',
  'formulaSyntax', 'formulaUsesItself', 'formulaUsesLaterField', 'notNumberField', 'dateRangeNeedsDays', 'tableNeedsSum',
  'notDateRange', 'notTable', 'unknownColumn', 'notNumberColumn',
  'unknownSection', 'jumpBackwards',
] as const;
export type SchemaIssueCode = (typeof SCHEMA_ISSUE_CODES)[number];
export type IssueParams = Record<string, string | number>;

export interface SchemaIssue {
  pointer: string;
  code: SchemaIssueCode;
  message: string;
  params?: IssueParams;
}

interface Placed {
  field: FormField;
  /** Position in the whole form, counting every field of every section. */
  order: number;
  pointer: string;
}

const NUMERIC = new Set(['number', 'money', 'calc']);
const CHOICE = new Set(['radio', 'checkbox', 'select']);
const COMPARABLE = /^(?:-?\d+(?:\.\d+)?|\d{4}-\d{2}-\d{2}|\d{2}:\d{2})$/;
// (x+)+, (x*)*, (x+){2,}: repetition of a repeated group, the usual catastrophic-backtracking shape.
const NESTED_REPEAT = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/;

class Collector {
  readonly issues: SchemaIssue[] = [];
  private readonly seen = new Set<string>();
  add(pointer: string, code: SchemaIssueCode, message: string, params?: IssueParams): void {
    const id = `${pointer}\u0000${message}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.issues.push({ pointer, code, message, ...(params ? { params } : {}) });
  }
}

function checkOptions(options: ChoiceOption[], base: string, out: Collector): void {
  const values = new Set<string>();
  options.forEach((o, k) => {
    if (values.has(o.value)) out.add(`${base}/options/${k}/value`, 'duplicateOptionValue', `Duplicate option value "${o.value}"`, { value: o.value });
    values.add(o.value);
  });
}

function checkValidation(v: FieldValidation | undefined, base: string, out: Collector): void {
  if (!v) return;
  if (v.min !== undefined && v.max !== undefined && v.min > v.max) out.add(`${base}/validation/min`, 'minAboveMax', 'min is greater than max');
  if (v.minLength !== undefined && v.maxLength !== undefined && v.minLength > v.maxLength) {
    out.add(`${base}/validation/minLength`, 'minLengthAboveMaxLength', 'minLength is greater than maxLength');
  }
  if (v.pattern !== undefined) {
    try {
      new RegExp(v.pattern, 'u');
      if (NESTED_REPEAT.test(v.pattern)) out.add(`${base}/validation/pattern`, 'slowPattern', 'Nested repetition such as (a+)+ can make the pattern very slow');
    } catch {
      out.add(`${base}/validation/pattern`, 'invalidPattern', 'Not a valid regular expression');
    }
  }
}

/**
 * Rules may only test fields placed before `limit` (a form position), so logic is decided by answers
 * already given. `self` names the field the condition belongs to, for a clearer message.
 */
function checkCondition(cond: Condition, base: string, limit: number, fields: Map<string, Placed>, out: Collector, self?: string): void {
  const rule = (r: ConditionRule, at: string) => {
    if (r.field.startsWith('$')) {
      out.add(`${at}/field`, 'initiatorOnlyInFlow', `"${r.field}" can only be used in approval-flow branches`, { field: r.field });
      return;
    }
    const target = fields.get(r.field);
    const field = { field: r.field };
    if (!target) out.add(`${at}/field`, 'unknownField', `Unknown field "${r.field}"`, field);
    else if (r.field === self) out.add(`${at}/field`, 'dependsOnItself', 'A field cannot depend on itself');
    else if (target.field.type === 'description') out.add(`${at}/field`, 'descriptionHasNoAnswer', `"${r.field}" is a description and holds no answer`, field);
    else if (target.order >= limit) out.add(`${at}/field`, 'logicUsesLaterField', `"${r.field}" comes later in the form; logic can only use earlier fields`, field);
    if (r.op === 'empty' || r.op === 'notEmpty') return;
    if (r.value === undefined) {
      out.add(`${at}/value`, 'missingValue', 'This comparison needs a value');
      return;
    }
    if (['gt', 'gte', 'lt', 'lte'].includes(r.op) && !(typeof r.value === 'number' || (typeof r.value === 'string' && COMPARABLE.test(r.value)))) {
      out.add(`${at}/value`, 'notComparable', 'Compare with a number, a date (YYYY-MM-DD) or a time (HH:MM)');
    }
    if (target && CHOICE.has(target.field.type) && 'options' in target.field) {
      const options = new Set(target.field.options.map((o) => o.value));
      const values = Array.isArray(r.value) ? r.value : typeof r.value === 'string' ? [r.value] : [];
      const missing = values.find((x) => !options.has(x));
      if (missing !== undefined) out.add(`${at}/value`, 'notAnOption', `"${missing}" is not an option of "${r.field}"`, { value: missing, field: r.field });
    }
  };
  cond.rules.forEach((r, k) => rule(r, `${base}/rules/${k}`));
  (cond.groups ?? []).forEach((g, gi) => g.rules.forEach((r, k) => rule(r, `${base}/groups/${gi}/rules/${k}`)));
}

function checkFormula(field: Extract<FormField, { type: 'calc' }>, placed: Placed, fields: Map<string, Placed>, out: Collector): void {
  const at = `${placed.pointer}/formula`;
  const parsed = parseFormula(field.formula);
  if (!parsed.ok) {
    out.add(at, 'formulaSyntax', `${parsed.error} (at character ${parsed.at + 1})`, { at: parsed.at + 1 });
    return;
  }
  for (const use of formulaUsages(parsed.ast)) {
    const target = fields.get(use.key);
    const used = { field: use.key };
    if (!target) {
      out.add(at, 'unknownField', `Unknown field "${use.key}"`, used);
      continue;
    }
    if (use.key === field.key) {
      out.add(at, 'formulaUsesItself', 'A formula cannot use its own field');
      continue;
    }
    // Only earlier fields: this also rules out cycles between calc fields.
    if (target.order > placed.order) {
      out.add(at, 'formulaUsesLaterField', `"${use.key}" comes later in the form; a formula can only use earlier fields`, used);
      continue;
    }
    const type = target.field.type;
    if (type === 'description') out.add(at, 'descriptionHasNoAnswer', `"${use.key}" is a description and holds no answer`, used);
    else if (use.as === 'value' && !NUMERIC.has(type)) {
      // A date range or a table is a number only through days() / sum(): say which, with the key to type.
      if (type === 'dateRange') out.add(at, 'dateRangeNeedsDays', `"${use.key}" is not a number field; use days(${use.key})`, { ...used, key: use.key });
      else if (type === 'table') out.add(at, 'tableNeedsSum', `"${use.key}" is not a number field; use sum(${use.key}.column)`, { ...used, key: use.key });
      else out.add(at, 'notNumberField', `"${use.key}" is not a number field`, used);
    } else if (use.as === 'days' && type !== 'dateRange') out.add(at, 'notDateRange', `days() needs a date-range field; "${use.key}" is not one`, used);
    else if (use.as === 'column') {
      if (target.field.type !== 'table') {
        out.add(at, 'notTable', `"${use.key}" is not a table`, used);
        continue;
      }
      const column = target.field.columns.find((c) => c.key === use.column);
      const where = { table: use.key, column: use.column ?? '' };
      if (!column) out.add(at, 'unknownColumn', `Table "${use.key}" has no column "${use.column}"`, where);
      else if (use.fn !== 'count' && column.type !== 'number' && column.type !== 'money') {
        out.add(at, 'notNumberColumn', `Column "${use.key}.${use.column}" is not a number column`, where);
      }
    }
  }
}

function checkColumns(columns: TableColumn[], base: string, out: Collector): void {
  const keys = new Set<string>();
  columns.forEach((c, k) => {
    const at = `${base}/columns/${k}`;
    if (keys.has(c.key)) out.add(`${at}/key`, 'duplicateColumnKey', `Duplicate column key "${c.key}"`, { key: c.key });
    keys.add(c.key);
    checkValidation(c.validation, at, out);
    if (c.type === 'select') checkOptions(c.options, at, out);
  });
}

/** Problems a form definition has beyond its TypeBox shape; empty when it can be published. */
export function validateFormSchema(schema: FormSchema): SchemaIssue[] {
  const out = new Collector();
  const sectionIndex = new Map<string, number>();
  const fields = new Map<string, Placed>();
  /** Form position of each section's first field, and one past its last. */
  const bounds: [number, number][] = [];
  let order = 0;
  schema.sections.forEach((section, i) => {
    if (sectionIndex.has(section.key)) out.add(`/schema/sections/${i}/key`, 'duplicateSectionKey', `Duplicate section key "${section.key}"`, { key: section.key });
    else sectionIndex.set(section.key, i);
    const first = order;
    section.fields.forEach((field, j) => {
      const at = `/schema/sections/${i}/fields/${j}`;
      if (fields.has(field.key)) out.add(`${at}/key`, 'duplicateFieldKey', `Duplicate field key "${field.key}"`, { key: field.key });
      else fields.set(field.key, { field, order, pointer: at });
      order++;
    });
    bounds.push([first, order]);
  });

  order = 0;
  schema.sections.forEach((section, i) => {
    const base = `/schema/sections/${i}`;
    const [first, end] = bounds[i]!;
    if (section.visibleIf) checkCondition(section.visibleIf, `${base}/visibleIf`, first, fields, out);
    section.fields.forEach((field, j) => {
      const at = `${base}/fields/${j}`;
      const placed: Placed = { field, order: order++, pointer: at };
      if (field.visibleIf) checkCondition(field.visibleIf, `${at}/visibleIf`, placed.order, fields, out, field.key);
      checkValidation(field.validation, at, out);
      if ('options' in field) checkOptions(field.options, at, out);
      if (field.type === 'table') checkColumns(field.columns, at, out);
      if (field.type === 'calc') checkFormula(field, placed, fields, out);
    });
    (section.jumps ?? []).forEach((jump, k) => {
      const at = `${base}/jumps/${k}`;
      checkCondition(jump.when, `${at}/when`, end, fields, out);
      if (jump.goTo === '$end') return;
      const target = sectionIndex.get(jump.goTo);
      if (target === undefined) out.add(`${at}/goTo`, 'unknownSection', `Unknown section "${jump.goTo}"`, { section: jump.goTo });
      else if (target <= i) out.add(`${at}/goTo`, 'jumpBackwards', 'A jump can only go to a later section');
    });
  });
  return out.issues;
}
