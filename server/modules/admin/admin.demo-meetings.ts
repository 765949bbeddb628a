// The demo school's meetings (会议): the weekly 行政例会 run by the 综合办公室 director, next Friday's 全体教职工大会
// (the one the principal's scheduled notice announces), a 高一年级组 teaching session in two working days (the
// review its head withdrew as a notice, rescheduled), yesterday's 期末考试工作布置会 (the meeting that review
// clashed with) with who came when and what was said in the chat, and a 寒假安全 meeting called off because it
// goes into the staff meeting. Dates come from the seed clock; admin.demo-meetings-seed.ts schedules them
// through the meetings service.
import type { MeetingsModule } from '../meetings/index.js';
import type { StoryTime } from './admin.demo-notices.js';
import type { SchoolCalendar } from './admin.demo-timeline.js';

type MeetingInput = Parameters<MeetingsModule['meetings']['create']>[1];
type AnnotateMode = MeetingInput['annotate'];
type MeetingRecurrence = NonNullable<MeetingInput['recurrence']>;
/** An answer to an invitation. */
export type DemoResponse = Parameters<MeetingsModule['meetings']['respond']>[2]['response'];

/** One stay in the room, in minutes from the meeting's start (negative: before it). */
export interface DemoStay {
  key: string;
  join: number;
  leave: number;
  device: 'phone' | 'desktop';
}

/** A chat line, `at` minutes after the start. */
export interface DemoChatLine {
  key: string;
  at: number;
  body(c: SchoolCalendar): string;
}

export interface DemoMeeting {
  key: string;
  /** Person key of the host (admin.demo-school.ts). */
  by: string;
  title: string;
  agenda(c: SchoolCalendar): string;
  /** The first occurrence (school-local). */
  starts(c: SchoolCalendar): StoryTime;
  durationMin: number;
  recurrence?: MeetingRecurrence;
  /** People and departments (keys; sub-departments count) as chosen on the form. */
  invitees: { personKeys?: string[]; departmentKeys?: string[] };
  cohosts?: string[];
  lobby: boolean;
  cameraOffAbove: number;
  annotate: AnnotateMode;
  /** When the host scheduled it (the invitations went out then); without it, at the seed's now. */
  scheduledAt?(c: SchoolCalendar): StoryTime;
  /** Answers to the invitation; people not named have not answered. */
  responses?: Partial<Record<DemoResponse, string[]>>;
  /** A meeting already held: who was in the room when, and the chat. */
  held?: { stays: DemoStay[]; chat: DemoChatLine[] };
  cancelled?: { at(c: SchoolCalendar): StoryTime; reason: string };
}

const t = (date: string, at: string): StoryTime => ({ date, at });
const lines = (...l: string[]) => l.join('\n');

/** The school leaders (校长, 副校长). */
export const DEMO_LEADERS = ['principal', 'vp_teaching', 'vp_affairs'];
/** The heads of every department (the principal heads 校长办公室), in the order of admin.demo-school.ts. */
export const DEMO_DEPARTMENT_HEADS = [
  'principal', 'go_director', 'ac_director', 'mo_director', 'lo_director', 're_director', 'it_director', 'fi_director',
  'grades_director', 'grade1_head', 'grade2_head', 'grade3_head', 'union_chair',
];
export const DEMO_ALL_DEPARTMENTS = [
  'principal_office', 'general_office', 'academic', 'moral', 'logistics', 'research', 'it', 'finance', 'grades', 'grade1', 'grade2', 'grade3', 'union',
];

/** The first Monday 08:00 still ahead (today's, before eight on a Monday). */
function nextMondayMorning(c: SchoolCalendar): StoryTime {
  const thisWeek = c.week(0, 0);
  return t(c.at(thisWeek, '08:00') > c.now ? thisWeek : c.week(1, 0), '08:00');
}

export const DEMO_MEETINGS: DemoMeeting[] = [
  {
    key: 'admin_weekly', by: 'go_director', title: '行政例会',
    agenda: () =>
      lines(
        '1. 各处室汇报上周工作完成情况及本周工作安排（每个处室不超过 5 分钟）；',
        '2. 年级组汇报教学进度、学生动态；',
        '3. 需要协调解决的问题；',
        '4. 校长布置本周重点工作。',
        '请各位提前 5 分钟入会，会议纪要由综合办公室整理后发送。',
      ),
    starts: nextMondayMorning, durationMin: 60,
    recurrence: { freq: 'weekly', interval: 1, byWeekday: [1] },
    invitees: { personKeys: [...new Set([...DEMO_LEADERS, ...DEMO_DEPARTMENT_HEADS])].filter((k) => k !== 'go_director') },
    lobby: false, cameraOffAbove: 25, annotate: 'hosts',
    responses: { accepted: ['vp_teaching', 'vp_affairs', 'ac_director', 'mo_director', 'lo_director', 'fi_director', 'grades_director', 'union_chair'] },
  },
  {
    key: 'staff_meeting', by: 'principal', title: '全体教职工大会',
    agenda: (c) =>
      lines(
        `时间：${c.label(c.week(1, 4))} 15:30–17:00；会场：学术报告厅，外出或在校区外的老师在线参会。`,
        '1. 校长作本学期工作总结；',
        '2. 分管副校长部署期末考试及寒假工作（含寒假安全工作）；',
        '3. 表彰本学期优秀班主任、优秀教师；',
        '4. 工会通报教职工年度体检安排。',
        '请各年级组长、处室主任会前统计本部门出席情况；因故不能参加的，须经分管校长同意。',
      ),
    starts: (c) => t(c.week(1, 4), '15:30'), durationMin: 90,
    invitees: { departmentKeys: DEMO_ALL_DEPARTMENTS },
    cohosts: ['po_clerk'],
    lobby: false, cameraOffAbove: 25, annotate: 'presenter',
    scheduledAt: (c) => t(c.workday(-1), '17:15'),
    responses: {
      accepted: ['vp_teaching', 'vp_affairs', 'ac_director', 'ac_deputy', 'mo_director', 'lo_director', 'grades_director', 'grade2_head', 'grade3_head', 'union_chair', 'grade1_t03', 'grade2_t05', 'grade3_t07'],
      tentative: ['grade3_t11'],
      declined: ['grade2_t14'],
    },
  },
  {
    key: 'grade1_session', by: 'grade1_head', title: '高一年级组教研活动',
    agenda: () =>
      lines(
        '主题：期末复习研讨（原定的复习研讨会改在本次教研活动进行）',
        '1. 各学科交流复习计划，教研组长每人发言 5 分钟；',
        '2. 典型错题分析与分层练习的分工；',
        '3. 期末考试前学生心理辅导的安排。',
        '请各位老师带上本学科复习计划。',
      ),
    starts: (c) => t(c.workday(2), '14:00'), durationMin: 90,
    invitees: { departmentKeys: ['grade1'] },
    cohosts: ['grade1_t01'],
    lobby: false, cameraOffAbove: 25, annotate: 'hosts',
    scheduledAt: (c) => t(c.workday(-2), '09:05'),
    responses: { accepted: ['grade1_t01', 'grade1_t02', 'grade1_t04', 'grade1_t05', 'grade1_t08', 'grade1_t10'], tentative: ['grade1_t12'] },
  },
  {
    key: 'exam_briefing', by: 'vp_teaching', title: '期末考试工作布置会',
    agenda: (c) =>
      lines(
        '参会：教务处全体、年级组主任、各年级组长和教研组长。',
        `1. 教务处通报期末考试安排（${c.label(c.week(2, 0))}至${c.label(c.week(2, 4))}）；`,
        '2. 命题、审题与保密印制的要求；',
        '3. 监考安排、考场布置和网上阅卷分工；',
        '4. 分管副校长讲考风考纪。',
      ),
    starts: (c) => t(c.workday(-1), '16:30'), durationMin: 60,
    invitees: { personKeys: ['ac_deputy', 'ac_clerk1', 'ac_clerk2', 'grades_director', 'grade1_head', 'grade1_t01', 'grade1_t02', 'grade2_head', 'grade2_t01', 'grade2_t02', 'grade3_head', 'grade3_t01', 'grade3_t02'] },
    cohosts: ['ac_director'],
    lobby: false, cameraOffAbove: 25, annotate: 'hosts',
    // After 杜建华 had announced his review for the same afternoon; he withdrew it the next morning.
    scheduledAt: (c) => t(c.workday(-3), '17:20'),
    responses: {
      accepted: ['ac_director', 'ac_deputy', 'ac_clerk1', 'ac_clerk2', 'grades_director', 'grade1_head', 'grade1_t01', 'grade1_t02', 'grade2_head', 'grade2_t01', 'grade2_t02', 'grade3_head', 'grade3_t01'],
    },
    held: {
      // grade3_t02 never came; grade2_t02's phone lost the network and came back (two stays); grade3_head left early.
      stays: [
        { key: 'ac_director', join: -9, leave: 64, device: 'desktop' },
        { key: 'vp_teaching', join: -6, leave: 63, device: 'desktop' },
        { key: 'ac_deputy', join: -5, leave: 64, device: 'desktop' },
        { key: 'ac_clerk1', join: -4, leave: 62, device: 'desktop' },
        { key: 'grades_director', join: -3, leave: 61, device: 'desktop' },
        { key: 'grade1_head', join: -2, leave: 60, device: 'desktop' },
        { key: 'grade2_head', join: -2, leave: 61, device: 'phone' },
        { key: 'ac_clerk2', join: -1, leave: 62, device: 'desktop' },
        { key: 'grade1_t01', join: 0, leave: 60, device: 'phone' },
        { key: 'grade2_t01', join: 1, leave: 60, device: 'desktop' },
        { key: 'grade3_head', join: 1, leave: 38, device: 'phone' },
        { key: 'grade3_t01', join: 2, leave: 61, device: 'phone' },
        { key: 'grade2_t02', join: 3, leave: 21, device: 'phone' },
        { key: 'grade2_t02', join: 23, leave: 60, device: 'phone' },
        { key: 'grade1_t02', join: 7, leave: 60, device: 'desktop' },
      ],
      chat: [
        { key: 'ac_director', at: -4, body: () => '各位老师好，会议 16:30 准时开始，请把麦克风先关上。' },
        { key: 'grade1_t02', at: 8, body: () => '不好意思，刚下课，晚到几分钟。' },
        { key: 'grade2_head', at: 16, body: (c) => `高二年级的监考老师名单${c.label(c.week(1, 1))}前报给教务处可以吗？` },
        { key: 'ac_deputy', at: 17, body: (c) => `可以。试卷和参考答案也请在${c.label(c.week(1, 1))}前交给我，文印室统一印制。` },
        { key: 'grade2_t02', at: 24, body: () => '刚才手机网络断了，重新进来了，命题要求那部分没听全。' },
        { key: 'ac_clerk1', at: 25, body: () => '命题要求会后发在年级组群里，会议纪要也会一起发。' },
        { key: 'grade3_head', at: 37, body: () => '高三有个班在等我，先退出了，布置的内容会后向陈校长汇报。' },
        { key: 'grade1_t01', at: 44, body: () => '网上阅卷培训在哪里进行？' },
        { key: 'ac_director', at: 45, body: () => '信息中心机房，具体时间另行通知。' },
        { key: 'vp_teaching', at: 58, body: () => '请各年级组按分工落实，有问题随时找教务处。散会。' },
      ],
    },
  },
  {
    key: 'winter_safety_meeting', by: 'vp_affairs', title: '寒假安全工作部署会',
    agenda: () =>
      lines(
        '1. 寒假前校园安全隐患排查（总务处）；',
        '2. 学生寒假安全教育和告知书签收（德育处、各年级组）；',
        '3. 寒假值班安排。',
      ),
    starts: (c) => t(c.week(1, 3), '16:00'), durationMin: 60,
    invitees: { personKeys: ['mo_director', 'mo_deputy', 'lo_director', 'grades_director', 'grade1_head', 'grade2_head', 'grade3_head'] },
    lobby: false, cameraOffAbove: 25, annotate: 'hosts',
    scheduledAt: (c) => t(c.workday(-2), '10:40'),
    responses: { accepted: ['mo_director', 'lo_director'] },
    cancelled: { at: (c) => t(c.workday(-1), '17:30'), reason: '寒假安全工作改在全体教职工大会上一并部署，本次会议取消。' },
  },
];
