// Server problems of the notice centre in words: notices.errors.<CODE> first, then the app-wide errors.
import { ApiError } from '../../api/client';
import { tMaybe, type Params } from '../../i18n';
import { errorText, minutesUntil } from '../../i18n/errors';

export function noticeErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    const params: Params = { minutes: minutesUntil(err.extras) };
    for (const [k, v] of Object.entries(err.extras)) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
    const known = tMaybe(`notices.errors.${err.code}`, params);
    if (known) return known;
  }
  return errorText(err);
}
