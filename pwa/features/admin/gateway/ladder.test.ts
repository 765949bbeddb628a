import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../../server/modules/gateway/gateway.dto';
import { addRung, checkLadder, formatDelay, ladderSummary, MAX_RUNGS, parseMinutes, policyDraftOf, removeRung, setRungMinutes, toggleRungChannel, type RungDraft } from './ladder';

const rung = (afterMinutes: string, ...channels: RungDraft['channels']): RungDraft => ({ afterMinutes, channels });

describe('escalation policy editor', () => {
  it('turns the stored policy into a draft and back unchanged', () => {
    const draft = policyDraftOf(DEFAULT_POLICY);
    expect(draft.urgent).toEqual([rung('0', 'webpush', 'email'), rung('10', 'sms')]);
    for (const u of ['low', 'normal', 'high', 'urgent'] as const) expect(checkLadder(draft[u]).steps).toEqual(DEFAULT_POLICY[u]);
  });

  it('accepts whole minutes from 0 to one week only', () => {
    expect(parseMinutes(' 0 ')).toBe(0);
    expect(parseMinutes('10080')).toBe(10080);
    expect(parseMinutes('10081')).toBeUndefined();
    expect(parseMinutes('1.5')).toBeUndefined();
    expect(parseMinutes('-5')).toBeUndefined();
    expect(parseMinutes('')).toBeUndefined();
  });

  it('needs each rung later than the one before, and at least one channel', () => {
    const { problems, steps } = checkLadder([rung('30', 'webpush'), rung('30', 'email'), rung('20'), rung('abc', 'sms')]);
    expect(steps).toBeNull();
    expect(problems[0]).toEqual({});
    expect(problems[1]!.minutes).toBe('须晚于上一级（30 分钟）');
    expect(problems[2]).toEqual({ minutes: '须晚于上一级（30 分钟）', channels: '至少选择一个渠道' });
    expect(problems[3]!.minutes).toBe('请填写 0–10080 之间的整数分钟');
  });

  it('gives the steps with channels in a fixed order once valid', () => {
    expect(checkLadder([rung('0', 'sms', 'webpush'), rung('120', 'email')]).steps).toEqual([
      { afterMinutes: 0, channels: ['webpush', 'sms'] },
      { afterMinutes: 120, channels: ['email'] },
    ]);
    expect(checkLadder([]).steps).toEqual([]);
  });

  it('adds a rung an hour after the last (SMS unless the last already is), at most four', () => {
    let ladder = addRung([]);
    expect(ladder).toEqual([rung('0', 'sms')]);
    ladder = addRung([rung('0', 'webpush', 'email'), rung('120', 'sms')]);
    expect(ladder[2]).toEqual(rung('180', 'email'));
    ladder = addRung(ladder);
    expect(ladder).toHaveLength(MAX_RUNGS);
    expect(addRung(ladder)).toHaveLength(MAX_RUNGS);
    expect(addRung([rung('10060', 'email')])[1]).toEqual(rung('10080', 'sms'));
  });

  it('edits, toggles and removes one rung without touching the others', () => {
    const ladder = [rung('0', 'webpush'), rung('60', 'email')];
    expect(setRungMinutes(ladder, 1, '90')).toEqual([rung('0', 'webpush'), rung('90', 'email')]);
    expect(toggleRungChannel(ladder, 0, 'sms')).toEqual([rung('0', 'webpush', 'sms'), rung('60', 'email')]);
    expect(toggleRungChannel(ladder, 0, 'webpush')).toEqual([rung('0'), rung('60', 'email')]);
    expect(removeRung(ladder, 0)).toEqual([rung('60', 'email')]);
    expect(ladder).toEqual([rung('0', 'webpush'), rung('60', 'email')]);
  });

  it('says delays and whole ladders in words', () => {
    expect(formatDelay(0)).toBe('立即');
    expect(formatDelay(45)).toBe('45 分钟');
    expect(formatDelay(120)).toBe('2 小时');
    expect(formatDelay(90)).toBe('1 小时 30 分钟');
    expect(formatDelay(2880)).toBe('2 天');
    expect(ladderSummary(DEFAULT_POLICY.urgent)).toBe('立即：推送、邮件 → 10 分钟后仍未读：短信');
    expect(ladderSummary([])).toBe('只在应用内提醒');
  });
});
