// Forms and approvals at school scale, in process (the real app on a temp SQLite file, WAL + synchronous=FULL,
// jobs off, app.inject for HTTP — no network between client and server):
//  1. Seeds 300 staff in 10 departments (heads, a principal, two deans, an office clerk) and 10 published forms
//     with different flows, then XB_BENCH_SUBMISSIONS (default 50,000) submissions through the submissions
//     service, most of them decided further (approve / reject / return / comment) by their approvers — batched
//     500 submissions per transaction so seeding takes minutes, not hours (nested service transactions become
//     savepoints).
//  2. Throughput of submit + routing: through the service, one transaction (one fsync) per submission; and
//     through HTTP (POST /api/forms/:id/submissions), one at a time and 10 in flight.
//  3. Latency of GET /api/approvals for each box (todo and done of the principal, on most routes; mine of the busiest
//     submitter, cc of the office clerk) and GET /api/approvals/counts: XB_BENCH_SAMPLES sequential requests
//     after 20 discarded warm-up requests. Target: p95 < 50 ms.
// Run: node --import tsx tests/bench/forms.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp, type App } from '../../server/app.js';
import { testConfig } from '../../server/config/config.js';
import type { CurrentUser } from '../../server/core/request-context.js';
import { FakeClock, MINUTE } from '../../server/lib/clock.js';
import type { Flow, FormSchema } from '../../server/lib/form-schema.js';
import { argon2Hasher } from '../../server/modules/auth/index.js';
import type { FormSettings, SubmissionDetail } from '../../server/modules/forms/forms.dto.js';
import { isMain, ms, percentile, printFigures, printTable, type Figure } from './lib/harness.js';

const SUBMISSIONS = Number(process.env.XB_BENCH_SUBMISSIONS ?? 50_000);
const SAMPLES = Number(process.env.XB_BENCH_SAMPLES ?? 300);
const STAFF = 300;
const TARGET_P95 = 50;
const PASSWORD = 'Bench-forms-2026';
const BATCH = 500;

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '晓燕', '海燕', '志强', '红梅', '建华', '文博'];
const nameOf = (i: number) => SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!;

/** Deterministic pseudo-random numbers (the same school every run). */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const leaveSchema: FormSchema = {
  sections: [{
    key: 'main', title: '',
    fields: [
      { type: 'radio', key: 'kind', label: '类型', required: true, options: [{ value: 'personal', label: '事假' }, { value: 'sick', label: '病假' }] },
      { type: 'dateRange', key: 'period', label: '时间', required: true, unit: 'halfDay', skipWeekends: true, skipHolidays: true },
      { type: 'textarea', key: 'reason', label: '事由', required: true },
    ],
  }],
};
const generalSchema: FormSchema = {
  sections: [{
    key: 'main', title: '',
    fields: [
      { type: 'text', key: 'subject', label: '事由', required: true },
      { type: 'money', key: 'amount', label: '金额' },
      { type: 'select', key: 'category', label: '类别', options: [{ value: 'a', label: '教学' }, { value: 'b', label: '办公' }, { value: 'c', label: '后勤' }] },
    ],
  }],
};

interface People { boss: string; deans: [string, string]; clerk: string; heads: string[]; staff: string[] }

function formsOf(p: People): { name: string; schema: FormSchema; flow: Flow; settings?: FormSettings }[] {
  const deptHead = (id: string, timeoutHours?: number) => ({ id, type: 'approve' as const, name: '部门负责人审批', approvers: [{ kind: 'deptHead' as const }], mode: 'any' as const, ...(timeoutHours ? { timeoutHours } : {}) });
  const boss = (id: string) => ({ id, type: 'approve' as const, name: '校长审批', approvers: [{ kind: 'role' as const, role: 'principal' as const }], mode: 'any' as const });
  const deans = (id: string, mode: 'all' | 'any' | 'sequential') => ({ id, type: 'approve' as const, name: '教务处审批', approvers: p.deans.map((userId) => ({ kind: 'person' as const, userId })), mode });
  const cc = (id: string) => ({ id, type: 'cc' as const, name: '抄送办公室', recipients: [{ kind: 'person' as const, userId: p.clerk }] });
  const more = { mode: 'all' as const, rules: [{ field: 'period', op: 'gt' as const, value: 2 }] };
  return [
    { name: '请假申请', schema: leaveSchema, flow: { nodes: [deptHead('h', 24), { id: 'b', type: 'branch', name: '天数', branches: [{ name: '多', when: more, nodes: [boss('p')] }, { name: '少', when: null, nodes: [] }] }, cc('c')] } },
    { name: '报销申请', schema: generalSchema, flow: { nodes: [deptHead('h'), boss('p'), cc('c')] }, settings: { summaryFields: ['amount', 'subject'] } },
    { name: '用印申请', schema: generalSchema, flow: { nodes: [boss('p')] }, settings: { allowBatch: true } },
    { name: '用车申请', schema: generalSchema, flow: { nodes: [deptHead('h'), cc('c')] } },
    { name: '设备领用', schema: generalSchema, flow: { nodes: [deptHead('h'), deans('d', 'all'), boss('p')] } },
    { name: '调课申请', schema: generalSchema, flow: { nodes: [deans('d', 'any'), cc('c')] } },
    { name: '外出登记', schema: generalSchema, flow: { nodes: [deptHead('h')] } },
    { name: '培训申请', schema: generalSchema, flow: { nodes: [deptHead('h'), boss('p')] } },
    { name: '采购申请', schema: generalSchema, flow: { nodes: [deans('d', 'sequential'), boss('p')] }, settings: { allowBatch: true } },
    { name: '活动报名', schema: generalSchema, flow: { nodes: [] } },
  ];
}

async function setup(app: App): Promise<{ people: People; formIds: string[]; userOf: (id: string) => CurrentUser; adminCookie: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/setup', payload: { schoolName: '压测中学', timeZone: 'Asia/Shanghai', admin: { username: 'admin', password: PASSWORD, displayName: '王校办' } } });
  if (res.statusCode !== 201) throw new Error(`setup: ${res.body}`);
  const adminCookie = String(res.headers['set-cookie']).split(';')[0]!;
  const { org, forms } = app.services;
  const cache = new Map<string, CurrentUser>();
  const userOf = (id: string): CurrentUser => {
    let u = cache.get(id);
    if (!u) {
      const row = org.userRow(id)!;
      const roles = org.grants(id);
      const { permissions, scopedPermissions } = org.permissionsOf(roles);
      u = { id, username: row.username, displayName: row.displayName, departmentId: row.departmentId, locale: 'zh-CN', sessionId: 'bench', roles, permissions, scopedPermissions, mustChangePassword: false, mustEnrollTotp: false };
      cache.set(id, u);
    }
    return u;
  };
  const preset = { password: PASSWORD, hash: await argon2Hasher.hash(PASSWORD), mustChange: false };
  const add = async (i: number, extra: Record<string, unknown>) => (await org.createPerson({ username: `u${i}`, displayName: nameOf(i), ...extra } as never, null, preset)).person.id;
  const deptNames = ['办公室', '教务处', '初一年级组', '初二年级组', '初三年级组', '高一年级组', '高二年级组', '高三年级组', '总务处', '体育组'];
  const depts = deptNames.map((name) => org.createDepartment({ name }, null).id);
  const boss = await add(0, { roles: [{ role: 'principal' }] });
  const heads: string[] = [];
  for (const [i, d] of depts.entries()) {
    const id = await add(1 + i, { departmentId: d, supervisorId: boss, roles: [{ role: 'dept_head', departmentId: d }] });
    org.updateDepartment(d, { headId: id }, null);
    heads.push(id);
  }
  const deans: [string, string] = [await add(20, { departmentId: depts[1] }), await add(21, { departmentId: depts[1] })];
  const clerk = await add(22, { departmentId: depts[0] });
  const staff: string[] = [...deans, clerk];
  for (let i = 30; staff.length < STAFF - 1 - heads.length; i++) {
    const d = i % depts.length;
    staff.push(await add(i, { departmentId: depts[d], supervisorId: heads[d] }));
  }
  const people: People = { boss, deans, clerk, heads, staff };
  const admin = userOf(org.userByUsername('admin')!.id);
  const formIds = formsOf(people).map((f) => {
    const created = forms.definitions.create(admin, { name: f.name });
    forms.definitions.save(admin, created.id, {
      name: f.name, description: '', icon: 'form', category: '', ownerDepartmentId: null, audience: { all: true, departmentIds: [] }, adminIds: [],
      schema: f.schema, flow: f.flow, settings: f.settings ?? {},
    });
    forms.definitions.publish(admin, created.id);
    return created.id;
  });
  return { people, formIds, userOf, adminCookie };
}

function answersFor(formIndex: number, r: () => number): Record<string, unknown> {
  if (formIndex === 0) {
    const start = new Date(Date.UTC(2026, 8 + Math.floor(r() * 3), 1 + Math.floor(r() * 27)));
    const end = new Date(start.getTime() + Math.floor(r() * 5) * 86_400_000);
    return { kind: r() < 0.7 ? 'personal' : 'sick', period: { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) }, reason: '家中有事需要处理' };
  }
  return { subject: `第${Math.floor(r() * 1000)}号申请`, amount: Math.round(r() * 500000) / 100, category: ['a', 'b', 'c'][Math.floor(r() * 3)] };
}

const pending = (d: SubmissionDetail) => d.steps.flatMap((s) => s.tasks.filter((t) => t.status === 'pending').map((t) => t.person.id));

async function latency(app: App, cookie: string, url: string): Promise<{ p50: number; p95: number; p99: number; max: number; bytes: number }> {
  const once = async () => {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    const took = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return { took, bytes: res.rawPayload.length };
  };
  for (let i = 0; i < 20; i++) await once();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const r = await once();
    times.push(r.took);
    bytes = r.bytes;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times[times.length - 1]!, bytes };
}

async function login(app: App, username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xb-forms-bench-'));
  const clock = new FakeClock(new Date('2026-03-02T00:00:00Z'));
  const app = await buildApp(testConfig({ dataDir: dir, loginRatePerMinute: 100_000 }), { clock, startJobs: false, logger: false });
  try {
    await app.ready();
    const t0 = performance.now();
    const { people, formIds, userOf } = await setup(app);
    console.log(`forms bench: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}; ${STAFF} staff and ${formIds.length} forms in ${((performance.now() - t0) / 1000).toFixed(1)} s; data in ${dir}`);
    const { submissions } = app.services.forms;
    const sqlite = app.services.db.sqlite;
    const r = rng(20260302);
    const submitters = people.staff;
    // A few busy submitters, as in a real school (the leave form is the most used).
    const pickSubmitter = () => (r() < 0.1 ? submitters[3 + Math.floor(r() * 5)]! : submitters[Math.floor(r() * submitters.length)]!);
    const pickForm = () => (r() < 0.3 ? 0 : Math.floor(r() * formIds.length));

    function oneSubmission(): number {
      const f = pickForm();
      const who = userOf(pickSubmitter());
      let d = submissions.submit(who, formIds[f]!, { version: 1, answers: answersFor(f, r) });
      let ops = 1;
      for (let step = 0; step < 6 && d.status === 'running'; step++) {
        if (r() < (step === 0 ? 0.3 : 0.12)) break; // left waiting
        const approver = pending(d)[Math.floor(r() * pending(d).length)];
        if (!approver) break;
        const x = r();
        const type = x < 0.85 ? 'approve' : x < 0.93 ? 'reject' : x < 0.97 ? 'return' : 'comment';
        d = submissions.act(userOf(approver), d.id, type === 'return' ? { type, to: 'initiator' } : type === 'comment' ? { type, comment: '请补充说明' } : { type });
        ops++;
      }
      clock.advance(Math.floor(r() * 4) * MINUTE + 1000);
      return ops;
    }

    // 1. seed
    const seedStart = performance.now();
    let ops = 0;
    for (let done = 0; done < SUBMISSIONS; ) {
      const n = Math.min(BATCH, SUBMISSIONS - done);
      ops += sqlite.transaction(() => {
        let k = 0;
        for (let i = 0; i < n; i++) k += oneSubmission();
        return k;
      })();
      done += n;
      if (done % 10_000 === 0 || done === SUBMISSIONS) console.log(`  seeded ${done} submissions (${ops} service calls) in ${((performance.now() - seedStart) / 1000).toFixed(0)} s`);
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    sqlite.pragma('optimize');

    // Who to measure, picked from the seeded data: the principal (most flows end with them), the busiest
    // submitter and the busiest cc recipient.
    const busiest = (sql: string) => sqlite.prepare(sql).get() as { id: string; n: number };
    const approver = { id: people.boss, n: (sqlite.prepare(`SELECT count(*) AS n FROM approval_tasks WHERE user_id = ? AND status = 'pending'`).get(people.boss) as { n: number }).n };
    const decided = (sqlite.prepare(`SELECT count(DISTINCT submission_id) AS n FROM approval_tasks WHERE user_id = ? AND status IN ('approved','rejected','returned','transferred')`).get(approver.id) as { n: number }).n;
    const submitter = busiest('SELECT initiator_id AS id, count(*) AS n FROM submissions GROUP BY initiator_id ORDER BY n DESC LIMIT 1');
    const ccUser = busiest('SELECT user_id AS id, count(*) AS n FROM approval_cc GROUP BY user_id ORDER BY n DESC LIMIT 1');

    // 2. throughput of submit + routing (these go to other people than the ones measured below)
    const timed = 1000;
    let t = performance.now();
    for (let i = 0; i < timed; i++) {
      const f = 1 + (i % 8);
      submissions.submit(userOf(submitters[(i % (submitters.length - 1)) + 1]!), formIds[f === 2 || f === 4 || f === 8 ? 6 : f]!, { version: 1, answers: answersFor(f, r) });
    }
    const serviceRate = timed / ((performance.now() - t) / 1000);

    const teacherId = submitters.find((id) => id !== submitter.id)!;
    const teacherCookie = await login(app, app.services.org.userRow(teacherId)!.username);
    const post = (i: number) =>
      app.inject({ method: 'POST', url: `/api/forms/${formIds[1]}/submissions`, headers: { cookie: teacherCookie }, payload: { version: 1, answers: answersFor(1 + (i % 2), r) } });
    const httpCount = 500;
    t = performance.now();
    for (let i = 0; i < httpCount; i++) {
      const res = await post(i);
      if (res.statusCode !== 201) throw new Error(`POST: ${res.statusCode} ${res.body}`);
    }
    const httpRate = httpCount / ((performance.now() - t) / 1000);
    t = performance.now();
    for (let i = 0; i < httpCount; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, k) => post(i + k)));
      for (const res of batch) if (res.statusCode !== 201) throw new Error(`POST: ${res.statusCode} ${res.body}`);
    }
    const httpRate10 = httpCount / ((performance.now() - t) / 1000);

    // 3. latency of the boxes
    const total = (sqlite.prepare('SELECT count(*) AS n FROM submissions').get() as { n: number }).n;
    const name = (id: string) => app.services.org.userRow(id)!.username;
    const cookies = { approver: await login(app, name(approver.id)), submitter: await login(app, name(submitter.id)), cc: await login(app, name(ccUser.id)) };
    const secondPage = (await app.inject({ method: 'GET', url: '/api/approvals?box=todo&limit=30', headers: { cookie: cookies.approver } })).json() as { nextCursor: string };
    const runs: [string, string, string, number][] = [
      ['todo (principal)', cookies.approver, '/api/approvals?box=todo', approver.n],
      ['todo, page 2', cookies.approver, `/api/approvals?box=todo&cursor=${secondPage.nextCursor}`, approver.n],
      ['todo, one form', cookies.approver, `/api/approvals?box=todo&formId=${formIds[2]}`, approver.n],
      ['done (principal)', cookies.approver, '/api/approvals?box=done', decided],
      ['mine (busiest submitter)', cookies.submitter, '/api/approvals?box=mine', submitter.n],
      ['mine, status returned', cookies.submitter, '/api/approvals?box=mine&status=returned', submitter.n],
      ['cc (office clerk)', cookies.cc, '/api/approvals?box=cc', ccUser.n],
      ['counts (principal)', cookies.approver, '/api/approvals/counts', approver.n],
      ['counts (office clerk)', cookies.cc, '/api/approvals/counts', ccUser.n],
    ];
    const results: { title: string; rows: number; p50: number; p95: number; p99: number; max: number; bytes: number }[] = [];
    for (const [title, cookie, url, rows] of runs) results.push({ title, rows, ...(await latency(app, cookie, url)) });

    console.log(`\n${total} submissions (${SUBMISSIONS} seeded with ${ops} service calls in ${seedSeconds.toFixed(0)} s = ${(ops / seedSeconds).toFixed(0)} calls/s, ${BATCH} per transaction)`);
    printTable([
      ['submit + routing', 'submissions/s'],
      ['service, one transaction each (synchronous=FULL)', serviceRate.toFixed(0)],
      ['HTTP POST, one at a time', httpRate.toFixed(0)],
      ['HTTP POST, 10 in flight', httpRate10.toFixed(0)],
    ]);
    console.log();
    printTable([
      ['GET', 'rows behind it', 'p50', 'p95', 'p99', 'max', 'bytes'],
      ...results.map((x) => [x.title, String(x.rows), ms(x.p50), ms(x.p95), ms(x.p99), ms(x.max), String(x.bytes)]),
    ]);
    const worst = Math.max(...results.map((x) => x.p95));
    console.log(`\ntarget: GET /api/approvals p95 < ${TARGET_P95} ms at ${total} submissions → worst p95 ${ms(worst)} (${worst < TARGET_P95 ? 'met' : 'NOT met'})`);
    return [
      { bench: 'forms', metric: 'submit+routing via service (subm/s)', value: serviceRate.toFixed(0) },
      { bench: 'forms', metric: 'submit via HTTP inject (subm/s)', value: httpRate.toFixed(0) },
      { bench: 'forms', metric: 'submit via HTTP inject, 10 in flight (subm/s)', value: httpRate10.toFixed(0) },
      ...results.map((x) => ({ bench: 'forms', metric: `GET ${x.title} p95`, value: ms(x.p95), target: `< ${TARGET_P95} ms`, met: x.p95 < TARGET_P95 })),
    ];
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) printFigures(await run());
