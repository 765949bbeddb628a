// The demo school's notices (通知公告): what a school office would really have posted in the last two weeks, by
// the people who post them — the 校长办公室 clerk for the school (a school-wide publisher on the admin's list),
// the principal, the 综合办公室 director, and department heads inside their own departments — with one waiting
// to go out next week, one withdrawn and one past its end date. Dates in the texts come from the seed clock.
// How many people opened and confirmed each one (and when) is in `receipts`; admin.demo-notices-seed.ts
// publishes them through the notices service and lets the recipients act.
import type { NoticesModule } from '../notices/index.js';
import type { ReceiptStory, SchoolCalendar } from './admin.demo-timeline.js';

type NoticeInput = Parameters<NoticesModule['notices']['create']>[1];

/** A moment of the story: a school-local date and wall time. */
export interface StoryTime {
  date: string;
  at: string;
}

export interface DemoNotice {
  key: string;
  /** Person key of the author (admin.demo-school.ts). */
  by: string;
  title: string;
  category: NoticeInput['category'];
  urgency: NoticeInput['urgency'];
  confirmMode: NoticeInput['confirmMode'];
  pinned?: boolean;
  /** Everyone, or the members of these departments (keys; sub-departments count). */
  audience: { all: true } | { departmentKeys: string[] };
  body(c: SchoolCalendar): string;
  /** When it went out (in the past). */
  published?(c: SchoolCalendar): StoryTime;
  /** Set up `on` a past day to go out `for` a time next week: the seed leaves it scheduled. */
  scheduled?: { on(c: SchoolCalendar): StoryTime; for(c: SchoolCalendar): StoryTime };
  expires?(c: SchoolCalendar): StoryTime;
  /** The author pressed "remind those who have not confirmed" then. */
  remindedAt?(c: SchoolCalendar): StoryTime;
  withdrawn?: { at(c: SchoolCalendar): StoryTime; reason: string };
  receipts?: ReceiptStory;
  /** What a person writes when confirming (comment mode: required; signature mode: some add a line). */
  comment?(c: SchoolCalendar, personKey: string, pick: number): string | undefined;
}

/** The accounts the README and the start command name keep their notices unopened, so trying them shows something. */
export const DEMO_FRESH_ACCOUNTS: ReadonlySet<string> = new Set(['sysadmin', 'principal', 'go_director', 'go_clerk1', 'it_director', 'grade1_head']);

/** The 校长办公室 clerk (文秘) the admin puts on the list of school-wide publishers. */
export const DEMO_SCHOOL_PUBLISHER = 'po_clerk';

const t = (date: string, at: string): StoryTime => ({ date, at });
const p = (...lines: string[]) => lines.map((l) => `<p>${l}</p>`).join('');
const list = (tag: 'ol' | 'ul', items: string[]) => `<${tag}>${items.map((i) => `<li>${i}</li>`).join('')}</${tag}>`;
/** The exam week is the week after next: Monday to Friday. */
const exam = (c: SchoolCalendar, day: number) => c.label(c.week(2, day));

export const DEMO_NOTICES: DemoNotice[] = [
  {
    key: 'exam_week', by: DEMO_SCHOOL_PUBLISHER, title: '关于期末考试周安排的通知',
    category: 'teaching', urgency: 'important', confirmMode: 'click', pinned: true, audience: { all: true },
    body: (c) =>
      p('各位老师：', `根据学校教学工作安排，本学期期末考试定于 <strong>${exam(c, 0)}至${exam(c, 4)}</strong> 举行。现将有关事项通知如下：`) +
      list('ol', [
        `<strong>考试时间</strong>：高一、高二年级 ${exam(c, 0)}至${exam(c, 3)} 进行期末考试；高三年级同期进行第二次模拟考试，${exam(c, 4)}加考综合科目。`,
        `<strong>监考安排</strong>：全体任课教师参加监考，监考表 ${c.label(c.week(1, 3))} 前在教务处领取。每场考试开考前 20 分钟到考务室（行政楼 201）签到、领取试卷。`,
        `<strong>命题与印制</strong>：各教研组长请于 ${c.label(c.week(1, 1))} 前将试卷及参考答案交教务处孙丽娟老师，文印室统一保密印制。`,
        '<strong>阅卷</strong>：采用网上阅卷，阅卷培训和分工由各年级组另行安排，成绩于考试结束后三个工作日内录入完毕。',
        '<strong>考风考纪</strong>：监考期间不得看手机、批改作业或擅离考场；发现违纪情况及时报告巡考人员。',
      ]) +
      '<table><thead><tr><th>日期</th><th>上午</th><th>下午</th></tr></thead><tbody>' +
      [['语文 8:00–10:30', '物理／历史 14:30–16:00'], ['数学 8:00–10:00', '化学／政治 14:30–16:00'], ['英语 8:00–10:00', '生物／地理 14:30–16:00'], ['技术 8:00–9:30', '—']]
        .map(([am, pm], i) => `<tr><td>${exam(c, i)}</td><td>${am}</td><td>${pm}</td></tr>`).join('') +
      '</tbody></table>' +
      p('请全体教职工阅读后点击“确认”。', '教务处'),
    published: (c) => t(c.workday(-3), '08:40'),
    expires: (c) => t(c.week(2, 4), '18:00'),
    remindedAt: (c) => t(c.workday(-1), '16:05'),
    receipts: { read: 0.86, confirmed: 0.72, readWithinMinutes: 3 * 24 * 60, confirmWithinMinutes: 4 },
  },
  {
    key: 'winter_safety', by: 'grades_director', title: '关于寒假安全教育告知书签收的通知',
    category: 'safety', urgency: 'important', confirmMode: 'signature', audience: { departmentKeys: ['grades'] },
    body: (c) =>
      p('各年级组全体老师：', '寒假临近，为切实做好学生假期安全工作，请各班主任在期末考试结束前完成以下工作，任课老师协助：') +
      list('ol', [
        '利用班会课组织学生学习《寒假安全教育告知书》，重点讲解防溺水、交通安全、消防用电安全、燃放烟花爆竹安全、防范电信网络诈骗和心理健康。',
        `将告知书发给每位学生带回家，家长签字回执于 ${exam(c, 4)} 前收齐，交本年级组统一存档。`,
        '摸排本班留守、困境学生情况，登记假期联系方式，做好假期家访安排。',
      ]) +
      p('请各位老师阅读后在本通知中<strong>手写签名确认</strong>，表示已知悉并落实。', '年级组　德育处'),
    published: (c) => t(c.workday(-2), '10:15'),
    receipts: { read: 0.8, confirmed: 0.56, readWithinMinutes: 36 * 60, confirmWithinMinutes: 10 * 60 },
    comment: (_c, _key, pick) =>
      pick < 0.2 ? '已组织本班学生学习告知书，家长回执已收齐。' : pick < 0.32 ? '回执还差两份，周五前交齐。' : pick < 0.4 ? '本班有3名留守学生，已登记假期联系方式。' : undefined,
  },
  {
    key: 'fire_drill', by: 'principal', title: '关于开展冬季消防安全疏散演练的通知',
    category: 'safety', urgency: 'urgent', confirmMode: 'click', audience: { all: true },
    body: (c) =>
      p('全体教职工：', `为增强师生消防安全意识和应急疏散能力，学校定于 <strong>${c.label(c.workday(2))}下午第八节课（15:50）</strong>开展冬季消防安全疏散演练。`) +
      list('ol', [
        '听到警报（连续三声长铃）后，各班由当节任课教师负责，按教室门后的疏散路线图有序撤离至田径场指定位置：弯腰、掩鼻、不推挤、不返回。',
        '班主任到达集合点后立即清点人数，向年级组长报告；年级组长汇总后报演练总指挥。',
        '总务处提前检查疏散通道、应急照明和消防器材；德育处负责现场秩序；校医室在田径场设临时救护点。',
        '演练期间请勿使用电梯。',
      ]) +
      p('事关师生安全，请每位老师务必点击“确认”，并在演练前向学生讲解疏散路线。', '学校安全工作领导小组'),
    published: (c) => t(c.workday(-1), '14:30'),
    receipts: { read: 0.9, confirmed: 0.8, readWithinMinutes: 8 * 60, confirmWithinMinutes: 3 },
  },
  {
    key: 'canteen', by: 'go_director', title: '关于教工食堂菜单调整的通知',
    category: 'logistics', urgency: 'normal', confirmMode: 'none', audience: { all: true },
    body: (c) =>
      p('各位老师：', `根据教职工伙食委员会的意见，自 ${c.label(c.workday(-2))} 起教工食堂菜单作如下调整：`) +
      list('ul', [
        '早餐增加杂粮粥和现做鸡蛋饼，供应时间调整为 6:40–7:50；',
        '午餐由“四菜一汤”调整为“五菜一汤”，每周三增设面食窗口；',
        '晚餐供应时间不变（17:20–18:30），周五晚餐暂停供应。',
      ]) +
      p('餐费标准不变。有意见或建议请联系总务处何永红老师（分机 8016）。', '总务处'),
    published: (c) => t(c.workday(-4), '11:20'),
    receipts: { read: 0.66, confirmed: 0, readWithinMinutes: 3 * 24 * 60, confirmWithinMinutes: 0 },
  },
  {
    key: 'health_check', by: 'go_director', title: '关于组织教职工年度健康体检的通知',
    category: 'admin', urgency: 'normal', confirmMode: 'comment', audience: { all: true },
    body: (c) =>
      p('各位教职工：', '经学校研究，本年度教职工健康体检安排在市第二人民医院体检中心进行，费用由学校统一支付。可选日期如下：') +
      list('ul', [1, 2, 3].map((d) => `${c.label(c.week(1, d))}上午`)) +
      p(
        '体检当天请空腹，携带身份证，7:30 前到达；学校安排校车 7:00 从东门出发。',
        '<strong>请在确认时填写您可以参加的日期</strong>，综合办公室据此分批安排，并尽量避开您的课。',
        '综合办公室　工会',
      ),
    published: (c) => t(c.workday(-2), '15:30'),
    receipts: { read: 0.7, confirmed: 0.46, readWithinMinutes: 2 * 24 * 60, confirmWithinMinutes: 20 * 60 },
    comment: (c, _key, pick) => {
      const [tue, wed, thu] = [1, 2, 3].map((d) => c.label(c.week(1, d)));
      const options = [
        `${tue}上午可以参加。`, `${wed}上午。`, `${thu}上午，需要坐校车。`, `${tue}或${thu}都可以。`,
        `只能${wed}，${tue}上午有公开课。`, `${thu}上午，我自己开车去。`, `${tue}上午，与同组的老师一起。`,
      ];
      return options[Math.floor(pick * options.length)];
    },
  },
  {
    key: 'staff_meeting', by: 'principal', title: '关于召开全体教职工大会的通知',
    category: 'general', urgency: 'important', confirmMode: 'read', audience: { all: true },
    body: (c) =>
      p('全体教职工：', `学校定于 <strong>${c.label(c.week(1, 4))}下午 15:30</strong> 在学术报告厅召开全体教职工大会（不在校的老师可在“会议”中在线参加），请准时参加。会议议程：`) +
      list('ol', ['校长作本学期工作总结；', '分管副校长部署期末考试及寒假工作；', '表彰本学期优秀班主任、优秀教师。']) +
      p('请各年级组长、处室主任会前统计本部门出席情况；因故不能参加的，须经分管校长同意。', '校长办公室'),
    scheduled: { on: (c) => t(c.workday(-1), '17:10'), for: (c) => t(c.week(1, 0), '07:30') },
  },
  {
    key: 'grade1_review', by: 'grade1_head', title: '关于召开高一年级期末复习研讨会的通知',
    category: 'teaching', urgency: 'normal', confirmMode: 'read', audience: { departmentKeys: ['grade1'] },
    body: (c) =>
      p(
        '高一年级组各位老师：',
        `定于 ${c.label(c.workday(-1))}下午 16:30 在高一年级组办公室召开期末复习研讨会，各学科交流复习计划和典型错题，请各教研组长准备 5 分钟发言。`,
        '高一年级组',
      ),
    published: (c) => t(c.workday(-3), '16:10'),
    withdrawn: { at: (c) => t(c.workday(-2), '08:50'), reason: '与学校期末考试工作会议时间冲突，改期另行通知。' },
    receipts: { read: 0.6, confirmed: 0.6, readWithinMinutes: 20 * 60, confirmWithinMinutes: 0 },
  },
  {
    key: 'cpd_hours', by: DEMO_SCHOOL_PUBLISHER, title: '关于报送本学期继续教育学时证明的通知',
    category: 'admin', urgency: 'normal', confirmMode: 'read', audience: { all: true },
    body: (c) =>
      p(
        '各位老师：',
        `根据区教育局通知，请于 ${c.label(c.workday(-4))} 17:00 前将本学期参加继续教育培训的学时证明（电子版）发送至校长办公室韩雪处，纸质证书复印件交各年级组、处室汇总。`,
        '逾期未报送的，本学期学时将无法录入继续教育管理系统。',
        '校长办公室',
      ),
    published: (c) => t(c.workday(-9), '09:30'),
    expires: (c) => t(c.workday(-4), '17:00'),
    receipts: { read: 0.82, confirmed: 0.82, readWithinMinutes: 4 * 24 * 60, confirmWithinMinutes: 0 },
  },
];
