// Statistics and the XLSX export over a hand-seeded set of submissions (real migrated SQLite): exact counts by
// status, department and month on the school clock, sums of approved requests only, option counts across
// form versions, and decision times per flow step.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../../server/db/client.js';
import { migrate } from '../../../server/db/migrator.js';
import type { FormSchema } from '../../../server/lib/form-schema.js';
import type { OrgService } from '../../../server/modules/org/index.js';
import type { FormRecord, FormVersionRecord } from '../../../server/modules/forms/forms.ports.js';
import { createFormStats } from '../../../server/modules/forms/forms.stats.js';

const FORM = 'f0000000000000000000000001';
const AT = '2026-09-01T00:00:00Z';

const schema = (kindOptions: { value: string; label: string }[]): FormSchema => ({
  sections: [{
    key: 'main', title: '',
    fields: [
      { type: 'dateRange', key: 'days', label: '请假时间', unit: 'halfDay', skipWeekends: true, skipHolidays: true },
      { type: 'money', key: 'amount', label: '金额' },
      { type: 'radio', key: 'kind', label: '类型', options: kindOptions },
      { type: 'checkbox', key: 'tags', label: '标签', options: [{ value: 'a', label: '甲' }, { value: 'b', label: '乙' }, { value: 'c', label: '丙' }] },
      { type: 'person', key: 'sub', label: '代课' },
      { type: 'table', key: 'rows', label: '明细', columns: [{ type: 'text', key: 'x', label: '课程' }, { type: 'number', key: 'n', label: '节数' }] },
      { type: 'description', key: 'note', label: '说明', text: '…' },
    ],
  }],
});
const flow = { nodes: [{ id: 'lead', type: 'approve' as const, name: '组长审批', approvers: [{ kind: 'deptHead' as const }], mode: 'any' as const }, { id: 'boss', type: 'approve' as const, name: '校长审批', approvers: [{ kind: 'role' as const, role: 'principal' as const }], mode: 'any' as const }] };
const versions: Record<number, FormVersionRecord> = {
  1: { formId: FORM, version: 1, schema: schema([{ value: 'sick', label: '病假' }, { value: 'old', label: '旧选项' }]), flow, settings: {} },
  2: { formId: FORM, version: 2, schema: schema([{ value: 'sick', label: '病假' }, { value: 'personal', label: '事假' }]), flow, settings: {} },
};
const form: FormRecord = { id: FORM, name: '请假申请', icon: 'x', category: '', status: 'published', publishedVersion: 2, ownerDepartmentId: null, audience: { all: true, departmentIds: [] }, adminIds: [] };
const catalog = { form: (id: string) => (id === FORM ? form : null), version: (_: string, v: number) => versions[v] ?? null };
const departments = [{ id: 'dA', name: '语文组' }, { id: 'dB', name: '数学组' }];
const names: Record<string, string> = { u1: '王老师', u2: '李老师', u3: '张老师' };
const org = { listDepartments: () => departments, userRow: (id: string) => (names[id] ? { displayName: names[id] } : undefined) } as unknown as OrgService;

let dir: string;
let db: DbHandle;
const stats = () => createFormStats({ sqlite: db.sqlite, org, catalog, timeZone: () => 'Asia/Shanghai' });
const steps = JSON.stringify({ steps: [{ nodeId: 'lead', name: '组长审批' }, { nodeId: 'boss', name: '校长审批' }] });

function submit(n: number, o: { user: string; dept: string | null; status: string; at: string; version?: number; answers: Record<string, unknown>; finished?: string }) {
  const id = `s${String(n).padStart(25, '0')}`;
  db.sqlite
    .prepare(`INSERT INTO submissions (id, form_id, form_version, serial, initiator_id, initiator_dept_id, title, answers, status, flow_state, created_at, updated_at, finished_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(id, FORM, o.version ?? 2, `20261101-${String(n).padStart(4, '0')}`, o.user, o.dept, `${names[o.user]}的请假`, JSON.stringify(o.answers), o.status, steps, o.at, o.at, o.finished ?? null);
  return id;
}

function task(sub: string, n: number, step: number, status: string, activated: string | null, hours: number | null) {
  const decided = activated && hours !== null ? new Date(Date.parse(activated) + hours * 3_600_000).toISOString() : null;
  db.sqlite.prepare(`INSERT INTO approval_tasks (id, submission_id, user_id, step_index, status, activated_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(`${sub}-${n}`, sub, 'u2', step, status, activated, decided);
}

const range = (start: string, days: number) => ({ start, end: start, days });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xb-stats-'));
  db = openDatabase(dir);
  await migrate(db.sqlite, dir);
  for (const d of departments) db.sqlite.prepare(`INSERT INTO departments (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`).run(d.id, d.name, AT, AT);
  for (const [id, name] of Object.entries(names)) db.sqlite.prepare(`INSERT INTO users (id, username, display_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(id, id, name, AT, AT);
  db.sqlite.prepare(`INSERT INTO forms (id, name, draft_schema, draft_flow, draft_settings, created_at, updated_at) VALUES (?, ?, '{}', '{}', '{}', ?, ?)`).run(FORM, form.name, AT, AT);

  // 2026-11-01 01:00 in Shanghai (still October in UTC): counts for November.
  const s1 = submit(1, { user: 'u1', dept: 'dA', status: 'approved', at: '2026-10-31T17:00:00.000Z', finished: '2026-11-01T02:00:00.000Z', answers: { days: range('2026-11-02', 2), amount: 100.5, kind: 'sick', tags: ['a', 'b'], sub: 'u3', rows: [{ x: '语文', n: 2 }] } });
  const s2 = submit(2, { user: 'u1', dept: 'dA', status: 'approved', at: '2026-11-15T02:00:00.000Z', answers: { days: range('2026-11-16', 1.5), amount: 50, kind: 'personal', tags: ['a'] } });
  const s3 = submit(3, { user: 'u2', dept: 'dB', status: 'approved', at: '2026-12-01T03:00:00.000Z', version: 1, answers: { days: range('2026-12-02', 3), kind: 'old', tags: [] } });
  const s4 = submit(4, { user: 'u2', dept: 'dB', status: 'rejected', at: '2026-12-02T03:00:00.000Z', answers: { days: range('2026-12-03', 5), kind: 'sick' } });
  const s5 = submit(5, { user: 'u3', dept: null, status: 'running', at: '2026-12-03T03:00:00.000Z', answers: { days: range('2026-12-04', 1), kind: 'personal' } });
  submit(6, { user: 'u1', dept: 'dA', status: 'withdrawn', at: '2026-12-04T03:00:00.000Z', answers: { kind: 'sick' } });
  // Outside 2026-11-01 … 2026-12-31 on the school clock (23:00 on Oct 31 and 00:30 on Jan 1).
  submit(7, { user: 'u1', dept: 'dA', status: 'approved', at: '2026-10-31T15:00:00.000Z', answers: { days: range('2026-10-31', 9), kind: 'sick' } });
  submit(8, { user: 'u1', dept: 'dA', status: 'approved', at: '2026-12-31T16:30:00.000Z', answers: { days: range('2027-01-04', 9), kind: 'sick' } });

  task(s1, 1, 0, 'approved', '2026-10-31T17:00:00.000Z', 2);
  task(s1, 2, 1, 'approved', '2026-10-31T19:00:00.000Z', 1);
  task(s2, 1, 0, 'approved', '2026-11-15T02:00:00.000Z', 4);
  task(s3, 1, 0, 'approved', '2026-12-01T03:00:00.000Z', 10);
  task(s4, 1, 0, 'rejected', '2026-12-02T03:00:00.000Z', 1);
  task(s5, 1, 0, 'pending', '2026-12-03T03:00:00.000Z', null);
  task(s5, 2, 0, 'transferred', '2026-12-03T03:00:00.000Z', 30);
});

afterAll(() => {
  db.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

const PERIOD = { from: '2026-11-01', to: '2026-12-31' };

describe('form statistics', () => {
  it('counts by status, department and month on the school clock', () => {
    const s = stats().stats(FORM, PERIOD);
    expect(s).toMatchObject({ formId: FORM, formName: '请假申请', total: 6 });
    expect(s.byStatus.map((b) => [b.key, b.label, b.count])).toEqual([
      ['running', '审批中', 1], ['approved', '已通过', 3], ['rejected', '已驳回', 1], ['returned', '已退回', 0], ['withdrawn', '已撤回', 1],
    ]);
    expect(s.byDepartment).toEqual([
      { key: 'dA', label: '语文组', count: 3, sum: 2 },
      { key: 'dB', label: '数学组', count: 2, sum: 1 },
      { key: '', label: '未分部门', count: 1, sum: 0 },
    ]);
    expect(s.byMonth).toEqual([
      { key: '2026-11', label: '2026-11', count: 2, sum: 2 },
      { key: '2026-12', label: '2026-12', count: 4, sum: 1 },
    ]);
    expect(stats().stats(FORM, {}).total).toBe(8);
    expect(stats().stats(FORM, { from: '2027-01-01' }).total).toBe(1);
  });

  it('sums numeric fields of approved submissions per department × month', () => {
    const [days, amount] = stats().stats(FORM, PERIOD).numeric;
    expect(days).toEqual({
      fieldKey: 'days', label: '请假时间', unit: '天', total: 6.5,
      byDepartment: [{ key: 'dA', label: '语文组', count: 2, sum: 3.5 }, { key: 'dB', label: '数学组', count: 1, sum: 3 }],
      byMonth: [{ key: '2026-11', label: '2026-11', count: 2, sum: 3.5 }, { key: '2026-12', label: '2026-12', count: 1, sum: 3 }],
      cells: [{ department: 'dA', month: '2026-11', sum: 3.5 }, { department: 'dB', month: '2026-12', sum: 3 }],
    });
    expect(amount).toMatchObject({ fieldKey: 'amount', unit: '元', total: 150.5, byDepartment: [{ key: 'dA', count: 2, sum: 150.5 }] });
  });

  it('counts options across versions (old labels kept), withdrawn excluded, top first', () => {
    const [kind, tags] = stats().stats(FORM, PERIOD).choices;
    expect(kind!.options).toEqual([
      { key: 'sick', label: '病假', count: 2, sum: 40 },
      { key: 'personal', label: '事假', count: 2, sum: 40 },
      { key: 'old', label: '旧选项', count: 1, sum: 20 },
    ]);
    expect(tags!.options.map((o) => [o.label, o.count, o.sum])).toEqual([['甲', 2, 100], ['乙', 1, 50], ['丙', 0, 0]]);
  });

  it('times decisions per flow step (avg and p90, hours); undecided and transferred tasks do not count', () => {
    expect(stats().stats(FORM, PERIOD).stepTimes).toEqual([
      { nodeId: 'lead', name: '组长审批', decisions: 4, avgHours: 4.25, p90Hours: 10 },
      { nodeId: 'boss', name: '校长审批', decisions: 1, avgHours: 1, p90Hours: 1 },
    ]);
  });

  it('exports 明细 and 汇总 sheets with labels, names, school-clock times and date-range days', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await stats().exportXlsx(FORM, PERIOD)) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['明细', '汇总']);
    const detail = wb.getWorksheet('明细')!;
    const header = (detail.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['编号', '标题', '发起人', '部门', '状态', '提交时间', '完成时间', '请假时间', '请假时间（天）', '金额（元）', '类型', '标签', '代课', '明细']);
    expect(detail.rowCount).toBe(7);
    expect((detail.getRow(2).values as unknown[]).slice(1)).toEqual([
      '20261101-0001', '王老师的请假', '王老师', '语文组', '已通过', '2026-11-01 01:00', '2026-11-01 10:00', '2026-11-02 至 2026-11-02', 2, 100.5, '病假', '甲、乙', '张老师', '1. 课程: 语文，节数: 2',
    ]);
    expect(detail.getRow(6).getCell(4).value).toBe('未分部门');
    const summary = wb.getWorksheet('汇总')!;
    const text: string[] = [];
    summary.eachRow((r) => text.push((r.values as unknown[]).slice(1).join('|')));
    expect(text).toContain('提交总数|6');
    expect(text).toContain('语文组|3|2|3.5|150.5');
    expect(text).toContain('2026-12|4|1|3|0');
    expect(text).toContain('数学组|0|3|3');
    expect(text).toContain('组长审批|4|4.25|10');
  });

  it('stays quick for 10 000 submissions', async () => {
    const insert = db.sqlite.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        submit(100 + i, { user: i % 2 ? 'u1' : 'u2', dept: i % 2 ? 'dA' : 'dB', status: i % 3 ? 'approved' : 'running', at: new Date(Date.UTC(2025, 0, 1) + i * 3_000_000).toISOString(), answers: { days: range('2025-01-01', 1), amount: 10, kind: 'sick', tags: ['a', 'c'] } });
      }
    });
    insert();
    const started = performance.now();
    const s = stats().stats(FORM, { from: '2025-01-01', to: '2026-12-31' });
    const ms = performance.now() - started;
    expect(s.total).toBe(10_000 + 6 + 1);
    const exportStarted = performance.now();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await stats().exportXlsx(FORM, { from: '2025-01-01', to: '2026-12-31' })) as never);
    expect(wb.getWorksheet('明细')!.rowCount).toBe(s.total + 1);
    // Printed, not asserted: timing depends on the machine.
    console.log(`stats over ${s.total} submissions: ${ms.toFixed(0)} ms; export + parse: ${(performance.now() - exportStarted).toFixed(0)} ms`);
  });
});
