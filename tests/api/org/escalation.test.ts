// Nobody gains power they do not have: managing a person or importing staff never hands over a
// stronger account or grants roles the actor could not grant directly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaff, expectProblem, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';

describe('no privilege escalation through people management or import', () => {
  let t: TestApp;
  let admin: string;
  let dept: { id: string };
  let itStaff: Awaited<ReturnType<typeof createStaff>>;
  let head: Awaited<ReturnType<typeof createStaff>>;
  beforeEach(async () => {
    t = await makeApp();
    admin = await setupSchool(t.app);
    dept = (await t.app.inject({ method: 'POST', url: '/api/org/departments', headers: { cookie: admin }, payload: { name: '教务处' } })).json();
    itStaff = await createStaff(t.app, admin, { username: 'it01', displayName: '网管', roles: [{ role: 'it' }] });
    head = await createStaff(t.app, admin, { username: 'head1', displayName: '教务主任', departmentId: dept.id, roles: [{ role: 'dept_head', departmentId: dept.id }] });
  });
  afterEach(() => t.close());

  it('IT cannot reset, unlock or deactivate an administrator (404, as if missing)', async () => {
    const adminId = t.app.services.org.userByUsername('admin')!.id;
    for (const [method, url, payload] of [
      ['POST', `/api/org/people/${adminId}/reset-password`, undefined],
      ['POST', `/api/org/people/${adminId}/unlock`, undefined],
      ['PATCH', `/api/org/people/${adminId}`, { active: false }],
    ] as const) {
      expectProblem(await t.app.inject({ method, url, headers: { cookie: itStaff.cookie }, payload }), 404, 'PERSON_NOT_FOUND');
    }
    // …but IT does manage a department head (a weaker account)
    expect((await t.app.inject({ method: 'POST', url: `/api/org/people/${head.person.id}/reset-password`, headers: { cookie: itStaff.cookie } })).statusCode).toBe(200);
  });

  it('a department head cannot take over an administrator or another head in their department', async () => {
    const strong = await createStaff(t.app, admin, { username: 'boss2', displayName: '副校长', departmentId: dept.id, roles: [{ role: 'admin' }] });
    const peer = await createStaff(t.app, admin, { username: 'head2', displayName: '副主任', departmentId: dept.id, roles: [{ role: 'dept_head', departmentId: dept.id }] });
    const plain = await createStaff(t.app, admin, { username: 'plain2', displayName: '干事', departmentId: dept.id });
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/org/people/${strong.person.id}/reset-password`, headers: { cookie: head.cookie } }), 404, 'PERSON_NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/org/people/${peer.person.id}/reset-password`, headers: { cookie: head.cookie } }), 404, 'PERSON_NOT_FOUND');
    expect((await t.app.inject({ method: 'POST', url: `/api/org/people/${plain.person.id}/reset-password`, headers: { cookie: head.cookie } })).statusCode).toBe(200);
  });

  it('IT importing staff cannot grant roles; an administrator can', async () => {
    const csv = Buffer.from('\uFEFF姓名,工号,用户名,手机,部门,角色\n李信息,,it01,,,系统管理员\n周新人,T9001,,13900139001,教务处,admin\n吴老师,T9002,,13900139002,教务处,教职工\n');
    const upload = (cookie: string) => t.app.inject({ method: 'POST', url: '/api/org/imports', headers: { cookie, 'content-type': 'text/csv' }, payload: csv });
    const asIt = (await upload(itStaff.cookie)).json();
    expect(asIt.rows.map((r: { action: string; errors: { code: string }[] }) => [r.action, r.errors[0]?.code])).toEqual([
      ['error', 'UNKNOWN_ROLE'],
      ['error', 'UNKNOWN_ROLE'],
      ['create', undefined],
    ]);
    const result = (await t.app.inject({ method: 'POST', url: `/api/org/imports/${asIt.id}/commit`, headers: { cookie: itStaff.cookie } })).json();
    expect(result.created).toBe(1);
    expect(t.app.services.org.grants(itStaff.person.id).map((g) => g.role)).toEqual(['it']);

    const asAdmin = (await upload(admin)).json();
    expect(asAdmin.summary.error).toBe(0);
  });
});
