// The 'webpush' channel (the web-push adapter): one message to every device a person subscribed, encrypted
// per RFC 8291 (aes128gcm) and signed with the box's VAPID key (RFC 8292) by `web-push`, then POSTed by our own
// request (web-push's sender speaks https only; a school's relay or a test endpoint may be http). Endpoints
// come from users, so only known push services (and XB_PUSH_EXTRA_HOSTS) are ever contacted.
import http from 'node:http';
import https from 'node:https';
import type { FastifyBaseLogger } from 'fastify';
import webpush, { type RequestDetails, type Urgency } from 'web-push';
import type { Clock } from '../../../lib/clock.js';
import { parsePushHosts, pushEndpointAllowed, type PushHostRule } from '../../../lib/push-endpoints.js';
import { ChannelError, type Channel, type OutboundMessage, type SendOutcome } from '../gateway.channels.js';
import type { GatewayConfigStore } from '../gateway.config.js';
import type { LadderUrgency } from '../gateway.dto.js';
import type { PushSubscriptionRow, PushSubscriptions } from './webpush.subscriptions.js';

/** What the service worker receives (pwa/sw/sw.ts reads the same fields). */
export interface PushPayload {
  title: string;
  body: string;
  link: string;
  itemId: string;
  urgency: LadderUrgency;
  /** The person's unread count, for the app icon badge. */
  unread: number;
  /** Replaces an earlier notification of the same item instead of stacking. */
  tag: string;
  /** The recipient's language, for the urgency mark the worker adds to the title. */
  lang: 'zh-CN' | 'en';
}

export interface WebPushDeps {
  subscriptions: PushSubscriptions;
  config: GatewayConfigStore;
  clock: Clock;
  log: FastifyBaseLogger;
  baseUrl(): string;
  /** XB_PUSH_EXTRA_HOSTS entries. */
  extraHosts: readonly string[];
  timeoutMs?: number;
}

// RFC 8030 §5.3: 'high' wakes a phone in power saving at once; urgent and important notices need that.
const URGENCY: Record<LadderUrgency, Urgency> = { urgent: 'high', high: 'high', normal: 'normal', low: 'low' };
// How long the push service keeps a message for a phone that is off. Urgent ones go to SMS after minutes
// anyway; a day-old urgent push is noise.
const TTL_SECONDS: Record<LadderUrgency, number> = { urgent: 6 * 3600, high: 24 * 3600, normal: 3 * 86_400, low: 7 * 86_400 };
const CONCURRENCY = 16;

type DeviceResult = { kind: 'ok' | 'gone' | 'permanent' | 'retry'; detail: string };

const clip = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export function createWebPushChannel(d: WebPushDeps) {
  const rules: PushHostRule[] = parsePushHosts(d.extraHosts.join(',')).rules;
  const agents = {
    'https:': new https.Agent({ keepAlive: true, maxSockets: CONCURRENCY }),
    'http:': new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }),
  };

  /** RFC 8292 wants a contact: the school's sender address, else the box's https address. */
  function subject(): string {
    const from = d.config.get().smtp.fromAddress;
    if (from) return `mailto:${from}`;
    const base = d.baseUrl();
    return base.startsWith('https://') && !/^https:\/\/(localhost|127\.|\[::1\])/.test(base) ? base : 'mailto:admin@xiaoban.invalid';
  }

  function payload(m: OutboundMessage): PushPayload {
    return {
      title: clip(m.title, 120), body: clip(m.body, 200), link: m.link ?? '/inbox', itemId: m.itemId, urgency: m.urgency, unread: m.unread, tag: m.itemId, lang: m.locale,
    };
  }

  function post(details: RequestDetails): Promise<{ status: number; body: string }> {
    const url = new URL(details.endpoint);
    const mod = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = mod.request(
        url,
        { method: 'POST', headers: details.headers, agent: agents[url.protocol as 'http:' | 'https:'], signal: AbortSignal.timeout(d.timeoutMs ?? 15_000) },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (body.length < 500) body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.slice(0, 500) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(details.body ?? undefined);
    });
  }

  async function sendTo(sub: PushSubscriptionRow, body: string, m: OutboundMessage): Promise<DeviceResult> {
    if (!pushEndpointAllowed(sub.endpoint, rules)) return { kind: 'permanent', detail: 'endpoint not allowed' };
    let details: RequestDetails;
    try {
      const keys = d.config.keys();
      details = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, body, {
        vapidDetails: { subject: subject(), publicKey: keys.vapidPublicKey, privateKey: keys.vapidPrivateKey },
        contentEncoding: 'aes128gcm',
        TTL: TTL_SECONDS[m.urgency],
        urgency: URGENCY[m.urgency],
        // A newer message for the same item replaces one still waiting at the push service.
        ...(/^[0-9a-z]{1,32}$/.test(m.itemId) ? { topic: m.itemId } : {}),
      });
    } catch (err) {
      return { kind: 'permanent', detail: `cannot encrypt: ${(err as Error).message}` };
    }
    try {
      const res = await post(details);
      const detail = `${res.status} ${res.body}`.trim();
      if (res.status >= 200 && res.status < 300) return { kind: 'ok', detail };
      if (res.status === 404 || res.status === 410) return { kind: 'gone', detail };
      if (res.status === 429 || res.status >= 500) return { kind: 'retry', detail };
      return { kind: 'permanent', detail }; // 400 bad request, 403 VAPID key mismatch, 413 too large …
    } catch (err) {
      return { kind: 'retry', detail: (err as Error).name === 'TimeoutError' ? 'timeout' : (err as Error).message };
    }
  }

  const channel: Channel & { subscriptions: PushSubscriptions; allowed(endpoint: string): boolean; close(): void } = {
    name: 'webpush',
    concurrency: CONCURRENCY,
    subscriptions: d.subscriptions,
    enabled: () => d.config.get().pushEnabled,
    reachable: (userIds) => d.subscriptions.reachable(userIds),
    devices: (userId) => d.subscriptions.count(userId),
    allowed: (endpoint) => pushEndpointAllowed(endpoint, rules),

    async send(m: OutboundMessage): Promise<SendOutcome> {
      const subs = d.subscriptions.of(m.userId);
      if (!subs.length) throw new ChannelError('no push subscription', 'gone');
      const body = JSON.stringify(payload(m));
      const results = await Promise.all(subs.map((s) => sendTo(s, body, m)));
      const now = d.clock.now().toISOString();
      const count = { ok: 0, gone: 0, permanent: 0, retry: 0 };
      results.forEach((r, i) => {
        const sub = subs[i]!;
        count[r.kind]++;
        if (r.kind === 'ok') d.subscriptions.succeeded(sub.id, now);
        else if (r.kind === 'gone') {
          d.subscriptions.drop(sub.id);
          d.log.info({ event: 'gateway.push.subscription_gone', user: sub.user_id, subscription: sub.id }, 'push subscription expired, removed');
        } else d.subscriptions.failed(sub.id, now);
      });
      const summary = results.map((r) => r.kind === 'ok' ? 'ok' : `${r.kind}: ${r.detail}`).join('; ');
      if (count.ok) return { status: 'sent', detail: `${count.ok}/${subs.length} devices` };
      if (count.gone === subs.length) throw new ChannelError(`every subscription expired (${summary})`, 'gone');
      if (count.retry) throw new ChannelError(summary, 'retry');
      throw new ChannelError(summary, 'permanent');
    },

    close(): void {
      agents['https:'].destroy();
      agents['http:'].destroy();
    },
  };
  return channel;
}
export type WebPushChannel = ReturnType<typeof createWebPushChannel>;
