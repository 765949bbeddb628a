// The consistent copy of the database that a backup carries: <staging>/xiaoban.sqlite + manifest.json.
// SQLite's online backup API copies page by page while the school keeps writing (better-sqlite3 runs the steps
// between other work on the same connection, and SQLite folds this connection's own writes into the copy), so
// the copy is one consistent state of the database without stopping anything. The live -wal file is never
// copied by hand: that is how a backup silently loses the last minutes.
import Database from 'better-sqlite3';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Sqlite } from '../../db/client.js';
import type { BackupManifest } from './backup.ports.js';

export const STAGED_DB = 'xiaoban.sqlite';
export const STAGED_MANIFEST = 'manifest.json';

export interface StageInput {
  sqlite: Sqlite;
  stagingDir: string;
  appVersion: string;
  school: string | null;
  /** What the backup carries besides the database, relative to the data dir ('blobs', 'tls', 'config'). */
  extraPaths: string[];
  /** The manifest's createdAt (the service passes its clock's time). */
  now?: Date;
}

const SIDE_FILES = ['-wal', '-shm', '-journal'];

async function removeWithSideFiles(file: string): Promise<void> {
  for (const suffix of ['', ...SIDE_FILES]) await fsp.rm(file + suffix, { force: true });
}

async function writeDurably(file: string, data: string): Promise<void> {
  const temp = `${file}.tmp`;
  const fh = await fsp.open(temp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.rename(temp, file);
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Row counts of every table (FTS5 virtual tables and their shadow tables included: a copy counts them fine). */
export function countRows(db: Sqlite): Record<string, number> {
  const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
  const out: Record<string, number> = {};
  for (const name of names) out[name] = (db.prepare(`SELECT count(*) AS n FROM ${quote(name)}`).get() as { n: number }).n;
  return out;
}

export function integrityCheck(db: Sqlite): string[] {
  return (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
}

export function lastMigration(db: Sqlite): string {
  const row = db.prepare(`SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1`).get() as { name: string } | undefined;
  return row?.name ?? 'none';
}

/** Blobs as the database knows them: file_blobs holds every stored content (versions, previews, thumbnails). */
export function blobStats(db: Sqlite): { count: number; bytes: number } {
  const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'file_blobs'`).get();
  if (!has) return { count: 0, bytes: 0 };
  const r = db.prepare('SELECT count(*) AS count, coalesce(sum(size), 0) AS bytes FROM file_blobs').get() as { count: number; bytes: number };
  return { count: r.count, bytes: r.bytes };
}

export async function stageDatabase(input: StageInput): Promise<{ file: string; manifest: BackupManifest }> {
  const dir = input.stagingDir;
  await fsp.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `${STAGED_DB}.tmp`);
  const file = path.join(dir, STAGED_DB);
  await removeWithSideFiles(temp);

  await input.sqlite.backup(temp);

  let manifest: BackupManifest;
  const copy = new Database(temp, { fileMustExist: true });
  try {
    // The live database is WAL and the copy inherits it: back to a rollback journal, so the file alone is the
    // whole database and no -wal travels (or goes missing) with it.
    const mode = copy.pragma('journal_mode = DELETE', { simple: true });
    if (String(mode).toLowerCase() !== 'delete') throw new Error(`staged database: journal_mode stayed ${String(mode)}`);
    const problems = integrityCheck(copy);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new Error(`staged database failed PRAGMA integrity_check: ${problems.slice(0, 5).join('; ')}`);
    }
    manifest = {
      format: 1,
      createdAt: (input.now ?? new Date()).toISOString(),
      appVersion: input.appVersion,
      schemaVersion: lastMigration(copy),
      tables: countRows(copy),
      blobs: blobStats(copy),
      paths: [...input.extraPaths],
      school: input.school,
    };
  } catch (err) {
    copy.close();
    await removeWithSideFiles(temp);
    throw err;
  }
  copy.close();
  for (const suffix of SIDE_FILES) await fsp.rm(temp + suffix, { force: true });

  // The previous staging's side files (if any) must not sit next to the new copy.
  await removeWithSideFiles(file);
  const fh = await fsp.open(temp, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.rename(temp, file);
  await writeDurably(path.join(dir, STAGED_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await fsyncDir(dir);
  return { file, manifest };
}
