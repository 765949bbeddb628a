import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaff, expectProblem, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';

describe('org chart: departments, people, roles', () => {
  let t: TestApp;
  let admin: string;
  const post = (url: string, payload: unknown, cookie = admin, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie, ...headers } });
  beforeEach(async () => {
    t = await makeApp();
    admin = await setupSchool(t.app);
  });
  afterEach(() => t.close());

  it('builds a department tree and refuses loops, duplicates and deleting non-empty departments', async () => {
    const grades = (await post('/api/org/departments', { name: '年级组' })).json();
    const g1 = (await post('/api/org/departments', { name: '高一年级组', parentId: grades.id })).json();
    expect(g1.parentId).toBe(grades.id);
    expectProblem(await post('/api/org/departments', { name: '高一年级组', parentId: grades.id }), 409, 'DEPARTMENT_DUPLICATE');
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/org/departments/${grades.id}`, headers: { cookie: admin }, payload: { parentId: g1.id } }), 400, 'DEPARTMENT_CYCLE');
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/org/departments/${grades.id}`, headers: { cookie: admin } }), 409, 'DEPARTMENT_NOT_EMPTY');
    expectProblem(await post('/api/org/departments', { name: '坏/名字' }), 400, 'VALIDATION_FAILED');

    await createStaff(t.app, admin, { username: 't1001', displayName: '陈老师', departmentId: g1.id });
    const chart = (await t.app.inject({ method: 'GET', url: '/api/org/chart', headers: { cookie: admin } })).json();
    expect(chart.roots[0]).toMatchObject({ name: '年级组', memberCount: 1, children: [{ name: '高一年级组', memberCount: 1, members: [{ displayName: '陈老师' }] }] });
  });

  it('creates a person with an initial password; normalises the mobile number; refuses duplicates', async () => {
    const res = await post('/api/org/people', { username: 'T2001', displayName: '刘  洋', phone: '+86 138-0013-8000', employeeNo: 'T2001' });
    expectProblem(res, 400, 'VALIDATION_FAILED'); // usernames are lower-case ascii
    const ok = await post('/api/org/people', { username: 't2001', displayName: '刘洋', phone: '+86 138-0013-8000', employeeNo: 'T2001' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().person).toMatchObject({ displayName: '刘洋', phone: '13800138000', roles: [{ role: 'staff' }] });
    expect(ok.json().initialPassword).toMatch(/^Xb-[a-z]{4}-\d{4}$/);
    const dup = expectProblem(await post('/api/org/people', { username: 't2002', displayName: '刘洋', phone: '13800138000' }), 409, 'PERSON_DUPLICATE');
    expect(dup.field).toBe('phone');
    expectProblem(await post('/api/org/people', { username: 't2003', displayName: '王五', phone: '12345' }), 400, 'INVALID_PHONE');
    const count = (await t.app.inject({ method: 'GET', url: '/api/org/people', headers: { cookie: admin } })).json().items.length;
    expect(count).toBe(2); // admin + 刘洋: nothing written by the failures
    // optional fields may be null or empty, for any number of people; clearing a phone works
    for (const [i, phone] of [null, '', null].entries()) {
      const r = await post('/api/org/people', { username: `nophone${i}`, displayName: '无手机', phone, email: null });
      expect(r.statusCode).toBe(201);
      expect(r.json().person.phone).toBeNull();
    }
    const cleared = await t.app.inject({ method: 'PATCH', url: `/api/org/people/${ok.json().person.id}`, headers: { cookie: admin }, payload: { phone: null } });
    expect(cleared.json().phone).toBeNull();
    expectProblem(await post('/api/org/people', { username: 'typed1', displayName: '类型', sortOrder: 'x', phone: 13800138001 }), 400, 'VALIDATION_FAILED');
  });

  it('department heads manage their own department only; other people look missing (404)', async () => {
    const jw = (await post('/api/org/departments', { name: '教务处' })).json();
    const zw = (await post('/api/org/departments', { name: '总务处' })).json();
    const head = await createStaff(t.app, admin, { username: 'jwhead', displayName: '教务主任', departmentId: jw.id, roles: [{ role: 'dept_head', departmentId: jw.id }] });
    const mine = await createStaff(t.app, admin, { username: 'jw2', displayName: '教务干事', departmentId: jw.id });
    const theirs = await createStaff(t.app, admin, { username: 'zw2', displayName: '总务干事', departmentId: zw.id });

    const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: head.cookie } })).json();
    expect(me.permissions).toEqual(expect.arrayContaining(['admin.access', 'people.manage']));
    const edit = await t.app.inject({ method: 'PATCH', url: `/api/org/people/${mine.person.id}`, headers: { cookie: head.cookie }, payload: { email: 'jw2@school.cn' } });
    expect(edit.statusCode).toBe(200);
    const other = await t.app.inject({ method: 'PATCH', url: `/api/org/people/${theirs.person.id}`, headers: { cookie: head.cookie }, payload: { email: 'x@school.cn' } });
    expectProblem(other, 404, 'PERSON_NOT_FOUND');
    const missing = await t.app.inject({ method: 'PATCH', url: '/api/org/people/01h0000000000000000000000a', headers: { cookie: head.cookie }, payload: { email: 'x@school.cn' } });
    expect(missing.json().code).toBe(other.json().code);
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/org/people/${mine.person.id}/roles`, headers: { cookie: head.cookie }, payload: { roles: [{ role: 'admin' }] } }), 403, 'FORBIDDEN');
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/admin/audit', headers: { cookie: mine.cookie } }), 403, 'FORBIDDEN');
  });

  it('changes roles with an audit trail and keeps at least one admin', async () => {
    const adminId = t.app.services.org.userByUsername('admin')!.id;
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/org/people/${adminId}/roles`, headers: { cookie: admin }, payload: { roles: [{ role: 'staff' }] } }), 409, 'LAST_ADMIN');
    const it2 = await createStaff(t.app, admin, { username: 'it01', displayName: '网管小周' });
    const res = await t.app.inject({ method: 'PUT', url: `/api/org/people/${it2.person.id}/roles`, headers: { cookie: admin }, payload: { roles: [{ role: 'it' }, { role: 'staff' }] } });
    expect(res.json().roles.map((r: { role: string }) => r.role).sort()).toEqual(['it', 'staff']);
    expectProblem(await t.app.inject({ method: 'PUT', url: `/api/org/people/${it2.person.id}/roles`, headers: { cookie: admin }, payload: { roles: [{ role: 'dept_head' }] } }), 400, 'ROLE_SCOPE_REQUIRED');
    const granted = t.app.services.audit.list({ event: 'org.role.granted' }).items;
    expect(granted.map((g) => g.details)).toContainEqual({ role: 'it@*' });
  });

  it('refuses a supervisor loop', async () => {
    const a = await createStaff(t.app, admin, { username: 'boss1', displayName: '校长甲' });
    const b = await createStaff(t.app, admin, { username: 'mid1', displayName: '主任乙', supervisorId: a.person.id });
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/org/people/${a.person.id}`, headers: { cookie: admin }, payload: { supervisorId: b.person.id } }), 400, 'SUPERVISOR_CYCLE');
    expect(t.app.services.org.supervisorAt(b.person.id, 1)).toBe(a.person.id);
  });

  it('deactivating a person signs them out everywhere', async () => {
    const s = await createStaff(t.app, admin, { username: 'leaver', displayName: '离职者' });
    await t.app.inject({ method: 'PATCH', url: `/api/org/people/${s.person.id}`, headers: { cookie: admin }, payload: { active: false } });
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } }), 401, 'UNAUTHENTICATED');
  });

  it('pages and searches the directory', async () => {
    for (const [i, name] of ['赵一', '钱二', '孙三', '李四', '周五'].entries()) expect((await post('/api/org/people', { username: `p${i}xx`, displayName: name })).statusCode).toBe(201);
    const page1 = (await t.app.inject({ method: 'GET', url: '/api/org/people?limit=4', headers: { cookie: admin } })).json();
    expect(page1.items).toHaveLength(4);
    const page2 = (await t.app.inject({ method: 'GET', url: `/api/org/people?limit=4&cursor=${page1.nextCursor}`, headers: { cookie: admin } })).json();
    expect(page2.items).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();
    const found = (await t.app.inject({ method: 'GET', url: `/api/org/people?q=${encodeURIComponent('孙')}`, headers: { cookie: admin } })).json();
    expect(found.items.map((p: { displayName: string }) => p.displayName)).toEqual(['孙三']);
  });

  it('replays a retried mutation with the same Idempotency-Key instead of doing it twice', async () => {
    const key = 'c0ffee00-1111-2222-3333-444455556666';
    const first = await post('/api/org/departments', { name: '重试处' }, admin, { 'idempotency-key': key });
    const second = await post('/api/org/departments', { name: '重试处' }, admin, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    expectProblem(await post('/api/org/positions', { name: 'x' }, admin, { 'idempotency-key': key }), 422, 'IDEMPOTENCY_KEY_REUSED');
    // a failed attempt releases its key, so a corrected retry can use it
    const key2 = 'c0ffee00-1111-2222-3333-777788889999';
    expectProblem(await post('/api/org/departments', { name: '重试处' }, admin, { 'idempotency-key': key2 }), 409, 'DEPARTMENT_DUPLICATE');
    expect((await post('/api/org/departments', { name: '重试处二' }, admin, { 'idempotency-key': key2 })).statusCode).toBe(201);
  });

  it('never keeps answers that hold initial passwords, and runs parallel retries once', async () => {
    const key = 'feed0000-1111-2222-3333-444455556666';
    const [a, b] = await Promise.all([
      post('/api/org/people', { username: 'retry1', displayName: '重试' }, admin, { 'idempotency-key': key }),
      post('/api/org/people', { username: 'retry1', displayName: '重试' }, admin, { 'idempotency-key': key }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect([a, b].map((r) => r.json().code).filter(Boolean)).toEqual(['IDEMPOTENCY_IN_PROGRESS']);
    expectProblem(await post('/api/org/people', { username: 'retry1', displayName: '重试' }, admin, { 'idempotency-key': key }), 409, 'IDEMPOTENCY_ALREADY_DONE');
    const stored = t.app.services.db.sqlite.prepare('SELECT body FROM idempotency_keys WHERE key = ?').get(key) as { body: string };
    expect(stored.body).toBe('');
  });

  it('shows deactivated people and account security only to those who manage them; rejects forged cursors', async () => {
    const a = await createStaff(t.app, admin, { username: 'viewer1', displayName: '普通甲' });
    const b = await createStaff(t.app, admin, { username: 'gone1', displayName: '离职乙' });
    await t.app.inject({ method: 'PATCH', url: `/api/org/people/${b.person.id}`, headers: { cookie: admin }, payload: { active: false } });
    for (let i = 0; i < 5; i++) await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: `nope-${i}-pw` } });
    const seenByStaff = (await t.app.inject({ method: 'GET', url: '/api/org/people?includeInactive=true', headers: { cookie: a.cookie } })).json().items;
    expect(seenByStaff.map((p: { username: string }) => p.username)).not.toContain('gone1');
    expect(seenByStaff.find((p: { username: string }) => p.username === 'admin').lockedUntil).toBeNull();
    const seenByAdmin = (await t.app.inject({ method: 'GET', url: '/api/org/people?includeInactive=true', headers: { cookie: admin } })).json().items;
    expect(seenByAdmin.map((p: { username: string }) => p.username)).toContain('gone1');
    expect(seenByAdmin.find((p: { username: string }) => p.username === 'admin').lockedUntil).toBeTruthy();
    const forged = Buffer.from(JSON.stringify({ name: 1, id: [] })).toString('base64url');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/org/people?cursor=${forged}`, headers: { cookie: admin } }), 400, 'INVALID_CURSOR');
  });
});
