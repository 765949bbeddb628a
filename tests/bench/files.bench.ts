// Documents store: upload and download throughput of one large file, and list/search latency over a store of
// 100,000 files — all against the real server (demo school, forked into its own process, TLS off) on
// 127.0.0.1, with its data directory on the same filesystem as the repository.
//  1. Upload: the real tus-js-client in Node, from a pre-made random file (fs.ReadStream: each chunk is
//     streamed from disk, the client buffers nothing), chunkSize 64 MiB and then 8 MiB. MB/s from start()
//     to onSuccess, so the final answer's server work (sha256 of the whole file, fsync, rename into the blob
//     store, SQL) is included. Compared with `dd if=/dev/zero bs=8M count=128 conv=fsync` into the same
//     directory. Server RSS is sampled during the upload: tus streams to disk, so it must not grow with size.
//  2. Download: GET /api/files/nodes/:id/content of that file, streamed and counted (not stored).
//  3. Latency: 100,000 files seeded straight into SQLite (lib/files-seed.ts), then sequential requests (one
//     at a time, keep-alive) to five listing/search endpoints as an ordinary 教务处 member (access
//     filtering drops restricted folders, 机密 files, other departments and personal spaces) and as the admin.
// Targets (from the Documents brief): upload ≥ 0.8× dd; list/search p95 < 100 ms.
// Run: node --import tsx tests/bench/files.bench.ts
//   XB_BENCH_UPLOAD_MB=1024   size of the uploaded file (MiB)
//   XB_BENCH_FILES=100000     size of the seeded store
//   XB_BENCH_SAMPLES=300      timed requests per endpoint and user (after 20 discarded warm-up requests)
//   XB_BENCH_CPU_PROF=<dir>   V8 CPU profile of the server process
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as tus from 'tus-js-client';
import { DEMO_PASSWORD } from '../../server/modules/admin/index.js';
import { demoSchool } from '../../server/modules/admin/admin.demo-school.js';
import type { UploadDone } from '../../server/modules/files/files.dto.js';
import type { FilesSeedResult } from './lib/files-seed.js';
import { isMain, mb, ms, percentile, printFigures, printTable, startBenchServer, type BenchServer, type Figure, type ServerStats } from './lib/harness.js';

const MiB = 2 ** 20;
const MB = 1e6; // throughput in MB/s = 10^6 bytes per second, as dd prints it
const UPLOAD_MB = Number(process.env.XB_BENCH_UPLOAD_MB ?? 1024);
const SEED_FILES = Number(process.env.XB_BENCH_FILES ?? 100_000);
const SAMPLES = Number(process.env.XB_BENCH_SAMPLES ?? 300);
const WARMUP = 20;
const UPLOAD_TARGET_RATIO = 0.8;
const LATENCY_TARGET_P95 = 100;
const STAFF_KEY = 'ac_clerk1'; // 马晨阳, 教务处 干事: staff role only, sees his department, not the others
const ADMIN_USERNAME = 'admin';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rate = (bytes: number, msTaken: number) => bytes / MB / (msTaken / 1000);
const mbps = (v: number) => `${v.toFixed(0)} MB/s`;

const loadavg = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

interface Memory { rssMB: number; heapUsedMB: number; externalMB: number; arrayBuffersMB: number }

function dfOf(p: string): string {
  try {
    const line = execFileSync('df', ['-P', '-h', p], { encoding: 'utf8' }).trim().split('\n')[1] ?? '';
    const [fs, size, , avail, , mount] = line.split(/\s+/);
    return `${fs} on ${mount} (${size}, ${avail} free)`;
  } catch {
    return 'df failed';
  }
}

/** os.tmpdir() when it is on the repository's filesystem (same disk), else <repo>/.tmp/bench. */
function dataParent(): string {
  const tmp = os.tmpdir();
  if (statSync(tmp).dev === statSync(repoRoot).dev) return tmp;
  const dir = path.join(repoRoot, '.tmp', 'bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A file of random bytes (written in 8 MiB blocks, not fsynced: it is read back from the page cache). */
function makeRandomFile(file: string, bytes: number): string {
  const fd = openSync(file, 'w');
  const hash = createHash('sha256');
  const block = Buffer.allocUnsafe(8 * MiB);
  try {
    for (let left = bytes; left > 0; left -= block.length) {
      const part = left >= block.length ? block : block.subarray(0, left);
      randomFillSync(part);
      hash.update(part);
      writeSync(fd, part);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** `dd if=/dev/zero of=<dir>/dd.bin bs=8M count=128 conv=fsync` → bytes, seconds, MB/s (from dd's own summary). */
function ddWrite(dir: string): { bytes: number; seconds: number; mbps: number; line: string } {
  const target = path.join(dir, 'dd.bin');
  try {
    const out = spawnSync('dd', ['if=/dev/zero', `of=${target}`, 'bs=8M', 'count=128', 'conv=fsync'], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`dd failed: ${out.stderr}`);
    const line = out.stderr.trim().split('\n').at(-1) ?? '';
    const m = /^(\d+) bytes.*copied, ([\d.,]+) s/.exec(line);
    if (!m) throw new Error(`cannot parse dd output: ${line}`);
    const bytes = Number(m[1]);
    const seconds = Number(m[2]!.replace(',', '.'));
    return { bytes, seconds, mbps: bytes / MB / seconds, line };
  } finally {
    rmSync(target, { force: true });
  }
}

async function signIn(server: BenchServer, username: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('xb_session='));
  if (res.status !== 200 || !cookie) throw new Error(`sign-in ${username} failed: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

interface UploadRun {
  chunkSize: number;
  bytes: number;
  ms: number;
  mbps: number;
  done: UploadDone;
  /** Time of each PATCH round trip (the last one includes hashing and adopting the blob). */
  chunkMs: number[];
  rss: { before: number; peak: number; after: number };
  server: ServerStats;
}

/** One tus-js-client upload to the end, sampling the server's RSS every 200 ms. */
async function upload(server: BenchServer, cookie: string, file: string, chunkSize: number, parentId: string, filename: string): Promise<UploadRun> {
  const bytes = statSync(file).size;
  const before = (await server.call<Memory>('memory')).rssMB;
  await server.call('stats'); // fresh CPU / event-loop window
  let peak = before;
  const sampler = setInterval(() => {
    void server.call<Memory>('memory').then((m) => (peak = Math.max(peak, m.rssMB)), () => undefined);
  }, 200);
  const marks: number[] = [];
  const t0 = performance.now();
  try {
    const body = await new Promise<string>((resolve, reject) => {
      const u = new tus.Upload(createReadStream(file) as unknown as Buffer, {
        endpoint: `${server.url}/api/files/uploads`,
        chunkSize,
        retryDelays: [], // a retry would hide a failure and distort the time
        storeFingerprintForResuming: false,
        headers: { cookie },
        metadata: { filename, parentId },
        onAfterResponse: (req) => {
          if (req.getMethod() === 'PATCH') marks.push(performance.now());
        },
        onSuccess: (payload) => resolve(payload.lastResponse.getBody()),
        onError: reject,
      });
      marks.push(t0);
      u.start();
    });
    const msTaken = performance.now() - t0;
    clearInterval(sampler);
    const server_ = await server.call<ServerStats>('stats');
    const after = (await server.call<Memory>('memory')).rssMB;
    const chunkMs = marks.slice(1).map((t, i) => t - marks[i]!);
    return { chunkSize, bytes, ms: msTaken, mbps: rate(bytes, msTaken), done: JSON.parse(body) as UploadDone, chunkMs, rss: { before, peak: Math.max(peak, after), after }, server: server_ };
  } finally {
    clearInterval(sampler);
  }
}

/** Streams the content and counts the bytes (nothing is kept). */
function download(server: BenchServer, cookie: string, id: string): Promise<{ bytes: number; ms: number; firstByteMs: number; status: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(`${server.url}/api/files/nodes/${id}/content`, { headers: { cookie }, agent: false }, (res) => {
      const firstByteMs = performance.now() - t0;
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, ms: performance.now() - t0, firstByteMs, status: res.statusCode ?? 0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

interface LatencyRun { user: string; endpoint: string; p50: number; p95: number; p99: number; max: number; items: number; bytes: number; more: boolean }

/** Sequential GETs on one keep-alive connection; every answer must be 200 and is read to the end. */
async function latency(server: BenchServer, cookie: string, user: string, endpoint: string, url: string): Promise<LatencyRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<{ ms: number; body: string }>((resolve, reject) => {
      const t0 = performance.now();
      http
        .get(server.url + url, { headers: { cookie }, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) reject(new Error(`${url} → ${res.statusCode} ${body.slice(0, 300)}`));
            else resolve({ ms: performance.now() - t0, body });
          });
          res.on('error', reject);
        })
        .on('error', reject);
    });
  try {
    let last = '';
    for (let i = 0; i < WARMUP; i++) last = (await get()).body;
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) samples.push((await get()).ms);
    samples.sort((a, b) => a - b);
    const answer = JSON.parse(last) as { items: unknown[]; nextCursor?: string | null };
    return {
      user, endpoint,
      p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: samples.at(-1)!,
      items: answer.items.length, bytes: Buffer.byteLength(last), more: !!answer.nextCursor,
    };
  } finally {
    agent.destroy();
  }
}

export async function run(): Promise<Figure[]> {
  const parent = dataParent();
  console.log(`\n== files bench: ${UPLOAD_MB} MiB upload, ${SEED_FILES.toLocaleString('en')} seeded files, ${SAMPLES} samples per endpoint; ${os.cpus().length} CPUs, Node ${process.version} ==`);
  console.log(`load average ${loadavg()} (other work on the box changes these figures a lot: see README)`);
  console.log(`repository: ${dfOf(repoRoot)}`);
  console.log(`data dir parent ${parent}: ${dfOf(parent)}${parent === os.tmpdir() ? ' (os.tmpdir(), same filesystem as the repository)' : ' (os.tmpdir() is on another filesystem)'}`);
  const work = mkdtempSync(path.join(parent, 'xb-bench-files-src-'));
  const server = await startBenchServer({ dataParent: parent });
  console.log(`server (own process) on ${server.url}, data in ${server.dir}, ${server.people} seeded people, RSS ${mb(server.rssMB)}`);
  const figures: Figure[] = [];
  try {
    // ── seed the store first: uploads and searches then run against a full database ──
    const staffUsername = demoSchool().people.find((p) => p.key === STAFF_KEY)!.username;
    const seed = await server.call<FilesSeedResult>('seedFiles', { files: SEED_FILES, staffUsername });
    const mem0 = await server.call<Memory>('memory');
    console.log(`seeded ${seed.files.toLocaleString('en')} files, ${seed.folders} folders, ${seed.grants} grants, ${seed.texts.toLocaleString('en')} extracted texts in ${(seed.ms / 1000).toFixed(1)} s (one transaction); server RSS ${mb(mem0.rssMB)}`);
    const staff = await signIn(server, staffUsername);
    const admin = await signIn(server, ADMIN_USERNAME);

    // ── 1. upload ──
    const source = path.join(work, 'upload.bin');
    const t = performance.now();
    const sha = makeRandomFile(source, UPLOAD_MB * MiB);
    console.log(`\nrandom source file: ${UPLOAD_MB} MiB in ${((performance.now() - t) / 1000).toFixed(1)} s (${source}; in the page cache, so the client reads from memory)`);
    const dd1 = ddWrite(server.dir);
    console.log(`dd (before uploads): ${dd1.line}`);
    const runs: UploadRun[] = [];
    runs.push(await upload(server, staff, source, 64 * MiB, seed.uploadFolderId, '2026年春季公开课录像-高一(3)班-64MiB.mp4'));
    if (runs[0]!.done.version.sha256 !== sha) throw new Error(`uploaded sha256 ${runs[0]!.done.version.sha256} ≠ source ${sha}`);
    // Different contents for the second run (first 16 bytes), so it is stored as a new blob too.
    const fd = openSync(source, 'r+');
    writeSync(fd, randomFillSync(Buffer.alloc(16)), 0, 16, 0);
    closeSync(fd);
    runs.push(await upload(server, staff, source, 8 * MiB, seed.uploadFolderId, '2026年春季公开课录像-高一(3)班-8MiB.mp4'));
    const dd2 = ddWrite(server.dir);
    console.log(`dd (after uploads):  ${dd2.line}`);
    const ddMbps = (dd1.mbps + dd2.mbps) / 2;
    console.log();
    printTable([
      ['chunk', 'size', 'time', 'MB/s', '× dd', 'PATCHes', 'median PATCH', 'last PATCH (+hash, adopt)', 'server CPU', 'RSS before', 'RSS peak', 'RSS after'],
      ...runs.map((r) => {
        const sorted = [...r.chunkMs].slice(0, -1).sort((a, b) => a - b);
        return [
          `${r.chunkSize / MiB} MiB`, `${(r.bytes / MiB).toFixed(0)} MiB`, `${(r.ms / 1000).toFixed(2)} s`, mbps(r.mbps), `${(r.mbps / ddMbps).toFixed(2)}`,
          String(r.chunkMs.length), ms(percentile(sorted, 50)), ms(r.chunkMs.at(-1)!), `${r.server.cpuPct.toFixed(0)} %`,
          mb(r.rss.before), mb(r.rss.peak), mb(r.rss.after),
        ];
      }),
    ]);
    console.log(`dd conv=fsync into the data dir: ${mbps(dd1.mbps)} before, ${mbps(dd2.mbps)} after → reference ${mbps(ddMbps)}`);
    const [u64, u8] = runs as [UploadRun, UploadRun];
    console.log(`target: upload ≥ ${UPLOAD_TARGET_RATIO}× dd → 64 MiB chunks ${(u64.mbps / ddMbps).toFixed(2)}× (${u64.mbps / ddMbps >= UPLOAD_TARGET_RATIO ? 'met' : 'NOT met'}), 8 MiB chunks ${(u8.mbps / ddMbps).toFixed(2)}×`);
    console.log(`server RSS grew ${(u64.rss.peak - u64.rss.before).toFixed(1)} MB at most during a ${UPLOAD_MB} MiB upload (64 MiB chunks), ${(u8.rss.peak - u8.rss.before).toFixed(1)} MB (8 MiB chunks)`);

    // ── 2. download ──
    const dl = await download(server, staff, u64.done.node.id);
    if (dl.status !== 200 || dl.bytes !== u64.bytes) throw new Error(`download: ${dl.status}, ${dl.bytes} of ${u64.bytes} bytes`);
    const dlMbps = rate(dl.bytes, dl.ms);
    const memAfter = await server.call<Memory>('memory');
    console.log(`\ndownload GET /api/files/nodes/:id/content: ${(dl.bytes / MiB).toFixed(0)} MiB in ${(dl.ms / 1000).toFixed(2)} s = ${mbps(dlMbps)} (first byte ${ms(dl.firstByteMs)}; the blob was just written, so it is read from the page cache)`);
    console.log(`server RSS after upload and download: ${mb(memAfter.rssMB)} (heap ${mb(memAfter.heapUsedMB)}, buffers ${mb(memAfter.arrayBuffersMB)})`);
    rmSync(source, { force: true });

    // ── 3. list and search latency ──
    const q = encodeURIComponent;
    const endpoints: [string, string][] = [
      [`GET /api/files/folders/:id (${seed.bigFolderItems} items, limit 50)`, `/api/files/folders/${seed.bigFolderId}?limit=50`],
      ['GET /api/files?docType=budget&limit=50', '/api/files?docType=budget&limit=50'],
      ['GET /api/files?within=<教务处>&name=教研', `/api/files?within=${seed.academicSpaceId}&name=${q('教研')}`],
      ['GET /api/files/search?q=教研活动', `/api/files/search?q=${q('教研活动')}`],
      ['GET /api/files/search?q=预算', `/api/files/search?q=${q('预算')}`],
    ];
    await server.call('stats');
    const lat: LatencyRun[] = [];
    for (const [who, cookie] of [['staff (教务处)', staff], ['admin', admin]] as const) {
      for (const [name, url] of endpoints) lat.push(await latency(server, cookie, who, name, url));
    }
    const latServer = await server.call<ServerStats>('stats');
    console.log(`\nsequential requests, one keep-alive connection, ${SAMPLES} timed after ${WARMUP} warm-up; ${seed.files.toLocaleString('en')} files in the store`);
    printTable([
      ['user', 'endpoint', 'p50', 'p95', 'p99', 'max', 'items', 'more', 'answer', 'p95 < 100 ms'],
      ...lat.map((l) => [l.user, l.endpoint, ms(l.p50), ms(l.p95), ms(l.p99), ms(l.max), String(l.items), l.more ? 'yes' : 'no', `${(l.bytes / 1000).toFixed(1)} kB`, l.p95 < LATENCY_TARGET_P95 ? 'yes' : 'NO']),
    ]);
    console.log(`server during the latency runs: CPU ${latServer.cpuPct.toFixed(0)} %, event-loop utilisation ${(latServer.eventLoopUtilization * 100).toFixed(0)} %, RSS ${mb(latServer.rssMB)}`);
    console.log(`load average at the end: ${loadavg()}`);
    const worst = lat.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    console.log(`target: list/search p95 < ${LATENCY_TARGET_P95} ms → worst ${worst.user} ${worst.endpoint} ${ms(worst.p95)} (${worst.p95 < LATENCY_TARGET_P95 ? 'met' : 'NOT met'})`);

    figures.push(
      { bench: 'files', metric: `upload ${UPLOAD_MB} MiB, tus 64 MiB chunks`, value: `${mbps(u64.mbps)} (${(u64.mbps / ddMbps).toFixed(2)}× dd)`, target: `≥ ${UPLOAD_TARGET_RATIO}× dd`, met: u64.mbps / ddMbps >= UPLOAD_TARGET_RATIO },
      { bench: 'files', metric: `upload ${UPLOAD_MB} MiB, tus 8 MiB chunks`, value: `${mbps(u8.mbps)} (${(u8.mbps / ddMbps).toFixed(2)}× dd)` },
      { bench: 'files', metric: 'dd bs=8M conv=fsync, same dir', value: mbps(ddMbps) },
      { bench: 'files', metric: 'server RSS peak during upload', value: `${mb(Math.max(u64.rss.peak, u8.rss.peak))} (+${(Math.max(u64.rss.peak - u64.rss.before, u8.rss.peak - u8.rss.before)).toFixed(1)} MB)` },
      { bench: 'files', metric: `download ${UPLOAD_MB} MiB`, value: mbps(dlMbps) },
      ...lat.map((l): Figure => ({ bench: 'files', metric: `${l.user} ${l.endpoint} p95`, value: ms(l.p95), target: `< ${LATENCY_TARGET_P95} ms`, met: l.p95 < LATENCY_TARGET_P95 })),
    );
    return figures;
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) printFigures(await run());
