// The backup target and policy live in <data>/backup/target.json, the repository password in
// <data>/backup/restic.pass (0600, owned by the service user — root reads anything). Files, not the database:
// the CLI must find the repository when the database is broken, and a whole-box restore replaces the database.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { DEFAULT_POLICY, type BackupPolicy, type TargetInput, type TargetKind, type TargetView } from './backup.dto.js';
import type { ResticTargetSpec } from './backup.ports.js';
import { BackupErrors } from './backup.errors.js';

export interface StoredTarget {
  kind: TargetKind;
  repository: string;
  label: string;
  createdAt: string;
  /** sftp only */
  ssh?: { host: string; port: number; user: string; remotePath: string };
  /** local only: the folder (for free space) */
  path?: string;
}

interface TargetFile {
  target: StoredTarget | null;
  policy: BackupPolicy;
}

export interface BackupPaths {
  root: string;
  targetFile: string;
  passwordFile: string;
  sshDir: string;
  cacheDir: string;
  stagingDir: string;
  dbSnapshotsDir: string;
  scratchDir: string;
  lockFile: string;
  pendingRestore: string;
  restoreResult: string;
}

export function backupPaths(dataDir: string): BackupPaths {
  const root = path.join(dataDir, 'backup');
  return {
    root,
    targetFile: path.join(root, 'target.json'),
    passwordFile: path.join(root, 'restic.pass'),
    sshDir: path.join(root, 'ssh'),
    cacheDir: path.join(root, 'cache'),
    stagingDir: path.join(root, 'staging'),
    dbSnapshotsDir: path.join(root, 'db'),
    scratchDir: path.join(root, 'scratch'),
    lockFile: path.join(root, 'lock'),
    pendingRestore: path.join(root, 'pending-restore.json'),
    restoreResult: path.join(root, 'restore-result.json'),
  };
}

/** Writes a file readable by its owner only, via a temp name so a crash never leaves half a file. */
export function writePrivateFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** A password people can copy from paper: 6 groups of 5 from an alphabet without 0/O/1/l/I (≈ 148 bits). */
export function newRepositoryPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const groups: string[] = [];
  for (let g = 0; g < 6; g++) {
    let s = '';
    for (const b of randomBytes(5)) s += alphabet[b % alphabet.length];
    groups.push(s);
  }
  return groups.join('-');
}

export function redactRepository(repository: string): string {
  return repository.replace(/(\/\/[^:/@]+:)[^@/]+@/, '$1***@');
}

export function createTargetStore(dataDir: string) {
  const p = backupPaths(dataDir);

  function read(): TargetFile {
    if (!existsSync(p.targetFile)) return { target: null, policy: { ...DEFAULT_POLICY } };
    const raw = JSON.parse(readFileSync(p.targetFile, 'utf8')) as Partial<TargetFile>;
    return { target: raw.target ?? null, policy: { ...DEFAULT_POLICY, ...(raw.policy ?? {}) } };
  }
  function write(next: TargetFile): void {
    writePrivateFile(p.targetFile, JSON.stringify(next, null, 2) + '\n');
  }

  function sshKeyFile(): string {
    return path.join(p.sshDir, 'id_ed25519');
  }

  /** The box's own SSH key for sftp targets, made on first use; its public half is shown in the panel. */
  async function ensureSshKey(toolEnv: Record<string, string>): Promise<string> {
    const key = sshKeyFile();
    if (!existsSync(key)) {
      mkdirSync(p.sshDir, { recursive: true, mode: 0o700 });
      await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'xiaoban-backup', '-f', key], { env: toolEnv, extendEnv: false });
    }
    return readFileSync(`${key}.pub`, 'utf8').trim();
  }

  function sshPublicKey(): string | null {
    const pub = `${sshKeyFile()}.pub`;
    return existsSync(pub) ? readFileSync(pub, 'utf8').trim() : null;
  }

  return {
    paths: p,
    read,
    policy: (): BackupPolicy => read().policy,
    target: (): StoredTarget | null => read().target,
    savePolicy(policy: BackupPolicy): void {
      write({ ...read(), policy });
    },
    saveTarget(target: StoredTarget, password: string): void {
      writePrivateFile(p.passwordFile, password + '\n');
      write({ ...read(), target });
    },
    forgetTarget(): void {
      write({ ...read(), target: null });
      rmSync(p.passwordFile, { force: true });
    },
    ensureSshKey,
    sshPublicKey,
    /**
     * Free space on an SFTP target through sftp's own `df` (the statvfs@openssh.com extension), so an
     * sftp-only account works too. Null when the server does not support it or does not answer.
     */
    async sftpFreeSpace(target: StoredTarget, toolEnv: Record<string, string>): Promise<{ freeBytes: number; totalBytes: number } | null> {
      if (target.kind !== 'sftp' || !target.ssh) return null;
      const ssh = target.ssh;
      // The repository folder may not exist yet: ask about its parent.
      const where = ssh.remotePath.replace(/\/[^/]+\/?$/, '') || '/';
      try {
        const out = await execa('sftp', [
          '-b', '-', '-i', sshKeyFile(), '-P', String(ssh.port), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new',
          '-o', `UserKnownHostsFile=${path.join(p.sshDir, 'known_hosts')}`, '-o', 'ConnectTimeout=10', `${ssh.user}@${ssh.host}`,
        ], { input: `df ${where}\n`, env: toolEnv, extendEnv: false, timeout: 20_000 });
        // "    Size     Used    Avail   (root)    %Capacity" then the numbers in KiB.
        const line = out.stdout.split('\n').map((l) => l.trim()).find((l) => /^\d+\s+\d+\s+\d+/.test(l));
        if (!line) return null;
        const [size, , avail] = line.split(/\s+/).map(Number);
        return { freeBytes: avail! * 1024, totalBytes: size! * 1024 };
      } catch {
        return null;
      }
    },
    /** The restic spec for a stored target (or a candidate being set up, with its own password file). */
    spec(target: StoredTarget, passwordFile = p.passwordFile): ResticTargetSpec {
      const spec: ResticTargetSpec = { repository: target.repository, passwordFile, cacheDir: p.cacheDir };
      if (target.kind === 'sftp' && target.ssh) {
        const knownHosts = path.join(p.sshDir, 'known_hosts');
        // accept-new: the first connection (made by IT from the panel) pins the server's key; a changed key fails.
        spec.sftpCommand = [
          'ssh', '-i', sshKeyFile(), '-p', String(target.ssh.port), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new',
          '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'ConnectTimeout=10', '-o', 'ServerAliveInterval=30',
          `${target.ssh.user}@${target.ssh.host}`, '-s', 'sftp',
        ].join(' ');
      }
      return spec;
    },
    view(target: StoredTarget): TargetView {
      return { kind: target.kind, repository: redactRepository(target.repository), label: target.label, createdAt: target.createdAt, sshPublicKey: target.kind === 'sftp' ? sshPublicKey() : null };
    },
  };
}
export type TargetStore = ReturnType<typeof createTargetStore>;

/** Turns the panel's input into a target (not yet saved); rejects what cannot be a repository. */
export function targetFromInput(input: TargetInput, createdAt: string, dataDir: string): StoredTarget {
  switch (input.kind) {
    case 'local': {
      if (!input.path) throw BackupErrors.badTarget('A local target needs an absolute path (the mounted disk).');
      const dir = path.resolve(input.path);
      // The repository must not sit inside what it backs up.
      const data = path.resolve(dataDir);
      if (dir === data || dir.startsWith(data + path.sep) || data.startsWith(dir + path.sep)) {
        throw BackupErrors.badTarget('The backup folder must be outside the data directory (use a separate disk).');
      }
      return { kind: 'local', repository: dir, label: dir, createdAt, path: dir };
    }
    case 'sftp': {
      if (!input.host || !input.user || !input.remotePath) throw BackupErrors.badTarget('An SFTP target needs host, user and path.');
      const port = input.port ?? 22;
      const remote = input.remotePath;
      return {
        kind: 'sftp', repository: `sftp:${input.user}@${input.host}:${remote}`, label: `${input.user}@${input.host}:${remote}${port === 22 ? '' : ` (port ${port})`}`,
        createdAt, ssh: { host: input.host, port, user: input.user, remotePath: remote },
      };
    }
    case 'rest': {
      if (!input.url) throw BackupErrors.badTarget('A rest-server target needs its URL.');
      const url = new URL(input.url);
      return { kind: 'rest', repository: `rest:${url.toString()}`, label: redactRepository(`${url.origin}${url.pathname}`), createdAt };
    }
  }
}

/** Free space of a local target's disk (the nearest existing ancestor when the folder is not made yet). */
export function localFreeSpace(dir: string): { freeBytes: number; totalBytes: number } | null {
  let probe = dir;
  while (!existsSync(probe)) {
    const up = path.dirname(probe);
    if (up === probe) return null;
    probe = up;
  }
  try {
    const s = statfsSync(probe);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return null;
  }
}
