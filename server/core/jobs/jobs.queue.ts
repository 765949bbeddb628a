// A durable job queue in SQLite for slow work off the request path (conversions, reminders,
// escalations, backups). One worker loop per process; jobs are claimed in a transaction, retried with
// exponential back-off, and a job left "running" by a crash is picked up again after a lease expires.
import type { FastifyBaseLogger } from 'fastify';
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';

export interface JobContext {
  id: number;
  attempt: number;
  log: FastifyBaseLogger;
}
export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void> | void;

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /** At most one queued/running job per key (e.g. "reminder:card:123"). */
  dedupeKey?: string;
}

export interface JobRow {
  id: number;
  kind: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  last_error: string | null;
}

const LEASE_MS = 10 * 60_000;

export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = true;
  private halting = false;
  private current: Promise<void> | null = null;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
    private readonly pollMs = 1000,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  enqueue(kind: string, payload: unknown = {}, opts: EnqueueOptions = {}): number | null {
    const now = this.clock.now().toISOString();
    const result = this.sqlite
      .prepare(
        `INSERT INTO jobs (kind, payload, run_at, max_attempts, dedupe_key, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(kind, JSON.stringify(payload), (opts.runAt ?? this.clock.now()).toISOString(), opts.maxAttempts ?? 5, opts.dedupeKey ?? null, now);
    if (!result.changes) return null;
    this.kick();
    return Number(result.lastInsertRowid);
  }

  get(id: number): JobRow | undefined {
    return this.sqlite.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  }

  private claim(): JobRow | undefined {
    const now = this.clock.now();
    const leaseExpired = new Date(now.getTime() - LEASE_MS).toISOString();
    const kinds = [...this.handlers.keys()];
    if (!kinds.length) return undefined;
    return this.sqlite.transaction(() => {
      const row = this.sqlite
        .prepare(
          `SELECT * FROM jobs WHERE kind IN (${kinds.map(() => '?').join(',')})
             AND ((status = 'queued' AND run_at <= ?) OR (status = 'running' AND locked_at < ?))
           ORDER BY run_at, id LIMIT 1`,
        )
        .get(...kinds, now.toISOString(), leaseExpired) as JobRow | undefined;
      if (!row) return undefined;
      this.sqlite.prepare(`UPDATE jobs SET status = 'running', locked_at = ?, attempts = attempts + 1 WHERE id = ?`).run(now.toISOString(), row.id);
      return { ...row, attempts: row.attempts + 1 };
    })();
  }

  /** Run due jobs until none is left. Returns how many ran (tests call this directly). */
  async drain(): Promise<number> {
    let ran = 0;
    for (let job = this.claim(); job; job = this.halting ? undefined : this.claim()) {
      ran++;
      await this.runOne(job);
    }
    return ran;
  }

  private async runOne(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    const log = this.log.child({ jobId: job.id, kind: job.kind });
    try {
      await handler(JSON.parse(job.payload), { id: job.id, attempt: job.attempts, log });
      this.sqlite.prepare(`UPDATE jobs SET status = 'done', finished_at = ?, last_error = NULL WHERE id = ?`).run(this.clock.now().toISOString(), job.id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const final = job.attempts >= job.max_attempts;
      const retryAt = new Date(this.clock.now().getTime() + Math.min(2 ** job.attempts * 1000, 3_600_000)).toISOString();
      this.sqlite
        .prepare(`UPDATE jobs SET status = ?, run_at = ?, last_error = ?, locked_at = NULL, finished_at = ? WHERE id = ?`)
        .run(final ? 'failed' : 'queued', final ? job.run_at : retryAt, message.slice(0, 2000), final ? this.clock.now().toISOString() : null, job.id);
      log.warn({ event: 'job.failed', err: message, final }, 'job failed');
    }
  }

  private kick(): void {
    if (this.stopped || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), 0);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.stopped || this.running) return;
    this.running = true;
    this.current = this.drain()
      .then(() => undefined)
      .catch((err) => this.log.error({ err }, 'job worker error'))
      .finally(() => {
        this.running = false;
        this.current = null;
        if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.pollMs);
      });
    await this.current;
  }

  start(): void {
    this.stopped = false;
    this.halting = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  /** For the health check: work waiting, work overdue (the worker is behind or stuck), recent failures. */
  stats(): { queued: number; overdue: number; failedLastDay: number } {
    const now = this.clock.now().getTime();
    const row = this.sqlite
      .prepare(
        `SELECT
           sum(status IN ('queued','running')) AS queued,
           sum(status = 'queued' AND run_at < ?) AS overdue,
           sum(status = 'failed' AND finished_at >= ?) AS failedLastDay
         FROM jobs`,
      )
      .get(new Date(now - 10 * 60_000).toISOString(), new Date(now - 86_400_000).toISOString()) as Record<string, number | null>;
    return { queued: row.queued ?? 0, overdue: row.overdue ?? 0, failedLastDay: row.failedLastDay ?? 0 };
  }

  /** Remove finished jobs older than the cut-off. */
  prune(before: Date): number {
    return this.sqlite.prepare(`DELETE FROM jobs WHERE status IN ('done','failed') AND finished_at < ?`).run(before.toISOString()).changes;
  }
}
