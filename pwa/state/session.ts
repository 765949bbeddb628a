// Session actions: boot, sign-in result, sign-out, expiry. Components read the signals in session-signals.ts.
import { ApiError, setPolicyBlockHandler, setUnauthorizedHandler } from '../api/client';
import { authApi, setupApi } from '../api/endpoints';
import type { Me } from '../api/types';
import { setLocale, storedLocale } from '../i18n';
import { schoolTimeZone } from '../i18n/format';
import { clearInbox, refreshUnread } from './inbox';
import { navigate } from './navigate';
import { initLocale, reconcileLocale } from './preferences';
import { setSessionCheck, startRealtime, stopRealtime } from './realtime';
import { bootState, me, setupStatus } from './session-signals';

export { me, setupStatus, bootState, isAdmin, can, permissions } from './session-signals';

/** Runtime caches that hold per-user API answers (see sw/sw.ts). */
const USER_CACHES = ['xb-api', 'xb-files', 'xb-file-previews'];

const PUBLIC_PATHS = ['/login', '/setup'];

export async function bootstrap(): Promise<void> {
  await initLocale();
  try {
    setupStatus.value = await setupApi.status();
    if (!storedLocale() && setupStatus.value.defaultLocale) await setLocale(setupStatus.value.defaultLocale, false);
    schoolTimeZone.value = setupStatus.value.timeZone || schoolTimeZone.value;
  } catch {
    /* offline with nothing cached: carry on, the sign-in page explains */
  }
  if (!setupStatus.value?.needsSetup) {
    try {
      await applyMe(await authApi.me(), false);
    } catch {
      me.value = null;
    }
  }
  bootState.value = 'ready';
}

export async function applyMe(next: Me, justSignedIn: boolean): Promise<void> {
  me.value = next;
  schoolTimeZone.value = next.school.timeZone || 'Asia/Shanghai';
  if (setupStatus.value?.needsSetup) setupStatus.value = { ...setupStatus.value, needsSetup: false };
  await reconcileLocale(next.user.locale, justSignedIn);
  if (!next.mustChangePassword && !next.mustEnrollTotp) {
    startRealtime(next.user.id);
    void refreshUnread();
  }
}

async function clearUserCaches(): Promise<void> {
  if (!('caches' in window)) return;
  await Promise.all(USER_CACHES.map((name) => caches.delete(name).catch(() => false)));
}

function clearSession(): void {
  me.value = null;
  stopRealtime();
  clearInbox();
  void clearUserCaches();
}

function currentPathForNext(): string {
  const here = location.pathname + location.search;
  return PUBLIC_PATHS.some((p) => location.pathname.startsWith(p)) || here === '/' ? '' : `?next=${encodeURIComponent(here)}`;
}

/** The server no longer knows this session (expired, revoked elsewhere): back to sign-in. */
export function sessionEnded(): void {
  if (!me.value) return;
  const next = currentPathForNext();
  clearSession();
  navigate(`/login${next}`, true);
}

export async function signOut(): Promise<void> {
  try {
    await authApi.logout();
  } catch {
    /* already gone or offline: forget it locally anyway */
  }
  clearSession();
  navigate('/login', true);
}

/** Ask the server who we are; a 401 means the session ended. Used after 'session.revoked' and socket failures. */
export async function verifySession(): Promise<void> {
  try {
    const fresh = await authApi.me();
    me.value = fresh;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) sessionEnded();
  }
}

/** A forced step (password change, 2FA enrolment) is pending: reload Me so the app shows it. */
async function policyBlocked(): Promise<void> {
  try {
    me.value = await authApi.me();
  } catch {
    /* ignore */
  }
}

setUnauthorizedHandler(() => sessionEnded());
setPolicyBlockHandler(() => void policyBlocked());
setSessionCheck(() => void verifySession());

/** Reload Me after a forced step (password changed, 2FA enrolled) or a profile change. */
export async function refreshMe(): Promise<void> {
  await applyMe(await authApi.me(), false);
}
