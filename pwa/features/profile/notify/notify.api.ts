// The person's delivery settings and push devices (server/modules/gateway: gateway.routes.ts, gateway.push.routes.ts).
import { api } from '../../../api/client';
import type { DeliveryPrefs, MyDeliveryPrefs, PushDevice, PushKey } from '../../../../server/modules/gateway/gateway.dto';

export type { Category, ChannelName, DeliveryPrefs, MyDeliveryPrefs, PushDevice } from '../../../../server/modules/gateway/gateway.dto';

/** What the browser's PushSubscription.toJSON() gives, plus a device name. */
export interface SubscriptionBody {
  endpoint: string;
  expirationTime?: number | null;
  keys: { p256dh: string; auth: string };
  device?: string;
}

export const notifyApi = {
  mine: () => api.get<MyDeliveryPrefs>('/api/me/delivery'),
  savePrefs: (prefs: DeliveryPrefs) => api.put<MyDeliveryPrefs>('/api/me/delivery/prefs', prefs),
  pushKey: () => api.get<PushKey>('/api/push/key'),
  devices: () => api.get<{ items: PushDevice[] }>('/api/push/subscriptions'),
  subscribe: (body: SubscriptionBody) => api.post<PushDevice>('/api/push/subscriptions', body),
  unsubscribe: (endpoint: string) => api.del('/api/push/subscriptions', { body: { endpoint } }),
};
