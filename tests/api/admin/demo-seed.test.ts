// The demo school as XB_DEMO=1 seeds it: the six shipped forms published by their offices and sample
// submissions in several states, seen through the API by the demo accounts that take part.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { testConfig } from '../../../server/config/config.js';
import { FakeClock } from '../../../server/lib/clock.js';
import { DEMO_PASSWORD } from '../../../server/modules/admin/index.js';
import { demoSchool } from '../../../server/modules/admin/admin.demo-school.js';
import type { FormAdminSummary, FormSummary, SubmissionDetail, SubmissionPage, StatsFormSummary } from '../../../server/modules/forms/forms.dto.js';
import { loginCookie, makeApp, type TestApp } from '../../helpers/app.js';

const people = demoSchool().people;
const username = (displayName: string) => people.find((p) => p.displayName === displayName)!.username;

describe('demo school: forms and approvals', () => {
  let t: TestApp;
  const cookies = new Map<string, string>();
  /** Signs a demo person in by name (once per test file). */
  const as = async (displayName: string) => {
    if (!cookies.has(displayName)) cookies.set(displayName, await loginCookie(t.app, username(displayName), DEMO_PASSWORD));
    return cookies.get(displayName)!;
  };
  const get = async <T>(who: string, url: string): Promise<T> => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: await as(who) } });
    expect(res.statusCode, `${who} GET ${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };
  const box = (who: string, name: 'todo' | 'done' | 'mine' | 'cc') => get<SubmissionPage>(who, `/api/approvals?box=${name}`).then((p) => p.items);

  beforeAll(async () => {
    // 17:00 UTC on Tuesday is already Wednesday 2026-09-09 in Shanghai: sample dates count from the school's today.
    t = await makeApp({ config: { demo: true }, clock: new FakeClock(new Date('2026-09-08T17:00:00Z')) });
  });
  afterAll(() => t.close());

  it('publishes the six shipped templates, owned by the offices that run them', async () => {
    const managed = await get<FormAdminSummary[]>('系统管理员', '/api/forms/manage');
    const owners = Object.fromEntries(managed.map((f) => [f.name, [f.status, f.publishedVersion, f.ownerDepartmentName]]));
    expect(owners).toEqual({
      请假申请: ['published', 1, '综合办公室'],
      设备领用: ['published', 1, '总务处'],
      活动报名: ['published', 1, '工会'],
      用印申请: ['published', 1, '综合办公室'],
      用车申请: ['published', 1, '总务处'],
      公文流转: ['published', 1, '综合办公室'],
    });
    // A teacher can fill all six; the sign-up shows the six people already in.
    const catalogue = await get<FormSummary[]>('苏晓东', '/api/forms');
    expect(catalogue.map((f) => f.name).sort()).toEqual(['公文流转', '活动报名', '用印申请', '用车申请', '设备领用', '请假申请'].sort());
    expect(catalogue.find((f) => f.name === '活动报名')).toMatchObject({ hasApproval: false, capacity: 50, taken: 6 });
  });

  it('routes the office-owned steps to the real office heads', async () => {
    const seal = (await get<FormAdminSummary[]>('林晓燕', '/api/forms/manage')).find((f) => f.name === '用印申请')!;
    const preview = await t.app.inject({
      method: 'POST', url: `/api/forms/${seal.id}/route-preview`, headers: { cookie: await as('苏晓东') },
      payload: { answers: { sealType: '财务专用章' } },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const steps = (preview.json() as { steps: { name: string; people: { displayName: string }[] }[] }).steps;
    expect(steps.map((s) => [s.name, s.people.map((p) => p.displayName)])).toEqual([
      ['部门负责人审批', ['杜建华']],
      ['办公室主任审批', ['林晓燕']],
      ['财务室审批', ['董慧敏']],
    ]);
  });

  it('leaves two leave requests waiting for the 高一 grade head, with inbox notifications', async () => {
    expect(username('杜建华')).toBe('t2008029'); // the account the README and admin.demo-school.ts name
    const counts = await get<{ todo: number }>('杜建华', '/api/approvals/counts');
    expect(counts.todo).toBe(2);
    const todo = await box('杜建华', 'todo');
    expect(todo.map((i) => [i.formName, i.initiator.displayName, i.status, i.currentStepName]).sort()).toEqual([
      ['请假申请', '吕婷', 'running', '部门负责人审批'],
      ['请假申请', '苏晓东', 'running', '部门负责人审批'],
    ]);
    const inbox = await get<{ items: { kind: string; title: string }[] }>('杜建华', '/api/inbox');
    expect(inbox.items.filter((i) => i.kind === 'approval.pending').map((i) => i.title).sort()).toEqual(
      expect.arrayContaining([expect.stringContaining('苏晓东的请假申请'), expect.stringContaining('吕婷的请假申请')]),
    );
    const done = await box('杜建华', 'done');
    expect(done.map((i) => [i.initiator.displayName, i.status])).toEqual([['魏静', 'approved']]);
  });

  it('takes a 3-day sick leave through the grade head and a vice principal, with dates from the school clock', async () => {
    const [mine] = await box('夏天宇', 'mine');
    expect(mine).toMatchObject({ formName: '请假申请', status: 'approved' });
    const detail = await get<SubmissionDetail>('夏天宇', `/api/submissions/${mine!.id}`);
    // Today is Wednesday 2026-09-09 in the school: four working days back is Thursday 09-03, two is Monday 09-07.
    expect(detail.answers.period).toEqual({ start: '2026-09-03', end: '2026-09-07', days: 3 });
    expect(detail.history.filter((h) => h.type === 'approved').map((h) => [h.actor?.displayName, h.stepName])).toEqual([
      ['金晓峰', '部门负责人审批'],
      ['陈立新', '分管校领导审批'],
    ]);
    // The office was copied on the finished leave.
    expect((await box('林晓燕', 'cc')).map((i) => i.initiator.displayName)).toEqual(expect.arrayContaining(['夏天宇', '魏静']));
    // Once the job worker runs, the approved leave is filed as a PDF in the documents store (the form asks for it).
    expect(detail.archivedFileId).toBeNull();
    await t.app.services.jobs.drain();
    expect((await get<SubmissionDetail>('夏天宇', `/api/submissions/${mine!.id}`)).archivedFileId).toEqual(expect.any(String));
  }, 60_000); // the drain renders the PDFs of the demo's approved leave

  it('returns one leave for changes and keeps the equipment request waiting for 总务处', async () => {
    const returned = await box('龙俊峰', 'mine');
    expect(returned.map((i) => [i.formName, i.status])).toEqual([['请假申请', 'returned']]);
    expect((await get<{ returned: number }>('龙俊峰', '/api/approvals/counts')).returned).toBe(1);
    const detail = await get<SubmissionDetail>('龙俊峰', `/api/submissions/${returned[0]!.id}`);
    expect(detail.canResubmit).toBe(true);
    expect(detail.history.find((h) => h.type === 'returned')).toMatchObject({ actor: { displayName: '段红霞' }, comment: expect.stringContaining('代课老师') });

    const logistics = await box('胡国庆', 'todo');
    expect(logistics.map((i) => [i.formName, i.initiator.displayName, i.currentStepName, i.waitingFor])).toEqual([['设备领用', '廖明辉', '总务处审批', ['胡国庆']]]);
    expect((await box('胡国庆', 'done')).map((i) => [i.formName, i.status])).toEqual([['用车申请', 'approved']]);
  });

  it('gives the statistics something to count', async () => {
    const stats = await get<StatsFormSummary[]>('周振华', '/api/forms/stats');
    expect(Object.fromEntries(stats.map((f) => [f.name, f.submissionCount]))).toEqual({
      请假申请: 5, 设备领用: 1, 活动报名: 6, 用印申请: 0, 用车申请: 1, 公文流转: 0,
    });
  });
});

describe('demo school seeding', () => {
  it('seeds only into an empty box: a restart with XB_DEMO=1 adds nothing', async () => {
    const t = await makeApp({ config: { demo: true } });
    const count = (sql: string) => (t.app.services.db.sqlite.prepare(sql).get() as { n: number }).n;
    const counts = (c: (sql: string) => number) => ({
      forms: c('SELECT count(*) AS n FROM forms'), submissions: c('SELECT count(*) AS n FROM submissions'),
      notices: c('SELECT count(*) AS n FROM notices'), receipts: c('SELECT count(*) AS n FROM notice_recipients'),
      inbox: c('SELECT count(*) AS n FROM inbox_items'), attempts: c('SELECT count(*) AS n FROM delivery_attempts'),
    });
    const before = counts(count);
    expect(before).toMatchObject({ forms: 6, submissions: 13, notices: 8 });
    expect(before.receipts).toBeGreaterThan(400);
    await t.app.close();
    const again = await buildApp(testConfig({ dataDir: t.dir, demo: true }), { clock: t.clock, startJobs: false, logger: false });
    try {
      await again.ready();
      const c = (sql: string) => (again.services.db.sqlite.prepare(sql).get() as { n: number }).n;
      expect(counts(c)).toEqual(before);
    } finally {
      await again.close();
      // Removed through the thread pool, behind the upload store's own mkdir that the restart queued there
      // (@tus/file-store does not wait for it; a synchronous rm can pull the directory out from under it).
      await rm(t.dir, { recursive: true, force: true });
    }
  }, 60_000); // two full app starts, one with the whole demo seed (forms and notices)
});
