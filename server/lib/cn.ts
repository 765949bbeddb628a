// Chinese-school text helpers: mobile numbers, personal names, e-mail, usernames.
// Pure: no Node built-ins, no Fastify, no database — the PWA imports this file too.

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const DASHES = /[-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/** Trim, Unicode NFKC (full-width → half-width, U+3000 → space), drop zero-width chars, collapse whitespace. */
export function normalizeText(s: string | null | undefined): string {
  if (s == null) return '';
  return String(s).normalize('NFKC').replace(ZERO_WIDTH, '').replace(/\s+/gu, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Mobile numbers (mainland China)

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * The 11-digit form of a mainland mobile number, or null.
 * Accepts spaces, dashes, dots and brackets, full-width digits, and the +86 / 0086 / 86 prefixes;
 * numbers (an Excel cell holding 13800138000) are accepted too.
 */
export function normalizeMobile(input: string | number | null | undefined): string | null {
  if (input == null) return null;
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0) return null;
    input = String(input);
  }
  let s = String(input).normalize('NFKC').replace(ZERO_WIDTH, '').replace(/[\s().]/gu, '').replace(DASHES, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.length === 13 && s.startsWith('86')) s = s.slice(2);
  return MOBILE.test(s) ? s : null;
}

/** '13800138000' → '138 0013 8000'; input that is not a mobile number comes back trimmed. */
export function formatMobile(m: string | null | undefined): string {
  const n = normalizeMobile(m);
  if (!n) return normalizeText(m);
  return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
}

/** '13800138000' → '138****8000' for logs and lists; other input keeps at most its last 4 characters. */
export function maskMobile(m: string | null | undefined): string {
  const n = normalizeMobile(m);
  if (n) return `${n.slice(0, 3)}****${n.slice(7)}`;
  const s = normalizeText(m).replace(/\s/g, '');
  if (s.length <= 4) return '*'.repeat(s.length);
  return '*'.repeat(s.length - 4) + s.slice(-4);
}

// ---------------------------------------------------------------------------------------------
// Personal names

const HAN = '\\p{Script=Han}';
const HAN_NAME = new RegExp(`^${HAN}+(?:·${HAN}+)*$`, 'u');
const LATIN_NAME = /^\p{Script=Latin}+(?:[ .'-]+\p{Script=Latin}+)*\.?$/u;
// Middle-dot look-alikes people type for minority names: · • ・ ‧ ∙ ⋅ ．and the full stop.
const DOTS = /\s*[\u00B7\u2022\u2027\u2219\u22C5\u30FB\uFF65\u0387\u16EB.\uFF0E]\s*/gu;

/**
 * Canonical form of a person's name: trimmed, full-width spaces folded, whitespace collapsed.
 * For Chinese names, spaces typed between characters for alignment ('王  芳') are removed and
 * middle-dot look-alikes become '·' ('阿依古丽•买买提' → '阿依古丽·买买提').
 */
export function normalizePersonName(name: string | null | undefined): string {
  const s = normalizeText(name);
  if (!new RegExp(HAN, 'u').test(s)) return s;
  return s.replace(/\s+/gu, '').replace(DOTS, '·');
}

/** Length in code points (so extension-B characters such as 𠮷 count once). */
function cpLength(s: string): number {
  return [...s].length;
}

/**
 * A plausible staff name: 2–20 Han characters (extension ranges included) optionally joined by '·',
 * or a Latin-script name for foreign teachers (letters, spaces, '.', '-', apostrophe; 2–40 chars).
 * The name is normalised with normalizePersonName first.
 */
export function isValidChineseName(name: string | null | undefined): boolean {
  const s = normalizePersonName(name);
  if (HAN_NAME.test(s)) {
    const n = cpLength(s);
    return n >= 2 && n <= 20;
  }
  if (LATIN_NAME.test(s)) return s.length >= 2 && s.length <= 40;
  return false;
}

// ---------------------------------------------------------------------------------------------
// E-mail

const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** Trimmed, NFKC (full-width ＠ → @), lower-case. */
export function normalizeEmail(s: string | null | undefined): string {
  return normalizeText(s).toLowerCase();
}

/** A simple, sane address check: ASCII local part without leading/trailing/double dots, a dotted domain. */
export function isValidEmail(s: string | null | undefined): boolean {
  const e = normalizeEmail(s);
  if (e.length > 254) return false;
  const at = e.indexOf('@');
  if (at < 1 || at > 64) return false;
  return EMAIL.test(e);
}

// ---------------------------------------------------------------------------------------------
// Usernames

/** Same rule as USERNAME_PATTERN in org.dto.ts: ascii [a-z0-9._-], 3–32 chars, starting with a letter or digit. */
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,31}$/;

export function normalizeUsername(s: string | null | undefined): string {
  return normalizeText(s).toLowerCase();
}

export function isValidUsername(s: string | null | undefined): boolean {
  return USERNAME_RE.test(normalizeUsername(s));
}

/** Make `base` unique against `taken` by appending -2, -3 … (keeping within 32 chars). */
export function uniqueUsername(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const candidate = base.slice(0, 32 - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * A username for someone whose row gives none: the employee number lower-cased ('T2024001' → 't2024001'),
 * else 't' + the last 8 digits of the mobile number; unique against `taken` by a -2, -3 … suffix.
 * Null when neither is usable. Does not add the result to `taken`.
 */
export function suggestUsername(
  from: { employeeNo?: string | null; phone?: string | null },
  taken: ReadonlySet<string>,
): string | null {
  let base = normalizeText(from.employeeNo).toLowerCase().replace(/[^a-z0-9._-]/g, '').replace(/^[._-]+/, '');
  if (base && base.length < 3) base = `t${base.padStart(3, '0')}`;
  if (!base) {
    const phone = normalizeMobile(from.phone);
    if (phone) base = `t${phone.slice(-8)}`;
  }
  if (!base) return null;
  base = base.slice(0, 32);
  return uniqueUsername(base, taken);
}

// ---------------------------------------------------------------------------------------------
// Resident identity card numbers (居民身份证号码, GB 11643)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * An 18-character ID number: 17 digits + check character (0-9 or X, lowercase x accepted), the ISO 7064
 * MOD 11-2 checksum, and a real birth date YYYYMMDD (years 1900–2100) at positions 7–14.
 * No trimming: callers normalise first. Not compared with today, so the function stays pure.
 */
export function isValidChineseId(s: string): boolean {
  if (typeof s !== 'string' || !/^\d{17}[\dXx]$/.test(s)) return false;
  const year = Number(s.slice(6, 10));
  const month = Number(s.slice(10, 12));
  const day = Number(s.slice(12, 14));
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one.
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === s[17]!.toUpperCase();
}
