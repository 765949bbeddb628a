import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Flow, FormSchema } from '../../../../server/lib/form-schema';
import { SCHEMA_ISSUE_CODES, validateFormSchema } from '../../../../server/lib/form-validate-schema';
import { PROBLEM_CODES } from '../../../../server/modules/forms/forms.dto';
import { setLocale } from '../../../i18n';
import en from '../../../i18n/en.json';
import zh from '../../../i18n/zh-CN.json';
import { placeProblems, problemText } from './problems';

const schema: FormSchema = {
  sections: [
    {
      key: 's1',
      title: '基本信息',
      fields: [
        { type: 'text', key: 'reason', label: '事由', visibleIf: { mode: 'all', rules: [{ field: 'kind', op: 'eq', value: 'a' }] } },
        { type: 'radio', key: 'kind', label: '类型', options: [{ value: 'a', label: 'A' }] },
      ],
    },
  ],
};
const flow: Flow = { nodes: [{ id: 'approve1', type: 'approve', name: '部门审批', mode: 'any', approvers: [{ kind: 'field', fieldKey: 'reason' }] }] };

/** One of each problem the shared schema checks find. */
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
      jumps: [{ when: { mode: 'all', rules: [{ field: 'later', op: 'eq', value: 'zz' }, { field: 'd', op: 'notEmpty' }, { field: 'ghost', op: 'notEmpty' }, { field: 'n', op: 'eq' }] }, goTo: 'a' }],
    },
  ],
};

// setLocale() sets <html lang>; the English test switches languages outside a browser.
beforeAll(() => {
  vi.stubGlobal('document', { documentElement: { lang: '' } });
});
afterAll(async () => {
  await setLocale('zh-CN', false);
  vi.unstubAllGlobals();
});

describe('problems', () => {
  it('translates the shared checks by code, naming fields by their labels', () => {
    const issues = validateFormSchema(schema);
    expect(issues).toEqual([{ pointer: '/schema/sections/0/fields/0/visibleIf/rules/0/field', code: 'logicUsesLaterField', message: expect.any(String), params: { field: 'kind' } }]);
    const placed = placeProblems(issues, schema, flow);
    expect(placed[0]).toMatchObject({ target: { tab: 'form', fieldKey: 'reason' }, place: '字段「事由」', message: '「类型」在后面，显示条件只能引用前面的字段' });
  });

  it('places flow and settings problems, and words them by code whatever the English says', () => {
    const placed = placeProblems(
      [
        { pointer: '/flow/nodes/0/approvers/0', code: 'notPersonField', message: 'reworded by a later server', params: { field: 'reason' } },
        { pointer: '/audience/departmentIds', code: 'noAudience', message: 'Choose who may submit: everyone or at least one department' },
        { pointer: '/flow/nodes/0/approvers/0', code: 'notPersonField', message: 'reworded by a later server', params: { field: 'reason' } },
      ],
      schema,
      flow,
    );
    expect(placed).toHaveLength(2);
    expect(placed[0]).toMatchObject({ place: '流程节点「部门审批」', message: '「事由」不是人员字段', target: { tab: 'flow', path: { index: 0 } } });
    expect(placed[1]).toMatchObject({ place: '设置', message: '请选择谁可以发起：全校，或至少一个部门', target: { tab: 'settings', setting: 'audience' } });
  });

  it('keeps the English of unknown codes, and words the request validator’s code-less sentences', () => {
    expect(problemText({ pointer: '/x', code: 'somethingNew', message: 'Something new went wrong' })).toBe('Something new went wrong');
    expect(problemText({ pointer: '/x', message: 'Something new went wrong' })).toBe('Something new went wrong');
    expect(problemText({ pointer: '/name', message: 'must NOT have more than 100 characters' })).toBe('不能超过 100 个字符');
    expect(problemText({ pointer: '/x', code: 'initiatorOnlyInFlow', message: '', params: { field: '$initiator.role' } })).toBe('「发起人角色」只能用于审批流程的条件分支');
  });

  it('has a Chinese and an English text for every code the server can send', () => {
    const zhTexts = zh.forms.builder.problem as Record<string, string>;
    const enTexts = en.forms.builder.problem as Record<string, string>;
    expect(PROBLEM_CODES.filter((c) => !zhTexts[c] || !enTexts[c])).toEqual([]);
  });

  it('words every problem of the shared checks, with all of its placeholders filled, in both languages', async () => {
    const issues = validateFormSchema(broken);
    expect(SCHEMA_ISSUE_CODES.filter((c) => !issues.some((i) => i.code === c))).toEqual([]);
    const words = () => placeProblems(issues, broken, { nodes: [] }).map((p) => p.message);
    for (const text of words()) expect(text).toMatch(/^[^{}]*[\u4e00-\u9fff][^{}]*$/);
    expect(words()).toEqual(
      expect.arrayContaining(['「请假时间」是日期区间，请用 days(leave) 取天数', '明细表格「明细」没有「nope」列', '「zz」不是「后面」的选项', '「发起人角色」只能用于审批流程的条件分支']),
    );

    // English: the same codes worded from en.json, not the server's sentences (which name keys, not labels)
    await setLocale('en', false);
    for (const text of words()) expect(text).not.toMatch(/[{}]/);
    expect(words()).toEqual(expect.arrayContaining(['“请假时间” is a date range; use days(leave) for its days', 'Column “what” of table “明细” is not a number column']));
    expect(problemText({ pointer: '/flow/nodes/0/approvers/0', code: 'notPersonField', message: '"reason" is not a person field', params: { field: 'reason' } }, () => '事由')).toBe('“事由” is not a person field');
  });
});
