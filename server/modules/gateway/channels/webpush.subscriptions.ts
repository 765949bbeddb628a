// SQL of push_subscriptions: one row per browser/device a person turned notifications on in. The endpoint is
// unique: the same browser subscribing again (or another person signing in on a shared phone) takes the row over.
import type { Sqlite } from '../../../db/client.js';
import { newId } from '../../../lib/ids.js';

export interface PushSubscriptionRow {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  device: string;
  created_at: string;
  last_success_at: string | null;
  last_failure_at: string | null;
  failures: number;
}

/** A person keeps at most this many devices; subscribing one more drops the longest silent. */
export const MAX_DEVICES_PER_PERSON = 10;

export function createPushSubscriptions(sqlite: Sqlite) {
  const byUser = sqlite.prepare(`SELECT * FROM push_subscriptions WHERE user_id = ? ORDER BY created_at, id`);
  const byEndpoint = sqlite.prepare(`SELECT * FROM push_subscriptions WHERE endpoint = ?`);
  const countOf = sqlite.prepare(`SELECT count(*) AS n FROM push_subscriptions WHERE user_id = ?`);
  // One query for a whole fan-out: the ids travel as one JSON array.
  const reachable = sqlite.prepare(`SELECT DISTINCT user_id FROM push_subscriptions WHERE user_id IN (SELECT value FROM json_each(?))`);
  const upsert = sqlite.prepare(
    `INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, device, created_at)
     VALUES (@id, @userId, @endpoint, @p256dh, @auth, @device, @now)
     ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
       device = excluded.device, failures = 0, last_failure_at = NULL,
       created_at = CASE WHEN push_subscriptions.user_id = excluded.user_id THEN push_subscriptions.created_at ELSE excluded.created_at END`,
  );
  const trim = sqlite.prepare(
    `DELETE FROM push_subscriptions WHERE id IN (
       SELECT id FROM push_subscriptions WHERE user_id = ? ORDER BY coalesce(last_success_at, created_at) DESC, created_at DESC LIMIT -1 OFFSET ?)`,
  );
  const deleteById = sqlite.prepare(`DELETE FROM push_subscriptions WHERE id = ?`);
  const deleteMine = sqlite.prepare(`DELETE FROM push_subscriptions WHERE user_id = ? AND endpoint = ?`);
  const success = sqlite.prepare(`UPDATE push_subscriptions SET last_success_at = ?, failures = 0 WHERE id = ?`);
  const failure = sqlite.prepare(`UPDATE push_subscriptions SET last_failure_at = ?, failures = failures + 1 WHERE id = ?`);

  return {
    of: (userId: string) => byUser.all(userId) as PushSubscriptionRow[],
    count: (userId: string) => (countOf.get(userId) as { n: number }).n,
    reachable(userIds: string[]): Set<string> {
      if (!userIds.length) return new Set();
      return new Set((reachable.all(JSON.stringify(userIds)) as { user_id: string }[]).map((r) => r.user_id));
    },
    /** Store (or take over) a subscription; returns the row and whether it is new. */
    save(input: { userId: string; endpoint: string; p256dh: string; auth: string; device: string }, now: string): { row: PushSubscriptionRow; created: boolean } {
      return sqlite.transaction(() => {
        const before = byEndpoint.get(input.endpoint) as PushSubscriptionRow | undefined;
        upsert.run({ id: newId(), ...input, now });
        trim.run(input.userId, MAX_DEVICES_PER_PERSON);
        return { row: byEndpoint.get(input.endpoint) as PushSubscriptionRow, created: !before };
      })();
    },
    /** A person removes one of their own devices (another person's endpoint is left alone). */
    remove: (userId: string, endpoint: string) => deleteMine.run(userId, endpoint).changes > 0,
    /** The push service says the subscription is gone (404/410). */
    drop: (id: string) => void deleteById.run(id),
    succeeded: (id: string, now: string) => void success.run(now, id),
    failed: (id: string, now: string) => void failure.run(now, id),
  };
}
export type PushSubscriptions = ReturnType<typeof createPushSubscriptions>;
