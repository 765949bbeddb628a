import { describe, expect, it } from 'vitest';
import { FIELD_TYPES, type FormField, type FormSchema } from '../../../../server/lib/form-schema';
import { validateFormSchema } from '../../../../server/lib/form-validate-schema';
import {
  FIELD_TYPE_LIST,
  PALETTE_GROUPS,
  addOption,
  addSection,
  canMoveField,
  coerceValue,
  conditionCandidates,
  fieldKeys,
  findField,
  insertField,
  keyProblem,
  moveField,
  moveFieldBy,
  moveItem,
  moveSection,
  newField,
  newRule,
  operatorsFor,
  removeField,
  removeSection,
  renameFieldKey,
  renameInFormula,
  tidyCondition,
  uniqueKey,
  valueKind,
} from './builder-state';

const texts = { label: '新字段', option: (n: number) => `选项${n}`, column: '列', description: '说明' };
const f = (key: string, type: FormField['type'] = 'text'): FormField => newField(type, key, texts);
const keysOf = (s: FormSchema) => s.sections.map((x) => x.fields.map((y) => y.key));

function schema(...sections: string[][]): FormSchema {
  return { sections: sections.map((keys, i) => ({ key: `s${i + 1}`, title: `S${i + 1}`, fields: keys.map((k) => f(k)) })) };
}

describe('field catalogue', () => {
  it('lists every field type exactly once, and the palette groups cover them all', () => {
    expect([...FIELD_TYPE_LIST].sort()).toEqual([...FIELD_TYPES].sort());
    expect(PALETTE_GROUPS.flatMap((g) => g.types).sort()).toEqual([...FIELD_TYPES].sort());
  });

  it('makes new fields of every type that pass the server checks', () => {
    const fields = FIELD_TYPE_LIST.map((t, i) => newField(t, `k${i}`, texts));
    expect(validateFormSchema({ sections: [{ key: 's1', title: '', fields }] })).toEqual([]);
    expect(fields.find((x) => x.type === 'radio')).toMatchObject({ options: [{ value: 'o1', label: '选项1' }, { value: 'o2', label: '选项2' }] });
    expect(fields.find((x) => x.type === 'dateRange')).toMatchObject({ unit: 'day', skipWeekends: true, skipHolidays: true });
  });
});

describe('keys', () => {
  it('numbers a base until free and cleans it to the key pattern', () => {
    expect(uniqueKey('text', new Set())).toBe('text1');
    expect(uniqueKey('text', new Set(['text1', 'text2']))).toBe('text3');
    expect(uniqueKey('9-x', new Set())).toBe('f9x1');
    expect(keyProblem(uniqueKey('a'.repeat(60), new Set()), new Set())).toBeNull();
  });

  it('explains why a key cannot be used', () => {
    expect(keyProblem('days', new Set(['reason']))).toBeNull();
    expect(keyProblem('2days', new Set())).toBe('pattern');
    expect(keyProblem('请假', new Set())).toBe('pattern');
    expect(keyProblem('reason', new Set(['reason']))).toBe('taken');
  });
});

describe('adding, moving and removing fields', () => {
  it('inserts at a clamped position', () => {
    const s = schema(['a', 'b']);
    expect(keysOf(insertField(s, f('x'), { section: 0, index: 1 }))).toEqual([['a', 'x', 'b']]);
    expect(keysOf(insertField(s, f('x'), { section: 5, index: 99 }))).toEqual([['a', 'b', 'x']]);
  });

  it('moves to a drop gap within a section (the gap counts as shown before the move)', () => {
    const s = schema(['a', 'b', 'c', 'd']);
    expect(keysOf(moveField(s, { section: 0, index: 0 }, { section: 0, index: 3 }))).toEqual([['b', 'c', 'a', 'd']]);
    expect(keysOf(moveField(s, { section: 0, index: 0 }, { section: 0, index: 4 }))).toEqual([['b', 'c', 'd', 'a']]);
    expect(keysOf(moveField(s, { section: 0, index: 3 }, { section: 0, index: 0 }))).toEqual([['d', 'a', 'b', 'c']]);
    expect(moveField(s, { section: 0, index: 1 }, { section: 0, index: 2 })).toBe(s);
    expect(moveField(s, { section: 0, index: 1 }, { section: 0, index: 1 })).toBe(s);
  });

  it('moves across sections', () => {
    const s = schema(['a', 'b'], ['c']);
    expect(keysOf(moveField(s, { section: 0, index: 1 }, { section: 1, index: 0 }))).toEqual([['a'], ['b', 'c']]);
    expect(keysOf(moveField(s, { section: 1, index: 0 }, { section: 0, index: 1 }))).toEqual([['a', 'c', 'b'], []]);
  });

  it('上移/下移 cross section borders and stop at the ends of the form', () => {
    const s = schema(['a', 'b'], ['c']);
    expect(keysOf(moveFieldBy(s, 'a', 1))).toEqual([['b', 'a'], ['c']]);
    expect(keysOf(moveFieldBy(s, 'b', 1))).toEqual([['a'], ['b', 'c']]);
    expect(keysOf(moveFieldBy(s, 'c', -1))).toEqual([['a', 'b', 'c'], []]);
    expect(moveFieldBy(s, 'a', -1)).toBe(s);
    expect(moveFieldBy(s, 'c', 1)).toBe(s);
    expect(canMoveField(s, 'a', -1)).toBe(false);
    expect(canMoveField(s, 'b', 1)).toBe(true);
    expect(canMoveField(s, 'c', 1)).toBe(false);
  });

  it('removes a field and finds fields by key', () => {
    const s = schema(['a'], ['b', 'c']);
    expect(findField(s, 'c')).toMatchObject({ section: 1, index: 1 });
    expect(findField(s, 'zz')).toBeNull();
    expect(keysOf(removeField(s, 'b'))).toEqual([['a'], ['c']]);
    expect([...fieldKeys(s)]).toEqual(['a', 'b', 'c']);
  });
});

describe('sections', () => {
  it('adds with a unique key, reorders, and keeps at least one', () => {
    let s = schema(['a']);
    s = addSection(s, '第二页');
    expect(s.sections.map((x) => x.key)).toEqual(['s1', 'section1']);
    s = moveSection(s, 1, -1);
    expect(s.sections.map((x) => x.key)).toEqual(['section1', 's1']);
    expect(moveSection(s, 0, -1)).toBe(s);
    const one = schema(['a']);
    expect(removeSection(one, 0)).toBe(one);
  });

  it('drops jumps to a removed section', () => {
    const s: FormSchema = {
      sections: [
        { key: 's1', title: '', fields: [f('a')], jumps: [{ when: { mode: 'all', rules: [{ field: 'a', op: 'notEmpty' }] }, goTo: 's3' }, { when: { mode: 'all', rules: [] }, goTo: '$end' }] },
        { key: 's2', title: '', fields: [] },
        { key: 's3', title: '', fields: [] },
      ],
    };
    expect(removeSection(s, 2).sections[0]!.jumps).toEqual([{ when: { mode: 'all', rules: [] }, goTo: '$end' }]);
  });
});

describe('lists and options', () => {
  it('moves items and gives new options unused values', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
    expect(addOption([{ value: 'o1', label: 'x' }, { value: 'o3', label: 'y' }], '新')).toEqual([
      { value: 'o1', label: 'x' },
      { value: 'o3', label: 'y' },
      { value: 'o2', label: '新' },
    ]);
  });
});

describe('renaming a key', () => {
  it('rewrites names in formulas but not column names after a dot', () => {
    expect(renameInFormula('a + ab * a', 'a', 'x')).toBe('x + ab * x');
    expect(renameInFormula('sum(items.a) + days(a)', 'a', 'x')).toBe('sum(items.a) + days(x)');
    expect(renameInFormula('sum(items.price)', 'items', 'rows')).toBe('sum(rows.price)');
  });

  it('follows the key into logic, jumps, formulas, the flow and summary fields', () => {
    const s: FormSchema = {
      sections: [
        {
          key: 's1',
          title: '',
          fields: [f('days', 'number'), { ...f('why'), visibleIf: { mode: 'any', rules: [{ field: 'days', op: 'gt', value: 3 }], groups: [{ mode: 'all', rules: [{ field: 'days', op: 'lt', value: 9 }] }] } }, { type: 'calc', key: 'c', label: 'c', formula: 'days * 2' }],
          jumps: [{ when: { mode: 'all', rules: [{ field: 'days', op: 'eq', value: 1 }] }, goTo: '$end' }],
        },
      ],
    };
    const out = renameFieldKey(
      {
        schema: s,
        flow: {
          nodes: [
            { id: 'b1', type: 'branch', name: '分支', branches: [{ name: 'x', when: { mode: 'all', rules: [{ field: 'days', op: 'gt', value: 3 }] }, nodes: [{ id: 'a1', type: 'approve', name: '审批', mode: 'any', approvers: [{ kind: 'field', fieldKey: 'days' }] }] }, { name: 'y', when: null, nodes: [] }] },
          ],
        },
        settings: { summaryFields: ['days', 'why'] },
      },
      'days',
      'leaveDays',
    );
    const text = JSON.stringify(out);
    expect(text).not.toContain('"days"');
    expect(text).toContain('leaveDays * 2');
    expect(out.settings.summaryFields).toEqual(['leaveDays', 'why']);
    expect(validateFormSchema(out.schema)).toEqual([]);
  });
});

describe('logic', () => {
  const s: FormSchema = {
    sections: [
      { key: 's1', title: '', fields: [f('type', 'radio'), { type: 'description', key: 'd', label: 'd', text: '' }, f('days', 'number')] },
      { key: 's2', title: '', fields: [f('reason'), f('proof', 'attachment')] },
    ],
  };
  const keys = (list: FormField[]) => list.map((x) => x.key);

  it('offers only earlier answer fields (a jump: up to its section end; the flow: all)', () => {
    expect(keys(conditionCandidates(s, { kind: 'field', key: 'type' }))).toEqual([]);
    expect(keys(conditionCandidates(s, { kind: 'field', key: 'days' }))).toEqual(['type']);
    expect(keys(conditionCandidates(s, { kind: 'field', key: 'proof' }))).toEqual(['type', 'days', 'reason']);
    expect(keys(conditionCandidates(s, { kind: 'section', index: 1 }))).toEqual(['type', 'days']);
    expect(keys(conditionCandidates(s, { kind: 'jump', section: 0 }))).toEqual(['type', 'days']);
    expect(keys(conditionCandidates(s, { kind: 'flow' }))).toEqual(['type', 'days', 'reason', 'proof']);
  });

  it('offers comparisons that suit the field type', () => {
    expect(operatorsFor('number')).toContain('gt');
    expect(operatorsFor('text')).not.toContain('gt');
    expect(operatorsFor('radio')).toEqual(expect.arrayContaining(['eq', 'in']));
    expect(operatorsFor('checkbox')[0]).toBe('contains');
    expect(operatorsFor('attachment')).toEqual(['notEmpty', 'empty']);
    expect(operatorsFor('$initiator.department')).toEqual(['in', 'notIn']);
  });

  it('picks the value input from type and comparison', () => {
    expect(valueKind('radio', 'eq')).toBe('option');
    expect(valueKind('radio', 'in')).toBe('options');
    expect(valueKind('checkbox', 'contains')).toBe('option');
    expect(valueKind('checkbox', 'eq')).toBe('options');
    expect(valueKind('dateRange', 'gt')).toBe('number');
    expect(valueKind('date', 'lt')).toBe('date');
    expect(valueKind('text', 'empty')).toBe('none');
    expect(valueKind('$initiator.role', 'in')).toBe('roles');
  });

  it('keeps a value when it still fits and reshapes it otherwise', () => {
    expect(coerceValue('options', 'o1')).toEqual(['o1']);
    expect(coerceValue('option', ['o2', 'o1'])).toBe('o2');
    expect(coerceValue('number', '3.5')).toBe(3.5);
    expect(coerceValue('number', 'abc')).toBeUndefined();
    expect(coerceValue('none', 5)).toBeUndefined();
    expect(coerceValue('date', '2026-10-01')).toBe('2026-10-01');
    expect(coerceValue('date', 'soon')).toBeUndefined();
  });

  it('starts rules with the first comparison and tidies empty conditions away', () => {
    expect(newRule('type', 'radio')).toEqual({ field: 'type', op: 'eq' });
    expect(newRule('dept', '$initiator.department')).toEqual({ field: 'dept', op: 'in', value: [] });
    expect(tidyCondition({ mode: 'all', rules: [], groups: [{ mode: 'any', rules: [] }] })).toBeUndefined();
    expect(tidyCondition({ mode: 'any', rules: [{ field: 'a', op: 'empty' }], groups: [] })).toEqual({ mode: 'any', rules: [{ field: 'a', op: 'empty' }] });
  });
});
