// Statistics over HTTP on real submissions: who may see them (managers and form admins; everyone else the
// same 404), the exact numbers of a small seeded month pair, the Excel export, and the attachment route
// that hands out only files a visible submission's answers name.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormSchema } from '../../../server/lib/form-schema.js';
import type { FormStats, SubmissionDetail } from '../../../server/modules/forms/forms.dto.js';
import { expectProblem } from '../../helpers/app.js';
import { act, approveStep, makeSchool, publishForm, submit, type Person, type School } from '../../helpers/forms-runtime.js';

const HOUR = 3_600_000;
const schema: FormSchema = {
  sections: [{
    key: 'main', title: '',
    fields: [
      { type: 'dateRange', key: 'days', label: '外出时间', unit: 'day', skipWeekends: false, skipHolidays: false, required: true },
      { type: 'number', key: 'hours', label: '课时', unit: '节' },
      { type: 'radio', key: 'kind', label: '事由类型', options: [{ value: 'meet', label: '会议' }, { value: 'train', label: '培训' }] },
      { type: 'checkbox', key: 'slots', label: '时段', options: [{ value: 'am', label: '上午' }, { value: 'pm', label: '下午' }] },
      { type: 'attachment', key: 'files', label: '附件' },
    ],
  }],
};

let s: School;
let formId: string;
const ids: Record<string, string> = {};
let noticeFile: string;
let otherFile: string;

/** A file in the person's own space, made through the documents store's own filing path. */
async function ownFile(who: Person, name: string, bytes: string): Promise<string> {
  const spaces = await s.app.inject({ method: 'GET', url: '/api/files/spaces', headers: { cookie: who.cookie } });
  const personal = (spaces.json() as { personal: { id: string } }).personal.id;
  const temp = path.join(s.app.services.files.blobs.tempDir(), `test-${name}`);
  writeFileSync(temp, bytes);
  return (await s.app.services.files.versions.addSystemFile(personal, name, temp, who.id)).id;
}

const get = (url: string, cookie?: string) => s.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const range = (start: string, end: string) => ({ start, end });

beforeAll(async () => {
  s = await makeSchool();
  const clock = s.t.clock;
  ({ id: formId } = await publishForm(s, { name: '外出登记', schema, flow: { nodes: [approveStep('lead', '组长审批', [{ kind: 'person', userId: s.head.id }])] }, adminIds: [s.dean2.id] }));
  noticeFile = await ownFile(s.teacher, '会议通知.pdf', '%PDF-1.4 notice');
  otherFile = await ownFile(s.teacher, '私人.txt', 'private');

  clock.set(new Date('2026-11-10T02:00:00Z'));
  ids.a = (await submit(s, s.teacher, formId, { days: range('2026-11-10', '2026-11-11'), hours: 3, kind: 'meet', slots: ['am'], files: [noticeFile] })).id;
  clock.advance(2 * HOUR);
  await act(s, s.head, ids.a, { type: 'approve' });
  ids.b = (await submit(s, s.outsider, formId, { days: range('2026-11-12', '2026-11-12'), kind: 'train', slots: ['am', 'pm'] })).id;
  clock.advance(4 * HOUR);
  await act(s, s.head, ids.b, { type: 'reject', comment: '时间冲突' });

  clock.set(new Date('2026-12-01T01:00:00Z'));
  ids.c = (await submit(s, s.clerk, formId, { days: range('2026-12-02', '2026-12-04'), hours: 5, kind: 'train' })).id;
  clock.advance(6 * HOUR);
  await act(s, s.head, ids.c, { type: 'approve' });
  clock.advance(HOUR);
  ids.d = (await submit(s, s.dean1, formId, { days: range('2026-12-05', '2026-12-05'), kind: 'meet' })).id;
});
afterAll(() => s?.t.close());

const Q = '?from=2026-11-01&to=2026-12-31';

describe('GET /api/forms/:id/stats', () => {
  it('requires authentication', async () => {
    expectProblem(await get(`/api/forms/${formId}/stats`), 401, 'UNAUTHENTICATED');
  });

  it('is the same 404 for people who may not see statistics as for a missing form', async () => {
    expectProblem(await get(`/api/forms/${formId}/stats`, s.teacher.cookie), 404, 'FORM_NOT_FOUND');
    expectProblem(await get(`/api/forms/00000000000000000000000000/stats`, s.admin), 404, 'FORM_NOT_FOUND');
  });

  it('rejects malformed dates', async () => {
    expect((await get(`/api/forms/${formId}/stats?from=2026-13`, s.admin)).statusCode).toBe(400);
  });

  it('gives exact numbers to a manager and to a form admin', async () => {
    const res = await get(`/api/forms/${formId}/stats${Q}`, s.admin);
    expect(res.statusCode, res.body).toBe(200);
    const st = res.json() as FormStats;
    expect((await get(`/api/forms/${formId}/stats${Q}`, s.dean2.cookie)).json()).toEqual(st);

    expect(st).toMatchObject({ formId, formName: '外出登记', total: 4 });
    expect(Object.fromEntries(st.byStatus.map((b) => [b.key, b.count]))).toEqual({ running: 1, approved: 2, rejected: 1, returned: 0, withdrawn: 0 });
    expect(st.byDepartment).toEqual([
      { key: s.depts.grade8, label: '初二年级组', count: 2, sum: 1 },
      { key: s.depts.office, label: '办公室', count: 1, sum: 1 },
      { key: s.depts.academic, label: '教务处', count: 1, sum: 0 },
    ]);
    expect(st.byMonth).toEqual([{ key: '2026-11', label: '2026-11', count: 2, sum: 1 }, { key: '2026-12', label: '2026-12', count: 2, sum: 1 }]);

    const [days, hours] = st.numeric;
    expect(days).toMatchObject({
      fieldKey: 'days', unit: '天', total: 5,
      byDepartment: [{ key: s.depts.office, sum: 3, count: 1 }, { key: s.depts.grade8, sum: 2, count: 1 }],
      cells: [{ department: s.depts.grade8, month: '2026-11', sum: 2 }, { department: s.depts.office, month: '2026-12', sum: 3 }],
    });
    expect(hours).toMatchObject({ fieldKey: 'hours', unit: '节', total: 8 });

    expect(st.choices.map((c) => [c.fieldKey, c.options.map((o) => [o.label, o.count, o.sum])])).toEqual([
      ['kind', [['会议', 2, 50], ['培训', 2, 50]]],
      ['slots', [['上午', 2, 100], ['下午', 1, 50]]],
    ]);
    expect(st.stepTimes).toEqual([{ nodeId: 'lead', name: '组长审批', decisions: 3, avgHours: 4, p90Hours: 6 }]);

    const november = (await get(`/api/forms/${formId}/stats?from=2026-11-01&to=2026-11-30`, s.admin)).json() as FormStats;
    expect(november.total).toBe(2);
    expect(november.stepTimes[0]).toMatchObject({ decisions: 2, avgHours: 3 });
  });
});

describe('GET /api/forms/:id/export.xlsx', () => {
  it('requires authentication', async () => {
    expectProblem(await get(`/api/forms/${formId}/export.xlsx`), 401, 'UNAUTHENTICATED');
  });

  it('is a 404 for people who may not see statistics', async () => {
    expectProblem(await get(`/api/forms/${formId}/export.xlsx`, s.teacher.cookie), 404, 'FORM_NOT_FOUND');
  });

  it('downloads the period as a workbook under its Chinese name', async () => {
    const res = await get(`/api/forms/${formId}/export.xlsx${Q}`, s.admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="____-__-2026-11-01~2026-12-31.xlsx"; filename*=UTF-8''${encodeURIComponent('外出登记-统计-2026-11-01~2026-12-31.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const sheet = wb.getWorksheet('明细')!;
    expect(sheet.rowCount).toBe(5);
    const rows = [2, 3, 4, 5].map((n) => (sheet.getRow(n).values as unknown[]).slice(1));
    expect(rows[0]).toEqual([expect.stringMatching(/^20261110-\d{4}$/), '韩雪的外出登记', '韩雪', '初二年级组', '已通过', '2026-11-10 10:00', '2026-11-10 12:00', '2026-11-10 至 2026-11-11', 2, 3, '会议', '上午', '1 个文件']);
    expect(rows.map((r) => r[4])).toEqual(['已通过', '已驳回', '已通过', '审批中']);
    expect(wb.getWorksheet('汇总')).toBeDefined();
  });
});

describe('GET /api/submissions/:id/attachments/:fileId', () => {
  const url = (sub: string, file: string) => `/api/submissions/${sub}/attachments/${file}`;

  it('requires authentication', async () => {
    expectProblem(await get(url(ids.a!, noticeFile)), 401, 'UNAUTHENTICATED');
  });

  it('serves a file the answers name to everyone who may see the submission, approvers included', async () => {
    for (const cookie of [s.teacher.cookie, s.head.cookie]) {
      const res = await get(url(ids.a!, noticeFile), cookie);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('%PDF-1.4 notice');
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`inline; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('会议通知.pdf')}`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    // The head cannot open the teacher's own space directly: only through the submission.
    expect((await get(`/api/files/nodes/${noticeFile}/content`, s.head.cookie)).statusCode).toBe(404);
  });

  it('refuses files the submission does not name, and submissions the caller cannot see', async () => {
    expectProblem(await get(url(ids.a!, otherFile), s.teacher.cookie), 404, 'SUBMISSION_FILE_NOT_FOUND');
    expectProblem(await get(url(ids.b!, noticeFile), s.outsider.cookie), 404, 'SUBMISSION_FILE_NOT_FOUND');
    expectProblem(await get(url(ids.a!, noticeFile), s.delegate.cookie), 404, 'SUBMISSION_NOT_FOUND');
  });

  it('is a 404 once the file is in the recycle bin', async () => {
    const del = await s.app.inject({ method: 'DELETE', url: `/api/files/nodes/${noticeFile}`, headers: { cookie: s.teacher.cookie } });
    expect(del.statusCode, del.body).toBe(204);
    expectProblem(await get(url(ids.a!, noticeFile), s.teacher.cookie), 404, 'SUBMISSION_FILE_NOT_FOUND');
    const detail = (await get(`/api/submissions/${ids.a}`, s.teacher.cookie)).json() as SubmissionDetail;
    expect(detail.answers.files).toEqual([noticeFile]);
  });
});
