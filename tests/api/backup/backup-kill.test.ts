// kill -9 of `xb backup run` in the middle of a backup (a power cut, the OOM killer): the next run takes over
// the dead runner's lock, the killed run is marked failed in the history, and the repository stays usable —
// check removes restic's stale lock by itself.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeApp, setupSchool } from '../../helpers/app.js';
import { setupLocalTarget } from '../../helpers/backup-panel.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const env = (dataDir: string) => ({ PATH: process.env.PATH, HOME: process.env.HOME, XB_DATA_DIR: dataDir, XB_LOG_LEVEL: 'silent', XB_JANUS: 'off' });

function xb(dataDir: string, args: string[]) {
  return spawnSync(tsx, [path.join(root, 'server/cli.ts'), 'backup', ...args], { cwd: root, encoding: 'utf8', env: env(dataDir), timeout: 180_000 });
}

describe('xb backup run killed with SIGKILL', { timeout: 300_000 }, () => {
  it('leaves a usable repository; the next run and check succeed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xb-kill-'));
    const t = await makeApp({ dir });
    let repo: string;
    try {
      const admin = await setupSchool(t.app);
      repo = (await setupLocalTarget(t.app, admin)).repo;
    } finally {
      await t.close();
    }
    // ~120 MB of incompressible contents in the blob store, so the backup runs long enough to be killed.
    for (let i = 0; i < 60; i++) {
      const sub = path.join(dir, 'blobs', 'f0', `${i}`.padStart(2, '0'));
      mkdirSync(sub, { recursive: true });
      writeFileSync(path.join(sub, randomBytes(32).toString('hex')), randomBytes(2 * 1024 * 1024));
    }

    const child = spawn(tsx, [path.join(root, 'server/cli.ts'), 'backup', 'run'], { cwd: root, env: env(dir), detached: true, stdio: 'ignore' });
    // Kill once restic is writing packs into the repository.
    const packs = () => (existsSync(path.join(repo!, 'data')) ? readdirSync(path.join(repo!, 'data')).flatMap((d) => readdirSync(path.join(repo!, 'data', d))).length : 0);
    const before = packs();
    const until = Date.now() + 120_000;
    while (packs() <= before + 1 && Date.now() < until && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    expect(child.exitCode, 'the backup ended before it could be killed').toBeNull();
    process.kill(-child.pid!, 'SIGKILL'); // the whole group: tsx, node and restic
    await new Promise((r) => child.once('exit', r));
    expect(existsSync(path.join(dir, 'backup', 'lock'))).toBe(true); // the dead runner's lock is still there

    const next = xb(dir, ['run']);
    expect(next.status, next.stderr + next.stdout).toBe(0);
    expect(next.stdout).toMatch(/backup succeeded/);
    const check = xb(dir, ['check']);
    expect(check.status, check.stderr + check.stdout).toBe(0);

    const app = await makeApp({ dir });
    try {
      const history = app.app.services.backup.listRuns({ kind: 'backup', limit: 10 }).items;
      expect(history.map((r) => r.status)).toEqual(['succeeded', 'failed']);
      expect(history[1]!.error).toMatch(/interrupted/);
      expect((await app.app.services.backup.snapshots()).length).toBe(1);
      // check needed restic's exclusive lock and found the killed restic's: it unlocked and went on.
      const checkRun = app.app.services.backup.listRuns({ kind: 'check', limit: 1 }).items[0]!;
      expect(app.app.services.backup.run(checkRun.id)!.log).toMatch(/stale lock/);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
