// Form definitions through the API: sign-in on every endpoint, forms from each template published as is,
// drafts that only become a new version when published (old versions stay readable), and the problems —
// with JSON pointers — that stop a broken schema or flow from being published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition, FormVersionSummary, TemplateSummary } from '../../../server/modules/forms/forms.dto.js';
import type { FormSchema } from '../../../server/lib/form-schema.js';
import { expectProblem, makeApp, type TestApp } from '../../helpers/app.js';
import { createForm, draftOf, leaveSchool, publish, saveDraft, type LeaveSchool } from '../../helpers/forms.js';

const SOME_ID = '0000000000000000000000000a';

let t: TestApp;
let s: LeaveSchool;
beforeAll(async () => {
  t = await makeApp();
  s = await leaveSchool(t.app);
});
afterAll(() => t.close());

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('every forms endpoint requires authentication', () => {
  it.each([
    ['GET', '/api/forms'],
    ['GET', '/api/forms/templates'],
    ['GET', '/api/forms/manage'],
    ['GET', '/api/forms/stats'],
    ['POST', '/api/forms'],
    ['GET', `/api/forms/${SOME_ID}`],
    ['PUT', `/api/forms/${SOME_ID}`],
    ['POST', `/api/forms/${SOME_ID}/publish`],
    ['POST', `/api/forms/${SOME_ID}/archive`],
    ['POST', `/api/forms/${SOME_ID}/restore`],
    ['GET', `/api/forms/${SOME_ID}/versions`],
    ['GET', `/api/forms/${SOME_ID}/fill`],
    ['POST', `/api/forms/${SOME_ID}/route-preview`],
    ['GET', '/api/forms/calendar'],
    ['PUT', '/api/forms/calendar'],
  ] as const)('%s %s → 401', async (method, url) => {
    expectProblem(await t.app.inject({ method, url, payload: method === 'GET' ? undefined : {} }), 401, 'UNAUTHENTICATED');
  });
});

describe('templates', () => {
  it('lists the six templates in Chinese', async () => {
    const list = (await get('/api/forms/templates', s.teacher.cookie)).json() as TemplateSummary[];
    expect(list.map((x) => x.key)).toEqual(['leave', 'equipment', 'signup', 'seal', 'vehicle', 'circulation']);
    expect(list.map((x) => x.name)).toEqual(['请假申请', '设备领用', '活动报名', '用印申请', '用车申请', '公文流转']);
    expect(list.find((x) => x.key === 'leave')).toMatchObject({ category: '人事', icon: 'calendar' });
    for (const x of list) expect(x.description).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each(['leave', 'equipment', 'signup', 'seal', 'vehicle', 'circulation'] as const)('a form from %s publishes as it is', async (key) => {
    const def = await createForm(t.app, s.admin, key, `模板-${key}`);
    expect(def).toMatchObject({ name: `模板-${key}`, template: key, status: 'draft', publishedVersion: null, draftChanged: true, problems: [] });
    const published = await publish(t.app, s.admin, def.id);
    expect(published).toMatchObject({ status: 'published', publishedVersion: 1, draftChanged: false });
  });

  it('names the school’s own offices in the flow when they exist', async () => {
    const equipment = await createForm(t.app, s.admin, 'equipment');
    expect(equipment.flow.nodes[1]).toMatchObject({ name: '总务处审批', approvers: [{ kind: 'deptHead', departmentId: s.depts.logistics }] });
    const seal = await createForm(t.app, s.admin, 'seal');
    expect(seal.flow.nodes[1]).toMatchObject({ approvers: [{ kind: 'deptHead', departmentId: s.depts.office }] });
    const branch = seal.flow.nodes[2]!;
    expect(branch.type === 'branch' && branch.branches[0]!.nodes[0]).toMatchObject({ name: '财务室审批', approvers: [{ kind: 'deptHead', departmentId: s.depts.finance }] });
    const leave = await createForm(t.app, s.admin, 'leave');
    expect(leave.settings).toEqual({ summaryFields: ['leaveType', 'period'], allowBatch: false, archiveToDocuments: true });
    const signup = await createForm(t.app, s.admin, 'signup');
    expect(signup.flow.nodes).toEqual([]);
    expect(signup.settings).toMatchObject({ capacity: 50, onePerPerson: true });
  });

  it('a blank form cannot be published until it has a field', async () => {
    const blank = await createForm(t.app, s.admin, {}, '空白表');
    expect(blank.problems).toEqual([{ pointer: '/schema/sections/0/fields', code: 'noFields', message: 'A form needs at least one field to fill in' }]);
    const res = await t.app.inject({ method: 'POST', url: `/api/forms/${blank.id}/publish`, headers: { cookie: s.admin } });
    const body = expectProblem(res, 400, 'FORM_INVALID') as unknown as { errors: FormDefinition['problems'] };
    expect(body.errors).toEqual(blank.problems);
  });
});

describe('drafts and versions', () => {
  let form: FormDefinition;
  beforeAll(async () => {
    form = await publish(t.app, s.admin, (await createForm(t.app, s.admin, 'leave', '教师请假')).id);
  });

  it('an edit after publishing stays a draft until it is published as version 2; version 1 stays readable', async () => {
    const withExtra: FormSchema = structuredClone(form.schema);
    withExtra.sections[0]!.fields.push({ type: 'text', key: 'classes', label: '所带班级' });
    const edited = await saveDraft(t.app, s.admin, form, { schema: withExtra, description: '新的说明' });
    expect(edited).toMatchObject({ status: 'published', publishedVersion: 1, draftChanged: true, description: '新的说明' });

    // Submitters still get version 1
    const fill1 = (await get(`/api/forms/${form.id}/fill`, s.teacher.cookie)).json() as { version: number; schema: FormSchema };
    expect(fill1.version).toBe(1);
    expect(fill1.schema.sections[0]!.fields.map((f) => f.key)).not.toContain('classes');
    expect(((await get(`/api/forms/${form.id}/versions`, s.admin)).json() as FormVersionSummary[]).map((v) => v.version)).toEqual([1]);

    // A submission made with version 1 keeps it
    const db = t.app.services.db.sqlite;
    db.prepare(`INSERT INTO submissions (id, form_id, form_version, serial, initiator_id, title, answers, status, flow_state, created_at, updated_at)
      VALUES ('s0000000000000000000000001', ?, 1, '20260901-0001', ?, '李老师的请假', '{}', 'running', '{}', ?, ?)`).run(form.id, s.teacher.id, t.clock.now().toISOString(), t.clock.now().toISOString());

    const v2 = await publish(t.app, s.admin, form.id);
    expect(v2).toMatchObject({ publishedVersion: 2, draftChanged: false });
    const versions = (await get(`/api/forms/${form.id}/versions`, s.admin)).json() as FormVersionSummary[];
    expect(versions.map((v) => [v.version, v.submissionCount, v.publishedBy])).toEqual([[2, 0, '王校办'], [1, 1, '王校办']]);

    const fill2 = (await get(`/api/forms/${form.id}/fill`, s.teacher.cookie)).json() as { version: number; schema: FormSchema };
    expect(fill2.version).toBe(2);
    expect(fill2.schema.sections[0]!.fields.map((f) => f.key)).toContain('classes');
    const catalog = t.app.services.forms.definitions;
    expect(catalog.version(form.id, 1)!.schema.sections[0]!.fields.map((f) => f.key)).not.toContain('classes');
    expect(catalog.version(form.id, 2)!.schema.sections[0]!.fields.map((f) => f.key)).toContain('classes');

    const managed = (await get('/api/forms/manage', s.admin)).json() as { id: string; submissionCount: number; publishedVersion: number }[];
    expect(managed.find((m) => m.id === form.id)).toMatchObject({ submissionCount: 1, publishedVersion: 2 });
  });

  it('publishing is audited', () => {
    const entries = t.app.services.audit.list({ event: 'forms.form.published' }).items.filter((e) => e.targetId === form.id);
    expect(entries.map((e) => (e.details as { version: number }).version).sort()).toEqual([1, 2]);
  });

  it('hands out running serial numbers per form, dated by the submission time', () => {
    const catalog = t.app.services.forms.definitions;
    const other = catalog.nextSerial(form.id, new Date('2026-11-28T23:30:00Z'));
    const next = catalog.nextSerial(form.id, new Date('2026-11-29T01:00:00Z'));
    expect(other).toMatch(/^20261128-\d{4}$/);
    expect(Number(next.slice(-4))).toBe(Number(other.slice(-4)) + 1);
    expect(next.startsWith('20261129-')).toBe(true);
  });

  it('rejects admins and departments that do not exist, pointing at them', async () => {
    const res = await t.app.inject({
      method: 'PUT', url: `/api/forms/${form.id}`, headers: { cookie: s.admin },
      payload: { ...draftOf(form), adminIds: [s.teacher.id, SOME_ID], audience: { all: false, departmentIds: [SOME_ID] } },
    });
    const body = expectProblem(res, 400, 'FORM_REFERENCE_UNKNOWN') as unknown as { errors: FormDefinition['problems'] };
    expect(body.errors).toEqual([
      { pointer: '/adminIds/1', code: 'unknownPerson', message: `Unknown or inactive person ${SOME_ID}`, params: { id: SOME_ID } },
      { pointer: '/audience/departmentIds/0', code: 'unknownDepartment', message: `Unknown department ${SOME_ID}`, params: { id: SOME_ID } },
    ]);
  });

  it('keeps form admins and shows them by name', async () => {
    const saved = await saveDraft(t.app, s.admin, form, { adminIds: [s.teacher.id, s.teacher.id] });
    expect(saved.admins).toEqual([{ id: s.teacher.id, displayName: '李老师', departmentName: '高一年级组' }]);
  });
});

describe('problems that stop publishing', () => {
  it('reports a broken schema with pointers: duplicate key, logic on a later field, a bad pattern', async () => {
    const schema: FormSchema = {
      sections: [{
        key: 'main', title: '',
        fields: [
          { type: 'text', key: 'name', label: '姓名', visibleIf: { mode: 'all', rules: [{ field: 'phone', op: 'notEmpty' }] } },
          { type: 'text', key: 'name', label: '姓名2' },
          { type: 'text', key: 'phone', label: '电话', validation: { pattern: '([0-9' } },
        ],
      }],
    };
    const def = await createForm(t.app, s.admin, { schema }, '坏表单');
    const pointers = def.problems.map((p) => p.pointer);
    expect(def.problems).toEqual(expect.arrayContaining([
      { pointer: '/schema/sections/0/fields/1/key', code: 'duplicateFieldKey', message: 'Duplicate field key "name"', params: { key: 'name' } },
      { pointer: '/schema/sections/0/fields/0/visibleIf/rules/0/field', code: 'logicUsesLaterField', message: expect.stringContaining('"phone"'), params: { field: 'phone' } },
      { pointer: '/schema/sections/0/fields/2/validation/pattern', code: 'invalidPattern', message: 'Not a valid regular expression' },
    ]));
    const body = expectProblem(await t.app.inject({ method: 'POST', url: `/api/forms/${def.id}/publish`, headers: { cookie: s.admin } }), 400, 'FORM_INVALID') as unknown as { errors: FormDefinition['problems'] };
    expect(body.errors.map((e) => e.pointer).sort()).toEqual([...pointers].sort());
    expect(body.errors.map((e) => e.code).sort()).toEqual(def.problems.map((p) => p.code).sort());
    expect((await get(`/api/forms/${def.id}`, s.admin)).json()).toMatchObject({ status: 'draft', publishedVersion: null });
  });

  it('reports a broken flow: a field approver on a text field, an unknown person, bad branch rules', async () => {
    const schema: FormSchema = {
      sections: [{ key: 'main', title: '', fields: [{ type: 'text', key: 'topic', label: '事项' }, { type: 'person', key: 'who', label: '审批人' }] }],
    };
    const def = await createForm(t.app, s.admin, {
      schema,
      flow: {
        nodes: [
          { id: 'a', type: 'approve', name: '指定人', approvers: [{ kind: 'field', fieldKey: 'topic' }], mode: 'any' },
          { id: 'b', type: 'approve', name: '某人', approvers: [{ kind: 'field', fieldKey: 'who' }, { kind: 'person', userId: 'nobody' }], mode: 'all' },
          {
            id: 'c', type: 'branch', name: '分支',
            branches: [
              { name: '默认', when: null, nodes: [] },
              { name: '角色', when: { mode: 'any', rules: [{ field: '$initiator.role', op: 'in', value: ['principal', 'janitor'] }, { field: 'missing', op: 'eq', value: 'x' }] }, nodes: [{ id: 'a', type: 'cc', name: '抄送', recipients: [{ kind: 'deptHead', departmentId: SOME_ID }] }] },
            ],
          },
        ],
      },
    }, '坏流程');
    expect(def.problems.map((p) => p.pointer)).toEqual([
      '/flow/nodes/0/approvers/0',
      '/flow/nodes/1/approvers/1',
      '/flow/nodes/2/branches/0/when',
      '/flow/nodes/2/branches/1/when/rules/0/value',
      '/flow/nodes/2/branches/1/when/rules/1/field',
      '/flow/nodes/2/branches/1/nodes/0/id',
      '/flow/nodes/2/branches/1/nodes/0/recipients/0',
    ]);
    expect(def.problems.map((p) => [p.code, p.params ?? null])).toEqual([
      ['notPersonField', { field: 'topic' }],
      ['unknownPerson', { id: 'nobody' }],
      ['defaultBranchNotLast', null],
      ['unknownRole', { role: 'janitor' }],
      ['unknownField', { field: 'missing' }],
      ['duplicateStepId', { id: 'a' }],
      ['unknownDepartment', { id: SOME_ID }],
    ]);
    expect(def.problems[0]!.message).toContain('not a person field');
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/forms/${def.id}/publish`, headers: { cookie: s.admin } }), 400, 'FORM_INVALID');
  });

  it('accepts branches on the initiator’s department and role', async () => {
    const def = await createForm(t.app, s.admin, {
      schema: { sections: [{ key: 'main', title: '', fields: [{ type: 'number', key: 'n', label: '数量' }] }] },
      flow: {
        nodes: [{
          id: 'c', type: 'branch', name: '分支',
          branches: [
            { name: '年级组', when: { mode: 'all', rules: [{ field: '$initiator.department', op: 'in', value: [s.depts.grades] }, { field: 'n', op: 'gte', value: 3 }] }, nodes: [{ id: 'p', type: 'approve', name: '组长', approvers: [{ kind: 'person', userId: s.gradeHead.id }], mode: 'any' }] },
            { name: '领导', when: { mode: 'all', rules: [{ field: '$initiator.role', op: 'eq', value: 'principal' }] }, nodes: [] },
          ],
        }],
      },
    }, '分支表');
    expect(def.problems).toEqual([]);
  });

  it('rejects a draft that is not a form at all (schema validation)', async () => {
    const def = await createForm(t.app, s.admin, {}, '形状');
    const res = await t.app.inject({
      method: 'PUT', url: `/api/forms/${def.id}`, headers: { cookie: s.admin },
      payload: { ...draftOf(def), schema: { sections: [{ key: 'main', title: '', fields: [{ type: 'slider', key: 'x', label: 'X' }] }] } },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });
});
