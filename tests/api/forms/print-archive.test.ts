// The printable PDF of a real submission (text checked with poppler's pdftotext, Chinese included; the
// handwritten signature embedded; long tables flow onto more pages) and the archive job that files an approved
// submission of an archiving form into 审批归档 in the school space, where an admin finds it through the files API.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormSchema } from '../../../server/lib/form-schema.js';
import type { SubmissionDetail } from '../../../server/modules/forms/forms.dto.js';
import { expectProblem } from '../../helpers/app.js';
import { act, approveStep, makeSchool, publishForm, submit, type School } from '../../helpers/forms-runtime.js';

// A 4 × 2 red PNG, as the signature pad would send.
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAADwyuo0AAAAEklEQVR4nGP4z8DwHwyBNAMDAPS0B/kxXsZyAAAAAElFTkSuQmCC';

const schema: FormSchema = {
  sections: [{
    key: 'main', title: '用印信息',
    fields: [
      { type: 'text', key: 'subject', label: '用印事由', required: true },
      { type: 'person', key: 'keeper', label: '经办人' },
      { type: 'table', key: 'docs', label: '用印文件', columns: [{ type: 'text', key: 'name', label: '文件名称' }, { type: 'number', key: 'copies', label: '份数' }] },
      { type: 'description', key: 'tip', label: '提示', text: '请提前一天申请' },
    ],
  }],
};

let s: School;
let dir: string;
let archiving: string;
let plain: string;
let approved: SubmissionDetail;

const get = (url: string, cookie?: string) => s.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

/** Text of a PDF by poppler (what a reader's copy-paste or a search engine sees). */
function pdfText(bytes: Buffer | Uint8Array): string {
  return execFileSync('pdftotext', ['-layout', saved(bytes), '-'], { encoding: 'utf8' });
}
function saved(bytes: Buffer | Uint8Array): string {
  const file = path.join(dir, `p-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return file;
}
const squash = (text: string) => text.replace(/\s+/g, '');

const archiveJobs = () => s.app.services.db.sqlite.prepare(`SELECT payload, status FROM jobs WHERE kind = 'forms.archive' ORDER BY id`).all() as { payload: string; status: string }[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xb-print-'));
  s = await makeSchool();
  s.t.clock.set(new Date('2026-11-20T01:30:00Z'));
  const flow = { nodes: [approveStep('lead', '年级组长审批', [{ kind: 'person', userId: s.head.id }]), approveStep('vp', '校领导审批', [{ kind: 'person', userId: s.vp.id }])] };
  ({ id: archiving } = await publishForm(s, { name: '用印申请', schema, flow, settings: { archiveToDocuments: true } }));
  ({ id: plain } = await publishForm(s, { name: '普通登记', schema, flow: { nodes: [] } }));

  const docs = Array.from({ length: 70 }, (_, i) => ({ name: `第${i + 1}号文件：关于初二年级期中考试安排的通知`, copies: i + 1 }));
  const first = await submit(s, s.teacher, archiving, { subject: '期中考试通知盖章', keeper: s.clerk.id, docs });
  s.t.clock.advance(3_600_000);
  await act(s, s.head, first.id, { type: 'approve', comment: '同意盖章', signature: SIGNATURE });
  expect(archiveJobs()).toEqual([]);
  approved = await act(s, s.vp, first.id, { type: 'approve', comment: '同意' });
  expect(approved.status).toBe('approved');
});
afterAll(async () => {
  await s?.t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/submissions/:id/pdf', () => {
  it('requires authentication', async () => {
    expectProblem(await get(`/api/submissions/${approved.id}/pdf`), 401, 'UNAUTHENTICATED');
  });

  it('is the submission 404 for people not taking part', async () => {
    expectProblem(await get(`/api/submissions/${approved.id}/pdf`, s.delegate.cookie), 404, 'SUBMISSION_NOT_FOUND');
  });

  it('prints every visible answer, the flow with comments and signatures, on as many A4 pages as it needs', async () => {
    const res = await get(`/api/submissions/${approved.id}/pdf`, s.teacher.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`${approved.serial} 韩雪的用印申请.pdf`)}`);
    const doc = await PDFDocument.load(res.rawPayload);
    expect(doc.getPageCount()).toBeGreaterThan(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);

    const text = squash(pdfText(res.rawPayload));
    for (const expected of [
      '测试中学', '用印申请', `编号${approved.serial}`, '已通过', '韩雪（初二年级组）', '提交时间2026-11-2009:30', '完成时间2026-11-2010:30',
      '用印事由期中考试通知盖章', '经办人钱文书', '文件名称', '第1号文件：关于初二年级期中考试安排的通知', '第70号文件', '70',
      '1.年级组长审批', '李明同意2026-11-2010:30', '意见：同意盖章', '签名：', '2.校领导审批', '赵副校长同意',
      '流转记录', '提交', '第1/', '页',
    ]) expect(text, expected).toContain(expected);
    // Description fields hold no answer and are not printed.
    expect(text).not.toContain('请提前一天申请');
    const images = execFileSync('pdfimages', ['-list', saved(res.rawPayload)], { encoding: 'utf8' });
    expect(images.split('\n').filter((l) => /^\s*\d+\s+\d+\s+image/.test(l))).toHaveLength(1);
  });
});

describe('archiving approved submissions to the documents store', () => {
  it('queues one archive job when an archiving form is approved, none for other forms or rejections', async () => {
    const rejected = await submit(s, s.outsider, archiving, { subject: '不该归档' });
    await act(s, s.head, rejected.id, { type: 'reject', comment: '不同意' });
    const done = await submit(s, s.teacher, plain, { subject: '无需审批' });
    expect(done.status).toBe('approved');
    expect(archiveJobs().map((j) => JSON.parse(j.payload) as unknown)).toEqual([{ id: approved.id }]);
  });

  it('files the PDF under 审批归档/<form>/<month> in the school space, visible to an admin', async () => {
    expect(await s.app.services.jobs.drain()).toBeGreaterThanOrEqual(1);
    expect(archiveJobs().map((j) => j.status)).toEqual(['done']);
    const after = (await get(`/api/submissions/${approved.id}`, s.teacher.cookie)).json() as SubmissionDetail;
    expect(after.archivedFileId).toMatch(/^[0-9a-z]{26}$/);

    const spaces = (await get('/api/files/spaces', s.admin)).json() as { school: { id: string } };
    let folder = spaces.school.id;
    for (const name of ['审批归档', '用印申请', '2026-11']) {
      const listing = (await get(`/api/files/folders/${folder}`, s.admin)).json() as { items: { id: string; name: string; kind: string }[] };
      const next = listing.items.find((i) => i.name === name && i.kind === 'folder');
      expect(next, `${name} in ${JSON.stringify(listing.items.map((i) => i.name))}`).toBeDefined();
      folder = next!.id;
    }
    const listing = (await get(`/api/files/folders/${folder}`, s.admin)).json() as { items: { id: string; name: string; mime: string; createdBy: string | null }[] };
    expect(listing.items).toEqual([expect.objectContaining({ id: after.archivedFileId, name: `${approved.serial} 韩雪的用印申请.pdf`, mime: 'application/pdf', createdBy: null })]);

    const content = await get(`/api/files/nodes/${after.archivedFileId}/content`, s.admin);
    expect(content.statusCode).toBe(200);
    expect(squash(pdfText(content.rawPayload))).toContain(`编号${approved.serial}`);
  });

  it('does not file twice when the job runs again', async () => {
    s.app.services.jobs.enqueue('forms.archive', { id: approved.id });
    await s.app.services.jobs.drain();
    const count = s.app.services.db.sqlite.prepare(`SELECT count(*) FROM file_nodes WHERE kind = 'file' AND name LIKE '%用印申请.pdf' AND deleted_at IS NULL`).pluck().get();
    expect(count).toBe(1);
  });
});
