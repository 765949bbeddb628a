// Builds the delivery ladder: the stored configuration and keys, the gateway (deliver + dispatcher) and the
// channels it drives, and registers the routes. app.ts calls createGatewayModule() and hands `gateway` to
// every module that notifies people.
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { DbHandle } from '../../db/client.js';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditService } from '../audit/index.js';
import type { InboxService } from '../inbox/index.js';
import type { OrgService } from '../org/index.js';
import type { SettingsService } from '../settings/index.js';
import { createEmailChannel } from './channels/email.js';
import { createSmsChannel, type SmsChannelOptions } from './channels/sms.js';
import { createWebPushChannel } from './channels/webpush.js';
import { createPushSubscriptions } from './channels/webpush.subscriptions.js';
import { createGatewayConfig } from './gateway.config.js';
import { gatewayPushRoutes } from './gateway.push.routes.js';
import { gatewayAdminRoutes, gatewayRoutes } from './gateway.routes.js';
import { createGateway } from './gateway.service.js';

export interface GatewayModuleDeps {
  db: DbHandle;
  dataDir: string;
  org: OrgService;
  audit: AuditService;
  inbox: InboxService;
  settings: SettingsService;
  hub: RealtimeHub;
  clock: Clock;
  log: FastifyBaseLogger;
  baseUrl(): string;
  /** XB_PUSH_EXTRA_HOSTS: push services allowed besides the browsers' own. */
  pushExtraHosts?: readonly string[];
  /** What helper programs inherit (PATH, locale): Gammu's daemon and inject tool. */
  toolEnv?: Record<string, string>;
  /** Tests: Gammu binaries, time-outs, restart back-off; the HTTP provider's fetch. */
  sms?: Pick<SmsChannelOptions, 'gammu' | 'http'>;
}

export function createGatewayModule(d: GatewayModuleDeps) {
  const config = createGatewayConfig(d.db.sqlite, d.clock);
  config.keys(); // VAPID keys and the unsubscribe secret exist from the first start
  const gateway = createGateway({
    sqlite: d.db.sqlite, inbox: d.inbox, hub: d.hub, config, clock: d.clock, log: d.log,
    localeOf: (id) => d.org.localeOf(id), timeZone: () => d.settings.get().timeZone, baseUrl: d.baseUrl,
  });
  const push = createWebPushChannel({
    subscriptions: createPushSubscriptions(d.db.sqlite), config, clock: d.clock, log: d.log, baseUrl: d.baseUrl, extraHosts: d.pushExtraHosts ?? [],
  });
  gateway.registerChannel(push);

  const email = createEmailChannel({ sqlite: d.db.sqlite, smtp: () => config.get().smtp, schoolName: () => d.settings.get().schoolName, baseUrl: d.baseUrl });
  gateway.registerChannel(email);
  gateway.onConfigChanged(() => email.reset()); // the next mail connects with the new settings

  const sms = createSmsChannel({ sqlite: d.db.sqlite, config, dataDir: d.dataDir, clock: d.clock, log: d.log, toolEnv: d.toolEnv, ...d.sms });
  gateway.registerChannel(sms);
  gateway.onConfigChanged(() => sms.reload());
  gateway.setModemStatus(() => sms.modemStatus());

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(gatewayRoutes, { gateway, config });
    await app.register(gatewayPushRoutes, { push, config, clock: d.clock });
    await app.register(gatewayAdminRoutes, { gateway, config, audit: d.audit, org: d.org });
  };

  return {
    gateway, config, push, routes,
    start: async () => {
      await sms.start();
      await gateway.start();
    },
    stop: async () => {
      sms.beginStop(); // a send waiting for the modem gives up, so the dispatcher's stop does not wait for it
      await gateway.stop();
      await sms.stop();
      push.close();
      email.close();
    },
  };
}
export type GatewayModule = ReturnType<typeof createGatewayModule>;
