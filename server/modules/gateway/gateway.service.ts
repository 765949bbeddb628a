// The one door every module delivers through: deliver(recipients, message) stores the inbox item (live over
// the websocket when the app is open), and in the same transaction plans the ladder for each person — which
// channels, when, skipped for what reason — from the urgency's escalation policy, their preferences and quiet
// hours and the addresses they have. The dispatcher sends; reading the item in the app stops the chase.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import type { InboxService, Notification } from '../inbox/index.js';
import type { Channel, OutboundMessage } from './gateway.channels.js';
import type { GatewayConfigStore } from './gateway.config.js';
import { CHANNELS, DEFAULT_PREFS, type AttemptView, type Category, type ChannelName, type DeliveryPrefs, type GatewayDashboard, type LadderUrgency, type ModemStatus } from './gateway.dto.js';
import { Dispatcher } from './gateway.dispatcher.js';
import { planLadder } from './gateway.policy.js';
import { createGatewayRepo, toAttemptView, type AttemptRow, type NewAttempt } from './gateway.repo.js';

export interface GatewayMessage extends Omit<Notification, 'channels'> {
  /** What it is about: people choose channels per category. */
  category: Category;
}

export interface GatewayDeps {
  sqlite: Sqlite;
  inbox: InboxService;
  hub: RealtimeHub;
  config: GatewayConfigStore;
  clock: Clock;
  log: FastifyBaseLogger;
  localeOf(userId: string): 'zh-CN' | 'en';
  timeZone(): string;
  /** Absolute base URL of the box for links in mail and SMS ('https://xiaoban.school.lan'). */
  baseUrl(): string;
}

const PRIORITY: Record<LadderUrgency, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

export function createGateway(d: GatewayDeps) {
  const repo = createGatewayRepo(d.sqlite);
  const channels = new Map<ChannelName, Channel>();
  const listeners: ((row: AttemptRow) => void)[] = [];
  const configListeners: (() => Promise<void> | void)[] = [];
  let modemStatus: () => ModemStatus = () => ({
    mode: d.config.get().sms.mode, running: false, detail: null, signalPercent: null, batteryPercent: null, network: null, imei: null, sent: null, received: null, updatedAt: null,
  });

  const itemStmt = d.sqlite.prepare('SELECT id, user_id, kind, title, body, link, urgency, read_at FROM inbox_items WHERE id = ?');
  type ItemRow = { id: string; user_id: string; kind: string; title: string; body: string; link: string | null; urgency: LadderUrgency; read_at: string | null };

  const sign = (userId: string, category: string) => createHmac('sha256', d.config.keys().unsubscribeSecret).update(`${userId}:${category}`).digest('base64url').slice(0, 32);

  function absolute(link: string | null): string {
    return new URL(link ?? '/inbox', d.baseUrl() + '/').href;
  }

  function build(row: AttemptRow): OutboundMessage | null {
    const item = itemStmt.get(row.item_id) as ItemRow | undefined;
    if (!item) return null;
    const category = row.category as Category;
    return {
      attemptId: row.id, itemId: item.id, userId: item.user_id, locale: d.localeOf(item.user_id), kind: item.kind, category, urgency: item.urgency,
      title: item.title, body: item.body, link: item.link, url: absolute(item.link),
      unsubscribeUrl: item.urgency === 'urgent' ? null : `${d.baseUrl()}/api/gateway/unsubscribe?u=${item.user_id}&c=${encodeURIComponent(category)}&s=${sign(item.user_id, category)}`,
      unread: d.inbox.unreadCount(item.user_id),
    };
  }

  const dispatcher = new Dispatcher({
    repo, channels, clock: d.clock, log: d.log,
    perMinute: (c) => {
      const r = d.config.get().rates;
      return c === 'sms' ? r.smsPerMinute : c === 'email' ? r.emailPerMinute : r.pushPerMinute;
    },
    build,
    settled: (row) => ((itemStmt.get(row.item_id) as ItemRow | undefined)?.read_at ? 'read' : null),
    onOutcome: (row) => {
      for (const fn of listeners) fn(row);
    },
  });

  function enabledChannels(): Set<ChannelName> {
    return new Set(CHANNELS.filter((c) => channels.get(c)?.enabled()));
  }

  return {
    repo,
    dispatcher,
    registerChannel(channel: Channel): void {
      channels.set(channel.name, channel);
    },
    channel: (name: ChannelName) => channels.get(name),
    /** Channels that hold state from the configuration (the Gammu daemon) follow a change here. */
    onConfigChanged(fn: () => Promise<void> | void): void {
      configListeners.push(fn);
    },
    async configChanged(): Promise<void> {
      for (const fn of configListeners) await fn();
      dispatcher.kick();
    },
    /** Called after every recorded outcome (a roster page updates live). */
    onOutcome(fn: (row: AttemptRow) => void): void {
      listeners.push(fn);
    },
    setModemStatus(fn: () => ModemStatus): void {
      modemStatus = fn;
    },

    /**
     * Deliver one message to each recipient: inbox item + live event, and the ladder planned in the same
     * transaction. Returns the inbox item id per recipient.
     */
    deliver(recipients: string[], message: GatewayMessage): Map<string, string> {
      const now = d.clock.now();
      const nowIso = now.toISOString();
      const urgency: LadderUrgency = message.urgency ?? 'normal';
      const ladder = d.config.get().policy;
      const enabled = enabledChannels();
      const timeZone = d.timeZone();
      const ids = d.inbox.notify(recipients, message, {
        within: (stored) => {
          const users = [...stored.keys()];
          const reach = new Map<ChannelName, Set<string>>();
          for (const c of enabled) reach.set(c, channels.get(c)!.reachable(users));
          const prefs = repo.prefsMany(users);
          const rows: NewAttempt[] = [];
          for (const [userId, itemId] of stored) {
            const base = { itemId, userId, category: message.category, priority: PRIORITY[urgency] };
            if (d.hub.isOnline(userId)) rows.push({ ...base, channel: 'live', step: 0, status: 'delivered', reason: null, dueAt: nowIso, sentAt: nowIso, deliveredAt: nowIso });
            const reachable = new Set([...enabled].filter((c) => reach.get(c)!.has(userId)));
            const plan = planLadder({ policy: ladder, urgency, category: message.category, prefs: prefs.get(userId) ?? DEFAULT_PREFS, enabled, reachable, now, timeZone });
            for (const p of plan) rows.push({ ...base, channel: p.channel, step: p.step, status: p.status, reason: p.reason, dueAt: p.dueAt.toISOString() });
          }
          repo.insertMany(rows, nowIso);
        },
      });
      dispatcher.kick();
      return ids;
    },

    /** Stop chasing these items (a withdrawn notice). */
    cancel(itemIds: string[], reason: string): number {
      return repo.cancelItems(itemIds, reason, d.clock.now().toISOString());
    },

    /** Every attempt per inbox item, for rosters. */
    attempts(itemIds: string[]): Map<string, AttemptView[]> {
      const out = new Map<string, AttemptView[]>();
      for (const [id, rows] of repo.byItems(itemIds)) out.set(id, rows.map(toAttemptView));
      return out;
    },

    prefs: (userId: string) => repo.prefs(userId),
    savePrefs(userId: string, prefs: DeliveryPrefs): DeliveryPrefs {
      repo.savePrefs(userId, prefs, d.clock.now().toISOString());
      return repo.prefs(userId);
    },
    enabledChannels,
    reachable(userId: string): Set<ChannelName> {
      return new Set([...channels.values()].filter((c) => c.reachable([userId]).has(userId)).map((c) => c.name));
    },

    /** One-click unsubscribe from mail (RFC 8058): checks the signature, turns email off for the category. */
    unsubscribe(userId: string, category: Category, signature: string): boolean {
      const expected = Buffer.from(sign(userId, category));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
      const prefs = repo.prefs(userId);
      if (!prefs.off.email.includes(category)) repo.savePrefs(userId, { ...prefs, off: { ...prefs.off, email: [...prefs.off.email, category] } }, d.clock.now().toISOString());
      return true;
    },
    unsubscribeLink: (userId: string, category: Category) => `${d.baseUrl()}/api/gateway/unsubscribe?u=${userId}&c=${encodeURIComponent(category)}&s=${sign(userId, category)}`,

    dashboard(days = 14): GatewayDashboard {
      const now = d.clock.now();
      const since = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
      const rates = d.config.get().rates;
      const perMinute: Record<ChannelName, number> = { sms: rates.smsPerMinute, email: rates.emailPerMinute, webpush: rates.pushPerMinute };
      const queues = CHANNELS.map((channel) => {
        const q = repo.queue(channel, now.toISOString());
        const etaAt = q.queued ? new Date(now.getTime() + Math.ceil((q.queued / perMinute[channel]) * 60_000)).toISOString() : null;
        return { channel, ...q, perMinute: perMinute[channel], etaAt };
      });
      return { days: repo.dayStats(since, utcOffsetMinutes(now, d.timeZone())), queues, modem: modemStatus() };
    },

    /** Build an outbound message for the admin's "send test" (not stored on any ladder). */
    testMessage(userId: string, channel: ChannelName, address?: string): OutboundMessage {
      const locale = d.localeOf(userId);
      return {
        attemptId: `test-${now36(d.clock)}`, itemId: 'test', userId, locale, kind: 'gateway.test', category: 'system', urgency: 'normal',
        title: locale === 'en' ? `xiaoban test message (${channel})` : `校办测试消息（${channelZh[channel]}）`,
        body: locale === 'en' ? 'If you can read this, this channel works.' : '收到这条消息，说明此渠道工作正常。',
        link: '/inbox', url: absolute('/inbox'), unsubscribeUrl: null, unread: 0, ...(address ? { address } : {}),
      };
    },

    start: () => dispatcher.start(),
    stop: () => dispatcher.stop(),
  };
}
export type Gateway = ReturnType<typeof createGateway>;

/** Minutes the zone is ahead of UTC at `at` (Asia/Shanghai: 480). */
function utcOffsetMinutes(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(at).map((p) => [p.type, p.value]));
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

const channelZh: Record<ChannelName, string> = { webpush: '推送', email: '邮件', sms: '短信' };
const now36 = (clock: Clock) => clock.now().getTime().toString(36);
