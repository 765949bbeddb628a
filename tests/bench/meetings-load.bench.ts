// Meetings load: N participants in one room with the 100-person lecture profile (1 speaker with camera,
// mic and a screen share; everyone else listens; each listener receives the speaker's audio and up to 6
// video tiles, the screen share included). The participants are lightweight WebRTC bots (meetings-bot.ts:
// werift, real ICE/DTLS/SRTP with Janus, no decoding) in their own processes. For N = 10, 25, 50, 100 it
// prints Janus's and the server's CPU, the media Janus sends (Mbit/s), packet loss and join times; the bots'
// own CPU is reported separately (on the 2-core box they cost far more than Janus).
// Target (issue 6): 100 participants within 1 core of the 2-core box (Janus + server).
//
// Runs inside its own network namespace (re-execs itself under `unshare --net`, needs root): see
// /work/shared/guide/WEBRTC-TESTING.md.
// Run: node --import tsx tests/bench/meetings-load.bench.ts
//   XB_BENCH_MEETINGS_MODE  server (default: bots join through our /api/ws) | direct (bots talk to a bare Janus via janode)
//   XB_BENCH_STEPS          10,25,50,100        participant counts, joined cumulatively into the same room
//   XB_BENCH_TILES / XB_BENCH_CAMERAS  6 / 4    video streams per listener / extra participants with a camera on
//   XB_BENCH_BOT_PROCS      2                   listener processes
//   XB_BENCH_SETTLE / XB_BENCH_WINDOW  5 / 15   seconds before and of each measurement window
//   XB_BENCH_DECRYPT        all | first         first: listeners decrypt only each stream's first packets, then
//                                               count the clear SRTP headers (bots ~3× cheaper; no NACKs)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RoomFeed } from '../../server/modules/meetings/meetings.signal.dto.js';
import { childExecArgv, isMain, percentile, printFigures, printTable, startBenchServer, type BenchServer, type Figure } from './lib/harness.js';
import { startBareJanus, type BareJanus } from './lib/janus.js';
import { connectJanode, createRoom } from './lib/janode-signal.js';
import type { BotCmd, Profile, Target } from './lib/meetings-bots.child.js';
import { inNamespace, runInNamespace } from './lib/netns.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = (k: string, d: string) => process.env[k] ?? d;
const MODE = env('XB_BENCH_MEETINGS_MODE', 'server') as 'server' | 'direct';
const STEPS = env('XB_BENCH_STEPS', '10,25,50,100').split(',').map(Number);
const PROFILE: Profile = { tiles: Number(env('XB_BENCH_TILES', '6')), cameras: Number(env('XB_BENCH_CAMERAS', '4')) };
const BOT_PROCS = Number(env('XB_BENCH_BOT_PROCS', '2'));
const SETTLE_S = Number(env('XB_BENCH_SETTLE', '5'));
const WINDOW_S = Number(env('XB_BENCH_WINDOW', '15'));
const TARGET_CORE_PCT = 100;
/** Above this loss with drops at the bots' sockets, not Janus's, the bots were the bottleneck. */
const SATURATED_LOSS_PCT = 1;

interface Totals { at: number; packets: number; unique: number; bytes: number; expected: number; videoStreams: number; audioStreams: number; bots: number; cpuMs: number }

/** A bot process driven over IPC. */
class BotProc {
  private next = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly child: ChildProcess;
  constructor(readonly name: string) {
    this.child = fork(path.join(here, 'lib/meetings-bots.child.ts'), [], { execArgv: childExecArgv(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new Error(`${name}: ${m.error}`));
    });
    this.child.once('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`${name} exited (${code})`));
    });
  }
  call<T>(cmd: BotCmd['cmd'], args?: unknown): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, cmd, args } satisfies BotCmd);
    });
  }
  get pid() {
    return this.child.pid!;
  }
}

/** CPU seconds (user + system) of a process, from /proc (works for Janus, ffmpeg and our children alike). */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** Bytes sent on the namespace's interfaces (all loopback traffic: media both ways and signalling). */
function loTxBytes(): number {
  for (const line of readFileSync('/proc/net/dev', 'utf8').split('\n')) {
    const [name, rest] = line.split(':');
    if (name?.trim() === 'lo') return Number(rest!.trim().split(/\s+/)[8]);
  }
  return 0;
}

/** UDP datagrams dropped because a receiving socket's buffer was full (this namespace only). */
function udpRcvbufErrors(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const names = lines[0]!.split(/\s+/);
  return Number(lines[1]!.split(/\s+/)[names.indexOf('RcvbufErrors')]);
}

/** Socket inodes a process holds (to tell Janus's UDP drops from the bots'). */
function socketInodes(pid: number): Set<string> {
  const out = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) out.add(m[1]!);
      } catch {
        /* closed meanwhile */
      }
    }
  } catch {
    /* gone */
  }
  return out;
}

/** Datagrams dropped at full receive buffers, per socket (/proc/net/udp `drops`), split into Janus's and the rest. */
function udpDrops(janusPid: number): { janus: number; others: number } {
  const mine = socketInodes(janusPid);
  const out = { janus: 0, others: 0 };
  for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 13) continue;
    const drops = Number(f[f.length - 1]);
    if (mine.has(f[9]!)) out.janus += drops;
    else out.others += drops;
  }
  return out;
}

/** Packets the kernel dropped because a CPU's input backlog was full (/proc/net/softnet_stat, all CPUs;
 * loopback traffic passes this queue too, and it is not per namespace). */
function backlogDrops(): number {
  return readFileSync('/proc/net/softnet_stat', 'utf8').trim().split('\n').reduce((a, l) => a + parseInt(l.split(' ')[1]!, 16), 0);
}

/** The janus process our server supervises: a child of the server process. */
function childJanusOf(parent: number): number | null {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (comm === 'janus' && ppid === parent) return Number(d);
    } catch {
      /* gone */
    }
  }
  return null;
}

interface Row {
  n: number; janusPct: number; serverPct: number; botsPct: number; encPct: number;
  egressMbit: number; loTxMbit: number; lossPct: number; socketDrops: number; janusDrops: number; backlogDrops: number; joinP50: number; joinP95: number; failed: number; videoPerListener: number;
}

async function inside(): Promise<Figure[]> {
  console.log(`meetings load bench (${MODE}): ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}; profile ${JSON.stringify(PROFILE)}; ${BOT_PROCS} listener processes; listeners decrypt ${process.env.XB_BENCH_DECRYPT === 'first' ? 'only the first packets' : 'everything'}`);
  const maxN = Math.max(...STEPS);
  const publishers = 1 + PROFILE.cameras;
  let janus: BareJanus | null = null;
  let server: BenchServer | null = null;
  let target: Target;
  let janusPid = 0;
  let serverPid: number | null = null;
  let users: string[];
  if (MODE === 'direct') {
    janus = await startBareJanus();
    janusPid = janus.pid;
    const link = await connectJanode(janus.wsUrl, janus.apiSecret);
    await createRoom(link, 1234);
    await link.connection.close();
    target = { mode: 'direct', janusUrl: janus.wsUrl, apiSecret: janus.apiSecret, room: 1234 };
    users = Array.from({ length: maxN }, (_, i) => `bot${i}`);
  } else {
    server = await startBenchServer();
    const m = await server.call<{ meetingId: string; usernames: string[]; password: string; pid: number }>('meeting', { count: maxN });
    serverPid = m.pid;
    users = m.usernames;
    target = { mode: 'server', baseUrl: server.url, meetingId: m.meetingId, password: m.password };
    janusPid = 0; // Janus may start on the first join: looked up after the speaker has published
  }

  const pub = new BotProc('publisher');
  const procs = Array.from({ length: BOT_PROCS }, (_, i) => new BotProc(`listeners${i}`));
  const rows: Row[] = [];
  try {
    for (const p of [pub, ...procs]) await p.call('init', { target });
    const { feeds, encoderPids } = await pub.call<{ feeds: RoomFeed[]; encoderPids: number[] }>('publish', { profile: PROFILE, users: users.slice(0, publishers) });
    if (serverPid) janusPid = childJanusOf(serverPid) ?? 0;
    if (!janusPid) throw new Error('no janus process to measure');
    let joined = publishers;
    for (const n of STEPS) {
      const wanted = users.slice(joined, n);
      joined = Math.max(joined, n);
      const results = await Promise.all(
        procs.map((p, i) => p.call<{ joinMs: number[]; failed: number; errors: string[] }>('add', {
          users: wanted.filter((_, j) => j % procs.length === i), feeds, profile: PROFILE, parallel: 4,
        })),
      );
      const joins = results.flatMap((r) => r.joinMs).sort((a, b) => a - b);
      const failed = results.reduce((a, r) => a + r.failed, 0);
      for (const r of results) for (const e of r.errors) console.log(`  join error: ${e}`);
      await sleep(SETTLE_S * 1000);

      const sample = async () => ({
        at: performance.now(),
        janus: cpuSeconds(janusPid),
        server: serverPid ? cpuSeconds(serverPid) : 0,
        bots: [pub, ...procs].reduce((a, p) => a + cpuSeconds(p.pid), 0),
        enc: encoderPids.reduce((a, pid) => a + cpuSeconds(pid), 0),
        lo: loTxBytes(),
        drops: udpRcvbufErrors(),
        backlog: backlogDrops(),
        sockDrops: udpDrops(janusPid),
        per: await Promise.all(procs.map((p) => p.call<Totals>('totals'))),
      });
      const sum = (per: Totals[]) => per.reduce(
          (a, t) => ({ packets: a.packets + t.packets, unique: a.unique + t.unique, bytes: a.bytes + t.bytes, expected: a.expected + t.expected, video: a.video + t.videoStreams, listeners: a.listeners + t.bots }),
          { packets: 0, unique: 0, bytes: 0, expected: 0, video: 0, listeners: 0 },
        );
      const a = await sample();
      await sleep(WINDOW_S * 1000);
      const b = await sample();
      const secs = (b.at - a.at) / 1000;
      const rxA = sum(a.per);
      const rxB = sum(b.per);
      // Bytes per bot process over that process's own window.
      const rxBitsPerSec = b.per.reduce((acc, t, i) => acc + ((t.bytes - a.per[i]!.bytes) * 8) / ((t.at - a.per[i]!.at) / 1000), 0);
      const pct = (x: number, y: number) => ((y - x) / secs) * 100;
      const expected = rxB.expected - rxA.expected;
      const row: Row = {
        n,
        janusPct: pct(a.janus, b.janus),
        serverPct: pct(a.server, b.server),
        botsPct: pct(a.bots, b.bots),
        encPct: pct(a.enc, b.enc),
        egressMbit: rxBitsPerSec / 1e6,
        loTxMbit: ((b.lo - a.lo) * 8) / secs / 1e6,
        socketDrops: (b.drops - a.drops) / secs,
        // Closed sockets leave /proc/net/udp, so this is a difference of live sockets; Janus's stay open.
        janusDrops: Math.max(0, b.sockDrops.janus - a.sockDrops.janus) / secs,
        lossPct: expected > 0 ? (Math.max(0, expected - (rxB.unique - rxA.unique)) / expected) * 100 : NaN,
        joinP50: percentile(joins, 50),
        joinP95: percentile(joins, 95),
        failed,
        videoPerListener: rxB.listeners ? rxB.video / rxB.listeners : 0,
        backlogDrops: (b.backlog - a.backlog) / secs,
      };
      rows.push(row);
      console.log(`  N=${n}: janus ${row.janusPct.toFixed(1)} %, server ${row.serverPct.toFixed(1)} %, bots ${row.botsPct.toFixed(0)} %, egress ${row.egressMbit.toFixed(1)} Mbit/s, loss ${row.lossPct.toFixed(2)} %, join p50 ${row.joinP50.toFixed(0)} ms`);
    }
  } finally {
    await Promise.all([pub, ...procs].map((p) => p.call('stop').catch(() => {})));
    await janus?.stop();
    await server?.stop();
  }

  console.log('');
  printTable([
    ['N', 'Janus CPU', 'server CPU', 'Janus+server', 'egress (RTP)', 'lo tx', 'loss', 'socket drops', 'of which Janus', 'backlog drops', 'join p50', 'join p95', 'failed', 'video/listener', 'bots CPU', 'ffmpeg CPU'],
    ...rows.map((r) => [
      String(r.n), `${r.janusPct.toFixed(1)} %`, MODE === 'server' ? `${r.serverPct.toFixed(1)} %` : 'n/a', `${(r.janusPct + r.serverPct).toFixed(1)} %`,
      `${r.egressMbit.toFixed(1)} Mbit/s`, `${r.loTxMbit.toFixed(1)} Mbit/s`, `${r.lossPct.toFixed(2)} %`, `${r.socketDrops.toFixed(0)}/s`, `${r.janusDrops.toFixed(0)}/s`, `${r.backlogDrops.toFixed(0)}/s`,
      `${r.joinP50.toFixed(0)} ms`, `${r.joinP95.toFixed(0)} ms`, String(r.failed), r.videoPerListener.toFixed(1), `${r.botsPct.toFixed(0)} %`, `${r.encPct.toFixed(0)} %`,
    ]),
  ]);
  console.log('CPU: % of one core over the window. egress = RTP bytes all listeners received (≈ what Janus sent them, without SRTP/UDP/IP overhead); lo tx = every byte on the namespace loopback (media both ways + signalling); loss = sequence gaps the listeners saw; socket drops = UDP datagrams the kernel dropped at a full receive buffer (a starved bot, or Janus: "of which Janus"); backlog drops = packets dropped before any socket because a CPU input queue was full (whole box). Bots and ffmpeg run on the same 2 cores.');
  const saturated = rows.filter((r) => (!(r.lossPct < SATURATED_LOSS_PCT) && (r.socketDrops > r.janusDrops || r.backlogDrops > 0)) || r.failed > 0);
  if (saturated.length) {
    console.log(`N = ${saturated.map((r) => r.n).join(', ')}: the bots lost ≥ ${SATURATED_LOSS_PCT} % or failed to join — the load generator (bots on the same 2 cores) was the limit there, so those rows do not judge Janus. See socket drops and bots CPU.`);
  }
  return rows.flatMap((r) => {
    const both = r.janusPct + r.serverPct;
    const valid = !saturated.includes(r);
    return [
      {
        bench: 'meetings',
        metric: `N=${r.n} lecture: Janus + server CPU (% of one core)`,
        value: `${both.toFixed(1)} %${valid ? '' : ' (bots saturated)'}`,
        ...(r.n === 100 ? { target: `< ${TARGET_CORE_PCT} %`, ...(valid ? { met: both < TARGET_CORE_PCT } : {}) } : {}),
      },
      { bench: 'meetings', metric: `N=${r.n} egress / loss / join p95`, value: `${r.egressMbit.toFixed(1)} Mbit/s / ${r.lossPct.toFixed(2)} % / ${r.joinP95.toFixed(0)} ms` },
    ];
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** From outside: re-run this file inside a fresh network namespace and collect its figures. */
export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xb-meetings-bench-'));
  try {
    const out = path.join(dir, 'figures.json');
    const code = await runInNamespace(fileURLToPath(import.meta.url), { XB_BENCH_FIGURES_OUT: out });
    if (code !== 0) throw new Error(`meetings bench exited with ${code}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Figure[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  if (inNamespace()) {
    const figures = await inside();
    if (process.env.XB_BENCH_FIGURES_OUT) writeFileSync(process.env.XB_BENCH_FIGURES_OUT, JSON.stringify(figures));
    process.exit(0);
  } else {
    printFigures(await run());
  }
}
