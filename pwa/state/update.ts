// "New version available": the service worker registration (sw-register.ts) sets these.
import { signal } from '@preact/signals';

export const updateReady = signal(false);
let apply: (() => void) | null = null;

export function setUpdateHandler(fn: () => void): void {
  apply = fn;
}

/** Only ever called from the user's click: activates the waiting service worker, then reloads once. */
export function applyUpdate(): void {
  apply?.();
}
