// Calls the app shell needs on every page (session, setup, inbox). Feature-specific calls live next to
// their pages (features/<domain>/<domain>.api.ts).
import { api } from './client';
import type { InboxItem, InboxPage, Me, SetupStatus } from './types';
import type { Locale } from '../i18n';

export const setupApi = {
  status: () => api.get<SetupStatus>('/api/setup/status', { skipAuthRedirect: true }),
  run: (body: { schoolName: string; timeZone: string; defaultLocale: Locale; admin: { username: string; displayName: string; password: string } }) =>
    api.post<Me>('/api/setup', body, { skipAuthRedirect: true, idempotencyKey: true }),
};

export const authApi = {
  me: () => api.get<Me>('/api/auth/me', { skipAuthRedirect: true }),
  /**
   * Re-read Me after a change so the service worker's offline copy (NetworkFirst cache) is current;
   * otherwise an offline start could show the account as it was before the change.
   */
  refreshOfflineCopy: () => void api.get<Me>('/api/auth/me', { skipAuthRedirect: true }).catch(() => undefined),
  login: (body: { username: string; password: string; totp?: string }) =>
    api.post<Me>('/api/auth/login', body, { skipAuthRedirect: true }),
  logout: () => api.post<void>('/api/auth/logout', undefined, { skipAuthRedirect: true }),
  updateMe: (body: { locale?: Locale; displayName?: string }) => api.patch<Me>('/api/auth/me', body),
  changePassword: (body: { currentPassword: string; newPassword: string }) => api.post<void>('/api/auth/password', body),
};

export const inboxApi = {
  list: (query: { cursor?: string | null; limit?: number; unread?: boolean } = {}) =>
    api.get<InboxPage>('/api/inbox', { query: { ...query, unread: query.unread ? 'true' : undefined } }),
  unreadCount: () => api.get<{ unread: number }>('/api/inbox/unread-count'),
  markRead: (id: string) => api.post<InboxItem>(`/api/inbox/${encodeURIComponent(id)}/read`, undefined, { idempotencyKey: true }),
  markAllRead: () => api.post<{ unread: number }>('/api/inbox/read-all', undefined, { idempotencyKey: true }),
};
