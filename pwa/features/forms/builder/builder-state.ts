// Pure editing operations on a form's schema for the builder: the field catalogue, unique keys, adding, moving
// and removing fields and sections, renaming a key everywhere it is used, and what logic may refer to (only
// earlier fields) with the comparisons that suit each field type. No DOM, no API: unit-tested on their own.
import type {
  ChoiceOption,
  Condition,
  ConditionOp,
  ConditionRule,
  FieldType,
  Flow,
  FormField,
  FormSchema,
  FormSection,
  TableColumn,
} from '../../../../server/lib/form-schema';
import type { FormSettings } from '../../../../server/modules/forms/forms.dto';

/** Every field type, in palette order (a unit test checks it against FIELD_TYPES of form-schema.ts). */
export const FIELD_TYPE_LIST = [
  'text', 'textarea', 'number', 'money', 'phone', 'email', 'idNumber',
  'radio', 'checkbox', 'select',
  'date', 'dateRange', 'time',
  'person', 'department',
  'attachment', 'image', 'signature',
  'table', 'calc', 'description',
] as const satisfies readonly FieldType[];

export type PaletteGroup = 'basic' | 'choice' | 'date' | 'org' | 'files' | 'advanced';
export const PALETTE_GROUPS: readonly { id: PaletteGroup; types: readonly FieldType[] }[] = [
  { id: 'basic', types: ['text', 'textarea', 'number', 'money', 'phone', 'email', 'idNumber'] },
  { id: 'choice', types: ['radio', 'checkbox', 'select'] },
  { id: 'date', types: ['date', 'dateRange', 'time'] },
  { id: 'org', types: ['person', 'department'] },
  { id: 'files', types: ['attachment', 'image', 'signature'] },
  { id: 'advanced', types: ['table', 'calc', 'description'] },
];

export const KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;
export const CHOICE_TYPES: ReadonlySet<FieldType> = new Set(['radio', 'checkbox', 'select']);
export const NUMERIC_TYPES: ReadonlySet<FieldType> = new Set(['number', 'money', 'calc']);
/** Types that take a placeholder in the renderer. */
export const PLACEHOLDER_TYPES: ReadonlySet<FieldType> = new Set(['text', 'textarea', 'number', 'money', 'phone', 'email', 'idNumber', 'select', 'person', 'department']);
export const TABLE_COLUMN_TYPES = ['text', 'number', 'money', 'date', 'select'] as const satisfies readonly TableColumn['type'][];

/** What the properties panel shows. */
export type Selection = { kind: 'field'; key: string } | { kind: 'section'; index: number } | null;

/** Where a field sits: its section's index and its index in that section. */
export interface FieldAt {
  section: number;
  index: number;
}

// ── keys ────────────────────────────────────────────────────────────────────────────────────

export function fieldKeys(schema: FormSchema): Set<string> {
  const out = new Set<string>();
  for (const s of schema.sections) for (const f of s.fields) out.add(f.key);
  return out;
}

/** `base` followed by the smallest number ≥ 1 not taken ('text1', 'text2', …); base is cleaned to the key pattern. */
export function uniqueKey(base: string, taken: ReadonlySet<string>): string {
  let b = base.replace(/[^a-zA-Z0-9_]/g, '');
  if (!/^[a-zA-Z]/.test(b)) b = `f${b}`;
  b = b.slice(0, 36);
  for (let n = 1; ; n++) {
    const k = `${b}${n}`;
    if (!taken.has(k)) return k;
  }
}

/** Why a key cannot be used: 'pattern' (letters, digits, _; starts with a letter; ≤ 40), 'taken', or null. */
export function keyProblem(key: string, taken: ReadonlySet<string>): 'pattern' | 'taken' | null {
  if (!KEY_PATTERN.test(key)) return 'pattern';
  return taken.has(key) ? 'taken' : null;
}

// ── creating fields ─────────────────────────────────────────────────────────────────────────

/** Texts a new field needs (the builder passes translated ones). */
export interface NewFieldTexts {
  label: string;
  option: (n: number) => string;
  column: string;
  description: string;
}

export function newOptions(count: number, label: (n: number) => string): ChoiceOption[] {
  return Array.from({ length: count }, (_, i) => ({ value: `o${i + 1}`, label: label(i + 1) }));
}

/** A new field of `type` with sensible defaults that already pass the server's checks. */
export function newField(type: FieldType, key: string, texts: NewFieldTexts): FormField {
  const base = { key, label: texts.label };
  switch (type) {
    case 'radio':
    case 'checkbox':
    case 'select':
      return { ...base, type, options: newOptions(2, texts.option) };
    case 'dateRange':
      return { ...base, type, unit: 'day', skipWeekends: true, skipHolidays: true };
    case 'table':
      return { ...base, type, columns: [{ type: 'text', key: 'c1', label: texts.column }] };
    case 'calc':
      return { ...base, type, formula: '0', decimals: 2 };
    case 'description':
      return { ...base, type, text: texts.description };
    case 'attachment':
    case 'image':
      return { ...base, type, maxFiles: 9 };
    default:
      return { ...base, type } as FormField;
  }
}

export function newSection(key: string, title: string): FormSection {
  return { key, title, fields: [] };
}

// ── finding ─────────────────────────────────────────────────────────────────────────────────

export function findField(schema: FormSchema, key: string): (FieldAt & { field: FormField }) | null {
  for (let s = 0; s < schema.sections.length; s++) {
    const i = schema.sections[s]!.fields.findIndex((f) => f.key === key);
    if (i >= 0) return { section: s, index: i, field: schema.sections[s]!.fields[i]! };
  }
  return null;
}

/** Every field in form order. */
export function allFields(schema: FormSchema): FormField[] {
  return schema.sections.flatMap((s) => s.fields);
}

// ── editing fields ──────────────────────────────────────────────────────────────────────────

function withSection(schema: FormSchema, index: number, fn: (fields: FormField[]) => FormField[]): FormSchema {
  return { ...schema, sections: schema.sections.map((s, i) => (i === index ? { ...s, fields: fn(s.fields) } : s)) };
}

/** Insert at a position (clamped to the section's length). */
export function insertField(schema: FormSchema, field: FormField, at: FieldAt): FormSchema {
  const section = Math.min(Math.max(at.section, 0), schema.sections.length - 1);
  return withSection(schema, section, (fields) => {
    const i = Math.min(Math.max(at.index, 0), fields.length);
    return [...fields.slice(0, i), field, ...fields.slice(i)];
  });
}

export function updateField(schema: FormSchema, key: string, fn: (f: FormField) => FormField): FormSchema {
  return { ...schema, sections: schema.sections.map((s) => (s.fields.some((f) => f.key === key) ? { ...s, fields: s.fields.map((f) => (f.key === key ? fn(f) : f)) } : s)) };
}

export function removeField(schema: FormSchema, key: string): FormSchema {
  return { ...schema, sections: schema.sections.map((s) => (s.fields.some((f) => f.key === key) ? { ...s, fields: s.fields.filter((f) => f.key !== key) } : s)) };
}

/**
 * Move a field to a drop position: `to.index` is the gap in the target section as it is shown before the move
 * (0 = above the first field, length = below the last), which is what a drag indicator points at.
 */
export function moveField(schema: FormSchema, from: FieldAt, to: FieldAt): FormSchema {
  const field = schema.sections[from.section]?.fields[from.index];
  if (!field || !schema.sections[to.section]) return schema;
  let index = to.index;
  if (to.section === from.section && index > from.index) index -= 1;
  if (to.section === from.section && index === from.index) return schema;
  const removed = withSection(schema, from.section, (fields) => fields.filter((_, i) => i !== from.index));
  return insertField(removed, field, { section: to.section, index });
}

/**
 * 上移 / 下移 by one place; at the top or bottom of a section the field crosses into the neighbouring section
 * (its end, or its start). Unchanged at the very top or bottom of the form.
 */
export function moveFieldBy(schema: FormSchema, key: string, delta: -1 | 1): FormSchema {
  const at = findField(schema, key);
  if (!at) return schema;
  const count = schema.sections[at.section]!.fields.length;
  const target = at.index + delta;
  if (target >= 0 && target < count) return moveField(schema, at, { section: at.section, index: delta > 0 ? target + 1 : target });
  const next = at.section + delta;
  if (next < 0 || next >= schema.sections.length) return schema;
  return moveField(schema, at, { section: next, index: delta > 0 ? 0 : schema.sections[next]!.fields.length });
}

/** Whether 上移 / 下移 can do anything for this field. */
export function canMoveField(schema: FormSchema, key: string, delta: -1 | 1): boolean {
  const at = findField(schema, key);
  if (!at) return false;
  if (delta < 0) return at.index > 0 || at.section > 0;
  return at.index < schema.sections[at.section]!.fields.length - 1 || at.section < schema.sections.length - 1;
}

// ── sections ────────────────────────────────────────────────────────────────────────────────

export function sectionKeys(schema: FormSchema): Set<string> {
  return new Set(schema.sections.map((s) => s.key));
}

export function addSection(schema: FormSchema, title: string, after = schema.sections.length - 1): FormSchema {
  const section = newSection(uniqueKey('section', sectionKeys(schema)), title);
  const i = Math.min(Math.max(after + 1, 0), schema.sections.length);
  return { ...schema, sections: [...schema.sections.slice(0, i), section, ...schema.sections.slice(i)] };
}

export function updateSection(schema: FormSchema, index: number, fn: (s: FormSection) => FormSection): FormSchema {
  return { ...schema, sections: schema.sections.map((s, i) => (i === index ? fn(s) : s)) };
}

/** A form keeps at least one section; the removed section's fields go with it. */
export function removeSection(schema: FormSchema, index: number): FormSchema {
  if (schema.sections.length <= 1) return schema;
  const gone = schema.sections[index]?.key;
  return {
    ...schema,
    sections: schema.sections
      .filter((_, i) => i !== index)
      // Jumps to the removed section would point nowhere.
      .map((s) => (s.jumps?.some((j) => j.goTo === gone) ? { ...s, jumps: s.jumps.filter((j) => j.goTo !== gone) } : s)),
  };
}

export function moveSection(schema: FormSchema, index: number, delta: -1 | 1): FormSchema {
  const j = index + delta;
  if (j < 0 || j >= schema.sections.length) return schema;
  const list = [...schema.sections];
  [list[index], list[j]] = [list[j]!, list[index]!];
  return { ...schema, sections: list };
}

// ── generic list helpers (options, columns, rules, approvers) ───────────────────────────────

export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const j = index + delta;
  if (index < 0 || index >= list.length || j < 0 || j >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(j, 0, item!);
  return out;
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((x, i) => (i === index ? item : x));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** A new option with a value no other option has. */
export function addOption(options: readonly ChoiceOption[], label: string): ChoiceOption[] {
  const taken = new Set(options.map((o) => o.value));
  return [...options, { value: uniqueKey('o', taken), label }];
}

// ── renaming a key everywhere ───────────────────────────────────────────────────────────────

function renameInCondition(c: Condition, from: string, to: string): Condition {
  const rule = (r: ConditionRule): ConditionRule => (r.field === from ? { ...r, field: to } : r);
  return { ...c, rules: c.rules.map(rule), ...(c.groups ? { groups: c.groups.map((g) => ({ ...g, rules: g.rules.map(rule) })) } : {}) };
}

/** Replace a field key used as a name in a formula (`a + b`, `sum(items.price)`), not a column name after a dot. */
export function renameInFormula(formula: string, from: string, to: string): string {
  const esc = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return formula.replace(new RegExp(`(^|[^.A-Za-z0-9_])${esc}(?![A-Za-z0-9_])`, 'g'), `$1${to}`);
}

/** Rename a field key in the schema, the flow (branch conditions, approvers chosen in a field) and summary fields. */
export function renameFieldKey(
  draft: { schema: FormSchema; flow: Flow; settings: FormSettings },
  from: string,
  to: string,
): { schema: FormSchema; flow: Flow; settings: FormSettings } {
  if (from === to) return draft;
  const field = (f: FormField): FormField => {
    let out: FormField = f.key === from ? { ...f, key: to } : f;
    if (out.visibleIf) out = { ...out, visibleIf: renameInCondition(out.visibleIf, from, to) };
    if (out.type === 'calc') out = { ...out, formula: renameInFormula(out.formula, from, to) };
    return out;
  };
  const schema: FormSchema = {
    ...draft.schema,
    sections: draft.schema.sections.map((s) => ({
      ...s,
      ...(s.visibleIf ? { visibleIf: renameInCondition(s.visibleIf, from, to) } : {}),
      ...(s.jumps ? { jumps: s.jumps.map((j) => ({ ...j, when: renameInCondition(j.when, from, to) })) } : {}),
      fields: s.fields.map(field),
    })),
  };
  const specs = <T extends { kind: string }>(list: T[]): T[] =>
    list.map((a) => (a.kind === 'field' && (a as unknown as { fieldKey: string }).fieldKey === from ? { ...a, fieldKey: to } : a));
  const node = <N extends Flow['nodes'][number]>(n: N): N => {
    if (n.type === 'approve') return { ...n, approvers: specs(n.approvers) };
    if (n.type === 'cc') return { ...n, recipients: specs(n.recipients) };
    return { ...n, branches: n.branches.map((b) => ({ ...b, when: b.when ? renameInCondition(b.when, from, to) : null, nodes: b.nodes.map(node) })) };
  };
  const flow: Flow = { ...draft.flow, nodes: draft.flow.nodes.map(node) };
  const summary = draft.settings.summaryFields;
  const settings: FormSettings = summary?.includes(from) ? { ...draft.settings, summaryFields: summary.map((k) => (k === from ? to : k)) } : draft.settings;
  return { schema, flow, settings };
}

// ── logic: what a condition may test and how ────────────────────────────────────────────────

/** Where a condition lives, which decides the fields it may use. */
export type ConditionScope =
  | { kind: 'field'; key: string }
  | { kind: 'section'; index: number }
  | { kind: 'jump'; section: number }
  | { kind: 'flow' };

/** Fields holding an answer that a condition in `scope` may test: strictly earlier ones (a jump: up to its section's end). */
export function conditionCandidates(schema: FormSchema, scope: ConditionScope): FormField[] {
  const answerable = (f: FormField) => f.type !== 'description';
  if (scope.kind === 'flow') return allFields(schema).filter(answerable);
  const out: FormField[] = [];
  for (let s = 0; s < schema.sections.length; s++) {
    if (scope.kind === 'section' && s >= scope.index) break;
    for (const f of schema.sections[s]!.fields) {
      if (scope.kind === 'field' && f.key === scope.key) return out;
      if (answerable(f)) out.push(f);
    }
    if (scope.kind === 'jump' && s >= scope.section) break;
  }
  return out;
}

export const INITIATOR_DEPARTMENT = '$initiator.department';
export const INITIATOR_ROLE = '$initiator.role';
export type RuleSubject = FieldType | typeof INITIATOR_DEPARTMENT | typeof INITIATOR_ROLE;

/** Comparisons offered for a field type (first one is the default). */
export function operatorsFor(subject: RuleSubject): ConditionOp[] {
  switch (subject) {
    case 'text':
    case 'textarea':
    case 'phone':
    case 'email':
    case 'idNumber':
      return ['eq', 'ne', 'contains', 'notEmpty', 'empty'];
    case 'number':
    case 'money':
    case 'calc':
      return ['gt', 'gte', 'lt', 'lte', 'eq', 'ne', 'notEmpty', 'empty'];
    case 'date':
    case 'time':
      return ['lt', 'lte', 'gt', 'gte', 'eq', 'ne', 'notEmpty', 'empty'];
    case 'dateRange':
      return ['gt', 'gte', 'lt', 'lte', 'eq', 'notEmpty', 'empty'];
    case 'radio':
    case 'select':
      return ['eq', 'ne', 'in', 'notIn', 'notEmpty', 'empty'];
    case 'checkbox':
      return ['contains', 'in', 'notIn', 'eq', 'notEmpty', 'empty'];
    case 'person':
    case 'department':
      return ['in', 'notIn', 'notEmpty', 'empty'];
    case INITIATOR_DEPARTMENT:
    case INITIATOR_ROLE:
      return ['in', 'notIn'];
    default:
      return ['notEmpty', 'empty'];
  }
}

/** The input a rule's value needs. */
export type ValueKind = 'none' | 'text' | 'number' | 'date' | 'time' | 'option' | 'options' | 'people' | 'departments' | 'roles';

export function valueKind(subject: RuleSubject, op: ConditionOp): ValueKind {
  if (op === 'empty' || op === 'notEmpty') return 'none';
  switch (subject) {
    case 'number':
    case 'money':
    case 'calc':
    case 'dateRange':
      return 'number';
    case 'date':
      return 'date';
    case 'time':
      return 'time';
    case 'radio':
    case 'select':
      return op === 'in' || op === 'notIn' ? 'options' : 'option';
    case 'checkbox':
      return op === 'contains' ? 'option' : 'options';
    case 'person':
      return 'people';
    case 'department':
    case INITIATOR_DEPARTMENT:
      return 'departments';
    case INITIATOR_ROLE:
      return 'roles';
    default:
      return 'text';
  }
}

/** Keep what can be kept of a value when the operator or field changes; drop what no longer fits. */
export function coerceValue(kind: ValueKind, value: ConditionRule['value']): ConditionRule['value'] {
  const list = Array.isArray(value) ? value : value === undefined || value === '' ? [] : [String(value)];
  switch (kind) {
    case 'none':
      return undefined;
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'options':
    case 'people':
    case 'departments':
    case 'roles':
      return list;
    case 'option':
      return list[0];
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
    case 'time':
      return typeof value === 'string' && /^\d{2}:\d{2}$/.test(value) ? value : undefined;
    default:
      return Array.isArray(value) ? value.join(' ') : typeof value === 'boolean' ? undefined : value;
  }
}

/** The subject of a rule: the tested field's type, or the initiator attribute. */
export function subjectOf(fieldKey: string, fields: readonly FormField[]): RuleSubject | null {
  if (fieldKey === INITIATOR_DEPARTMENT || fieldKey === INITIATOR_ROLE) return fieldKey;
  return fields.find((f) => f.key === fieldKey)?.type ?? null;
}

/** A fresh rule over a field: its first comparison and a value shaped for it. */
export function newRule(fieldKey: string, subject: RuleSubject): ConditionRule {
  const op = operatorsFor(subject)[0]!;
  const value = coerceValue(valueKind(subject, op), undefined);
  return value === undefined ? { field: fieldKey, op } : { field: fieldKey, op, value };
}

export const EMPTY_CONDITION: Condition = { mode: 'all', rules: [] };

/** How many rules a condition has in all. */
export function ruleCount(c: Condition | null | undefined): number {
  if (!c) return 0;
  return c.rules.length + (c.groups ?? []).reduce((n, g) => n + g.rules.length, 0);
}

/** Drop empty groups; a condition without any rule becomes undefined (no logic). */
export function tidyCondition(c: Condition): Condition | undefined {
  const groups = (c.groups ?? []).filter((g) => g.rules.length > 0);
  if (c.rules.length === 0 && groups.length === 0) return undefined;
  return groups.length ? { ...c, groups } : { mode: c.mode, rules: c.rules };
}
