// Downloadable staff-import templates (CSV with BOM for Excel, and XLSX). Pure apart from exceljs.
import ExcelJS from 'exceljs';
import { STAFF_COLUMN_TITLES, STAFF_FIELDS, type StaffField, type StaffRowData } from './org.import-types.js';

/** Two example rows; they validate cleanly against a school that has 年级组/高一年级组 and the positions 年级组长, 教师. */
export const TEMPLATE_EXAMPLE_ROWS: readonly StaffRowData[] = [
  {
    displayName: '李建国', employeeNo: 'T2024001', username: '', phone: '13900139001', email: 'lijianguo@example.com',
    department: '年级组/高一年级组', position: '年级组长', supervisor: '', roles: '教职工、部门负责人',
  },
  {
    displayName: '张晓梅', employeeNo: 'T2024002', username: 'zhangxm', phone: '139 0013 9002', email: '',
    department: '年级组/高一年级组', position: '教师', supervisor: 'T2024001', roles: '教职工',
  },
];

const NOTES: Record<StaffField, string> = {
  displayName: '必填。2–20 个汉字；少数民族姓名用“·”分隔（如 阿依古丽·买买提）；外籍教师可填英文名',
  employeeNo: '选填，字母、数字、“-”、“_”。已有工号的人员会被更新而不是新建',
  username: '选填，登录账号（小写字母、数字、. _ -，3–32 位）。不填则用工号（小写），无工号时用 t+手机号后 8 位',
  phone: '选填，11 位大陆手机号，可带 +86 或空格',
  email: '选填',
  department: '选填，须为已有部门；下级部门可写完整路径，如 年级组/高一年级组',
  position: '选填，须为已有职务，如 教师、年级组长、主任',
  supervisor: '选填，直属上级的工号或姓名（已有人员或本表中的人员）；重名时请填工号',
  roles: '选填，多个用“、”或逗号分隔：系统管理员、校领导、部门负责人、教职工、信息中心。不填默认为教职工',
};

const WIDTHS: Record<StaffField, number> = {
  displayName: 14, employeeNo: 14, username: 16, phone: 16, email: 28, department: 22, position: 12, supervisor: 14, roles: 24,
};

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The CSV template: UTF-8 with BOM (so Excel shows Chinese), CRLF line ends, header + two example rows. */
export function staffTemplateCsv(): string {
  const lines = [STAFF_FIELDS.map((f) => STAFF_COLUMN_TITLES[f]), ...TEMPLATE_EXAMPLE_ROWS.map((r) => STAFF_FIELDS.map((f) => r[f]))];
  return `\uFEFF${lines.map((cells) => cells.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The XLSX template: styled, frozen header; phone and employee-number columns stored as text; a notes sheet. */
export async function staffTemplateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xiaoban';
  wb.created = new Date(0);
  const ws = wb.addWorksheet('教职工', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = STAFF_FIELDS.map((f) => ({
    header: STAFF_COLUMN_TITLES[f],
    key: f,
    width: WIDTHS[f],
    style: f === 'phone' || f === 'employeeNo' ? { numFmt: '@' } : {},
  }));
  const header = ws.getRow(1);
  header.height = 22;
  STAFF_FIELDS.forEach((f, i) => {
    const cell = header.getCell(i + 1);
    cell.font = { bold: true, color: { argb: f === 'displayName' ? 'FFC00000' : 'FF1F1F1F' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF8EA9DB' } } };
    cell.note = NOTES[f];
  });
  for (const r of TEMPLATE_EXAMPLE_ROWS) ws.addRow(STAFF_FIELDS.map((f) => r[f]));

  const help = wb.addWorksheet('填写说明');
  help.columns = [{ header: '列', width: 12 }, { header: '说明', width: 90 }];
  help.getRow(1).font = { bold: true };
  for (const f of STAFF_FIELDS) help.addRow([STAFF_COLUMN_TITLES[f], NOTES[f]]);
  help.addRow([]);
  help.addRow(['提示', '只读取第一个工作表；空行会被跳过；每次最多 5000 行。导入前会先预览，确认无误后再提交。']);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
