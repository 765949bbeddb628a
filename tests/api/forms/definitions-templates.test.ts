// The ready-made templates as data: each passes the schema checks and the flow checks both in a school that
// has the named offices and in one that has none (steps fall back to the office admins); their logic does
// what the template promises; and the flow checks themselves catch what they should.
import { describe, expect, it } from 'vitest';
import { evaluateCondition, resolveVisibility } from '../../../server/lib/form-logic.js';
import type { Flow, FormSchema } from '../../../server/lib/form-schema.js';
import { checkDraft, checkFlow, hasApproval, type DefinitionLookup } from '../../../server/modules/forms/forms.definitions-checks.js';
import { formatSerial } from '../../../server/modules/forms/forms.definitions.js';
import { checkCalendar } from '../../../server/modules/forms/forms.calendar.js';
import { TEMPLATE_KEYS, templateDraft, templateSummaries } from '../../../server/modules/forms/forms.templates.js';

const OFFICES: Record<string, string> = { 总务处: 'dLogistics', 综合办公室: 'dOffice', 财务室: 'dFinance' };
const lookup: DefinitionLookup = { personActive: (id) => id === 'u1', departmentExists: (id) => Object.values(OFFICES).includes(id) };
const everyone = { all: true, departmentIds: [] };

describe('templates', () => {
  it.each(TEMPLATE_KEYS)('%s has no problems, with or without the named offices', (key) => {
    for (const byName of [(n: string) => OFFICES[n] ?? null, () => null]) {
      const t = templateDraft(key, byName);
      expect(checkDraft({ schema: t.schema, flow: t.flow, settings: t.settings, audience: everyone }, lookup)).toEqual([]);
    }
  });

  it('without the named office a step goes to the office admins', () => {
    const equipment = templateDraft('equipment', () => null);
    expect(equipment.flow.nodes[1]).toMatchObject({ name: '总务处审批', approvers: [{ kind: 'role', role: 'admin' }] });
    const circulation = templateDraft('circulation', (n) => OFFICES[n] ?? null);
    expect(circulation.flow.nodes[0]).toMatchObject({ name: '办公室拟办', approvers: [{ kind: 'deptHead', departmentId: 'dOffice' }] });
    expect(circulation.flow.nodes[1]).toMatchObject({ name: '校领导批示', mode: 'sequential', approvers: [{ kind: 'role', role: 'principal' }] });
  });

  it('drafts are independent copies', () => {
    const a = templateDraft('leave', () => null);
    a.schema.sections[0]!.fields.length = 0;
    expect(templateDraft('leave', () => null).schema.sections[0]!.fields.length).toBeGreaterThan(0);
  });

  it('summaries match the drafts', () => {
    for (const s of templateSummaries()) {
      const d = templateDraft(s.key, () => null);
      expect([d.name, d.icon, d.category]).toEqual([s.name, s.icon, s.category]);
      expect(s.description.length).toBeGreaterThan(10);
    }
  });

  it('the leave form asks for proof and a cover plan only when they apply, and goes to a leader after 2 days', () => {
    const { schema, flow } = templateDraft('leave', () => null);
    const visible = (answers: Record<string, unknown>) => resolveVisibility(schema, answers as never).fields;
    expect(visible({ leaveType: '事假', needCover: '否' }).has('proof')).toBe(false);
    expect(visible({ leaveType: '病假', needCover: '否' }).has('proof')).toBe(true);
    expect(visible({ leaveType: '事假', needCover: '否' }).has('coverPlan')).toBe(false);
    expect(visible({ leaveType: '事假', needCover: '是' }).has('coverPlan')).toBe(true);
    const branch = flow.nodes[1]!;
    if (branch.type !== 'branch') throw new Error('expected the day branch');
    const long = branch.branches[0]!.when!;
    expect(evaluateCondition(long, { period: { start: '2026-03-02', end: '2026-03-04', days: 2.5 } })).toBe(true);
    expect(evaluateCondition(long, { period: { start: '2026-03-02', end: '2026-03-03', days: 2 } })).toBe(false);
    expect(hasApproval(flow)).toBe(true);
    expect(hasApproval(templateDraft('signup', () => null).flow)).toBe(false);
  });
});

describe('flow checks', () => {
  const schema: FormSchema = {
    sections: [{ key: 'm', title: '', fields: [{ type: 'radio', key: 'kind', label: '类别', options: [{ value: 'a', label: '甲' }] }, { type: 'description', key: 'd', label: '说明', text: '…' }] }],
  };
  const pointers = (flow: Flow) => checkFlow(flow, schema, lookup).map((p) => p.pointer);
  const codes = (flow: Flow) => checkFlow(flow, schema, lookup).map((p) => p.code);

  it('finds approvers approval can never reach', () => {
    expect(pointers({ nodes: [{ id: 'a', type: 'approve', name: 'A', mode: 'any', approvers: [{ kind: 'person', userId: 'u1' }, { kind: 'person', userId: 'gone' }, { kind: 'deptHead', departmentId: 'dX' }, { kind: 'field', fieldKey: 'nope' }, { kind: 'supervisor', level: 2 }] }] }))
      .toEqual(['/flow/nodes/0/approvers/1', '/flow/nodes/0/approvers/2', '/flow/nodes/0/approvers/3']);
    expect(checkFlow({ nodes: [{ id: 'a', type: 'approve', name: 'A', mode: 'any', approvers: [{ kind: 'person', userId: 'gone' }, { kind: 'deptHead', departmentId: 'dX' }, { kind: 'field', fieldKey: 'nope' }, { kind: 'field', fieldKey: 'kind' }] }] }, schema, lookup))
      .toEqual([
        { pointer: '/flow/nodes/0/approvers/0', code: 'unknownPerson', message: 'Unknown or inactive person gone', params: { id: 'gone' } },
        { pointer: '/flow/nodes/0/approvers/1', code: 'unknownDepartment', message: 'Unknown department dX', params: { id: 'dX' } },
        { pointer: '/flow/nodes/0/approvers/2', code: 'unknownField', message: 'Unknown field "nope"', params: { field: 'nope' } },
        { pointer: '/flow/nodes/0/approvers/3', code: 'notPersonField', message: '"kind" is not a person field', params: { field: 'kind' } },
      ]);
  });

  it('checks branch rules against the form and the initiator', () => {
    const when = (rules: NonNullable<Flow['nodes'][number] & { type: 'branch' }>['branches'][number]['when']): Flow => ({
      nodes: [{ id: 'b', type: 'branch', name: 'B', branches: [{ name: 'x', when: rules, nodes: [] }] }],
    });
    expect(pointers(when({ mode: 'all', rules: [{ field: 'kind', op: 'eq', value: 'z' }] }))).toEqual(['/flow/nodes/0/branches/0/when/rules/0/value']);
    expect(pointers(when({ mode: 'all', rules: [{ field: 'd', op: 'notEmpty' }] }))).toEqual(['/flow/nodes/0/branches/0/when/rules/0/field']);
    expect(pointers(when({ mode: 'all', rules: [{ field: 'kind', op: 'gt', value: 'lots' }] }))).toContain('/flow/nodes/0/branches/0/when/rules/0/value');
    expect(pointers(when({ mode: 'all', rules: [{ field: '$initiator.name', op: 'eq', value: 'x' }] }))).toEqual(['/flow/nodes/0/branches/0/when/rules/0/field']);
    expect(pointers(when({ mode: 'all', rules: [{ field: '$initiator.department', op: 'gt', value: ['dOffice'] }] }))).toEqual(['/flow/nodes/0/branches/0/when/rules/0/op']);
    expect(pointers(when({ mode: 'any', rules: [], groups: [{ mode: 'all', rules: [{ field: '$initiator.department', op: 'in', value: ['dOffice', 'dGone'] }] }] })))
      .toEqual(['/flow/nodes/0/branches/0/when/groups/0/rules/0/value']);
    expect(pointers(when({ mode: 'all', rules: [] }))).toEqual(['/flow/nodes/0/branches/0/when/rules']);
    expect(codes(when({ mode: 'all', rules: [] }))).toEqual(['branchWithoutRules']);
    expect(codes(when({ mode: 'all', rules: [{ field: 'kind', op: 'eq', value: 'z' }, { field: 'd', op: 'notEmpty' }, { field: 'kind', op: 'gt', value: 'lots' }, { field: 'kind', op: 'eq' }] })))
      .toEqual(['notAnOption', 'descriptionHasNoAnswer', 'notComparable', 'notAnOption', 'missingValue']);
    expect(codes(when({ mode: 'all', rules: [{ field: '$initiator.role', op: 'gt', value: 'janitor' }] }))).toEqual(['initiatorOperator', 'unknownRole']);
    expect(pointers(when({ mode: 'all', rules: [{ field: 'kind', op: 'in', value: ['a'] }] }))).toEqual([]);
  });

  it('settings and audience are checked too', () => {
    const problems = checkDraft({ schema, flow: { nodes: [] }, settings: { summaryFields: ['kind', 'd', 'x'] }, audience: { all: false, departmentIds: [] } }, lookup);
    expect(problems.map((p) => p.pointer)).toEqual(['/settings/summaryFields/1', '/settings/summaryFields/2', '/audience/departmentIds']);
    expect(problems.map((p) => [p.code, p.params ?? null])).toEqual([['unknownField', { field: 'd' }], ['unknownField', { field: 'x' }], ['noAudience', null]]);
  });
});

describe('serials and the calendar', () => {
  it('formats serials on the UTC date', () => {
    expect(formatSerial(new Date('2026-11-28T23:59:59Z'), 7)).toBe('20261128-0007');
    expect(formatSerial(new Date('2026-01-02T00:00:00Z'), 12345)).toBe('20260102-12345');
  });

  it('sorts the calendar and reports each bad date', () => {
    expect(checkCalendar({ holidays: ['2026-05-02', '2026-05-01'], workdays: [] })).toEqual({ calendar: { holidays: ['2026-05-01', '2026-05-02'], workdays: [] }, errors: [] });
    expect(checkCalendar({ holidays: ['2026-13-01'], workdays: ['2026-04-26', '2026-04-26'] }).errors.map((e) => e.pointer)).toEqual(['/holidays/0', '/workdays/1']);
  });
});
