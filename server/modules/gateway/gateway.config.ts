// The admin's channel configuration and the box's own keys, kept in the settings table (so a backup restores
// them: new VAPID keys would orphan every push subscription). Keys are made on first start.
import { randomBytes } from 'node:crypto';
import webpush from 'web-push';
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { DEFAULT_GATEWAY_CONFIG, type GatewayConfig, type GatewayConfigView } from './gateway.dto.js';

const CONFIG_KEY = 'gateway';
const KEYS_KEY = 'gateway.keys';

export interface GatewayKeys {
  vapidPublicKey: string;
  vapidPrivateKey: string;
  /** Signs one-click unsubscribe links in mail. */
  unsubscribeSecret: string;
}

function merge(stored: Partial<GatewayConfig>): GatewayConfig {
  const d = DEFAULT_GATEWAY_CONFIG;
  return {
    smtp: { ...d.smtp, ...stored.smtp },
    sms: { ...d.sms, ...stored.sms, gammu: { ...d.sms.gammu, ...stored.sms?.gammu }, http: { ...d.sms.http, ...stored.sms?.http } },
    rates: { ...d.rates, ...stored.rates },
    policy: { ...d.policy, ...stored.policy },
    pushEnabled: stored.pushEnabled ?? d.pushEnabled,
  };
}

export function createGatewayConfig(sqlite: Sqlite, clock: Clock) {
  const read = (key: string) => (sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  const write = (key: string, value: unknown, actorId: string | null) =>
    sqlite
      .prepare('INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by')
      .run(key, JSON.stringify(value), clock.now().toISOString(), actorId);

  let cache: GatewayConfig | null = null;
  let keys: GatewayKeys | null = null;

  function loadKeys(): GatewayKeys {
    const raw = read(KEYS_KEY);
    if (raw) return JSON.parse(raw) as GatewayKeys;
    const vapid = webpush.generateVAPIDKeys();
    const made: GatewayKeys = { vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey, unsubscribeSecret: randomBytes(32).toString('base64url') };
    write(KEYS_KEY, made, null);
    return made;
  }

  return {
    get(): GatewayConfig {
      return (cache ??= merge(JSON.parse(read(CONFIG_KEY) ?? '{}') as Partial<GatewayConfig>));
    },
    keys(): GatewayKeys {
      return (keys ??= loadKeys());
    },
    /** Replace the configuration; secrets left out keep their stored value. Returns the changed top-level parts. */
    update(next: GatewayConfig, actorId: string | null): string[] {
      const before = this.get();
      const merged: GatewayConfig = {
        ...next,
        smtp: { ...next.smtp, password: next.smtp.password ?? before.smtp.password },
        sms: {
          ...next.sms,
          gammu: { ...next.sms.gammu, pin: next.sms.gammu.pin ?? before.sms.gammu.pin },
          http: { ...next.sms.http, token: next.sms.http.token ?? before.sms.http.token },
        },
      };
      write(CONFIG_KEY, merged, actorId);
      cache = merged;
      return (Object.keys(merged) as (keyof GatewayConfig)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(merged[k]));
    },
    /** For the admin page: no secret leaves the box. */
    view(): GatewayConfigView {
      const c = this.get();
      const { password, ...smtp } = c.smtp;
      const { pin, ...gammu } = c.sms.gammu;
      const { token, ...http } = c.sms.http;
      return {
        config: { ...c, smtp, sms: { ...c.sms, gammu, http } },
        secrets: { smtpPassword: !!password, gammuPin: !!pin, httpToken: !!token },
        vapidPublicKey: this.keys().vapidPublicKey,
      };
    },
  };
}
export type GatewayConfigStore = ReturnType<typeof createGatewayConfig>;
