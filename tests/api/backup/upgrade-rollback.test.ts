// Upgrade rollback (xb upgrade --rollback) on real SQLite files: a database at schema 0011 (the version before the
// backup issue, built by the real migrator from the first eleven migrations) is upgraded by the real migrator —
// which takes its VACUUM INTO snapshot — and then rolled back to exactly that snapshot.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/client.js';
import { MIGRATIONS_DIR, createMigrator, migrate } from '../../../server/db/migrator.js';
import { RollbackError, UPGRADE_MARKER, rollbackUpgrade, type UpgradeMarker } from '../../../server/modules/backup/backup.upgrade.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A data dir whose database was built by the real migrator from migrations 0001…0011 only, with some data. */
async function oldBox(): Promise<string> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'xb-rollback-'));
  const oldMigrations = mkdtempSync(path.join(tmpdir(), 'xb-migrations-0011-'));
  for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && f < '0012')) copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(oldMigrations, f));
  const db = openDatabase(dataDir);
  await createMigrator(db.sqlite, oldMigrations).up();
  const insert = db.sqlite.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
  insert.run('school.name', JSON.stringify('示范中学'), '2026-11-01T00:00:00Z');
  insert.run('school.timezone', JSON.stringify('Asia/Shanghai'), '2026-11-01T00:00:00Z');
  db.close();
  return dataDir;
}

function schemaOf(file: string): { last: string; tables: string[] } {
  const db = openDatabase(path.dirname(file), path.basename(file));
  try {
    const last = (db.sqlite.prepare('SELECT max(name) AS n FROM schema_migrations').get() as { n: string }).n;
    const tables = (db.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    return { last, tables };
  } finally {
    db.sqlite.close();
  }
}

function writeMarker(dataDir: string, startedAt: Date): string {
  const dir = path.join(dataDir, 'backup', 'pre-migrate');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, UPGRADE_MARKER);
  // The same shape appliance/install.sh writes with printf.
  writeFileSync(file, `{"format":1,"startedAt":"${startedAt.toISOString()}","fromVersion":"0.1.0","toVersion":"0.2.0"}\n`);
  return file;
}

/** "The new version": the real migrator on the full migration set, then a write only the new schema can take. */
async function upgradeTo0012(dataDir: string): Promise<string> {
  const db = openDatabase(dataDir);
  const result = await migrate(db.sqlite, dataDir);
  expect(result.applied).toEqual(['0012_backup']);
  db.sqlite
    .prepare(`INSERT INTO backup_runs (id, kind, trigger, status, started_at) VALUES ('01jabcdefghjkmnpqrstvwxyz0', 'backup', 'upgrade', 'running', '2026-11-29T10:00:00Z')`)
    .run();
  db.sqlite.prepare(`UPDATE settings SET value = ? WHERE key = 'school.name'`).run(JSON.stringify('changed after the upgrade'));
  // Leave the files as a power cut would (the last writes only in the WAL): copy them while the connection is
  // open and idle, close (which checkpoints and deletes the WAL), then put the crash image back.
  const live = path.join(dataDir, 'xiaoban.sqlite');
  copyFileSync(live, `${live}.crash`);
  copyFileSync(`${live}-wal`, `${live}.crash-wal`);
  db.sqlite.close();
  renameSync(`${live}.crash`, live);
  renameSync(`${live}.crash-wal`, `${live}-wal`);
  return result.snapshot!;
}

const quiet = () => {};

describe('xb upgrade --rollback', () => {
  it('restores the pre-migration snapshot of the last upgrade: schema back to 0011, data as before, the migrated database kept aside', async () => {
    const dataDir = await oldBox();
    const before = schemaOf(path.join(dataDir, 'xiaoban.sqlite'));
    expect(before.last).toBe('0011_meetings');
    expect(before.tables).not.toContain('backup_runs');

    // An older pre-migration snapshot (a previous upgrade) must not be picked.
    const pre = path.join(dataDir, 'backup', 'pre-migrate');
    mkdirSync(pre, { recursive: true });
    const older = path.join(pre, 'xiaoban-2026-01-01T00-00-00-000Z.sqlite');
    writeFileSync(older, 'not this one');
    utimesSync(older, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));

    writeMarker(dataDir, new Date(Date.now() - 1000));
    const snapshot = await upgradeTo0012(dataDir);
    expect(path.dirname(snapshot)).toBe(pre);
    expect(schemaOf(snapshot).last).toBe('0011_meetings');
    expect(existsSync(path.join(dataDir, 'xiaoban.sqlite-wal'))).toBe(true);

    const lines: string[] = [];
    const result = await rollbackUpgrade({ dataDir, log: (l) => lines.push(l), now: () => new Date('2026-11-29T12:00:00Z') });
    expect(result.restored).toBe(snapshot);
    expect(result.keptAside).toBe(path.join(dataDir, 'xiaoban.sqlite.rolled-back-2026-11-29T12-00-00-000Z'));
    expect(lines.join('\n')).toMatch(/schema 0011_meetings/);

    const after = schemaOf(path.join(dataDir, 'xiaoban.sqlite'));
    expect(after).toEqual(before);
    const db = openDatabase(dataDir);
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.sqlite.prepare(`SELECT key, value FROM settings ORDER BY key`).all()).toEqual([
      { key: 'school.name', value: JSON.stringify('示范中学') },
      { key: 'school.timezone', value: JSON.stringify('Asia/Shanghai') },
    ]);
    db.close();

    // The migrated database went aside with its WAL: nothing written after the upgrade is lost.
    expect(existsSync(`${result.keptAside}-wal`)).toBe(true);
    const aside = schemaOf(result.keptAside);
    expect(aside.last).toBe('0012_backup');
    const asideDb = openDatabase(dataDir, path.basename(result.keptAside));
    expect(asideDb.sqlite.prepare('SELECT count(*) AS n FROM backup_runs').get()).toEqual({ n: 1 });
    expect((asideDb.sqlite.prepare(`SELECT value FROM settings WHERE key = 'school.name'`).get() as { value: string }).value).toBe(JSON.stringify('changed after the upgrade'));
    asideDb.sqlite.close();

    // The marker is used once.
    const marker = JSON.parse(readFileSync(path.join(pre, UPGRADE_MARKER), 'utf8')) as UpgradeMarker;
    expect(marker.rolledBackAt).toBe('2026-11-29T12:00:00.000Z');
    await expect(rollbackUpgrade({ dataDir, log: quiet })).rejects.toMatchObject({ code: 'ALREADY_ROLLED_BACK' });
  });

  it('refuses while a process holds the database open, and then works once it is gone', async () => {
    const dataDir = await oldBox();
    writeMarker(dataDir, new Date(Date.now() - 1000));
    await upgradeTo0012(dataDir);
    // A stand-in for the running server: another process with the database open.
    const holder = spawn(process.execPath, ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(path.join(dataDir, 'xiaoban.sqlite'))});d.prepare('select 1').get();console.log('open');setInterval(()=>{},1000)`], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(holder);
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));

    const err = await rollbackUpgrade({ dataDir, log: quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RollbackError);
    expect(err).toMatchObject({ code: 'SERVER_RUNNING' });
    expect((err as Error).message).toContain(String(holder.pid));
    // Nothing was touched.
    expect(schemaOf(path.join(dataDir, 'xiaoban.sqlite')).last).toBe('0012_backup');

    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    const ok = await rollbackUpgrade({ dataDir, log: quiet });
    expect(schemaOf(path.join(dataDir, 'xiaoban.sqlite')).last).toBe('0011_meetings');
    expect(existsSync(ok.keptAside)).toBe(true);
  });

  it('says clearly when there is nothing to roll back', async () => {
    const dataDir = await oldBox();
    await expect(rollbackUpgrade({ dataDir, log: quiet })).rejects.toMatchObject({ code: 'NO_MARKER' });
    // An upgrade that applied no migration made no snapshot: the database needs no rollback.
    writeMarker(dataDir, new Date(Date.now() + 60_000));
    await expect(rollbackUpgrade({ dataDir, log: quiet })).rejects.toMatchObject({ code: 'NO_SNAPSHOT' });
  });

  it('asks for --force before putting back a snapshot older than a day', async () => {
    const dataDir = await oldBox();
    writeMarker(dataDir, new Date(Date.now() - 1000));
    const snapshot = await upgradeTo0012(dataDir);
    const taken = new Date('2026-11-27T08:00:00Z');
    utimesSync(snapshot, taken, taken);
    writeMarker(dataDir, new Date('2026-11-27T07:59:00Z'));
    const now = () => new Date('2026-11-28T08:30:00Z');
    await expect(rollbackUpgrade({ dataDir, log: quiet, now })).rejects.toMatchObject({ code: 'SNAPSHOT_OLD' });
    expect(schemaOf(path.join(dataDir, 'xiaoban.sqlite')).last).toBe('0012_backup');
    const ok = await rollbackUpgrade({ dataDir, log: quiet, now, force: true });
    expect(ok.restored).toBe(snapshot);
    expect(schemaOf(path.join(dataDir, 'xiaoban.sqlite')).last).toBe('0011_meetings');
  });

  it('refuses a damaged snapshot and leaves the live database alone', async () => {
    const dataDir = await oldBox();
    writeMarker(dataDir, new Date(Date.now() - 1000));
    const snapshot = await upgradeTo0012(dataDir);
    writeFileSync(snapshot, Buffer.alloc(8192, 7));
    await expect(rollbackUpgrade({ dataDir, log: quiet })).rejects.toMatchObject({ code: 'SNAPSHOT_DAMAGED' });
    expect(schemaOf(path.join(dataDir, 'xiaoban.sqlite')).last).toBe('0012_backup');
  });

  it('xb upgrade --rollback runs it from the command line', async () => {
    const dataDir = await oldBox();
    writeMarker(dataDir, new Date(Date.now() - 1000));
    await upgradeTo0012(dataDir);
    const run = (args: string[]) =>
      spawnSync(tsx, [path.join(root, 'server/cli.ts'), ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, XB_DATA_DIR: dataDir, XB_LOG_LEVEL: 'silent' },
        timeout: 60_000,
      });
    expect(run(['upgrade', '--rollback', '--now']).status).toBe(64);
    const bad = run(['upgrade']);
    expect(bad.status).toBe(64);
    expect(bad.stderr).toMatch(/usage: xb upgrade --rollback/);
    const ok = run(['upgrade', '--rollback']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/database restored from .*pre-migrate\/xiaoban-.*\.sqlite/);
    expect(schemaOf(path.join(dataDir, 'xiaoban.sqlite')).last).toBe('0011_meetings');
    const again = run(['upgrade', '--rollback']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/ALREADY_ROLLED_BACK/);
  }, 240_000); // four CLI processes, each loading the whole app through tsx (slow on the busy 2-core box)
});
