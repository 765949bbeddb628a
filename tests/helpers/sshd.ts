// A real OpenSSH server on 127.0.0.1 for tests (SFTP backup targets): its own config, host key and an
// authorised ed25519 client key, all in a temp dir. Run the test through scripts/netns-run.sh so the server
// lives in a private network namespace. Needs root (sshd's privilege separation) — CI runs as root.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestSshd {
  host: '127.0.0.1';
  port: number;
  user: string;
  /** The temp dir holding keys, config and known_hosts. */
  dir: string;
  /** Private key that the server accepts (ed25519, no passphrase). */
  clientKey: string;
  clientPublicKey: string;
  /** known_hosts with the server's host key for [127.0.0.1]:port. */
  knownHosts: string;
  /** The command restic runs for sftp.command (BatchMode: never a prompt). */
  sftpCommand(opts?: { port?: number; key?: string }): string;
  /** sshd's own log (-e), for failing tests. */
  log(): string;
  stop(): Promise<void>;
}

export async function startSshd(opts: { port: number; user?: string }): Promise<TestSshd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xb-sshd-'));
  const user = opts.user ?? 'root';
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKey = path.join(dir, 'client_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'xb-test-host', '-f', hostKey]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'xb-test-client', '-f', clientKey]);
  const clientPublicKey = readFileSync(`${clientKey}.pub`, 'utf8').trim();
  const authorized = path.join(dir, 'authorized_keys');
  writeFileSync(authorized, `${clientPublicKey}\n`, { mode: 0o600 });
  const knownHosts = path.join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${opts.port} ${readFileSync(`${hostKey}.pub`, 'utf8').trim()}\n`);
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      'ListenAddress 127.0.0.1',
      `Port ${opts.port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorized}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'StrictModes no', // the temp dir's owner and modes are not what sshd demands of a home directory
      'PidFile none',
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  // Debian's service creates this at boot; sshd refuses to start without it.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  let logText = '';
  const child: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start:\n${logText}`)), 10_000);
    child.stderr!.on('data', (chunk: string) => {
      logText += chunk;
      if (/Server listening on 127\.0\.0\.1 port/.test(logText)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited (${code}):\n${logText}`));
    });
  });

  return {
    host: '127.0.0.1',
    port: opts.port,
    user,
    dir,
    clientKey,
    clientPublicKey,
    knownHosts,
    sftpCommand: (o = {}) =>
      `ssh -i ${o.key ?? clientKey} -p ${o.port ?? opts.port} -o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=5 ${user}@127.0.0.1 -s sftp`,
    log: () => logText,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
