// Who sees what in the documents store, through the real app with real uploads: a table of people × folder
// grants × labels → the level each person ends up with, and from it the answer of every guarded route
// (404 when invisible, exactly like a missing item; 403 FILE_ACCESS_DENIED when visible but too low).
// Then the 机密 budget of 财务处, watermarks (NodeDetail and the PDF text), audit entries, and that listings,
// classification filters and search never show what a person may not see.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, createStaff, expectProblem, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { createFolder, createUpload, spacesOf, uploadFile } from '../../helpers/files.js';

const PDF = readFileSync(path.join(import.meta.dirname, '../../fixtures/office/合同.pdf'));
const MISSING = '01h0000000000000000000000a';

type Level = 'view' | 'download' | 'edit' | 'manage';
type Label = 'public' | 'internal' | 'sensitive' | 'secret';
type Who = 'admin' | 'fin' | 'tea' | 'sub' | 'pri';
const PEOPLE: Who[] = ['admin', 'fin', 'tea', 'sub', 'pri'];
/** [subjectType, subject key (resolved in beforeEach), level] */
type G = ['user' | 'dept' | 'dept_tree' | 'role' | 'all', string, Level];

interface Row {
  title: string;
  folder: G[];
  label: Label;
  /** Label put on the folder instead of the file (inherited downwards). */
  folderLabel?: Label;
  /** Grants set on the file itself after labelling (by the admin). */
  file?: { inherit: boolean; grants: G[] };
  expect: Record<Who, Level | null>;
}

const none = { admin: null, fin: null, tea: null, sub: null, pri: null };
const MATRIX: Row[] = [
  { title: 'no grant, internal', folder: [], label: 'internal', expect: { ...none, admin: 'manage' } },
  { title: 'dept 教务处 edit (own members only)', folder: [['dept', 'jw', 'edit']], label: 'internal', expect: { ...none, admin: 'manage', tea: 'edit' } },
  { title: 'dept_tree 教务处 download (with sub-departments)', folder: [['dept_tree', 'jw', 'download']], label: 'internal', expect: { ...none, admin: 'manage', tea: 'download', sub: 'download' } },
  { title: 'role principal view', folder: [['role', 'principal', 'view']], label: 'internal', expect: { ...none, admin: 'manage', pri: 'view' } },
  { title: 'user 财务处长 manage', folder: [['user', 'fin', 'manage']], label: 'internal', expect: { ...none, admin: 'manage', fin: 'manage' } },
  { title: 'all view', folder: [['all', 'all', 'view']], label: 'internal', expect: { admin: 'manage', fin: 'view', tea: 'view', sub: 'view', pri: 'view' } },
  { title: 'public without grants: everyone downloads', folder: [], label: 'public', expect: { admin: 'manage', fin: 'download', tea: 'download', sub: 'download', pri: 'download' } },
  { title: 'public with all edit', folder: [['all', 'all', 'edit']], label: 'public', expect: { admin: 'manage', fin: 'edit', tea: 'edit', sub: 'edit', pri: 'edit' } },
  { title: 'public with dept_tree manage', folder: [['dept_tree', 'jw', 'manage']], label: 'public', expect: { admin: 'manage', fin: 'download', tea: 'manage', sub: 'manage', pri: 'download' } },
  { title: 'sensitive, dept_tree edit', folder: [['dept_tree', 'jw', 'edit']], label: 'sensitive', expect: { ...none, admin: 'manage', tea: 'edit', sub: 'edit' } },
  { title: 'sensitive, all view + user download', folder: [['all', 'all', 'view'], ['user', 'fin', 'download']], label: 'sensitive', expect: { admin: 'manage', fin: 'download', tea: 'view', sub: 'view', pri: 'view' } },
  { title: 'sensitive label on the folder is inherited', folder: [['all', 'all', 'download']], label: 'internal', folderLabel: 'sensitive', expect: { admin: 'manage', fin: 'download', tea: 'download', sub: 'download', pri: 'download' } },
  {
    title: 'secret: dept_tree ignored, only the named person; the admin not named',
    folder: [['dept_tree', 'jw', 'edit'], ['user', 'fin', 'view']], label: 'secret', file: { inherit: true, grants: [] },
    expect: { ...none, fin: 'view' },
  },
  {
    title: 'secret: role and all ignored',
    folder: [['role', 'principal', 'manage'], ['all', 'all', 'edit'], ['user', 'fin', 'edit']], label: 'secret', file: { inherit: true, grants: [] },
    expect: { ...none, fin: 'edit' },
  },
  { title: 'secret labelled by the admin: the admin is named', folder: [['dept', 'jw', 'edit']], label: 'secret', expect: { ...none, admin: 'manage' } },
  {
    title: 'inherit=false stops folder grants (internal)',
    folder: [['all', 'all', 'edit']], label: 'internal', file: { inherit: false, grants: [['user', 'tea', 'view']] },
    expect: { ...none, admin: 'manage', tea: 'view' },
  },
  {
    title: 'inherit=false stops folder grants (secret)',
    folder: [['user', 'fin', 'manage']], label: 'secret', file: { inherit: false, grants: [['user', 'sub', 'download']] },
    expect: { ...none, sub: 'download' },
  },
];

const RANKS: Level[] = ['view', 'download', 'edit', 'manage'];
/** What a route needing `wanted` answers to someone holding `have`. */
const statusFor = (have: Level | null, wanted: Level) => (have === null ? 404 : RANKS.indexOf(have) >= RANKS.indexOf(wanted) ? 200 : 403);

describe('documents access', () => {
  let t: TestApp;
  let admin: string;
  const cookies = {} as Record<Who, string>;
  const names = {} as Record<Who | 'clerk', string>;
  const ids = {} as Record<string, string>;
  let clerk: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const grants = (list: G[]) => list.map(([subjectType, key, level]) => ({ subjectType, subjectId: key === 'all' ? '' : (ids[key] ?? key), level }));
  const share = async (cookie: string, id: string, inherit: boolean, list: G[]) => {
    const res = await call('PUT', `/api/files/nodes/${id}/sharing`, cookie, { inherit, grants: grants(list) });
    expect(res.statusCode, res.body).toBe(200);
  };
  const label = async (cookie: string, id: string, sensitivity: Label, extra: Record<string, unknown> = {}) => {
    const res = await call('PATCH', `/api/files/nodes/${id}`, cookie, { sensitivity, ...extra });
    expect(res.statusCode, res.body).toBe(200);
  };
  /** Every audit entry of files.* (paged), oldest first. */
  const auditTrail = async () => {
    const out: { event: string; actorName: string | null; targetId: string | null; details: Record<string, unknown> | null }[] = [];
    let cursor = '';
    for (;;) {
      const res = await call('GET', `/api/admin/audit?event=files.*&limit=200${cursor ? `&cursor=${cursor}` : ''}`, admin);
      expect(res.statusCode).toBe(200);
      out.push(...res.json().items);
      cursor = res.json().nextCursor;
      if (!cursor) return out.reverse();
    }
  };

  beforeEach(async () => {
    t = await makeApp();
    admin = await setupSchool(t.app);
    const dept = async (name: string, parentId?: string) => (await call('POST', '/api/org/departments', admin, { name, parentId })).json().id as string;
    ids.finance = await dept('财务处');
    ids.jw = await dept('教务处');
    ids.jwSub = await dept('语文教研组', ids.jw);
    ids.office = await dept('校长办公室');
    const staff = async (who: Who | 'clerk', username: string, displayName: string, departmentId: string, roles?: unknown[]) => {
      const s = await createStaff(t.app, admin, { username, displayName, departmentId, ...(roles ? { roles } : {}) });
      names[who] = displayName;
      return s;
    };
    const fin = await staff('fin', 'cwhead', '财务处长钱芳', ids.finance, [{ role: 'staff' }, { role: 'dept_head', departmentId: ids.finance }]);
    expect((await call('PATCH', `/api/org/departments/${ids.finance}`, admin, { headId: fin.person.id })).statusCode).toBe(200);
    const tea = await staff('tea', 'jw01', '教务处李老师', ids.jw);
    const sub = await staff('sub', 'yw01', '语文组张老师', ids.jwSub);
    const pri = await staff('pri', 'xz01', '校长赵刚', ids.office, [{ role: 'staff' }, { role: 'principal' }]);
    clerk = (await staff('clerk', 'cw02', '财务处会计孙丽', ids.finance)).cookie;
    Object.assign(cookies, { admin, fin: fin.cookie, tea: tea.cookie, sub: sub.cookie, pri: pri.cookie });
    names.admin = ADMIN.displayName;
    Object.assign(ids, { admin: t.app.services.org.userByUsername('admin')!.id, fin: fin.person.id, tea: tea.person.id, sub: sub.person.id, pri: pri.person.id, principal: 'principal' });
  });
  afterEach(() => t.close());

  it('applies grants, inheritance and labels: the access matrix', async () => {
    const school = (await spacesOf(t.app, admin)).school!.id;
    const missing = (await call('GET', `/api/files/nodes/${MISSING}`, cookies.tea)).json();
    const files: { row: Row; id: string }[] = [];
    for (const [i, row] of MATRIX.entries()) {
      const folder = await createFolder(t.app, admin, school, `矩阵${i}`);
      // inherit=false: the school space's "everyone may view" stops here, so the row's grants are all there is.
      await share(admin, folder.id, false, row.folder);
      if (row.folderLabel) await label(admin, folder.id, row.folderLabel);
      const { node } = await uploadFile(t.app, admin, { parentId: folder.id, name: `文件${i}.pdf`, data: PDF });
      if (row.label !== 'internal') await label(admin, node.id, row.label);
      if (row.file) await share(admin, node.id, row.file.inherit, row.file.grants);
      files.push({ row, id: node.id });
    }

    const expectedAudit: { event: string; actorName: string; targetId: string }[] = [];
    for (const { row, id } of files) {
      for (const who of PEOPLE) {
        const level = row.expect[who];
        const ctx = `${row.title} / ${who}`;
        const cookie = cookies[who];
        const detail = await call('GET', `/api/files/nodes/${id}`, cookie);
        const content = await call('GET', `/api/files/nodes/${id}/content`, cookie);
        const sharing = await call('GET', `/api/files/nodes/${id}/sharing`, cookie);
        const rename = await call('PATCH', `/api/files/nodes/${id}`, cookie, { name: `改名-${who}.pdf` });
        const got = [detail, content, rename, sharing].map((r) => r.statusCode);
        expect(got, ctx).toEqual([statusFor(level, 'view'), statusFor(level, 'download'), statusFor(level, 'edit'), statusFor(level, 'manage')]);
        for (const res of [detail, content, rename, sharing]) {
          if (res.statusCode === 404) {
            expectProblem(res, 404, 'NOT_FOUND');
            // Invisible answers exactly like missing: nothing tells that the item exists.
            const { requestId: _a, instance: _b, ...same } = res.json();
            const { requestId: _c, instance: _d, ...expected } = missing;
            expect(same, ctx).toEqual(expected);
          }
          if (res.statusCode === 403) expectProblem(res, 403, 'FILE_ACCESS_DENIED');
        }
        if (level === null) continue;
        const body = detail.json();
        expect(body.node.level, ctx).toBe(level);
        const watermarked = row.label === 'sensitive' || row.label === 'secret' || row.folderLabel === 'sensitive';
        if (watermarked) {
          expect(body.watermark, ctx).toContain(names[who]);
          expectedAudit.push({ event: 'files.viewed', actorName: names[who], targetId: id });
          if (content.statusCode === 200) expectedAudit.push({ event: 'files.downloaded', actorName: names[who], targetId: id });
        } else expect(body.watermark, ctx).toBeNull();
        if (content.statusCode === 200) {
          expect(content.headers['content-type'], ctx).toMatch(/^application\/pdf/);
          if (!watermarked) expect(content.rawPayload.equals(PDF), ctx).toBe(true);
          else expect(content.rawPayload.equals(PDF), ctx).toBe(false);
        }
      }
    }

    // Every view and download of a sensitive or secret file left an audit entry, and only those did.
    const trail = await auditTrail();
    const handedOut = trail.filter((e) => e.event === 'files.viewed' || e.event === 'files.downloaded');
    expect(handedOut.map((e) => ({ event: e.event, actorName: e.actorName, targetId: e.targetId }))).toEqual(expectedAudit);
    // …and every label and permission change too.
    const labelled = files.filter((f) => f.row.label !== 'internal').map((f) => f.id);
    expect(trail.filter((e) => e.event === 'files.sensitivity_changed').map((e) => e.targetId)).toEqual(expect.arrayContaining(labelled));
    const reshared = files.filter((f) => f.row.file).map((f) => f.id);
    expect(trail.filter((e) => e.event === 'files.permissions_changed').map((e) => e.targetId)).toEqual(expect.arrayContaining(reshared));
  });

  it('机密 budget in the 财务处 space: the named head gets it watermarked, everyone else (the admin too) gets 404', async () => {
    const finSpace = (await spacesOf(t.app, cookies.fin)).departments.find((d) => d.name === '财务处')!;
    expect(finSpace).toBeDefined();
    const { node: budget } = await uploadFile(t.app, cookies.fin, { parentId: finSpace.id, name: '2027年度预算.pdf', data: PDF });
    await label(cookies.fin, budget.id, 'secret', { docType: 'budget' });
    const { node: plain } = await uploadFile(t.app, clerk, { parentId: finSpace.id, name: '经费报销说明.txt', data: '报销流程：先填单，再签字。' });

    // 404 for a colleague of the same department, a teacher elsewhere and the admin, on every route.
    for (const cookie of [clerk, cookies.tea, admin]) {
      for (const [method, url, payload] of [
        ['GET', `/api/files/nodes/${budget.id}`],
        ['GET', `/api/files/nodes/${budget.id}/content`],
        ['GET', `/api/files/nodes/${budget.id}/versions`],
        ['GET', `/api/files/nodes/${budget.id}/preview`],
        ['GET', `/api/files/nodes/${budget.id}/sharing`],
        ['PATCH', `/api/files/nodes/${budget.id}`, { name: '偷看.pdf' }],
        ['PUT', `/api/files/nodes/${budget.id}/sharing`, { inherit: true, grants: [{ subjectType: 'user', subjectId: ids.tea, level: 'view' }] }],
        ['DELETE', `/api/files/nodes/${budget.id}`],
      ] as const) {
        expectProblem(await call(method, url, cookie, payload), 404, 'NOT_FOUND');
      }
    }
    expectProblem(await call('GET', `/api/files/folders/${finSpace.id}`, cookies.tea), 404, 'NOT_FOUND');
    // Uploads are refused at creation the same way: into an invisible folder, or as a new version of the secret file.
    expectProblem(await createUpload(t.app, cookies.tea, { filename: '塞进去.txt', parentId: finSpace.id }, 3), 404, 'NOT_FOUND');
    expectProblem(await createUpload(t.app, clerk, { filename: '覆盖.pdf', fileId: budget.id }, 3), 404, 'NOT_FOUND');

    // Listings, classification filters and search show only what each person may see.
    const { node: jwBudget } = await uploadFile(t.app, cookies.tea, { parentId: (await spacesOf(t.app, cookies.tea)).departments[0]!.id, name: '教务预算.txt', data: '教务处的预算草案' });
    expect((await call('PATCH', `/api/files/nodes/${jwBudget.id}`, cookies.tea, { docType: 'budget' })).statusCode).toBe(200);
    expect((await call('PATCH', `/api/files/nodes/${plain.id}`, clerk, { docType: 'budget' })).statusCode).toBe(200);
    const listed = async (cookie: string) => ((await call('GET', `/api/files/folders/${finSpace.id}`, cookie)).json().items as { name: string }[]).map((n) => n.name).sort();
    expect(await listed(cookies.fin)).toEqual(['2027年度预算.pdf', '经费报销说明.txt']);
    expect(await listed(clerk)).toEqual(['经费报销说明.txt']);
    expect(await listed(admin)).toEqual(['经费报销说明.txt']);
    const byType = async (cookie: string) => ((await call('GET', '/api/files?docType=budget', cookie)).json().items as { name: string }[]).map((n) => n.name).sort();
    expect(await byType(cookies.fin)).toEqual(['2027年度预算.pdf', '经费报销说明.txt']);
    expect(await byType(clerk)).toEqual(['经费报销说明.txt']);
    expect(await byType(cookies.tea)).toEqual(['教务预算.txt']);
    expect(await byType(cookies.sub)).toEqual(['教务预算.txt']);
    expect(await byType(cookies.pri)).toEqual([]);
    expect(await byType(admin)).toEqual(['教务预算.txt', '经费报销说明.txt']);
    const found = async (cookie: string, q: string) => ((await call('GET', `/api/files/search?q=${encodeURIComponent(q)}`, cookie)).json().items as { node: { name: string } }[]).map((h) => h.node.name).sort();
    expect(await found(cookies.fin, '预算')).toEqual(['2027年度预算.pdf']);
    expect(await found(cookies.tea, '预算')).toEqual(['教务预算.txt']);
    expect(await found(clerk, '预算')).toEqual([]);
    expect(await found(admin, '预算')).toEqual(['教务预算.txt']);
    expect(await found(cookies.pri, '预算')).toEqual([]);

    // The head: detail with a watermark naming them, and the PDF carries that name in its text.
    const detail = await call('GET', `/api/files/nodes/${budget.id}`, cookies.fin);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().node).toMatchObject({ effectiveSensitivity: 'secret', level: 'manage', hasThumbnail: false });
    expect(detail.json().watermark).toContain('财务处长钱芳');
    const download = await call('GET', `/api/files/nodes/${budget.id}/content`, cookies.fin);
    expect(download.statusCode).toBe(200);
    expect(download.headers['cache-control']).toBe('private, no-store');
    const work = mkdtempSync(path.join(tmpdir(), 'xb-wm-'));
    try {
      writeFileSync(path.join(work, 'out.pdf'), download.rawPayload);
      const text = execFileSync('pdftotext', ['-raw', path.join(work, 'out.pdf'), '-'], { encoding: 'utf8' });
      expect(text.replace(/\s+/g, '')).toContain('财务处长钱芳');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }

    // Naming the admin (view) makes it visible to them: watermarked with their own name, no download.
    await share(cookies.fin, budget.id, true, [['user', 'fin', 'manage'], ['user', 'admin', 'view']]);
    const seen = await call('GET', `/api/files/nodes/${budget.id}`, admin);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().watermark).toContain('王校办');
    expectProblem(await call('GET', `/api/files/nodes/${budget.id}/content`, admin), 403, 'FILE_ACCESS_DENIED');
    // The department colleague is still out: department grants do not count for 机密.
    expectProblem(await call('GET', `/api/files/nodes/${budget.id}`, clerk), 404, 'NOT_FOUND');

    const trail = (await auditTrail()).filter((e) => e.targetId === budget.id);
    expect(trail.map((e) => `${e.event} ${e.actorName}`)).toEqual([
      'files.sensitivity_changed 财务处长钱芳',
      'files.viewed 财务处长钱芳',
      'files.downloaded 财务处长钱芳',
      'files.permissions_changed 财务处长钱芳',
      'files.viewed 王校办',
    ]);
    expect(trail.find((e) => e.event === 'files.permissions_changed')!.details).toMatchObject({ sensitivity: 'secret' });
    expect(await listed(admin)).toEqual(['2027年度预算.pdf', '经费报销说明.txt']);
  });

  it('department spaces: the subtree edits, the head manages, other departments see nothing', async () => {
    const jwSpace = (await spacesOf(t.app, cookies.tea)).departments.find((d) => d.name === '教务处')!;
    const subSpaces = (await spacesOf(t.app, cookies.sub)).departments.map((d) => d.name);
    expect(subSpaces).toContain('教务处');
    expect((await spacesOf(t.app, cookies.fin)).departments.map((d) => d.name)).toEqual(['财务处']);
    const { node } = await uploadFile(t.app, cookies.sub, { parentId: jwSpace.id, name: '教研计划.txt', data: '计划' });
    expect((await call('GET', `/api/files/nodes/${node.id}`, cookies.tea)).json().node.level).toBe('edit');
    expectProblem(await call('GET', `/api/files/nodes/${node.id}/sharing`, cookies.tea), 403, 'FILE_ACCESS_DENIED');
    expectProblem(await call('GET', `/api/files/nodes/${node.id}`, cookies.fin), 404, 'NOT_FOUND');
    // View-only on a folder: visible, but no uploads into it (403 at creation).
    const readOnly = await createFolder(t.app, cookies.sub, jwSpace.id, '只读');
    await share(admin, readOnly.id, false, [['dept_tree', 'jw', 'view']]);
    expectProblem(await createUpload(t.app, cookies.sub, { filename: '试试.txt', parentId: readOnly.id }, 3), 403, 'FILE_ACCESS_DENIED');
    expectProblem(await call('GET', `/api/files/nodes/${node.id}`, cookies.pri), 404, 'NOT_FOUND');
    // A head appointed after the space exists manages it too.
    expect((await call('PATCH', `/api/org/departments/${ids.jw}`, admin, { headId: ids.tea })).statusCode).toBe(200);
    expect((await call('GET', `/api/files/nodes/${node.id}`, cookies.tea)).json().node.level).toBe('manage');
    expect((await call('GET', `/api/files/nodes/${node.id}/sharing`, cookies.tea)).statusCode).toBe(200);
    // …and a head who is replaced stops managing it.
    expect((await call('PATCH', `/api/org/departments/${ids.jw}`, admin, { headId: ids.sub })).statusCode).toBe(200);
    expect((await call('GET', `/api/files/nodes/${node.id}`, cookies.tea)).json().node.level).toBe('edit');
    expect((await call('GET', `/api/files/nodes/${node.id}`, cookies.sub)).json().node.level).toBe('manage');
  });

  it('personal spaces are private, even to the admin', async () => {
    const mine = (await spacesOf(t.app, cookies.tea)).personal.id;
    const { node } = await uploadFile(t.app, cookies.tea, { parentId: mine, name: '私人笔记.txt', data: '只有我能看' });
    expect((await call('GET', `/api/files/nodes/${node.id}`, cookies.tea)).json().node.level).toBe('manage');
    for (const cookie of [admin, cookies.sub, cookies.fin]) {
      expectProblem(await call('GET', `/api/files/nodes/${node.id}`, cookie), 404, 'NOT_FOUND');
      expectProblem(await call('GET', `/api/files/folders/${mine}`, cookie), 404, 'NOT_FOUND');
    }
    expect(((await call('GET', '/api/files/search?q=私人笔记', admin)).json().items as unknown[]).length).toBe(0);
    expect((await spacesOf(t.app, admin)).personal.id).not.toBe(mine);
  });
});
