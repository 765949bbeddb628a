// Durable event log for the realtime hub: one row per event, one delivery row per recipient with that
// recipient's next sequence number, so a reconnecting client replays exactly what it missed.
import type { Sqlite } from '../../db/client.js';

export interface StoredDelivery {
  seq: number;
  topic: string;
  name: string;
  payload: string;
  createdAt: string;
}

export function createRealtimeRepo(sqlite: Sqlite) {
  const insertEvent = sqlite.prepare('INSERT INTO realtime_events (topic, name, payload, created_at) VALUES (?, ?, ?, ?)');
  const bumpCursor = sqlite.prepare(
    `INSERT INTO realtime_cursors (user_id, last_seq) VALUES (?, 1)
     ON CONFLICT(user_id) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`,
  );
  const insertDelivery = sqlite.prepare('INSERT INTO realtime_deliveries (user_id, seq, event_id) VALUES (?, ?, ?)');
  const lastSeqStmt = sqlite.prepare('SELECT last_seq AS lastSeq FROM realtime_cursors WHERE user_id = ?');
  const oldestSeqStmt = sqlite.prepare('SELECT min(seq) AS oldest FROM realtime_deliveries WHERE user_id = ?');
  const sinceStmt = sqlite.prepare(
    `SELECT d.seq, e.topic, e.name, e.payload, e.created_at AS createdAt
       FROM realtime_deliveries d JOIN realtime_events e ON e.id = d.event_id
      WHERE d.user_id = ? AND d.seq > ? ORDER BY d.seq LIMIT ?`,
  );
  const subscribersStmt = sqlite.prepare('SELECT user_id AS userId FROM realtime_subscriptions WHERE topic = ?');
  const subscribeStmt = sqlite.prepare('INSERT OR IGNORE INTO realtime_subscriptions (user_id, topic, created_at) VALUES (?, ?, ?)');
  const unsubscribeStmt = sqlite.prepare('DELETE FROM realtime_subscriptions WHERE user_id = ? AND topic = ?');
  const pruneDeliveries = sqlite.prepare('DELETE FROM realtime_deliveries WHERE event_id IN (SELECT id FROM realtime_events WHERE created_at < ?)');
  const pruneEvents = sqlite.prepare('DELETE FROM realtime_events WHERE created_at < ?');

  /** One transaction: the event row, then a sequence number and a delivery per recipient. */
  const append = sqlite.transaction((topic: string, name: string, payload: string, at: string, recipients: string[]) => {
    const eventId = Number(insertEvent.run(topic, name, payload, at).lastInsertRowid);
    const seqs = new Map<string, number>();
    for (const userId of recipients) {
      const { last_seq } = bumpCursor.get(userId) as { last_seq: number };
      insertDelivery.run(userId, last_seq, eventId);
      seqs.set(userId, last_seq);
    }
    return seqs;
  });

  return {
    append,
    lastSeq(userId: string): number {
      return (lastSeqStmt.get(userId) as { lastSeq: number } | undefined)?.lastSeq ?? 0;
    },
    oldestSeq(userId: string): number | null {
      return (oldestSeqStmt.get(userId) as { oldest: number | null }).oldest;
    },
    since(userId: string, afterSeq: number, limit: number): StoredDelivery[] {
      return sinceStmt.all(userId, afterSeq, limit) as StoredDelivery[];
    },
    subscribers(topic: string): string[] {
      return (subscribersStmt.all(topic) as { userId: string }[]).map((r) => r.userId);
    },
    subscribe(userId: string, topic: string, at: string): void {
      subscribeStmt.run(userId, topic, at);
    },
    unsubscribe(userId: string, topic: string): void {
      unsubscribeStmt.run(userId, topic);
    },
    prune: sqlite.transaction((before: string) => {
      pruneDeliveries.run(before);
      return pruneEvents.run(before).changes;
    }),
  };
}
export type RealtimeRepo = ReturnType<typeof createRealtimeRepo>;
