// Shared bench plumbing: fork the real server into its own process (server.child.ts) and talk to it over
// IPC, percentiles, and plain-text tables. Set XB_BENCH_CPU_PROF=<dir> to write a V8 CPU profile of the
// server process into <dir> (open it in Chrome DevTools or speedscope).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

export interface Request { id: number; cmd: string; args?: unknown }
export type Outcome = { ok: true; result: unknown } | { ok: false; error: string };
export type Reply = { id: number } & Outcome;

/** One line of a bench's summary; `met` is only informative — benches never fail on time. */
export interface Figure { bench: string; metric: string; value: string; target?: string; met?: boolean }

export interface ServerStats {
  rssMB: number; heapUsedMB: number; cpuPct: number; eventLoopUtilization: number;
  loopDelayP99Ms: number; loopDelayMaxMs: number;
  hub: { users: number; connections: number; droppedSlow: number };
}

export interface BenchServer {
  port: number;
  url: string;
  /** The server's data directory (SQLite file, blobs, uploads). */
  dir: string;
  /** Active users in the database right after start (the seeded demo school). */
  people: number;
  rssMB: number;
  call<T>(cmd: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Node flags for a child that runs TypeScript: keep the parent's tsx loader, or add one. */
export function childExecArgv(): string[] {
  const base = process.execArgv.filter((a) => !a.startsWith('--cpu-prof'));
  const args = base.some((a) => a.includes('tsx')) ? base : [...base, '--import', 'tsx'];
  const prof = process.env.XB_BENCH_CPU_PROF;
  return prof ? [...args, '--cpu-prof', `--cpu-prof-dir=${path.resolve(prof)}`] : args;
}

export interface BenchServerOptions {
  /** Where the server's temp data directory is made (default: os.tmpdir()). */
  dataParent?: string;
}

export async function startBenchServer(opts: BenchServerOptions = {}): Promise<BenchServer> {
  const child: ChildProcess = fork(path.join(here, 'server.child.ts'), [], {
    execArgv: childExecArgv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...(opts.dataParent ? { XB_BENCH_DATA_PARENT: opts.dataParent } : {}) },
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  const ready = new Promise<{ port: number; dir: string; people: number; rssMB: number }>((resolve, reject) => {
    pending.set(0, { resolve: resolve as (v: unknown) => void, reject });
    child.once('exit', (code) => reject(new Error(`bench server exited early (code ${code})`)));
  });
  child.on('message', (msg: Reply) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(msg.error));
  });
  const info = await ready;
  const call = <T>(cmd: string, args?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, cmd, args } satisfies Request);
    });
  return {
    ...info,
    url: `http://127.0.0.1:${info.port}`,
    call,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      await call('stop');
      await exited;
    },
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 1)} ms` : 'n/a');
export const mb = (v: number) => `${v.toFixed(1)} MB`;

/** Prints rows as an aligned plain-text table; the first row is the header. */
export function printTable(rows: string[][]): void {
  const width = (s: string) => [...s].reduce((w, c) => w + (/[\u2e80-\uffff]/u.test(c) ? 2 : 1), 0);
  const cols = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(cols[i]! - width(c))).join('  ').trimEnd();
  console.log(line(rows[0]!));
  console.log(cols.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

export function printFigures(figures: Figure[]): void {
  printTable([
    ['bench', 'metric', 'value', 'target', 'met'],
    ...figures.map((f) => [f.bench, f.metric, f.value, f.target ?? '', f.met === undefined ? '' : f.met ? 'yes' : 'NO']),
  ]);
}

/** True when the module at `metaUrl` is the script node was started with. */
export function isMain(metaUrl: string): boolean {
  return !!process.argv[1] && metaUrl === pathToFileURL(path.resolve(process.argv[1])).href;
}
