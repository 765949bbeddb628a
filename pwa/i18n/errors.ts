// Turn any thrown value into a sentence for the user: the server's stable `code` is translated under
// errors.<CODE>; unknown codes fall back to the server's detail/title.
import { ApiError } from '../api/client';
import { t, tMaybe, type Params } from './index';

/** Minutes until a lock or rate limit ends, from retryAfterSeconds or lockedUntil. */
export function minutesUntil(extras: Record<string, unknown>, now = Date.now()): number {
  const secs = typeof extras.retryAfterSeconds === 'number' ? extras.retryAfterSeconds : undefined;
  if (secs !== undefined) return Math.max(1, Math.ceil(secs / 60));
  if (typeof extras.lockedUntil === 'string') {
    const ms = Date.parse(extras.lockedUntil) - now;
    if (Number.isFinite(ms)) return Math.max(1, Math.ceil(ms / 60_000));
  }
  return 15;
}

/** Translate one password-policy rule code such as "MIN_LENGTH:8". */
export function passwordRuleText(rule: string): string {
  const [code, arg] = rule.split(':');
  return tMaybe(`passwordRules.${code}`, { n: arg ?? '' }) ?? rule;
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const params: Params = {};
    for (const [k, v] of Object.entries(err.extras)) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
    params.minutes = minutesUntil(err.extras);
    if (err.code === 'PASSWORD_POLICY' && Array.isArray(err.extras.rules)) {
      const rules = (err.extras.rules as string[]).map(passwordRuleText).join(t('common.listSeparator'));
      return t('errors.PASSWORD_POLICY_RULES', { rules });
    }
    const known = tMaybe(`errors.${err.code}`, params);
    if (known) return known;
    if (err.status >= 500) return t('errors.SERVER_REF', { id: err.requestId ?? '—' });
    if (err.errors.length) return err.errors.map((e) => e.message).join('; ');
    return err.detail ?? (err.status >= 500 ? t('errors.SERVER') : err.title || t('errors.UNKNOWN'));
  }
  return t('errors.UNKNOWN');
}
