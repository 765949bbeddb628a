// Timeouts driven by the 'forms.tick' job and a fake clock: a reminder after the step's timeout, then after
// twice as long the step goes to the late approver's supervisor; nothing happens before that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../../server/lib/clock.js';
import { drainJobs } from '../../helpers/files.js';
import { box, detail, makeSchool, pendingOf, publishForm, simpleSchema, submit, type School } from '../../helpers/forms-runtime.js';

let s: School;
let formId: string;

beforeAll(async () => {
  s = await makeSchool();
  formId = (await publishForm(s, {
    name: '调课申请', schema: simpleSchema,
    flow: { nodes: [{ id: 'head', type: 'approve', name: '年级审批', approvers: [{ kind: 'deptHead' }], mode: 'any', timeoutHours: 2 }] },
  })).id;
});
afterAll(() => s?.t.close());

const dueAt = (id: string) => (s.app.services.db.sqlite.prepare('SELECT due_at FROM submissions WHERE id = ?').get(id) as { due_at: string | null }).due_at;
const tickJobs = () => s.app.services.db.sqlite.prepare(`SELECT run_at FROM jobs WHERE kind = 'forms.tick' AND status = 'queued'`).all() as { run_at: string }[];
const inboxOf = async (cookie: string) =>
  ((await s.app.inject({ method: 'GET', url: '/api/inbox', headers: { cookie } })).json() as { items: { kind: string; urgency: string; link: string }[] }).items;

describe('timeouts', () => {
  it('reminds after the timeout, escalates to the supervisor after twice as long', async () => {
    const d = await submit(s, s.teacher, formId, { subject: '周三调课' });
    expect(pendingOf(d)).toEqual(['李明']);
    expect(dueAt(d.id)).toBe(new Date(Date.parse(d.createdAt) + 2 * HOUR).toISOString());
    // The tick job is always queued for the next minute boundary.
    const [queued] = tickJobs();
    expect(queued).toBeDefined();
    expect(Date.parse(queued!.run_at) % MINUTE).toBe(0);

    s.t.clock.advance(HOUR);
    await drainJobs(s.app);
    expect((await detail(s, s.teacher, d.id)).history.map((h) => h.type)).toEqual(['submitted']);

    s.t.clock.advance(HOUR + MINUTE);
    await drainJobs(s.app);
    const reminded = await detail(s, s.teacher, d.id);
    expect(reminded.history.map((h) => h.type)).toEqual(['submitted', 'reminded']);
    expect(pendingOf(reminded)).toEqual(['李明']);
    expect((await inboxOf(s.head.cookie)).find((i) => i.kind === 'approval.remind')).toMatchObject({ urgency: 'high', link: `/forms/s/${d.id}` });
    expect(dueAt(d.id)).toBe(new Date(Date.parse(d.createdAt) + 4 * HOUR).toISOString());
    expect(tickJobs()).toHaveLength(1);

    s.t.clock.advance(2 * HOUR);
    await drainJobs(s.app);
    const escalated = await detail(s, s.teacher, d.id);
    expect(escalated.history.map((h) => h.type)).toEqual(['submitted', 'reminded', 'escalated']);
    expect(escalated.history.at(-1)).toMatchObject({ target: { displayName: '赵副校长' }, onBehalfOf: null });
    expect(pendingOf(escalated)).toEqual(['赵副校长']);
    expect(dueAt(d.id)).toBeNull();
    expect((await box(s, s.vp, 'todo')).items.map((i) => i.id)).toEqual([d.id]);
    expect((await box(s, s.head, 'todo')).items).toEqual([]);
    expect((await inboxOf(s.vp.cookie)).find((i) => i.kind === 'approval.escalated')).toMatchObject({ urgency: 'high' });
    const audit = await s.app.inject({ method: 'GET', url: '/api/admin/audit?event=forms.approval.escalated', headers: { cookie: s.admin } });
    expect((audit.json() as { items: { targetId: string }[] }).items.map((i) => i.targetId)).toEqual([d.id]);

    // Nothing further is due: more ticks change nothing.
    s.t.clock.advance(10 * HOUR);
    await drainJobs(s.app);
    expect((await detail(s, s.teacher, d.id)).history).toHaveLength(3);
  });

  it('a decision before the timeout clears it', async () => {
    const d = await submit(s, s.teacher, formId, { subject: '周五调课' });
    expect(dueAt(d.id)).not.toBeNull();
    const res = await s.app.inject({ method: 'POST', url: `/api/submissions/${d.id}/actions`, headers: { cookie: s.head.cookie }, payload: { type: 'approve' } });
    expect(res.statusCode).toBe(200);
    expect(dueAt(d.id)).toBeNull();
    s.t.clock.advance(5 * HOUR);
    await drainJobs(s.app);
    expect((await detail(s, s.teacher, d.id)).history.map((h) => h.type)).toEqual(['submitted', 'approved', 'completed']);
  });
});
