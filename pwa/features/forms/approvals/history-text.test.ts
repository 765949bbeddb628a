import { describe, expect, it } from 'vitest';
import type { HistoryView, StepView } from '../../../../server/modules/forms/forms.dto';
import { sentence } from './history-text';

const person = (displayName: string) => ({ id: displayName, displayName, departmentName: null });
const h = (over: Partial<HistoryView>): HistoryView => ({
  id: 1, round: 1, type: 'approved', at: '2026-11-28T02:00:00.000Z', actor: null, onBehalfOf: null, target: null,
  stepIndex: null, stepName: null, comment: null, hasSignature: false, detail: null, ...over,
});
const steps: StepView[] = [{ index: 0, nodeId: 'n0', name: '部门负责人审批', kind: 'approve', mode: 'sequential', status: 'done', tasks: [] }];
const ctx = { status: 'running' as const, steps };

describe('history sentences', () => {
  it('names who did what', () => {
    expect(sentence(h({ type: 'approved', actor: person('杜建华') }), ctx)).toBe('杜建华 同意');
    expect(sentence(h({ type: 'transferred', actor: person('杜建华'), target: person('叶红梅') }), ctx)).toBe('杜建华 转交给 叶红梅');
  });

  it('reads the machine detail of returns, added signers and automatic approvals', () => {
    expect(sentence(h({ type: 'returned', actor: person('周振华'), detail: 'initiator' }), ctx)).toBe('周振华 退回给发起人');
    expect(sentence(h({ type: 'returned', actor: person('周振华'), detail: '0' }), ctx)).toBe('周振华 退回到「部门负责人审批」');
    expect(sentence(h({ type: 'signerAdded', actor: person('杜建华'), target: person('程思远'), detail: 'before' }), ctx)).toContain('之前');
    expect(sentence(h({ type: 'autoApproved', target: person('杜建华'), detail: 'repeat' }), ctx)).toBe('杜建华 已审批过，自动通过');
    expect(sentence(h({ type: 'autoApproved', detail: 'no approver' }), ctx)).toBe('没有找到审批人，自动通过');
  });

  it('says who approves for someone away, and uses 系统 when no one acted', () => {
    expect(sentence(h({ type: 'delegated', onBehalfOf: person('杜建华'), target: person('叶红梅') }), ctx)).toBe('杜建华 外出，由 叶红梅 代为审批');
    expect(sentence(h({ type: 'urged' }), ctx)).toBe('系统 催办');
  });

  it('states the outcome when the flow completes', () => {
    expect(sentence(h({ type: 'completed' }), { ...ctx, status: 'approved' })).toBe('审批通过');
  });
});
