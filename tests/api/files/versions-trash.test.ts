// Versions, downloads, the recycle bin and retention through the real app with real uploads: a same-named
// upload is a new version, rollback copies forward, concurrent uploads lose nothing, Range and RFC 6266
// names, delete/restore of whole subtrees, admin purge with blob garbage collection, and version pruning.
import { createHash } from 'node:crypto';
import { existsSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, createStaff, expectProblem, loginCookie, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { createFolder, createUpload, drainJobs, patchUpload, spacesOf, uploadFile } from '../../helpers/files.js';
import { DAY, HOUR, MINUTE } from '../../../server/lib/clock.js';
import type { VersionRow } from '../../../server/modules/files/files.repo.js';
import { versionsToPrune } from '../../../server/modules/files/files.retention.js';

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('versions, downloads and the recycle bin', () => {
  let t: TestApp;
  let admin: string;
  let tea: { id: string; cookie: string };
  let colleague: { id: string; cookie: string };
  /** The 教务处 space: both teachers edit it. */
  let space: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers: { cookie, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const names = async (folderId: string, cookie = tea.cookie) =>
    ((await call('GET', `/api/files/folders/${folderId}`, cookie)).json().items as { name: string }[]).map((n) => n.name);
  const found = async (q: string, cookie = tea.cookie) =>
    ((await call('GET', `/api/files/search?q=${encodeURIComponent(q)}`, cookie)).json().items as { node: { name: string } }[]).map((h) => h.node.name).sort();
  const blobPath = (hash: string) => path.join(t.dir, 'blobs', hash.slice(0, 2), hash.slice(2, 4), hash);

  beforeEach(async () => {
    t = await makeApp();
    admin = await setupSchool(t.app);
    const jw = (await call('POST', '/api/org/departments', admin, { name: '教务处' })).json().id as string;
    const a = await createStaff(t.app, admin, { username: 'jw01', displayName: '李老师', departmentId: jw });
    const b = await createStaff(t.app, admin, { username: 'jw02', displayName: '王老师', departmentId: jw });
    tea = { id: a.person.id, cookie: a.cookie };
    colleague = { id: b.person.id, cookie: b.cookie };
    space = (await spacesOf(t.app, tea.cookie)).departments[0]!.id;
  });
  afterEach(() => t.close());

  it('a same-named upload is a new version; old versions download; rollback copies forward', async () => {
    const first = await uploadFile(t.app, tea.cookie, { parentId: space, name: '学期计划.dat', data: 'version one' });
    expect(first).toMatchObject({ newFile: true, version: { number: 1 } });
    t.clock.advance(5 * MINUTE);
    const second = await uploadFile(t.app, colleague.cookie, { parentId: space, name: '学期计划.dat', data: 'version two!' });
    expect(second).toMatchObject({ newFile: false, node: { id: first.node.id, versionNumber: 2, size: 12 }, version: { number: 2 } });
    expect(await names(space)).toEqual(['学期计划.dat']);
    // By fileId too.
    t.clock.advance(5 * MINUTE);
    const third = await uploadFile(t.app, tea.cookie, { fileId: first.node.id, name: '随便.dat', data: 'version three' });
    expect(third).toMatchObject({ newFile: false, node: { name: '学期计划.dat' }, version: { number: 3 } });

    const list = (await call('GET', `/api/files/nodes/${first.node.id}/versions`, tea.cookie)).json().items;
    expect(list.map((v: { number: number; createdByName: string; size: number; current: boolean }) => [v.number, v.createdByName, v.size, v.current])).toEqual([
      [3, '李老师', 13, true],
      [2, '王老师', 12, false],
      [1, '李老师', 11, false],
    ]);
    expect(Date.parse(list[0].createdAt) - Date.parse(list[2].createdAt)).toBe(10 * MINUTE);
    expect(list[2].sha256).toBe(sha('version one'));

    const v1 = await call('GET', `/api/files/nodes/${first.node.id}/content?version=${first.version.id}`, tea.cookie);
    expect(v1.body).toBe('version one');
    expect((await call('GET', `/api/files/nodes/${first.node.id}/content`, tea.cookie)).body).toBe('version three');
    // Another file's version id is not a version of this file.
    const other = await uploadFile(t.app, tea.cookie, { parentId: space, name: '别的.dat', data: 'x' });
    expectProblem(await call('GET', `/api/files/nodes/${first.node.id}/content?version=${other.version.id}`, tea.cookie), 404, 'NOT_FOUND');

    const rolled = await call('POST', `/api/files/nodes/${first.node.id}/versions/${first.version.id}/rollback`, colleague.cookie);
    expect(rolled.statusCode).toBe(201);
    expect(rolled.json()).toMatchObject({ number: 4, restoredFrom: 1, sha256: sha('version one'), current: true, createdByName: '王老师' });
    expect((await call('GET', `/api/files/nodes/${first.node.id}/content`, tea.cookie)).body).toBe('version one');
    expect((await call('GET', `/api/files/nodes/${first.node.id}/versions`, tea.cookie)).json().items).toHaveLength(4);
    expectProblem(await call('POST', `/api/files/nodes/${first.node.id}/versions/${other.version.id}/rollback`, tea.cookie), 404, 'NOT_FOUND');
    // The same bytes are stored once.
    expect((t.app.services.db.sqlite.prepare('SELECT count(*) AS n FROM file_blobs WHERE sha256 = ?').get(sha('version one')) as { n: number }).n).toBe(1);
  });

  it('concurrent uploads of the same new file: both kept, nothing lost', async () => {
    const a = await createUpload(t.app, tea.cookie, { filename: '同时上传.dat', parentId: space }, 5);
    const b = await createUpload(t.app, colleague.cookie, { filename: '同时上传.dat', parentId: space }, 6);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    const [ra, rb] = await Promise.all([
      patchUpload(t.app, tea.cookie, String(a.headers.location), 0, Buffer.from('aaaaa')),
      patchUpload(t.app, colleague.cookie, String(b.headers.location), 0, Buffer.from('bbbbbb')),
    ]);
    expect([ra.statusCode, rb.statusCode]).toEqual([200, 200]);
    const done = [ra.json(), rb.json()];
    // One file with two versions (each upload one of them), or two files — either way both contents are there.
    const contents = new Set<string>();
    for (const d of done) {
      const res = await call('GET', `/api/files/nodes/${d.node.id}/content?version=${d.version.id}`, tea.cookie);
      contents.add(res.body);
    }
    expect(contents).toEqual(new Set(['aaaaa', 'bbbbbb']));
    if (done[0].node.id === done[1].node.id) {
      expect(done.map((d) => d.version.number).sort()).toEqual([1, 2]);
      expect(done.map((d) => d.newFile).sort()).toEqual([false, true]);
      expect(await names(space)).toEqual(['同时上传.dat']);
    } else {
      expect((await names(space)).sort()).toEqual(['同时上传 (2).dat', '同时上传.dat']);
    }
    expect((t.app.services.db.sqlite.prepare('SELECT count(*) AS n FROM file_uploads').get() as { n: number }).n).toBe(0);
  });

  it('downloads with HTTP Range and RFC 6266 names', async () => {
    const { node } = await uploadFile(t.app, tea.cookie, { parentId: space, name: '期末成绩 2026.dat', data: '0123456789abcdefghij' });
    const url = `/api/files/nodes/${node.id}/content`;
    const whole = await call('GET', url, tea.cookie);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-disposition']).toBe(`attachment; filename="____ 2026.dat"; filename*=UTF-8''${encodeURIComponent('期末成绩 2026.dat')}`);
    expect(whole.headers['content-disposition']).toContain("filename*=UTF-8''%E6%9C%9F%E6%9C%AB%E6%88%90%E7%BB%A9%202026.dat");

    const head = await call('GET', url, tea.cookie, undefined, { range: 'bytes=0-9' });
    expect(head.statusCode).toBe(206);
    expect(head.headers['content-range']).toBe('bytes 0-9/20');
    expect(head.body).toBe('0123456789');
    const tail = await call('GET', url, tea.cookie, undefined, { range: 'bytes=-5' });
    expect(tail.statusCode).toBe(206);
    expect(tail.headers['content-range']).toBe('bytes 15-19/20');
    expect(tail.body).toBe('fghij');
    const beyond = await call('GET', url, tea.cookie, undefined, { range: 'bytes=999999-' });
    expectProblem(beyond, 416, 'RANGE_NOT_SATISFIABLE');
    expect(beyond.headers['content-range']).toBe('bytes */20');
    // A stale If-Range gets the whole file; a matching ETag answers 304.
    const stale = await call('GET', url, tea.cookie, undefined, { range: 'bytes=0-1', 'if-range': '"old"' });
    expect([stale.statusCode, stale.body.length]).toEqual([200, 20]);
    const etag = String(whole.headers.etag);
    expect((await call('GET', url, tea.cookie, undefined, { 'if-none-match': etag })).statusCode).toBe(304);
  });

  it('deletes a folder with its contents into the bin; restore brings the subtree back, renamed when the name is taken', async () => {
    const folder = await createFolder(t.app, tea.cookie, space, '旧资料');
    const inner = await createFolder(t.app, tea.cookie, folder.id, '归档子目录');
    const { node: a } = await uploadFile(t.app, tea.cookie, { parentId: folder.id, name: '归档计划.dat', data: 'a' });
    const { node: b } = await uploadFile(t.app, tea.cookie, { parentId: inner.id, name: '归档名单.dat', data: 'b' });
    expect(await found('归档')).toEqual(['归档名单.dat', '归档子目录', '归档计划.dat']);

    expect((await call('DELETE', `/api/files/nodes/${folder.id}`, tea.cookie)).statusCode).toBe(204);
    expect(await names(space)).toEqual([]);
    expect(await found('归档')).toEqual([]);
    expect(await found('归档', admin)).toEqual([]);
    for (const id of [folder.id, inner.id, a.id, b.id]) expectProblem(await call('GET', `/api/files/nodes/${id}`, tea.cookie), 404, 'NOT_FOUND');
    expect(((await call('GET', '/api/files?within=' + space, tea.cookie)).json().items as unknown[]).length).toBe(0);

    const bin = (await call('GET', '/api/files/trash', tea.cookie)).json().items;
    expect(bin).toHaveLength(1);
    expect(bin[0]).toMatchObject({ node: { id: folder.id, name: '旧资料' }, deletedByName: '李老师', contains: 2, originalPath: '教务处' });
    expect((await call('GET', '/api/files/trash', colleague.cookie)).json().items).toEqual([]);
    expect(((await call('GET', '/api/files/trash', admin)).json().items as { node: { id: string } }[]).map((i) => i.node.id)).toContain(folder.id);
    // Only the one who deleted it (or an admin) restores; an inner item is not a bin entry.
    expectProblem(await call('POST', `/api/files/trash/${folder.id}/restore`, colleague.cookie), 404, 'NOT_FOUND');
    expectProblem(await call('POST', `/api/files/trash/${a.id}/restore`, tea.cookie), 404, 'NOT_FOUND');

    const restored = await call('POST', `/api/files/trash/${folder.id}/restore`, tea.cookie);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().name).toBe('旧资料');
    expect(await names(space)).toEqual(['旧资料']);
    expect(await names(inner.id)).toEqual(['归档名单.dat']);
    expect(await found('归档')).toEqual(['归档名单.dat', '归档子目录', '归档计划.dat']);
    expect((await call('GET', `/api/files/nodes/${b.id}/content`, tea.cookie)).body).toBe('b');
    expect((await call('GET', '/api/files/trash', tea.cookie)).json().items).toEqual([]);

    // Deleted again, and meanwhile someone made a new 旧资料 and a new 归档计划.dat: restored as "(2)".
    expect((await call('DELETE', `/api/files/nodes/${folder.id}`, tea.cookie)).statusCode).toBe(204);
    await createFolder(t.app, colleague.cookie, space, '旧资料');
    expect((await call('POST', `/api/files/trash/${folder.id}/restore`, tea.cookie)).json().name).toBe('旧资料 (2)');
    expect((await names(space)).sort()).toEqual(['旧资料', '旧资料 (2)']);
    expect((await call('DELETE', `/api/files/nodes/${a.id}`, tea.cookie)).statusCode).toBe(204);
    await uploadFile(t.app, tea.cookie, { parentId: folder.id, name: '归档计划.dat', data: 'new' });
    expect((await call('POST', `/api/files/trash/${a.id}/restore`, tea.cookie)).json().name).toBe('归档计划 (2).dat');
    // Space roots cannot be deleted by their members.
    expectProblem(await call('DELETE', `/api/files/nodes/${space}`, tea.cookie), 409, 'SPACE_ROOT_LOCKED');
  });

  it('purge: admins only; blobs nothing references any more are collected by files.gc', async () => {
    const { node: only } = await uploadFile(t.app, tea.cookie, { parentId: space, name: '独有.dat', data: 'only here' });
    const { node: shared } = await uploadFile(t.app, tea.cookie, { parentId: space, name: '共用一.dat', data: 'same bytes' });
    await uploadFile(t.app, tea.cookie, { parentId: space, name: '共用二.dat', data: 'same bytes' });
    for (const id of [only.id, shared.id]) expect((await call('DELETE', `/api/files/nodes/${id}`, tea.cookie)).statusCode).toBe(204);

    expectProblem(await call('DELETE', `/api/files/trash/${only.id}`, tea.cookie), 403, 'FORBIDDEN');
    expectProblem(await call('DELETE', `/api/files/trash/${space}`, admin), 404, 'NOT_FOUND'); // not in the bin
    for (const id of [only.id, shared.id]) expect((await call('DELETE', `/api/files/trash/${id}`, admin)).statusCode).toBe(204);
    expectProblem(await call('POST', `/api/files/trash/${only.id}/restore`, tea.cookie), 404, 'NOT_FOUND');
    expect((await call('GET', '/api/files/trash', admin)).json().items).toEqual([]);
    const purged = (await call('GET', '/api/admin/audit?event=files.purged', admin)).json().items;
    expect(purged.map((e: { targetName: string }) => e.targetName).sort()).toEqual(['共用一.dat', '独有.dat']);

    // Garbage collection leaves an hour of grace (uploads being recorded): let the blobs age.
    t.clock.advance(2 * HOUR);
    const old = new Date(Date.now() - 2 * HOUR);
    for (const hash of [sha('only here'), sha('same bytes')]) utimesSync(blobPath(hash), old, old);
    await drainJobs(t.app);
    expect(existsSync(blobPath(sha('only here')))).toBe(false);
    expect(existsSync(blobPath(sha('same bytes')))).toBe(true);
    expect(await names(space)).toEqual(['共用二.dat']);
  });

  it('prunes old versions by the retention policy (files.maintenance), keeping current and annotated ones', async () => {
    // Start on a Monday, 09:00 in Beijing, so the first three versions share a (school) week.
    const local = t.clock.now().getTime() + 8 * HOUR;
    const weekday = Math.floor(local / DAY + 3) % 7; // 0: Monday
    t.clock.advance(Math.floor(local / DAY) * DAY + (7 - weekday) * DAY + 9 * HOUR - local);
    // Sessions go idle over the weeks this test jumps: sign in again after each jump.
    let me = await loginCookie(t.app, ADMIN.username, ADMIN.password);
    const personal = (await spacesOf(t.app, me)).personal.id;
    const up = (data: string) => uploadFile(t.app, me, { parentId: personal, name: '周报.dat', data });
    const v1 = await up('week one');
    t.clock.advance(HOUR);
    await up('week one, fixed');
    t.clock.advance(HOUR);
    await up('week one, final');
    const note = await call('POST', `/api/files/nodes/${v1.node.id}/annotations`, me, { versionId: v1.version.id, page: 1, shape: { type: 'note', at: { x: 0.5, y: 0.5 } }, colour: '#e53935', text: '保留' });
    expect(note.statusCode).toBe(201);
    t.clock.advance(20 * DAY);
    me = await loginCookie(t.app, ADMIN.username, ADMIN.password);
    await up('three weeks later');
    t.clock.advance(20 * DAY);

    t.app.services.jobs.enqueue('files.maintenance', {});
    // The blob of the pruned version is collected once it has aged (see the purge test).
    utimesSync(blobPath(sha('week one, fixed')), new Date(Date.now() - 2 * HOUR), new Date(Date.now() - 2 * HOUR));
    await drainJobs(t.app);
    const cookie = await loginCookie(t.app, ADMIN.username, ADMIN.password);
    const left = (await call('GET', `/api/files/nodes/${v1.node.id}/versions`, cookie)).json().items.map((v: { number: number }) => v.number);
    // v4 current and young; v3 the newest of its week; v1 annotated; v2 goes.
    expect(left).toEqual([4, 3, 1]);
    expect(existsSync(blobPath(sha('week one, fixed')))).toBe(false);
    const pruned = (await call('GET', '/api/admin/audit?event=files.versions_pruned', cookie)).json().items;
    expect(pruned).toHaveLength(1);
    expect(pruned[0]).toMatchObject({ targetId: v1.node.id, targetName: '周报.dat', details: { versions: [2], policy: { keepAllDays: 30, weeklyForDays: 0 } } });
    // Running again prunes nothing more.
    t.app.services.jobs.enqueue('files.maintenance', {});
    await drainJobs(t.app);
    expect((await call('GET', '/api/admin/audit?event=files.versions_pruned', cookie)).json().items).toHaveLength(1);
  });
});

describe('versionsToPrune (retention policy, pure)', () => {
  // Tuesday 2026-09-01 12:00 in Beijing.
  const now = new Date('2026-09-01T04:00:00Z');
  const v = (id: string, ago: number): VersionRow => ({
    id, nodeId: 'f', number: 0, sha256: '0'.repeat(64), size: 1, mime: 'text/plain', restoredFrom: null, createdBy: null,
    createdAt: new Date(now.getTime() - ago).toISOString(),
  });
  // Newest first, as the repo returns them. c/d share a week (Sat 08-01), so do e/f (Sat 07-18) and h/i (Mon 05-25).
  const versions = [
    v('a', 1 * DAY), v('b', 29 * DAY), v('edge', 30 * DAY), v('c', 31 * DAY), v('d', 31 * DAY + HOUR), v('e', 45 * DAY), v('f', 45 * DAY + HOUR),
    v('h', 99 * DAY), v('i', 99 * DAY + 2 * HOUR), v('g', 400 * DAY),
  ];
  const ids = (rows: VersionRow[]) => rows.map((r) => r.id);

  it.each([
    { title: 'weekly kept for ever (weeklyForDays 0)', policy: { keepAllDays: 30, weeklyForDays: 0 }, current: 'a', keep: [], prune: ['d', 'f', 'i'] },
    { title: 'annotated versions stay and do not use up their week', policy: { keepAllDays: 30, weeklyForDays: 0 }, current: 'a', keep: ['e'], prune: ['d', 'i'] },
    { title: 'weekly for 90 more days, then nothing', policy: { keepAllDays: 30, weeklyForDays: 90 }, current: 'a', keep: [], prune: ['d', 'f', 'i', 'g'] },
    { title: 'the current version always stays, however old', policy: { keepAllDays: 30, weeklyForDays: 90 }, current: 'g', keep: ['d'], prune: ['f', 'i'] },
    { title: 'a short keep-all window: edge now keeps its week, c goes', policy: { keepAllDays: 1, weeklyForDays: 0 }, current: 'a', keep: [], prune: ['c', 'd', 'f', 'i'] },
  ])('$title', ({ policy, current, keep, prune }) => {
    expect(ids(versionsToPrune(versions, current, new Set(keep), policy, now))).toEqual(prune);
  });

  it('keeps everything younger than keepAllDays', () => {
    expect(versionsToPrune(versions.slice(0, 3), null, new Set(), { keepAllDays: 30, weeklyForDays: 0 }, now)).toEqual([]);
  });
});
