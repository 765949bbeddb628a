import { describe, expect, it } from 'vitest';
import type { Answers, Condition, ConditionRule, FormField, FormSchema } from './form-schema.js';
import { computeCalc, evaluateCondition, evaluateRule, isEmptyAnswer, resolveVisibility, walkForm, type CalcField } from './form-logic.js';

const rule = (field: string, op: ConditionRule['op'], value?: ConditionRule['value']): ConditionRule =>
  value === undefined ? { field, op } : { field, op, value };
const test = (r: ConditionRule, answers: Answers, extra?: Record<string, unknown>) => evaluateRule(r, answers, extra);
const all = (...rules: ConditionRule[]): Condition => ({ mode: 'all', rules });
const any = (...rules: ConditionRule[]): Condition => ({ mode: 'any', rules });

const range = (days: number) => ({ start: '2026-03-02', end: '2026-03-06', days });

describe('isEmptyAnswer', () => {
  it.each([undefined, null, '', '   ', [], {}, { start: '', end: '' }, NaN])('%j is empty', (v) => {
    expect(isEmptyAnswer(v)).toBe(true);
  });
  it.each([0, false, 'x', ['a'], { start: '2026-03-02', end: '' }, [{}]])('%j is not empty', (v) => {
    expect(isEmptyAnswer(v)).toBe(false);
  });
});

describe('evaluateRule', () => {
  it('eq / ne compare scalars', () => {
    expect(test(rule('kind', 'eq', 'sick'), { kind: 'sick' })).toBe(true);
    expect(test(rule('kind', 'eq', 'sick'), { kind: 'personal' })).toBe(false);
    expect(test(rule('kind', 'ne', 'sick'), { kind: 'personal' })).toBe(true);
    expect(test(rule('kind', 'ne', 'sick'), { kind: 'sick' })).toBe(false);
    expect(test(rule('n', 'eq', 5), { n: 5 })).toBe(true);
    expect(test(rule('n', 'eq', '5.0'), { n: 5 })).toBe(true); // numerically
    expect(test(rule('n', 'eq', 5), { n: 6 })).toBe(false);
    expect(test(rule('ok', 'eq', true), { ok: true })).toBe(true);
    expect(test(rule('ok', 'eq', true), { ok: 'true' })).toBe(false);
  });

  it('eq on a missing answer is false and ne is true', () => {
    expect(test(rule('kind', 'eq', 'sick'), {})).toBe(false);
    expect(test(rule('kind', 'ne', 'sick'), {})).toBe(true);
    expect(test(rule('kind', 'eq', ''), {})).toBe(true);
  });

  it('eq on a multiple choice means the same set of values', () => {
    expect(test(rule('c', 'eq', ['a', 'b']), { c: ['b', 'a'] })).toBe(true);
    expect(test(rule('c', 'eq', ['a']), { c: ['a', 'b'] })).toBe(false);
    expect(test(rule('c', 'eq', 'a'), { c: ['a'] })).toBe(true);
    expect(test(rule('c', 'eq', 'a'), { c: ['a', 'b'] })).toBe(false);
    expect(test(rule('s', 'eq', ['a']), { s: 'a' })).toBe(false);
  });

  it('a date range compares by its days', () => {
    expect(test(rule('leave', 'gt', 3), { leave: range(5) })).toBe(true);
    expect(test(rule('leave', 'gt', 5), { leave: range(5) })).toBe(false);
    expect(test(rule('leave', 'gte', 5), { leave: range(5) })).toBe(true);
    expect(test(rule('leave', 'lte', 4.5), { leave: range(5) })).toBe(false);
    expect(test(rule('leave', 'eq', 5), { leave: range(5) })).toBe(true);
    expect(test(rule('leave', 'gt', 0), { leave: { start: '2026-03-02', end: '2026-03-06' } })).toBe(false);
  });

  it('gt / gte / lt / lte compare numbers', () => {
    expect(test(rule('n', 'gt', 1000), { n: 1000.01 })).toBe(true);
    expect(test(rule('n', 'gt', 1000), { n: 1000 })).toBe(false);
    expect(test(rule('n', 'gte', 1000), { n: 1000 })).toBe(true);
    expect(test(rule('n', 'lt', 10), { n: 9 })).toBe(true);
    expect(test(rule('n', 'lt', 10), { n: 10 })).toBe(false);
    expect(test(rule('n', 'lte', 10), { n: 10 })).toBe(true);
    expect(test(rule('n', 'gt', '9'), { n: 10 })).toBe(true); // not '10' < '9' as strings
    expect(test(rule('n', 'lt', -1), { n: -2 })).toBe(true);
  });

  it('gt / lt compare dates and times as text of the same shape', () => {
    expect(test(rule('d', 'gt', '2026-03-01'), { d: '2026-03-02' })).toBe(true);
    expect(test(rule('d', 'lt', '2026-03-01'), { d: '2026-03-02' })).toBe(false);
    expect(test(rule('d', 'gte', '2026-03-02'), { d: '2026-03-02' })).toBe(true);
    expect(test(rule('t', 'lt', '12:00'), { t: '08:30' })).toBe(true);
    expect(test(rule('t', 'lt', '2026-03-01'), { t: '08:30' })).toBe(false); // different shapes
  });

  it('ordering comparisons are false when values are missing or not comparable', () => {
    for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
      expect(test(rule('n', op, 5), {})).toBe(false);
      expect(test(rule('n', op, 5), { n: 'abc' })).toBe(false);
      expect(test(rule('n', op, 5), { n: ['5'] })).toBe(false);
    }
  });

  it('in / notIn test a value against a list; a multiple choice matches when any value is in it', () => {
    expect(test(rule('k', 'in', ['a', 'b']), { k: 'b' })).toBe(true);
    expect(test(rule('k', 'in', ['a', 'b']), { k: 'c' })).toBe(false);
    expect(test(rule('k', 'notIn', ['a', 'b']), { k: 'c' })).toBe(true);
    expect(test(rule('k', 'notIn', ['a', 'b']), { k: 'a' })).toBe(false);
    expect(test(rule('k', 'in', ['x', 'b']), { k: ['a', 'b'] })).toBe(true);
    expect(test(rule('k', 'in', ['x', 'y']), { k: ['a', 'b'] })).toBe(false);
    expect(test(rule('k', 'notIn', ['x', 'b']), { k: ['a', 'b'] })).toBe(false);
    expect(test(rule('n', 'in', ['3', '4']), { n: 3 })).toBe(true);
    expect(test(rule('k', 'in', 'a'), { k: 'a' })).toBe(true); // a single value is a one-item list
    expect(test(rule('k', 'in', ['a']), {})).toBe(false);
    expect(test(rule('k', 'notIn', ['a']), {})).toBe(true);
  });

  it('contains tests a multiple choice for a value and a text for a substring', () => {
    expect(test(rule('c', 'contains', 'b'), { c: ['a', 'b'] })).toBe(true);
    expect(test(rule('c', 'contains', 'x'), { c: ['a', 'b'] })).toBe(false);
    expect(test(rule('t', 'contains', '发烧'), { t: '因发烧请假' })).toBe(true);
    expect(test(rule('t', 'contains', 'FEVER'), { t: 'a fever' })).toBe(true); // case-insensitive
    expect(test(rule('t', 'contains', '咳嗽'), { t: '因发烧请假' })).toBe(false);
    expect(test(rule('t', 'contains', ''), { t: 'x' })).toBe(false);
    expect(test(rule('t', 'contains', 'x'), {})).toBe(false);
    expect(test(rule('c', 'contains', ['x', 'b']), { c: ['a', 'b'] })).toBe(true);
  });

  it('empty / notEmpty need no value', () => {
    expect(test(rule('x', 'empty'), {})).toBe(true);
    expect(test(rule('x', 'empty'), { x: '  ' })).toBe(true);
    expect(test(rule('x', 'empty'), { x: [] })).toBe(true);
    expect(test(rule('x', 'empty'), { x: 0 })).toBe(false);
    expect(test(rule('x', 'notEmpty'), { x: 'a' })).toBe(true);
    expect(test(rule('x', 'notEmpty'), { x: null })).toBe(false);
  });

  it('takes $initiator values from extra, never from the answers', () => {
    const r = rule('$initiator.role', 'in', ['principal']);
    expect(test(r, {}, { '$initiator.role': ['teacher', 'principal'] })).toBe(true);
    expect(test(r, { '$initiator.role': ['principal'] })).toBe(false);
    // The engine passes the department and its ancestors, so `in` matches a subtree.
    expect(test(rule('$initiator.department', 'in', ['d-junior']), {}, { '$initiator.department': ['d-g7c2', 'd-junior', 'd-school'] })).toBe(true);
  });

  it('does not read inherited properties', () => {
    expect(test(rule('constructor', 'notEmpty'), {})).toBe(false);
    expect(test(rule('toString', 'empty'), {})).toBe(true);
  });
});

describe('evaluateCondition', () => {
  const yes = rule('a', 'eq', 1);
  const no = rule('a', 'eq', 2);
  const answers = { a: 1 };

  it('joins rules with all / any', () => {
    expect(evaluateCondition(all(yes, yes), answers)).toBe(true);
    expect(evaluateCondition(all(yes, no), answers)).toBe(false);
    expect(evaluateCondition(any(no, yes), answers)).toBe(true);
    expect(evaluateCondition(any(no, no), answers)).toBe(false);
  });

  it('joins groups with the rules', () => {
    const c: Condition = { mode: 'all', rules: [yes], groups: [{ mode: 'any', rules: [no, yes] }, { mode: 'all', rules: [yes] }] };
    expect(evaluateCondition(c, answers)).toBe(true);
    expect(evaluateCondition({ ...c, groups: [...c.groups!, { mode: 'all', rules: [yes, no] }] }, answers)).toBe(false);
    expect(evaluateCondition({ mode: 'any', rules: [no], groups: [{ mode: 'all', rules: [yes] }] }, answers)).toBe(true);
    expect(evaluateCondition({ mode: 'any', rules: [no], groups: [{ mode: 'any', rules: [no] }] }, answers)).toBe(false);
  });

  it('an entirely empty condition holds', () => {
    expect(evaluateCondition({ mode: 'all', rules: [] }, {})).toBe(true);
    expect(evaluateCondition({ mode: 'any', rules: [] }, {})).toBe(true);
    expect(evaluateCondition({ mode: 'any', rules: [], groups: [] }, {})).toBe(true);
  });

  it('an empty group is vacuously true for all and false for any', () => {
    expect(evaluateCondition({ mode: 'all', rules: [], groups: [{ mode: 'all', rules: [] }] }, {})).toBe(true);
    expect(evaluateCondition({ mode: 'all', rules: [], groups: [{ mode: 'any', rules: [] }] }, {})).toBe(false);
  });
});

// ── visibility ───────────────────────────────────────────────────────────────────────────────

const text = (key: string, visibleIf?: Condition): FormField => ({ type: 'text', key, label: key, ...(visibleIf ? { visibleIf } : {}) });
const radio = (key: string, visibleIf?: Condition): FormField => ({
  type: 'radio', key, label: key, options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }], ...(visibleIf ? { visibleIf } : {}),
});
const section = (key: string, fields: FormField[], extra: Partial<FormSchema['sections'][number]> = {}) => ({ key, title: key, fields, ...extra });

describe('resolveVisibility', () => {
  it('shows every field of a form without logic, but not description fields', () => {
    const schema: FormSchema = { sections: [section('s1', [text('a'), { type: 'description', key: 'note', label: 'Note', text: 'Read me' }, text('b')])] };
    const v = resolveVisibility(schema, {});
    expect(v.sections).toEqual(['s1']);
    expect([...v.fields]).toEqual(['a', 'b']);
  });

  it('shows a field while its condition over earlier answers holds', () => {
    const schema: FormSchema = { sections: [section('s1', [radio('car'), text('plate', all(rule('car', 'eq', 'yes')))])] };
    expect(resolveVisibility(schema, { car: 'yes' }).fields.has('plate')).toBe(true);
    expect(resolveVisibility(schema, { car: 'no' }).fields.has('plate')).toBe(false);
    expect(resolveVisibility(schema, {}).fields.has('plate')).toBe(false);
  });

  it('does not let a hidden field steer later logic', () => {
    const schema: FormSchema = {
      sections: [section('s1', [radio('car'), text('plate', all(rule('car', 'eq', 'yes'))), text('parking', all(rule('plate', 'notEmpty')))])],
    };
    // 'plate' still holds a stale answer from before 'car' was changed to 'no'.
    const v = resolveVisibility(schema, { car: 'no', plate: '京A12345' });
    expect(v.fields.has('plate')).toBe(false);
    expect(v.fields.has('parking')).toBe(false);
    expect(resolveVisibility(schema, { car: 'yes', plate: '京A12345' }).fields.has('parking')).toBe(true);
  });

  it('skips a section whose condition fails, and its fields', () => {
    const schema: FormSchema = {
      sections: [
        section('s1', [radio('overnight')]),
        section('hotel', [text('hotelName')], { visibleIf: all(rule('overnight', 'eq', 'yes')) }),
        section('end', [text('remark')]),
      ],
    };
    expect(resolveVisibility(schema, { overnight: 'no' })).toEqual({ sections: ['s1', 'end'], fields: new Set(['overnight', 'remark']) });
    expect(resolveVisibility(schema, { overnight: 'yes' }).sections).toEqual(['s1', 'hotel', 'end']);
  });

  it('follows the first jump that holds, forwards or to $end', () => {
    const schema: FormSchema = {
      sections: [
        section('s1', [radio('kind')], {
          jumps: [
            { when: all(rule('kind', 'eq', 'no')), goTo: '$end' },
            { when: all(rule('kind', 'eq', 'yes')), goTo: 's4' },
            { when: all(rule('kind', 'notEmpty')), goTo: 's3' },
          ],
        }),
        section('s2', [text('b')]),
        section('s3', [text('c')]),
        section('s4', [text('d')]),
      ],
    };
    expect(resolveVisibility(schema, { kind: 'no' }).sections).toEqual(['s1']);
    expect(resolveVisibility(schema, { kind: 'yes' })).toEqual({ sections: ['s1', 's4'], fields: new Set(['kind', 'd']) });
    expect(resolveVisibility(schema, {}).sections).toEqual(['s1', 's2', 's3', 's4']);
  });

  it('an unconditional jump always applies', () => {
    const schema: FormSchema = { sections: [section('s1', [text('a')], { jumps: [{ when: { mode: 'all', rules: [] }, goTo: 's3' }] }), section('s2', [text('b')]), section('s3', [text('c')])] };
    expect(resolveVisibility(schema, {}).sections).toEqual(['s1', 's3']);
  });

  it('ignores backward and unknown jump targets instead of looping', () => {
    const schema: FormSchema = {
      sections: [
        section('s1', [text('a')]),
        section('s2', [text('b')], { jumps: [{ when: { mode: 'all', rules: [] }, goTo: 's1' }, { when: { mode: 'all', rules: [] }, goTo: 'nope' }] }),
        section('s3', [text('c')]),
      ],
    };
    expect(resolveVisibility(schema, {}).sections).toEqual(['s1', 's2', 's3']);
  });

  it('evaluates jumps over visible answers only', () => {
    const schema: FormSchema = {
      sections: [
        section('s1', [radio('a'), text('b', all(rule('a', 'eq', 'yes')))], { jumps: [{ when: all(rule('b', 'notEmpty')), goTo: '$end' }] }),
        section('s2', [text('c')]),
      ],
    };
    expect(resolveVisibility(schema, { a: 'no', b: 'stale' }).sections).toEqual(['s1', 's2']);
    expect(resolveVisibility(schema, { a: 'yes', b: 'x' }).sections).toEqual(['s1']);
  });

  it('recomputes calc fields for later logic, ignoring the sent value', () => {
    const calc: FormField = { type: 'calc', key: 'total', label: 'Total', formula: 'price * qty' };
    const schema: FormSchema = {
      sections: [section('s1', [{ type: 'number', key: 'price', label: 'p' }, { type: 'number', key: 'qty', label: 'q' }, calc, text('why', all(rule('total', 'gt', 1000)))])],
    };
    expect(resolveVisibility(schema, { price: 600, qty: 2, total: 0 }).fields.has('why')).toBe(true);
    expect(resolveVisibility(schema, { price: 600, qty: 1, total: 5000 }).fields.has('why')).toBe(false);
    expect(walkForm(schema, { price: 600, qty: 2, total: 0 }).answers.total).toBe(1200);
  });
});

describe('computeCalc', () => {
  const calc = (formula: string, decimals?: number): CalcField => ({ type: 'calc', key: 'c', label: 'c', formula, ...(decimals === undefined ? {} : { decimals }) });
  it('rounds to the field decimals, 2 by default', () => {
    expect(computeCalc(calc('10 / 3'), {})).toBe(3.33);
    expect(computeCalc(calc('10 / 3', 0), {})).toBe(3);
    expect(computeCalc(calc('2 / 3', 4), {})).toBe(0.6667);
  });
  it('is null when the formula does not parse or cannot be computed', () => {
    expect(computeCalc(calc('1 +'), {})).toBeNull();
    expect(computeCalc(calc('a + 1'), {})).toBeNull();
  });
});
