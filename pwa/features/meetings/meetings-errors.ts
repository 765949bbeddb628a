// Server problems of meetings in words: meetings.errors.<CODE> first, then the app-wide errors.
import { ApiError } from '../../api/client';
import { tMaybe } from '../../i18n';
import { errorText } from '../../i18n/errors';

export function meetingErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    const known = tMaybe(`meetings.errors.${err.code}`);
    if (known) return known;
  }
  return errorText(err);
}
