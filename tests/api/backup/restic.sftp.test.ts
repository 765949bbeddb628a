// restic over SFTP to a real sshd on 127.0.0.1 (inside the test network namespace: run through
// scripts/netns-run.sh): init, back up, restore byte for byte; a wrong port, a key the server does not know
// and an unknown host key are UNREACHABLE; a folder without a repository is NOT_A_REPOSITORY.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResticError } from '../../../server/modules/backup/backup.restic.js';
import { makeRepo, rmrf, tempDir, treeHashes } from '../../helpers/backup.js';
import { startSshd, type TestSshd } from '../../helpers/sshd.js';

const PORT = 7412;

async function codeOf(p: Promise<unknown>): Promise<{ code: string; stderr: string }> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof ResticError)) throw new Error(`expected a ResticError, got ${String(err)}`);
  return { code: err.code, stderr: err.stderr };
}

describe('restic over sftp', () => {
  let sshd: TestSshd;
  let work: string;
  let src: string;

  beforeAll(async () => {
    expect(process.env.XIAOBAN_TEST_NETNS, 'run this file through scripts/netns-run.sh').toBe('1');
    sshd = await startSshd({ port: PORT });
    work = tempDir('restic-sftp');
    src = path.join(work, 'data');
    for (let i = 0; i < 4; i++) {
      const data = randomBytes(20_000 + i);
      const sha = createHash('sha256').update(data).digest('hex');
      mkdirSync(path.join(src, 'blobs', sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
      writeFileSync(path.join(src, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha), data);
    }
    mkdirSync(path.join(src, 'backup', 'staging'), { recursive: true });
    writeFileSync(path.join(src, 'backup', 'staging', 'manifest.json'), '{"format":1}\n');
  });
  afterAll(async () => {
    await sshd?.stop();
    if (work) await rmrf(work);
  });

  it('listens on 127.0.0.1 inside the namespace', async () => {
    await new Promise<void>((resolve, reject) => {
      const s = connect(PORT, '127.0.0.1', () => {
        s.once('data', (banner) => {
          expect(String(banner)).toMatch(/^SSH-2\.0-OpenSSH/);
          s.destroy();
          resolve();
        });
      });
      s.once('error', reject);
    });
  });

  it('init, backup and restore through sftp give back the same bytes', async () => {
    const remote = path.join(work, 'remote', 'xiaoban');
    const repo = makeRepo(path.join(work, 'box'), { repository: `sftp:root@127.0.0.1:${remote}`, sftpCommand: sshd.sftpCommand() });
    await repo.restic.init();
    await repo.restic.probe();
    const s = await repo.restic.backup(['blobs', 'backup/staging'], { cwd: src, tags: ['xiaoban'], host: 'box' });
    expect(s.filesNew).toBe(5);
    const snaps = await repo.restic.snapshots();
    expect(snaps.map((x) => x.id)).toEqual([s.snapshotId]);
    const out = path.join(work, 'restored');
    await repo.restic.restore(s.snapshotId, out);
    expect(treeHashes(out)).toEqual(treeHashes(src));
    expect(await repo.restic.check({ readDataSubset: '1/1' })).toEqual({ ok: true, errors: [], readDataSubset: '1/1' });
    expect((await codeOf(repo.restic.init())).code).toBe('ALREADY_INITIALISED');
  });

  it('sorts sftp failures', async () => {
    const remote = path.join(work, 'remote', 'xiaoban');
    const at = (sftpCommand: string, where = remote) => makeRepo(path.join(work, `c-${randomBytes(3).toString('hex')}`), { repository: `sftp:root@127.0.0.1:${where}`, sftpCommand }).restic;

    const wrongPort = await codeOf(at(sshd.sftpCommand({ port: PORT + 1 })).probe());
    expect(wrongPort.code).toBe('UNREACHABLE');
    expect(wrongPort.stderr).toMatch(/unable to start the sftp session|Connection refused/);

    const strangerKey = path.join(sshd.dir, 'host_ed25519'); // a valid key the server does not accept for login
    expect((await codeOf(at(sshd.sftpCommand({ key: strangerKey })).probe())).code).toBe('UNREACHABLE');

    const emptyKnownHosts = path.join(work, 'known_hosts_empty');
    writeFileSync(emptyKnownHosts, '');
    const unknownHost = await codeOf(at(sshd.sftpCommand().replace(sshd.knownHosts, emptyKnownHosts)).probe());
    expect(unknownHost.code).toBe('UNREACHABLE');
    // ssh's own words ("Host key verification failed") reach restic's stderr only sometimes (a race in restic).
    expect(unknownHost.stderr).toMatch(/unable to start the sftp session/);

    // Over SFTP restic cannot tell a missing folder from an empty one: both are NOT_A_REPOSITORY.
    expect((await codeOf(at(sshd.sftpCommand(), path.join(work, 'remote', 'nothing')).probe())).code).toBe('NOT_A_REPOSITORY');
  });
});
