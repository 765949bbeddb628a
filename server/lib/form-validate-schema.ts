// Checks on a form definition beyond its TypeBox shape, for the builder and the publish endpoint: unique keys,
// logic and formulas that only look backwards (so a form can always be filled in top to bottom and no formula
// can loop), jumps that only go forwards, patterns that compile.
import type { ChoiceOption, Condition, ConditionRule, FieldValidation, FormField, FormSchema, TableColumn } from './form-schema.js';
import { formulaUsages, parseFormula } from './form-formula.js';

export interface SchemaIssue {
  pointer: string;
  message: string;
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
  add(pointer: string, message: string): void {
    const id = `${pointer}\u0000${message}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.issues.push({ pointer, message });
  }
}

function checkOptions(options: ChoiceOption[], base: string, out: Collector): void {
  const values = new Set<string>();
  options.forEach((o, k) => {
    if (values.has(o.value)) out.add(`${base}/options/${k}/value`, `Duplicate option value "${o.value}"`);
    values.add(o.value);
  });
}

function checkValidation(v: FieldValidation | undefined, base: string, out: Collector): void {
  if (!v) return;
  if (v.min !== undefined && v.max !== undefined && v.min > v.max) out.add(`${base}/validation/min`, 'min is greater than max');
  if (v.minLength !== undefined && v.maxLength !== undefined && v.minLength > v.maxLength) {
    out.add(`${base}/validation/minLength`, 'minLength is greater than maxLength');
  }
  if (v.pattern !== undefined) {
    try {
      new RegExp(v.pattern, 'u');
      if (NESTED_REPEAT.test(v.pattern)) out.add(`${base}/validation/pattern`, 'Nested repetition such as (a+)+ can make the pattern very slow');
    } catch {
      out.add(`${base}/validation/pattern`, 'Not a valid regular expression');
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
      out.add(`${at}/field`, `"${r.field}" can only be used in approval-flow branches`);
      return;
    }
    const target = fields.get(r.field);
    if (!target) out.add(`${at}/field`, `Unknown field "${r.field}"`);
    else if (r.field === self) out.add(`${at}/field`, 'A field cannot depend on itself');
    else if (target.field.type === 'description') out.add(`${at}/field`, `"${r.field}" is a description and holds no answer`);
    else if (target.order >= limit) out.add(`${at}/field`, `"${r.field}" comes later in the form; logic can only use earlier fields`);
    if (r.op === 'empty' || r.op === 'notEmpty') return;
    if (r.value === undefined) {
      out.add(`${at}/value`, 'This comparison needs a value');
      return;
    }
    if (['gt', 'gte', 'lt', 'lte'].includes(r.op) && !(typeof r.value === 'number' || (typeof r.value === 'string' && COMPARABLE.test(r.value)))) {
      out.add(`${at}/value`, 'Compare with a number, a date (YYYY-MM-DD) or a time (HH:MM)');
    }
    if (target && CHOICE.has(target.field.type) && 'options' in target.field) {
      const options = new Set(target.field.options.map((o) => o.value));
      const values = Array.isArray(r.value) ? r.value : typeof r.value === 'string' ? [r.value] : [];
      const missing = values.find((x) => !options.has(x));
      if (missing !== undefined) out.add(`${at}/value`, `"${missing}" is not an option of "${r.field}"`);
    }
  };
  cond.rules.forEach((r, k) => rule(r, `${base}/rules/${k}`));
  (cond.groups ?? []).forEach((g, gi) => g.rules.forEach((r, k) => rule(r, `${base}/groups/${gi}/rules/${k}`)));
}

function checkFormula(field: Extract<FormField, { type: 'calc' }>, placed: Placed, fields: Map<string, Placed>, out: Collector): void {
  const at = `${placed.pointer}/formula`;
  const parsed = parseFormula(field.formula);
  if (!parsed.ok) {
    out.add(at, `${parsed.error} (at character ${parsed.at + 1})`);
    return;
  }
  for (const use of formulaUsages(parsed.ast)) {
    const target = fields.get(use.key);
    if (!target) {
      out.add(at, `Unknown field "${use.key}"`);
      continue;
    }
    if (use.key === field.key) {
      out.add(at, 'A formula cannot use its own field');
      continue;
    }
    // Only earlier fields: this also rules out cycles between calc fields.
    if (target.order > placed.order) {
      out.add(at, `"${use.key}" comes later in the form; a formula can only use earlier fields`);
      continue;
    }
    const type = target.field.type;
    if (type === 'description') out.add(at, `"${use.key}" is a description and holds no answer`);
    else if (use.as === 'value' && !NUMERIC.has(type)) {
      const hint = type === 'dateRange' ? `; use days(${use.key})` : type === 'table' ? `; use sum(${use.key}.column)` : '';
      out.add(at, `"${use.key}" is not a number field${hint}`);
    } else if (use.as === 'days' && type !== 'dateRange') out.add(at, `days() needs a date-range field; "${use.key}" is not one`);
    else if (use.as === 'column') {
      if (target.field.type !== 'table') {
        out.add(at, `"${use.key}" is not a table`);
        continue;
      }
      const column = target.field.columns.find((c) => c.key === use.column);
      if (!column) out.add(at, `Table "${use.key}" has no column "${use.column}"`);
      else if (use.fn !== 'count' && column.type !== 'number' && column.type !== 'money') {
        out.add(at, `Column "${use.key}.${use.column}" is not a number column`);
      }
    }
  }
}

function checkColumns(columns: TableColumn[], base: string, out: Collector): void {
  const keys = new Set<string>();
  columns.forEach((c, k) => {
    const at = `${base}/columns/${k}`;
    if (keys.has(c.key)) out.add(`${at}/key`, `Duplicate column key "${c.key}"`);
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
    if (sectionIndex.has(section.key)) out.add(`/schema/sections/${i}/key`, `Duplicate section key "${section.key}"`);
    else sectionIndex.set(section.key, i);
    const first = order;
    section.fields.forEach((field, j) => {
      const at = `/schema/sections/${i}/fields/${j}`;
      if (fields.has(field.key)) out.add(`${at}/key`, `Duplicate field key "${field.key}"`);
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
      if (target === undefined) out.add(`${at}/goTo`, `Unknown section "${jump.goTo}"`);
      else if (target <= i) out.add(`${at}/goTo`, 'A jump can only go to a later section');
    });
  });
  return out.issues;
}
