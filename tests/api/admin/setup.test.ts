import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, expectProblem, makeApp, sessionCookie, type TestApp } from '../../helpers/app.js';

describe('first-run setup wizard', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
  });
  afterEach(() => t.close());

  it('reports that an empty box needs setup, then creates the first admin and signs them in', async () => {
    const status = await t.app.inject({ method: 'GET', url: '/api/setup/status' });
    expect(status.json()).toMatchObject({ needsSetup: true, schoolName: null, timeZone: 'Asia/Shanghai' });

    const res = await t.app.inject({ method: 'POST', url: '/api/setup', payload: { schoolName: '示范中学', timeZone: 'Asia/Shanghai', admin: ADMIN } });
    expect(res.statusCode).toBe(201);
    const cookie = res.headers['set-cookie'] as string;
    expect(cookie).toMatch(/xb_session=.+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/);
    expect(res.json()).toMatchObject({ user: { username: 'admin', displayName: ADMIN.displayName }, mustChangePassword: false, school: { name: '示范中学' } });
    expect(res.json().permissions).toContain('roles.manage');

    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: sessionCookie(res) } });
    expect(me.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/setup/status' })).json()).toMatchObject({ needsSetup: false, schoolName: '示范中学' });
  });

  it('refuses a second setup with 409 SETUP_DONE', async () => {
    await t.app.inject({ method: 'POST', url: '/api/setup', payload: { schoolName: '示范中学', timeZone: 'Asia/Shanghai', admin: ADMIN } });
    const again = await t.app.inject({ method: 'POST', url: '/api/setup', payload: { schoolName: '坏人中学', timeZone: 'Asia/Shanghai', admin: { ...ADMIN, username: 'evil' } } });
    expectProblem(again, 409, 'SETUP_DONE');
    expect(t.app.services.org.userByUsername('evil')).toBeUndefined();
  });

  it('rejects a weak password with the broken rules and writes nothing', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/setup', payload: { schoolName: '示范中学', timeZone: 'Asia/Shanghai', admin: { ...ADMIN, password: '12345678' } } });
    const problem = expectProblem(res, 400, 'PASSWORD_POLICY');
    expect(problem.rules).toEqual(expect.arrayContaining(['LETTERS_AND_DIGITS', 'TOO_COMMON']));
    expect(t.app.services.org.hasAdmin()).toBe(false);
    expect(t.app.services.settings.get().schoolName).toBe('');
  });

  it('rejects malformed bodies with JSON pointers', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/setup', payload: { schoolName: '', timeZone: { zone: 'x' }, admin: { username: 'A B' } } });
    const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
    const pointers = (problem.errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/schoolName', '/timeZone', '/admin/username', '/admin/password', '/admin/displayName']));
  });

  it('rejects an unknown time zone', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/setup', payload: { schoolName: '示范中学', timeZone: 'Mars/Olympus', admin: ADMIN } });
    expectProblem(res, 400, 'INVALID_TIME_ZONE');
  });

  it('answers bad JSON and oversize bodies with problems', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/setup', headers: { 'content-type': 'application/json' }, payload: '{"schoolName":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const big = await t.app.inject({ method: 'POST', url: '/api/setup', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ schoolName: 'x'.repeat(2 * 1024 * 1024) }) });
    expectProblem(big, 413, 'PAYLOAD_TOO_LARGE');
  });
});
