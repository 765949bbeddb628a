// The xb admin CLI, run as a real process against a temp data directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { testConfig } from '../../../server/config/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function xb(dataDir: string, args: string[], input?: string) {
  return spawnSync(tsx, [path.join(root, 'server/cli.ts'), ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, XB_DATA_DIR: dataDir, XB_LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
}

// Each call starts tsx, which compiles the CLI on the fly: slow on a busy 2-core box, hence the long timeouts.
describe('xb CLI', { timeout: 240_000 }, () => {
  it('migrates, creates the first admin from stdin (ending the setup wizard) and refuses weak passwords', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xb-cli-'));
    expect(xb(dir, ['migrate']).stdout).toMatch(/applied: 0001_foundation/);
    expect(xb(dir, ['migrate']).stdout).toMatch(/up to date/);
    const weak = xb(dir, ['user', 'create', '--username', 'itadmin', '--role', 'admin', '--password-stdin'], 'password\n');
    expect(weak.status).not.toBe(0);
    expect(weak.stderr).toMatch(/does not meet the rules/);
    const ok = xb(dir, ['user', 'create', '--username', 'itadmin', '--role', 'admin', '--role', 'it', '--display-name', '信息中心管理员', '--password-stdin'], 'Str0ng-enough-pw\n');
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/created itadmin \(信息中心管理员\) with roles admin, it/);

    const app = await buildApp(testConfig({ dataDir: dir }), { logger: false, startJobs: false });
    expect(app.services.setup.status().needsSetup).toBe(false);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'itadmin', password: 'Str0ng-enough-pw' } });
    expect(login.statusCode).toBe(200);
    await app.close();
  });

  it('seeds the demo school only into an empty box, and previews/commits a staff import', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xb-cli-'));
    const seeded = xb(dir, ['demo', 'seed']);
    expect(seeded.stdout).toMatch(/demo school seeded: \d+ departments, \d+ people, 6 forms, \d+ sample submissions/);
    expect(xb(dir, ['demo', 'seed']).stderr).toMatch(/only goes into an empty box/);
    const fixture = path.join(root, 'tests/fixtures/staff-sample.csv');
    const preview = xb(dir, ['import', 'staff', fixture]);
    expect(preview.stdout).toMatch(/rows 10: create 8, update 0, unchanged 0, errors 2/);
    expect(preview.stdout).toMatch(/preview only/);
    const commit = xb(dir, ['import', 'staff', fixture, '--commit']);
    expect(commit.stdout).toMatch(/created 8, updated 0/);
    expect(commit.stdout).toMatch(/username,name,initial password\n[a-z0-9._-]+,.+,Xb-[a-z]{4}-\d{4}/);
  });

  it('prints help and rejects unknown commands', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xb-cli-'));
    expect(execFileSync(tsx, [path.join(root, 'server/cli.ts'), 'help'], { encoding: 'utf8', env: { PATH: process.env.PATH, XB_DATA_DIR: dir } })).toMatch(/xb user create/);
    const bad = xb(dir, ['frobnicate']);
    expect(bad.status).toBe(64);
  });
});
