import { describe, expect, it } from 'vitest';
import type { Answers, FormField, FormSchema } from './form-schema.js';
import { emptyAnswer, FIELD_ERROR_CODES, validateAnswers, type FieldError, type ValidateContext } from './form-validate.js';

const ctx: ValidateContext = { calendar: { holidays: ['2026-03-04'], workdays: ['2026-03-07'] } };
const one = (field: FormField): FormSchema => ({ sections: [{ key: 's1', title: 'S', fields: [field] }] });
const run = (field: FormField, value: unknown, c: ValidateContext = ctx) =>
  validateAnswers(one(field), value === undefined ? {} : ({ [field.key]: value } as Answers), c);
/** The stored value of a single-field form, or the error codes. */
const ok = (field: FormField, value: unknown, c?: ValidateContext) => {
  const r = run(field, value, c);
  expect(r.errors).toEqual([]);
  return r.answers[field.key];
};
const codes = (field: FormField, value: unknown, c?: ValidateContext) => run(field, value, c).errors.map((e) => e.code);

const text: FormField = { type: 'text', key: 't', label: 'T' };
const req = <F extends FormField>(f: F): F => ({ ...f, required: true });

describe('required and empty answers', () => {
  it.each([undefined, null, '', '   ', []])('reports a required field given %j', (value) => {
    expect(run(req(text), value).errors).toEqual([{ pointer: '/answers/t', code: 'required', message: 'This field is required' }]);
  });

  it('drops empty optional answers instead of storing them', () => {
    expect(run(text, '  ')).toEqual({ answers: {}, errors: [] });
    expect(run({ type: 'checkbox', key: 'c', label: 'C', options: [{ value: 'a', label: 'A' }] }, [])).toEqual({ answers: {}, errors: [] });
    expect(run({ type: 'number', key: 'n', label: 'N' }, null)).toEqual({ answers: {}, errors: [] });
  });
});

describe('text and textarea', () => {
  it('trims and keeps the text as typed', () => {
    expect(ok(text, '  王　芳 ')).toBe('王　芳');
  });

  it('rejects non-strings', () => {
    expect(codes(text, 12)).toEqual(['type']);
    expect(codes(text, ['a'])).toEqual(['type']);
  });

  it('limits text to 200 and textarea to 5000 code points by default', () => {
    expect(ok(text, '𠮷'.repeat(200))).toHaveLength(400); // UTF-16 length; counted once each
    expect(run(text, 'a'.repeat(201)).errors).toEqual([{ pointer: '/answers/t', code: 'maxLength', message: 'Must be at most 200 characters', params: { maxLength: 200 } }]);
    const area: FormField = { type: 'textarea', key: 'a', label: 'A' };
    expect(codes(area, 'a'.repeat(5000))).toEqual([]);
    expect(codes(area, 'a'.repeat(5001))).toEqual(['maxLength']);
  });

  it('applies minLength / maxLength / pattern with the custom message', () => {
    const f: FormField = { ...text, validation: { minLength: 2, maxLength: 4, pattern: '^[0-9]+$', message: '请输入2到4位数字' } };
    expect(ok(f, '123')).toBe('123');
    expect(run(f, '1').errors).toEqual([{ pointer: '/answers/t', code: 'minLength', message: '请输入2到4位数字', params: { minLength: 2 } }]);
    expect(codes(f, '12345')).toEqual(['maxLength']);
    expect(run(f, '12a').errors).toEqual([{ pointer: '/answers/t', code: 'pattern', message: '请输入2到4位数字' }]);
    expect(run({ ...f, validation: { pattern: '^\\d+$' } }, 'x').errors[0]!.message).toBe('Not in the required format');
  });

  it('keeps the default message for failures that are not validation rules', () => {
    const f: FormField = { ...text, required: true, validation: { maxLength: 4, message: '最多4个字' } };
    expect(run(f, '').errors[0]!.message).toBe('This field is required');
    expect(run(f, 5).errors[0]!.message).toBe('Wrong kind of value');
    expect(run(f, '12345').errors[0]!.message).toBe('最多4个字');
  });

  it('a builder maxLength may exceed the default', () => {
    expect(codes({ ...text, validation: { maxLength: 300 } }, 'a'.repeat(300))).toEqual([]);
  });

  it('ignores a pattern that does not compile', () => {
    expect(ok({ ...text, validation: { pattern: '([' } }, 'anything')).toBe('anything');
  });
});

describe('number and money', () => {
  const num: FormField = { type: 'number', key: 'n', label: 'N', decimals: 1, validation: { min: 0, max: 10 } };
  const money: FormField = { type: 'money', key: 'm', label: 'M', validation: { min: 0.01, max: 5000 } };

  it('accepts numbers and decimal strings within the limits', () => {
    expect(ok(num, 2.5)).toBe(2.5);
    expect(ok(num, '3')).toBe(3);
    expect(ok(num, 0)).toBe(0);
  });

  it('rejects more decimals than allowed with "type"', () => {
    expect(run(num, 2.55).errors).toEqual([{ pointer: '/answers/n', code: 'type', message: 'At most 1 decimal places', params: { decimals: 1 } }]);
    expect(codes({ ...num, decimals: 0 }, 1.5)).toEqual(['type']);
    expect(codes({ ...num, decimals: 0, validation: {} }, 1e21)).toEqual([]);
    expect(codes({ ...num, decimals: 4, validation: {} }, 1e-7)).toEqual(['type']);
  });

  it('checks min and max', () => {
    expect(run(num, -1).errors).toEqual([{ pointer: '/answers/n', code: 'min', message: 'Must be at least 0', params: { min: 0 } }]);
    expect(codes(num, 10.5)).toEqual(['max']);
  });

  it('rejects values that are not numbers', () => {
    expect(codes(num, 'abc')).toEqual(['type']);
    expect(codes(num, true)).toEqual(['type']);
    expect(codes(num, '1e3')).toEqual(['type']);
  });

  it('rounds money half-up to cents before checking limits', () => {
    expect(ok(money, 12.345)).toBe(12.35);
    expect(ok(money, 1.005)).toBe(1.01);
    expect(ok(money, '99.9')).toBe(99.9);
    expect(codes(money, 0.004)).toEqual(['min']); // rounds to 0.00
    expect(codes(money, 5000.004)).toEqual([]);
    expect(codes(money, 5000.005)).toEqual(['max']);
    expect(codes({ ...money, validation: {} }, 1e13)).toEqual(['type']);
  });
});

describe('dates, times and date ranges', () => {
  const leave: FormField = { type: 'dateRange', key: 'leave', label: 'L', unit: 'halfDay', skipWeekends: true, skipHolidays: true, validation: { max: 3, message: '最多请3天' } };

  it('checks dates and times', () => {
    expect(ok({ type: 'date', key: 'd', label: 'D' }, ' 2026-03-02 ')).toBe('2026-03-02');
    expect(codes({ type: 'date', key: 'd', label: 'D' }, '2026-02-30')).toEqual(['date']);
    expect(ok({ type: 'time', key: 'h', label: 'H' }, '08:30')).toBe('08:30');
    expect(codes({ type: 'time', key: 'h', label: 'H' }, '8:30')).toEqual(['time']);
    expect(codes({ type: 'time', key: 'h', label: 'H' }, 830)).toEqual(['type']);
  });

  it('recomputes days with the school calendar, ignoring the days sent', () => {
    // Mon 2 – Sat 7 March 2026: the 4th is a holiday, Saturday the 7th a make-up day → 5 days, minus a morning.
    const value = { start: '2026-03-02', end: '2026-03-07', startHalf: 'pm', days: 1 };
    expect(ok({ ...leave, validation: {} }, value)).toEqual({ start: '2026-03-02', end: '2026-03-07', startHalf: 'pm', days: 4.5 });
  });

  it('drops halves when the unit is whole days', () => {
    const value = { start: '2026-03-02', end: '2026-03-02', startHalf: 'pm', endHalf: 'am' };
    expect(ok({ ...leave, unit: 'day', validation: {} }, value)).toEqual({ start: '2026-03-02', end: '2026-03-02', days: 1 });
  });

  it('checks the days against min / max with the custom message', () => {
    const r = run(leave, { start: '2026-03-09', end: '2026-03-12' });
    expect(r.errors).toEqual([{ pointer: '/answers/leave', code: 'max', message: '最多请3天', params: { max: 3 } }]);
    expect(r.answers.leave).toMatchObject({ days: 4 }); // kept: only a limit failed
  });

  it('reports bad dates, backwards ranges and bad halves', () => {
    expect(codes(leave, { start: '2026-03-09', end: 'soon' })).toEqual(['date']);
    expect(codes(leave, { start: 'x', end: 'y' })).toEqual(['date', 'date']);
    expect(codes(leave, { start: '2026-03-09', end: '2026-03-08' })).toEqual(['range']);
    expect(codes(leave, { start: '2026-03-09', end: '2026-03-09', startHalf: 'pm', endHalf: 'am' })).toEqual(['range']);
    expect(codes(leave, { start: '2026-03-09', end: '2026-03-09', startHalf: 'evening' })).toEqual(['range']);
    expect(codes(leave, '2026-03-09')).toEqual(['type']);
    expect(codes(req(leave), { start: '', end: '' })).toEqual(['required']);
  });
});

describe('choices', () => {
  const options = [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }, { value: 'c', label: 'C' }];

  it('radio and select take one option value', () => {
    expect(ok({ type: 'radio', key: 'r', label: 'R', options }, 'b')).toBe('b');
    expect(codes({ type: 'radio', key: 'r', label: 'R', options }, 'z')).toEqual(['option']);
    expect(codes({ type: 'select', key: 's', label: 'S', options }, 'B')).toEqual(['option']);
    expect(codes({ type: 'select', key: 's', label: 'S', options }, ['a'])).toEqual(['type']);
  });

  it('checkbox takes option values, without duplicates, counting against min / max', () => {
    const f: FormField = { type: 'checkbox', key: 'c', label: 'C', options, validation: { min: 1, max: 2 } };
    expect(ok(f, ['b', 'a', 'b'])).toEqual(['b', 'a']);
    expect(codes(f, ['a', 'z'])).toEqual(['option']);
    expect(codes(f, ['a', 'b', 'c'])).toEqual(['max']);
    expect(codes(f, 'a')).toEqual(['type']);
    expect(codes(f, ['a', 1])).toEqual(['type']);
    expect(codes({ ...f, validation: { min: 2 } }, ['a'])).toEqual(['min']);
  });
});

describe('people, departments, files', () => {
  const known = new Set(['u1', 'u2', 'd1', 'f1', 'f2']);
  const c: ValidateContext = { ...ctx, knownPerson: (id) => known.has(id), knownDepartment: (id) => known.has(id), knownFile: (id) => known.has(id) };

  it('person takes one id, or a list when multiple, checked against knownPerson', () => {
    expect(ok({ type: 'person', key: 'p', label: 'P' }, 'u1', c)).toBe('u1');
    expect(codes({ type: 'person', key: 'p', label: 'P' }, ['u1'], c)).toEqual(['type']);
    expect(ok({ type: 'person', key: 'p', label: 'P', multiple: true }, ['u1', 'u2', 'u1'], c)).toEqual(['u1', 'u2']);
    expect(run({ type: 'person', key: 'p', label: 'P', multiple: true }, ['u1', 'nobody'], c).errors).toEqual([
      { pointer: '/answers/p', code: 'person', message: 'Unknown person', params: { id: 'nobody' } },
    ]);
    expect(ok({ type: 'person', key: 'p', label: 'P' }, 'anyone')).toBe('anyone'); // no lookup given
  });

  it('department is checked against knownDepartment', () => {
    expect(ok({ type: 'department', key: 'd', label: 'D' }, 'd1', c)).toBe('d1');
    expect(codes({ type: 'department', key: 'd', label: 'D' }, 'u9', c)).toEqual(['department']);
  });

  it('attachments and images are lists of known file ids, at most maxFiles (10 by default)', () => {
    expect(ok({ type: 'attachment', key: 'a', label: 'A' }, ['f1', 'f2'], c)).toEqual(['f1', 'f2']);
    expect(codes({ type: 'image', key: 'i', label: 'I' }, ['f1', 'x'], c)).toEqual(['file']);
    const eleven = Array.from({ length: 11 }, (_, i) => `f${i}`);
    expect(run({ type: 'attachment', key: 'a', label: 'A' }, eleven).errors).toEqual([{ pointer: '/answers/a', code: 'max', message: 'Must be at most 10', params: { max: 10 } }]);
    expect(codes({ type: 'attachment', key: 'a', label: 'A', maxFiles: 2 }, ['f1', 'f2', 'f3'])).toEqual(['max']);
    expect(codes({ type: 'attachment', key: 'a', label: 'A' }, 'f1')).toEqual(['type']);
  });
});

describe('phone, ID number, e-mail, signature', () => {
  it('normalises a mobile number', () => {
    expect(ok({ type: 'phone', key: 'p', label: 'P' }, '+86 138-0013-8000')).toBe('13800138000');
    expect(codes({ type: 'phone', key: 'p', label: 'P' }, '010-12345678')).toEqual(['phone']);
  });

  it('upper-cases the X of an ID number and rejects bad checksums', () => {
    expect(ok({ type: 'idNumber', key: 'id', label: 'ID' }, ' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(codes({ type: 'idNumber', key: 'id', label: 'ID' }, '110105194912310021')).toEqual(['idNumber']);
  });

  it('normalises e-mail and applies a pattern to it', () => {
    const f: FormField = { type: 'email', key: 'e', label: 'E', validation: { pattern: '@school\\.cn$' } };
    expect(ok(f, ' Li.Ming@School.CN ')).toBe('li.ming@school.cn');
    expect(codes(f, 'li@example.com')).toEqual(['pattern']);
    expect(codes(f, 'not-an-address')).toEqual(['email']);
  });

  it('accepts a PNG data URL up to 300,000 characters', () => {
    const f: FormField = { type: 'signature', key: 'sig', label: 'S' };
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(ok(f, png)).toBe(png);
    expect(codes(f, 'data:image/svg+xml;base64,PHN2Zz4=')).toEqual(['signature']);
    expect(codes(f, 'data:image/png;base64,<script>')).toEqual(['signature']);
    expect(codes(f, 'data:image/png;base64,' + 'A'.repeat(300_000))).toEqual(['signature']);
  });
});

describe('tables', () => {
  const items: FormField = {
    type: 'table', key: 'items', label: 'Items', validation: { min: 1, max: 3 },
    columns: [
      { type: 'text', key: 'name', label: 'Name', required: true },
      { type: 'number', key: 'qty', label: 'Qty', decimals: 0, validation: { min: 1 } },
      { type: 'money', key: 'price', label: 'Price' },
      { type: 'select', key: 'unit', label: 'Unit', options: [{ value: 'box', label: '箱' }] },
    ],
  };

  it('normalises each cell like its field type', () => {
    expect(ok(items, [{ name: ' 打印纸 ', qty: 2, price: 25.505, unit: 'box' }, { name: '笔', qty: '3' }])).toEqual([
      { name: '打印纸', qty: 2, price: 25.51, unit: 'box' },
      { name: '笔', qty: 3 },
    ]);
  });

  it('points errors at the row and column', () => {
    const r = run(items, [{ name: 'a', qty: 1 }, { qty: 1.5, unit: 'bag' }]);
    expect(r.errors.map((e: FieldError) => [e.pointer, e.code])).toEqual([
      ['/answers/items/1/name', 'required'],
      ['/answers/items/1/qty', 'type'],
      ['/answers/items/1/unit', 'option'],
    ]);
  });

  it('reports unknown columns and rows that are not objects', () => {
    expect(run(items, [{ name: 'a', colour: 'red' }, 'row']).errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/answers/items/0/colour', 'unknownField'],
      ['/answers/items/1', 'type'],
    ]);
  });

  it('drops blank rows, then counts rows against min / max', () => {
    expect(ok(items, [{ name: 'a' }, { name: '', qty: null }, {}])).toEqual([{ name: 'a' }]);
    expect(run(items, [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }]).errors).toEqual([
      { pointer: '/answers/items', code: 'rows', message: 'At most 3 rows', params: { max: 3 } },
    ]);
    expect(codes({ ...items, validation: { min: 2 } }, [{ name: 'a' }])).toEqual(['rows']);
    expect(codes(req(items), [{}, {}])).toEqual(['required']);
  });

  it('refuses more than 200 rows and non-arrays', () => {
    expect(codes({ ...items, validation: {} }, Array.from({ length: 201 }, () => ({ name: 'x' })))).toEqual(['rows']);
    expect(codes(items, { name: 'a' })).toEqual(['type']);
  });
});

describe('calculated fields', () => {
  const schema: FormSchema = {
    sections: [{
      key: 's1', title: 'S', fields: [
        { type: 'dateRange', key: 'leave', label: 'L', unit: 'day', skipWeekends: true, skipHolidays: false },
        { type: 'money', key: 'daily', label: 'D' },
        { type: 'calc', key: 'cost', label: 'C', formula: 'days(leave) * daily', validation: { max: 1000, message: '超出预算' } },
        { type: 'table', key: 'items', label: 'I', columns: [{ type: 'money', key: 'amount', label: 'A' }] },
        { type: 'calc', key: 'total', label: 'T', formula: 'sum(items.amount) + cost', required: true },
      ],
    }],
  };

  it('recomputes from the formula and ignores the value sent', () => {
    const r = validateAnswers(schema, { leave: { start: '2026-03-06', end: '2026-03-09', days: 99 }, daily: 100, cost: 1, total: 2, items: [{ amount: 10.5 }] }, ctx);
    expect(r.errors).toEqual([]);
    expect(r.answers).toEqual({ leave: { start: '2026-03-06', end: '2026-03-09', days: 2 }, daily: 100, cost: 200, items: [{ amount: 10.5 }], total: 210.5 });
  });

  it('leaves an uncomputable calc out, and reports it when required', () => {
    const r = validateAnswers(schema, { daily: 100, cost: 5 }, ctx);
    expect(r.answers).toEqual({ daily: 100 });
    expect(r.errors).toEqual([{ pointer: '/answers/total', code: 'required', message: 'This field is required' }]);
  });

  it('checks min / max on the computed value', () => {
    const r = validateAnswers(schema, { leave: { start: '2026-03-02', end: '2026-03-06' }, daily: 300 }, ctx);
    expect(r.errors).toEqual([{ pointer: '/answers/cost', code: 'max', message: '超出预算', params: { max: 1000 } }]);
  });

  it('reports a formula that does not parse', () => {
    expect(codes({ type: 'calc', key: 'c', label: 'C', formula: '1 +' }, 5)).toEqual(['formula']);
  });
});

describe('visibility and unknown keys', () => {
  const schema: FormSchema = {
    sections: [
      {
        key: 's1', title: 'S1',
        fields: [
          { type: 'description', key: 'intro', label: 'Intro', text: '…' },
          { type: 'radio', key: 'car', label: 'Car', options: [{ value: 'yes', label: 'Y' }, { value: 'no', label: 'N' }], required: true },
          { type: 'text', key: 'plate', label: 'Plate', required: true, visibleIf: { mode: 'all', rules: [{ field: 'car', op: 'eq', value: 'yes' }] } },
        ],
        jumps: [{ when: { mode: 'all', rules: [{ field: 'car', op: 'eq', value: 'no' }] }, goTo: '$end' }],
      },
      { key: 's2', title: 'S2', fields: [{ type: 'number', key: 'km', label: 'Km', required: true }] },
    ],
  };

  it('drops hidden answers without errors, including required hidden fields', () => {
    const r = validateAnswers(schema, { car: 'no', plate: '京A12345', km: 'not a number' }, ctx);
    expect(r).toEqual({ answers: { car: 'no' }, errors: [] });
  });

  it('requires the visible fields', () => {
    const r = validateAnswers(schema, { car: 'yes' }, ctx);
    expect(r.errors.map((e) => e.pointer)).toEqual(['/answers/plate', '/answers/km']);
  });

  it('lets an invalid answer steer nothing', () => {
    // 'maybe' is not an option, so it is not stored and the jump on car = 'no' does not fire.
    const r = validateAnswers(schema, { car: 'maybe' }, ctx);
    expect(r.errors.map((e) => [e.pointer, e.code])).toEqual([['/answers/car', 'option'], ['/answers/km', 'required']]);
  });

  it('reports keys that are not answer fields, escaping the pointer', () => {
    const r = validateAnswers(schema, { car: 'no', intro: 'x', 'a/b~c': 1 } as Answers, ctx);
    expect(r.errors).toEqual([
      { pointer: '/answers/intro', code: 'unknownField', message: 'Not a field of this form' },
      { pointer: '/answers/a~1b~0c', code: 'unknownField', message: 'Not a field of this form' },
    ]);
    expect(r.answers).toEqual({ car: 'no' });
  });

  it('treats a non-object input as no answers', () => {
    expect(validateAnswers(schema, null as unknown as Answers, ctx).errors.map((e) => e.code)).toEqual(['required', 'required']);
  });
});

describe('emptyAnswer / FIELD_ERROR_CODES', () => {
  it('gives the renderer a starting value per type', () => {
    expect(emptyAnswer(text)).toBe('');
    expect(emptyAnswer({ type: 'money', key: 'm', label: 'M' })).toBeNull();
    expect(emptyAnswer({ type: 'checkbox', key: 'c', label: 'C', options: [{ value: 'a', label: 'A' }] })).toEqual([]);
    expect(emptyAnswer({ type: 'person', key: 'p', label: 'P', multiple: true })).toEqual([]);
    expect(emptyAnswer({ type: 'person', key: 'p', label: 'P' })).toBe('');
    expect(emptyAnswer({ type: 'description', key: 'd', label: 'D', text: '' })).toBeUndefined();
  });

  it('lists every code once', () => {
    expect(new Set(FIELD_ERROR_CODES).size).toBe(21);
  });
});
