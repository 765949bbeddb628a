// The statistics as an Excel workbook: 明细 (one row per submission, one column per field of the published
// version, labels instead of codes, times on the school clock) and 汇总 (the counts and sums by department
// and month, and each numeric field's department × month table).
import ExcelJS from 'exceljs';
import { answerText, dateRangeText, isDateRange, STATUS_LABELS, type AnswerFieldDef, type NameRefs } from './forms.answer-text.js';
import type { FormStats, StatsQuery, SubmissionStatus } from './forms.dto.js';
import { formatLocal } from './forms.time.js';

export interface ExportRow {
  id: string;
  serial: string;
  title: string;
  initiatorId: string;
  departmentLabel: string;
  status: SubmissionStatus;
  createdAt: string;
  finishedAt: string | null;
  answers: Record<string, unknown>;
}

export interface WorkbookInput {
  formName: string;
  fields: AnswerFieldDef[];
  rows: ExportRow[];
  stats: FormStats;
  departments: Map<string, string>;
  personName: (id: string) => string;
  timeZone: string;
  period: StatsQuery;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.fill = HEADER_FILL;
  row.alignment = { vertical: 'middle', wrapText: true };
}

/** A lazy NameRefs: people and departments are looked up when an answer names them. */
function lazyRefs(input: WorkbookInput): NameRefs {
  const people = new Proxy({} as Record<string, string>, { get: (_, id) => (typeof id === 'string' ? input.personName(id) : undefined) });
  const departments = new Proxy({} as Record<string, string>, { get: (_, id) => (typeof id === 'string' ? input.departments.get(id) : undefined) });
  return { people, departments, files: {} };
}

interface Column {
  header: string;
  width: number;
  value: (r: ExportRow) => string | number | null;
  numFmt?: string;
}

function fieldColumns(fields: AnswerFieldDef[], refs: NameRefs): Column[] {
  const out: Column[] = [];
  for (const f of fields) {
    const raw = (r: ExportRow) => r.answers[f.key];
    switch (f.type) {
      case 'number':
      case 'calc':
      case 'money':
        out.push({
          header: f.type === 'money' ? `${f.label}（元）` : f.unit ? `${f.label}（${f.unit}）` : f.label,
          width: 12,
          numFmt: f.type === 'money' ? '#,##0.00' : undefined,
          value: (r) => {
            const v = raw(r);
            const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
            return Number.isFinite(n) ? n : null;
          },
        });
        break;
      case 'dateRange':
        out.push({ header: f.label, width: 28, value: (r) => (isDateRange(raw(r)) ? dateRangeText(raw(r) as never) : null) });
        out.push({ header: `${f.label}（天）`, width: 10, value: (r) => { const v = raw(r); return isDateRange(v) && typeof v.days === 'number' ? v.days : null; } });
        break;
      case 'attachment':
      case 'image':
        out.push({ header: f.label, width: 12, value: (r) => { const v = raw(r); return Array.isArray(v) && v.length ? `${v.length} 个文件` : null; } });
        break;
      default:
        out.push({ header: f.label, width: f.type === 'table' || f.type === 'textarea' ? 40 : 16, value: (r) => answerText(f, raw(r), refs) || null });
    }
  }
  return out;
}

function detailSheet(wb: ExcelJS.Workbook, input: WorkbookInput): void {
  const ws = wb.addWorksheet('明细', { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  const refs = lazyRefs(input);
  const tz = input.timeZone;
  const columns: Column[] = [
    { header: '编号', width: 16, value: (r) => r.serial },
    { header: '标题', width: 28, value: (r) => r.title },
    { header: '发起人', width: 10, value: (r) => input.personName(r.initiatorId) },
    { header: '部门', width: 14, value: (r) => r.departmentLabel },
    { header: '状态', width: 8, value: (r) => STATUS_LABELS[r.status] },
    { header: '提交时间', width: 17, value: (r) => formatLocal(r.createdAt, tz) },
    { header: '完成时间', width: 17, value: (r) => formatLocal(r.finishedAt, tz) || null },
    ...fieldColumns(input.fields, refs),
  ];
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  styleHeader(ws.getRow(1));
  for (const r of input.rows) ws.addRow(columns.map((c) => c.value(r)));
  if (input.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

/** A titled table at the sheet's next free row, followed by a blank row. */
function block(ws: ExcelJS.Worksheet, title: string, header: string[], rows: (string | number)[][]): void {
  const t = ws.addRow([title]);
  t.font = { bold: true, size: 12 };
  styleHeader(ws.addRow(header));
  for (const r of rows) ws.addRow(r);
  ws.addRow([]);
}

function summarySheet(wb: ExcelJS.Workbook, input: WorkbookInput): void {
  const ws = wb.addWorksheet('汇总');
  ws.getColumn(1).width = 18;
  for (let i = 2; i <= 16; i++) ws.getColumn(i).width = 12;
  const s = input.stats;
  const period = input.period.from || input.period.to ? `${input.period.from ?? '…'} 至 ${input.period.to ?? '…'}` : '全部';
  ws.addRow([`${input.formName} · 统计`]).font = { bold: true, size: 14 };
  ws.addRow(['统计区间', period]);
  ws.addRow(['提交总数', s.total]);
  ws.addRow([]);
  block(ws, '按状态', ['状态', '数量'], s.byStatus.map((b) => [b.label, b.count]));
  const numeric = s.numeric;
  const sumOf = (fieldIndex: number, key: string, by: 'byDepartment' | 'byMonth') => numeric[fieldIndex]![by].find((b) => b.key === key)?.sum ?? 0;
  const numericHeads = numeric.map((n) => `${n.label}合计${n.unit ? `（${n.unit}）` : ''}`);
  block(ws, '按部门', ['部门', '提交数', '已通过', ...numericHeads], s.byDepartment.map((b) => [b.label, b.count, b.sum, ...numeric.map((_, i) => sumOf(i, b.key, 'byDepartment'))]));
  block(ws, '按月份（提交时间）', ['月份', '提交数', '已通过', ...numericHeads], s.byMonth.map((b) => [b.label, b.count, b.sum, ...numeric.map((_, i) => sumOf(i, b.key, 'byMonth'))]));
  for (const n of numeric) {
    const months = n.byMonth.map((b) => b.key);
    const deps = n.byDepartment;
    const cell = (dep: string, month: string) => n.cells.find((c) => c.department === dep && c.month === month)?.sum ?? 0;
    block(
      ws,
      `${n.label}（已通过，${n.unit || '合计'}）按部门 × 月份`,
      ['部门', ...months, '合计'],
      [...deps.map((dp) => [dp.label, ...months.map((m) => cell(dp.key, m)), dp.sum]), ['合计', ...n.byMonth.map((b) => b.sum), n.total]],
    );
  }
  for (const c of s.choices) block(ws, `${c.label}（选择次数）`, ['选项', '次数', '占比 %'], c.options.map((o) => [o.label, o.count, o.sum]));
  if (s.stepTimes.length) block(ws, '各审批环节用时（小时）', ['环节', '决定数', '平均', 'P90'], s.stepTimes.map((t) => [t.name, t.decisions, t.avgHours, t.p90Hours]));
}

export async function buildStatsWorkbook(input: WorkbookInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '校办';
  detailSheet(wb, input);
  summarySheet(wb, input);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
