/// <reference lib="webworker" />
// xiaoban service worker (workbox injectManifest).
// - precache: the app shell only (index.html, the entry chunk and CSS, icons, manifest, offline page)
// - navigations: the cached shell; if even that is missing, the offline page
// - runtime caches with names and limits: /api GETs of me/inbox/setup (NetworkFirst), recent documents with
//   their previews and thumbnails (offline reading), images, lazy page chunks
// - push + notificationclick, ready for web push
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

interface PushPayload {
  title?: string;
  body?: string;
  link?: string;
  tag?: string;
  urgency?: string;
}

self.addEventListener('push', (event) => {
  let payload: PushPayload = {};
  try {
    payload = (event.data?.json() as PushPayload) ?? {};
  } catch {
    payload = { body: event.data?.text() };
  }
  const title = payload.title || '校办';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: payload.body ?? '',
      tag: payload.tag,
      icon: '/icons/icon-192.png',
      badge: '/icons/badge-72.png',
      data: { link: payload.link ?? '/inbox' },
      requireInteraction: payload.urgency === 'urgent',
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const link = (event.notification.data as { link?: string } | undefined)?.link ?? '/inbox';
  const target = new URL(link, self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const client of windows) {
        if (new URL(client.url).origin === self.location.origin) {
          await client.focus();
          if ('navigate' in client) await (client as WindowClient).navigate(target).catch(() => undefined);
          return;
        }
      }
      await self.clients.openWindow(target);
    })(),
  );
});
