// Forms used by the renderer's unit tests.
import type { FormSchema } from '../../../../server/lib/form-schema';

/** The 请假申请 shape: a choice, a half-day range, a reason, and a proof that only sick leave asks for. */
export const leave: FormSchema = {
  sections: [
    {
      key: 'basic',
      title: '请假信息',
      fields: [
        { type: 'radio', key: 'kind', label: '请假类型', required: true, options: [{ value: 'personal', label: '事假' }, { value: 'sick', label: '病假' }] },
        { type: 'dateRange', key: 'period', label: '请假时间', required: true, unit: 'halfDay', skipWeekends: true, skipHolidays: true, validation: { max: 30 } },
        { type: 'textarea', key: 'reason', label: '请假事由', required: true, validation: { minLength: 4, message: '请写清楚事由（至少 4 个字）' } },
        { type: 'attachment', key: 'proof', label: '病假证明', required: true, visibleIf: { mode: 'all', rules: [{ field: 'kind', op: 'eq', value: 'sick' }] } },
      ],
    },
    {
      key: 'extra',
      title: '工作交接',
      fields: [
        { type: 'person', key: 'cover', label: '代课老师', multiple: true, validation: { min: 1 } },
        { type: 'table', key: 'items', label: '明细', columns: [{ type: 'text', key: 'what', label: '事项', required: true }, { type: 'money', key: 'cost', label: '金额' }] },
      ],
    },
  ],
};


/** One field of every type, a jump that skips a section, and a calculated total. */
export const everything: FormSchema = {
  sections: [
    {
      key: 'a',
      title: '基本',
      description: '说明文字',
      fields: [
        { type: 'description', key: 'note', label: '须知', text: '请如实填写' },
        { type: 'text', key: 'title', label: '标题', required: true, help: '一句话' },
        { type: 'textarea', key: 'body', label: '正文', validation: { maxLength: 100 } },
        { type: 'number', key: 'qty', label: '数量', decimals: 0, unit: '台' },
        { type: 'money', key: 'price', label: '单价' },
        { type: 'calc', key: 'total', label: '合计', formula: 'qty * price', decimals: 2, unit: '元' },
        { type: 'date', key: 'day', label: '日期' },
        { type: 'time', key: 'at', label: '时间' },
        { type: 'dateRange', key: 'range', label: '起止', unit: 'day', skipWeekends: true, skipHolidays: false },
        { type: 'radio', key: 'skip', label: '跳过下一部分', options: [{ value: 'y', label: '是' }, { value: 'n', label: '否' }] },
        { type: 'checkbox', key: 'tags', label: '标签', options: [{ value: 'a', label: '甲' }, { value: 'b', label: '乙' }] },
        { type: 'select', key: 'grade', label: '年级', options: [{ value: 'g1', label: '初一' }] },
        { type: 'person', key: 'who', label: '人员', multiple: true },
        { type: 'department', key: 'dept', label: '部门' },
        { type: 'phone', key: 'phone', label: '手机' },
        { type: 'idNumber', key: 'idn', label: '身份证' },
        { type: 'email', key: 'mail', label: '邮箱' },
        { type: 'attachment', key: 'files', label: '附件' },
        { type: 'image', key: 'pics', label: '图片', maxFiles: 3 },
        { type: 'signature', key: 'sign', label: '签名', required: true },
        { type: 'table', key: 'rows', label: '明细', columns: [{ type: 'text', key: 'name', label: '名称' }, { type: 'number', key: 'n', label: '数量' }] },
      ],
      jumps: [{ when: { mode: 'all', rules: [{ field: 'skip', op: 'eq', value: 'y' }] }, goTo: 'c' }],
    },
    { key: 'b', title: '第二部分', fields: [{ type: 'text', key: 'middle', label: '中间的问题' }] },
    { key: 'c', title: '第三部分', fields: [{ type: 'text', key: 'last', label: '最后的问题' }] },
  ],
};
