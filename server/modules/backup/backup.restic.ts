// The only code that runs restic (Debian's 0.14.0 is what we test against). Never through a shell: execa with an
// argument list and an environment of our own (toolEnv + the repository settings), nothing inherited.
//
// What restic 0.14 really does (found by running it; tests/api/backup/*.test.ts pin it down):
// - Paths. `restic backup blobs backup/staging tls` run with cwd=<data> stores the snapshot's `paths` field as
//   absolute (/srv/xiaoban/data/blobs …, used to find the parent snapshot), but the TREE holds the relative names
//   from the root: /blobs/ab/cd/<sha>, /backup/staging/xiaoban.sqlite, /backup/staging/manifest.json, /tls/….
//   So restore/dump/include use those short paths, whatever the data dir is called. (Relative arguments with
//   `..` would be different; backup() refuses them.)
// - A path argument that does not exist is NOT an error: restic prints "<p> does not exist, skipping" and exits 0.
//   backup() therefore checks every path first and treats that message as PARTIAL.
// - The --json summary's snapshot_id is the 8-hex short id; backup() looks the full id up (snapshots --json).
// - Exit codes: 0 ok, 1 fatal, 3 snapshot written but some source files unreadable (PARTIAL: not a success).
// - Locks: backup/restore/dump take a shared lock, check/prune/forget --prune an exclusive one. A restic killed
//   with SIGKILL leaves its lock file behind; restic 0.14 does not notice that the owner is dead. The next
//   BACKUP still works (shared + shared), but check/prune fail with "repository is already locked by PID …"
//   (LOCKED) until `restic unlock` removes the stale lock. unlock never removes a live process's lock.
// - `restore` has no --json progress in 0.14 (only from 0.16): restore reports no progress, only log lines.
// - `check` has no --json either: its findings are text on stderr ("Pack ID does not match, want <id>, got …",
//   "Fatal: repository contains errors").
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type {
  ResticBackupSummary, ResticErrorCode, ResticPort, ResticProgress, ResticRunOptions, ResticSnapshot, ResticTargetSpec,
} from './backup.ports.js';

/**
 * restic matches an unanchored pattern ("*.tmp") against every component of the ABSOLUTE path, parents of the
 * backed-up folders included: a data dir under /x/.tmp/ made every file "excluded" and the backup an empty
 * success. So each unanchored pattern of the exclude file is anchored below cwd (glob characters of cwd escaped);
 * "**" also matches zero folders, so "blobs/tmp" still matches <cwd>/blobs/tmp.
 */
export async function anchoredExcludes(excludeFile: string, cwd: string): Promise<string[]> {
  const base = path.resolve(cwd).replace(/[\\[\]*?]/g, '\\$&');
  return (await fsp.readFile(excludeFile, 'utf8'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => (l.startsWith('/') ? l : `${base}/**/${l}`));
}

export class ResticError extends Error {
  readonly code: ResticErrorCode;
  readonly stderr: string;
  readonly exitCode: number | null;
  /** PARTIAL: the snapshot restic still wrote (its files are incomplete). */
  readonly snapshotId: string | null;
  constructor(code: ResticErrorCode, message: string, stderr = '', exitCode: number | null = null, snapshotId: string | null = null) {
    super(message);
    this.name = 'ResticError';
    this.code = code;
    this.stderr = stderr;
    this.exitCode = exitCode;
    this.snapshotId = snapshotId;
  }
}

export interface ResticOptions {
  bin?: string;
  target: ResticTargetSpec;
  toolEnv: Record<string, string>;
  /** nice -n 10 + ionice idle class, so a backup never slows the school's work down (default true). */
  lowPriority?: boolean;
  /** After an abort: SIGINT first (restic removes its lock), SIGKILL after this many ms (default 5000). */
  killGraceMs?: number;
}

/** What one run of restic left behind. */
interface RunResult {
  exitCode: number | null;
  stdout: string[];
  stderr: string[];
  cancelled: boolean;
  /** spawn failure (ENOENT …) */
  spawnError: string | null;
}

interface RunSpec extends ResticRunOptions {
  args: string[];
  cwd?: string;
  /** Called with every stdout line instead of collecting it (status lines). Return true to keep the line. */
  onStdoutLine?: (line: string) => boolean;
  /** stdout goes to this file instead (dump). */
  stdoutFile?: string;
}

const NICE = '/usr/bin/nice';
const IONICE = '/usr/bin/ionice';

/** Sorts a failed run into a code; `local` is the repository directory when it is a plain path. */
export function classifyFailure(r: { exitCode: number | null; stderr: string; spawnError?: string | null; cancelled?: boolean }, local: string | null): ResticErrorCode {
  const s = r.stderr;
  if (r.cancelled) return 'CANCELLED';
  if (r.spawnError?.includes('ENOENT') || (r.exitCode === 127 && /no such file or directory/i.test(s))) return 'RESTIC_MISSING';
  if (/wrong password or no key found/i.test(s)) return 'WRONG_PASSWORD';
  if (/config file already exists/i.test(s)) return 'ALREADY_INITIALISED';
  if (/repository is already locked/i.test(s)) return 'LOCKED';
  if (/no space left on device|disk quota exceeded/i.test(s)) return 'NO_SPACE';
  if (/Is there a repository at the following location\?/i.test(s)) {
    // restic says the same for a missing folder and an empty one; for a local target we can tell them apart.
    if (local && !existsSync(local)) return 'UNREACHABLE';
    return 'NOT_A_REPOSITORY';
  }
  if (/unable to start the sftp session|connection refused|host key verification failed|permission denied \(publickey|could not resolve hostname|no route to host|connection timed out|i\/o timeout|dial tcp|network is unreachable/i.test(s)) return 'UNREACHABLE';
  if (/unable to open repository at/i.test(s)) return local && !existsSync(local) ? 'UNREACHABLE' : 'NOT_A_REPOSITORY';
  if (/repository contains errors|ciphertext verification failed|pack id does not match|hash does not match|unexpected EOF|tree .* could not be loaded/i.test(s)) return 'CORRUPT';
  if (r.exitCode === 3) return 'PARTIAL';
  return 'FAILED';
}

/** The line worth showing: restic's "Fatal: …", else the last thing it said. */
function headline(stderr: string[], fallback: string): string {
  const fatal = stderr.find((l) => l.startsWith('Fatal: '));
  // restore: "Fatal: There were 2 errors" says nothing on its own; the lines before it name the files.
  const details = stderr.filter((l) => /^ignoring error for |^error: /i.test(l)).slice(0, 2);
  if (fatal) return [fatal.slice(7), ...details].join(' — ');
  const last = [...stderr].reverse().find((l) => l.trim() !== '');
  return last ?? fallback;
}

/** restic --json error lines (backup) in words. */
function describeJsonError(line: string): string | null {
  if (!line.startsWith('{')) return null;
  try {
    const m = JSON.parse(line) as { message_type?: string; error?: { Op?: string; Path?: string; Err?: unknown } | string; item?: string; during?: string };
    if (m.message_type !== 'error') return null;
    const e = m.error;
    const what = typeof e === 'string' ? e : `${e?.Op ?? 'error'} ${e?.Path ?? ''}: ${typeof e?.Err === 'number' ? `errno ${e.Err}` : JSON.stringify(e?.Err ?? '')}`;
    return `cannot read ${m.item ?? '?'} (${m.during ?? 'backup'}): ${what}`;
  } catch {
    return null;
  }
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function parseStatus(m: Record<string, unknown>): ResticProgress {
  const files = Array.isArray(m.current_files) ? (m.current_files as unknown[]).filter((f): f is string => typeof f === 'string') : [];
  return {
    percent: num(m.percent_done),
    bytesDone: num(m.bytes_done),
    bytesTotal: num(m.total_bytes),
    filesDone: num(m.files_done),
    filesTotal: num(m.total_files),
    secondsRemaining: num(m.seconds_remaining),
    currentFile: files[0] ?? null,
  };
}

function parseSummary(m: Record<string, unknown>): ResticBackupSummary {
  return {
    snapshotId: String(m.snapshot_id ?? ''),
    filesNew: num(m.files_new) ?? 0,
    filesChanged: num(m.files_changed) ?? 0,
    filesUnmodified: num(m.files_unmodified) ?? 0,
    bytesAdded: num(m.data_added) ?? 0,
    bytesTotal: num(m.total_bytes_processed) ?? 0,
    filesTotal: num(m.total_files_processed) ?? 0,
    durationMs: Math.round((num(m.total_duration) ?? 0) * 1000),
  };
}

function toSnapshot(s: Record<string, unknown>): ResticSnapshot {
  return {
    id: String(s.id),
    shortId: String(s.short_id ?? String(s.id).slice(0, 8)),
    time: new Date(String(s.time)).toISOString(),
    tags: Array.isArray(s.tags) ? (s.tags as unknown[]).map(String) : [],
    paths: Array.isArray(s.paths) ? (s.paths as unknown[]).map(String) : [],
    hostname: String(s.hostname ?? ''),
  };
}

export function createRestic(opts: ResticOptions): ResticPort & { readonly command: string[] } {
  const bin = opts.bin ?? 'restic';
  const lowPriority = opts.lowPriority ?? true;
  // Each wrapper execs the next, so restic keeps the pid execa knows: signals reach restic itself.
  // ionice -t: carry on when the idle class cannot be set (some containers).
  const prefix: string[] = [];
  if (lowPriority && existsSync(NICE)) prefix.push(NICE, '-n', '10');
  if (lowPriority && existsSync(IONICE)) prefix.push(IONICE, '-c3', '-t');
  const command = [...prefix, bin];
  const t = opts.target;
  const local = /^[a-z0-9]+:/i.test(t.repository) && !t.repository.startsWith('local:') ? null : t.repository.replace(/^local:/, '');
  const env: Record<string, string> = {
    ...opts.toolEnv,
    RESTIC_REPOSITORY: t.repository,
    RESTIC_PASSWORD_FILE: t.passwordFile,
    RESTIC_CACHE_DIR: t.cacheDir,
  };
  const globalArgs = t.sftpCommand ? ['-o', `sftp.command=${t.sftpCommand}`] : [];
  const killGraceMs = opts.killGraceMs ?? 5000;

  async function run(spec: RunSpec): Promise<RunResult> {
    const [file, ...pre] = command;
    const stdout: string[] = [];
    const stderr: string[] = [];
    let child;
    try {
      child = execa(file!, [...pre, ...globalArgs, ...spec.args], {
        env,
        extendEnv: false,
        cwd: spec.cwd,
        stdin: 'ignore',
        stdout: spec.stdoutFile ? { file: spec.stdoutFile } : 'pipe',
        stderr: 'pipe',
        buffer: false,
        reject: false,
        cancelSignal: spec.signal,
        killSignal: 'SIGINT',
        forceKillAfterDelay: killGraceMs,
      });
    } catch (err) {
      return { exitCode: null, stdout, stderr: [String(err)], cancelled: false, spawnError: String(err) };
    }
    const reading: Promise<void>[] = [];
    if (child.stdout) {
      const rl = createInterface({ input: child.stdout, crlfDelay: Infinity });
      reading.push((async () => {
        for await (const line of rl) {
          if (spec.onStdoutLine ? spec.onStdoutLine(line) : true) stdout.push(line);
        }
      })());
    }
    if (child.stderr) {
      const rl = createInterface({ input: child.stderr, crlfDelay: Infinity });
      reading.push((async () => {
        for await (const line of rl) {
          stderr.push(line);
          spec.onLog?.(describeJsonError(line) ?? line);
        }
      })());
    }
    const result = await child;
    await Promise.all(reading);
    const spawnError = result.failed && result.exitCode === undefined && !result.isCanceled && !result.signal ? (result.code ?? result.message ?? 'spawn failed') : null;
    return { exitCode: result.exitCode ?? null, stdout, stderr, cancelled: Boolean(result.isCanceled) || Boolean(spec.signal?.aborted), spawnError };
  }

  function fail(r: RunResult, what: string, snapshotId: string | null = null): ResticError {
    const code = classifyFailure({ exitCode: r.exitCode, stderr: r.stderr.join('\n'), spawnError: r.spawnError, cancelled: r.cancelled }, local);
    const msg = code === 'CANCELLED' ? `restic ${what} cancelled` : code === 'RESTIC_MISSING' ? `restic is not installed (${bin})` : `restic ${what}: ${headline(r.stderr, r.spawnError ?? `exit ${r.exitCode}`)}`;
    return new ResticError(code, msg, r.stderr.join('\n'), r.exitCode, snapshotId);
  }

  async function runOk(spec: RunSpec, what: string): Promise<RunResult> {
    const r = await run(spec);
    if (r.exitCode !== 0 || r.cancelled) throw fail(r, what);
    return r;
  }

  function parseJson<T>(r: RunResult, what: string): T {
    const text = r.stdout.join('\n').trim();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ResticError('FAILED', `restic ${what}: unreadable output`, r.stderr.join('\n'), r.exitCode);
    }
  }

  async function snapshots(o: { tags?: string[]; ids?: string[] } = {}): Promise<ResticSnapshot[]> {
    const args = ['snapshots', '--json'];
    // One --tag with a comma list: snapshots carrying ALL of these tags.
    if (o.tags?.length) args.push('--tag', o.tags.join(','));
    if (o.ids?.length) args.push('--', ...o.ids);
    const r = await runOk({ args }, 'snapshots');
    const list = parseJson<Record<string, unknown>[] | null>(r, 'snapshots') ?? [];
    return list.map(toSnapshot).sort((a, b) => a.time.localeCompare(b.time));
  }

  return {
    command,
    async version() {
      const r = await runOk({ args: ['version'] }, 'version');
      const m = /restic\s+([0-9][^\s]*)/.exec(r.stdout.join(' '));
      return m ? m[1]! : r.stdout.join(' ').trim();
    },

    async init() {
      await runOk({ args: ['init'] }, 'init');
    },

    async probe() {
      // Reads and decrypts the config: answers "reachable, a repository, right password" without a lock.
      await runOk({ args: ['cat', 'config', '--no-lock'] }, 'probe');
    },

    async backup(paths, o) {
      if (!paths.length) throw new ResticError('FAILED', 'restic backup: nothing to back up');
      for (const p of paths) {
        if (path.isAbsolute(p) || p.split(/[\\/]/).includes('..')) throw new ResticError('FAILED', `restic backup: path must be relative and inside the data directory: ${p}`);
        // restic would skip a missing path and still exit 0.
        if (!existsSync(path.join(o.cwd, p))) throw new ResticError('FAILED', `restic backup: ${p} does not exist in ${o.cwd}`);
      }
      const args = ['backup', '--json', '--host', o.host];
      for (const tag of o.tags) args.push('--tag', tag);
      if (o.excludeFile) for (const pattern of await anchoredExcludes(o.excludeFile, o.cwd)) args.push('--exclude', pattern);
      args.push('--', ...paths);
      let summary: ResticBackupSummary | null = null;
      const r = await run({
        ...o,
        args,
        cwd: o.cwd,
        onStdoutLine: (line) => {
          if (!line.startsWith('{')) {
            o.onLog?.(line);
            return false;
          }
          try {
            const m = JSON.parse(line) as Record<string, unknown>;
            if (m.message_type === 'status') o.onProgress?.(parseStatus(m));
            else if (m.message_type === 'summary') summary = parseSummary(m);
            else o.onLog?.(line);
          } catch {
            o.onLog?.(line);
          }
          return false;
        },
      });
      const found = summary as ResticBackupSummary | null;
      const skipped = r.stderr.some((l) => /does not exist, skipping/.test(l));
      if (r.exitCode !== 0 || r.cancelled || !found || skipped) {
        if (r.exitCode === 0 && !r.cancelled && (skipped || !found)) {
          throw new ResticError(skipped ? 'PARTIAL' : 'FAILED', skipped ? `restic backup: ${headline(r.stderr, 'a path was skipped')}` : 'restic backup: no summary', r.stderr.join('\n'), 0, found?.snapshotId ?? null);
        }
        const e = fail(r, 'backup', found?.snapshotId ?? null);
        if (e.code === 'PARTIAL') throw new ResticError('PARTIAL', `restic backup: some files could not be read (${r.stderr.map(describeJsonError).filter(Boolean).slice(0, 3).join('; ') || headline(r.stderr, 'exit 3')})`, e.stderr, 3, e.snapshotId);
        throw e;
      }
      // 0.14's summary has the short id; the rest of the module keeps full ids.
      const [full] = await snapshots({ ids: [found.snapshotId] });
      return { ...found, snapshotId: full?.id ?? found.snapshotId };
    },

    snapshots: (o) => snapshots(o),

    async restore(snapshotId, target, o = {}) {
      const args = ['restore', snapshotId, '--target', target];
      for (const inc of o.include ?? []) args.push('--include', inc);
      await runOk({ ...o, args, onStdoutLine: (l) => (o.onLog?.(l), false) }, 'restore');
    },

    async dump(snapshotId, fileInSnapshot, dest, o = {}) {
      // Never hand on what a failed dump wrote: a temp file next to dest, renamed only after exit 0.
      const temp = path.join(path.dirname(dest), `.${path.basename(dest)}.${randomBytes(6).toString('hex')}.part`);
      await fsp.mkdir(path.dirname(dest), { recursive: true });
      try {
        await runOk({ ...o, args: ['dump', snapshotId, fileInSnapshot], stdoutFile: temp }, 'dump');
        const fh = await fsp.open(temp, 'r');
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
        await fsp.rename(temp, dest);
      } finally {
        await fsp.rm(temp, { force: true });
      }
    },

    async check(o = {}) {
      const args = ['check'];
      if (o.readDataSubset) args.push('--read-data-subset', o.readDataSubset);
      const r = await run({ ...o, args, onStdoutLine: (l) => (o.onLog?.(l), true) });
      if (r.exitCode === 0 && !r.cancelled) return { ok: true, errors: [], readDataSubset: o.readDataSubset ?? null };
      const code = classifyFailure({ exitCode: r.exitCode, stderr: r.stderr.join('\n'), spawnError: r.spawnError, cancelled: r.cancelled }, local);
      // Only damage is a check result; not getting to look (locked, unreachable, wrong password) is an error.
      if (code !== 'CORRUPT' && code !== 'FAILED') throw fail(r, 'check');
      const errors = r.stderr.filter((l) => l.trim() !== '' && !/^using temporary cache|^create exclusive lock|^load indexes/.test(l));
      return { ok: false, errors: errors.length ? errors : [`exit ${r.exitCode}`], readDataSubset: o.readDataSubset ?? null };
    },

    async forget(policy, o = {}) {
      const args = ['forget', '--json', '--prune', '--keep-daily', String(policy.keepDaily), '--keep-weekly', String(policy.keepWeekly), '--keep-monthly', String(policy.keepMonthly)];
      for (const tag of policy.keepTags ?? []) args.push('--keep-tag', tag);
      const removed: string[] = [];
      await runOk({
        ...o,
        args,
        onStdoutLine: (line) => {
          // --json prints the forget groups as one JSON array; prune's report after it is text.
          if (line.startsWith('[')) {
            try {
              for (const g of JSON.parse(line) as { remove?: { id: string }[] | null }[]) for (const s of g.remove ?? []) removed.push(s.id);
              return false;
            } catch {
              /* a text line */
            }
          }
          o.onLog?.(line);
          return false;
        },
      }, 'forget');
      return { removed };
    },

    async unlock(o = {}) {
      await runOk({ ...o, args: ['unlock'], onStdoutLine: (l) => (o.onLog?.(l), false) }, 'unlock');
    },

    async repositoryBytes() {
      const r = await runOk({ args: ['stats', '--json', '--mode', 'raw-data', '--no-lock'] }, 'stats');
      const m = parseJson<{ total_size?: number }>(r, 'stats');
      return m.total_size ?? 0;
    },
  };
}

