// Email throughput of the delivery ladder against a local SMTP server (smtp-server in its own process, like a
// relay on the LAN), in process for the gateway (the real app on a temp SQLite file, WAL + synchronous=FULL):
//  1. Seeds XB_BENCH_EMAILS (default 1,000) staff with email addresses, switches SMTP on with emailPerMinute
//     at its maximum, delivers one important notice to all of them (inbox rows + ladder planned in one
//     transaction) and drains the dispatcher: mails/s end to end, and the rate the SMTP server received them.
//     Every recipient must get exactly one mail.
//  2. The same with the dispatcher's own loop (start(), as in production) for XB_BENCH_EMAILS_LOOP (default
//     100) people: what a real blast gets between ticks.
// Run: node --import tsx tests/bench/gateway-email.bench.ts
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { buildApp, type App } from '../../server/app.js';
import { testConfig } from '../../server/config/config.js';
import { FakeClock } from '../../server/lib/clock.js';
import { argon2Hasher } from '../../server/modules/auth/index.js';
import type { GatewayConfigView } from '../../server/modules/gateway/gateway.dto.js';
import { childExecArgv, isMain, printFigures, printTable, type Figure } from './lib/harness.js';

const N = Number(process.env.XB_BENCH_EMAILS ?? 1000);
const N_LOOP = Number(process.env.XB_BENCH_EMAILS_LOOP ?? 100);
const PASSWORD = 'Bench-email-2026';
/** 10:00 in Shanghai: outside everyone's default quiet hours, so the important notice mails at once. */
const MORNING = new Date('2026-09-01T02:00:00Z');
const here = path.dirname(fileURLToPath(import.meta.url));

interface SinkStats { count: number; distinctRecipients: number; duplicates: number; bytes: number; firstAt: number | null; lastAt: number | null }

async function startSink() {
  const child = fork(path.join(here, 'lib', 'smtp-sink.child.ts'), [], { execArgv: childExecArgv(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(cmd: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { cmd: string }) => {
        if (m.cmd !== cmd) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as T);
      };
      const onExit = (code: number | null) => reject(new Error(`SMTP sink exited (code ${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { port } = await next<{ port: number }>('ready');
  return {
    port,
    stats: () => {
      const p = next<SinkStats>('stats');
      child.send({ cmd: 'stats' });
      return p;
    },
    stop: () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ cmd: 'stop' });
      return exited;
    },
  };
}

const epochNow = () => performance.timeOrigin + performance.now();

async function seed(app: App, count: number, from: number): Promise<string[]> {
  const preset = { password: PASSWORD, hash: await argon2Hasher.hash(PASSWORD), mustChange: false };
  const surnames = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢'];
  const given = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '晓燕', '海燕', '志强', '红梅', '建华', '文博'];
  const ids: string[] = [];
  for (let i = from; i < from + count; i++) {
    const displayName = surnames[i % surnames.length]! + given[Math.floor(i / surnames.length) % given.length]!;
    const { person } = await app.services.org.createPerson({ username: `m${i}`, displayName, email: `m${i}@bench.school` }, null, preset);
    ids.push(person.id);
  }
  return ids;
}

const notice = (n: number) => ({
  kind: 'notice.published', category: 'notice.teaching' as const, urgency: 'high' as const, link: `/notices/B${n}`,
  title: { 'zh-CN': `关于期末考试安排的通知（${n}）`, en: `Exam week arrangements (${n})` },
  body: { 'zh-CN': '请各年级组长于周五前提交监考安排，监考教师名单见附件。', en: 'Heads of year: send the invigilation plan by Friday.' },
});

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xb-bench-email-'));
  const sink = await startSink();
  const clock = new FakeClock(MORNING);
  const app = await buildApp(testConfig({ dataDir: dir, publicUrl: 'https://xiaoban.bench.lan' }), { clock, startJobs: false, logger: false });
  try {
    await app.ready();
    const setup = await app.inject({ method: 'POST', url: '/api/setup', payload: { schoolName: '压测中学', timeZone: 'Asia/Shanghai', admin: { username: 'admin', password: PASSWORD, displayName: '王校办' } } });
    if (setup.statusCode !== 201) throw new Error(`setup: ${setup.body}`);
    const cookie = String(setup.headers['set-cookie']).split(';')[0]!;
    let t = performance.now();
    const ids = await seed(app, N, 0);
    const loopIds = await seed(app, N_LOOP, N);
    console.log(`seeded ${N + N_LOOP} people with email addresses in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // SMTP on (after seeding, so welcome messages are not mailed), at the highest rate the admin may set.
    const view = (await app.inject({ method: 'GET', url: '/api/admin/gateway', headers: { cookie } })).json() as GatewayConfigView;
    const put = await app.inject({
      method: 'PUT', url: '/api/admin/gateway', headers: { cookie },
      payload: {
        ...view.config,
        smtp: { ...view.config.smtp, enabled: true, host: '127.0.0.1', port: sink.port, security: 'none', user: '', fromName: '压测中学校办', fromAddress: 'office@bench.school', allowSelfSigned: false },
        rates: { ...view.config.rates, emailPerMinute: 6000 },
      },
    });
    if (put.statusCode !== 200) throw new Error(`PUT /api/admin/gateway: ${put.body}`);
    const { gateway } = app.services;
    const sqlite = app.services.db.sqlite;
    const sentCount = () => (sqlite.prepare(`SELECT count(*) AS n FROM delivery_attempts WHERE channel = 'email' AND status = 'sent'`).get() as { n: number }).n;

    // 1. deliver + drain
    const start = epochNow();
    t = performance.now();
    gateway.deliver(ids, notice(1));
    const deliverMs = performance.now() - t;
    t = performance.now();
    const drained = await gateway.dispatcher.drain();
    const drainS = (performance.now() - t) / 1000;
    const endToEndS = (epochNow() - start) / 1000;
    const s1 = await sink.stats();
    if (drained !== N || s1.count !== N || s1.distinctRecipients !== N || s1.duplicates || sentCount() !== N) {
      throw new Error(`expected ${N} mails, one each: drained ${drained}, received ${s1.count} (${s1.distinctRecipients} recipients, ${s1.duplicates} duplicated), ${sentCount()} recorded sent`);
    }
    const smtpRate = s1.count > 1 ? (s1.count - 1) / ((s1.lastAt! - s1.firstAt!) / 1000) : NaN;
    const endToEnd = N / endToEndS;

    // 2. the production loop: start(), the dispatcher's own ticks
    const before = sentCount();
    await gateway.start();
    const loopStart = epochNow();
    gateway.deliver(loopIds, notice(2));
    while (sentCount() - before < N_LOOP) await new Promise((r) => setTimeout(r, 20));
    const loopS = (epochNow() - loopStart) / 1000;
    await gateway.stop();
    const s2 = await sink.stats();
    if (s2.count !== N_LOOP || s2.duplicates) throw new Error(`loop: expected ${N_LOOP} mails, got ${s2.count} (${s2.duplicates} duplicated)`);
    const loopRate = N_LOOP / loopS;

    console.log();
    printTable([
      ['email blast', 'value'],
      [`deliver() to ${N} (inbox rows + ladder, one transaction)`, `${deliverMs.toFixed(0)} ms`],
      [`drain: ${N} mails through SMTP`, `${drainS.toFixed(2)} s`],
      ['end to end (deliver → last mail accepted)', `${endToEnd.toFixed(0)} mails/s`],
      ['SMTP server receive rate (first → last mail)', `${smtpRate.toFixed(0)} mails/s`],
      ['mail size (average)', `${(s1.bytes / s1.count / 1024).toFixed(1)} KiB`],
      [`dispatcher loop (start(), ${N_LOOP} mails)`, `${loopRate.toFixed(1)} mails/s (${loopS.toFixed(1)} s)`],
    ]);
    return [
      { bench: 'gateway-email', metric: `deliver() to ${N} people`, value: `${deliverMs.toFixed(0)} ms` },
      { bench: 'gateway-email', metric: `mails/s end to end (${N}, drain)`, value: endToEnd.toFixed(0) },
      { bench: 'gateway-email', metric: 'SMTP server receive rate (mails/s)', value: smtpRate.toFixed(0) },
      { bench: 'gateway-email', metric: `mails/s with the dispatcher loop (${N_LOOP})`, value: loopRate.toFixed(1) },
    ];
  } finally {
    await app.close();
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) printFigures(await run());
