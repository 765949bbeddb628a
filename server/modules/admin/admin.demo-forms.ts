// The demo school's forms and approvals: the six shipped templates published by the offices that own them, and
// a few submissions in different states (waiting for a grade head, approved, returned for changes, sign-ups)
// so the approval boxes, home counts and statistics have something to show. Everything goes through the forms
// services as if each person had clicked it, so the engine, approval history and inbox notifications are real.
import type { CurrentUser } from '../../core/request-context.js';
import type { Clock } from '../../lib/clock.js';
import type { FormsModule } from '../forms/index.js';
import type { OrgService } from '../org/index.js';
import type { DemoPerson } from './admin.demo-school.js';

/** The parts of the forms module the seed drives (app.ts and the CLI pass services.forms). */
export type DemoFormsPort = Pick<FormsModule, 'definitions' | 'submissions'>;

type TemplateKey = NonNullable<Parameters<DemoFormsPort['definitions']['create']>[1]['template']>;
type ActionRequest = Parameters<DemoFormsPort['submissions']['act']>[2];
type Status = ReturnType<DemoFormsPort['submissions']['submit']>['status'];

/** Each template, the department that owns it (key in admin.demo-school.ts); its head builds and publishes it. */
export const DEMO_FORMS: { template: TemplateKey; name: string; ownerKey: string }[] = [
  { template: 'leave', name: '请假申请', ownerKey: 'general_office' },
  { template: 'equipment', name: '设备领用', ownerKey: 'logistics' },
  { template: 'signup', name: '活动报名', ownerKey: 'union' },
  { template: 'seal', name: '用印申请', ownerKey: 'general_office' },
  { template: 'vehicle', name: '用车申请', ownerKey: 'logistics' },
  { template: 'circulation', name: '公文流转', ownerKey: 'general_office' },
];

/** School-local dates the sample answers use, all derived from the seed clock. */
interface Dates {
  /** The n-th working day (Mon–Fri) after today; negative: before today. */
  workday(n: number): string;
}

interface DemoSubmission {
  template: TemplateKey;
  /** Person key of the initiator. */
  by: string;
  answers(dates: Dates, person: DemoPerson): Record<string, unknown>;
  /** Decisions taken afterwards, in order, by person key. */
  then?: { by: string; action: ActionRequest }[];
  /** Where it must end up: the seed stops loudly rather than leave a demo that tells a different story. */
  status: Status;
}

const approve = (comment?: string): ActionRequest => ({ type: 'approve', ...(comment ? { comment } : {}) });

/**
 * The sample submissions. Grade teachers' leave goes to their grade head (高一: 杜建华, the documented demo
 * account t2008029, has two waiting); more than 2 days goes on to the school leaders (陈立新 signs).
 */
export const DEMO_SUBMISSIONS: DemoSubmission[] = [
  {
    template: 'leave', by: 'grade1_t03', status: 'running',
    answers: (d, p) => ({
      leaveType: '事假', period: { start: d.workday(2), end: d.workday(2) }, reason: '孩子学校开家长会，需要到校参加。',
      needCover: '是', coverPlan: '第2节 高一(3)班 数学 由叶红梅老师代课；第5节 高一(5)班 数学 改为自习。', contact: p.phone,
    }),
  },
  {
    template: 'leave', by: 'grade1_t05', status: 'running',
    answers: (d) => ({ leaveType: '调休', period: { start: d.workday(3), end: d.workday(3), startHalf: 'pm' }, reason: '上周六带学生参加区英语竞赛，申请调休半天。', needCover: '否' }),
  },
  {
    template: 'leave', by: 'grade1_t04', status: 'approved',
    answers: (d) => ({
      leaveType: '年假', period: { start: d.workday(6), end: d.workday(7) }, reason: '回老家探望父母。',
      needCover: '是', coverPlan: '两天的化学课由程思远老师代课，课表已与教务处核对。',
    }),
    then: [{ by: 'grade1_head', action: approve('同意，注意安排好代课。') }],
  },
  {
    template: 'leave', by: 'grade2_t04', status: 'approved',
    answers: (d) => ({
      leaveType: '病假', period: { start: d.workday(-4), end: d.workday(-2) }, reason: '急性肠胃炎，医生建议休息三天。',
      needCover: '是', coverPlan: '高二(1)(2)班 物理课由廖明辉老师代课。',
    }),
    then: [
      { by: 'grade2_head', action: approve('同意，好好休息。') },
      { by: 'vp_teaching', action: approve('同意。') },
    ],
  },
  {
    template: 'leave', by: 'grade3_t03', status: 'returned',
    answers: (d) => ({ leaveType: '事假', period: { start: d.workday(4), end: d.workday(4) }, reason: '办理房产过户手续。', needCover: '是', coverPlan: '找同事代课。' }),
    then: [{ by: 'grade3_head', action: { type: 'return', to: 'initiator', comment: '高三课程紧，请写明节次、班级和代课老师后再提交。' } }],
  },
  {
    template: 'equipment', by: 'grade2_t02', status: 'running',
    answers: (d) => ({
      items: [
        { name: '数字示波器', model: 'DS1102', qty: 4, amount: 3160 },
        { name: '学生电源', model: 'J1202', qty: 10, amount: 1280 },
        { name: '导线', qty: 50, amount: 150 },
      ],
      useDate: d.workday(5), purpose: '高二物理“电磁感应”分组实验使用，实验结束后示波器归还实验室。',
    }),
    then: [{ by: 'grade2_head', action: approve('同意，请总务处安排。') }],
  },
  {
    template: 'vehicle', by: 'ac_clerk1', status: 'approved',
    answers: (d) => ({
      useDate: d.workday(1), startTime: '08:30', endTime: '11:30', destination: '区教育局（人民路 88 号）', passengers: 3,
      reason: '报送高三学业水平考试报名材料。', needDriver: '是',
    }),
    then: [
      { by: 'ac_director', action: approve() },
      { by: 'lo_director', action: approve('已安排车辆和驾驶员。') },
    ],
  },
  ...(
    [
      ['grade1_t01', ['跳绳', '接力'], 'M'],
      ['grade2_t03', ['羽毛球'], 'S'],
      ['grade3_t04', ['跳绳', '拔河', '接力'], 'M'],
      ['ac_deputy', ['拔河'], 'L'],
      ['lo_clerk1', ['拔河', '羽毛球'], 'XL'],
      ['union_clerk', ['接力'], 'S'],
    ] as const
  ).map(([by, items, size]): DemoSubmission => ({
    template: 'signup', by, status: 'approved',
    answers: (_d, p) => ({ phone: p.phone, items: [...items], size }),
  })),
];

/** The person as they would be if they signed in now (roles and permissions from the org service). */
export function actingAs(org: OrgService, id: string): CurrentUser {
  const u = org.userRow(id);
  if (!u?.active) throw new Error(`demo school: ${id} is not an active person`);
  const roles = org.grants(id);
  const { permissions, scopedPermissions } = org.permissionsOf(roles);
  return {
    id, username: u.username, displayName: u.displayName, departmentId: u.departmentId, locale: u.locale, sessionId: '',
    roles, permissions, scopedPermissions, mustChangePassword: false, mustEnrollTotp: false,
  };
}

const DAY_MS = 86_400_000;

/** Working days counted from the school-local date of `now` (weekends skipped; the new box has no calendar yet). */
export function demoDates(now: Date, timeZone: string): Dates {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const today = Date.UTC(part('year'), part('month') - 1, part('day'));
  return {
    workday(n) {
      let at = today;
      for (let left = Math.abs(n); left > 0; ) {
        at += Math.sign(n) * DAY_MS;
        const weekday = new Date(at).getUTCDay();
        if (weekday !== 0 && weekday !== 6) left--;
      }
      return new Date(at).toISOString().slice(0, 10);
    },
  };
}

export interface DemoFormsDeps {
  forms: DemoFormsPort;
  org: OrgService;
  clock: Clock;
  timeZone: string;
  people: ReadonlyMap<string, { id: string; person: DemoPerson }>;
  departmentIds: ReadonlyMap<string, string>;
  /** Department key → the key of its head. */
  headKeys: ReadonlyMap<string, string>;
}

export function seedDemoForms(d: DemoFormsDeps): { forms: number; submissions: number } {
  const { forms, org } = d;
  const who = (key: string) => {
    const p = d.people.get(key);
    if (!p) throw new Error(`demo school: no person ${key}`);
    return { user: actingAs(org, p.id), person: p.person };
  };

  const published = new Map<TemplateKey, { id: string; version: number }>();
  for (const f of DEMO_FORMS) {
    const { user } = who(d.headKeys.get(f.ownerKey)!);
    const created = forms.definitions.create(user, { name: f.name, template: f.template, ownerDepartmentId: d.departmentIds.get(f.ownerKey)! });
    const form = forms.definitions.publish(user, created.id);
    published.set(f.template, { id: form.id, version: form.publishedVersion! });
  }

  const dates = demoDates(d.clock.now(), d.timeZone);
  for (const s of DEMO_SUBMISSIONS) {
    const { user, person } = who(s.by);
    const form = published.get(s.template)!;
    const { id, status: first } = forms.submissions.submit(user, form.id, { version: form.version, answers: s.answers(dates, person) });
    let status = first;
    for (const step of s.then ?? []) status = forms.submissions.act(who(step.by).user, id, step.action).status;
    if (status !== s.status) throw new Error(`demo school: ${person.displayName}'s ${s.template} ended ${status}, expected ${s.status}`);
  }
  return { forms: published.size, submissions: DEMO_SUBMISSIONS.length };
}
