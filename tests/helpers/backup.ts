// Backup test helpers: a real restic repository in a temp dir, a real box (the app on its own data dir with
// uploaded documents and a TLS folder), and sha256 of whole trees to compare a restore with its source.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, promises as fsp, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRestic, type ResticOptions } from '../../server/modules/backup/backup.restic.js';
import type { ResticTargetSpec } from '../../server/modules/backup/backup.ports.js';
import { stageDatabase } from '../../server/modules/backup/backup.stage.js';
import { makeApp, setupSchool, type TestApp } from './app.js';
import { spacesOf, uploadFile } from './files.js';

export const TOOL_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin' };
/** What a box backup carries, relative to the data dir. */
export const BOX_PATHS = ['blobs', 'backup/staging', 'tls'];

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `xb-${prefix}-`));
}

export interface TestRepo {
  target: ResticTargetSpec;
  restic: ReturnType<typeof createRestic>;
  dir: string;
}

/** A repository folder (not initialised) with its password file and cache under `base`. */
export function makeRepo(base: string, opts: { repository?: string; sftpCommand?: string; password?: string } & Partial<ResticOptions> = {}): TestRepo {
  mkdirSync(base, { recursive: true });
  const passwordFile = path.join(base, 'restic.pass');
  writeFileSync(passwordFile, opts.password ?? randomBytes(18).toString('base64url'), { mode: 0o600 });
  const dir = path.join(base, 'repo');
  const target: ResticTargetSpec = { repository: opts.repository ?? dir, passwordFile, cacheDir: path.join(base, 'cache'), sftpCommand: opts.sftpCommand };
  return { target, dir, restic: createRestic({ toolEnv: TOOL_ENV, ...opts, target }) };
}

/** relative path → sha256 of every file under dir (optionally only under `only` subpaths). */
export function treeHashes(dir: string, only?: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile()) out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  for (const sub of only ?? ['.']) visit(path.join(dir, sub));
  return out;
}

export interface TestBox {
  t: TestApp;
  cookie: string;
  schoolSpace: string;
}

/** The app on a fresh data dir, the school set up, `files` documents uploaded and a TLS folder written. */
export async function makeBox(files: { name: string; data: Buffer | string }[]): Promise<TestBox> {
  const t = await makeApp();
  const cookie = await setupSchool(t.app);
  const schoolSpace = (await spacesOf(t.app, cookie)).school!.id;
  for (const f of files) await uploadFile(t.app, cookie, { parentId: schoolSpace, name: f.name, data: f.data });
  mkdirSync(path.join(t.dir, 'tls'), { recursive: true });
  writeFileSync(path.join(t.dir, 'tls', 'cert.pem'), `-----BEGIN CERTIFICATE-----\n${randomBytes(600).toString('base64')}\n-----END CERTIFICATE-----\n`);
  writeFileSync(path.join(t.dir, 'tls', 'key.pem'), `-----BEGIN PRIVATE KEY-----\n${randomBytes(90).toString('base64')}\n-----END PRIVATE KEY-----\n`);
  return { t, cookie, schoolSpace };
}

export function stageBox(box: TestBox, appVersion = '1.4.0') {
  return stageDatabase({ sqlite: box.t.app.services.db.sqlite, stagingDir: path.join(box.t.dir, 'backup', 'staging'), appVersion, school: '测试中学', extraPaths: ['blobs', 'tls'] });
}

export async function rmrf(...dirs: string[]): Promise<void> {
  for (const d of dirs) await fsp.rm(d, { recursive: true, force: true });
}
