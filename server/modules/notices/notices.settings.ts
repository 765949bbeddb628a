// The admin's list of school-wide publishers (the office clerk, 文秘, who publishes for the school without
// being a leader): one JSON row in the settings table under "notices".
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';

const KEY = 'notices';

export interface NoticeSettingsValue {
  publishers: string[];
}

export function createNoticeSettingsStore(sqlite: Sqlite, clock: Clock) {
  const read = sqlite.prepare(`SELECT value FROM settings WHERE key = ?`);
  const write = sqlite.prepare(`INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
  let cache: NoticeSettingsValue | null = null;
  return {
    get(): NoticeSettingsValue {
      if (!cache) {
        const row = read.get(KEY) as { value: string } | undefined;
        const stored = row ? (JSON.parse(row.value) as Partial<NoticeSettingsValue>) : {};
        cache = { publishers: Array.isArray(stored.publishers) ? stored.publishers.filter((x) => typeof x === 'string') : [] };
      }
      return cache;
    },
    set(value: NoticeSettingsValue, actorId: string): void {
      write.run(KEY, JSON.stringify(value), clock.now().toISOString(), actorId);
      cache = value;
    },
  };
}
export type NoticeSettingsStore = ReturnType<typeof createNoticeSettingsStore>;
