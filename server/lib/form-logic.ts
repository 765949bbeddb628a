// Form logic: conditions (show-if, jumps, flow branches) and which sections and fields a set of answers
// reaches. Pure and shared: the PWA shows exactly the fields the server will accept and store.
import type { AnswerValue, Answers, Condition, ConditionRule, FormField, FormSchema } from './form-schema.js';
import { answerOf, evaluateFormula, parseFormula, roundHalfUp, toNumber, type ParseFormulaResult } from './form-formula.js';

/** A field that holds an answer (every type but description). */
export type AnswerField = Exclude<FormField, { type: 'description' }>;
export type CalcField = Extract<FormField, { type: 'calc' }>;

/** Decimals of a calculated field that does not set its own. */
export const CALC_DEFAULT_DECIMALS = 2;

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_SHAPE = /^\d{2}:\d{2}$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Missing, null, blank text, an empty list, a date range without dates, or a non-finite number. */
export function isEmptyAnswer(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (typeof v === 'number') return !Number.isFinite(v);
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) {
    if ('start' in v || 'end' in v) return isEmptyAnswer(v.start) && isEmptyAnswer(v.end);
    return Object.keys(v).length === 0;
  }
  return false;
}

/** A date range stands for its days in comparisons. */
function scalar(v: unknown): unknown {
  return isPlainObject(v) && ('start' in v || 'days' in v) ? v.days : v;
}

function sameScalar(actual: unknown, expected: unknown): boolean {
  const a = scalar(actual);
  if (typeof a === 'boolean' || typeof expected === 'boolean') return a === expected;
  const na = toNumber(a);
  const ne = toNumber(expected);
  if (na !== null && ne !== null) return na === ne;
  if (a === null || a === undefined || typeof a === 'object') return false;
  return String(a).trim() === String(expected);
}

function isEqual(actual: unknown, expected: unknown): boolean {
  if (isEmptyAnswer(expected)) return isEmptyAnswer(actual);
  if (isEmptyAnswer(actual)) return false;
  if (Array.isArray(actual)) {
    // A multiple choice equals a list when both hold the same values (order ignored).
    const want = Array.isArray(expected) ? expected.map(String) : [String(expected)];
    const have = new Set(actual.map(String));
    return have.size === new Set(want).size && want.every((w) => have.has(w));
  }
  if (Array.isArray(expected)) return false;
  return sameScalar(actual, expected);
}

/** -1, 0, 1 for numbers (a date range: its days) or same-shaped dates/times; null when not comparable. */
function compare(actual: unknown, expected: unknown): number | null {
  const a = scalar(actual);
  const na = toNumber(a);
  const ne = toNumber(expected);
  if (na !== null && ne !== null) return Math.sign(na - ne);
  if (typeof a === 'string' && typeof expected === 'string') {
    const x = a.trim();
    if ((DATE_SHAPE.test(x) && DATE_SHAPE.test(expected)) || (TIME_SHAPE.test(x) && TIME_SHAPE.test(expected))) {
      return x < expected ? -1 : x > expected ? 1 : 0;
    }
  }
  return null;
}

function asList(expected: unknown): unknown[] {
  if (Array.isArray(expected)) return expected;
  return expected === undefined || expected === null ? [] : [expected];
}

function isIn(actual: unknown, expected: unknown): boolean {
  if (isEmptyAnswer(actual)) return false;
  const list = asList(expected);
  const values = Array.isArray(actual) ? actual : [actual];
  return values.some((v) => list.some((l) => sameScalar(v, l)));
}

function contains(actual: unknown, expected: unknown): boolean {
  const wanted = asList(expected).filter((e) => !isEmptyAnswer(e)).map(String);
  if (wanted.length === 0) return false;
  if (Array.isArray(actual)) return wanted.some((w) => actual.some((a) => String(a) === w));
  if (typeof actual === 'string') {
    const text = actual.toLowerCase();
    return wanted.some((w) => text.includes(w.toLowerCase()));
  }
  return false;
}

/** The value a rule tests: a form answer, or for '$…' fields (flow branches) the caller's `extra`. */
function valueOf(field: string, answers: Answers, extra?: Record<string, unknown>): unknown {
  return field.startsWith('$') ? answerOf(extra, field) : answerOf(answers, field);
}

export function evaluateRule(rule: ConditionRule, answers: Answers, extra?: Record<string, unknown>): boolean {
  const actual = valueOf(rule.field, answers, extra);
  const expected = rule.value;
  switch (rule.op) {
    case 'empty': return isEmptyAnswer(actual);
    case 'notEmpty': return !isEmptyAnswer(actual);
    case 'eq': return isEqual(actual, expected);
    case 'ne': return !isEqual(actual, expected);
    case 'in': return isIn(actual, expected);
    case 'notIn': return !isIn(actual, expected);
    case 'contains': return contains(actual, expected);
    case 'gt': { const c = compare(actual, expected); return c !== null && c > 0; }
    case 'gte': { const c = compare(actual, expected); return c !== null && c >= 0; }
    case 'lt': { const c = compare(actual, expected); return c !== null && c < 0; }
    case 'lte': { const c = compare(actual, expected); return c !== null && c <= 0; }
    default: return false;
  }
}

/**
 * `mode` joins the rules and the groups; each group joins its own rules. A condition with no rules and no
 * groups holds; otherwise an empty list is vacuously true for 'all' and false for 'any'.
 * `extra` supplies '$initiator.*' values (the flow engine passes, for example, the initiator's department and
 * its ancestors, so that `in` matches a subtree).
 */
export function evaluateCondition(cond: Condition, answers: Answers, extra?: { [field: string]: unknown }): boolean {
  const rules = cond.rules ?? [];
  const groups = cond.groups ?? [];
  if (rules.length === 0 && groups.length === 0) return true;
  const results = [
    ...rules.map((r) => () => evaluateRule(r, answers, extra)),
    ...groups.map((g) => () => (g.mode === 'all' ? g.rules.every((r) => evaluateRule(r, answers, extra)) : g.rules.some((r) => evaluateRule(r, answers, extra)))),
  ];
  return cond.mode === 'all' ? results.every((f) => f()) : results.some((f) => f());
}

// ── calculated fields ───────────────────────────────────────────────────────────────────────

const parsed = new Map<string, ParseFormulaResult>();

/** Parse once per formula text (forms are re-evaluated on every keystroke). */
export function parseFormulaCached(src: string): ParseFormulaResult {
  let r = parsed.get(src);
  if (!r) {
    if (parsed.size >= 500) parsed.clear();
    r = parseFormula(src);
    parsed.set(src, r);
  }
  return r;
}

/** A calc field's value over the answers, rounded to its decimals; null when its formula or inputs fail. */
export function computeCalc(field: CalcField, answers: Answers): number | null {
  const r = parseFormulaCached(field.formula);
  if (!r.ok) return null;
  const v = evaluateFormula(r.ast, answers);
  return v === null ? null : roundHalfUp(v, field.decimals ?? CALC_DEFAULT_DECIMALS);
}

// ── visibility ──────────────────────────────────────────────────────────────────────────────

export interface Visibility {
  /** Keys of the sections on the path, in order. */
  sections: string[];
  /** Keys of the fields shown and answerable (description fields excluded). */
  fields: Set<string>;
}

/**
 * Called for each visible answer field in form order with its raw answer and the answers visible so far;
 * returns the value later logic sees (undefined: none).
 */
export type VisitField = (field: AnswerField, raw: unknown, visibleSoFar: Readonly<Answers>) => AnswerValue | undefined;

const keepRaw: VisitField = (field, raw, visibleSoFar) => {
  if (field.type === 'calc') return computeCalc(field, visibleSoFar) ?? undefined;
  return raw === undefined ? undefined : (raw as AnswerValue);
};

/**
 * Walk the form as the person filling it in would: from the first section, skipping sections whose visibleIf
 * fails, following the first jump that holds after each visited section (to a later section or '$end').
 * Conditions and formulas only ever see the answers of fields visible so far, so a hidden field's stale answer
 * cannot steer the form. Calc fields are recomputed by the default visitor.
 */
export function walkForm(schema: FormSchema, answers: Answers, visit: VisitField = keepRaw): Visibility & { answers: Answers } {
  const sections: string[] = [];
  const fields = new Set<string>();
  const visible: Answers = {};
  const list = schema.sections;
  let i = 0;
  while (i < list.length) {
    const section = list[i]!;
    if (section.visibleIf && !evaluateCondition(section.visibleIf, visible)) {
      i++;
      continue;
    }
    sections.push(section.key);
    for (const field of section.fields) {
      if (field.type === 'description') continue;
      if (field.visibleIf && !evaluateCondition(field.visibleIf, visible)) continue;
      fields.add(field.key);
      const value = visit(field, answerOf(answers, field.key), visible);
      if (value !== undefined) visible[field.key] = value;
    }
    let next = i + 1;
    for (const jump of section.jumps ?? []) {
      if (!evaluateCondition(jump.when, visible)) continue;
      if (jump.goTo === '$end') {
        next = list.length;
        break;
      }
      // Only forward jumps: a backward or unknown target (rejected at publish) must not loop.
      const target = list.findIndex((s) => s.key === jump.goTo);
      if (target > i) {
        next = target;
        break;
      }
    }
    i = next;
  }
  return { sections, fields, answers: visible };
}

export function resolveVisibility(schema: FormSchema, answers: Answers): Visibility {
  const { sections, fields } = walkForm(schema, answers);
  return { sections, fields };
}
