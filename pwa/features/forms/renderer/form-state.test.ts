import { describe, expect, it } from 'vitest';
import type { FormField, FormSchema } from '../../../../server/lib/form-schema';
import { leave } from './test-fixtures';
import { validateAnswers } from '../../../../server/lib/form-validate';
import {
  answerPointer,
  checkAnswers,
  errorsFromProblem,
  errorsInSection,
  fieldErrorText,
  firstErrorSection,
  keepCompatibleAnswers,
  parseNumberInput,
  pointerField,
} from './form-state';

const calendar = { holidays: ['2026-04-06'], workdays: [] };

describe('error messages', () => {
  it('translates codes with their params and the field kind', () => {
    const checkbox: FormField = { type: 'checkbox', key: 'c', label: 'C', options: [{ value: 'a', label: 'A' }] };
    expect(fieldErrorText({ code: 'required', message: 'This field is required' })).toBe('此项必填');
    expect(fieldErrorText({ code: 'min', message: 'Must be at least 2', params: { min: 2 } }, checkbox)).toBe('至少选择 2 项');
    expect(fieldErrorText({ code: 'max', message: 'Must be at most 30', params: { max: 30 } }, leave.sections[0]!.fields[1])).toBe('最多 30 天');
    expect(fieldErrorText({ code: 'max', message: 'Must be at most 9', params: { max: 9 } }, { type: 'number', key: 'n', label: 'N' })).toBe('不能大于 9');
    expect(fieldErrorText({ code: 'type', message: 'At most 2 decimal places', params: { decimals: 2 } })).toBe('最多 2 位小数');
    expect(fieldErrorText({ code: 'date', message: 'Not a date (YYYY-MM-DD)', params: { part: 'end' } })).toBe('请选择结束日期');
    expect(fieldErrorText({ code: 'rows', message: 'Needs at least 2 rows', params: { min: 2 } })).toBe('至少填写 2 行');
  });

  it("keeps the form author's own message", () => {
    expect(fieldErrorText({ code: 'minLength', message: '请写清楚事由（至少 4 个字）', params: { minLength: 4 } })).toBe('请写清楚事由（至少 4 个字）');
  });

  it('passes unknown codes through as the server wrote them', () => {
    expect(fieldErrorText({ code: 'SOMETHING', message: 'as is' })).toBe('as is');
  });
});

describe('client validation', () => {
  it('reports required fields by pointer in form order, hidden fields not at all', () => {
    const r = checkAnswers(leave, { kind: 'personal' }, calendar);
    expect(Object.keys(r.errors)).toEqual(['/answers/period', '/answers/reason']);
    expect(r.errors['/answers/period']).toBe('此项必填');
  });

  it('shows the sick-leave proof only when sick leave is chosen, and requires it then', () => {
    const r = checkAnswers(leave, { kind: 'sick', period: { start: '2026-04-01', end: '2026-04-01' }, reason: '发烧就医' }, calendar);
    expect(Object.keys(r.errors)).toEqual(['/answers/proof']);
  });

  it('recomputes the leave days the way the server does', () => {
    const r = checkAnswers(
      leave,
      { kind: 'personal', period: { start: '2026-04-03', end: '2026-04-07', startHalf: 'pm', endHalf: 'pm', days: 99 }, reason: '家中有事' },
      calendar,
    );
    expect(r.errors).toEqual({});
    // Fri afternoon + Tue (Mon 04-06 is a holiday, the weekend is skipped) = 1.5
    expect(r.answers.period).toMatchObject({ days: 1.5 });
  });

  it('maps table cell pointers and finds the section of the first error', () => {
    const answers = { kind: 'personal', period: { start: '2026-04-01', end: '2026-04-01' }, reason: '家中有事', items: [{ cost: 3 }] };
    const r = checkAnswers(leave, answers, calendar);
    expect(Object.keys(r.errors)).toEqual(['/answers/items/0/what']);
    expect(pointerField('/answers/items/0/what')).toBe('items');
    expect(firstErrorSection(leave, r.errors)).toBe('extra');
    expect(errorsInSection(leave, 'basic', r.errors)).toEqual({});
    expect(answerPointer('items', 0, 'what')).toBe('/answers/items/0/what');
  });

  it('ignores answers of fields the form no longer has (an old draft)', () => {
    const r = checkAnswers(leave, { kind: 'personal', period: { start: '2026-04-01', end: '2026-04-01' }, reason: '家中有事', gone: 'x' }, calendar);
    expect(r.errors).toEqual({});
  });
});

describe('server field problems', () => {
  it('translates coded problems, reuses the local wording, and keeps other texts', () => {
    const server = validateAnswers(leave, { kind: 'sick' }, { calendar }).errors;
    const local = checkAnswers(leave, { kind: 'sick' }, calendar).errors;
    const mapped = errorsFromProblem(leave, [...server.map(({ pointer, message }) => ({ pointer, message })), { pointer: '/answers/cover', message: 'Unknown person' }, { pointer: '/answers/x', message: '自定义' }], local);
    expect(mapped['/answers/period']).toBe('此项必填');
    expect(mapped['/answers/cover']).toBe('所选人员不存在或已停用');
    expect(mapped['/answers/x']).toBe('自定义');
    expect(errorsFromProblem(leave, [{ pointer: '/answers/reason', message: 'Must be at least 4 characters', code: 'minLength', params: { minLength: 4 } }], {})['/answers/reason']).toBe('至少 4 个字');
    // Without a code, the server's default English wording is recognised, numbers included.
    expect(errorsFromProblem(leave, [{ pointer: '/answers/reason', message: 'Must be at least 10 characters' }], {})['/answers/reason']).toBe('至少 10 个字');
    expect(errorsFromProblem(leave, [{ pointer: '/answers/items', message: 'At most 3 rows' }], {})['/answers/items']).toBe('最多 3 行');
    expect(errorsFromProblem(leave, [{ pointer: '/answers/period', message: 'Must be at most 30' }], {})['/answers/period']).toBe('最多 30 天');
  });
});

describe('carrying answers to a newer version', () => {
  it('keeps answers whose field still exists and still fits', () => {
    const next: FormSchema = {
      sections: [
        {
          key: 'basic',
          title: '',
          fields: [
            { type: 'radio', key: 'kind', label: '类型', options: [{ value: 'personal', label: '事假' }] },
            { type: 'dateRange', key: 'period', label: '时间', unit: 'day', skipWeekends: false, skipHolidays: false },
            { type: 'number', key: 'reason', label: '改成了数字' },
            { type: 'table', key: 'items', label: '明细', columns: [{ type: 'text', key: 'what', label: '事项' }] },
          ],
        },
      ],
    };
    const kept = keepCompatibleAnswers(
      next,
      { kind: 'sick', period: { start: '2026-04-01', end: '2026-04-02' }, reason: '家中有事', cover: ['u1'], items: [{ what: '课', cost: 3 }] },
      calendar,
    );
    // 'sick' is no longer an option, the reason is no number, the person field is gone, the money column dropped.
    expect(kept).toEqual({ period: { start: '2026-04-01', end: '2026-04-02' }, items: [{ what: '课' }] });
  });
});

describe('number input', () => {
  it.each([
    ['12', 12],
    [' 1,234.5 ', 1234.5],
    ['０', '０'],
    ['12.', '12.'],
    ['-3', -3],
    ['', null],
    ['abc', 'abc'],
  ])('%j → %j', (text, expected) => {
    expect(parseNumberInput(text)).toEqual(expected);
  });
});
