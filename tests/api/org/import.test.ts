import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaff, expectProblem, loginCookie, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('staff import from Excel and CSV', () => {
  let t: TestApp;
  let admin: string;
  const upload = (body: Buffer, type: string, name: string, cookie = admin) =>
    t.app.inject({ method: 'POST', url: '/api/org/imports', headers: { cookie, 'content-type': type, 'x-file-name': encodeURIComponent(name) }, payload: body });
  beforeEach(async () => {
    t = await makeApp();
    admin = await setupSchool(t.app);
  });
  afterEach(() => t.close());

  it('previews a CSV with per-row errors, writes nothing, then commits only the valid rows', async () => {
    const res = await upload(fixture('staff-sample.csv'), 'text/csv', '教职工名单.csv');
    expect(res.statusCode).toBe(201);
    const preview = res.json();
    expect(preview.fileName).toBe('教职工名单.csv');
    expect(preview.summary).toMatchObject({ total: 10, create: 8, error: 2 });
    const errors = preview.rows.filter((r: { action: string }) => r.action === 'error');
    expect(errors.map((r: { errors: { code: string }[] }) => r.errors[0]!.code).sort()).toEqual(['DUPLICATE_IN_FILE', 'INVALID_MOBILE']);
    expect(t.app.services.org.listPeople({ limit: 100 }).items).toHaveLength(1); // preview wrote no one

    const commit = await t.app.inject({ method: 'POST', url: `/api/org/imports/${preview.id}/commit`, headers: { cookie: admin } });
    expect(commit.statusCode).toBe(200);
    const result = commit.json();
    expect(result.created).toBe(8);
    expect(result.failed).toHaveLength(2);
    expect(result.credentials).toHaveLength(8);
    const first = result.credentials[0];
    const cookie = await loginCookie(t.app, first.username, first.initialPassword);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().mustChangePassword).toBe(true);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/org/imports/${preview.id}/commit`, headers: { cookie: admin } }), 409, 'IMPORT_ALREADY_COMMITTED');
    expect(t.app.services.audit.list({ event: 'org.import.*' }).items.map((e) => e.event)).toEqual(['org.import.committed', 'org.import.previewed']);
  });

  it('reads the same staff from XLSX (numeric phone cells) and GBK-encoded CSV', async () => {
    const xlsx = (await upload(fixture('staff-sample.xlsx'), XLSX, 'staff.xlsx')).json();
    expect(xlsx.summary).toMatchObject({ total: 10, create: 8, error: 2 });
    expect(xlsx.rows[0].data.phone).toMatch(/^1\d{10}$/);
    const gbk = await upload(fixture('staff-sample-gbk.csv'), 'text/csv', 'gbk.csv');
    expect(gbk.statusCode).toBe(201);
    expect(gbk.json().rows[0].data.displayName).toMatch(/^[\u4e00-\u9fff·]+$/);
  });

  it('turns a non-spreadsheet into a clear problem, and needs the import permission', async () => {
    expectProblem(await upload(Buffer.from([0, 1, 2, 3, 255, 254]), 'application/octet-stream', 'x.bin'), 400, 'IMPORT_UNREADABLE');
    expectProblem(await upload(Buffer.from('foo,bar\n1,2\n'), 'text/csv', 'x.csv'), 400, 'IMPORT_MISSING_COLUMN');
    const staff = await createStaff(t.app, admin, { username: 'plain1', displayName: '普通老师' });
    expectProblem(await upload(fixture('staff-sample.csv'), 'text/csv', 'x.csv', staff.cookie), 403, 'FORBIDDEN');
  });

  it('serves CSV and XLSX templates that import cleanly', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/org/imports/template.csv', headers: { cookie: admin } });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('姓名,工号,用户名,手机,邮箱,部门,职务,直属上级,角色');
    const xlsx = await t.app.inject({ method: 'GET', url: '/api/org/imports/template.xlsx', headers: { cookie: admin } });
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const preview = (await upload(xlsx.rawPayload, XLSX, 'template.xlsx')).json();
    expect(preview.summary.error).toBe(0);
  });
});
