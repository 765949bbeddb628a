// Fan-out of one urgent notice to 2,000 staff: the publish call (recipients resolved, 2,000 inbox items, the
// ladder planned for every person and channel, live events queued) and the time until every connected
// websocket client has the inbox event. Also prints how many attempts were planned per channel, and how long
// the dispatcher then needs to hand the first rung to the channels (recording adapters here: the channels'
// own throughput is measured by gateway-email.bench.ts).
// Target (issue 5): publish to 2,000 recipients < 2 s.
// Run: node --import tsx tests/bench/notices-fanout.bench.ts   (XB_BENCH_RECIPIENTS, XB_BENCH_SOCKETS)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { buildApp } from '../../server/app.js';
import { testConfig } from '../../server/config/config.js';
import type { CurrentUser } from '../../server/core/request-context.js';
import { argon2Hasher } from '../../server/modules/auth/index.js';
import type { Channel, ChannelName, OutboundMessage } from '../../server/modules/gateway/index.js';
import { isMain, printFigures, type Figure } from './lib/harness.js';

const RECIPIENTS = Number(process.env.XB_BENCH_RECIPIENTS ?? 2000);
const SOCKETS = Number(process.env.XB_BENCH_SOCKETS ?? 300);
const TARGET_MS = 2000;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';
const nameOf = (i: number) => SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]! + GIVEN[Math.floor(i / 400) % GIVEN.length]!;

/** Counts what the dispatcher hands over; reachability as a school would have it. */
class Counting implements Channel {
  sent = 0;
  concurrency = 16;
  constructor(
    readonly name: ChannelName,
    private readonly reach: (i: number) => boolean,
    private readonly index: Map<string, number>,
  ) {}
  enabled = () => true;
  reachable = (ids: string[]) => new Set(ids.filter((id) => this.reach(this.index.get(id) ?? -1)));
  async send(_m: OutboundMessage) {
    this.sent++;
    return { status: 'sent' as const };
  }
}

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xb-notices-bench-'));
  const app = await buildApp(testConfig({ dataDir: dir, loginRatePerMinute: 100_000 }), { startJobs: false, logger: false });
  const figures: Figure[] = [];
  const sockets: WebSocket[] = [];
  try {
    await app.ready();
    const { org, auth, notices, gateway, gatewayConfig } = app.services;
    const password = 'Bench-2026-pass';
    const preset = { password, hash: await argon2Hasher.hash(password), mustChange: false };
    const t0 = performance.now();
    const dept = org.createDepartment({ name: '全体教职工' }, null).id;
    const boss = (await org.createPerson({ username: 'boss', displayName: '校长', departmentId: dept, roles: [{ role: 'principal' }] } as never, null, preset)).person.id;
    const ids: string[] = [];
    for (let i = 0; i < RECIPIENTS; i++) {
      ids.push((await org.createPerson({ username: `t${String(i).padStart(4, '0')}`, displayName: nameOf(i), departmentId: dept } as never, null, preset)).person.id);
    }
    const index = new Map(ids.map((id, i) => [id, i]));
    // Most staff have push on a phone, nearly all an email address, everyone a mobile number.
    gateway.registerChannel(new Counting('webpush', (i) => i % 10 < 7, index));
    gateway.registerChannel(new Counting('email', (i) => i % 20 !== 0, index));
    gateway.registerChannel(new Counting('sms', (i) => i >= 0, index));
    gatewayConfig.update({ ...gatewayConfig.get(), rates: { smsPerMinute: 6, emailPerMinute: 6000, pushPerMinute: 60000 } }, null);
    console.log(`notices fan-out bench: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}; ${RECIPIENTS} staff in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Some staff have the app open: real websockets to the listening server.
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const waiting = new Map<number, () => void>();
    const got: Promise<void>[] = [];
    for (let i = 0; i < Math.min(SOCKETS, RECIPIENTS); i++) {
      const token = auth.startSession(ids[i]!, { ip: '127.0.0.1' }).token;
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { cookie: `xb_session=${token}`, origin: `http://127.0.0.1:${port}` }, perMessageDeflate: false });
      await new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        ws.on('open', () => ws.send('{"type":"hello","lastSeq":null}'));
        ws.on('message', (raw) => {
          const msg = JSON.parse(String(raw)) as { type: string; name?: string; data?: { item?: { kind: string } } };
          if (msg.type === 'welcome') resolve();
          if (msg.name === 'inbox.created' && msg.data?.item?.kind === 'notice.published') waiting.get(i)?.();
        });
      });
      got.push(new Promise<void>((r) => waiting.set(i, r)));
      sockets.push(ws);
    }

    const person = org.userRow(boss)!;
    const roles = org.grants(boss);
    const { permissions, scopedPermissions } = org.permissionsOf(roles);
    const user: CurrentUser = { id: boss, username: 'boss', displayName: person.displayName, departmentId: dept, locale: 'zh-CN', sessionId: 'bench', roles, permissions, scopedPermissions, mustChangePassword: false, mustEnrollTotp: false };
    const draft = notices.notices.create(user, {
      title: '关于期末考试周安排的紧急通知', bodyHtml: '<p>请全体教职工于今日下班前确认。</p>', category: 'teaching', urgency: 'urgent', confirmMode: 'click', pinned: true,
      audience: { all: false, departmentIds: [dept], roles: [], userIds: [] }, attachmentIds: [], expiresAt: null,
    });

    // The welcome messages of 2,000 new accounts are not part of this measurement.
    app.services.db.sqlite.prepare('DELETE FROM delivery_attempts').run();
    const start = performance.now();
    notices.notices.publish(user, draft.id, {}, '127.0.0.1');
    const publishMs = performance.now() - start;
    await Promise.all(got);
    const liveMs = performance.now() - start;
    const sqlite = app.services.db.sqlite;
    const planned = sqlite.prepare(`SELECT channel, step, status, count(*) AS n FROM delivery_attempts GROUP BY channel, step, status ORDER BY step, channel, status`).all() as { channel: string; step: number; status: string; n: number }[];
    const inboxRows = (sqlite.prepare(`SELECT count(*) AS n FROM inbox_items WHERE kind = 'notice.published'`).get() as { n: number }).n;
    const d0 = performance.now();
    await gateway.dispatcher.drain();
    const drainMs = performance.now() - d0;

    console.log(`\npublish to ${RECIPIENTS}: ${publishMs.toFixed(0)} ms (inbox items ${inboxRows}); all ${sockets.length} open apps had it after ${liveMs.toFixed(0)} ms`);
    console.log('attempts planned:');
    for (const p of planned) console.log(`  rung ${p.step} ${p.channel.padEnd(8)} ${p.status.padEnd(9)} ${p.n}`);
    console.log(`first rung handed to the channels (push + email, ${planned.filter((p) => p.step === 0 && p.status === 'pending').reduce((a, p) => a + p.n, 0)} attempts) in ${drainMs.toFixed(0)} ms`);
    figures.push(
      { bench: 'notices', metric: `publish an urgent notice to ${RECIPIENTS} (inbox + ladder + live)`, value: `${publishMs.toFixed(0)} ms`, target: `< ${TARGET_MS} ms`, met: publishMs < TARGET_MS },
      { bench: 'notices', metric: `… until ${sockets.length} open apps received it`, value: `${liveMs.toFixed(0)} ms` },
      { bench: 'notices', metric: 'first rung (push + email) handed to channels', value: `${drainMs.toFixed(0)} ms` },
    );
  } finally {
    for (const ws of sockets) ws.terminate();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (isMain(import.meta.url)) printFigures(await run());
