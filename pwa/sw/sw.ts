/// <reference lib="webworker" />
// xiaoban service worker (workbox injectManifest).
// - precache: the app shell only (index.html, the entry chunk and CSS, icons, manifest, offline page)
// - navigations: the cached shell; if even that is missing, the offline page
// - runtime caches with names and limits: /api GETs of me/inbox/setup (NetworkFirst), recent documents with
//   their previews and thumbnails (offline reading), images, lazy page chunks
// - web push: notifications with an urgency mark, the app icon badge, click → mark read + open the deep link
// - a new version waits until the page asks (SKIP_WAITING message from the "new version" prompt)
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

const SHELL_URL = '/index.html';
const OFFLINE_URL = '/offline.html';
export const CACHE_NAMES = { api: 'xb-api', images: 'xb-images', chunks: 'xb-chunks', files: 'xb-files', previews: 'xb-file-previews' } as const;

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

// Navigations → the precached shell (the router decides what to show); offline page as the last resort.
registerRoute(
  new NavigationRoute(
    async ({ request }) => {
      const shell = await matchPrecache(SHELL_URL);
      if (shell) return shell;
      try {
        return await fetch(request);
      } catch {
        return (await matchPrecache(OFFLINE_URL)) ?? Response.error();
      }
    },
    { denylist: [/^\/api\//, /\.[a-z0-9]+$/i] },
  ),
);

// Per-user API answers the shell needs to start offline. Cleared by the page on sign-out.
registerRoute(
  ({ url, request, sameOrigin }) =>
    sameOrigin && request.method === 'GET' && /^\/api\/(auth\/me|inbox(\/unread-count)?|setup\/status)$/.test(url.pathname),
  new NetworkFirst({
    cacheName: CACHE_NAMES.api,
    networkTimeoutSeconds: 5,
    plugins: [new ExpirationPlugin({ maxEntries: 40, maxAgeSeconds: 7 * 24 * 3600 })],
  }),
);

// Lazy page chunks and their CSS (hashed file names: safe to serve from cache).
registerRoute(
  ({ url, sameOrigin, request }) => sameOrigin && url.pathname.startsWith('/assets/') && (request.destination === 'script' || request.destination === 'style'),
  new CacheFirst({
    cacheName: CACHE_NAMES.chunks,
    plugins: [new ExpirationPlugin({ maxEntries: 80, maxAgeSeconds: 60 * 24 * 3600, purgeOnQuotaError: true })],
  }),
);

// Documents offline: the recent list, the spaces, file details and preview infos (JSON; NetworkFirst so they
// are current online and the last copy offline), and the preview PDFs and thumbnails, which never change for
// a version (CacheFirst, at most 50, 30 days). Downloads (/content) are never cached: they can be large and
// sensitive ones are watermarked per viewer. Registered before the image route, which would take thumbnails.
const FILES_JSON = /^\/api\/files\/(recent|spaces|policy|nodes\/[0-9a-z]{26}(\/preview)?)$/;
const FILES_IMMUTABLE = /^\/api\/files\/versions\/[0-9a-z]{26}\/(preview\.pdf|thumbnail)$/;
registerRoute(
  ({ url, request, sameOrigin }) => sameOrigin && request.method === 'GET' && FILES_JSON.test(url.pathname),
  new NetworkFirst({
    cacheName: CACHE_NAMES.files,
    networkTimeoutSeconds: 3,
    plugins: [new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true })],
  }),
);
registerRoute(
  // A Range request goes to the network: a cached whole file is not a valid answer to it.
  ({ url, request, sameOrigin }) => sameOrigin && request.method === 'GET' && !request.headers.has('range') && FILES_IMMUTABLE.test(url.pathname),
  new CacheFirst({
    cacheName: CACHE_NAMES.previews,
    plugins: [new ExpirationPlugin({ maxEntries: 50, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true })],
  }),
);

// Static images (icons, avatars).
registerRoute(
  ({ request, sameOrigin }) => sameOrigin && request.destination === 'image',
  new StaleWhileRevalidate({
    cacheName: CACHE_NAMES.images,
    plugins: [new ExpirationPlugin({ maxEntries: 100, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true })],
  }),
);

// The first install activates at once (nothing to replace); claim the open page so it works offline
// after its first load. Updates stay waiting until the page sends SKIP_WAITING.
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | undefined;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
  if (data?.type === 'CLEAR_USER_CACHES') {
    event.waitUntil(Promise.all([CACHE_NAMES.api, CACHE_NAMES.files, CACHE_NAMES.previews].map((name) => caches.delete(name))));
  }
});

// ── web push ─────────────────────────────────────────────────────────────
// Works with the app closed: the browser wakes this worker for a push. The payload is the server's
// PushPayload (server/modules/gateway/channels/webpush.ts).
interface PushPayload {
  title?: string;
  body?: string;
  link?: string;
  itemId?: string;
  urgency?: 'low' | 'normal' | 'high' | 'urgent';
  unread?: number;
  tag?: string;
  lang?: 'zh-CN' | 'en';
}

const ITEM_ID = /^[0-9a-z]{26}$/;
const MARKS = { urgent: { 'zh-CN': '紧急', en: 'Urgent' }, high: { 'zh-CN': '重要', en: 'Important' } } as const;

function readPayload(data: PushMessageData | null): PushPayload {
  if (!data) return {};
  try {
    return (data.json() as PushPayload | null) ?? {};
  } catch {
    return { body: data.text() };
  }
}

/** "【紧急】title" (or "[Urgent] title"): the urgency is seen in the notification list at a glance. */
export function notificationTitle(p: PushPayload): string {
  const en = p.lang === 'en';
  const title = p.title || (en ? 'xiaoban' : '校办');
  if (p.urgency !== 'urgent' && p.urgency !== 'high') return title;
  const mark = MARKS[p.urgency][en ? 'en' : 'zh-CN'];
  return en ? `[${mark}] ${title}` : `【${mark}】${title}`;
}

/** The unread count on the app icon, where the platform has badges (installed PWA on Android/desktop, iOS). */
async function setBadge(unread: number | undefined): Promise<void> {
  if (typeof unread !== 'number' || !('setAppBadge' in self.navigator)) return;
  try {
    await (unread > 0 ? self.navigator.setAppBadge(unread) : self.navigator.clearAppBadge());
  } catch {
    /* badges not allowed here */
  }
}

self.addEventListener('push', (event) => {
  const p = readPayload(event.data);
  const tag = p.tag ?? p.itemId;
  const options: NotificationOptions & { renotify?: boolean; vibrate?: number[] } = {
    body: p.body ?? '',
    tag,
    // The same item again (a reminder) alerts again instead of silently replacing the old one.
    renotify: !!tag,
    icon: '/icons/icon-192.png',
    badge: '/icons/badge-72.png',
    lang: p.lang,
    data: { link: p.link ?? '/inbox', itemId: p.itemId ?? null },
    requireInteraction: p.urgency === 'urgent',
    ...(p.urgency === 'urgent' ? { vibrate: [300, 100, 300, 100, 300] } : {}),
  };
  event.waitUntil(Promise.all([self.registration.showNotification(notificationTitle(p), options), setBadge(p.unread)]));
});

/** Mark the item read on the server (the cookie goes along); offline it simply stays unread. */
async function markRead(itemId: string | null | undefined): Promise<void> {
  if (!itemId || !ITEM_ID.test(itemId)) return;
  try {
    const res = await fetch(`/api/inbox/${itemId}/read`, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const count = await fetch('/api/inbox/unread-count', { credentials: 'same-origin' });
    if (count.ok) await setBadge(((await count.json()) as { unread: number }).unread);
  } catch {
    /* offline: the person reads it in the app later */
  }
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = (event.notification.data ?? {}) as { link?: string; itemId?: string | null };
  const target = new URL(data.link ?? '/inbox', self.location.origin);
  // Only our own pages: a payload cannot send the person elsewhere.
  const href = target.origin === self.location.origin ? target.href : new URL('/inbox', self.location.origin).href;
  event.waitUntil(
    Promise.all([
      markRead(data.itemId),
      (async () => {
        const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
        for (const client of windows) {
          if (new URL(client.url).origin === self.location.origin) {
            await client.focus();
            if ('navigate' in client) await (client as WindowClient).navigate(href).catch(() => undefined);
            return;
          }
        }
        await self.clients.openWindow(href);
      })(),
    ]),
  );
});

// The browser replaced the subscription (expired keys, a reinstalled push service): tell the server about the
// new one with the same VAPID key, and forget the old one.
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(
    (async () => {
      const old = event.oldSubscription;
      const fresh =
        event.newSubscription ??
        (old?.options.applicationServerKey ? await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: old.options.applicationServerKey }) : null);
      const send = (method: string, body: unknown) =>
        fetch('/api/push/subscriptions', { method, credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).catch(() => undefined);
      if (fresh) await send('POST', fresh.toJSON());
      if (old && old.endpoint !== fresh?.endpoint) await send('DELETE', { endpoint: old.endpoint });
    })(),
  );
});
