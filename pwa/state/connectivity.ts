// Online/offline as the browser sees it, plus the live-connection state of the websocket.
import { signal } from '@preact/signals';
import type { ConnectionState } from '../api/ws';

export const online = signal<boolean>(typeof navigator === 'undefined' ? true : navigator.onLine);
export const realtimeState = signal<ConnectionState>('idle');

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => (online.value = true));
  window.addEventListener('offline', () => (online.value = false));
}
