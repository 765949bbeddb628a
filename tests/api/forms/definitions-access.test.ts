// Who may do what with form definitions: staff cannot see or change forms (the same 404 as a missing one) or
// create them (403); a department head manages only their department's forms; the catalogue and the fill view
// follow the audience and drop drafts and archived forms; the school calendar is read by all, set by admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormAdminSummary, FormDefinition, FormFill, FormSummary, RoutePreview } from '../../../server/modules/forms/forms.dto.js';
import { expectProblem, makeApp, type TestApp } from '../../helpers/app.js';
import { createForm, createPublished, currentUser, draftOf, leaveSchool, publish, saveDraft, type LeaveSchool } from '../../helpers/forms.js';

let t: TestApp;
let s: LeaveSchool;
beforeAll(async () => {
  t = await makeApp();
  s = await leaveSchool(t.app);
});
afterAll(() => t.close());

const inject = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
const catalogueIds = async (cookie: string) => ((await inject('GET', '/api/forms', cookie)).json() as FormSummary[]).map((f) => f.id);
const manageIds = async (cookie: string) => ((await inject('GET', '/api/forms/manage', cookie)).json() as FormAdminSummary[]).map((f) => f.id);

describe('managing forms', () => {
  let school: FormDefinition;
  let grade: FormDefinition;
  beforeAll(async () => {
    school = await createPublished(t.app, s.admin, 'vehicle', '全校用车');
    grade = await createForm(t.app, s.gradeHead.cookie, 'signup', '高一拔河赛报名');
  });

  it('staff get 404 on a form’s builder endpoints and 403 on creating one', async () => {
    for (const [method, url, payload] of [
      ['GET', `/api/forms/${school.id}`, undefined],
      ['PUT', `/api/forms/${school.id}`, draftOf(school)],
      ['POST', `/api/forms/${school.id}/publish`, undefined],
      ['POST', `/api/forms/${school.id}/archive`, undefined],
      ['POST', `/api/forms/${school.id}/restore`, undefined],
      ['GET', `/api/forms/${school.id}/versions`, undefined],
    ] as const) {
      expectProblem(await inject(method, url, s.teacher.cookie, payload), 404, 'FORM_NOT_FOUND');
    }
    expectProblem(await inject('POST', '/api/forms', s.teacher.cookie, { name: '我的表' }), 403, 'FORMS_FORBIDDEN');
    expectProblem(await inject('POST', '/api/forms', s.vicePrincipal.cookie, { name: '我的表', template: 'leave' }), 403, 'FORMS_FORBIDDEN');
    expect(await manageIds(s.teacher.cookie)).toEqual([]);
    // Nothing changed behind the refusals
    expect((await inject('GET', `/api/forms/${school.id}`, s.admin)).json()).toMatchObject({ status: 'published', publishedVersion: 1 });
  });

  it('a department head creates forms for their own department and manages only those', async () => {
    expect(grade).toMatchObject({ ownerDepartmentId: s.depts.grade1, status: 'draft' });
    expect((await inject('GET', `/api/forms/${grade.id}`, s.gradeHead.cookie)).statusCode).toBe(200);
    const saved = await saveDraft(t.app, s.gradeHead.cookie, grade, { category: '年级活动' });
    expect(saved.category).toBe('年级活动');
    expect((await publish(t.app, s.gradeHead.cookie, grade.id)).publishedVersion).toBe(1);
    expect(await manageIds(s.gradeHead.cookie)).toEqual([grade.id]);

    expectProblem(await inject('GET', `/api/forms/${school.id}`, s.gradeHead.cookie), 404, 'FORM_NOT_FOUND');
    expectProblem(await inject('POST', `/api/forms/${school.id}/publish`, s.gradeHead.cookie), 404, 'FORM_NOT_FOUND');
    expectProblem(await inject('POST', '/api/forms', s.gradeHead.cookie, { name: '全校表', ownerDepartmentId: null }), 403, 'FORMS_FORBIDDEN');
    expectProblem(await inject('POST', '/api/forms', s.gradeHead.cookie, { name: '办公室表', ownerDepartmentId: s.depts.office }), 403, 'FORMS_FORBIDDEN');
    // …and cannot hand their form to another department or to the whole school
    expectProblem(await inject('PUT', `/api/forms/${grade.id}`, s.gradeHead.cookie, { ...draftOf(saved), ownerDepartmentId: s.depts.office }), 403, 'FORMS_FORBIDDEN');
    expectProblem(await inject('PUT', `/api/forms/${grade.id}`, s.gradeHead.cookie, { ...draftOf(saved), ownerDepartmentId: null }), 403, 'FORMS_FORBIDDEN');
  });

  it('school-wide managers see every form, with the owning department by name', async () => {
    const all = (await inject('GET', '/api/forms/manage', s.officeAdmin.cookie)).json() as FormAdminSummary[];
    expect(all.map((f) => f.id)).toEqual(expect.arrayContaining([school.id, grade.id]));
    expect(all.find((f) => f.id === grade.id)).toMatchObject({ ownerDepartmentName: '高一年级组', submissionCount: 0 });
    expect(all.find((f) => f.id === school.id)).toMatchObject({ ownerDepartmentId: null, ownerDepartmentName: null });
  });

  it('who may see statistics: managers, form admins, school leaders', async () => {
    const defs = t.app.services.forms.definitions;
    const see = (id: string) => defs.canSeeStats(currentUser(t.app, id), defs.form(grade.id)!);
    expect(see(s.gradeHead.id)).toBe(true);
    expect(see(s.officeAdmin.id)).toBe(true);
    expect(see(s.vicePrincipal.id)).toBe(true);
    expect(see(s.teacher.id)).toBe(false);
    const current = (await inject('GET', `/api/forms/${grade.id}`, s.gradeHead.cookie)).json() as FormDefinition;
    await saveDraft(t.app, s.gradeHead.cookie, current, { adminIds: [s.teacher.id] });
    expect(see(s.teacher.id)).toBe(true);
    // Being a form admin is not managing it
    expect(defs.canManage(currentUser(t.app, s.teacher.id), defs.form(grade.id)!)).toBe(false);
    expectProblem(await inject('GET', `/api/forms/${grade.id}`, s.teacher.cookie), 404, 'FORM_NOT_FOUND');
  });
});

describe('the catalogue and the fill view', () => {
  it('respects the audience: everyone, or a department and the departments below it', async () => {
    const everyone = await createPublished(t.app, s.admin, 'leave', '全员请假');
    const grades = await createPublished(t.app, s.admin, { template: 'seal', audience: { all: false, departmentIds: [s.depts.grades] } }, '年级组用印');
    const office = await createPublished(t.app, s.admin, { template: 'seal', audience: { all: false, departmentIds: [s.depts.office] } }, '办公室用印');
    const draftOnly = await createForm(t.app, s.admin, 'leave', '未发布');

    const teacher = await catalogueIds(s.teacher.cookie);
    expect(teacher).toEqual(expect.arrayContaining([everyone.id, grades.id]));
    expect(teacher).not.toContain(office.id);
    expect(teacher).not.toContain(draftOnly.id);
    const vp = await catalogueIds(s.vicePrincipal.cookie);
    expect(vp).toContain(everyone.id);
    expect(vp).not.toContain(grades.id);

    const summary = ((await inject('GET', '/api/forms', s.teacher.cookie)).json() as FormSummary[]).find((f) => f.id === everyone.id);
    expect(summary).toEqual({
      id: everyone.id, name: '全员请假', description: expect.stringContaining('请'), icon: 'calendar', category: '人事', version: 1, hasApproval: true, capacity: null, taken: 0,
    });

    expect((await inject('GET', `/api/forms/${grades.id}/fill`, s.teacher.cookie)).statusCode).toBe(200);
    expectProblem(await inject('GET', `/api/forms/${grades.id}/fill`, s.vicePrincipal.cookie), 404, 'FORM_NOT_FOUND');
    expectProblem(await inject('GET', `/api/forms/${draftOnly.id}/fill`, s.teacher.cookie), 404, 'FORM_NOT_FOUND');
    expectProblem(await inject('GET', `/api/forms/${office.id}/fill`, s.teacher.cookie), 404, 'FORM_NOT_FOUND');
  });

  it('shows capacity, sign-ups without approval, and live counts from the submissions part', async () => {
    const signup = await createPublished(t.app, s.admin, 'signup', '运动会报名');
    const fill = (await inject('GET', `/api/forms/${signup.id}/fill`, s.teacher.cookie)).json() as FormFill;
    expect(fill).toMatchObject({ formId: signup.id, version: 1, name: '运动会报名', hasApproval: false, capacity: 50, taken: 0, icon: 'checklist' });
    expect(fill.schema.sections[0]!.fields[0]).toMatchObject({ type: 'description', key: 'intro' });
    const summary = ((await inject('GET', '/api/forms', s.teacher.cookie)).json() as FormSummary[]).find((f) => f.id === signup.id);
    expect(summary).toMatchObject({ hasApproval: false, capacity: 50, taken: 0 });
  });

  it('previews the leave template’s route for a teacher: grade head, a leader after 2 days, the office in copy', async () => {
    const leave = await createPublished(t.app, s.admin, 'leave', '请假（路线）');
    const route = async (start: string, end: string) => {
      const res = await inject('POST', `/api/forms/${leave.id}/route-preview`, s.teacher.cookie, { answers: { leaveType: '事假', period: { start, end }, reason: '家中有事', needCover: '否' } });
      expect(res.statusCode).toBe(200);
      return (res.json() as RoutePreview).steps.map((st) => `${st.name}:${st.people.map((p) => p.displayName).sort().join('+')}`);
    };
    // 2026-09-07 is a Monday: Mon–Wed is 3 working days, Mon–Tue 2
    expect(await route('2026-09-07', '2026-09-09')).toEqual(['部门负责人审批:赵组长', '分管校领导审批:孙副校长', '抄送办公室:周主任+王校办']);
    expect(await route('2026-09-07', '2026-09-08')).toEqual(['部门负责人审批:赵组长', '抄送办公室:周主任+王校办']);
    const draft = await createForm(t.app, s.admin, 'leave', '请假（草稿）');
    expectProblem(await inject('POST', `/api/forms/${draft.id}/route-preview`, s.teacher.cookie, { answers: {} }), 404, 'FORM_NOT_FOUND');
  });

  it('archived forms leave the catalogue and cannot be filled; restoring brings them back', async () => {
    const form = await createPublished(t.app, s.admin, 'vehicle', '临时用车');
    expect(await catalogueIds(s.teacher.cookie)).toContain(form.id);

    const archived = (await inject('POST', `/api/forms/${form.id}/archive`, s.admin)).json() as FormDefinition;
    expect(archived).toMatchObject({ status: 'archived', publishedVersion: 1 });
    expect(await catalogueIds(s.teacher.cookie)).not.toContain(form.id);
    expectProblem(await inject('GET', `/api/forms/${form.id}/fill`, s.teacher.cookie), 404, 'FORM_NOT_FOUND');
    expect(() => t.app.services.forms.definitions.submittable(currentUser(t.app, s.teacher.id), form.id)).toThrow(expect.objectContaining({ code: 'FORM_NOT_FOUND' }));
    // Still managed: the builder, versions and the list keep it
    expect((await inject('GET', `/api/forms/${form.id}/versions`, s.admin)).statusCode).toBe(200);
    expect(await manageIds(s.admin)).toContain(form.id);

    const restored = (await inject('POST', `/api/forms/${form.id}/restore`, s.admin)).json() as FormDefinition;
    expect(restored.status).toBe('published');
    expect(await catalogueIds(s.teacher.cookie)).toContain(form.id);

    // An archived draft that was never published comes back as a draft
    const draft = await createForm(t.app, s.admin, 'leave', '草稿');
    await inject('POST', `/api/forms/${draft.id}/archive`, s.admin);
    expect(((await inject('POST', `/api/forms/${draft.id}/restore`, s.admin)).json() as FormDefinition).status).toBe('draft');
    const events = t.app.services.audit.list({ event: 'forms.form.*' }).items.filter((e) => e.targetId === form.id).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['forms.form.created', 'forms.form.published', 'forms.form.archived', 'forms.form.restored']));
  });
});

describe('the school calendar', () => {
  it('is empty at first and readable by everyone signed in', async () => {
    expect((await inject('GET', '/api/forms/calendar', s.teacher.cookie)).json()).toEqual({ holidays: [], workdays: [] });
  });

  it('only school-wide form managers change it', async () => {
    const body = { holidays: ['2026-10-01'], workdays: [] };
    expectProblem(await inject('PUT', '/api/forms/calendar', s.teacher.cookie, body), 403, 'FORMS_FORBIDDEN');
    expectProblem(await inject('PUT', '/api/forms/calendar', s.gradeHead.cookie, body), 403, 'FORMS_FORBIDDEN');
    expect((await inject('GET', '/api/forms/calendar', s.teacher.cookie)).json()).toEqual({ holidays: [], workdays: [] });
  });

  it('stores real dates sorted, refuses bad ones with pointers, and is audited', async () => {
    const res = await inject('PUT', '/api/forms/calendar', s.admin, { holidays: ['2026-10-02', '2026-10-01', '2026-10-03'], workdays: ['2026-09-27'] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ holidays: ['2026-10-01', '2026-10-02', '2026-10-03'], workdays: ['2026-09-27'] });

    const bad = expectProblem(await inject('PUT', '/api/forms/calendar', s.admin, { holidays: ['2026-10-01', '2026-02-30', '2026-10-01'], workdays: ['2026-10-01'] }), 400, 'CALENDAR_INVALID') as unknown as { errors: { pointer: string }[] };
    expect(bad.errors.map((e) => e.pointer)).toEqual(['/holidays/1', '/holidays/2', '/workdays/0']);
    expectProblem(await inject('PUT', '/api/forms/calendar', s.admin, { holidays: ['10/01/2026'], workdays: [] }), 400, 'VALIDATION_FAILED');

    // The failed attempts changed nothing; the fill view carries the calendar for leave-day counting
    expect((await inject('GET', '/api/forms/calendar', s.teacher.cookie)).json()).toEqual({ holidays: ['2026-10-01', '2026-10-02', '2026-10-03'], workdays: ['2026-09-27'] });
    const leave = await createPublished(t.app, s.admin, 'leave', '请假（校历）');
    const fill = (await inject('GET', `/api/forms/${leave.id}/fill`, s.teacher.cookie)).json() as FormFill;
    expect(fill.calendar).toEqual({ holidays: ['2026-10-01', '2026-10-02', '2026-10-03'], workdays: ['2026-09-27'] });
    expect(t.app.services.forms.definitions.calendar().holidays).toHaveLength(3);
    expect(t.app.services.audit.list({ event: 'forms.calendar.updated' }).items).toHaveLength(1);
  });
});
