// An SFTP target set up from the panel against a real sshd on 127.0.0.1 (inside the test namespace): the box
// makes its own key, IT authorises it on the server, the panel inits the repository and backs up.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { startRun } from '../../helpers/backup-panel.js';
import { rmrf, tempDir } from '../../helpers/backup.js';
import { startSshd, type TestSshd } from '../../helpers/sshd.js';
import type { SshKey, TargetSetupResult } from '../../../server/modules/backup/backup.dto.js';

const PORT = 7413;

describe('SFTP target from the panel', { timeout: 120_000 }, () => {
  let sshd: TestSshd;
  let t: TestApp;
  let admin: string;
  let remote: string;

  beforeAll(async () => {
    expect(process.env.XIAOBAN_TEST_NETNS, 'run this file through scripts/netns-run.sh').toBe('1');
    sshd = await startSshd({ port: PORT });
    remote = path.join(tempDir('sftp-remote'), 'xiaoban');
    t = await makeApp();
    admin = await setupSchool(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await sshd?.stop();
    if (remote) await rmrf(path.dirname(remote));
  });

  it('refuses until the box key is authorised, then inits and backs up over SFTP', async () => {
    const key = (await t.app.inject({ method: 'POST', url: '/api/admin/backup/ssh-key', headers: { cookie: admin } })).json() as SshKey;
    expect(key.publicKey).toMatch(/^ssh-ed25519 \S+ xiaoban-backup$/);
    // The same key on every call.
    expect(((await t.app.inject({ method: 'POST', url: '/api/admin/backup/ssh-key', headers: { cookie: admin } })).json() as SshKey).publicKey).toBe(key.publicKey);

    const payload = { kind: 'sftp', host: '127.0.0.1', port: PORT, user: sshd.user, remotePath: remote };
    const refused = await t.app.inject({ method: 'PUT', url: '/api/admin/backup/target', headers: { cookie: admin }, payload });
    expectProblem(refused, 502, 'RESTIC_UNREACHABLE');

    appendFileSync(path.join(sshd.dir, 'authorized_keys'), `${key.publicKey}\n`);
    const ok = await t.app.inject({ method: 'PUT', url: '/api/admin/backup/target', headers: { cookie: admin }, payload });
    expect(ok.statusCode, ok.body).toBe(200);
    const setup = ok.json() as TargetSetupResult;
    expect(setup.target).toMatchObject({ kind: 'sftp', sshPublicKey: key.publicKey, label: `${sshd.user}@127.0.0.1:${remote} (port ${PORT})` });
    expect(setup.status.reachable).toBe(true);
    // Free space through sftp's df (the statvfs extension of OpenSSH).
    expect(setup.status.freeBytes).toBeGreaterThan(0);
    expect(setup.status.totalBytes).toBeGreaterThanOrEqual(setup.status.freeBytes!);
    expect(setup.sheet?.password).toBeTruthy();

    const run = await startRun(t.app, admin, 'backup');
    expect(run.status, run.log).toBe('succeeded');
    const drill = await startRun(t.app, admin, 'drill');
    expect(drill.status, drill.log).toBe('succeeded');
  });
});
