// Realtime fan-out: 2,000 staff each hold one websocket to the real server (forked into its own process so
// its event loop is measured alone; the clients live in this process). The server publishes 20 events to
// topic 'all', 500 ms apart; every client records receive time − send time (data.t, epoch ms taken just
// before hub.publish(); both processes read the same clock). Prints latency percentiles, missing events,
// the synchronous cost of publish() and server RSS/CPU.
// Target (PRODUCT.md "Fast"): delivery p99 < 250 ms with 2,000 connected.
// Run: npx tsx tests/bench/ws-fanout.bench.ts   (XB_BENCH_CLIENTS / XB_BENCH_EVENTS change the size)
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { isMain, mb, ms, percentile, printFigures, printTable, startBenchServer, type Figure, type ServerStats } from './lib/harness.js';

const CLIENTS = Number(process.env.XB_BENCH_CLIENTS ?? 2000);
const EVENTS = Number(process.env.XB_BENCH_EVENTS ?? 20);
const SPACING_MS = 500;
const CONNECT_CONCURRENCY = 100;
const TARGET_P99 = 250;
const now = () => performance.timeOrigin + performance.now();
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

interface Delivery { client: number; event: number; latencyMs: number }

/** Opens one socket, says hello and resolves on the welcome frame. */
function connect(url: string, token: string, client: number, onEvent: (d: Delivery) => void, onClose: (code: number) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { cookie: `xb_session=${token}` }, perMessageDeflate: false });
    ws.on('open', () => ws.send('{"type":"hello","lastSeq":null}'));
    ws.on('message', (raw) => {
      const at = now();
      const msg = JSON.parse(String(raw)) as { type: string; name?: string; data?: { i: number; t: number } };
      if (msg.type === 'welcome') resolve(ws);
      else if (msg.type === 'event' && msg.name === 'bench.ping' && msg.data) onEvent({ client, event: msg.data.i, latencyMs: at - msg.data.t });
    });
    ws.on('error', reject);
    ws.on('close', (code) => onClose(code));
  });
}

function fdLimit(): number {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  } catch {
    return NaN;
  }
}

export async function run(): Promise<Figure[]> {
  console.log(`\n== websocket fan-out bench: ${CLIENTS} clients, ${EVENTS} events ${SPACING_MS} ms apart ==`);
  const limit = fdLimit();
  if (limit < CLIENTS + 500) console.log(`warning: open-file limit ${limit} is low for ${CLIENTS} sockets; run via bash -c 'ulimit -n 65536; npx tsx …'`);
  const server = await startBenchServer();
  const figures: Figure[] = [];
  const sockets: WebSocket[] = [];
  try {
    const idle = await server.call<ServerStats>('stats');
    let t0 = performance.now();
    const { tokens } = await server.call<{ tokens: string[] }>('users', { count: CLIENTS });
    console.log(`created ${CLIENTS} users + sessions in ${((performance.now() - t0) / 1000).toFixed(1)} s (one shared argon2 hash); ${server.people + CLIENTS} active users in all`);

    // Connect, CONNECT_CONCURRENCY at a time.
    const got = new Uint8Array(CLIENTS * EVENTS);
    const latencies: number[] = [];
    const perEventMax = new Array<number>(EVENTS).fill(0);
    let duplicates = 0;
    const closes = new Map<number, number>();
    const onEvent = (d: Delivery) => {
      if (d.event < 0 || d.event >= EVENTS) return;
      const k = d.client * EVENTS + d.event;
      if (got[k]) return void duplicates++;
      got[k] = 1;
      latencies.push(d.latencyMs);
      perEventMax[d.event] = Math.max(perEventMax[d.event]!, d.latencyMs);
    };
    const onClose = (code: number) => closes.set(code, (closes.get(code) ?? 0) + 1);
    await server.call('stats');
    t0 = performance.now();
    let next = 0;
    const wsUrl = `ws://127.0.0.1:${server.port}/api/ws`;
    await Promise.all(
      Array.from({ length: CONNECT_CONCURRENCY }, async () => {
        while (next < CLIENTS) {
          const i = next++;
          sockets[i] = await connect(wsUrl, tokens[i]!, i, onEvent, onClose);
        }
      }),
    );
    const connectS = (performance.now() - t0) / 1000;
    const connected = await server.call<ServerStats>('stats');
    console.log(`connected ${connected.hub.connections} sockets in ${connectS.toFixed(1)} s; server RSS ${mb(idle.rssMB)} idle → ${mb(connected.rssMB)}`);
    await sleep(1000);
    await server.call('stats'); // measurement window: the publishing phase only

    const publishMs: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const r = await server.call<{ publishMs: number; recipients: number }>('publish', { name: 'bench.ping', i });
      publishMs.push(r.publishMs);
      if (i < EVENTS - 1) await sleep(SPACING_MS);
    }
    const deadline = performance.now() + 5000;
    while (latencies.length < CLIENTS * EVENTS && performance.now() < deadline) await sleep(50);
    const during = await server.call<ServerStats>('stats');

    latencies.sort((a, b) => a - b);
    const missing = CLIENTS * EVENTS - latencies.length;
    const p99 = percentile(latencies, 99);
    const avgPublish = publishMs.reduce((a, b) => a + b, 0) / publishMs.length;
    const avgAll = perEventMax.reduce((a, b) => a + b, 0) / EVENTS;
    console.log();
    printTable([
      ['measure', 'value'],
      ['deliveries received', `${latencies.length} of ${CLIENTS * EVENTS} (missing ${missing}, duplicates ${duplicates})`],
      ['delivery latency p50', ms(percentile(latencies, 50))],
      ['delivery latency p95', ms(percentile(latencies, 95))],
      ['delivery latency p99', ms(p99)],
      ['delivery latency max', ms(latencies.at(-1) ?? NaN)],
      ['time to reach all clients (avg / worst event)', `${ms(avgAll)} / ${ms(Math.max(...perEventMax))}`],
      ['hub.publish() synchronous time (avg / max)', `${ms(avgPublish)} / ${ms(Math.max(...publishMs))}`],
      ['server CPU during publishing phase', `${during.cpuPct.toFixed(0)} % (event loop busy ${(during.eventLoopUtilization * 100).toFixed(0)} %)`],
      ['server event-loop delay p99 / max', `${ms(during.loopDelayP99Ms)} / ${ms(during.loopDelayMaxMs)}`],
      ['server RSS idle / connected / after events', `${mb(idle.rssMB)} / ${mb(connected.rssMB)} / ${mb(during.rssMB)}`],
      ['server RSS per connection', `${(((connected.rssMB - idle.rssMB) * 1024) / CLIENTS).toFixed(1)} KB`],
      ['slow sockets closed by the hub', String(during.hub.droppedSlow)],
      ['client-side closes', closes.size ? [...closes].map(([c, n]) => `${c}×${n}`).join(' ') : 'none'],
    ]);
    console.log(`\ntarget: delivery p99 < ${TARGET_P99} ms with ${CLIENTS} connected → measured ${ms(p99)} (${p99 < TARGET_P99 ? 'met' : 'NOT met'})`);
    figures.push(
      { bench: 'ws-fanout', metric: `delivery p50 (${CLIENTS} clients)`, value: ms(percentile(latencies, 50)) },
      { bench: 'ws-fanout', metric: `delivery p99 (${CLIENTS} clients)`, value: ms(p99), target: `< ${TARGET_P99} ms`, met: p99 < TARGET_P99 },
      { bench: 'ws-fanout', metric: 'delivery max', value: ms(latencies.at(-1) ?? NaN) },
      { bench: 'ws-fanout', metric: 'missing events', value: String(missing), target: '0', met: missing === 0 },
      { bench: 'ws-fanout', metric: 'hub.publish() avg', value: ms(avgPublish) },
      { bench: 'ws-fanout', metric: 'server RSS connected', value: mb(connected.rssMB) },
    );
  } finally {
    for (const ws of sockets) ws?.terminate();
    await server.stop();
  }
  return figures;
}

if (isMain(import.meta.url)) printFigures(await run());
