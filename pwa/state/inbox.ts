// Inbox state: the unread count shown on the bell everywhere, and the list on /inbox.
// Websocket events ('inbox.created', 'inbox.read') update the same signals.
import { signal } from '@preact/signals';
import { inboxApi } from '../api/endpoints';
import type { InboxItem } from '../api/types';

export const unreadCount = signal<number>(0);
export const inboxItems = signal<InboxItem[] | null>(null);
export const inboxCursor = signal<string | null>(null);

export async function refreshUnread(): Promise<void> {
  try {
    unreadCount.value = (await inboxApi.unreadCount()).unread;
  } catch {
    /* offline or signed out: keep the last value */
  }
}

export async function loadInbox(): Promise<void> {
  const page = await inboxApi.list({ limit: 30 });
  inboxItems.value = page.items;
  inboxCursor.value = page.nextCursor;
  unreadCount.value = page.unread;
}

export async function loadMoreInbox(): Promise<void> {
  if (!inboxCursor.value) return;
  const page = await inboxApi.list({ limit: 30, cursor: inboxCursor.value });
  const known = new Set((inboxItems.value ?? []).map((i) => i.id));
  inboxItems.value = [...(inboxItems.value ?? []), ...page.items.filter((i) => !known.has(i.id))];
  inboxCursor.value = page.nextCursor;
  unreadCount.value = page.unread;
}

function replaceItem(updated: InboxItem): void {
  if (inboxItems.value) inboxItems.value = inboxItems.value.map((i) => (i.id === updated.id ? updated : i));
}

export async function markItemRead(item: InboxItem): Promise<void> {
  if (item.readAt) return;
  const now = new Date().toISOString();
  replaceItem({ ...item, readAt: now, seenAt: item.seenAt ?? now });
  unreadCount.value = Math.max(0, unreadCount.value - 1);
  try {
    replaceItem(await inboxApi.markRead(item.id));
  } finally {
    void refreshUnread();
  }
}

export async function markAllInboxRead(): Promise<void> {
  const now = new Date().toISOString();
  const res = await inboxApi.markAllRead();
  if (inboxItems.value) inboxItems.value = inboxItems.value.map((i) => (i.readAt ? i : { ...i, readAt: now }));
  unreadCount.value = res.unread;
}

export function onInboxCreated(data: { item: InboxItem; unread: number }): void {
  unreadCount.value = data.unread;
  if (inboxItems.value && !inboxItems.value.some((i) => i.id === data.item.id)) inboxItems.value = [data.item, ...inboxItems.value];
}

export function onInboxRead(data: { ids: string[] | 'all'; unread: number }): void {
  unreadCount.value = data.unread;
  if (!inboxItems.value) return;
  const now = new Date().toISOString();
  const all = data.ids === 'all';
  const ids = new Set(all ? [] : data.ids);
  inboxItems.value = inboxItems.value.map((i) => (!i.readAt && (all || ids.has(i.id)) ? { ...i, readAt: now } : i));
}

export function clearInbox(): void {
  unreadCount.value = 0;
  inboxItems.value = null;
  inboxCursor.value = null;
}
