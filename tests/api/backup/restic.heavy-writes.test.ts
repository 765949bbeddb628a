// The school keeps working while the backup runs: a loop commits small transactions into the live database
// the whole time staging copies it (SQLite's online backup API) and restic uploads it. The restored copy must
// be one consistent state: integrity_check ok and exactly the row counts its manifest recorded.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRestoredTree } from '../../../server/modules/backup/backup.drill.js';
import { stageDatabase } from '../../../server/modules/backup/backup.stage.js';
import { makeApp, type TestApp } from '../../helpers/app.js';
import { makeRepo, rmrf, tempDir, type TestRepo } from '../../helpers/backup.js';

describe('backup under heavy writes', () => {
  let t: TestApp;
  let repo: TestRepo;
  let work: string;

  beforeAll(async () => {
    t = await makeApp();
    work = tempDir('restic-heavy');
    repo = makeRepo(work);
    await repo.restic.init();
    const sqlite = t.app.services.db.sqlite;
    sqlite.exec('CREATE TABLE heavy_rows (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, body TEXT NOT NULL)');
    // ~8 MB so the online backup needs many steps and the writer gets in between them.
    const ins = sqlite.prepare('INSERT INTO heavy_rows (batch, body) VALUES (?, ?)');
    sqlite.transaction(() => {
      for (let i = 0; i < 20_000; i++) ins.run(0, randomBytes(200).toString('hex'));
    })();
  });
  afterAll(async () => {
    await t.close();
    await rmrf(work);
  });

  it('stages and backs up a consistent copy while transactions keep committing', async () => {
    const sqlite = t.app.services.db.sqlite;
    const ins = sqlite.prepare('INSERT INTO heavy_rows (batch, body) VALUES (?, ?)');
    const audit = sqlite.prepare('UPDATE heavy_rows SET body = ? WHERE id = ?');
    const batch = sqlite.transaction((n: number) => {
      for (let i = 0; i < 25; i++) ins.run(n, randomBytes(64).toString('hex'));
      audit.run(`batch ${n}`, 1 + (n % 20_000));
    });
    let stop = false;
    let batches = 0;
    let duringStaging = 0;
    let staging = false;
    const writer = (async () => {
      while (!stop) {
        batch(++batches);
        if (staging) duringStaging++;
        await tick();
      }
    })();

    try {
      staging = true;
      const { manifest } = await stageDatabase({ sqlite, stagingDir: path.join(t.dir, 'backup', 'staging'), appVersion: '1.4.0', school: null, extraPaths: [] });
      staging = false;
      // The writer really ran between the backup steps (otherwise this test would prove nothing).
      expect(duringStaging).toBeGreaterThan(0);
      expect(manifest.tables.heavy_rows).toBeGreaterThanOrEqual(20_000 + 25);
      expect(readdirSync(path.join(t.dir, 'backup', 'staging')).sort()).toEqual(['manifest.json', 'xiaoban.sqlite']);

      const before = batches;
      await repo.restic.backup(['backup/staging'], { cwd: t.dir, tags: ['xiaoban'], host: 'box' });
      expect(batches).toBeGreaterThan(before); // and kept writing while restic uploaded

      stop = true;
      await writer;
      const live = (sqlite.prepare('SELECT count(*) AS n FROM heavy_rows').get() as { n: number }).n;
      expect(live).toBeGreaterThan(manifest.tables.heavy_rows!);

      const out = path.join(work, 'restored');
      await repo.restic.restore('latest', out);
      const restoredDb = path.join(out, 'backup', 'staging', 'xiaoban.sqlite');
      expect(existsSync(`${restoredDb}-wal`)).toBe(false);
      const copy = new Database(restoredDb, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(String(copy.pragma('journal_mode', { simple: true }))).toBe('delete');
        expect((copy.prepare('SELECT count(*) AS n FROM heavy_rows').get() as { n: number }).n).toBe(manifest.tables.heavy_rows);
        // Each batch is all-or-nothing in the copy: 25 rows per batch number.
        const torn = copy.prepare('SELECT batch, count(*) AS n FROM heavy_rows WHERE batch > 0 GROUP BY batch HAVING n <> 25').all();
        expect(torn).toEqual([]);
      } finally {
        copy.close();
      }
      const report = await verifyRestoredTree({ root: out, sampleBlobs: 5, fullBlobCheck: false });
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      expect(report.checks.find((c) => c.name === 'row_counts')!.ok).toBe(true);
    } finally {
      stop = true;
      await writer;
    }
  });
});
