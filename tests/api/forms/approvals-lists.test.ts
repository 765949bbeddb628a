// The four boxes and their counts: newest first, keyset pages without gaps or repeats, filters by form and
// status, each submission once in 我已审批, unread copies, and the live 'approvals.changed' events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionDetail } from '../../../server/modules/forms/forms.dto.js';
import { expectProblem } from '../../helpers/app.js';
import { act, box, counts, detail, makeSchool, publishForm, simpleSchema, submit, type School } from '../../helpers/forms-runtime.js';

let s: School;
let leaveForm: string;
let buyForm: string;
const made: SubmissionDetail[] = [];

beforeAll(async () => {
  s = await makeSchool();
  const flow = { nodes: [
    { id: 'dean', type: 'approve' as const, name: '教务审批', approvers: [{ kind: 'person' as const, userId: s.dean1.id }], mode: 'any' as const },
    { id: 'cc', type: 'cc' as const, name: '抄送办公室', recipients: [{ kind: 'person' as const, userId: s.clerk.id }] },
  ] };
  leaveForm = (await publishForm(s, { name: '外出登记', schema: simpleSchema, flow })).id;
  buyForm = (await publishForm(s, { name: '采购申请', schema: simpleSchema, flow, settings: { summaryFields: ['amount', 'subject'] } })).id;
  for (let i = 0; i < 7; i++) {
    made.push(await submit(s, i % 2 ? s.outsider : s.teacher, i < 4 ? leaveForm : buyForm, { subject: `第${i}件`, amount: i * 10 }));
    s.t.clock.advance(1000);
  }
});
afterAll(() => s?.t.close());

const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);
const newestFirst = (list: SubmissionDetail[]) => [...list].reverse().map((d) => d.id);

describe('boxes', () => {
  it('todo pages newest first by cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await box(s, s.dean1, 'todo', { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(newestFirst(made));
    const first = (await box(s, s.dean1, 'todo', { limit: 1 })).items[0]!;
    expect(first).toMatchObject({ formName: '采购申请', title: '韩雪的采购申请', status: 'running', currentStepName: '教务审批', waitingFor: ['孙教务'], unread: false, batchable: false, summary: '60 · 第6件' });
    expect(first.initiator).toMatchObject({ displayName: '韩雪', departmentName: '初二年级组' });
    expect((await box(s, s.dean1, 'todo', { limit: 1 })).items[0]!.serial).toMatch(/^\d{8}-\d{4}$/);
  });

  it('filters by form and status', async () => {
    expect(ids(await box(s, s.dean1, 'todo', { formId: leaveForm }))).toEqual(newestFirst(made.slice(0, 4)));
    expect(ids(await box(s, s.teacher, 'mine', { formId: buyForm }))).toEqual(newestFirst(made.filter((d, i) => i >= 4 && i % 2 === 0)));
    expect(ids(await box(s, s.teacher, 'mine', { status: 'approved' }))).toEqual([]);
  });

  it('refuses a cursor that is not one', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/approvals?box=todo&cursor=%27%20OR%201%3D1', headers: { cookie: s.dean1.cookie } });
    expectProblem(res, 400, 'BAD_CURSOR');
    const badBox = await s.app.inject({ method: 'GET', url: '/api/approvals?box=everything', headers: { cookie: s.dean1.cookie } });
    expectProblem(badBox, 400, 'VALIDATION_FAILED');
  });

  it('done, mine, cc and the counts follow the decisions', async () => {
    expect(await counts(s, s.dean1)).toEqual({ todo: 7, mine: 0, returned: 0, ccUnread: 0 });
    expect(await counts(s, s.teacher)).toEqual({ todo: 0, mine: 4, returned: 0, ccUnread: 0 });
    expect(ids(await box(s, s.dean1, 'done'))).toEqual([]);

    await act(s, s.dean1, made[0]!.id, { type: 'approve' });
    await act(s, s.dean1, made[2]!.id, { type: 'return', to: 'initiator' });
    await act(s, s.dean1, made[5]!.id, { type: 'reject' });
    await act(s, s.dean1, made[6]!.id, { type: 'comment', comment: '看过了' });

    expect(ids(await box(s, s.dean1, 'done'))).toEqual([made[5]!.id, made[2]!.id, made[0]!.id]);
    expect(ids(await box(s, s.dean1, 'done', { status: 'returned' }))).toEqual([made[2]!.id]);
    expect(ids(await box(s, s.dean1, 'todo'))).toEqual([made[6]!.id, made[4]!.id, made[3]!.id, made[1]!.id]);
    expect(await counts(s, s.dean1)).toEqual({ todo: 4, mine: 0, returned: 0, ccUnread: 0 });
    expect(await counts(s, s.teacher)).toEqual({ todo: 0, mine: 2, returned: 1, ccUnread: 0 });
    expect(await counts(s, s.outsider)).toEqual({ todo: 0, mine: 2, returned: 0, ccUnread: 0 });

    const mine = await box(s, s.teacher, 'mine');
    expect(mine.items.map((i) => [i.id, i.status])).toEqual([
      [made[6]!.id, 'running'], [made[4]!.id, 'running'], [made[2]!.id, 'returned'], [made[0]!.id, 'approved'],
    ]);
    expect(mine.items[3]!.currentStepName).toBeNull();
    expect(mine.items[3]!.waitingFor).toEqual([]);

    expect(await counts(s, s.clerk)).toEqual({ todo: 0, mine: 0, returned: 0, ccUnread: 1 });
    await act(s, s.dean1, made[4]!.id, { type: 'approve' });
    const cc = await box(s, s.clerk, 'cc');
    expect(cc.items.map((i) => [i.id, i.unread])).toEqual([[made[4]!.id, true], [made[0]!.id, true]]);
    await detail(s, s.clerk, made[0]!.id);
    expect((await box(s, s.clerk, 'cc')).items.map((i) => i.unread)).toEqual([true, false]);
    expect(await counts(s, s.clerk)).toEqual({ todo: 0, mine: 0, returned: 0, ccUnread: 1 });
    // Others opening it do not mark the clerk's copy read.
    await detail(s, s.teacher, made[4]!.id);
    expect((await counts(s, s.clerk)).ccUnread).toBe(1);
  });

  it('tells everyone whose lists changed over the realtime hub', async () => {
    const d = await submit(s, s.teacher, leaveForm, { subject: '实时' });
    const events = () =>
      s.app.services.db.sqlite
        .prepare(`SELECT d.user_id AS userId FROM realtime_events e JOIN realtime_deliveries d ON d.event_id = e.id WHERE e.name = 'approvals.changed' AND e.payload LIKE ?`)
        .all(`%${d.id}%`)
        .map((r) => (r as { userId: string }).userId);
    expect(events().sort()).toEqual([s.teacher.id, s.dean1.id].sort());
    await act(s, s.dean1, d.id, { type: 'approve' });
    expect(events().filter((u) => u === s.clerk.id)).toHaveLength(1);
    expect(events().filter((u) => u === s.dean1.id)).toHaveLength(2);
  });
});
