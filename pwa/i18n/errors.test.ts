import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { errorText, minutesUntil } from './errors';

describe('error messages', () => {
  it('computes minutes to wait from retryAfterSeconds or lockedUntil', () => {
    expect(minutesUntil({ retryAfterSeconds: 900 })).toBe(15);
    expect(minutesUntil({ retryAfterSeconds: 61 })).toBe(2);
    expect(minutesUntil({ lockedUntil: new Date(1_000_000 + 14 * 60_000 + 5_000).toISOString() }, 1_000_000)).toBe(15);
  });

  it('translates codes with their extras', () => {
    expect(errorText(new ApiError({ code: 'ACCOUNT_LOCKED', status: 423, extras: { retryAfterSeconds: 600 } }))).toBe('账户已锁定，请在 10 分钟后重试');
    expect(errorText(new ApiError({ code: 'PASSWORD_POLICY', status: 400, extras: { rules: ['MIN_LENGTH:10', 'LETTERS_AND_DIGITS'] } }))).toBe(
      '密码不符合要求：至少 10 个字符；同时包含字母和数字',
    );
  });

  it('falls back to the server detail, and never shows internals for 5xx', () => {
    expect(errorText(new ApiError({ code: 'SOMETHING_NEW', status: 409, detail: '具体原因' }))).toBe('具体原因');
    expect(errorText(new ApiError({ code: 'INTERNAL', status: 500, detail: 'The error was logged', requestId: 'abc' }))).toBe('服务器出错了，请稍后重试（编号 abc）');
  });
});
