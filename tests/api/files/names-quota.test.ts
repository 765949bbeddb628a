// Names, quotas and the upload size limit through the real app: a refused upload is refused at creation
// (POST) with a problem+json, and leaves nothing behind — no upload row, no bytes under uploads/ or blobs/.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { testConfig } from '../../../server/config/config.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createStaff, expectProblem, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { createFolder, createUpload, patchUpload, spacesOf, uploadFile } from '../../helpers/files.js';

const BAD_NAMES: [string, string][] = [
  ['../x', 'path traversal'],
  ['..', 'dot-dot'],
  ['.', 'dot'],
  ['a/b', 'slash'],
  ['a\\b.txt', 'backslash'],
  ['a\u0000b.txt', 'NUL'],
  ['第一行\n第二行.txt', 'newline'],
  ['删除\u007f.txt', 'DEL'],
  ['报'.repeat(86), '86 Chinese characters = 258 UTF-8 bytes'],
  ['CON.txt', 'Windows reserved'],
  ['lpt1', 'Windows reserved without extension'],
  ['报告.', 'trailing dot'],
  ['   ', 'blank'],
];

/** Every file below `dir` (recursively), except the blob store's scratch directory. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter((p) => !p.startsWith(`tmp${path.sep}`));
}

describe('file names, quotas and the upload size limit', () => {
  let t: TestApp;
  afterEach(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, cookie: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const count = (table: string) => (t.app.services.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  /** What a refused upload must not have left. */
  const snapshot = () => ({
    uploads: count('file_uploads'),
    nodes: count('file_nodes'),
    versions: count('file_versions'),
    blobs: count('file_blobs'),
    uploadFiles: filesUnder(path.join(t.dir, 'uploads')),
    blobFiles: filesUnder(path.join(t.dir, 'blobs')),
  });

  async function school() {
    t = await makeApp();
    const admin = await setupSchool(t.app);
    const teacher = await createStaff(t.app, admin, { username: 'jw01', displayName: '教务处李老师' });
    const personal = (await spacesOf(t.app, teacher.cookie)).personal.id;
    return { admin, teacher, personal };
  }

  it('refuses bad file names at upload creation (FILE_NAME_INVALID) and stores nothing', async () => {
    const { teacher, personal } = await school();
    await uploadFile(t.app, teacher.cookie, { parentId: personal, name: '正常.txt', data: '已有内容' });
    const before = snapshot();
    expect(before.blobFiles).toHaveLength(1);
    for (const [name, why] of BAD_NAMES) {
      const res = await createUpload(t.app, teacher.cookie, { filename: name, parentId: personal }, 10);
      expect(expectProblem(res, 400, 'FILE_NAME_INVALID').code, why).toBe('FILE_NAME_INVALID');
      expect(res.headers.location, why).toBeUndefined();
      // The same names inside a folder upload's relative path ("a/b" is two folders there).
      if (name.includes('/')) continue;
      const nested = await createUpload(t.app, teacher.cookie, { filename: '文件.txt', parentId: personal, relativePath: `子目录/${name}/文件.txt` }, 10);
      expectProblem(nested, 400, 'FILE_NAME_INVALID');
    }
    for (const relativePath of ['../文件.txt', '子目录/../../文件.txt', '/etc/passwd/..', '子目录/CON/文件.txt']) {
      expectProblem(await createUpload(t.app, teacher.cookie, { filename: '文件.txt', parentId: personal, relativePath }, 10), 400, 'FILE_NAME_INVALID');
    }
    expect(snapshot()).toEqual(before);
    // A name right at the limit is fine: 85 Chinese characters = 255 bytes.
    const { node } = await uploadFile(t.app, teacher.cookie, { parentId: personal, name: '报'.repeat(85), data: 'x' });
    expect(node.name).toBe('报'.repeat(85));
  });

  it('refuses bad names for folders: creation and rename', async () => {
    const { teacher, personal } = await school();
    const folder = await createFolder(t.app, teacher.cookie, personal, '教案');
    const { node: file } = await uploadFile(t.app, teacher.cookie, { parentId: personal, name: '计划.txt', data: '计划' });
    const nodes = count('file_nodes');
    for (const [name, why] of BAD_NAMES) {
      const created = await call('POST', '/api/files/folders', teacher.cookie, { parentId: personal, name });
      // The blank name may be refused by the schema already; every other name by the name rules.
      if (name.trim() === '' && created.json().code === 'VALIDATION_FAILED') continue;
      expect(created.json().code, why).toBe('FILE_NAME_INVALID');
      expectProblem(created, 400, 'FILE_NAME_INVALID');
      expectProblem(await call('PATCH', `/api/files/nodes/${folder.id}`, teacher.cookie, { name }), 400, 'FILE_NAME_INVALID');
      expectProblem(await call('PATCH', `/api/files/nodes/${file.id}`, teacher.cookie, { name }), 400, 'FILE_NAME_INVALID');
    }
    expect(count('file_nodes')).toBe(nodes);
    const listed = (await call('GET', `/api/files/folders/${personal}`, teacher.cookie)).json().items.map((n: { name: string }) => n.name);
    expect(listed).toEqual(['教案', '计划.txt']);
    // Names are trimmed and NFC-normalised; siblings are unique regardless of case.
    const renamed = await call('PATCH', `/api/files/nodes/${folder.id}`, teacher.cookie, { name: '  Cafe\u0301 教案  ' });
    expect(renamed.json().name).toBe('Café 教案');
    expectProblem(await call('POST', '/api/files/folders', teacher.cookie, { parentId: personal, name: 'CAFÉ 教案' }), 409, 'FILE_NAME_TAKEN');
  });

  it('creates the folders of a folder upload (relativePath)', async () => {
    const { teacher, personal } = await school();
    const done = await uploadFile(t.app, teacher.cookie, { parentId: personal, name: '文件.txt', relativePath: '子目录/深层/文件.txt', data: '深层的文件' });
    expect(done.newFile).toBe(true);
    const detail = (await call('GET', `/api/files/nodes/${done.node.id}`, teacher.cookie)).json();
    expect(detail.breadcrumbs.map((c: { name: string }) => c.name).slice(1)).toEqual(['子目录', '深层', '文件.txt']);
    // A second file of the same folder upload reuses the folders.
    const second = await uploadFile(t.app, teacher.cookie, { parentId: personal, name: '第二个.txt', relativePath: '子目录/深层/第二个.txt', data: '2' });
    expect(second.node.parentId).toBe(done.node.parentId);
    const top = (await call('GET', `/api/files/folders/${personal}`, teacher.cookie)).json().items;
    expect(top.map((n: { name: string; kind: string }) => `${n.kind}:${n.name}`)).toEqual(['folder:子目录']);
  });

  it('refuses uploads over the space quota at creation (QUOTA_EXCEEDED) and stores nothing', async () => {
    const { admin, teacher, personal } = await school();
    // Only an admin sets quotas.
    expectProblem(await call('PUT', '/api/files/quotas', teacher.cookie, { spaceId: personal, limit: 1 }), 403, 'FORBIDDEN');
    const set = await call('PUT', '/api/files/quotas', admin, { spaceId: personal, limit: 100 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ spaceId: personal, used: 0, limit: 100 });

    await uploadFile(t.app, teacher.cookie, { parentId: personal, name: '六十字节.txt', data: Buffer.alloc(60, 0x61) });
    const before = snapshot();
    const over = expectProblem(await createUpload(t.app, teacher.cookie, { filename: '太大.txt', parentId: personal }, 41), 413, 'QUOTA_EXCEEDED');
    expect(over).toMatchObject({ used: 60, limit: 100, adding: 41 });
    expect(snapshot()).toEqual(before);

    // A new version counts too (every version is kept), and unfinished uploads hold their declared size.
    const pending = await createUpload(t.app, teacher.cookie, { filename: '进行中.txt', parentId: personal }, 30);
    expect(pending.statusCode).toBe(201);
    expectProblem(await createUpload(t.app, teacher.cookie, { filename: '又一个.txt', parentId: personal }, 11), 413, 'QUOTA_EXCEEDED');
    const finished = await patchUpload(t.app, teacher.cookie, String(pending.headers.location), 0, Buffer.alloc(30, 0x62));
    expect(finished.statusCode).toBe(200);
    const mine = (await call('GET', '/api/files/quota', teacher.cookie)).json().items;
    expect(mine.find((q: { spaceId: string }) => q.spaceId === personal)).toMatchObject({ used: 90, limit: 100 });
    expectProblem(await createUpload(t.app, teacher.cookie, { filename: '六十字节.txt', parentId: personal }, 11), 413, 'QUOTA_EXCEEDED');
    await uploadFile(t.app, teacher.cookie, { parentId: personal, name: '刚好.txt', data: Buffer.alloc(10, 0x63) });
    expect(count('file_uploads')).toBe(0);

    // Lifting the limit (null) lets uploads through again; the change is audited.
    expect((await call('PUT', '/api/files/quotas', admin, { spaceId: personal, limit: null })).json().limit).toBeNull();
    await uploadFile(t.app, teacher.cookie, { parentId: personal, name: '不限.txt', data: Buffer.alloc(200, 0x64) });
    const audit = (await call('GET', '/api/admin/audit?event=files.quota_set', admin)).json().items;
    expect(audit.map((e: { details: { limit: number | null } }) => e.details.limit)).toEqual([null, 100]);
  });

  it("counts unfinished uploads against their own space's quota only", async () => {
    const { admin, teacher, personal } = await school();
    const project = await call('POST', '/api/files/spaces', teacher.cookie, { name: '校庆筹备' });
    expect(project.statusCode).toBe(201);
    expect((await call('PUT', '/api/files/quotas', admin, { spaceId: personal, limit: 100 })).statusCode).toBe(200);
    // A large upload into the project space (no quota) is under way…
    expect((await createUpload(t.app, teacher.cookie, { filename: '校庆视频.dat', parentId: project.json().id }, 5000)).statusCode).toBe(201);
    // …and does not use up the personal space.
    await uploadFile(t.app, teacher.cookie, { parentId: personal, name: '小文件.txt', data: Buffer.alloc(50, 0x61) });
    expectProblem(await createUpload(t.app, teacher.cookie, { filename: '超出.txt', parentId: personal }, 51), 413, 'QUOTA_EXCEEDED');
  });

  it('refuses uploads over the size limit (FILE_TOO_LARGE) and stores nothing', async () => {
    const defaults = testConfig({ dataDir: '.' }).files;
    t = await makeApp({ config: { files: { ...defaults, uploadMaxBytes: 1000 } } });
    const admin = await setupSchool(t.app);
    const personal = (await spacesOf(t.app, admin)).personal.id;
    const before = snapshot();
    const res = await createUpload(t.app, admin, { filename: '大文件.bin', parentId: personal }, 1001);
    expectProblem(res, 413, 'FILE_TOO_LARGE');
    expect(snapshot()).toEqual(before);
    // Exactly at the limit is fine.
    const done = await uploadFile(t.app, admin, { parentId: personal, name: '刚好.bin', data: Buffer.alloc(1000, 1) });
    expect(done.node.size).toBe(1000);
    // Sending more bytes than declared is refused as well, and the upload is dropped.
    const created = await createUpload(t.app, admin, { filename: '谎报.bin', parentId: personal }, 10);
    expect(created.statusCode).toBe(201);
    const patched = await patchUpload(t.app, admin, String(created.headers.location), 0, Buffer.alloc(1200, 2));
    expect(patched.statusCode).toBeGreaterThanOrEqual(400);
    expect(patched.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(count('file_nodes')).toBe(before.nodes + 1);
  });

  it('refuses unknown document types', async () => {
    const { admin, teacher, personal } = await school();
    const { node } = await uploadFile(t.app, teacher.cookie, { parentId: personal, name: '合同.txt', data: '合同' });
    expectProblem(await call('PATCH', `/api/files/nodes/${node.id}`, teacher.cookie, { docType: '不存在的类型' }), 400, 'DOC_TYPE_UNKNOWN');
    expect((await call('GET', `/api/files/nodes/${node.id}`, teacher.cookie)).json().node.docType).toBeNull();
    const policy = (await call('GET', '/api/files/policy', teacher.cookie)).json();
    expect(policy.docTypes.map((d: { key: string }) => d.key)).toContain('contract');
    expect((await call('PATCH', `/api/files/nodes/${node.id}`, teacher.cookie, { docType: 'contract' })).json().docType).toBe('contract');
    // The admin adds a type; then it can be used. Duplicate keys are refused.
    const types = [...policy.docTypes, { key: 'exam', zh: '试卷', en: 'Exam paper' }];
    expectProblem(await call('PATCH', '/api/files/policy', admin, { docTypes: [...types, { key: 'exam', zh: '试卷2', en: 'Exam 2' }] }), 400, 'DOC_TYPE_UNKNOWN');
    expect((await call('PATCH', '/api/files/policy', admin, { docTypes: types })).statusCode).toBe(200);
    expect((await call('PATCH', `/api/files/nodes/${node.id}`, teacher.cookie, { docType: 'exam' })).json().docType).toBe('exam');
  });
});
