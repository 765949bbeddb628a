// Annotations on document previews through the real app: shapes, assignment with inbox deep links, replies,
// resolving, who may change what, and that a file someone cannot see has no annotations for them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaff, expectProblem, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { spacesOf, uploadFile } from '../../helpers/files.js';

interface Person {
  id: string;
  cookie: string;
}

const NOTE = { type: 'note', at: { x: 0.25, y: 0.4 } };
const HIGHLIGHT = { type: 'highlight', from: { x: 0.1, y: 0.2 }, to: { x: 0.9, y: 0.25 } };
const INK = { type: 'ink', strokes: [[{ x: 0.1, y: 0.1 }, { x: 0.2, y: 0.15 }, { x: 0.3, y: 0.1 }], [{ x: 0.5, y: 0.5 }]], width: 0.004 };
const FILE_NAME = '期中考试安排.txt';

describe('file annotations', () => {
  let t: TestApp;
  let admin: string;
  /** 教务处: the author and a colleague (both edit the department space). */
  let author: Person;
  let colleague: Person;
  /** 总务处: no access to 教务处's files. */
  let outsider: Person;
  let folderId: string;
  let fileId: string;
  let v1: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, who: Person | string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: typeof who === 'string' ? who : who.cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const annotate = (who: Person, body: Record<string, unknown>, file = fileId) =>
    call('POST', `/api/files/nodes/${file}/annotations`, who, { versionId: v1, page: 1, shape: NOTE, colour: '#e53935', text: '', ...body });
  const listOf = async (who: Person) => {
    const res = await call('GET', `/api/files/nodes/${fileId}/annotations`, who);
    expect(res.statusCode).toBe(200);
    return res.json().items as Record<string, any>[];
  };
  const inboxOf = async (who: Person) => (await call('GET', '/api/inbox', who)).json().items as { kind: string; title: string; body: string; link: string }[];
  const assignedTo = async (who: Person, status?: string) => {
    const res = await call('GET', `/api/files/annotations/assigned${status ? `?status=${status}` : ''}`, who);
    expect(res.statusCode).toBe(200);
    return (res.json().items as { id: string }[]).map((a) => a.id);
  };

  /** What the PWA of this person was told to refresh. */
  const refreshesOf = (who: Person) =>
    (t.app.services.db.sqlite
      .prepare(`SELECT e.payload FROM realtime_deliveries d JOIN realtime_events e ON e.id = d.event_id WHERE d.user_id = ? AND e.name = 'files.annotations'`)
      .all(who.id) as { payload: string }[]).map((r) => JSON.parse(r.payload) as unknown);

  beforeEach(async () => {
    t = await makeApp();
    admin = await setupSchool(t.app);
    const dept = async (name: string) => (await call('POST', '/api/org/departments', admin, { name })).json().id as string;
    const academic = await dept('教务处');
    const general = await dept('总务处');
    const staff = async (username: string, displayName: string, departmentId: string) => {
      const s = await createStaff(t.app, admin, { username, displayName, departmentId });
      return { id: s.person.id, cookie: s.cookie };
    };
    author = await staff('zhangli', '张老师', academic);
    colleague = await staff('lihua', '李老师', academic);
    outsider = await staff('wangqiang', '王总务', general);
    const spaces = await spacesOf(t.app, author.cookie);
    const space = spaces.departments.find((s) => s.departmentId === academic) ?? spaces.departments[0]!;
    folderId = space.id;
    const done = await uploadFile(t.app, author.cookie, { parentId: folderId, name: FILE_NAME, data: Buffer.from('第一周：语文，数学\n第二周：英语\n') });
    fileId = done.node.id;
    v1 = done.version.id;
  });
  afterEach(() => t.close());

  it('stores notes, highlights and ink in page fractions and lists them oldest first with names', async () => {
    const note = await annotate(author, { shape: NOTE, text: '  日期需要再确认  ' });
    expect(note.statusCode).toBe(201);
    t.clock.advance(1000);
    expect((await annotate(author, { shape: HIGHLIGHT, colour: '#fdd835', page: 1 })).statusCode).toBe(201);
    t.clock.advance(1000);
    const ink = await annotate(colleague, { shape: INK, colour: '#1e88e5', text: '圈出来的部分' });
    expect(ink.statusCode).toBe(201);
    expect(note.json()).toMatchObject({
      fileId, fileName: FILE_NAME, versionId: v1, versionNumber: 1, page: 1, text: '日期需要再确认', authorId: author.id, authorName: '张老师',
      assigneeId: null, assigneeName: null, status: 'open', resolvedByName: null, resolvedAt: null, replies: [],
    });

    const items = await listOf(colleague);
    expect(items.map((a) => a.shape)).toEqual([NOTE, HIGHLIGHT, INK]);
    expect(items.map((a) => [a.colour, a.authorName])).toEqual([['#e53935', '张老师'], ['#fdd835', '张老师'], ['#1e88e5', '李老师']]);
  });

  it('assigning sends the assignee an inbox item with a deep link; they reply and resolve, and the author hears of both', async () => {
    const created = await annotate(author, { text: '第二周的安排请再核对一下', assigneeId: colleague.id });
    expect(created.statusCode).toBe(201);
    const a = created.json();
    expect(a).toMatchObject({ assigneeId: colleague.id, assigneeName: '李老师' });
    expect(refreshesOf(colleague)).toEqual([{ fileId }]);
    expect(refreshesOf(outsider)).toEqual([]);

    const assignedItem = (await inboxOf(colleague)).find((i) => i.kind === 'files.annotation_assigned')!;
    expect(assignedItem).toMatchObject({ title: `张老师 请你处理批注：${FILE_NAME}`, body: '第二周的安排请再核对一下', link: `/files/p/${fileId}?v=${v1}&a=${a.id}` });
    expect((await inboxOf(author)).some((i) => i.kind.startsWith('files.'))).toBe(false); // nothing for the actor

    expect(await assignedTo(colleague)).toEqual([a.id]);
    expect(await assignedTo(colleague, 'resolved')).toEqual([]);
    expect(await assignedTo(author, 'all')).toEqual([]);

    const replied = await call('POST', `/api/files/annotations/${a.id}/replies`, colleague, { body: '已核对，周三改为周四' });
    expect(replied.statusCode).toBe(201);
    expect(replied.json().replies).toMatchObject([{ authorId: colleague.id, authorName: '李老师', body: '已核对，周三改为周四' }]);
    const replyItem = (await inboxOf(author)).find((i) => i.kind === 'files.annotation_reply')!;
    expect(replyItem).toMatchObject({ title: `李老师 回复了批注：${FILE_NAME}`, body: '已核对，周三改为周四', link: `/files/p/${fileId}?v=${v1}&a=${a.id}` });
    expect((await inboxOf(colleague)).some((i) => i.kind === 'files.annotation_reply')).toBe(false); // not told about their own reply

    const resolved = await call('PATCH', `/api/files/annotations/${a.id}`, colleague, { status: 'resolved' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedByName: '李老师' });
    expect(resolved.json().resolvedAt).toBeTruthy();
    expect((await inboxOf(author)).find((i) => i.kind === 'files.annotation_resolved')).toMatchObject({ title: `李老师 已处理你的批注：${FILE_NAME}` });

    expect(await assignedTo(colleague)).toEqual([]);
    expect(await assignedTo(colleague, 'resolved')).toEqual([a.id]);
    expect(await assignedTo(colleague, 'all')).toEqual([a.id]);

    const reopened = await call('PATCH', `/api/files/annotations/${a.id}`, author, { status: 'open' });
    expect(reopened.json()).toMatchObject({ status: 'open', resolvedByName: null, resolvedAt: null });
    expect((await listOf(author))[0]!.replies).toHaveLength(1);
  });

  it('reassigning notifies the new assignee; the newest assigned comes first', async () => {
    const first = (await annotate(author, { text: '一', assigneeId: author.id })).json();
    t.clock.advance(1000);
    const second = (await annotate(author, { text: '二', assigneeId: author.id })).json();
    expect(await assignedTo(author)).toEqual([second.id, first.id]);
    const moved = await call('PATCH', `/api/files/annotations/${first.id}`, author, { assigneeId: colleague.id });
    expect(moved.json()).toMatchObject({ assigneeId: colleague.id, assigneeName: '李老师' });
    expect((await inboxOf(colleague)).filter((i) => i.kind === 'files.annotation_assigned').map((i) => i.body)).toEqual(['一']);
    expect(await assignedTo(author)).toEqual([second.id]);
  });

  it('someone who cannot see the file gets 404 everywhere and cannot be assigned', async () => {
    const a = (await annotate(author, { text: '内部意见' })).json();
    expectProblem(await call('GET', `/api/files/nodes/${fileId}/annotations`, outsider), 404, 'NOT_FOUND');
    expectProblem(await annotate(outsider, { text: '路过' }), 404, 'NOT_FOUND');
    expectProblem(await call('PATCH', `/api/files/annotations/${a.id}`, outsider, { status: 'resolved' }), 404, 'ANNOTATION_NOT_FOUND');
    expectProblem(await call('POST', `/api/files/annotations/${a.id}/replies`, outsider, { body: '你好' }), 404, 'ANNOTATION_NOT_FOUND');
    expectProblem(await call('DELETE', `/api/files/annotations/${a.id}`, outsider), 404, 'ANNOTATION_NOT_FOUND');
    expectProblem(await call('PATCH', `/api/files/annotations/${'0'.repeat(26)}`, author, { status: 'resolved' }), 404, 'ANNOTATION_NOT_FOUND');

    expectProblem(await annotate(author, { text: '请王总务看看', assigneeId: outsider.id }), 400, 'ANNOTATION_ASSIGNEE_NO_ACCESS');
    expectProblem(await call('PATCH', `/api/files/annotations/${a.id}`, author, { assigneeId: outsider.id }), 400, 'ANNOTATION_ASSIGNEE_NO_ACCESS');
    expect(await inboxOf(outsider)).not.toContainEqual(expect.objectContaining({ kind: 'files.annotation_assigned' }));

    expect((await call('PATCH', `/api/org/people/${colleague.id}`, admin, { active: false })).statusCode).toBe(200);
    expectProblem(await annotate(author, { assigneeId: colleague.id }), 400, 'ANNOTATION_ASSIGNEE_INVALID');
    expect((await listOf(author)).map((x) => [x.id, x.assigneeId])).toEqual([[a.id, null]]);
  });

  it('refuses invalid shapes, versions and pages with problem+json and stores nothing', async () => {
    const bad: Record<string, unknown>[] = [
      { shape: { type: 'note', at: { x: 1.2, y: 0.5 } } },
      { shape: { type: 'highlight', from: { x: 0.1, y: -0.1 }, to: { x: 0.5, y: 0.5 } } },
      { shape: { type: 'ink', strokes: [], width: 0.004 } },
      { shape: { type: 'ink', strokes: [[]], width: 0.004 } },
      { shape: { type: 'circle', at: { x: 0.5, y: 0.5 } } },
      { shape: { ...NOTE, extra: true } },
      { colour: '#123456' },
      { page: 0 },
      { text: 'x'.repeat(2001) },
    ];
    for (const body of bad) expectProblem(await annotate(author, body), 400, 'VALIDATION_FAILED');

    const other = await uploadFile(t.app, author.cookie, { parentId: folderId, name: '另一个文件.txt', data: Buffer.from('别的内容') });
    expectProblem(await annotate(author, { versionId: other.version.id }), 404, 'NOT_FOUND');

    // The page count is known once the preview is made: pages beyond it are refused.
    t.app.services.db.sqlite
      .prepare(`INSERT INTO file_previews (version_id, status, pages, updated_at) VALUES (?, 'ready', 3, ?) ON CONFLICT(version_id) DO UPDATE SET pages = 3`)
      .run(v1, new Date().toISOString());
    expectProblem(await annotate(author, { page: 4 }), 400, 'ANNOTATION_PAGE_INVALID');
    expect(await listOf(author)).toEqual([]);
    expect((await annotate(author, { page: 3 })).statusCode).toBe(201);
  });

  it('only the author edits the text or deletes; editors and the assignee may resolve', async () => {
    const a = (await annotate(author, { text: '原文' })).json();
    expectProblem(await call('PATCH', `/api/files/annotations/${a.id}`, colleague, { text: '改过' }), 403, 'FILE_ACCESS_DENIED');
    expectProblem(await call('DELETE', `/api/files/annotations/${a.id}`, colleague), 403, 'FILE_ACCESS_DENIED');
    const edited = await call('PATCH', `/api/files/annotations/${a.id}`, author, { text: '新的意见' });
    expect(edited.json()).toMatchObject({ text: '新的意见' });
    // The colleague may edit the file, so may close the discussion.
    expect((await call('PATCH', `/api/files/annotations/${a.id}`, colleague, { status: 'resolved' })).json()).toMatchObject({ status: 'resolved', resolvedByName: '李老师' });
    expectProblem(await call('PATCH', `/api/files/annotations/${a.id}`, author, {}), 400, 'VALIDATION_FAILED');

    expect((await call('DELETE', `/api/files/annotations/${a.id}`, author)).statusCode).toBe(204);
    expect(await listOf(author)).toEqual([]);
    expectProblem(await call('PATCH', `/api/files/annotations/${a.id}`, author, { status: 'open' }), 404, 'ANNOTATION_NOT_FOUND');
  });

  it('viewing is enough to annotate and reply; a viewer resolves only what is assigned to them', async () => {
    const shared = await call('PUT', `/api/files/nodes/${fileId}/sharing`, admin, { inherit: true, grants: [{ subjectType: 'user', subjectId: outsider.id, level: 'view' }] });
    expect(shared.statusCode).toBe(200);
    const mine = await annotate(outsider, { shape: HIGHLIGHT, text: '总务处的意见' });
    expect(mine.statusCode).toBe(201);
    const theirs = (await annotate(author, { text: '作者的意见' })).json();
    expect((await call('POST', `/api/files/annotations/${theirs.id}/replies`, outsider, { body: '同意' })).statusCode).toBe(201);
    expectProblem(await call('PATCH', `/api/files/annotations/${theirs.id}`, outsider, { status: 'resolved' }), 403, 'FILE_ACCESS_DENIED');
    expectProblem(await call('PATCH', `/api/files/annotations/${theirs.id}`, outsider, { assigneeId: outsider.id }), 403, 'FILE_ACCESS_DENIED');

    // Now that they can see the file they can be assigned, and then they may resolve.
    expect((await call('PATCH', `/api/files/annotations/${theirs.id}`, author, { assigneeId: outsider.id })).statusCode).toBe(200);
    expect((await call('PATCH', `/api/files/annotations/${theirs.id}`, outsider, { status: 'resolved' })).json()).toMatchObject({ status: 'resolved', resolvedByName: '王总务' });
    expect((await listOf(outsider)).map((a) => a.authorName)).toEqual(['王总务', '张老师']);
  });

  it('keeps annotations of version 1 after version 2 is uploaded', async () => {
    const old = (await annotate(author, { text: '旧版本的意见' })).json();
    const v2 = await uploadFile(t.app, author.cookie, { parentId: folderId, name: FILE_NAME, data: Buffer.from('第一周：语文\n第二周：英语，数学\n') });
    expect(v2.node.id).toBe(fileId);
    expect(v2.version.number).toBe(2);
    t.clock.advance(1000);
    const fresh = (await annotate(author, { versionId: v2.version.id, text: '新版本的意见' })).json();

    const items = await listOf(colleague);
    expect(items.map((a) => [a.id, a.versionId, a.versionNumber])).toEqual([[old.id, v1, 1], [fresh.id, v2.version.id, 2]]);
  });

  it('assigned annotations of a file in the recycle bin drop out of the list', async () => {
    const a = (await annotate(author, { text: '请处理', assigneeId: colleague.id })).json();
    expect(await assignedTo(colleague)).toEqual([a.id]);
    expect((await call('DELETE', `/api/files/nodes/${fileId}`, author)).statusCode).toBe(204);
    expect(await assignedTo(colleague, 'all')).toEqual([]);
    expectProblem(await call('GET', `/api/files/nodes/${fileId}/annotations`, colleague), 404, 'NOT_FOUND');
  });
});
