// The meeting's record: attendance (host and co-hosts; first join, last leave, minutes with overlapping stays
// counted once) and its XLSX export, the chat history, and attachments from the documents store. The room
// writes meeting_attendance and meeting_chat; here the rows are written directly, as the room would.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../server/lib/clock.js';
import type { MeetingAttendance, MeetingChatPage, MeetingDetail } from '../../../server/modules/meetings/meetings.dto.js';
import { expectProblem, makeApp, type TestApp } from '../../helpers/app.js';
import { spacesOf, uploadFile } from '../../helpers/files.js';
import { createMeeting } from '../../helpers/meetings.js';
import { noticeSchool, ok, type NoticeSchool } from '../../helpers/notices.js';

let t: TestApp;
let s: NoticeSchool;
let m: MeetingDetail;
beforeAll(async () => {
  t = await makeApp({ clock: new FakeClock(new Date('2026-09-01T01:00:00Z')) });
  s = await noticeSchool(t.app);
  m = await createMeeting(t.app, s.academicHead.cookie, {
    title: '家长会/筹备', startsAt: '2026-09-01T02:00:00Z', invitees: { userIds: [s.clerk.id], departmentIds: [s.depts.math] }, cohostIds: [s.academicTeacher.id],
  });
  const stay = t.app.services.db.sqlite.prepare('INSERT INTO meeting_attendance (meeting_id, user_id, session_key, joined_at, left_at, device) VALUES (?, ?, ?, ?, ?, ?)');
  // The host: 10:00–10:30 on the desktop, back 10:40–11:00. The maths teacher: phone 10:05–10:50 and, overlapping, desktop 10:20–10:55.
  // The co-host is still in the room (no leave). The clerk never came.
  stay.run(m.id, s.academicHead.id, 'p1', '2026-09-01T02:00:00.000Z', '2026-09-01T02:30:00.000Z', 'desktop');
  stay.run(m.id, s.academicHead.id, 'p2', '2026-09-01T02:40:00.000Z', '2026-09-01T03:00:00.000Z', 'desktop');
  stay.run(m.id, s.mathTeacher.id, 'p3', '2026-09-01T02:05:00.000Z', '2026-09-01T02:50:00.000Z', 'phone');
  stay.run(m.id, s.mathTeacher.id, 'p4', '2026-09-01T02:20:00.000Z', '2026-09-01T02:55:00.000Z', 'desktop');
  stay.run(m.id, s.academicTeacher.id, 'p5', '2026-09-01T02:10:00.000Z', null, 'phone');
  const chat = t.app.services.db.sqlite.prepare('INSERT INTO meeting_chat (meeting_id, user_id, body, created_at) VALUES (?, ?, ?, ?)');
  for (let i = 1; i <= 5; i++) chat.run(m.id, i % 2 ? s.academicHead.id : s.mathTeacher.id, `第${i}条，好的`, `2026-09-01T02:0${i}:00.000Z`);
  t.clock.set(new Date('2026-09-01T03:10:00Z'));
}, 90_000);
afterAll(async () => t?.close());

describe('meetings: attendance', () => {
  it('host and co-hosts see who was there; an attendee may not; others get 404', async () => {
    const a = ok<MeetingAttendance>(await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}/attendance`, headers: { cookie: s.academicTeacher.cookie } }), 200, 'attendance');
    expect(a.rows.map((r) => [r.displayName, r.role, r.firstJoinAt, r.lastLeaveAt, r.totalMinutes, r.stays, r.devices])).toEqual([
      ['钱主任', 'host', '2026-09-01T02:00:00.000Z', '2026-09-01T03:00:00.000Z', 50, 2, ['desktop']],
      ['陈老师', 'attendee', '2026-09-01T02:05:00.000Z', '2026-09-01T02:55:00.000Z', 50, 2, ['phone', 'desktop']],
      ['李老师', 'cohost', '2026-09-01T02:10:00.000Z', null, 60, 1, ['phone']], // still in: up to now (11:10)
    ]);
    expect(a.absent.map((p) => p.displayName)).toEqual(['周文秘']);
    // A window: only stays that began in it.
    const late = ok<MeetingAttendance>(
      await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}/attendance?from=2026-09-01T02:30:00Z&to=2026-09-01T04:00:00Z`, headers: { cookie: s.academicHead.cookie } }), 200, 'window',
    );
    expect(late.rows.map((r) => [r.displayName, r.totalMinutes])).toEqual([['钱主任', 20]]);
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}/attendance`, headers: { cookie: s.mathTeacher.cookie } }), 403, 'MEETING_FORBIDDEN');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}/attendance.xlsx`, headers: { cookie: s.mathTeacher.cookie } }), 403, 'MEETING_FORBIDDEN');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}/attendance`, headers: { cookie: s.logisticsTeacher.cookie } }), 404, 'MEETING_NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}/attendance?from=yesterday`, headers: { cookie: s.academicHead.cookie } }), 400, 'VALIDATION_FAILED');
  });

  it('exports as XLSX that exceljs opens: Chinese headers, school-clock times, the absent', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}/attendance.xlsx`, headers: { cookie: s.academicHead.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('家长会_筹备-签到.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('签到')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '姓名', '部门', '角色', '首次加入', '最后离开', '累计分钟', '进出次数', '设备']);
    expect(sheet.getRow(2).values).toEqual([undefined, '钱主任', '教务处', '主持人', '2026-09-01 10:00', '2026-09-01 11:00', 50, 2, '电脑']);
    expect(sheet.getRow(3).values).toEqual([undefined, '陈老师', '数学教研组', '参会人', '2026-09-01 10:05', '2026-09-01 10:55', 50, 2, '手机、电脑']);
    expect(sheet.getRow(4).getCell(5).value).toBe('仍在会中');
    expect(sheet.rowCount).toBe(4);
    expect(wb.getWorksheet('缺席')!.getRow(2).values).toEqual([undefined, '周文秘', '校长办公室']);
    const summary = wb.getWorksheet('概况')!;
    expect(summary.getRow(1).values).toEqual([undefined, '会议', '家长会/筹备']);
    expect(summary.getRow(5).values).toEqual([undefined, '会议号', m.roomNo]);
  });
});

describe('meetings: chat history and attachments', () => {
  it('members page through the chat, oldest first; others get 404', async () => {
    const first = ok<MeetingChatPage>(await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}/chat?limit=3`, headers: { cookie: s.clerk.cookie } }), 200, 'chat');
    expect(first.items.map((c) => [c.displayName, c.body])).toEqual([['钱主任', '第1条，好的'], ['陈老师', '第2条，好的'], ['钱主任', '第3条，好的']]);
    expect(first.nextAfter).toBe(first.items[2]!.id);
    const rest = ok<MeetingChatPage>(await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}/chat?limit=3&after=${first.nextAfter}`, headers: { cookie: s.clerk.cookie } }), 200, 'chat');
    expect(rest.items.map((c) => c.body)).toEqual(['第4条，好的', '第5条，好的']);
    expect(rest.nextAfter).toBeNull();
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/meetings/${m.id}/chat`, headers: { cookie: s.logisticsHead.cookie } }), 404, 'MEETING_NOT_FOUND');
  });

  it('only files the host may download are attached; members download them through the meeting', async () => {
    t.clock.set(new Date('2026-09-01T03:10:00Z'));
    const mine = await uploadFile(t.app, s.academicHead.cookie, { parentId: (await spacesOf(t.app, s.academicHead.cookie)).personal.id, name: '议程.txt', data: '一、筹备' });
    const clerks = await uploadFile(t.app, s.clerk.cookie, { parentId: (await spacesOf(t.app, s.clerk.cookie)).personal.id, name: '私人.txt', data: '私人' });
    const refused = await t.app.inject({
      method: 'POST', url: '/api/meetings', headers: { cookie: s.academicHead.cookie },
      payload: { title: '带附件', agenda: '', startsAt: '2026-09-02T02:00:00Z', durationMin: 30, invitees: { userIds: [s.clerk.id], departmentIds: [] }, cohostIds: [], lobby: false, cameraOffAbove: 25, annotate: 'presenter', attachmentFileIds: [clerks.node.id] },
    });
    expect(expectProblem(refused, 400, 'MEETING_ATTACHMENT_UNREADABLE').fileIds).toEqual([clerks.node.id]);
    const withFile = await createMeeting(t.app, s.academicHead.cookie, { title: '带附件', startsAt: '2026-09-02T02:00:00Z', invitees: { userIds: [s.mathTeacher.id], departmentIds: [] }, attachmentFileIds: [mine.node.id] });
    expect(withFile.attachments).toEqual([{ id: mine.node.id, name: '议程.txt', size: Buffer.byteLength('一、筹备'), mime: expect.any(String) }]);
    const file = await t.app.inject({ method: 'GET', url: `/api/meetings/${withFile.id}/attachments/${mine.node.id}`, headers: { cookie: s.mathTeacher.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('一、筹备');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/meetings/${withFile.id}/attachments/${clerks.node.id}`, headers: { cookie: s.mathTeacher.cookie } }), 404, 'MEETING_ATTACHMENT_NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/meetings/${withFile.id}/attachments/${mine.node.id}`, headers: { cookie: s.clerk.cookie } }), 404, 'MEETING_NOT_FOUND');
  });
});
