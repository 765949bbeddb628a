// `xb backup …` as real processes: IT over SSH and the systemd timer use these. The judged path: back up a
// box, then restore it whole onto a NEW, empty data directory from the recovery sheet and sign in as before.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADMIN, makeApp, setupSchool, createStaff } from '../../helpers/app.js';
import { setupLocalTarget } from '../../helpers/backup-panel.js';
import { createFolder, spacesOf, uploadFile } from '../../helpers/files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function xb(dataDir: string, args: string[]) {
  return spawnSync(tsx, [path.join(root, 'server/cli.ts'), 'backup', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, XB_DATA_DIR: dataDir, XB_LOG_LEVEL: 'silent', XB_JANUS: 'off' },
    timeout: 120_000,
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('xb backup', { timeout: 240_000 }, () => {
  it('backs up from the CLI, then restores the whole box onto a new data directory', async () => {
    const oldDir = mkdtempSync(path.join(tmpdir(), 'xb-old-'));
    const newDir = mkdtempSync(path.join(tmpdir(), 'xb-new-'));
    const t = await makeApp({ dir: oldDir });
    const files = new Map<string, string>();
    let repo: string;
    let password: string;
    try {
      const admin = await setupSchool(t.app);
      await createStaff(t.app, admin, { username: 'teacher1', displayName: '李老师' }, 'Teacher2026x');
      const { personal } = await spacesOf(t.app, admin);
      const folder = await createFolder(t.app, admin, personal.id, '教务处');
      for (let i = 0; i < 12; i++) {
        const data = Buffer.concat([Buffer.from(`文件 ${i}\n`), Buffer.alloc(1000 * (i + 1), i)]);
        const done = await uploadFile(t.app, admin, { parentId: i % 2 ? folder.id : personal.id, name: `文件${i}.bin`, data });
        files.set(done.node.id, sha(data));
      }
      const setup = await setupLocalTarget(t.app, admin);
      repo = setup.repo;
      password = setup.sheet!.password;
    } finally {
      await t.close();
    }

    // The server is stopped; the timer's CLI does the work.
    const run = xb(oldDir, ['run']);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/backup succeeded/);
    const list = xb(oldDir, ['list']);
    expect(list.stdout).toMatch(/manual\s+app \S+ schema 0012_backup/);
    const due = xb(oldDir, ['due']);
    expect(due.status, due.stderr).toBe(0);
    expect(due.stdout).toMatch(/db-snapshot succeeded/);

    // A new box: only the recovery sheet (repository + password).
    const pwFile = path.join(mkdtempSync(path.join(tmpdir(), 'xb-sheet-')), 'password.txt');
    writeFileSync(pwFile, password + '\n', { mode: 0o600 });
    const restore = xb(newDir, ['restore', '--repo', repo!, '--password-file', pwFile, '--snapshot', 'latest']);
    expect(restore.status, restore.stderr + restore.stdout).toBe(0);
    expect(restore.stdout).toMatch(/ok\s+integrity_check/);

    const fresh = await makeApp({ dir: newDir });
    try {
      const login = await fresh.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: ADMIN.username, password: ADMIN.password } });
      expect(login.statusCode).toBe(200);
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const teacher = await fresh.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'teacher1', password: 'Teacher2026x' } });
      expect(teacher.statusCode).toBe(200);
      for (const [id, hash] of files) {
        const got = await fresh.app.inject({ method: 'GET', url: `/api/files/nodes/${id}/content`, headers: { cookie } });
        expect(got.statusCode).toBe(200);
        expect(sha(got.rawPayload)).toBe(hash);
      }
      // The new box keeps backing up into the same repository.
      expect(fresh.app.services.backup.overview().target?.label).toBe(repo!);
    } finally {
      await fresh.close();
      rmSync(newDir, { recursive: true, force: true });
      rmSync(oldDir, { recursive: true, force: true });
    }
  });

  it('refuses to restore under a running server and explains usage', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xb-run-'));
    mkdirSync(path.join(dir, 'run'), { recursive: true });
    writeFileSync(path.join(dir, 'run', 'server.pid'), String(process.pid));
    const r = xb(dir, ['restore', '--snapshot', 'latest']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is running/);
    const u = xb(dir, ['bogus']);
    expect(u.status).toBe(64);
    expect(u.stderr).toMatch(/xb backup run/);
    rmSync(dir, { recursive: true, force: true });
  });
});
