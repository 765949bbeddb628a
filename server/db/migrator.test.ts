import { mkdtempSync, readdirSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client.js';
import { MIGRATIONS_DIR, migrate } from './migrator.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'xb-mig-'));

describe('migrations', () => {
  it('migrates an empty database with WAL, FULL sync and foreign keys, and is idempotent', async () => {
    const dir = tmp();
    const db = openDatabase(dir);
    const first = await migrate(db.sqlite, dir);
    expect(first.applied).toContain('0001_foundation');
    expect(first.snapshot).toBeUndefined(); // nothing to protect in an empty database
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect((await migrate(db.sqlite, dir)).applied).toEqual([]);
    db.close();
  });

  it('snapshots a database with data before applying a new migration, atomically', async () => {
    const dir = tmp();
    const migrations = path.join(dir, 'migrations');
    mkdirSync(migrations);
    for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(migrations, f));
    const db = openDatabase(dir);
    await migrate(db.sqlite, dir, migrations);
    db.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('school', '{}', 'now')").run();

    writeFileSync(path.join(migrations, '9998_broken.sql'), 'CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;');
    await expect(migrate(db.sqlite, dir, migrations)).rejects.toThrow();
    expect(db.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    expect(db.sqlite.prepare("SELECT name FROM schema_migrations WHERE name = '9998_broken'").get()).toBeUndefined();

    writeFileSync(path.join(migrations, '9998_broken.sql'), 'CREATE TABLE extra (x INTEGER);');
    const result = await migrate(db.sqlite, dir, migrations);
    expect(result.applied).toEqual(['9998_broken']);
    expect(result.snapshot).toMatch(/pre-migrate/);
    const snap = openDatabase(path.dirname(result.snapshot!), path.basename(result.snapshot!));
    expect(snap.sqlite.prepare("SELECT key FROM settings").get()).toEqual({ key: 'school' });
    snap.close();
    db.close();
  });
});
