// Push on this device: can this browser do it, and turning it on (permission → pushManager.subscribe with the
// box's VAPID key → tell the server) or off. No UI here; the card explains each failure.
import { notifyApi } from './notify.api';

/** Why this browser cannot take push notifications, or 'ok'. */
export type PushSupport = 'ok' | 'insecure' | 'unsupported' | 'ios' | 'wechat';

export class PushSetupError extends Error {
  constructor(public readonly reason: 'denied' | 'dismissed' | 'noWorker' | 'service') {
    super(reason);
  }
}

export function pushSupport(): PushSupport {
  const ua = navigator.userAgent;
  if (/MicroMessenger/i.test(ua)) return 'wechat';
  if (!window.isSecureContext) return 'insecure';
  if ('serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window) return 'ok';
  // iOS Safari has web push only for apps added to the home screen.
  return /iPhone|iPad|iPod/.test(ua) ? 'ios' : 'unsupported';
}

export function permission(): NotificationPermission {
  return 'Notification' in window ? Notification.permission : 'denied';
}

/** The service worker's registration; null when there is none (dev server, private mode) after a short wait. */
async function registration(waitMs = 8000): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return null;
  return Promise.race([navigator.serviceWorker.ready, new Promise<null>((resolve) => setTimeout(() => resolve(null), waitMs))]);
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  const reg = await registration(3000);
  return reg ? reg.pushManager.getSubscription() : null;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  return x.every((v, i) => v === b[i]);
}

/** "Chrome · Android" for the device list. */
export function deviceLabel(ua = navigator.userAgent): string {
  const browser = /Edg(A|iOS)?\//.test(ua) ? 'Edge' : /SamsungBrowser/.test(ua) ? 'Samsung Internet' : /(Chrome|CriOS)\//.test(ua) ? 'Chrome' : /(Firefox|FxiOS)\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : '';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return [browser, os].filter(Boolean).join(' · ');
}

/** Ask for permission, subscribe with the box's key (a subscription made with another key is replaced), register it. */
export async function turnOn(publicKey: string): Promise<PushSubscription> {
  const answer = await Notification.requestPermission();
  if (answer !== 'granted') throw new PushSetupError(answer === 'denied' ? 'denied' : 'dismissed');
  const reg = await registration();
  if (!reg) throw new PushSetupError('noWorker');
  const key = keyBytes(publicKey);
  let sub = await reg.pushManager.getSubscription();
  if (sub && !sameKey(sub.options.applicationServerKey, key)) {
    await sub.unsubscribe().catch(() => undefined);
    sub = null;
  }
  if (!sub) {
    try {
      sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    } catch {
      // Chrome without Google, a blocked push service: AbortError "Registration failed - push service error".
      throw new PushSetupError('service');
    }
  }
  await notifyApi.subscribe({ ...(sub.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } }), device: deviceLabel() });
  return sub;
}

/** Stop push here: the server forgets the device, the browser drops the subscription. */
export async function turnOff(sub: PushSubscription | null): Promise<void> {
  const s = sub ?? (await currentSubscription());
  if (!s) return;
  await notifyApi.unsubscribe(s.endpoint);
  await s.unsubscribe().catch(() => undefined);
}
