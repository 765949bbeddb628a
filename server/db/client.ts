// One better-sqlite3 connection per process (SQLite serialises writers anyway), wrapped by drizzle.
// WAL + synchronous=FULL: whatever we acknowledge to a user survives a power cut.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export type Sqlite = Database.Database;
export type Db = BetterSQLite3Database<Record<string, never>>;

export interface DbHandle {
  sqlite: Sqlite;
  db: Db;
  file: string;
  close(): void;
}

export function openDatabase(dataDir: string, fileName = 'xiaoban.sqlite'): DbHandle {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, fileName);
  const sqlite = new Database(file);
  applyPragmas(sqlite);
  const db = drizzle(sqlite) as Db;
  return {
    sqlite,
    db,
    file,
    close: () => {
      if (!sqlite.open) return;
      try {
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
        sqlite.pragma('optimize');
      } finally {
        sqlite.close();
      }
    },
  };
}

/** synchronous is per connection and not stored in the file: set it on every connection that writes. */
export function applyPragmas(sqlite: Sqlite): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -32000');
}
