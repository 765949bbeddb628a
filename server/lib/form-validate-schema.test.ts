import { describe, expect, it } from 'vitest';
import type { Condition, FormField, FormSchema } from './form-schema.js';
import { validateFormSchema } from './form-validate.js';

const when = (field: string, op: Condition['rules'][number]['op'] = 'notEmpty', value?: string | number | string[]): Condition => ({
  mode: 'all', rules: [value === undefined ? { field, op } : { field, op, value }],
});
const num = (key: string, extra: Partial<FormField> = {}) => ({ type: 'number', key, label: key, ...extra }) as FormField;
const txt = (key: string, extra: Partial<FormField> = {}) => ({ type: 'text', key, label: key, ...extra }) as FormField;
const calc = (key: string, formula: string) => ({ type: 'calc', key, label: key, formula }) as FormField;
const form = (...sections: FormField[][]): FormSchema => ({ sections: sections.map((fields, i) => ({ key: `s${i + 1}`, title: '', fields })) });
const check = (schema: FormSchema) => validateFormSchema(schema);

describe('validateFormSchema', () => {
  it('accepts a well-formed form', () => {
    const schema: FormSchema = {
      sections: [
        {
          key: 'basic', title: '基本信息',
          fields: [
            { type: 'radio', key: 'kind', label: '类型', options: [{ value: 'sick', label: '病假' }, { value: 'personal', label: '事假' }] },
            { type: 'dateRange', key: 'leave', label: '时间', unit: 'halfDay', skipWeekends: true, skipHolidays: true },
            { type: 'attachment', key: 'proof', label: '证明', visibleIf: when('kind', 'eq', 'sick') },
            { type: 'table', key: 'items', label: '明细', columns: [{ type: 'money', key: 'amount', label: '金额' }, { type: 'text', key: 'what', label: '项目' }] },
            { type: 'calc', key: 'total', label: '合计', formula: 'sum(items.amount) + days(leave) * 100 + count(items.what)' },
          ],
          jumps: [{ when: when('total', 'lt', 100), goTo: '$end' }, { when: when('kind', 'in', ['personal']), goTo: 'extra' }],
        },
        { key: 'skipped', title: '', fields: [txt('why')] },
        { key: 'extra', title: '', visibleIf: when('leave', 'gt', 3), fields: [txt('more', { validation: { pattern: '^\\d{6}$', minLength: 6, maxLength: 6 } })] },
      ],
    };
    expect(check(schema)).toEqual([]);
  });

  it('finds duplicate section, field, column and option keys', () => {
    const schema: FormSchema = {
      sections: [
        { key: 'a', title: '', fields: [txt('x'), { type: 'select', key: 'y', label: 'y', options: [{ value: 'v', label: '1' }, { value: 'v', label: '2' }] }] },
        {
          key: 'a', title: '',
          fields: [
            txt('x'),
            { type: 'table', key: 't', label: 't', columns: [txt('c') as never, txt('c') as never, { type: 'select', key: 'd', label: 'd', options: [{ value: 'o', label: 'o' }, { value: 'o', label: 'p' }] }] },
          ],
        },
      ],
    };
    expect(check(schema)).toEqual([
      { pointer: '/schema/sections/1/key', code: 'duplicateSectionKey', message: 'Duplicate section key "a"', params: { key: 'a' } },
      { pointer: '/schema/sections/1/fields/0/key', code: 'duplicateFieldKey', message: 'Duplicate field key "x"', params: { key: 'x' } },
      { pointer: '/schema/sections/0/fields/1/options/1/value', code: 'duplicateOptionValue', message: 'Duplicate option value "v"', params: { value: 'v' } },
      { pointer: '/schema/sections/1/fields/1/columns/1/key', code: 'duplicateColumnKey', message: 'Duplicate column key "c"', params: { key: 'c' } },
      { pointer: '/schema/sections/1/fields/1/columns/2/options/1/value', code: 'duplicateOptionValue', message: 'Duplicate option value "o"', params: { value: 'o' } },
    ]);
  });

  it('lets a section key repeat a field key (separate namespaces)', () => {
    expect(check({ sections: [{ key: 'x', title: '', fields: [txt('x')] }] })).toEqual([]);
  });

  it('requires visibleIf to use earlier fields only', () => {
    expect(check(form([txt('a', { visibleIf: when('b') }), txt('b')]))).toEqual([
      { pointer: '/schema/sections/0/fields/0/visibleIf/rules/0/field', code: 'logicUsesLaterField', message: '"b" comes later in the form; logic can only use earlier fields', params: { field: 'b' } },
    ]);
    expect(check(form([txt('a', { visibleIf: when('a') })]))).toEqual([
      { pointer: '/schema/sections/0/fields/0/visibleIf/rules/0/field', code: 'dependsOnItself', message: 'A field cannot depend on itself' },
    ]);
    expect(check(form([txt('a', { visibleIf: { mode: 'any', rules: [], groups: [{ mode: 'all', rules: [{ field: 'zz', op: 'empty' }] }] } })]))).toEqual([
      { pointer: '/schema/sections/0/fields/0/visibleIf/groups/0/rules/0/field', code: 'unknownField', message: 'Unknown field "zz"', params: { field: 'zz' } },
    ]);
  });

  it('lets a section condition use fields of earlier sections only', () => {
    const schema: FormSchema = { sections: [{ key: 's1', title: '', fields: [txt('a')] }, { key: 's2', title: '', visibleIf: when('b'), fields: [txt('b')] }] };
    expect(check(schema)).toEqual([{ pointer: '/schema/sections/1/visibleIf/rules/0/field', code: 'logicUsesLaterField', message: '"b" comes later in the form; logic can only use earlier fields', params: { field: 'b' } }]);
  });

  it('refuses flow-only fields and description fields in form logic', () => {
    const schema = form([{ type: 'description', key: 'd', label: 'd', text: '' }, txt('a', { visibleIf: when('d') }), txt('b', { visibleIf: when('$initiator.role', 'in', ['admin']) })]);
    expect(check(schema)).toEqual([
      { pointer: '/schema/sections/0/fields/1/visibleIf/rules/0/field', code: 'descriptionHasNoAnswer', message: '"d" is a description and holds no answer', params: { field: 'd' } },
      { pointer: '/schema/sections/0/fields/2/visibleIf/rules/0/field', code: 'initiatorOnlyInFlow', message: '"$initiator.role" can only be used in approval-flow branches', params: { field: '$initiator.role' } },
    ]);
  });

  it('checks rule values: present, comparable, among the options', () => {
    const r = { type: 'radio', key: 'r', label: 'r', options: [{ value: 'a', label: 'a' }] } as FormField;
    const schema = form([r, num('n'), txt('x', { visibleIf: { mode: 'all', rules: [{ field: 'n', op: 'gt' }, { field: 'n', op: 'gt', value: 'lots' }, { field: 'r', op: 'in', value: ['a', 'b'] }, { field: 'r', op: 'eq', value: 'a' }] } })]);
    expect(check(schema)).toEqual([
      { pointer: '/schema/sections/0/fields/2/visibleIf/rules/0/value', code: 'missingValue', message: 'This comparison needs a value' },
      { pointer: '/schema/sections/0/fields/2/visibleIf/rules/1/value', code: 'notComparable', message: 'Compare with a number, a date (YYYY-MM-DD) or a time (HH:MM)' },
      { pointer: '/schema/sections/0/fields/2/visibleIf/rules/2/value', code: 'notAnOption', message: '"b" is not an option of "r"', params: { value: 'b', field: 'r' } },
    ]);
  });

  it('lets jumps use the fields of their own section, and go only forwards', () => {
    const schema: FormSchema = {
      sections: [
        { key: 's1', title: '', fields: [txt('a')], jumps: [{ when: when('a'), goTo: 's3' }, { when: when('c'), goTo: '$end' }] },
        { key: 's2', title: '', fields: [txt('b')], jumps: [{ when: when('b'), goTo: 's1' }, { when: when('b'), goTo: 's2' }, { when: when('b'), goTo: 'nowhere' }] },
        { key: 's3', title: '', fields: [txt('c')] },
      ],
    };
    expect(check(schema)).toEqual([
      { pointer: '/schema/sections/0/jumps/1/when/rules/0/field', code: 'logicUsesLaterField', message: '"c" comes later in the form; logic can only use earlier fields', params: { field: 'c' } },
      { pointer: '/schema/sections/1/jumps/0/goTo', code: 'jumpBackwards', message: 'A jump can only go to a later section' },
      { pointer: '/schema/sections/1/jumps/1/goTo', code: 'jumpBackwards', message: 'A jump can only go to a later section' },
      { pointer: '/schema/sections/1/jumps/2/goTo', code: 'unknownSection', message: 'Unknown section "nowhere"', params: { section: 'nowhere' } },
    ]);
  });

  it('reports formulas that do not parse, with the position', () => {
    expect(check(form([calc('c', '1 + * 2')]))).toEqual([{ pointer: '/schema/sections/0/fields/0/formula', code: 'formulaSyntax', message: 'Unexpected "*" (at character 5)', params: { at: 5 } }]);
  });

  it('requires formulas to use earlier fields of a numeric kind', () => {
    const schema = form(
      [num('a'), txt('t'), { type: 'dateRange', key: 'r', label: 'r', unit: 'day', skipWeekends: false, skipHolidays: false }, { type: 'table', key: 'tb', label: 'tb', columns: [txt('name') as never, num('qty') as never] }],
      [calc('c1', 'a + later'), calc('c2', 'c2 + 1'), calc('c3', 't + r + tb'), calc('c4', 'days(a) + sum(tb.name) + sum(tb.nope) + sum(a.x) + count(tb.name)'), calc('c5', 'nobody * 2'), num('later')],
    );
    expect(check(schema)).toEqual([
      { pointer: '/schema/sections/1/fields/0/formula', code: 'formulaUsesLaterField', message: '"later" comes later in the form; a formula can only use earlier fields', params: { field: 'later' } },
      { pointer: '/schema/sections/1/fields/1/formula', code: 'formulaUsesItself', message: 'A formula cannot use its own field' },
      { pointer: '/schema/sections/1/fields/2/formula', code: 'notNumberField', message: '"t" is not a number field', params: { field: 't' } },
      { pointer: '/schema/sections/1/fields/2/formula', code: 'dateRangeNeedsDays', message: '"r" is not a number field; use days(r)', params: { field: 'r', key: 'r' } },
      { pointer: '/schema/sections/1/fields/2/formula', code: 'tableNeedsSum', message: '"tb" is not a number field; use sum(tb.column)', params: { field: 'tb', key: 'tb' } },
      { pointer: '/schema/sections/1/fields/3/formula', code: 'notDateRange', message: 'days() needs a date-range field; "a" is not one', params: { field: 'a' } },
      { pointer: '/schema/sections/1/fields/3/formula', code: 'notNumberColumn', message: 'Column "tb.name" is not a number column', params: { table: 'tb', column: 'name' } },
      { pointer: '/schema/sections/1/fields/3/formula', code: 'unknownColumn', message: 'Table "tb" has no column "nope"', params: { table: 'tb', column: 'nope' } },
      { pointer: '/schema/sections/1/fields/3/formula', code: 'notTable', message: '"a" is not a table', params: { field: 'a' } },
      { pointer: '/schema/sections/1/fields/4/formula', code: 'unknownField', message: 'Unknown field "nobody"', params: { field: 'nobody' } },
    ]);
  });

  it('cannot build a cycle between calc fields', () => {
    const issues = check(form([calc('x', 'y + 1'), calc('y', 'x + 1')]));
    expect(issues).toEqual([{ pointer: '/schema/sections/0/fields/0/formula', code: 'formulaUsesLaterField', message: '"y" comes later in the form; a formula can only use earlier fields', params: { field: 'y' } }]);
  });

  it('checks validation limits and patterns, in fields and table columns', () => {
    const schema = form([
      num('n', { validation: { min: 5, max: 1 } }),
      txt('t', { validation: { minLength: 9, maxLength: 3, pattern: '([a-z' } }),
      txt('slow', { validation: { pattern: '^(a+)+$' } }),
      { type: 'table', key: 'tb', label: 'tb', validation: { min: 3, max: 2 }, columns: [num('q', { validation: { min: 2, max: 1 } }) as never] },
    ]);
    expect(check(schema)).toEqual([
      { pointer: '/schema/sections/0/fields/0/validation/min', code: 'minAboveMax', message: 'min is greater than max' },
      { pointer: '/schema/sections/0/fields/1/validation/minLength', code: 'minLengthAboveMaxLength', message: 'minLength is greater than maxLength' },
      { pointer: '/schema/sections/0/fields/1/validation/pattern', code: 'invalidPattern', message: 'Not a valid regular expression' },
      { pointer: '/schema/sections/0/fields/2/validation/pattern', code: 'slowPattern', message: 'Nested repetition such as (a+)+ can make the pattern very slow' },
      { pointer: '/schema/sections/0/fields/3/validation/min', code: 'minAboveMax', message: 'min is greater than max' },
      { pointer: '/schema/sections/0/fields/3/columns/0/validation/min', code: 'minAboveMax', message: 'min is greater than max' },
    ]);
  });

  it('does not flag ordinary patterns as slow', () => {
    for (const pattern of ['^\\d{6}$', '^[A-Z]{2}-\\d+$', '^(\\d{3})-\\d{4}$', '^(?:13|15)\\d{9}$', '\\(a+\\)+']) {
      expect(check(form([txt('t', { validation: { pattern } })]))).toEqual([]);
    }
  });
});
