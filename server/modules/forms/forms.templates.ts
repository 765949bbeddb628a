// The six ready-made forms a school starts from (请假、设备领用、活动报名、用印、用车、公文流转). A template is a
// complete draft — fields with help texts, validation and logic, an approval flow and settings — that the
// creator can publish as is or adjust. Steps for a named office (总务处、综合办公室、财务室) go to that
// department's head when the school has a department of that name, else to the office admins.
import type { ApproverSpec, Condition, Flow, FormField, FormSchema } from '../../lib/form-schema.js';
import type { FormSettings, TemplateKey, TemplateSummary } from './forms.dto.js';

export interface TemplateDraft {
  name: string;
  description: string;
  icon: string;
  category: string;
  schema: FormSchema;
  flow: Flow;
  settings: FormSettings;
}

/** Finds a department id by its exact name (null when the school has none). */
export type DepartmentByName = (name: string) => string | null;

type Template = Omit<TemplateDraft, 'schema' | 'flow' | 'settings'> & {
  build(dept: DepartmentByName): Pick<TemplateDraft, 'schema' | 'flow' | 'settings'>;
};

const options = (...values: string[]) => values.map((v) => ({ value: v, label: v }));
const when = (field: string, op: Condition['rules'][number]['op'], value?: Condition['rules'][number]['value']): Condition => ({
  mode: 'all', rules: [{ field, op, ...(value !== undefined ? { value } : {}) }],
});
/** The head of the named office, or the office admins when the school has no such department. */
const officeHead = (dept: DepartmentByName, name: string): ApproverSpec => {
  const id = dept(name);
  return id ? { kind: 'deptHead', departmentId: id } : { kind: 'role', role: 'admin' };
};
const deptHeadStep = { id: 'deptHead', type: 'approve', name: '部门负责人审批', approvers: [{ kind: 'deptHead' }], mode: 'any' } as const satisfies Flow['nodes'][number];
const leaders = (id: string, name: string) =>
  ({ id, type: 'approve', name, approvers: [{ kind: 'role', role: 'principal' }], mode: 'any' }) as const satisfies Flow['nodes'][number];
const yesNo = options('是', '否');
const section = (key: string, title: string, fields: FormField[], description?: string): FormSchema['sections'][number] => ({
  key, title, ...(description ? { description } : {}), fields,
});

const TEMPLATES: Record<TemplateKey, Template> = {
  leave: {
    name: '请假申请',
    description: '教职工请事假、病假、年假等。按工作日计算天数（自动扣除周末与校历节假日），部门负责人审批，超过 2 天再由分管校领导审批，结果抄送办公室。',
    icon: 'calendar',
    category: '人事',
    build: () => ({
      schema: {
        sections: [
          section('leaveInfo', '请假信息', [
            { type: 'radio', key: 'leaveType', label: '请假类型', required: true, options: options('事假', '病假', '年假', '婚假', '产假', '丧假', '公假', '调休') },
            {
              type: 'dateRange', key: 'period', label: '请假时间', required: true, unit: 'halfDay', skipWeekends: true, skipHolidays: true,
              help: '可选上午或下午半天；天数按工作日计算，周末和校历中的节假日不计入，调休上班日计入。',
            },
            { type: 'textarea', key: 'reason', label: '请假事由', required: true, validation: { maxLength: 500 }, placeholder: '简要说明请假原因' },
            {
              type: 'attachment', key: 'proof', label: '证明材料', maxFiles: 5, visibleIf: when('leaveType', 'in', ['病假', '婚假', '产假', '丧假']),
              help: '病假请附医院诊断证明或病历；婚假、产假、丧假请附相关证明（可拍照上传）。',
            },
          ]),
          section('arrangement', '工作安排', [
            { type: 'radio', key: 'needCover', label: '是否需要代课', required: true, options: yesNo },
            {
              type: 'textarea', key: 'coverPlan', label: '代课安排', required: true, visibleIf: when('needCover', 'eq', '是'), validation: { maxLength: 500 },
              help: '写明节次、班级和代课教师，例如：周三第2节 高一(3)班 语文 由李老师代课。',
            },
            { type: 'phone', key: 'contact', label: '请假期间联系电话', help: '请假期间能联系到你的手机号码。' },
          ]),
        ],
      },
      flow: {
        nodes: [
          { ...deptHeadStep, mode: 'sequential', timeoutHours: 24 },
          {
            id: 'byDays', type: 'branch', name: '按天数',
            branches: [
              { name: '超过2天', when: when('period', 'gt', 2), nodes: [leaders('leader', '分管校领导审批')] },
              { name: '其他', when: null, nodes: [] },
            ],
          },
          { id: 'ccOffice', type: 'cc', name: '抄送办公室', recipients: [{ kind: 'role', role: 'admin' }] },
        ],
      },
      settings: { summaryFields: ['leaveType', 'period'], allowBatch: false, archiveToDocuments: true },
    }),
  },

  equipment: {
    name: '设备领用',
    description: '领用或借用教学、办公设备。逐项填写设备明细与金额，合计自动计算；部门负责人和总务处审批，合计超过 5000 元再由分管校领导审批。',
    icon: 'package',
    category: '后勤',
    build: (dept) => ({
      schema: {
        sections: [
          section('items', '领用明细', [
            {
              type: 'table', key: 'items', label: '设备明细', required: true, validation: { min: 1, max: 50 },
              help: '每行一种设备；金额填该行合计（单价 × 数量），不清楚可留空。',
              columns: [
                { type: 'text', key: 'name', label: '设备名称', required: true, validation: { maxLength: 60 } },
                { type: 'text', key: 'model', label: '型号规格', validation: { maxLength: 60 } },
                { type: 'number', key: 'qty', label: '数量', required: true, decimals: 0, validation: { min: 1, max: 9999 } },
                { type: 'money', key: 'amount', label: '金额（元）', validation: { min: 0 } },
              ],
            },
            { type: 'calc', key: 'total', label: '合计金额', formula: 'sum(items.amount)', decimals: 2, unit: '元' },
          ]),
          section('usage', '使用信息', [
            { type: 'date', key: 'useDate', label: '领用日期', required: true },
            { type: 'date', key: 'returnDate', label: '预计归还日期', help: '借用的设备请填写；消耗品和长期配发的设备不填。' },
            { type: 'textarea', key: 'purpose', label: '用途', required: true, validation: { maxLength: 500 }, placeholder: '例如：高二物理实验课分组实验使用' },
          ]),
        ],
      },
      flow: {
        nodes: [
          deptHeadStep,
          { id: 'logistics', type: 'approve', name: '总务处审批', approvers: [officeHead(dept, '总务处')], mode: 'any' },
          {
            id: 'byAmount', type: 'branch', name: '按金额',
            branches: [
              { name: '超过5000元', when: when('total', 'gt', 5000), nodes: [leaders('leader', '分管校领导审批')] },
              { name: '其他', when: null, nodes: [] },
            ],
          },
        ],
      },
      settings: { summaryFields: ['total', 'useDate'], allowBatch: false, archiveToDocuments: true },
    }),
  },

  signup: {
    name: '活动报名',
    description: '教职工活动报名，无需审批，提交即报名成功。限 50 人，每人报名一次。',
    icon: 'checklist',
    category: '活动',
    build: () => ({
      schema: {
        sections: [
          section('signup', '报名信息', [
            {
              type: 'description', key: 'intro', label: '活动说明',
              text: '教职工趣味运动会报名。每人最多可报 3 个项目，报名截止后由工会统一编排分组并通知比赛时间。比赛服装由学校统一订制，请如实填写尺码。名额有限，报满即止。',
            },
            { type: 'phone', key: 'phone', label: '联系电话', required: true },
            { type: 'checkbox', key: 'items', label: '参加项目', required: true, options: options('跳绳', '拔河', '接力', '羽毛球'), validation: { min: 1, max: 3 }, help: '可多选，最多 3 项。' },
            { type: 'select', key: 'size', label: '服装尺码', required: true, options: options('S', 'M', 'L', 'XL', 'XXL') },
            { type: 'textarea', key: 'note', label: '备注', validation: { maxLength: 200 }, placeholder: '身体情况、时间冲突等需要说明的事项' },
          ]),
        ],
      },
      flow: { nodes: [] },
      settings: { capacity: 50, onePerPerson: true, summaryFields: ['items', 'size'] },
    }),
  },

  seal: {
    name: '用印申请',
    description: '加盖校章、党支部章、财务专用章或校长签名章。上传需盖章的文件，部门负责人和办公室主任审批；财务专用章还需财务室审批。',
    icon: 'stamp',
    category: '行政',
    build: (dept) => ({
      schema: {
        sections: [
          section('seal', '用印信息', [
            { type: 'select', key: 'sealType', label: '印章类型', required: true, options: options('校章', '党支部章', '财务专用章', '校长签名章') },
            { type: 'text', key: 'docName', label: '文件名称', required: true, validation: { maxLength: 100 } },
            { type: 'number', key: 'copies', label: '用印份数', required: true, decimals: 0, unit: '份', validation: { min: 1, max: 100 } },
            { type: 'attachment', key: 'file', label: '用印文件', required: true, maxFiles: 5, help: '上传需要盖章的文件（PDF、Word 或照片），盖章以审批通过的文件为准。' },
            { type: 'textarea', key: 'purpose', label: '用途说明', required: true, validation: { maxLength: 500 }, placeholder: '例如：报送区教育局的年度工作总结' },
          ]),
        ],
      },
      flow: {
        nodes: [
          deptHeadStep,
          { id: 'office', type: 'approve', name: '办公室主任审批', approvers: [officeHead(dept, '综合办公室')], mode: 'any' },
          {
            id: 'bySeal', type: 'branch', name: '按印章类型',
            branches: [
              { name: '财务专用章', when: when('sealType', 'eq', '财务专用章'), nodes: [{ id: 'finance', type: 'approve', name: '财务室审批', approvers: [officeHead(dept, '财务室')], mode: 'any' }] },
              { name: '其他', when: null, nodes: [] },
            ],
          },
        ],
      },
      settings: { summaryFields: ['sealType', 'docName'], allowBatch: false, archiveToDocuments: true },
    }),
  },

  vehicle: {
    name: '用车申请',
    description: '因公使用学校车辆。填写用车时间、目的地和人数，部门负责人和总务处审批；乘车超过 7 人（需调派大车）再由分管校领导审批。',
    icon: 'car',
    category: '后勤',
    build: (dept) => ({
      schema: {
        sections: [
          section('trip', '用车信息', [
            { type: 'date', key: 'useDate', label: '用车日期', required: true },
            { type: 'time', key: 'startTime', label: '出发时间', required: true },
            { type: 'time', key: 'endTime', label: '预计返回时间', required: true },
            { type: 'text', key: 'destination', label: '目的地', required: true, validation: { maxLength: 100 }, placeholder: '例如：区教育局（人民路 88 号）' },
            { type: 'number', key: 'passengers', label: '乘车人数', required: true, decimals: 0, unit: '人', validation: { min: 1, max: 60 }, help: '含申请人本人。' },
            { type: 'textarea', key: 'reason', label: '用车事由', required: true, validation: { maxLength: 500 } },
            { type: 'radio', key: 'needDriver', label: '是否需要派驾驶员', required: true, options: yesNo },
          ]),
        ],
      },
      flow: {
        nodes: [
          deptHeadStep,
          { id: 'logistics', type: 'approve', name: '总务处审批', approvers: [officeHead(dept, '总务处')], mode: 'any' },
          {
            id: 'byPassengers', type: 'branch', name: '按人数',
            branches: [
              { name: '超过7人', when: when('passengers', 'gt', 7), nodes: [leaders('leader', '分管校领导审批')] },
              { name: '其他', when: null, nodes: [] },
            ],
          },
        ],
      },
      settings: { summaryFields: ['useDate', 'destination'], allowBatch: false },
    }),
  },

  circulation: {
    name: '公文流转',
    description: '收到的上级来文登记与流转：办公室拟办，校领导依次批示，最后传阅办公室并归档。',
    icon: 'file',
    category: '公文',
    build: (dept) => ({
      schema: {
        sections: [
          section('doc', '来文登记', [
            { type: 'text', key: 'source', label: '来文单位', required: true, validation: { maxLength: 100 }, placeholder: '例如：区教育局' },
            { type: 'text', key: 'docNo', label: '文号', validation: { maxLength: 60 }, placeholder: '例如：区教发〔2026〕12号' },
            { type: 'text', key: 'title', label: '文件标题', required: true, validation: { maxLength: 200 } },
            { type: 'radio', key: 'urgency', label: '紧急程度', required: true, options: options('特急', '加急', '平件') },
            { type: 'attachment', key: 'file', label: '公文附件', required: true, maxFiles: 5, help: '上传来文正文及附件（PDF 或扫描件）。' },
            { type: 'textarea', key: 'suggestion', label: '拟办意见', validation: { maxLength: 1000 }, help: '办公室对如何办理的建议，如：请教务处牵头落实。' },
          ]),
        ],
      },
      flow: {
        nodes: [
          { id: 'draft', type: 'approve', name: '办公室拟办', approvers: [officeHead(dept, '综合办公室')], mode: 'any' },
          { id: 'leaders', type: 'approve', name: '校领导批示', approvers: [{ kind: 'role', role: 'principal' }], mode: 'sequential' },
          { id: 'circulate', type: 'cc', name: '传阅', recipients: [{ kind: 'role', role: 'admin' }] },
        ],
      },
      settings: { summaryFields: ['title', 'urgency'], allowBatch: false, archiveToDocuments: true },
    }),
  },
};

export const TEMPLATE_KEYS = Object.keys(TEMPLATES) as TemplateKey[];

export function templateSummaries(): TemplateSummary[] {
  return TEMPLATE_KEYS.map((key) => {
    const t = TEMPLATES[key];
    return { key, name: t.name, description: t.description, icon: t.icon, category: t.category };
  });
}

/** A fresh draft from a template; department names are looked up now (at creation time). */
export function templateDraft(key: TemplateKey, dept: DepartmentByName): TemplateDraft {
  const t = TEMPLATES[key];
  // A deep copy: drafts are edited and stored, the shared constants must never change.
  return structuredClone({ name: t.name, description: t.description, icon: t.icon, category: t.category, ...t.build(dept) });
}
