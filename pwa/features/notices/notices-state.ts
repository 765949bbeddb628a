// Notice state shared by the nav badge, the home card and the notice pages: the caller's unread / unconfirmed
// counts and a change counter that open lists and the open notice watch. New notices arrive as inbox items
// (kind 'notice.published'); edits and withdrawals as 'notices.changed'; both bump the counter and the counts.
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { InboxItem } from '../../api/types';
import { onRealtimeEvent } from '../../state/realtime';
import { me } from '../../state/session-signals';
import { noticesApi, type NoticeCounts, type PublishScope } from './api-notices';

export const noticeCounts = signal<NoticeCounts | null>(null);
/** Bumped when something in the caller's notices changed (realtime event, own action). */
export const noticesVersion = signal(0);
/** The notice named by the last change (null: any may have changed). */
export const lastChangedNotice = signal<string | null>(null);

let inFlight: Promise<void> | null = null;

export function refreshNoticeCounts(): Promise<void> {
  inFlight ??= noticesApi
    .counts()
    .then((c) => {
      noticeCounts.value = c;
    })
    .catch(() => undefined)
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/** Something changed: counts are re-read and open views reload. */
export function noticesChanged(noticeId: string | null = null): void {
  lastChangedNotice.value = noticeId;
  noticesVersion.value++;
  void refreshNoticeCounts();
}

const idOf = (data: unknown): string | null =>
  data && typeof data === 'object' && typeof (data as { noticeId?: unknown }).noticeId === 'string' ? (data as { noticeId: string }).noticeId : null;

let hooked = false;
/** Called once by whoever shows the counts (the shell): keeps them current over the websocket. */
export function hookNoticesRealtime(): void {
  if (hooked) return;
  hooked = true;
  onRealtimeEvent('notices.changed', (data) => noticesChanged(idOf(data)));
  onRealtimeEvent('inbox.created', (data) => {
    const item = (data as { item?: InboxItem } | null)?.item;
    if (item?.kind.startsWith('notice.')) noticesChanged(item.link?.match(/^\/notices\/([0-9a-z]+)/)?.[1] ?? null);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refreshNoticeCounts();
  });
  addEventListener('online', () => void refreshNoticeCounts());
}

/** Loads the counts on mount and keeps them live. */
export function useNoticeCounts(): NoticeCounts | null {
  useEffect(() => {
    hookNoticesRealtime();
    void refreshNoticeCounts();
  }, []);
  return noticeCounts.value;
}

/** Listens to 'notices.roster' for one notice while a roster is open (the server sends at most one per 2 s). */
export function onRosterChanged(noticeId: string, fn: () => void): () => void {
  return onRealtimeEvent('notices.roster', (data) => {
    if (idOf(data) === noticeId) fn();
  });
}

// What the caller may publish: asked once per person and page life (it changes only when an admin changes roles).
let scopePromise: Promise<PublishScope> | null = null;
let scopeUser: string | undefined;
export function publishScope(): Promise<PublishScope> {
  const user = me.value?.user.id;
  if (user !== scopeUser) {
    scopeUser = user;
    scopePromise = null;
  }
  scopePromise ??= noticesApi.scope().catch((e: unknown) => {
    scopePromise = null;
    throw e;
  });
  return scopePromise;
}

export function clearNotices(): void {
  noticeCounts.value = null;
  scopePromise = null;
}
