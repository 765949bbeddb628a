// SQL of the delivery ladder (delivery_attempts, delivery_prefs): prepared statements, synchronous, so the
// fan-out of a school-wide notice is one transaction.
import type { Sqlite } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import type { AttemptStatus, AttemptView, ChannelName, DeliveryPrefs } from './gateway.dto.js';
import { DEFAULT_PREFS } from './gateway.dto.js';

export interface AttemptRow {
  id: string;
  item_id: string;
  user_id: string;
  channel: ChannelName | 'live';
  step: number;
  category: string;
  priority: number;
  status: AttemptStatus;
  reason: string | null;
  due_at: string;
  tries: number;
  locked_at: string | null;
  provider_ref: string | null;
  detail: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  delivered_at: string | null;
}

export interface NewAttempt {
  itemId: string;
  userId: string;
  channel: ChannelName | 'live';
  step: number;
  category: string;
  priority: number;
  status: AttemptStatus;
  reason: string | null;
  dueAt: string;
  sentAt?: string | null;
  deliveredAt?: string | null;
}

export interface Finish {
  status: AttemptStatus;
  reason?: string | null;
  detail?: string | null;
  ref?: string | null;
  now: string;
  sent?: boolean;
  delivered?: boolean;
  dueAt?: string;
}

export const toAttemptView = (r: AttemptRow): AttemptView => ({
  channel: r.channel, step: r.step, status: r.status, reason: r.reason, dueAt: r.due_at, sentAt: r.sent_at, deliveredAt: r.delivered_at, tries: r.tries,
});

export function createGatewayRepo(sqlite: Sqlite) {
  const insert = sqlite.prepare(
    `INSERT INTO delivery_attempts (id, item_id, user_id, channel, step, category, priority, status, reason, due_at, created_at, updated_at, sent_at, delivered_at)
     VALUES (@id, @itemId, @userId, @channel, @step, @category, @priority, @status, @reason, @dueAt, @now, @now, @sentAt, @deliveredAt)
     ON CONFLICT (item_id, channel, step) DO NOTHING`,
  );
  const dueStmt = sqlite.prepare(
    `SELECT * FROM delivery_attempts WHERE channel = ? AND status = 'pending' AND due_at <= ? ORDER BY priority, due_at, id LIMIT ?`,
  );
  const claimStmt = sqlite.prepare(
    `UPDATE delivery_attempts SET status = 'sending', locked_at = ?, tries = tries + 1, updated_at = ? WHERE id = ? AND status = 'pending'`,
  );
  const sentRecently = sqlite.prepare(`SELECT count(*) AS n FROM delivery_attempts WHERE channel = ? AND sent_at > ?`);
  const byId = sqlite.prepare(`SELECT * FROM delivery_attempts WHERE id = ?`);
  const prefsOf = sqlite.prepare(`SELECT prefs FROM delivery_prefs WHERE user_id = ?`);
  const finishStmt = sqlite.prepare(
    `UPDATE delivery_attempts SET status = @status, reason = @reason, detail = @detail, provider_ref = coalesce(@ref, provider_ref),
       locked_at = NULL, updated_at = @now, due_at = coalesce(@dueAt, due_at),
       sent_at = CASE WHEN @sent THEN coalesce(sent_at, @now) ELSE sent_at END,
       delivered_at = CASE WHEN @delivered THEN coalesce(delivered_at, @now) ELSE delivered_at END
     WHERE id = @id`,
  );

  return {
    insertMany(rows: NewAttempt[], now: string): void {
      for (const r of rows) insert.run({ id: newId(), sentAt: null, deliveredAt: null, ...r, now });
    },
    get: (id: string) => byId.get(id) as AttemptRow | undefined,
    due: (channel: ChannelName, now: string, limit: number) => dueStmt.all(channel, now, limit) as AttemptRow[],
    sentSince: (channel: ChannelName, since: string) => (sentRecently.get(channel, since) as { n: number }).n,
    stuckSending: (channel: ChannelName) =>
      sqlite.prepare(`SELECT * FROM delivery_attempts WHERE channel = ? AND status = 'sending'`).all(channel) as AttemptRow[],

    finish(id: string, f: Finish): void {
      finishStmt.run({ id, status: f.status, reason: f.reason ?? null, detail: f.detail?.slice(0, 1000) ?? null, ref: f.ref ?? null, now: f.now, sent: f.sent ? 1 : 0, delivered: f.delivered ? 1 : 0, dueAt: f.dueAt ?? null });
    },
    /** Many outcomes in one transaction (one fsync for a whole batch of sends). */
    finishMany(list: [string, Finish][]): void {
      sqlite.transaction(() => {
        for (const [id, f] of list) this.finish(id, f);
      })();
    },
    /** Claim several in one transaction; returns the ids actually claimed. */
    claimMany(ids: string[], now: string): Set<string> {
      const got = new Set<string>();
      sqlite.transaction(() => {
        for (const id of ids) if (claimStmt.run(now, now, id).changes === 1) got.add(id);
      })();
      return got;
    },

    /** A delivery report for a sent attempt (by the channel's reference). */
    report(channel: ChannelName, ref: string, status: 'delivered' | 'failed', at: string, detail: string | null): AttemptRow | undefined {
      const row = sqlite.prepare(`SELECT * FROM delivery_attempts WHERE channel = ? AND provider_ref = ? AND status IN ('sent', 'sending')`).get(channel, ref) as AttemptRow | undefined;
      if (!row) return undefined;
      sqlite
        .prepare(`UPDATE delivery_attempts SET status = ?, delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END, detail = coalesce(?, detail), updated_at = ? WHERE id = ?`)
        .run(status, status, at, detail, at, row.id);
      return { ...row, status };
    },

    /** Later rungs of the same item come forward (the current one failed or could not reach the person). */
    pullForward(itemId: string, afterStep: number, now: string): number {
      return sqlite
        .prepare(`UPDATE delivery_attempts SET due_at = ?, updated_at = ? WHERE item_id = ? AND step > ? AND status = 'pending' AND due_at > ?`)
        .run(now, now, itemId, afterStep, now).changes;
    },

    /** Stop chasing: pending attempts of these items are cancelled. */
    cancelItems(itemIds: string[], reason: string, now: string): number {
      let n = 0;
      const stmt = sqlite.prepare(`UPDATE delivery_attempts SET status = 'cancelled', reason = ?, updated_at = ? WHERE item_id = ? AND status = 'pending'`);
      sqlite.transaction(() => {
        for (const id of itemIds) n += stmt.run(reason, now, id).changes;
      })();
      return n;
    },

    byItems(itemIds: string[]): Map<string, AttemptRow[]> {
      const out = new Map<string, AttemptRow[]>();
      for (let i = 0; i < itemIds.length; i += 500) {
        const chunk = itemIds.slice(i, i + 500);
        const rows = sqlite.prepare(`SELECT * FROM delivery_attempts WHERE item_id IN (${chunk.map(() => '?').join(',')}) ORDER BY step, channel`).all(...chunk) as AttemptRow[];
        for (const r of rows) {
          const list = out.get(r.item_id) ?? [];
          list.push(r);
          out.set(r.item_id, list);
        }
      }
      return out;
    },

    prefs(userId: string): DeliveryPrefs {
      const row = prefsOf.get(userId) as { prefs: string } | undefined;
      return row ? { ...DEFAULT_PREFS, ...(JSON.parse(row.prefs) as Partial<DeliveryPrefs>) } : DEFAULT_PREFS;
    },
    prefsMany(userIds: string[]): Map<string, DeliveryPrefs> {
      const out = new Map<string, DeliveryPrefs>();
      for (let i = 0; i < userIds.length; i += 500) {
        const chunk = userIds.slice(i, i + 500);
        const rows = sqlite.prepare(`SELECT user_id, prefs FROM delivery_prefs WHERE user_id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as { user_id: string; prefs: string }[];
        for (const r of rows) out.set(r.user_id, { ...DEFAULT_PREFS, ...(JSON.parse(r.prefs) as Partial<DeliveryPrefs>) });
      }
      return out;
    },
    savePrefs(userId: string, prefs: DeliveryPrefs, now: string): void {
      sqlite
        .prepare(`INSERT INTO delivery_prefs (user_id, prefs, updated_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET prefs = excluded.prefs, updated_at = excluded.updated_at`)
        .run(userId, JSON.stringify(prefs), now);
    },

    /** Dashboard: per channel per school day (`offsetMinutes`: the school's offset from UTC now). */
    dayStats(since: string, offsetMinutes: number) {
      return sqlite
        .prepare(
          `SELECT date(updated_at, '${Math.trunc(offsetMinutes)} minutes') AS day, channel,
                  sum(status = 'sent') AS sent, sum(status = 'delivered') AS delivered, sum(status = 'failed') AS failed, sum(status = 'skipped') AS skipped
             FROM delivery_attempts WHERE updated_at >= ? AND channel != 'live' GROUP BY day, channel ORDER BY day, channel`,
        )
        .all(since) as { day: string; channel: ChannelName; sent: number; delivered: number; failed: number; skipped: number }[];
    },
    queue(channel: ChannelName, now: string): { queued: number; planned: number } {
      const r = sqlite
        .prepare(`SELECT sum(status = 'sending' OR due_at <= ?) AS queued, sum(status = 'pending' AND due_at > ?) AS planned FROM delivery_attempts WHERE channel = ? AND status IN ('pending', 'sending')`)
        .get(now, now, channel) as { queued: number | null; planned: number | null };
      return { queued: r.queued ?? 0, planned: r.planned ?? 0 };
    },
  };
}
export type GatewayRepo = ReturnType<typeof createGatewayRepo>;
