// Language preference. Signed out: remembered on this device. Signed in: saved to the account
// (PATCH /api/auth/me) so every device of the user follows it.
import { authApi } from '../api/endpoints';
import { isLocale, locale, setLocale, storedLocale, type Locale } from '../i18n';
import { me } from './session-signals';

const CHOSEN_KEY = 'xb.locale.chosenSignedOut';

/** First paint: the device's choice, else the school's default, else Chinese. */
export async function initLocale(schoolDefault?: Locale): Promise<void> {
  await setLocale(storedLocale() ?? schoolDefault ?? 'zh-CN', false);
}

export async function changeLocale(next: Locale): Promise<void> {
  await setLocale(next);
  const current = me.value;
  if (current) {
    if (current.user.locale !== next) {
      const updated = await authApi.updateMe({ locale: next });
      me.value = updated;
      authApi.refreshOfflineCopy();
    }
  } else {
    try {
      sessionStorage.setItem(CHOSEN_KEY, next);
    } catch {
      /* ignore */
    }
  }
}

/**
 * After a sign-in: a language picked on the sign-in page wins (and is saved to the account);
 * otherwise the account's language applies.
 */
export async function reconcileLocale(accountLocale: Locale, justSignedIn: boolean): Promise<void> {
  let chosen: string | null = null;
  try {
    chosen = sessionStorage.getItem(CHOSEN_KEY);
    sessionStorage.removeItem(CHOSEN_KEY);
  } catch {
    /* ignore */
  }
  if (justSignedIn && isLocale(chosen) && chosen !== accountLocale) {
    await setLocale(chosen);
    try {
      me.value = await authApi.updateMe({ locale: chosen });
      authApi.refreshOfflineCopy();
    } catch {
      /* keep the local choice; the account keeps its own */
    }
    return;
  }
  if (locale.value !== accountLocale) await setLocale(accountLocale);
}
