// Calculated fields: a small arithmetic language parsed into a tree and evaluated by walking it — never eval or
// new Function, because formulas come from form builders and run on the server and in every browser.
//
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := '-' unary | '+' unary | primary
//   primary := number | '(' expr ')' | name '(' args ')' | key | table '.' column   (the last only as an
//              argument of sum/avg/count)
import type { Answers } from './form-schema.js';

export type FormulaFn = 'sum' | 'avg' | 'count' | 'min' | 'max' | 'round' | 'abs';

export type FormulaNode =
  | { kind: 'num'; value: number }
  | { kind: 'ref'; key: string }
  | { kind: 'col'; table: string; column: string }
  | { kind: 'days'; key: string }
  | { kind: 'neg'; arg: FormulaNode }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: FormulaNode; right: FormulaNode }
  | { kind: 'call'; fn: FormulaFn; args: FormulaNode[] };

export type ParseFormulaResult =
  | { ok: true; ast: FormulaNode; refs: string[] }
  | { ok: false; error: string; at: number };

export interface EvaluateFormulaOptions {
  /** Days of a date-range field; by default its stored `days`. */
  days?: (key: string) => number | null;
}

export const MAX_FORMULA_LENGTH = 500;
const MAX_DEPTH = 40;
const ARITY: Record<FormulaFn | 'days', [min: number, max: number]> = {
  sum: [1, 50], avg: [1, 50], count: [1, 50], min: [1, 50], max: [1, 50], round: [1, 2], abs: [1, 1], days: [1, 1],
};
const TABLE_FNS = new Set(['sum', 'avg', 'count']);

/** An own property only, so a field named `constructor` never reads Object.prototype. */
export function answerOf(answers: Readonly<Record<string, unknown>> | null | undefined, key: string): unknown {
  return answers != null && Object.prototype.hasOwnProperty.call(answers, key) ? answers[key] : undefined;
}

/** Round half away from zero (四舍五入); toPrecision first so 1.005 → 1.01 despite binary floats. */
export function roundHalfUp(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** decimals;
  const scaled = Number((Math.abs(x) * f).toPrecision(15));
  const r = (Math.sign(x) * Math.round(scaled)) / f;
  return r === 0 ? 0 : r;
}

// ── tokenizer ───────────────────────────────────────────────────────────────────────────────

type Token =
  | { t: 'num'; v: number; at: number }
  | { t: 'id'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; at: number };

class FormulaError extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s+|(\d+(?:\.\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/(),.])/y;
  let i = 0;
  while (i < src.length) {
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new FormulaError(`Unexpected character "${src[i]}"`, i);
    if (m[1] !== undefined) out.push({ t: 'num', v: Number(m[1]), at: i });
    else if (m[2] !== undefined) out.push({ t: 'id', v: m[2], at: i });
    else if (m[3] !== undefined) out.push({ t: 'op', v: m[3], at: i });
    i = re.lastIndex;
  }
  out.push({ t: 'end', at: src.length });
  return out;
}

// ── parser ──────────────────────────────────────────────────────────────────────────────────

class Parser {
  private pos = 0;
  private depth = 0;
  readonly refs: string[] = [];

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private isOp(v: string): boolean {
    const tok = this.peek();
    return tok.t === 'op' && tok.v === v;
  }

  private expect(v: string): void {
    const tok = this.peek();
    if (!this.isOp(v)) throw new FormulaError(tok.t === 'end' ? `Expected "${v}" before the end` : `Expected "${v}"`, tok.at);
    this.pos++;
  }

  private ref(key: string): void {
    if (!this.refs.includes(key)) this.refs.push(key);
  }

  parseAll(): FormulaNode {
    if (this.peek().t === 'end') throw new FormulaError('Empty formula', 0);
    const ast = this.expr();
    const tok = this.peek();
    if (tok.t !== 'end') throw new FormulaError('Unexpected text after the formula', tok.at);
    return ast;
  }

  private expr(): FormulaNode {
    if (++this.depth > MAX_DEPTH) throw new FormulaError('Formula nested too deeply', this.peek().at);
    let left = this.term();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.tokens[this.pos++] as { v: '+' | '-' }).v;
      left = { kind: 'bin', op, left, right: this.term() };
    }
    this.depth--;
    return left;
  }

  private term(): FormulaNode {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = (this.tokens[this.pos++] as { v: '*' | '/' }).v;
      left = { kind: 'bin', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): FormulaNode {
    if (this.isOp('-') || this.isOp('+')) {
      const minus = this.isOp('-');
      this.pos++;
      if (++this.depth > MAX_DEPTH) throw new FormulaError('Formula nested too deeply', this.peek().at);
      const arg = this.unary();
      this.depth--;
      return minus ? { kind: 'neg', arg } : arg;
    }
    return this.primary(false);
  }

  private primary(allowColumn: boolean): FormulaNode {
    const tok = this.peek();
    if (tok.t === 'num') {
      this.pos++;
      return { kind: 'num', value: tok.v };
    }
    if (tok.t === 'op' && tok.v === '(') {
      this.pos++;
      const inner = this.expr();
      this.expect(')');
      return inner;
    }
    if (tok.t === 'id') {
      this.pos++;
      if (this.isOp('(')) return this.call(tok.v, tok.at);
      if (this.isOp('.')) {
        this.pos++;
        const col = this.peek();
        if (col.t !== 'id') throw new FormulaError('Expected a column key after "."', col.at);
        if (!allowColumn) throw new FormulaError('table.column must be a whole argument of sum(), avg() or count()', tok.at);
        this.pos++;
        this.ref(tok.v);
        return { kind: 'col', table: tok.v, column: col.v };
      }
      this.ref(tok.v);
      return { kind: 'ref', key: tok.v };
    }
    if (tok.t === 'end') throw new FormulaError('Unexpected end of formula', tok.at);
    throw new FormulaError(`Unexpected "${tok.v}"`, tok.at);
  }

  private call(name: string, at: number): FormulaNode {
    if (!Object.prototype.hasOwnProperty.call(ARITY, name)) throw new FormulaError(`Unknown function "${name}"`, at);
    const fn = name as FormulaFn | 'days';
    this.expect('(');
    const args: FormulaNode[] = [];
    if (!this.isOp(')')) {
      do {
        if (args.length > 0) this.pos++; // the comma
        args.push(this.argument(fn));
      } while (this.isOp(','));
    }
    this.expect(')');
    const [min, max] = ARITY[fn];
    if (args.length < min || args.length > max) {
      const want = min === max ? `${min}` : max >= 50 ? `at least ${min}` : `${min} to ${max}`;
      const last = max >= 50 ? min : max;
      throw new FormulaError(`${name}() takes ${want} argument${last === 1 ? '' : 's'}`, at);
    }
    if (fn === 'days') {
      const arg = args[0]!;
      if (arg.kind !== 'ref') throw new FormulaError('days() takes the key of a date-range field', at);
      return { kind: 'days', key: arg.key };
    }
    return { kind: 'call', fn, args };
  }

  /** A table column may stand alone as an argument of sum/avg/count, not inside a larger expression. */
  private argument(fn: FormulaFn | 'days'): FormulaNode {
    const [a, b, c] = [this.tokens[this.pos], this.tokens[this.pos + 1], this.tokens[this.pos + 2]];
    const isColumn = a?.t === 'id' && b?.t === 'op' && b.v === '.' && c?.t === 'id';
    const after = this.tokens[this.pos + 3];
    if (isColumn && TABLE_FNS.has(fn) && after?.t === 'op' && (after.v === ',' || after.v === ')')) return this.primary(true);
    return this.expr();
  }
}

/** Parse a formula; `refs` lists each referenced field key once (a table column counts as its table). */
export function parseFormula(src: string): ParseFormulaResult {
  if (typeof src !== 'string') return { ok: false, error: 'Empty formula', at: 0 };
  if (src.length > MAX_FORMULA_LENGTH) return { ok: false, error: `Formula longer than ${MAX_FORMULA_LENGTH} characters`, at: MAX_FORMULA_LENGTH };
  try {
    const parser = new Parser(tokenize(src));
    const ast = parser.parseAll();
    return { ok: true, ast, refs: parser.refs };
  } catch (e) {
    if (e instanceof FormulaError) return { ok: false, error: e.message, at: e.at };
    throw e;
  }
}

/** How a formula uses each field: as a number, through days(), counted, or as a table column. */
export type FormulaUsage =
  | { key: string; as: 'value' | 'days' | 'count' }
  | { key: string; as: 'column'; column: string; fn: 'sum' | 'avg' | 'count' };

export function formulaUsages(ast: FormulaNode): FormulaUsage[] {
  const out: FormulaUsage[] = [];
  const visit = (n: FormulaNode, parentFn?: FormulaFn): void => {
    switch (n.kind) {
      case 'ref': out.push({ key: n.key, as: parentFn === 'count' ? 'count' : 'value' }); break;
      case 'days': out.push({ key: n.key, as: 'days' }); break;
      case 'col': out.push({ key: n.table, as: 'column', column: n.column, fn: parentFn as 'sum' | 'avg' | 'count' }); break;
      case 'neg': visit(n.arg); break;
      case 'bin': visit(n.left); visit(n.right); break;
      case 'call': for (const a of n.args) visit(a, n.fn); break;
      case 'num': break;
    }
  };
  visit(ast);
  return out;
}

// ── evaluation ──────────────────────────────────────────────────────────────────────────────

const DECIMAL = /^[-+]?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** A finite number, or a plain decimal string (a half-typed input), else null. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && DECIMAL.test(v.trim())) return Number(v.trim());
  return null;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/** Cells of a table column: numbers, with blank cells skipped; null when a cell holds something else. */
function columnNumbers(answers: Answers, table: string, column: string): number[] | null {
  const rows = answerOf(answers, table);
  if (isBlank(rows)) return [];
  if (!Array.isArray(rows)) return null;
  const out: number[] = [];
  for (const row of rows as unknown[]) {
    if (row === null || typeof row !== 'object') return null;
    const cell = answerOf(row as Record<string, unknown>, column);
    if (isBlank(cell)) continue;
    const n = toNumber(cell);
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

function countOf(n: FormulaNode, answers: Answers, opts: EvaluateFormulaOptions): number {
  if (n.kind === 'col') {
    const rows = answerOf(answers, n.table);
    if (!Array.isArray(rows)) return 0;
    return rows.filter((r) => r !== null && typeof r === 'object' && !isBlank(answerOf(r as Record<string, unknown>, n.column))).length;
  }
  if (n.kind === 'ref') {
    const v = answerOf(answers, n.key);
    return Array.isArray(v) ? v.length : isBlank(v) ? 0 : 1;
  }
  return evaluate(n, answers, opts) === null ? 0 : 1;
}

function evaluate(n: FormulaNode, answers: Answers, opts: EvaluateFormulaOptions): number | null {
  switch (n.kind) {
    case 'num': return n.value;
    case 'ref': return toNumber(answerOf(answers, n.key));
    case 'days': {
      if (opts.days) return opts.days(n.key);
      const range = answerOf(answers, n.key);
      return range !== null && typeof range === 'object' && !Array.isArray(range) ? toNumber(answerOf(range as Record<string, unknown>, 'days')) : null;
    }
    case 'col': return null; // only meaningful as an argument of sum/avg/count
    case 'neg': {
      const v = evaluate(n.arg, answers, opts);
      return v === null ? null : -v;
    }
    case 'bin': {
      const l = evaluate(n.left, answers, opts);
      const r = evaluate(n.right, answers, opts);
      if (l === null || r === null) return null;
      if (n.op === '+') return l + r;
      if (n.op === '-') return l - r;
      if (n.op === '*') return l * r;
      return r === 0 ? null : l / r;
    }
    case 'call': return call(n.fn, n.args, answers, opts);
  }
}

function call(fn: FormulaFn, args: FormulaNode[], answers: Answers, opts: EvaluateFormulaOptions): number | null {
  if (fn === 'count') return args.reduce((acc, a) => acc + countOf(a, answers, opts), 0);
  const values: number[] = [];
  for (const a of args) {
    if (a.kind === 'col') {
      const col = columnNumbers(answers, a.table, a.column);
      if (col === null) return null;
      values.push(...col);
    } else {
      const v = evaluate(a, answers, opts);
      if (v === null) return null;
      values.push(v);
    }
  }
  switch (fn) {
    case 'sum': return values.reduce((s, v) => s + v, 0);
    case 'avg': return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
    case 'min': return Math.min(...values);
    case 'max': return Math.max(...values);
    case 'abs': return Math.abs(values[0]!);
    case 'round': {
      const places = values[1] ?? 0;
      return Number.isInteger(places) && places >= 0 && places <= 10 ? roundHalfUp(values[0]!, places) : null;
    }
  }
}

/**
 * The value of a parsed formula over the answers, or null when a referenced value is missing or not a number,
 * on division by zero, or when the result is not finite. Blank table cells are skipped; an empty table sums to 0.
 */
export function evaluateFormula(ast: FormulaNode, answers: Answers, opts: EvaluateFormulaOptions = {}): number | null {
  const v = evaluate(ast, answers, opts);
  if (v === null || !Number.isFinite(v)) return null;
  return v === 0 ? 0 : v; // no -0 in stored answers
}

