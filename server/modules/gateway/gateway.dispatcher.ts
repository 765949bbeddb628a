// Works the ladder off: per channel, claims due attempts within the channel's rate (a GSM modem sends ~6 a
// minute) and concurrency, sends, records the outcome, retries transient failures with back-off and, when a
// rung fails for good or finds nobody, brings the next rung forward. Every state change is in SQLite first,
// so a restart in the middle of a blast resumes without losing or repeating anything; a send interrupted by a
// crash is reconciled with the channel (SMS) or retried.
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import { ChannelError, type Channel, type OutboundMessage } from './gateway.channels.js';
import type { ChannelName } from './gateway.dto.js';
import { retryDelayMs } from './gateway.policy.js';
import type { AttemptRow, Finish, GatewayRepo } from './gateway.repo.js';

export interface DispatcherDeps {
  repo: GatewayRepo;
  channels: Map<ChannelName, Channel>;
  clock: Clock;
  log: FastifyBaseLogger;
  perMinute(channel: ChannelName): number;
  /** The message for an attempt, or null when its inbox item is gone. */
  build(row: AttemptRow): OutboundMessage | null;
  /** A reason not to send any more (the person has read it), or null. */
  settled(row: AttemptRow): string | null;
  /** After every recorded outcome (live dashboards, rosters). */
  onOutcome?(row: AttemptRow): void;
  maxTries?: number;
  tickMs?: number;
  reportPollMs?: number;
}

const MINUTE = 60_000;

export class Dispatcher {
  private readonly inFlight = new Map<ChannelName, Set<Promise<void>>>();
  private timer: NodeJS.Timeout | null = null;
  private reportTimer: NodeJS.Timeout | null = null;
  private stopped = true;
  private ticking = false;
  /** Outcomes of finished sends, written together (one transaction and fsync per batch, not per send). */
  private outcomes: { row: AttemptRow; f: Finish; escalate: boolean }[] = [];
  private flushScheduled = false;

  constructor(private readonly d: DispatcherDeps) {}

  private flights(channel: ChannelName): Set<Promise<void>> {
    let set = this.inFlight.get(channel);
    if (!set) this.inFlight.set(channel, (set = new Set()));
    return set;
  }

  /** Start sending. Attempts left 'sending' by a crash are reconciled first. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.recover();
    this.timer = setInterval(() => this.tick(), this.d.tickMs ?? 1000);
    this.reportTimer = setInterval(() => void this.pollReports(), this.d.reportPollMs ?? 15_000);
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.reportTimer) clearInterval(this.reportTimer);
    this.timer = this.reportTimer = null;
    await Promise.allSettled([...this.inFlight.values()].flatMap((s) => [...s]));
    this.flush();
  }

  private queue(row: AttemptRow, f: Finish, escalate = false): void {
    this.outcomes.push({ row, f, escalate });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Write the queued outcomes; a failed rung brings the later ones forward in the same transaction. */
  private flush(): void {
    this.flushScheduled = false;
    if (!this.outcomes.length) return;
    const batch = this.outcomes;
    this.outcomes = [];
    let pulled = 0;
    try {
      this.d.repo.finishMany(batch.map((o) => [o.row.id, o.f]));
      for (const o of batch) if (o.escalate) pulled += this.d.repo.pullForward(o.row.item_id, o.row.step, o.f.now);
    } catch (err) {
      this.d.log.error({ err, event: 'gateway.record_failed', count: batch.length }, 'recording delivery outcomes failed');
      return; // left 'sending': reconciled or retried at the next start
    }
    for (const o of batch) this.d.onOutcome?.({ ...o.row, status: o.f.status, reason: o.f.reason ?? null });
    if (pulled) this.kick();
  }

  /** New work is due now (a fan-out): do not wait for the next tick. */
  kick(): void {
    if (!this.stopped) setImmediate(() => this.tick());
  }

  /** Tests: recover, then send everything due within the rate limits until nothing more can go. */
  async drain(): Promise<number> {
    await this.recover();
    let total = 0;
    for (;;) {
      const started = this.tick();
      await Promise.allSettled([...this.inFlight.values()].flatMap((s) => [...s]));
      this.flush();
      total += started;
      if (!started) return total;
    }
  }

  /** Start what may start now on every channel; returns how many sends began. */
  tick(): number {
    if (this.ticking) return 0;
    this.ticking = true;
    this.flush(); // the rate window counts what has been recorded as sent
    let started = 0;
    try {
      for (const [name, channel] of this.d.channels) started += this.tickChannel(name, channel);
    } catch (err) {
      this.d.log.error({ err, event: 'gateway.tick_failed' }, 'delivery dispatcher tick failed');
    } finally {
      this.ticking = false;
    }
    return started;
  }

  private tickChannel(name: ChannelName, channel: Channel): number {
    const flights = this.flights(name);
    const now = this.d.clock.now();
    const nowIso = now.toISOString();
    const byRate = this.d.perMinute(name) - this.d.repo.sentSince(name, new Date(now.getTime() - MINUTE).toISOString()) - flights.size;
    const room = Math.min(byRate, channel.concurrency - flights.size);
    if (room <= 0) return 0;
    // Settled attempts (read already) are skipped without using a slot, so look a little further.
    const toSend: AttemptRow[] = [];
    for (const row of this.d.repo.due(name, nowIso, room * 4 + 10)) {
      if (toSend.length >= room) break;
      const reason = this.d.settled(row);
      if (reason) this.queue(row, { status: 'skipped', reason, now: nowIso });
      // Switched off after planning: this rung cannot happen; let the next one go.
      else if (!channel.enabled()) this.queue(row, { status: 'skipped', reason: 'channel_off', now: nowIso }, true);
      else toSend.push(row);
    }
    this.flush();
    if (!toSend.length) return 0;
    const claimed = this.d.repo.claimMany(toSend.map((r) => r.id), nowIso);
    for (const row of toSend) {
      if (!claimed.has(row.id)) continue;
      const p: Promise<void> = this.send(channel, { ...row, tries: row.tries + 1, status: 'sending', locked_at: nowIso }).finally(() => {
        flights.delete(p);
        this.kick(); // a slot is free: do not wait for the next tick
      });
      flights.add(p);
    }
    return claimed.size;
  }

  private async send(channel: Channel, row: AttemptRow): Promise<void> {
    const message = this.d.build(row);
    if (!message) {
      this.queue(row, { status: 'cancelled', reason: 'gone', now: this.d.clock.now().toISOString() });
      return;
    }
    try {
      const outcome = await channel.send(message);
      this.record(row, { status: outcome.status, ref: outcome.ref ?? null, detail: outcome.detail ?? null });
    } catch (err) {
      this.failed(row, err);
    }
  }

  private record(row: AttemptRow, o: { status: 'sent' | 'delivered'; ref: string | null; detail: string | null }): void {
    const now = this.d.clock.now().toISOString();
    this.queue(row, { status: o.status, ref: o.ref, detail: o.detail, now, sent: true, delivered: o.status === 'delivered' });
  }

  private failed(row: AttemptRow, err: unknown): void {
    const now = this.d.clock.now();
    const nowIso = now.toISOString();
    const kind = err instanceof ChannelError ? err.kind : 'retry';
    const detail = err instanceof Error ? err.message : String(err);
    const maxTries = this.d.maxTries ?? 5;
    if (kind === 'retry' && row.tries < maxTries) {
      this.queue(row, { status: 'pending', reason: 'retrying', detail, now: nowIso, dueAt: new Date(now.getTime() + retryDelayMs(row.tries)).toISOString() });
      this.d.log.warn({ event: 'gateway.retry', channel: row.channel, attempt: row.id, tries: row.tries, err: detail }, 'delivery failed, will retry');
      return;
    }
    const status = kind === 'gone' ? 'skipped' : 'failed';
    const reason = kind === 'gone' ? 'no_address' : kind === 'permanent' ? 'rejected' : 'gave_up';
    this.queue(row, { status, reason, detail, now: nowIso }, true);
    this.d.log.warn({ event: 'gateway.failed', channel: row.channel, attempt: row.id, reason, err: detail }, 'delivery failed, escalating');
  }

  /** Attempts a crash left in 'sending': ask the channel whether they went out; otherwise send again. */
  private async recover(): Promise<void> {
    for (const [name, channel] of this.d.channels) {
      for (const row of this.d.repo.stuckSending(name)) {
        if (this.isInFlight(name)) break; // live sends of this process are not stuck
        const message = this.d.build(row);
        const nowIso = this.d.clock.now().toISOString();
        let found = null;
        if (message && channel.reconcile) {
          try {
            found = await channel.reconcile(message, row.locked_at ?? row.updated_at);
          } catch (err) {
            this.d.log.warn({ err, event: 'gateway.reconcile_failed', attempt: row.id }, 'could not reconcile an interrupted send');
          }
        }
        if (found) this.d.repo.finish(row.id, { status: found.status, ref: found.ref ?? null, detail: 'reconciled after restart', now: nowIso, sent: true, delivered: found.status === 'delivered' });
        else this.d.repo.finish(row.id, { status: 'pending', reason: 'interrupted', now: nowIso });
      }
    }
  }

  private isInFlight(name: ChannelName): boolean {
    return (this.inFlight.get(name)?.size ?? 0) > 0;
  }

  async pollReports(): Promise<number> {
    let n = 0;
    for (const [name, channel] of this.d.channels) {
      if (!channel.pollReports || !channel.enabled()) continue;
      try {
        for (const r of await channel.pollReports()) {
          const row = this.d.repo.report(name, r.ref, r.status, r.at, r.detail ?? null);
          if (!row) continue;
          n++;
          this.d.onOutcome?.(row);
          if (r.status === 'failed') this.d.repo.pullForward(row.item_id, row.step, this.d.clock.now().toISOString());
        }
      } catch (err) {
        this.d.log.warn({ err, event: 'gateway.reports_failed', channel: name }, 'reading delivery reports failed');
      }
    }
    return n;
  }
}
