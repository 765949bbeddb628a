// Password hashing adapter (argon2id, OWASP parameters) and the password policy.
import argon2 from 'argon2';
import { randomInt } from 'node:crypto';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

// OWASP: argon2id, m=19 MiB, t=2, p=1 — about 25 ms on the 2-core box.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const argon2Hasher: PasswordHasher = {
  hash: (password) => argon2.hash(password, OPTIONS),
  verify: async (hash, password) => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  },
};

const COMMON = new Set([
  '12345678', '123456789', '1234567890', '87654321', '11111111', '88888888', '66666666', '00000000', 'password', 'password1',
  'qwerty123', 'qwertyui', 'abc12345', 'a1234567', 'a12345678', 'abcd1234', '1qaz2wsx', 'woaini1314', 'iloveyou', 'admin123',
  'admin1234', 'p@ssw0rd', 'passw0rd', 'zxcvbnm1', 'asdf1234', 'aa123456', 'xiaoban1', 'school123', '5201314a', 'qq123456',
]);

/** Returns the rule codes the password breaks (empty = acceptable). */
export function checkPasswordPolicy(password: string, opts: { minLength: number; username?: string; displayName?: string }): string[] {
  const broken: string[] = [];
  if (password.length < opts.minLength) broken.push(`MIN_LENGTH:${opts.minLength}`);
  if (password.length > 128) broken.push('MAX_LENGTH:128');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) broken.push('LETTERS_AND_DIGITS');
  if (COMMON.has(password.toLowerCase())) broken.push('TOO_COMMON');
  if (opts.username && opts.username.length >= 3 && password.toLowerCase().includes(opts.username.toLowerCase())) broken.push('CONTAINS_USERNAME');
  return broken;
}

const LETTERS = 'abcdefghjkmnpqrstuvwxyz';
const DIGITS = '23456789';

/** A readable initial password (no 0/O, 1/l): e.g. "Xb-kmtr-4829". Forced change on first sign-in. */
export function generateInitialPassword(): string {
  const pick = (set: string, n: number) => Array.from({ length: n }, () => set[randomInt(set.length)]).join('');
  return `Xb-${pick(LETTERS, 4)}-${pick(DIGITS, 4)}`;
}
