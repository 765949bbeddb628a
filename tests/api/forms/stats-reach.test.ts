// GET /api/forms/stats — the forms whose statistics a person may open, so everyone allowed can find the
// statistics page: school leaders (forms.stats) every form, a department head their department's forms, a
// form's own admins that form (without managing it), everyone else nothing. The list and the statistics route
// ask the same checkpoint, so every listed form opens and every other published one is the usual 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition, StatsFormSummary } from '../../../server/modules/forms/forms.dto.js';
import { expectProblem, makeApp, type TestApp } from '../../helpers/app.js';
import { createForm, createPublished, leaveSchool, saveDraft, type LeaveSchool } from '../../helpers/forms.js';

let t: TestApp;
let s: LeaveSchool;
let school: FormDefinition;
let grade: FormDefinition;
let archived: FormDefinition;
let office: FormDefinition;
let draft: FormDefinition;
let published: FormDefinition[];

const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
async function listed(cookie: string): Promise<StatsFormSummary[]> {
  const res = await get('/api/forms/stats', cookie);
  expect(res.statusCode).toBe(200);
  return res.json() as StatsFormSummary[];
}
const ids = async (cookie: string) => (await listed(cookie)).map((f) => f.id);

/** The list and the statistics route agree: listed forms open, the other published forms are a 404. */
async function expectConsistent(cookie: string): Promise<void> {
  const mine = new Set(await ids(cookie));
  for (const form of published) {
    const res = await get(`/api/forms/${form.id}/stats`, cookie);
    if (mine.has(form.id)) expect(res.statusCode, form.name).toBe(200);
    else expectProblem(res, 404, 'FORM_NOT_FOUND');
  }
}

beforeAll(async () => {
  t = await makeApp();
  s = await leaveSchool(t.app);
  school = await createPublished(t.app, s.admin, 'vehicle', '全校用车');
  grade = await createPublished(t.app, s.gradeHead.cookie, 'signup', '高一拔河赛报名');
  office = await createPublished(t.app, s.officeAdmin.cookie, { template: 'seal', ownerDepartmentId: s.depts.office }, '办公室用印');
  archived = await createPublished(t.app, s.admin, 'equipment', '旧设备领用');
  archived = (await t.app.inject({ method: 'POST', url: `/api/forms/${archived.id}/archive`, headers: { cookie: s.admin } })).json() as FormDefinition;
  draft = await createForm(t.app, s.admin, 'leave', '请假（未发布）');
  published = [school, grade, office, archived];
});
afterAll(() => t.close());

describe('GET /api/forms/stats', () => {
  it('requires authentication', async () => {
    expectProblem(await get('/api/forms/stats'), 401, 'UNAUTHENTICATED');
  });

  it('gives school leaders (forms.stats, no forms.manage) every published form, archived ones last, never drafts', async () => {
    const list = await listed(s.vicePrincipal.cookie);
    expect(list.map((f) => f.id).sort()).toEqual(published.map((f) => f.id).sort());
    expect(list.at(-1)!.id).toBe(archived.id);
    expect(list.map((f) => f.id)).not.toContain(draft.id);
    expect(list.find((f) => f.id === office.id)).toEqual({
      id: office.id, name: '办公室用印', icon: office.icon, category: office.category, status: 'published', publishedVersion: 1,
      ownerDepartmentName: '综合办公室', submissionCount: 0,
    });
    expect(list.find((f) => f.id === archived.id)).toMatchObject({ status: 'archived', publishedVersion: 1, ownerDepartmentName: null });
    // …although the builder stays closed to them
    expectProblem(await get(`/api/forms/${school.id}`, s.vicePrincipal.cookie), 404, 'FORM_NOT_FOUND');
    await expectConsistent(s.vicePrincipal.cookie);
  });

  it('gives school-wide managers every published form too', async () => {
    expect((await ids(s.officeAdmin.cookie)).sort()).toEqual(published.map((f) => f.id).sort());
    await expectConsistent(s.officeAdmin.cookie);
  });

  it('gives a department head only their own department’s forms', async () => {
    expect(await ids(s.gradeHead.cookie)).toEqual([grade.id]);
    await expectConsistent(s.gradeHead.cookie);
  });

  it('gives staff nothing until a form names them as an admin, then that form alone (stats, not the builder)', async () => {
    expect(await ids(s.teacher.cookie)).toEqual([]);
    await expectConsistent(s.teacher.cookie);

    const current = (await get(`/api/forms/${office.id}`, s.officeAdmin.cookie)).json() as FormDefinition;
    await saveDraft(t.app, s.officeAdmin.cookie, current, { adminIds: [s.teacher.id] });
    expect(await ids(s.teacher.cookie)).toEqual([office.id]);
    await expectConsistent(s.teacher.cookie);
    expectProblem(await get(`/api/forms/${office.id}`, s.teacher.cookie), 404, 'FORM_NOT_FOUND');
    expect(((await get('/api/forms/manage', s.teacher.cookie)).json() as unknown[]).length).toBe(0);
    // Naming a form admin also reaches a department head outside the form's department
    await saveDraft(t.app, s.officeAdmin.cookie, current, { adminIds: [s.teacher.id, s.gradeHead.id] });
    expect((await ids(s.gradeHead.cookie)).sort()).toEqual([grade.id, office.id].sort());
  });
});
