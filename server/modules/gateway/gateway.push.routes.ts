// Web push for the signed-in person: the box's VAPID public key, and the devices they turned notifications on
// in (subscribe, unsubscribe, list). Only the browsers' push services (and XB_PUSH_EXTRA_HOSTS) are accepted.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PushSubscriptionRow } from './channels/webpush.subscriptions.js';
import type { WebPushChannel } from './channels/webpush.js';
import type { GatewayConfigStore } from './gateway.config.js';
import { PushDevice, PushDeviceList, PushKey, PushSubscriptionInput, PushUnsubscribeInput } from './gateway.dto.js';
import { GatewayErrors } from './gateway.errors.js';
import type { Clock } from '../../lib/clock.js';

const toDevice = (r: PushSubscriptionRow): PushDevice => ({
  id: r.id, device: r.device, endpoint: r.endpoint, createdAt: r.created_at, lastSuccessAt: r.last_success_at, lastFailureAt: r.last_failure_at, failures: r.failures,
});

/** 'Chrome · Android' from a User-Agent, for a subscription that did not name its device. */
export function deviceFromUserAgent(ua: string | undefined): string {
  if (!ua) return '';
  const browser = /Edg(A|iOS)?\//.test(ua) ? 'Edge' : /MicroMessenger/.test(ua) ? 'WeChat' : /SamsungBrowser/.test(ua) ? 'Samsung Internet' : /(Chrome|CriOS)\//.test(ua) ? 'Chrome' : /(Firefox|FxiOS)\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : '';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return [browser, os].filter(Boolean).join(' · ');
}

/** A P-256 public key is 65 bytes starting with 4 (uncompressed point); the auth secret is 16 bytes. */
function validKeys(keys: { p256dh: string; auth: string }): boolean {
  const point = Buffer.from(keys.p256dh, 'base64url');
  return point.length === 65 && point[0] === 4 && Buffer.from(keys.auth, 'base64url').length === 16;
}

export const gatewayPushRoutes: FastifyPluginAsyncTypebox<{ push: WebPushChannel; config: GatewayConfigStore; clock: Clock }> = async (app, { push, config, clock }) => {
  const tags = ['delivery'];

  app.get('/api/push/key', {
    schema: { tags, summary: "The box's VAPID public key for pushManager.subscribe(), and whether push is on", response: { 200: PushKey } },
    handler: async () => ({ publicKey: config.keys().vapidPublicKey, enabled: push.enabled() }),
  });

  app.get('/api/push/subscriptions', {
    schema: { tags, summary: 'My devices with notifications on', response: { 200: PushDeviceList } },
    handler: async (req) => ({ items: push.subscriptions.of(req.user!.id).map(toDevice) }),
  });

  app.post('/api/push/subscriptions', {
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Turn notifications on for this device (the same endpoint again updates it)', body: PushSubscriptionInput, response: { 200: PushDevice, 201: PushDevice } },
    handler: async (req, reply) => {
      const { endpoint, keys, device } = req.body;
      if (!push.enabled()) throw GatewayErrors.channelOff('Push notifications are switched off on this box', { channel: 'webpush' });
      if (!push.allowed(endpoint)) {
        let host = '';
        try {
          host = new URL(endpoint).host;
        } catch {
          /* the pattern let it through but it is no URL */
        }
        throw GatewayErrors.pushEndpointNotAllowed(`Push service ${host || endpoint.slice(0, 40)} is not allowed`, { host });
      }
      if (!validKeys(keys)) throw GatewayErrors.pushKeysInvalid('p256dh must be a P-256 public key and auth 16 bytes');
      const saved = push.subscriptions.save(
        { userId: req.user!.id, endpoint, p256dh: keys.p256dh, auth: keys.auth, device: device?.trim() || deviceFromUserAgent(req.headers['user-agent']) },
        clock.now().toISOString(),
      );
      return reply.code(saved.created ? 201 : 200).send(toDevice(saved.row));
    },
  });

  app.delete('/api/push/subscriptions', {
    schema: { tags, summary: 'Turn notifications off for one of my devices', body: PushUnsubscribeInput, response: { 204: Type.Null() } },
    handler: async (req, reply) => {
      // Another person's endpoint, or one already gone, is a no-op: nothing to learn from the answer.
      push.subscriptions.remove(req.user!.id, req.body.endpoint);
      return reply.code(204).send(null);
    },
  });
};
