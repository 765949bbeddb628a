import { describe, expect, it } from 'vitest';
import type { Flow, FormSchema } from '../../../../server/lib/form-schema';
import { validateFormSchema } from '../../../../server/lib/form-validate-schema';
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

describe('problems', () => {
  it('translates the shared checks, naming fields by their labels', () => {
    const issues = validateFormSchema(schema);
    expect(issues).toHaveLength(1);
    const placed = placeProblems(issues, schema, flow);
    expect(placed[0]).toMatchObject({ target: { tab: 'form', fieldKey: 'reason' }, place: '字段「事由」', message: '「类型」在后面，显示条件只能引用前面的字段' });
  });

  it('places flow and settings problems and keeps unknown sentences as they are', () => {
    const placed = placeProblems(
      [
        { pointer: '/flow/nodes/0/approvers/0', message: '"reason" is not a person field' },
        { pointer: '/audience/departmentIds', message: 'Choose who may submit: everyone or at least one department' },
        { pointer: '/flow/nodes/0/approvers/0', message: '"reason" is not a person field' },
      ],
      schema,
      flow,
    );
    expect(placed).toHaveLength(2);
    expect(placed[0]).toMatchObject({ place: '流程节点「部门审批」', message: '「事由」不是人员字段', target: { tab: 'flow', path: { index: 0 } } });
    expect(placed[1]).toMatchObject({ place: '设置', target: { tab: 'settings', setting: 'audience' } });
    expect(problemText('Something new went wrong')).toBe('Something new went wrong');
    expect(problemText('must NOT have more than 100 characters')).toBe('不能超过 100 个字符');
  });
});
