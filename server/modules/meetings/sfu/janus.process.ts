// Runs Janus as our child process: writes its configuration (janus.config.ts), starts `janus -F <conf>`
// without a shell, waits until its websocket answers, restarts it with back-off when it dies (listeners hear
// 'down' then 'up' with a new generation, so rooms are rebuilt and clients told to rejoin), and stops it on
// shutdown (SIGTERM, then SIGKILL). If Janus is not installed, the state says so and nothing else is tried.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { findJanusLibDir, writeJanusConfig, type JanusConfigInput } from './janus.config.js';

export type SfuState = 'unavailable' | 'starting' | 'up' | 'down' | 'stopped';

export interface JanusProcessOptions extends Omit<JanusConfigInput, 'libDir'> {
  bin: string;
  libDir?: string;
  env: Record<string, string>;
  log: FastifyBaseLogger;
  backoff?: { firstMs: number; maxMs: number; stableMs: number };
}

export interface JanusProcessStatus {
  state: SfuState;
  detail: string | null;
  pid: number | null;
  restarts: number;
  generation: number;
  upSince: string | null;
}

/** PATH lookup without a shell. */
export function resolveBinary(bin: string, envPath: string | undefined): string | null {
  if (bin.includes('/')) return existsSync(bin) ? bin : null;
  for (const dir of (envPath ?? '/usr/bin:/bin').split(':')) {
    const p = path.join(dir, bin);
    if (existsSync(p)) return p;
  }
  return null;
}

function waitForPort(port: number, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (!alive()) return reject(new Error('Janus exited while starting'));
      const sock = net.connect({ host: '127.0.0.1', port });
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`Janus did not open 127.0.0.1:${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export class JanusProcess extends EventEmitter<{ up: [generation: number]; down: [reason: string] }> {
  private child: ChildProcess | null = null;
  private state: SfuState = 'stopped';
  private detail: string | null = null;
  private restarts = 0;
  private generation = 0;
  private upSince: Date | null = null;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private delayMs: number;
  private readonly backoff: { firstMs: number; maxMs: number; stableMs: number };
  private lastLines: string[] = [];

  constructor(private readonly o: JanusProcessOptions) {
    super();
    this.backoff = o.backoff ?? { firstMs: 500, maxMs: 30_000, stableMs: 60_000 };
    this.delayMs = this.backoff.firstMs;
  }

  status(): JanusProcessStatus {
    return { state: this.state, detail: this.detail, pid: this.child?.pid ?? null, restarts: this.restarts, generation: this.generation, upSince: this.upSince?.toISOString() ?? null };
  }

  async start(): Promise<void> {
    this.stopping = false;
    const bin = resolveBinary(this.o.bin, this.o.env.PATH);
    const libDir = this.o.libDir ?? findJanusLibDir();
    if (!bin || !libDir) {
      this.state = 'unavailable';
      this.detail = !bin ? `Janus is not installed (no "${this.o.bin}" on PATH; apt-get install janus)` : 'Janus plugins not found (videoroom + websockets transport)';
      this.o.log.warn({ event: 'sfu.unavailable', detail: this.detail }, 'meetings unavailable');
      return;
    }
    await this.launch(bin, libDir);
  }

  /** Next to (not inside) the generated folder, which is wiped on every start. */
  private get pidFile(): string {
    return `${this.o.dir.replace(/\/+$/, '')}.pid`;
  }

  /** A Janus left running by a server that was killed (SIGKILL, power) would hold the port: stop it first. */
  private killStale(): void {
    let pid: number;
    try {
      pid = Number(readFileSync(this.pidFile, 'utf8').trim());
    } catch {
      return;
    }
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (pid > 1 && cmdline.includes(path.join(this.o.dir, 'conf'))) {
        process.kill(pid, 'SIGKILL');
        this.o.log.warn({ event: 'sfu.janus.stale_killed', pid }, 'stopped a Janus left over from an earlier run');
      }
    } catch {
      /* not running any more */
    }
    rmSync(this.pidFile, { force: true });
  }

  private async launch(bin: string, libDir: string): Promise<void> {
    this.state = 'starting';
    this.killStale();
    const conf = await writeJanusConfig({ ...this.o, libDir });
    const child = spawn(bin, ['-F', conf, '-o', '-D'], { env: this.o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    if (child.pid) writeFileSync(this.pidFile, `${child.pid}\n`);
    const startedAt = Date.now();
    const remember = (buf: Buffer) => {
      for (const line of String(buf).split('\n')) {
        if (!line.trim()) continue;
        this.lastLines.push(line.slice(0, 300));
        if (this.lastLines.length > 20) this.lastLines.shift();
        if (/\b(ERR|FATAL|Error)\b/.test(line)) this.o.log.warn({ event: 'sfu.janus.log', line: line.slice(0, 300) }, 'janus');
      }
    };
    child.stdout!.on('data', remember);
    child.stderr!.on('data', remember);
    let exited = false;
    child.once('error', (err) => this.o.log.error({ event: 'sfu.janus.spawn_failed', err: err.message }, 'could not start Janus'));
    child.once('exit', (code, signal) => {
      exited = true;
      this.onExit(code, signal, Date.now() - startedAt, bin, libDir);
    });
    try {
      await waitForPort(this.o.wsPort, 15_000, () => !exited);
    } catch (err) {
      this.detail = `${(err as Error).message}${this.lastLines.length ? `: ${this.lastLines.at(-1)}` : ''}`;
      if (!exited) child.kill('SIGKILL');
      return;
    }
    if (exited || this.stopping) return;
    this.state = 'up';
    this.detail = null;
    this.upSince = new Date();
    this.generation++;
    this.o.log.info({ event: 'sfu.janus.up', pid: child.pid, generation: this.generation }, 'Janus is up');
    this.emit('up', this.generation);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, ranMs: number, bin: string, libDir: string): void {
    this.child = null;
    rmSync(this.pidFile, { force: true });
    this.upSince = null;
    if (this.stopping) {
      this.state = 'stopped';
      return;
    }
    const why = signal ? `killed by ${signal}` : `exit code ${code}`;
    if (ranMs >= this.backoff.stableMs) this.delayMs = this.backoff.firstMs;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.backoff.maxMs);
    this.restarts++;
    this.state = 'down';
    this.detail = `Janus stopped (${why}); restarting in ${Math.ceil(delay / 1000)} s`;
    this.o.log.warn({ event: 'sfu.janus.exited', code, signal, restartInMs: delay, last: this.lastLines.slice(-3) }, 'Janus stopped, restarting');
    this.emit('down', why);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopping) void this.launch(bin, libDir).catch((err) => this.o.log.error({ err }, 'Janus restart failed'));
    }, delay);
    this.restartTimer.unref();
  }

  /** Kill a running Janus so the supervisor starts a fresh one (our control link to it broke). */
  restart(why: string): void {
    if (this.stopping || !this.child) return;
    this.o.log.warn({ event: 'sfu.janus.restart', why }, 'restarting Janus');
    this.child.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child) {
      if (this.state !== 'unavailable') this.state = 'stopped';
      return;
    }
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
    this.state = 'stopped';
  }
}
