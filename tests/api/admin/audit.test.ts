import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectProblem, login, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';

describe('audit log viewer and export', () => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await makeApp();
    admin = await setupSchool(t.app);
    await login(t.app, 'admin', 'wrong-password-1');
    await t.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { cookie: admin }, payload: { schoolName: '新名字中学' } });
  });
  afterEach(() => t.close());

  it('filters by event prefix and outcome, newest first, with cursor paging', async () => {
    const all = (await t.app.inject({ method: 'GET', url: '/api/admin/audit', headers: { cookie: admin } })).json();
    expect(all.items[0].event).toBe('admin.settings.changed');
    expect(all.items[0].details).toEqual({ schoolName: '新名字中学' });
    const failures = (await t.app.inject({ method: 'GET', url: '/api/admin/audit?event=auth.*&outcome=failure', headers: { cookie: admin } })).json();
    expect(failures.items.map((e: { event: string }) => e.event)).toEqual(['auth.login.failed']);
    expect(failures.items[0].ip).toBe('127.0.0.1');
    const paged = (await t.app.inject({ method: 'GET', url: '/api/admin/audit?limit=1', headers: { cookie: admin } })).json();
    const next = (await t.app.inject({ method: 'GET', url: `/api/admin/audit?limit=1&cursor=${paged.nextCursor}`, headers: { cookie: admin } })).json();
    expect(next.items[0].id).toBeLessThan(paged.items[0].id);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/admin/audit?outcome=maybe', headers: { cookie: admin } }), 400, 'VALIDATION_FAILED');
  });

  it('exports CSV with a BOM for Excel and guards against formula injection', async () => {
    await login(t.app, '=cmd|calc', 'whatever-2');
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/audit/export.csv', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="audit-/);
    expect(res.body.charCodeAt(0)).toBe(0xfeff);
    expect(res.body).toContain('auth.login.failed');
    expect(res.body).toContain("'=cmd|calc");
    expect(res.body).not.toMatch(/,=cmd/);
  });
});
