// Registers the service worker with workbox-window. A new version waits until the user agrees
// (never a silent reload in the middle of a form).
import { setUpdateHandler, updateReady } from './state/update';

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox('/sw.js', { scope: '/' });

  wb.addEventListener('waiting', () => {
    updateReady.value = true;
  });
  setUpdateHandler(() => {
    wb.addEventListener('controlling', () => window.location.reload());
    wb.messageSkipWaiting();
  });

  try {
    const registration = await wb.register();
    // Look for a new version when the app comes back to the foreground, at most every 30 minutes.
    let lastCheck = Date.now();
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && Date.now() - lastCheck > 30 * 60_000 && navigator.onLine) {
        lastCheck = Date.now();
        void registration?.update().catch(() => undefined);
      }
    });
  } catch {
    /* no service worker (private mode, untrusted certificate): the app still works online */
  }
}
