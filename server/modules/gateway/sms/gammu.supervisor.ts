// Runs our own gammu-smsd (never the system's unit) while SMS goes through the modem: makes its database from
// Gammu's schema on first start, writes its smsdrc, starts `gammu-smsd -c <conf>` without a shell, restarts it
// with back-off when it dies, restarts it when the admin changes the modem settings, and stops it (SIGTERM,
// then SIGKILL) on shutdown. A missing binary or schema leaves SMS "not running" with a reason; nothing else
// on the box depends on it. A daemon left behind by a crashed server (pid file) is stopped before a new one
// starts, so two never share the modem.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { maskMobile } from '../../../lib/cn.js';
import type { SmsConfig } from '../gateway.dto.js';
import { renderSmsdrc, smsdPaths, writeSmsdrc, type SmsdPaths } from './gammu.config.js';
import { createSmsdDatabase, findSchema, forgetPhones } from './gammu.store.js';

export interface SupervisorLog {
  debug(o: object, msg?: string): void;
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

export interface GammuSupervisorOptions {
  dataDir: string;
  /** The current SMS settings (read on every start and reload). */
  sms(): SmsConfig;
  log: SupervisorLog;
  /** Environment for Gammu's programs (PATH, LANG); TZ and LC_ALL are set here. */
  env: Record<string, string | undefined>;
  bin?: string;
  schema?: () => string | null;
  /** Restart delays: the first, doubling up to max; a daemon that ran `stableMs` starts over at the first. */
  backoff?: { firstMs: number; maxMs: number; stableMs: number };
  /** SIGTERM → SIGKILL after this long. */
  stopGraceMs?: number;
}

export interface SupervisorStatus {
  /** The binary was found. */
  installed: boolean;
  running: boolean;
  pid: number | null;
  startedAt: Date | null;
  restarts: number;
  /** Why it is not running, or what it last complained about. */
  detail: string | null;
}

const NOISE = /DBI error -6\b/; // logged about once a second while idle, harmless (see PITFALLS.md)
const LINE_PREFIX = /^.*?gammu-smsd(?:-inject)?\[\d+\]:\s*/;

/** Gammu's programs: our PATH and locale, UTC (smsd stores local times) and UTF-8 (without it the inject tool empties Chinese text). */
export function gammuEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return { PATH: '/usr/local/bin:/usr/bin:/bin', ...out, TZ: 'UTC', LC_ALL: 'C.UTF-8' };
}

/** The executable for `bin` on this PATH, or null. */
export function findExecutable(bin: string, path: string | undefined): string | null {
  const candidates = bin.includes('/') ? [bin] : (path ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, bin));
  for (const file of candidates) {
    try {
      accessSync(file, fsConstants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

export class GammuSupervisor {
  readonly paths: SmsdPaths;
  private active = false;
  private child: ChildProcess | null = null;
  private exited = new WeakMap<ChildProcess, Promise<void>>();
  private expected = new WeakSet<ChildProcess>();
  private startedAt: Date | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private delayMs: number;
  private restarts = 0;
  private installedCache = false;
  private installedCheckedAt = 0;
  private detail: string | null = null;
  private lastComplaint: string | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly env: Record<string, string>;
  private readonly backoff: { firstMs: number; maxMs: number; stableMs: number };

  constructor(private readonly o: GammuSupervisorOptions) {
    this.paths = smsdPaths(o.dataDir);
    this.env = gammuEnv(o.env);
    this.backoff = o.backoff ?? { firstMs: 1000, maxMs: 60_000, stableMs: 60_000 };
    this.delayMs = this.backoff.firstMs;
  }

  /** Start supervising: runs the daemon if SMS goes through Gammu. */
  start(): Promise<void> {
    this.active = true;
    return this.apply();
  }

  /** Stop the daemon and stop restarting it (server shutdown). */
  async stop(): Promise<void> {
    this.active = false;
    await this.apply();
  }

  /** The admin saved new settings: start, restart or stop the daemon to match. */
  reload(): Promise<void> {
    return this.apply();
  }

  status(): SupervisorStatus {
    const running = !!this.child && this.child.exitCode === null && this.child.signalCode === null;
    return {
      installed: this.installed(),
      running,
      pid: running ? (this.child!.pid ?? null) : null,
      startedAt: running ? this.startedAt : null,
      restarts: this.restarts,
      detail: this.detail ?? (running ? this.lastComplaint : null),
    };
  }

  /** The environment Gammu's programs run with (the inject tool too). */
  get toolEnv(): Record<string, string> {
    return this.env;
  }

  /** gammu-smsd is installed (looked up at most every 30 s: the dispatcher asks on every tick). */
  installed(): boolean {
    const now = Date.now();
    if (now - this.installedCheckedAt > 30_000) {
      this.installedCache = !!findExecutable(this.o.bin ?? 'gammu-smsd', this.env.PATH);
      this.installedCheckedAt = now;
    }
    return this.installedCache;
  }

  // One change at a time: a reload during a restart waits for it.
  private apply(): Promise<void> {
    const next = this.queue.then(() => this.reconcile()).catch((err: unknown) => {
      this.detail = err instanceof Error ? err.message : String(err);
      this.o.log.error({ err, event: 'sms.gammu.supervisor_failed' }, 'could not start the SMS daemon');
    });
    this.queue = next;
    return next;
  }

  private async reconcile(): Promise<void> {
    const sms = this.o.sms();
    if (!this.active || sms.mode !== 'gammu') {
      this.clearTimer();
      await this.kill();
      this.detail = null;
      return;
    }
    const bin = findExecutable(this.o.bin ?? 'gammu-smsd', this.env.PATH);
    this.installedCache = !!bin;
    this.installedCheckedAt = Date.now();
    if (!bin) return this.fail(`${this.o.bin ?? 'gammu-smsd'} is not installed (apt-get install gammu-smsd libdbd-sqlite3)`);
    let conf: string;
    try {
      conf = renderSmsdrc(sms.gammu, this.paths);
    } catch (err) {
      return this.fail((err as Error).message);
    }
    if (!existsSync(this.paths.db)) {
      await writeSmsdrc(this.paths, conf); // makes the 0700 folder too
      const schema = (this.o.schema ?? findSchema)();
      if (!schema) return this.fail("Gammu's SQL schema (sqlite.sql) is missing: reinstall the gammu package with its documentation");
      createSmsdDatabase(this.paths.db, schema);
      this.o.log.info({ event: 'sms.gammu.database_created', file: this.paths.db }, 'created the SMS daemon database');
    }
    const changed = await writeSmsdrc(this.paths, conf);
    if (this.child && !changed) return;
    this.clearTimer();
    await this.kill();
    await this.killStale();
    forgetPhones(this.paths.db);
    this.spawn(bin);
  }

  private async fail(detail: string): Promise<void> {
    this.clearTimer();
    await this.kill();
    this.detail = detail;
    this.o.log.warn({ event: 'sms.gammu.unavailable', detail }, 'SMS daemon not started');
  }

  private spawn(bin: string): void {
    const child = spawn(bin, ['-c', this.paths.conf], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.startedAt = new Date();
    this.detail = null;
    this.lastComplaint = null;
    this.exited.set(
      child,
      new Promise<void>((resolve) => {
        let done = false;
        const end = (code: number | null, signal: NodeJS.Signals | null, err?: Error) => {
          if (done) return;
          done = true;
          resolve();
          this.onExit(child, code, signal, err);
        };
        child.once('exit', (code, signal) => end(code, signal));
        child.once('error', (err) => end(null, null, err));
      }),
    );
    for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', (line) => this.onLine(line));
    if (child.pid) writeFileSync(this.paths.pid, `${child.pid}\n`, { mode: 0o600 });
    this.o.log.info({ event: 'sms.gammu.started', pid: child.pid }, 'SMS daemon started');
  }

  private onLine(raw: string): void {
    if (!raw.trim() || NOISE.test(raw)) return;
    // Gammu names the numbers it sends to and hears from; our logs never hold a whole phone number.
    const line = raw.replace(LINE_PREFIX, '').trim().replace(/(?:\+?86)?1[3-9]\d{9}/g, (m) => maskMobile(m));
    if (/error|fail|terminat|cannot|can't/i.test(line)) {
      if (line !== this.lastComplaint) this.o.log.warn({ event: 'sms.gammu.output', line }, 'SMS daemon');
      this.lastComplaint = line;
    } else {
      this.o.log.debug({ event: 'sms.gammu.output', line }, 'SMS daemon');
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null, err?: Error): void {
    if (this.child !== child) return;
    this.child = null;
    rmSync(this.paths.pid, { force: true });
    if (this.expected.has(child) || !this.active) return;
    const ran = Date.now() - (this.startedAt?.getTime() ?? Date.now());
    if (ran >= this.backoff.stableMs) this.delayMs = this.backoff.firstMs;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.backoff.maxMs);
    this.restarts++;
    const why = err ? err.message : `exit ${code ?? signal}`;
    this.detail = `gammu-smsd stopped (${why}${this.lastComplaint ? `: ${this.lastComplaint}` : ''}); restarting in ${Math.ceil(delay / 1000)} s`;
    this.o.log.warn({ event: 'sms.gammu.exited', code, signal, err: err?.message, restartInMs: delay, last: this.lastComplaint }, 'SMS daemon stopped, restarting');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.apply();
    }, delay);
    this.restartTimer.unref();
  }

  private clearTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.expected.add(child);
    const exited = this.exited.get(child)!;
    child.kill('SIGTERM');
    const grace = this.o.stopGraceMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), grace)))]);
    clearTimeout(timer);
    if (timedOut) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(this.paths.pid, { force: true });
    this.o.log.info({ event: 'sms.gammu.stopped', pid: child.pid }, 'SMS daemon stopped');
  }

  /** A daemon of ours that outlived a crashed server still holds the modem: stop it first. */
  private async killStale(): Promise<void> {
    let pid: number;
    try {
      pid = Number(readFileSync(this.paths.pid, 'utf8').trim());
    } catch {
      return;
    }
    rmSync(this.paths.pid, { force: true });
    if (!Number.isInteger(pid) || pid <= 1) return;
    const isOurs = () => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return cmd.some((a) => a.endsWith('gammu-smsd')) && cmd.includes(this.paths.conf);
      } catch {
        return false;
      }
    };
    if (!isOurs()) return;
    this.o.log.warn({ event: 'sms.gammu.stale', pid }, 'stopping an SMS daemon left by a previous run');
    process.kill(pid, 'SIGTERM');
    const until = Date.now() + (this.o.stopGraceMs ?? 5000);
    while (isOurs() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (isOurs()) process.kill(pid, 'SIGKILL');
  }
}
