// Publish problems carry stable codes: every code the server can send turns up in a badly broken draft, each
// problem's params are plain values, and the builder has a Chinese and an English sentence for every code whose
// {placeholders} the params fill (the PWA words problems by code, never by matching the English message).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Flow, FormSchema } from '../../../server/lib/form-schema.js';
import { SCHEMA_ISSUE_CODES } from '../../../server/lib/form-validate-schema.js';
import { checkDraft, type DefinitionLookup, type Problem } from '../../../server/modules/forms/forms.definitions-checks.js';
import { DRAFT_PROBLEM_CODES, PROBLEM_CODES } from '../../../server/modules/forms/forms.dto.js';

/** The builder's problem sentences of one language (the PWA's dictionaries). */
function problemTexts(file: string): Record<string, string> {
  const dict = JSON.parse(readFileSync(new URL(`../../../pwa/i18n/${file}`, import.meta.url), 'utf8')) as { forms: { builder: { problem: Record<string, string> } } };
  return dict.forms.builder.problem;
}

/** A draft with every problem a draft can have except "no fields" (which needs a form without any). */
const broken: FormSchema = {
  sections: [
    {
      key: 'a',
      title: '',
      fields: [
        { type: 'text', key: 'name', label: '姓名', visibleIf: { mode: 'all', rules: [{ field: 'later', op: 'eq', value: 'x' }, { field: '$initiator.role', op: 'eq', value: 'staff' }] } },
        { type: 'text', key: 'name', label: '重名', validation: { pattern: '(a+)+' } },
        { type: 'number', key: 'n', label: '数量', validation: { min: 5, max: 1 } },
        { type: 'text', key: 'p', label: '编号', validation: { pattern: '([0-9', minLength: 9, maxLength: 2 }, visibleIf: { mode: 'all', rules: [{ field: 'p', op: 'notEmpty' }] } },
        { type: 'description', key: 'd', label: '说明', text: '…' },
        { type: 'dateRange', key: 'leave', label: '请假时间', unit: 'day', skipWeekends: true, skipHolidays: true },
        { type: 'table', key: 'items', label: '明细', columns: [{ type: 'text', key: 'what', label: '物品' }, { type: 'text', key: 'what', label: '物品2' }] },
        { type: 'calc', key: 'c1', label: '合计', formula: 'leave + items + sum(items.nope) + sum(items.what) + c1 + later + days(n) + p + sum(n.x)' },
        { type: 'calc', key: 'c2', label: '坏公式', formula: '1 + * 2' },
        { type: 'select', key: 'later', label: '后面', options: [{ value: 'x', label: 'X' }, { value: 'x', label: 'X2' }] },
      ],
      jumps: [{ when: { mode: 'all', rules: [{ field: 'n', op: 'gt', value: 'many' }] }, goTo: 'nowhere' }],
    },
    {
      key: 'a',
      title: '',
      fields: [],
      jumps: [{ when: { mode: 'all', rules: [{ field: 'later', op: 'eq', value: 'zz' }, { field: 'd', op: 'notEmpty' }] }, goTo: 'a' }],
    },
  ],
};
const brokenFlow: Flow = {
  nodes: [
    { id: 's', type: 'approve', name: '审批', mode: 'any', approvers: [{ kind: 'person', userId: 'gone' }, { kind: 'field', fieldKey: 'n' }, { kind: 'deptHead', departmentId: 'dX' }] },
    {
      id: 's',
      type: 'branch',
      name: '分支',
      branches: [
        { name: '默认', when: null, nodes: [] },
        { name: '空', when: { mode: 'all', rules: [] }, nodes: [] },
        { name: '角色', when: { mode: 'all', rules: [{ field: '$initiator.role', op: 'gt', value: 'janitor' }, { field: 'n', op: 'eq' }, { field: '$initiator.x', op: 'eq', value: 1 }] }, nodes: [] },
      ],
    },
  ],
};
const look: DefinitionLookup = { personActive: (id) => id === 'u1', departmentExists: (id) => id === 'd1' };

const problems: Problem[] = [
  ...checkDraft({ schema: broken, flow: brokenFlow, settings: { summaryFields: ['ghost'] }, audience: { all: false, departmentIds: ['dGone'] } }, look),
  ...checkDraft({ schema: broken, flow: { nodes: [] }, settings: {}, audience: { all: false, departmentIds: [] } }, look),
  ...checkDraft({ schema: { sections: [{ key: 'e', title: '', fields: [] }] }, flow: { nodes: [] }, settings: {}, audience: { all: true, departmentIds: [] } }, look),
];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

describe('publish problem codes', () => {
  it('lists each code once: the schema’s own and the draft’s', () => {
    expect(new Set(PROBLEM_CODES).size).toBe(PROBLEM_CODES.length);
    expect([...PROBLEM_CODES].sort()).toEqual([...new Set([...SCHEMA_ISSUE_CODES, ...DRAFT_PROBLEM_CODES])].sort());
  });

  it('a broken draft reaches every code, each problem with a pointer, an English message and plain params', () => {
    expect(PROBLEM_CODES.filter((c) => !problems.some((p) => p.code === c))).toEqual([]);
    for (const p of problems) {
      expect(p.pointer).toMatch(/^\/(schema|flow|settings|audience)\//);
      expect(p.message).toMatch(/^[\x20-\x7e]+$/);
      for (const v of Object.values(p.params ?? {})) expect(['string', 'number']).toContain(typeof v);
    }
    expect(problems).toEqual(expect.arrayContaining([
      { pointer: '/schema/sections/0/fields/7/formula', code: 'dateRangeNeedsDays', message: '"leave" is not a number field; use days(leave)', params: { field: 'leave', key: 'leave' } },
      { pointer: '/schema/sections/0/fields/7/formula', code: 'unknownColumn', message: 'Table "items" has no column "nope"', params: { table: 'items', column: 'nope' } },
      { pointer: '/schema/sections/0/fields/8/formula', code: 'formulaSyntax', message: 'Unexpected "*" (at character 5)', params: { at: 5 } },
      { pointer: '/flow/nodes/1/branches/2/when/rules/0/op', code: 'initiatorOperator', message: expect.any(String), params: { op: 'gt', field: '$initiator.role' } },
      { pointer: '/audience/departmentIds/0', code: 'unknownDepartment', message: 'Unknown department dGone', params: { id: 'dGone' } },
      { pointer: '/audience/departmentIds', code: 'noAudience', message: 'Choose who may submit: everyone or at least one department' },
    ]));
  });

  it('the builder words every code in both languages, and the params fill every placeholder', () => {
    const texts = { zh: problemTexts('zh-CN.json'), en: problemTexts('en.json') };
    for (const [lang, dict] of Object.entries(texts)) {
      expect(PROBLEM_CODES.filter((c) => !dict[c]), lang).toEqual([]);
      for (const p of problems) {
        const missing = placeholders(dict[p.code]!).filter((name) => !(name in (p.params ?? {})));
        expect(missing, `${lang} ${p.code}`).toEqual([]);
      }
    }
  });
});
