// Notice-centre helpers for API tests: a small school built through the org API, a notice input with
// defaults, and calls that fail loudly when the answer is not the expected one.
import type { App } from '../../server/app.js';
import type { Channel, ChannelName, OutboundMessage } from '../../server/modules/gateway/index.js';
import type { NoticeDetail, NoticeInput } from '../../server/modules/notices/notices.dto.js';
import { createStaff, setupSchool } from './app.js';
import { createDepartment } from './forms.js';

type Res = { statusCode: number; body: string; json(): unknown };

export function ok<T>(res: Res, status: number, what: string): T {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return (res.body ? res.json() : null) as T;
}

export interface Member {
  id: string;
  cookie: string;
}

export interface NoticeSchool {
  admin: string;
  adminId: string;
  depts: { academic: string; math: string; logistics: string; office: string };
  /** Head of 教务处 (dept_head there): publishes inside 教务处 and 数学教研组 only. */
  academicHead: Member;
  /** 教务处 teacher. */
  academicTeacher: Member;
  /** 数学教研组 (below 教务处) teacher. */
  mathTeacher: Member;
  /** 总务处 teacher. */
  logisticsTeacher: Member;
  /** Head of 总务处 (dept_head there). */
  logisticsHead: Member;
  /** 校长办公室, role principal. */
  principal: Member;
  /** 校长办公室 staff, the office clerk (文秘): no role; a school-wide publisher once the admin lists them. */
  clerk: Member;
}

/**
 * 教务处 › 数学教研组, 总务处, 校长办公室. Everyone's password is 'Teacher2026x'; the admin (王校办) has no
 * department.
 */
export async function noticeSchool(app: App): Promise<NoticeSchool> {
  const admin = await setupSchool(app);
  const academic = await createDepartment(app, admin, '教务处');
  const math = await createDepartment(app, admin, '数学教研组', { parentId: academic.id });
  const logistics = await createDepartment(app, admin, '总务处');
  const office = await createDepartment(app, admin, '校长办公室');
  const person = async (input: Record<string, unknown>): Promise<Member> => {
    const s = await createStaff(app, admin, input);
    return { id: s.person.id, cookie: s.cookie };
  };
  return {
    admin, adminId: app.services.org.userByUsername('admin')!.id,
    depts: { academic: academic.id, math: math.id, logistics: logistics.id, office: office.id },
    academicHead: await person({ username: 'jwhead', displayName: '钱主任', departmentId: academic.id, roles: [{ role: 'staff' }, { role: 'dept_head', departmentId: academic.id }] }),
    academicTeacher: await person({ username: 'jwteacher', displayName: '李老师', departmentId: academic.id }),
    mathTeacher: await person({ username: 'mathteacher', displayName: '陈老师', departmentId: math.id }),
    logisticsTeacher: await person({ username: 'zwteacher', displayName: '吴老师', departmentId: logistics.id }),
    logisticsHead: await person({ username: 'zwhead', displayName: '郑主任', departmentId: logistics.id, roles: [{ role: 'staff' }, { role: 'dept_head', departmentId: logistics.id }] }),
    principal: await person({ username: 'principal', displayName: '孙校长', departmentId: office.id, roles: [{ role: 'principal' }] }),
    clerk: await person({ username: 'clerk', displayName: '周文秘', departmentId: office.id }),
  };
}

export function noticeInput(patch: Partial<NoticeInput> = {}): NoticeInput {
  return {
    title: '期中考试安排', bodyHtml: '<p>请各位老师按时监考。</p>', category: 'teaching', urgency: 'normal', confirmMode: 'click', pinned: false,
    audience: { all: false, departmentIds: [], roles: [], userIds: [] }, attachmentIds: [], expiresAt: null, ...patch,
  };
}

export async function createDraft(app: App, cookie: string, patch: Partial<NoticeInput> = {}): Promise<NoticeDetail> {
  return ok<NoticeDetail>(await app.inject({ method: 'POST', url: '/api/notices', headers: { cookie }, payload: noticeInput(patch) }), 201, 'create notice');
}

/** createDraft + publish now. */
export async function publishNotice(app: App, cookie: string, patch: Partial<NoticeInput> = {}): Promise<NoticeDetail> {
  const draft = await createDraft(app, cookie, patch);
  return ok<NoticeDetail>(await app.inject({ method: 'POST', url: `/api/notices/${draft.id}/publish`, headers: { cookie }, payload: {} }), 200, 'publish notice');
}

export async function openNotice(app: App, cookie: string, id: string): Promise<NoticeDetail> {
  return ok<NoticeDetail>(await app.inject({ method: 'GET', url: `/api/notices/${id}`, headers: { cookie } }), 200, 'open notice');
}

export const userIdsOf = (...members: Member[]) => members.map((m) => m.id).sort();

/**
 * An adapter-level channel for tests: reaches everyone, records what it sent. Registered on the gateway in
 * place of the real one (the dispatcher, ladder and records are the real ones).
 */
export function recordingChannel(name: ChannelName): Channel & { sent: OutboundMessage[] } {
  const sent: OutboundMessage[] = [];
  return {
    name, concurrency: 4, sent,
    enabled: () => true,
    reachable: (ids) => new Set(ids),
    send: async (m) => {
      sent.push(m);
      return { status: 'sent', ref: `${name}-${sent.length}` };
    },
  };
}

/** Attempts of the delivery ladder for one person's items of one notice. */
export function attemptsOf(app: App, noticeId: string, userId: string): { channel: string; step: number; status: string; reason: string | null }[] {
  return app.services.db.sqlite
    .prepare(
      `SELECT a.channel, a.step, a.status, a.reason FROM delivery_attempts a JOIN inbox_items i ON i.id = a.item_id
       WHERE i.source_type = 'notice' AND i.source_id = ? AND a.user_id = ? ORDER BY a.created_at, a.step, a.channel`,
    )
    .all(noticeId, userId) as { channel: string; step: number; status: string; reason: string | null }[];
}
