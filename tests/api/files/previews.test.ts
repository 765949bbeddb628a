// Real LibreOffice conversions through the app: Chinese Office files become PDFs whose text (pdftotext)
// is Chinese, get thumbnails, and become findable by their contents.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { drainJobs, spacesOf, uploadFile } from '../../helpers/files.js';

const FIXTURES = path.resolve('tests/fixtures/office');
let t: TestApp;
let admin: string;
let personal: string;

beforeAll(async () => {
  t = await makeApp();
  admin = await setupSchool(t.app);
  personal = (await spacesOf(t.app, admin)).personal.id;
}, 60_000);
afterAll(async () => t?.close());

async function pdfTextOf(url: string): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: admin } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const file = path.join(t.dir, `check-${Date.now()}.pdf`);
  writeFileSync(file, res.rawPayload);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('previews of Chinese office files', () => {
  it.each([
    ['通知.docx', '关于期末考试安排的通知'],
    ['预算.xlsx', '项目'],
    ['汇报.pptx', '学期工作汇报'],
  ])('%s converts to a PDF with its Chinese text, a thumbnail, and is found by its contents', async (name, expected) => {
    const done = await uploadFile(t.app, admin, { parentId: personal, name, data: readFileSync(path.join(FIXTURES, name)) });
    const before = await t.app.inject({ method: 'GET', url: `/api/files/nodes/${done.node.id}/preview`, headers: { cookie: admin } });
    expect(before.json()).toMatchObject({ kind: 'pdf', status: 'pending', url: null });
    await drainJobs(t.app);
    const info = (await t.app.inject({ method: 'GET', url: `/api/files/nodes/${done.node.id}/preview`, headers: { cookie: admin } })).json() as { status: string; url: string; pages: number };
    expect(info.status).toBe('ready');
    expect(info.pages).toBeGreaterThan(0);
    expect(await pdfTextOf(info.url)).toContain(expected);
    const thumb = await t.app.inject({ method: 'GET', url: `/api/files/versions/${done.version.id}/thumbnail`, headers: { cookie: admin } });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const search = (await t.app.inject({ method: 'GET', url: `/api/files/search?q=${encodeURIComponent(expected)}`, headers: { cookie: admin } })).json() as { items: { node: { id: string } }[] };
    expect(search.items.map((i) => i.node.id)).toContain(done.node.id);
  }, 180_000);

  it('a corrupt document fails clearly and does not block the next conversion', async () => {
    const bad = await uploadFile(t.app, admin, { parentId: personal, name: '损坏.docx', data: Buffer.from('PK\u0003\u0004 this is not a real document at all') });
    const good = await uploadFile(t.app, admin, { parentId: personal, name: '说明.txt', data: readFileSync(path.join(FIXTURES, '说明.txt')) });
    await drainJobs(t.app);
    const badInfo = (await t.app.inject({ method: 'GET', url: `/api/files/nodes/${bad.node.id}/preview`, headers: { cookie: admin } })).json() as { status: string; error: string | null };
    expect(badInfo.status).toBe('failed');
    expect(badInfo.error).toBeTruthy();
    const goodInfo = (await t.app.inject({ method: 'GET', url: `/api/files/nodes/${good.node.id}/preview`, headers: { cookie: admin } })).json() as { status: string };
    expect(goodInfo.status).toBe('ready');
  }, 180_000);

  it('a rollback to converted contents reuses the cached preview', async () => {
    const v1 = await uploadFile(t.app, admin, { parentId: personal, name: '复用.docx', data: readFileSync(path.join(FIXTURES, '通知.docx')) });
    await drainJobs(t.app);
    await uploadFile(t.app, admin, { parentId: personal, name: '复用.docx', data: readFileSync(path.join(FIXTURES, '说明.txt')) });
    const rb = await t.app.inject({ method: 'POST', url: `/api/files/nodes/${v1.node.id}/versions/${v1.version.id}/rollback`, headers: { cookie: admin } });
    expect(rb.statusCode).toBe(201);
    const info = (await t.app.inject({ method: 'GET', url: `/api/files/nodes/${v1.node.id}/preview`, headers: { cookie: admin } })).json() as { status: string; versionId: string };
    expect(info).toMatchObject({ status: 'ready', versionId: (rb.json() as { id: string }).id });
  }, 180_000);

  it('images get a thumbnail and preview inline; unknown types say so', async () => {
    const sharp = (await import('sharp')).default;
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#1e88e5' } }).png().toBuffer();
    const img = await uploadFile(t.app, admin, { parentId: personal, name: '校园.png', data: png });
    await drainJobs(t.app);
    const info = (await t.app.inject({ method: 'GET', url: `/api/files/nodes/${img.node.id}/preview`, headers: { cookie: admin } })).json() as { kind: string; url: string };
    expect(info.kind).toBe('image');
    const inline = await t.app.inject({ method: 'GET', url: info.url, headers: { cookie: admin } });
    expect(inline.statusCode).toBe(200);
    expect(String(inline.headers['content-disposition'])).toMatch(/^inline;/);
    const zip = await uploadFile(t.app, admin, { parentId: personal, name: '数据.bin', data: Buffer.from([1, 2, 3, 4]) });
    const none = (await t.app.inject({ method: 'GET', url: `/api/files/nodes/${zip.node.id}/preview`, headers: { cookie: admin } })).json() as { kind: string; status: string };
    expect(none).toMatchObject({ kind: 'none', status: 'none' });
  }, 60_000);
});
