// Documents from a backup snapshot (issue 7): the files module's port, driven the way the backup service will
// drive it — a real online-backup copy of the live SQLite file opened read-only, and a readBlob that hands back
// a temp copy of a blob from a separate "snapshot blobs" directory. Deleted and purged folders come back whole
// with every sha256 intact; changed files get a new version; nothing live is ever overwritten.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaff, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { createFolder, drainJobs, spacesOf, uploadFile } from '../../helpers/files.js';
import { HOUR } from '../../../server/lib/clock.js';
import { AppError } from '../../../server/lib/errors.js';
import type { RestoreDocumentsReport, SnapshotFolder } from '../../../server/modules/backup/backup.dto.js';
import type { RestoreActor } from '../../../server/modules/files/index.js';

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('documents from a backup snapshot', () => {
  let t: TestApp;
  let admin: string;
  let actor: RestoreActor;
  let tea: { id: string; cookie: string };
  let colleague: { id: string; cookie: string };
  /** The 教务处 department space: both teachers edit it. */
  let space: string;
  let work: string;
  let snap: Database.Database | null = null;
  let readCalls: string[];
  let tempN = 0;

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const port = () => t.app.services.files.restore;
  const items = async (folderId: string, cookie = tea.cookie) =>
    (await call('GET', `/api/files/folders/${folderId}`, cookie)).json().items as { id: string; name: string; kind: string; size: number | null; createdByName: string | null }[];
  const names = async (folderId: string, cookie = tea.cookie) => (await items(folderId, cookie)).map((n) => n.name);
  const child = async (folderId: string, name: string, cookie = tea.cookie) => {
    const found = (await items(folderId, cookie)).find((n) => n.name === name);
    if (!found) throw new Error(`no “${name}” in ${folderId}: ${(await names(folderId, cookie)).join(', ')}`);
    return found;
  };
  const content = async (id: string, cookie = tea.cookie) => (await call('GET', `/api/files/nodes/${id}/content`, cookie)).rawPayload;
  const versions = async (id: string, cookie = tea.cookie) =>
    (await call('GET', `/api/files/nodes/${id}/versions`, cookie)).json().items as { number: number; sha256: string; current: boolean; createdByName: string; restoredFrom: number | null }[];
  const count = (sql: string, ...params: unknown[]) => (t.app.services.db.sqlite.prepare(sql).get(...params) as { n: number }).n;
  const blobPath = (root: string, hash: string) => path.join(root, hash.slice(0, 2), hash.slice(2, 4), hash);

  /** What the backup service does: the online backup API into a file, the blobs copied aside; opened read-only. */
  async function takeSnapshot(): Promise<Database.Database> {
    snap?.close();
    const file = path.join(work, `snapshot-${++tempN}.sqlite`);
    await t.app.services.db.sqlite.backup(file);
    rmSync(path.join(work, 'snapblobs'), { recursive: true, force: true });
    cpSync(path.join(t.dir, 'blobs'), path.join(work, 'snapblobs'), { recursive: true });
    snap = new Database(file, { readonly: true, fileMustExist: true });
    return snap;
  }
  /** As restic would restore one blob: a fresh temp file the store may move in. */
  const readBlob = async (hash: string): Promise<string> => {
    readCalls.push(hash);
    const out = path.join(work, 'restored', `${hash}.${++tempN}`);
    mkdirSync(path.dirname(out), { recursive: true });
    copyFileSync(blobPath(path.join(work, 'snapblobs'), hash), out);
    return out;
  };
  const restore = (nodeIds: string[], rb = readBlob): Promise<RestoreDocumentsReport> => port().restoreFromSnapshot({ snapDb: snap!, nodeIds, readBlob: rb, actor, snapshotId: 'abcdef12' });
  const browse = (folderId: string | null): SnapshotFolder => port().browseSnapshot({ snapDb: snap!, snapshotId: 'abcdef12', folderId });

  /** Into the bin, out of the bin for good, and the blobs nothing references any more collected. */
  async function deleteAndPurge(id: string): Promise<void> {
    expect((await call('DELETE', `/api/files/nodes/${id}`, tea.cookie)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/files/trash/${id}`, admin)).statusCode).toBe(204);
    t.clock.advance(2 * HOUR);
    const old = new Date(Date.now() - 2 * HOUR);
    const blobs = path.join(t.dir, 'blobs');
    for (const a of readdirSync(blobs).filter((x) => /^[0-9a-f]{2}$/.test(x)))
      for (const b of readdirSync(path.join(blobs, a))) for (const f of readdirSync(path.join(blobs, a, b))) utimesSync(path.join(blobs, a, b, f), old, old);
    await drainJobs(t.app);
  }

  beforeEach(async () => {
    t = await makeApp();
    admin = await setupSchool(t.app);
    work = mkdtempSync(path.join(tmpdir(), 'xb-snapdocs-'));
    readCalls = [];
    const jw = (await call('POST', '/api/org/departments', admin, { name: '教务处' })).json().id as string;
    const a = await createStaff(t.app, admin, { username: 'jw01', displayName: '李老师', departmentId: jw });
    const b = await createStaff(t.app, admin, { username: 'jw02', displayName: '王老师', departmentId: jw });
    tea = { id: a.person.id, cookie: a.cookie };
    colleague = { id: b.person.id, cookie: b.cookie };
    space = (await spacesOf(t.app, tea.cookie)).departments[0]!.id;
    const row = t.app.services.db.sqlite.prepare(`SELECT id, display_name AS displayName FROM users WHERE username = 'admin'`).get() as RestoreActor;
    actor = { id: row.id, displayName: row.displayName };
  });
  afterEach(async () => {
    snap?.close();
    snap = null;
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('a deleted and purged folder shows as gone in the snapshot and comes back whole, every sha256 equal', async () => {
    const year = await createFolder(t.app, tea.cookie, space, '2026学年');
    const plans = await createFolder(t.app, tea.cookie, year.id, '教学计划');
    const attach = await createFolder(t.app, tea.cookie, plans.id, '附件');
    await createFolder(t.app, tea.cookie, plans.id, '空文件夹');
    const contents: Record<string, Buffer> = {
      '计划.dat': Buffer.from('第一周：开学典礼与分班'),
      '进度.dat': Buffer.from('progress table '.repeat(300)),
      '表格.dat': Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251)),
    };
    const plan = await uploadFile(t.app, tea.cookie, { parentId: plans.id, name: '计划.dat', data: contents['计划.dat']! });
    await uploadFile(t.app, colleague.cookie, { parentId: plans.id, name: '进度.dat', data: contents['进度.dat']! });
    await uploadFile(t.app, tea.cookie, { parentId: attach.id, name: '表格.dat', data: contents['表格.dat']! });
    await takeSnapshot();

    await deleteAndPurge(plans.id);
    expect(await names(year.id)).toEqual([]);
    expect(existsSync(blobPath(path.join(t.dir, 'blobs'), sha(contents['计划.dat']!)))).toBe(false);

    // The top level lists the spaces the store had; the department space still exists.
    const top = browse(null);
    expect(top).toMatchObject({ snapshotId: 'abcdef12', folderId: null, path: [] });
    expect(top.entries).toContainEqual(expect.objectContaining({ id: space, kind: 'folder', name: '教务处', existsNow: true }));
    expect(browse(space).entries.map((e) => [e.name, e.existsNow])).toEqual([['2026学年', true]]);
    const inYear = browse(year.id);
    expect(inYear.path).toEqual([{ id: space, name: '教务处' }, { id: year.id, name: '2026学年' }]);
    expect(inYear.entries).toEqual([expect.objectContaining({ id: plans.id, kind: 'folder', name: '教学计划', size: null, existsNow: false })]);
    const inPlans = browse(plans.id);
    expect(inPlans.entries.map((e) => [e.kind, e.name, e.size, e.existsNow])).toEqual([
      ['folder', '空文件夹', null, false],
      ['folder', '附件', null, false],
      ['file', '计划.dat', contents['计划.dat']!.length, false],
      ['file', '进度.dat', contents['进度.dat']!.length, false],
    ]);

    // What the backup service brings out of the snapshot first: the contents the live store no longer has.
    expect(port().neededBlobs({ snapDb: snap!, nodeIds: [plans.id, attach.id] }).sort((a, b) => a.size - b.size)).toEqual(
      ['计划.dat', '进度.dat', '表格.dat'].map((n) => ({ sha256: sha(contents[n]!), size: contents[n]!.length })),
    );
    const report = await restore([plans.id, attach.id]);
    const bytes = Object.values(contents).reduce((n, b) => n + b.length, 0);
    // The purged ids are free again, so the folder keeps its id (links to it work again).
    expect(report).toEqual({ folders: 3, files: 3, bytes, restored: [{ id: plans.id, name: '教学计划', kind: 'folder', mode: 'recreated' }] });
    expect(readCalls.sort()).toEqual(Object.values(contents).map((b) => sha(b)).sort());

    expect(await names(year.id)).toEqual(['教学计划']);
    expect(await names(plans.id)).toEqual(['空文件夹', '附件', '计划.dat', '进度.dat']);
    expect(await names(attach.id)).toEqual(['表格.dat']);
    for (const [name, data] of Object.entries(contents)) {
      const f = await child(name === '表格.dat' ? attach.id : plans.id, name);
      expect(sha(await content(f.id))).toBe(sha(data));
      expect(existsSync(blobPath(path.join(t.dir, 'blobs'), sha(data)))).toBe(true);
    }
    // The creator keeps the credit; the restore is the new version's author.
    expect((await child(plans.id, '进度.dat')).createdByName).toBe('王老师');
    expect((await versions(plan.node.id)).map((v) => [v.number, v.createdByName, v.current])).toEqual([[1, '王校办', true]]);
    // Found by search again (names are indexed).
    const hits = (await call('GET', `/api/files/search?q=${encodeURIComponent('进度')}`, tea.cookie)).json().items as { node: { name: string } }[];
    expect(hits.map((h) => h.node.name)).toContain('进度.dat');
    // Browsing the snapshot now shows it as existing, and a second restore changes nothing.
    expect(browse(year.id).entries[0]!.existsNow).toBe(true);
    expect(await restore([plans.id])).toEqual({ folders: 0, files: 0, bytes: 0, restored: [{ id: plans.id, name: '教学计划', kind: 'folder', mode: 'unchanged' }] });
    expect(await names(plans.id)).toEqual(['空文件夹', '附件', '计划.dat', '进度.dat']);

    const audit = (await call('GET', '/api/admin/audit?event=files.restored_from_backup', admin)).json().items as { actorName: string; targetId: string; details: Record<string, unknown> }[];
    expect(audit).toHaveLength(2);
    expect(audit.at(-1)).toMatchObject({ actorName: '王校办', targetId: plans.id, details: { snapshotId: 'abcdef12', mode: 'recreated', folders: 3, files: 3 } });
  });

  it('a file changed after the snapshot gets the old contents as a new version; an unchanged one is left alone', async () => {
    const folder = await createFolder(t.app, tea.cookie, space, '通知');
    const notice = await uploadFile(t.app, tea.cookie, { parentId: folder.id, name: '放假通知.dat', data: 'old text' });
    const steady = await uploadFile(t.app, tea.cookie, { parentId: folder.id, name: '作息.dat', data: 'same as ever' });
    await takeSnapshot();
    await uploadFile(t.app, colleague.cookie, { parentId: folder.id, name: '放假通知.dat', data: 'newer text, written later' });

    expect(browse(folder.id).entries.map((e) => [e.name, e.existsNow])).toEqual([['作息.dat', true], ['放假通知.dat', true]]);
    expect(port().neededBlobs({ snapDb: snap!, nodeIds: [folder.id] })).toEqual([]);
    const report = await restore([notice.node.id]);
    expect(report).toEqual({ folders: 0, files: 1, bytes: 8, restored: [{ id: notice.node.id, name: '放假通知.dat', kind: 'file', mode: 'new-version' }] });
    // The contents were still in the live store: nothing had to come out of the snapshot.
    expect(readCalls).toEqual([]);
    expect((await content(notice.node.id)).toString()).toBe('old text');
    expect((await versions(notice.node.id)).map((v) => [v.number, v.sha256, v.current, v.createdByName, v.restoredFrom])).toEqual([
      [3, sha('old text'), true, '王校办', 1],
      [2, sha('newer text, written later'), false, '王老师', null],
      [1, sha('old text'), false, '李老师', null],
    ]);

    expect(await restore([steady.node.id])).toEqual({ folders: 0, files: 0, bytes: 0, restored: [{ id: steady.node.id, name: '作息.dat', kind: 'file', mode: 'unchanged' }] });
    expect(await restore([notice.node.id])).toMatchObject({ files: 0, restored: [{ mode: 'unchanged' }] });
    expect(await versions(steady.node.id)).toHaveLength(1);
    expect(await versions(notice.node.id)).toHaveLength(3);
  });

  it('a folder that still exists is merged: changed files get versions, missing ones come back, later ones stay', async () => {
    const folder = await createFolder(t.app, tea.cookie, space, '教研');
    const sub = await createFolder(t.app, tea.cookie, folder.id, '记录');
    const x = await uploadFile(t.app, tea.cookie, { parentId: folder.id, name: '甲.dat', data: 'x before' });
    const y = await uploadFile(t.app, tea.cookie, { parentId: sub.id, name: '乙.dat', data: 'y before' });
    await uploadFile(t.app, tea.cookie, { parentId: folder.id, name: '丙.dat', data: 'z kept' });
    await takeSnapshot();
    await uploadFile(t.app, tea.cookie, { parentId: folder.id, name: '甲.dat', data: 'x after' });
    expect((await call('DELETE', `/api/files/nodes/${y.node.id}`, tea.cookie)).statusCode).toBe(204); // in the bin, not purged
    await uploadFile(t.app, tea.cookie, { parentId: folder.id, name: '丁.dat', data: 'added later' });

    const report = await restore([folder.id]);
    expect(report).toEqual({ folders: 0, files: 2, bytes: 16, restored: [{ id: folder.id, name: '教研', kind: 'folder', mode: 'new-version' }] });
    expect(await names(folder.id)).toEqual(['记录', '丁.dat', '丙.dat', '甲.dat']);
    expect((await content(x.node.id)).toString()).toBe('x before');
    expect(await versions(x.node.id)).toHaveLength(3);
    // 乙 is still in the bin; the restored one is a new item next to nothing of the same name.
    const back = await child(sub.id, '乙.dat');
    expect(back.id).not.toBe(y.node.id);
    expect((await content(back.id)).toString()).toBe('y before');
    expect(count(`SELECT count(*) AS n FROM file_nodes WHERE id = ? AND deleted_at IS NOT NULL`, y.node.id)).toBe(1);
    expect((await content((await child(folder.id, '丁.dat')).id)).toString()).toBe('added later');
  });

  it('names taken by other live items get （恢复）; a file whose folders are gone gets them back', async () => {
    const shared = await createFolder(t.app, tea.cookie, space, '资料');
    await uploadFile(t.app, tea.cookie, { parentId: shared.id, name: '旧.dat', data: 'old material' });
    const list = await uploadFile(t.app, tea.cookie, { parentId: space, name: '名单.dat', data: 'the old list' });
    const deep = await createFolder(t.app, tea.cookie, space, '档案');
    const deeper = await createFolder(t.app, tea.cookie, deep.id, '2025');
    const leaf = await uploadFile(t.app, tea.cookie, { parentId: deeper.id, name: '总结.dat', data: 'summary 2025' });
    await takeSnapshot();

    await deleteAndPurge(shared.id);
    const again = await createFolder(t.app, colleague.cookie, space, '资料');
    await uploadFile(t.app, colleague.cookie, { parentId: again.id, name: '新.dat', data: 'new material' });
    expect((await call('DELETE', `/api/files/nodes/${list.node.id}`, tea.cookie)).statusCode).toBe(204);
    const newer = await uploadFile(t.app, colleague.cookie, { parentId: space, name: '名单.dat', data: 'a different list' });
    await deleteAndPurge(deep.id);

    const report = await restore([shared.id, list.node.id, leaf.node.id]);
    expect(report.restored).toEqual([
      { id: shared.id, name: '资料（恢复）', kind: 'folder', mode: 'recreated' },
      { id: expect.any(String), name: '名单（恢复）.dat', kind: 'file', mode: 'recreated' },
      { id: leaf.node.id, name: '总结.dat', kind: 'file', mode: 'recreated' },
    ]);
    expect(report).toMatchObject({ folders: 3, files: 3 });
    expect(await names(space)).toEqual(['档案', '资料', '资料（恢复）', '名单.dat', '名单（恢复）.dat']);
    // The live items are untouched.
    expect(await names(again.id)).toEqual(['新.dat']);
    expect((await content(newer.node.id)).toString()).toBe('a different list');
    expect(await versions(newer.node.id)).toHaveLength(1);
    expect((await content(report.restored[1]!.id)).toString()).toBe('the old list');
    expect(await names(shared.id)).toEqual(['旧.dat']);
    // The folders above the file came back (same ids: they had been purged).
    expect(await names(deep.id)).toEqual(['2025']);
    expect(await names(deeper.id)).toEqual(['总结.dat']);
    expect((await content(leaf.node.id)).toString()).toBe('summary 2025');
  });

  it('unknown ids, a file where a folder is expected, bad snapshot bytes and a full quota are clear coded errors with nothing written', async () => {
    const folder = await createFolder(t.app, tea.cookie, space, '会议');
    const file = await uploadFile(t.app, tea.cookie, { parentId: folder.id, name: '纪要.dat', data: 'minutes' });
    const binned = await uploadFile(t.app, tea.cookie, { parentId: folder.id, name: '草稿.dat', data: 'draft' });
    expect((await call('DELETE', `/api/files/nodes/${binned.node.id}`, tea.cookie)).statusCode).toBe(204);
    await takeSnapshot();
    await deleteAndPurge(folder.id);
    const before = count(`SELECT count(*) AS n FROM file_nodes`);

    const expectCode = async (p: Promise<unknown> | (() => unknown), status: number, code: string) => {
      let err: unknown;
      try {
        await (typeof p === 'function' ? p() : p);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ status, code });
      return err as AppError;
    };
    const unknown = await expectCode(restore([folder.id, '01jzzzzzzzzzzzzzzzzzzzzzzz']), 404, 'SNAPSHOT_NODE_NOT_FOUND');
    expect(unknown.extras).toEqual({ nodeId: '01jzzzzzzzzzzzzzzzzzzzzzzz' });
    // In the snapshot's own bin: not part of what it shows.
    await expectCode(restore([binned.node.id]), 404, 'SNAPSHOT_NODE_NOT_FOUND');
    await expectCode(() => browse(file.node.id), 404, 'SNAPSHOT_NODE_NOT_FOUND');
    await expectCode(() => browse('01jzzzzzzzzzzzzzzzzzzzzzzz'), 404, 'SNAPSHOT_NODE_NOT_FOUND');

    // A blob that comes back with other bytes than the snapshot recorded is refused.
    const corrupt = async (hash: string) => {
      const out = path.join(work, `bad-${hash}`);
      writeFileSync(out, 'not the minutes');
      return out;
    };
    await expectCode(restore([folder.id], corrupt), 422, 'SNAPSHOT_BLOB_MISMATCH');

    // Restored bytes count against the space's quota like uploads do.
    t.app.services.files.repo.setQuota(space, 1);
    await expectCode(restore([folder.id]), 413, 'QUOTA_EXCEEDED');
    expect(count(`SELECT count(*) AS n FROM file_nodes`)).toBe(before);
    expect(await names(space)).toEqual([]);
    t.app.services.files.repo.setQuota(space, null);
    expect((await restore([folder.id])).restored).toEqual([{ id: folder.id, name: '会议', kind: 'folder', mode: 'recreated' }]);
    expect(await names(folder.id)).toEqual(['纪要.dat']);
  });

  it('items of people who are gone: the creator is replaced by the restorer, a gone person’s space goes to the restorer', async () => {
    const c = await createStaff(t.app, admin, { username: 'jw03', displayName: '赵老师', departmentId: null });
    const cSpace = (await spacesOf(t.app, c.cookie)).personal.id;
    const byZhao = await uploadFile(t.app, c.cookie, { parentId: cSpace, name: '赵老师的教案.dat', data: 'lesson plan by zhao' });
    const mine = await createFolder(t.app, colleague.cookie, (await spacesOf(t.app, colleague.cookie)).personal.id, '我的资料');
    await uploadFile(t.app, colleague.cookie, { parentId: mine.id, name: '随笔.dat', data: 'private notes' });
    const dept = await uploadFile(t.app, colleague.cookie, { parentId: space, name: '王老师的表.dat', data: 'wang sheet' });
    await takeSnapshot();

    // 王老师 leaves: deactivated (how the app removes people); the department file is deleted and purged.
    expect((await call('PATCH', `/api/org/people/${colleague.id}`, admin, { active: false })).statusCode).toBe(200);
    await deleteAndPurge(dept.node.id);
    // 赵老师's row is gone altogether (an older box, a database repaired by hand): created_by cannot point at them.
    t.app.services.db.sqlite.prepare(`DELETE FROM users WHERE id = ?`).run(c.person.id);

    const report = await restore([dept.node.id, mine.id, byZhao.node.id]);
    expect(report.restored.map((r) => [r.name, r.mode])).toEqual([
      ['王老师的表.dat', 'recreated'],
      ['我的资料', 'recreated'],
      ['赵老师的教案.dat', 'recreated'],
    ]);
    // In the department space, the deactivated creator keeps the credit.
    expect((await child(space, '王老师的表.dat')).createdByName).toBe('王老师');
    // Personal spaces of people who are gone land in the restorer's own space, in a folder named after the old space.
    const own = (await spacesOf(t.app, admin)).personal.id;
    expect(await names(own, admin)).toEqual(['王老师', '赵老师']);
    const wang = await child(own, '王老师', admin);
    expect(await names(wang.id, admin)).toEqual(['我的资料']);
    const notes = await child((await child(wang.id, '我的资料', admin)).id, '随笔.dat', admin);
    expect((await content(notes.id, admin)).toString()).toBe('private notes');
    const zhao = await child((await child(own, '赵老师', admin)).id, '赵老师的教案.dat', admin);
    expect(zhao.createdByName).toBe('王校办');
    expect(sha(await content(zhao.id, admin))).toBe(sha('lesson plan by zhao'));
    expect(statSync(blobPath(path.join(t.dir, 'blobs'), sha('lesson plan by zhao'))).size).toBe(19);
  });

  it('a deleted project space comes back as a project space with its people; a space that lives is merged', async () => {
    const created = await call('POST', '/api/files/spaces', tea.cookie, { name: '科技节' });
    expect(created.statusCode).toBe(201);
    const project = created.json().id as string;
    const closed = await createFolder(t.app, tea.cookie, project, '评委名单');
    const shared = await call('PUT', `/api/files/nodes/${closed.id}/sharing`, tea.cookie, { inherit: false, grants: [{ subjectType: 'user', subjectId: tea.id, level: 'manage' }, { subjectType: 'user', subjectId: colleague.id, level: 'view' }] });
    expect(shared.statusCode).toBe(200);
    await uploadFile(t.app, tea.cookie, { parentId: closed.id, name: '名单.dat', data: 'judges' });
    const other = await createFolder(t.app, tea.cookie, space, '其他');
    await takeSnapshot();
    await deleteAndPurge(project);
    await deleteAndPurge(other.id);
    expect((await spacesOf(t.app, tea.cookie)).projects).toEqual([]);
    expect(browse(null).entries).toContainEqual(expect.objectContaining({ id: project, name: '科技节', existsNow: false }));

    const report = await restore([project, space]);
    expect(report.restored).toEqual([
      { id: expect.any(String), name: '科技节', kind: 'folder', mode: 'recreated' },
      { id: space, name: '教务处', kind: 'folder', mode: 'new-version' },
    ]);
    expect(report).toMatchObject({ folders: 3, files: 1 });
    const again = (await spacesOf(t.app, tea.cookie)).projects;
    expect(again.map((p) => p.name)).toEqual(['科技节']);
    // The folder's own grants came back: 王老师 may view it, and the project space itself is 李老师's.
    const judges = await child(again[0]!.id, '评委名单');
    const sharing = (await call('GET', `/api/files/nodes/${judges.id}/sharing`, tea.cookie)).json();
    expect(sharing).toMatchObject({ inherit: false });
    expect(sharing.grants.map((g: { subjectId: string; level: string }) => [g.subjectId, g.level]).sort()).toEqual([[colleague.id, 'view'], [tea.id, 'manage']].sort());
    expect(await names(judges.id, colleague.cookie)).toEqual(['名单.dat']);
    expect(await names(space)).toEqual(['其他']);
  });
});
