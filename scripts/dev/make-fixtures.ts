// Regenerates the staff-import fixtures under tests/fixtures/:
//   staff-sample.csv      UTF-8 with BOM, CRLF, 10 people for the demo school — exactly 2 bad rows
//                         (row 8: a 10-digit mobile; row 10: employee number T2025002 again)
//   staff-sample.xlsx     the same rows as an Excel workbook; some phones are numeric cells
//   staff-sample-gbk.csv  a few rows in GBK, as Excel on Chinese Windows saves "CSV (逗号分隔)" (needs `iconv`)
// Run: npx tsx scripts/dev/make-fixtures.ts
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

const dir = join(import.meta.dirname, '..', '..', 'tests', 'fixtures');

const HEADER = ['姓名', '工号', '用户名', '手机', '邮箱', '部门', '职务', '直属上级', '角色'];
const ROWS: string[][] = [
  ['王海波', 'T2025001', '', '13900139011', 'wanghaibo@demo-school.cn', '年级组/高一年级组', '教研组长', '', '教职工'],
  ['刘思雨', 'T2025002', '', '139 0013 9012', 'liusiyu@demo-school.cn', '高一年级组', '教师', 'T2025001', '教职工'],
  ['赵明杰', 'T2025003', 'zhaomj', '+86 139-0013-9013', '', '高二年级组', '教师', '', '教职工'],
  ['陈雅文', 'T2025004', '', '13900139014', '', '教务处', '干事', '', ''],
  ['杨帆', 'T2025005', '', '13900139015', 'yangfan@demo-school.cn', '信息中心', '网络管理员', '', '教职工,信息中心'],
  ['周文静', 'T2025006', '', '１３９００１３９０１６', '', '德育处', '干事', '', '教职工'],
  ['吴浩', 'T2025007', '', '1390013901', '', '总务处', '干事', '', '教职工'], // bad mobile (10 digits)
  ['阿依努尔·托合提', 'T2025008', '', '13900139018', '', '高三年级组', '教师', '王海波', '教职工'],
  ['郑凯', 'T2025002', '', '13900139019', '', '高三年级组', '教师', '', '教职工'], // duplicate employee number
  ['Emily Clark', 'T2025010', '', '13900139020', 'emily.clark@demo-school.cn', '教务处', '教师', '', 'staff'],
];

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const toCsv = (rows: string[][]) => rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

writeFileSync(join(dir, 'staff-sample.csv'), '\uFEFF' + toCsv([HEADER, ...ROWS]));

const gbkRows = [
  ['姓名', '工号', '手机', '部门', '职务'],
  ['欧阳晓东', 'G001', '13900139101', '教务处', '教师'],
  ['古丽·买买提', 'G002', '13900139102', '年级组/高二年级组', '教师'],
  ['钱 芳', 'G003', '139 0013 9103', '总务处', '干事'],
];
const iconv = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: toCsv(gbkRows) });
if (iconv.status !== 0) throw new Error(`iconv failed: ${iconv.stderr.toString()}`);
writeFileSync(join(dir, 'staff-sample-gbk.csv'), iconv.stdout);

const wb = new ExcelJS.Workbook();
wb.created = wb.modified = new Date('2025-01-01T00:00:00Z');
const ws = wb.addWorksheet('教职工名单');
ws.addRow(HEADER).font = { bold: true };
ROWS.forEach((r, i) => {
  const row = ws.addRow(r);
  // Like a real file: plain phone numbers typed into Excel become numbers.
  if (i % 2 === 0 && /^\d{11}$/.test(r[3]!)) row.getCell(4).value = Number(r[3]);
});
ws.getCell('E2').value = { text: 'wanghaibo@demo-school.cn', hyperlink: 'mailto:wanghaibo@demo-school.cn' };
ws.getCell('A3').value = { richText: [{ text: '刘' }, { text: '思雨', font: { bold: true } }] };
writeFileSync(join(dir, 'staff-sample.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));

console.log(`wrote staff-sample.csv, staff-sample.xlsx, staff-sample-gbk.csv to ${dir}`);
