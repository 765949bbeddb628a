// Bench server process: the real app (demo school, temp SQLite, argon2, jobs on) listening on 127.0.0.1,
// in its own process so its event loop and CPU are measured apart from the load generator.
// Started and driven over IPC by harness.ts (startBenchServer); never run by hand.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { buildApp } from '../../../server/app.js';
import { testConfig } from '../../../server/config/config.js';
import { argon2Hasher } from '../../../server/modules/auth/index.js';
import { newId } from '../../../server/lib/ids.js';
import type { Outcome, Request } from './harness.js';
import { seedFiles, type FilesSeedOptions } from './files-seed.js';

// Bench users get plausible Chinese names: surname + given name (display names need not be unique).
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '晓燕', '海燕', '志强', '红梅', '建华', '文博'];
const nameOf = (i: number) => SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!;
const now = () => performance.timeOrigin + performance.now(); // epoch ms, sub-ms resolution

// XB_BENCH_DATA_PARENT (set by startBenchServer's dataParent): where the temp data dir goes; default os.tmpdir().
const dir = mkdtempSync(path.join(process.env.XB_BENCH_DATA_PARENT || tmpdir(), 'xb-bench-'));
const loginRatePerMinute = Number(process.env.XB_BENCH_LOGIN_RATE ?? 100_000);
const app = await buildApp(testConfig({ dataDir: dir, demo: true, loginRatePerMinute }), { logger: false }).catch((err: unknown) => {
  rmSync(dir, { recursive: true, force: true });
  throw err;
});
await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = app.server.address() as AddressInfo;

// Resource use since the previous `stats` call.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
let mark = { cpu: process.cpuUsage(), wall: performance.now(), elu: performance.eventLoopUtilization() };

function stats() {
  const cpu = process.cpuUsage(mark.cpu);
  const wallMs = performance.now() - mark.wall;
  const elu = performance.eventLoopUtilization(mark.elu);
  const mem = process.memoryUsage();
  const out = {
    rssMB: mem.rss / 2 ** 20,
    heapUsedMB: mem.heapUsed / 2 ** 20,
    cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    eventLoopUtilization: elu.utilization,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
    hub: app.services.hub.stats(),
  };
  loopDelay.reset();
  mark = { cpu: process.cpuUsage(), wall: performance.now(), elu: performance.eventLoopUtilization() };
  return out;
}

const handlers: Record<string, (args: never) => unknown> = {
  stats,
  /** Memory only (does not reset the stats window): RSS sampling during long transfers. */
  memory() {
    const mem = process.memoryUsage();
    return { rssMB: mem.rss / 2 ** 20, heapUsedMB: mem.heapUsed / 2 ** 20, externalMB: mem.external / 2 ** 20, arrayBuffersMB: mem.arrayBuffers / 2 ** 20 };
  },
  /** Seeds a large documents store straight into SQLite (files.bench.ts). */
  seedFiles: (opts: FilesSeedOptions) => seedFiles(app, opts),
  /** Creates `count` active staff sharing one precomputed argon2 hash, each with one session. */
  async users({ count }: { count: number }) {
    const { org, auth } = app.services;
    const password = 'Bench-pass-2026';
    const preset = { password, hash: await argon2Hasher.hash(password), mustChange: false };
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) {
      const username = `bench${String(i).padStart(5, '0')}`;
      const { person } = await org.createPerson({ username, displayName: nameOf(i) }, null, preset);
      tokens.push(auth.startSession(person.id, { ip: '127.0.0.1' }).token);
    }
    return { tokens, password };
  },
  /**
   * Meetings load bench: `count` staff (the first hosts) and one meeting starting now that invites them all,
   * written straight into the 0011 tables. Returns this process's pid: Janus runs as its child.
   */
  async meeting({ count }: { count: number }) {
    const { org, db } = app.services;
    const password = 'Bench-pass-2026';
    const preset = { password, hash: await argon2Hasher.hash(password), mustChange: false };
    const usernames: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const username = `mtg${String(i).padStart(4, '0')}`;
      const { person } = await org.createPerson({ username, displayName: nameOf(i) }, null, preset);
      usernames.push(username);
      ids.push(person.id);
    }
    const meetingId = newId();
    const at = new Date().toISOString();
    const sqlite = db.sqlite;
    sqlite.transaction(() => {
      sqlite.prepare(`INSERT INTO meetings (id, title, kind, starts_at, duration_min, host_id, room_no, created_at, updated_at)
        VALUES (?, '期末复习公开课（压测）', 'scheduled', ?, 120, ?, ?, ?, ?)`).run(meetingId, at, ids[0], 900_000 + (Date.now() % 99_999), at, at);
      const member = sqlite.prepare(`INSERT INTO meeting_members (meeting_id, user_id, role) VALUES (?, ?, ?)`);
      const invitee = sqlite.prepare(`INSERT INTO meeting_invitees (meeting_id, kind, ref_id) VALUES (?, 'user', ?)`);
      ids.forEach((id, i) => (member.run(meetingId, id, i === 0 ? 'host' : 'attendee'), invitee.run(meetingId, id)));
    })();
    return { meetingId, usernames, password, pid: process.pid };
  },
  /** Publishes one event to topic 'all'; data.t is the send time (epoch ms) taken just before publish(). */
  publish({ name, i }: { name: string; i: number }) {
    const t = now();
    const recipients = app.services.hub.publish({ topic: 'all', name, data: { i, t } });
    return { t, recipients, publishMs: now() - t };
  },
};

process.on('message', (msg: Request) => {
  const reply = (r: Outcome, after?: () => void) => process.send!({ id: msg.id, ...r }, undefined, undefined, after);
  if (msg.cmd === 'stop') {
    void app.close().then(() => {
      rmSync(dir, { recursive: true, force: true });
      reply({ ok: true, result: null }, () => process.exit(0));
    });
    return;
  }
  const handler = handlers[msg.cmd];
  if (!handler) return reply({ ok: false, error: `unknown command ${msg.cmd}` });
  Promise.resolve()
    .then(() => handler(msg.args as never))
    .then((result) => reply({ ok: true, result }), (err: unknown) => reply({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) }));
});
process.on('disconnect', () => {
  // The parent died: do not linger.
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});

process.send!({ id: 0, ok: true, result: { port, dir, people: app.services.org.activeUserIds().length, rssMB: process.memoryUsage().rss / 2 ** 20 } });
