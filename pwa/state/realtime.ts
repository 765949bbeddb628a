// Wires the websocket to app state. One client per signed-in user.
import { RealtimeClient, type Frame, type RealtimeEvent } from '../api/ws';
import type { InboxItem } from '../api/types';
import { realtimeState } from './connectivity';
import { loadInbox, inboxItems, onInboxCreated, onInboxRead, refreshUnread } from './inbox';

let client: RealtimeClient | null = null;
let currentUser: string | null = null;
let sessionCheck: (() => void) | null = null;

/** What to do when the server says a session was revoked, or the socket keeps failing: re-check /me. */
export function setSessionCheck(fn: () => void): void {
  sessionCheck = fn;
}

const featureListeners = new Map<string, Set<(data: unknown) => void>>();

/** Feature pages subscribe to their own events (files.changed …) without the shell importing them. Returns the unsubscribe. */
export function onRealtimeEvent(name: string, fn: (data: unknown) => void): () => void {
  const set = featureListeners.get(name) ?? new Set();
  set.add(fn);
  featureListeners.set(name, set);
  return () => void set.delete(fn);
}

const frameListeners = new Map<string, Set<(frame: Frame) => void>>();

/** Listen for frames of one `type` that are not stored events (the meeting room's replies and events). */
export function onRealtimeFrame(type: string, fn: (frame: Frame) => void): () => void {
  const set = frameListeners.get(type) ?? new Set();
  set.add(fn);
  frameListeners.set(type, set);
  return () => void set.delete(fn);
}

/** Send a frame on the live socket; false when it is not open (the caller retries after reconnecting). */
export function sendRealtimeFrame(frame: Frame): boolean {
  return client?.sendFrame(frame) ?? false;
}

function handleEvent(event: RealtimeEvent): void {
  featureListeners.get(event.name)?.forEach((fn) => fn(event.data));
  switch (event.name) {
    case 'inbox.created':
      onInboxCreated(event.data as { item: InboxItem; unread: number });
      break;
    case 'inbox.read':
      onInboxRead(event.data as { ids: string[] | 'all'; unread: number });
      break;
    case 'session.revoked':
      sessionCheck?.();
      break;
    default:
      break;
  }
}

function handleReset(): void {
  void refreshUnread();
  if (inboxItems.value) void loadInbox().catch(() => undefined);
}

export function startRealtime(userId: string): void {
  if (client && currentUser === userId) return;
  stopRealtime();
  currentUser = userId;
  client = new RealtimeClient({
    storageKey: `xb.ws.lastSeq.${userId}`,
    onEvent: handleEvent,
    onReset: handleReset,
    onStateChange: (s) => (realtimeState.value = s),
    onSessionInDoubt: () => sessionCheck?.(),
    onFrame: (frame) => frameListeners.get(frame.type)?.forEach((fn) => fn(frame)),
  });
  client.start();
}

export function stopRealtime(): void {
  client?.stop();
  client = null;
  currentUser = null;
}
