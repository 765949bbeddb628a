import { describe, expect, it } from 'vitest';
import type { Answers } from './form-schema.js';
import { evaluateFormula, formulaUsages, parseFormula, roundHalfUp, toNumber, type FormulaNode } from './form-formula.js';

function ast(src: string): FormulaNode {
  const r = parseFormula(src);
  if (!r.ok) throw new Error(`${r.error} at ${r.at}`);
  return r.ast;
}
const calc = (src: string, answers: Answers = {}) => evaluateFormula(ast(src), answers);

describe('parseFormula', () => {
  it('parses arithmetic with precedence, unary minus and parentheses', () => {
    expect(calc('1 + 2 * 3')).toBe(7);
    expect(calc('(1 + 2) * 3')).toBe(9);
    expect(calc('10 - 4 - 3')).toBe(3); // left-associative
    expect(calc('24 / 4 / 2')).toBe(3);
    expect(calc('-2 * -3')).toBe(6);
    expect(calc('--2')).toBe(2);
    expect(calc('+2 - -1')).toBe(3);
    expect(calc('2 * -(3 + 1)')).toBe(-8);
    expect(calc('.5 + 1.25')).toBe(1.75);
  });

  it('lists referenced keys once, tables by their key, in order', () => {
    const r = parseFormula('price * qty + sum(items.amount) + days(leave) - price + count(items.name)');
    expect(r).toMatchObject({ ok: true, refs: ['price', 'qty', 'items', 'leave'] });
  });

  it('treats a key that looks like a function name as a field when no "(" follows', () => {
    expect(calc('max + 1', { max: 4 })).toBe(5);
  });

  it.each([
    ['', 'Empty formula', 0],
    ['   ', 'Empty formula', 0],
    ['1 +', 'Unexpected end of formula', 3],
    ['(1 + 2', 'Expected ")" before the end', 6],
    ['1 + * 2', 'Unexpected "*"', 4],
    ['a b', 'Unexpected text after the formula', 2],
    ['1 ^ 2', 'Unexpected character "^"', 2],
    ['foo(1)', 'Unknown function "foo"', 0],
    ['constructor(1)', 'Unknown function "constructor"', 0],
    ['price + items.amount', 'table.column must be a whole argument of sum(), avg() or count()', 8],
    ['max(items.amount)', 'table.column must be a whole argument of sum(), avg() or count()', 4],
    ['sum(items.amount * 2)', 'table.column must be a whole argument of sum(), avg() or count()', 4],
    ['items.', 'Expected a column key after "."', 6],
    ['days(a + b)', 'days() takes the key of a date-range field', 0],
    ['days(a, b)', 'days() takes 1 argument', 0],
    ['round(1, 2, 3)', 'round() takes 1 to 2 arguments', 0],
    ['abs()', 'abs() takes 1 argument', 0],
    ['sum()', 'sum() takes at least 1 argument', 0],
  ])('rejects %j: %s at %i', (src, error, at) => {
    expect(parseFormula(src)).toEqual({ ok: false, error, at });
  });

  it('rejects formulas that are too long or nested too deeply', () => {
    expect(parseFormula('1+'.repeat(250) + '1')).toMatchObject({ ok: false, error: 'Formula longer than 500 characters' });
    expect(parseFormula('('.repeat(60) + '1' + ')'.repeat(60))).toMatchObject({ ok: false, error: 'Formula nested too deeply' });
    expect(parseFormula('-'.repeat(60) + '1')).toMatchObject({ ok: false, error: 'Formula nested too deeply' });
  });

  it('never evaluates JavaScript', () => {
    expect(parseFormula('process.exit(1)')).toMatchObject({ ok: false });
    expect(parseFormula('this["x"]')).toMatchObject({ ok: false });
  });
});

describe('evaluateFormula', () => {
  it('reads numeric fields and plain decimal strings', () => {
    expect(calc('price * qty', { price: 2.5, qty: 4 })).toBe(10);
    expect(calc('price * qty', { price: '2.5', qty: 4 })).toBe(10);
  });

  it('is null when a referenced value is missing or not numeric', () => {
    expect(calc('price * qty', { price: 2.5 })).toBeNull();
    expect(calc('price * qty', { price: 2.5, qty: null })).toBeNull();
    expect(calc('price + 1', { price: 'abc' })).toBeNull();
    expect(calc('price + 1', { price: true })).toBeNull();
    expect(calc('price + 1', { price: ['1'] })).toBeNull();
  });

  it('does not read inherited properties as answers', () => {
    expect(calc('constructor + 1', {})).toBeNull();
    expect(calc('toString', {})).toBeNull();
  });

  it('is null on division by zero and on overflow', () => {
    expect(calc('1 / 0')).toBeNull();
    expect(calc('a / (b - b)', { a: 1, b: 3 })).toBeNull();
    expect(calc('a * a', { a: 1e200 })).toBeNull();
  });

  it('sums, averages and counts table columns', () => {
    const answers: Answers = {
      items: [
        { name: 'pens', amount: 12.5 },
        { name: 'paper', amount: 30 },
        { name: 'ink' }, // blank cell: skipped
      ],
    };
    expect(calc('sum(items.amount)', answers)).toBe(42.5);
    expect(calc('avg(items.amount)', answers)).toBe(21.25);
    expect(calc('count(items.amount)', answers)).toBe(2);
    expect(calc('count(items.name)', answers)).toBe(3);
    expect(calc('count(items)', answers)).toBe(3);
    expect(calc('sum(items.amount, 7.5)', answers)).toBe(50);
  });

  it('sums an empty or missing table to 0', () => {
    expect(calc('sum(items.amount)', { items: [] })).toBe(0);
    expect(calc('sum(items.amount)', {})).toBe(0);
    expect(calc('count(items.amount)', {})).toBe(0);
    expect(calc('avg(items.amount)', { items: [] })).toBeNull();
  });

  it('is null when a table cell is not numeric', () => {
    expect(calc('sum(items.amount)', { items: [{ amount: 'x' }] })).toBeNull();
    expect(calc('sum(items.amount)', { items: 'nope' })).toBeNull();
  });

  it('supports min, max, abs and round', () => {
    expect(calc('min(a, b, 3)', { a: 5, b: -2 })).toBe(-2);
    expect(calc('max(a, b, 3)', { a: 5, b: -2 })).toBe(5);
    expect(calc('abs(a - b)', { a: 2, b: 5 })).toBe(3);
    expect(calc('round(a, 2)', { a: 1.005 })).toBe(1.01);
    expect(calc('round(a)', { a: 2.5 })).toBe(3);
    expect(calc('round(a)', { a: -2.5 })).toBe(-3);
    expect(calc('round(10 / 3, 1)')).toBe(3.3);
    expect(calc('round(1, 1.5)')).toBeNull();
    expect(calc('round(1, -1)')).toBeNull();
    expect(calc('max(a, b)', { a: 1 })).toBeNull();
  });

  it('reads days() from the date range, or from the caller', () => {
    const answers: Answers = { leave: { start: '2026-03-02', end: '2026-03-04', days: 2.5 } };
    expect(calc('days(leave) * 8', answers)).toBe(20);
    expect(calc('days(leave)', { leave: { start: '2026-03-02', end: '2026-03-04' } })).toBeNull();
    expect(calc('days(leave)', { leave: '3' })).toBeNull();
    expect(evaluateFormula(ast('days(leave) + 1'), {}, { days: (k) => (k === 'leave' ? 4 : null) })).toBe(5);
  });

  it('never returns -0', () => {
    expect(Object.is(calc('-a', { a: 0 }), 0)).toBe(true);
  });
});

describe('formulaUsages', () => {
  it('says how each field is used', () => {
    expect(formulaUsages(ast('a + days(r) + sum(t.x) + count(t.y, c) - abs(d)'))).toEqual([
      { key: 'a', as: 'value' },
      { key: 'r', as: 'days' },
      { key: 't', as: 'column', column: 'x', fn: 'sum' },
      { key: 't', as: 'column', column: 'y', fn: 'count' },
      { key: 'c', as: 'count' },
      { key: 'd', as: 'value' },
    ]);
  });
});

describe('roundHalfUp / toNumber', () => {
  it('rounds half away from zero despite binary floats', () => {
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(2.675, 2)).toBe(2.68);
    expect(roundHalfUp(0.125, 2)).toBe(0.13);
    expect(roundHalfUp(-0.125, 2)).toBe(-0.13);
    expect(roundHalfUp(1234567.891, 2)).toBe(1234567.89);
    expect(Object.is(roundHalfUp(-0.001, 2), 0)).toBe(true);
  });

  it('accepts finite numbers and decimal strings only', () => {
    expect(toNumber(3)).toBe(3);
    expect(toNumber(' -1.5 ')).toBe(-1.5);
    expect(toNumber(Infinity)).toBeNull();
    expect(toNumber('1e3')).toBeNull();
    expect(toNumber('0x10')).toBeNull();
    expect(toNumber('')).toBeNull();
  });
});
