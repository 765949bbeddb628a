// SQL migrations in server/db/migrations, run by umzug at start. Each migration and its record are one
// transaction (umzug's logMigration runs outside up(), so it only repeats an idempotent insert).
// Before pending migrations touch a database that has data, a VACUUM INTO snapshot is taken.
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Umzug, type UmzugStorage } from 'umzug';
import type { Sqlite } from './client.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/ holds compiled JS only; the SQL files are read from the source tree next to it. */
export const MIGRATIONS_DIR = [path.join(here, 'migrations'), path.resolve(here, '../../../server/db/migrations')].find(
  (dir) => {
    try {
      return readdirSync(dir).some((f) => f.endsWith('.sql'));
    } catch {
      return false;
    }
  },
) ?? path.join(here, 'migrations');

export interface MigrationResult {
  applied: string[];
  snapshot?: string;
}

class SqliteStorage implements UmzugStorage {
  constructor(private readonly sqlite: Sqlite) {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
  }
  async executed(): Promise<string[]> {
    return (this.sqlite.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  }
  async logMigration({ name }: { name: string }): Promise<void> {
    recordMigration(this.sqlite, name);
  }
  async unlogMigration({ name }: { name: string }): Promise<void> {
    this.sqlite.prepare('DELETE FROM schema_migrations WHERE name = ?').run(name);
  }
}

function recordMigration(sqlite: Sqlite, name: string): void {
  sqlite.prepare('INSERT OR IGNORE INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(name, new Date().toISOString());
}

function hasUserTables(sqlite: Sqlite): boolean {
  const row = sqlite
    .prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'`)
    .get() as { n: number };
  return row.n > 0;
}

export function createMigrator(sqlite: Sqlite, dir = MIGRATIONS_DIR) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  return new Umzug({
    migrations: files.map((file) => {
      const name = file.replace(/\.sql$/, '');
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return {
        name,
        up: async () => {
          const rebuildsTables = /PRAGMA\s+foreign_keys\s*=\s*OFF/i.test(sql);
          if (rebuildsTables) sqlite.pragma('foreign_keys = OFF'); // ineffective inside a transaction
          try {
            sqlite.transaction(() => {
              sqlite.exec(sql);
              recordMigration(sqlite, name);
              if (rebuildsTables) {
                const broken = sqlite.pragma('foreign_key_check') as unknown[];
                if (broken.length) throw new Error(`migration ${name} leaves ${broken.length} foreign key violations`);
              }
            })();
          } finally {
            if (rebuildsTables) sqlite.pragma('foreign_keys = ON');
          }
        },
      };
    }),
    storage: new SqliteStorage(sqlite),
    logger: undefined,
  });
}

export async function migrate(sqlite: Sqlite, dataDir: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const umzug = createMigrator(sqlite, dir);
  const pending = await umzug.pending();
  if (!pending.length) return { applied: [] };
  let snapshot: string | undefined;
  if (hasUserTables(sqlite)) {
    const backupDir = path.join(dataDir, 'backup', 'pre-migrate');
    mkdirSync(backupDir, { recursive: true });
    snapshot = path.join(backupDir, `xiaoban-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`);
    sqlite.prepare('VACUUM INTO ?').run(snapshot);
  }
  const applied = await umzug.up();
  return { applied: applied.map((m) => m.name), snapshot };
}
