// School-wide settings that admins change at runtime (env config is for the box, this is for the school).
// Read often, written rarely: cached in memory, the database is the truth.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { createError } from '../../lib/errors.js';
import { settingsTable } from './settings.tables.js';
import { DEFAULT_SETTINGS, isValidTimeZone, type SchoolSettings, type SchoolSettingsPatch } from './settings.dto.js';

const invalidTimeZone = createError('INVALID_TIME_ZONE', 400, 'Unknown time zone');
const SCHOOL_KEY = 'school';

export function createSettingsService(db: Db, clock: Clock) {
  let cache: SchoolSettings | null = null;

  function load(): SchoolSettings {
    const row = db.select().from(settingsTable).where(eq(settingsTable.key, SCHOOL_KEY)).get();
    return { ...DEFAULT_SETTINGS, ...(row ? (JSON.parse(row.value) as Partial<SchoolSettings>) : {}) };
  }

  return {
    get(): SchoolSettings {
      return (cache ??= load());
    },
    /** Returns the new settings and what changed (for the audit log). */
    update(patch: SchoolSettingsPatch, actorId: string | null): { settings: SchoolSettings; changed: string[] } {
      if (patch.timeZone !== undefined && !isValidTimeZone(patch.timeZone)) throw invalidTimeZone(`${patch.timeZone} is not an IANA time zone`);
      const before = load();
      const next = { ...before, ...patch };
      const changed = (Object.keys(patch) as (keyof SchoolSettings)[]).filter((k) => before[k] !== next[k]);
      const now = clock.now().toISOString();
      db.insert(settingsTable)
        .values({ key: SCHOOL_KEY, value: JSON.stringify(next), updatedAt: now, updatedBy: actorId })
        .onConflictDoUpdate({ target: settingsTable.key, set: { value: JSON.stringify(next), updatedAt: now, updatedBy: actorId } })
        .run();
      cache = next;
      return { settings: next, changed };
    },
  };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
