// The one 'sms' channel of the ladder. It sends through whatever the admin chose in sms.mode: our own
// gammu-smsd with a GSM modem (one message at a time, delivery reports, crash reconcile), or an HTTP provider
// (a few at once; its Idempotency-Key makes a resend after a crash safe, so there is nothing to reconcile).
// People are reachable when their profile has a mainland mobile number.
import type Database from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import type { Sqlite } from '../../../db/client.js';
import { maskMobile, normalizeMobile } from '../../../lib/cn.js';
import type { Clock } from '../../../lib/clock.js';
import { ChannelError, type Channel, type DeliveryReport, type OutboundMessage, type SendOutcome } from '../gateway.channels.js';
import type { GatewayConfigStore } from '../gateway.config.js';
import type { ModemStatus } from '../gateway.dto.js';
import {
  createSmsdStore, GammuSender, GammuSupervisor, sendHttpSms, smsText, tuningFor,
  type GammuSenderOptions, type GammuSupervisorOptions, type HttpSmsOptions, type SmsdStore,
} from '../sms/index.js';

type Statement = Database.Statement<unknown[]>;

export interface SmsChannelOptions {
  sqlite: Sqlite;
  config: GatewayConfigStore;
  dataDir: string;
  clock: Clock;
  log: FastifyBaseLogger;
  /** What Gammu's programs inherit (PATH, LANG). */
  toolEnv?: Record<string, string | undefined>;
  gammu?: Partial<Pick<GammuSupervisorOptions, 'bin' | 'schema' | 'backoff' | 'stopGraceMs'> & Pick<GammuSenderOptions, 'injectBin' | 'sendTimeoutMs' | 'pollMs'>>;
  http?: HttpSmsOptions;
}

/** Delivery reports are looked for this long after sending. */
const REPORT_WINDOW_MS = 3 * 24 * 3600_000;

export class SmsChannel implements Channel {
  readonly name = 'sms' as const;
  readonly supervisor: GammuSupervisor;
  readonly gammu: GammuSender;
  private readonly store: SmsdStore;
  private readonly phoneOf: Statement;
  private readonly takenStmt: Statement;
  private readonly pendingRefs: Statement;

  constructor(private readonly o: SmsChannelOptions) {
    const sms = () => o.config.get().sms;
    this.supervisor = new GammuSupervisor({ dataDir: o.dataDir, sms, log: o.log, env: o.toolEnv ?? {}, ...o.gammu });
    this.store = createSmsdStore(this.supervisor.paths.db);
    this.gammu = new GammuSender({
      supervisor: this.supervisor,
      store: this.store,
      tuning: () => tuningFor(sms().gammu),
      log: o.log,
      taken: (id, attemptId) => !!this.takenStmt.get(String(id), attemptId),
      ...o.gammu,
    });
    this.phoneOf = o.sqlite.prepare('SELECT phone FROM users WHERE id = ?');
    this.takenStmt = o.sqlite.prepare(`SELECT 1 FROM delivery_attempts WHERE channel = 'sms' AND provider_ref = ? AND id != ? LIMIT 1`);
    this.pendingRefs = o.sqlite.prepare(`SELECT provider_ref AS ref FROM delivery_attempts WHERE channel = 'sms' AND status = 'sent' AND provider_ref IS NOT NULL AND sent_at >= ?`);
  }

  /** The modem sends one message at a time; a provider takes a few in parallel. */
  get concurrency(): number {
    return this.mode() === 'http' ? 4 : 1;
  }

  private mode() {
    return this.o.config.get().sms.mode;
  }

  enabled(): boolean {
    const sms = this.o.config.get().sms;
    if (sms.mode === 'gammu') return this.supervisor.installed();
    if (sms.mode === 'http') return /^https?:\/\//i.test(sms.http.url);
    return false;
  }

  reachable(userIds: string[]): Set<string> {
    const out = new Set<string>();
    for (let i = 0; i < userIds.length; i += 500) {
      const chunk = userIds.slice(i, i + 500);
      const rows = this.o.sqlite
        .prepare(`SELECT id, phone FROM users WHERE active = 1 AND phone IS NOT NULL AND id IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as { id: string; phone: string }[];
      for (const r of rows) if (normalizeMobile(r.phone)) out.add(r.id);
    }
    return out;
  }

  /** The number and the exact text a message becomes (the same on a resend and on a reconcile). */
  private compose(m: OutboundMessage): { phone: string; text: string } {
    const raw = m.address ?? (this.phoneOf.get(m.userId) as { phone: string | null } | undefined)?.phone;
    if (!raw) throw new ChannelError('no mobile number', 'gone');
    const phone = normalizeMobile(raw);
    if (!phone) throw new ChannelError(`${maskMobile(raw)} is not a mainland mobile number`, 'permanent');
    const sms = this.o.config.get().sms;
    return { phone, text: smsText({ signature: sms.signature, title: m.title, body: m.body, url: m.url }) };
  }

  async send(m: OutboundMessage): Promise<SendOutcome> {
    const { phone, text } = this.compose(m);
    const sms = this.o.config.get().sms;
    let outcome: SendOutcome;
    if (sms.mode === 'gammu') outcome = await this.gammu.send(phone, text, m.attemptId);
    else if (sms.mode === 'http') outcome = await sendHttpSms(sms.http, { phone, text, ref: m.attemptId }, this.o.http);
    else throw new ChannelError('SMS is switched off', 'permanent');
    this.o.log.info({ event: 'sms.sent', mode: sms.mode, attempt: m.attemptId, to: maskMobile(phone), ref: outcome.ref, chars: text.length }, 'SMS sent');
    return outcome;
  }

  async reconcile(m: OutboundMessage, _sendingSince: string): Promise<SendOutcome | null> {
    if (this.mode() !== 'gammu') return null;
    const { phone, text } = this.compose(m);
    return this.gammu.reconcile(phone, text, m.attemptId);
  }

  async pollReports(): Promise<DeliveryReport[]> {
    if (this.mode() !== 'gammu') return [];
    const since = new Date(this.o.clock.now().getTime() - REPORT_WINDOW_MS).toISOString();
    const refs = (this.pendingRefs.all(since) as { ref: string }[]).map((r) => r.ref);
    const at = this.o.clock.now().toISOString();
    return [...this.gammu.reports(refs)].map(([ref, status]) => ({ ref, status, at, ...(status === 'failed' ? { detail: 'the network reported the SMS undeliverable' } : {}) }));
  }

  modemStatus(): ModemStatus {
    const sms = this.o.config.get().sms;
    if (sms.mode === 'gammu') return this.gammu.modemStatus();
    const idle = { signalPercent: null, batteryPercent: null, network: null, imei: null, sent: null, received: null, updatedAt: null };
    if (sms.mode === 'http') {
      const ok = this.enabled();
      return { mode: 'http', running: ok, detail: ok ? new URL(sms.http.url).host : 'the provider URL is not set', ...idle };
    }
    return { mode: 'off', running: false, detail: null, ...idle };
  }

  async start(): Promise<void> {
    this.gammu.resume();
    await this.supervisor.start();
  }

  /** Waiting sends give up first (the dispatcher is stopping), then the daemon stops. */
  beginStop(): void {
    this.gammu.stop();
  }

  async stop(): Promise<void> {
    this.gammu.stop();
    await this.supervisor.stop();
    this.store.close();
  }

  /** The admin saved the configuration: the daemon follows the modem settings. */
  reload(): Promise<void> {
    return this.supervisor.reload();
  }
}

export const createSmsChannel = (o: SmsChannelOptions) => new SmsChannel(o);
