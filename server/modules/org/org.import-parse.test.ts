import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { demoSchool } from '../admin/admin.demo-school.js';
import {
  buildImportContext, cellText, decodeCsv, headerKey, parseCsv, parseStaffFile, staffTemplateCsv, staffTemplateXlsx,
  summarizeImport, validateStaffRows, type ExistingPerson,
} from './org.import-parse.js';

const fixtures = join(import.meta.dirname, '..', '..', '..', 'tests', 'fixtures');
const fixture = (name: string) => readFileSync(join(fixtures, name));
const BOM = '\uFEFF';
const csv = (text: string) => Buffer.from(text, 'utf8');

/** A context for the demo school's departments and positions (ids = keys), plus some existing people. */
function demoContext(people: ExistingPerson[] = [], opts: { createMissingDepartments?: boolean; createMissingPositions?: boolean } = {}) {
  const s = demoSchool();
  return buildImportContext({
    people,
    departments: s.departments.map((d) => ({ id: d.key, name: d.name, parentId: d.parentKey ?? null })),
    positions: s.positions.map((p) => ({ id: `pos:${p.name}`, name: p.name })),
    ...opts,
  });
}

async function xlsxBuffer(build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('Sheet1'), wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('CSV reading', () => {
  it('parses quoted fields, commas and line breaks inside quotes, CRLF and "" escapes', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n"x\r\ny",z\n\nlast')).toEqual([['a', 'b,c', 'd "e"'], ['x\r\ny', 'z'], [''], ['last']]);
    expect(parseCsv('a,b\r\n')).toEqual([['a', 'b']]);
    expect(parseCsv('a,,\rb')).toEqual([['a', '', ''], ['b']]);
  });

  it('decodes UTF-8 with and without BOM, GB18030 and UTF-16LE', () => {
    expect(decodeCsv(csv(`${BOM}姓名`))).toBe('姓名');
    expect(decodeCsv(csv('姓名'))).toBe('姓名');
    expect(decodeCsv(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]))).toBe('姓名'); // GBK
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t工号', 'utf16le')]))).toBe('姓名\t工号');
  });

  it('reads a UTF-8 file with BOM, mapping Chinese headers and keeping spreadsheet row numbers', async () => {
    const text = `${BOM}姓名,工号,手机号,部门\r\n张晓梅,T001,13800138000,教务处\r\n,,,\r\n李建国,T002,"138 0013 8001","年级组/高一年级组"\r\n`;
    const { rows, problems } = await parseStaffFile(csv(text), 'csv');
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      row: 2,
      data: { displayName: '张晓梅', employeeNo: 'T001', username: '', phone: '13800138000', email: '', department: '教务处', position: '', supervisor: '', roles: '' },
    });
    expect(rows[1]!.row).toBe(4); // the empty row 3 is skipped but still counted
    expect(rows[1]!.data.phone).toBe('138 0013 8001');
  });

  it('maps English and decorated headers, ignores unknown columns, skips title rows', async () => {
    const text = '教职工名单（2025 学年）\n\nName,Employee No,Username,Mobile,E-mail,Department,Position,Supervisor,Roles,备注\n' +
      'Emily Clark,T9,emily,13900139020,emily@x.cn,教务处,教师,T1,staff,外教\n';
    const { rows, problems } = await parseStaffFile(csv(text), 'csv');
    expect(problems).toEqual([]);
    expect(rows).toEqual([{
      row: 4,
      data: { displayName: 'Emily Clark', employeeNo: 'T9', username: 'emily', phone: '13900139020', email: 'emily@x.cn', department: '教务处', position: '教师', supervisor: 'T1', roles: 'staff' },
    }]);
    expect(headerKey('* 手机号（必填）')).toBe('手机号');
    expect(headerKey('Employee No.')).toBe('employeeno');
  });

  it('reads tab-separated text (Excel "Unicode text")', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t手机\r\n王芳\t13800138000\r\n', 'utf16le')]);
    const { rows } = await parseStaffFile(bytes, 'csv');
    expect(rows[0]!.data).toMatchObject({ displayName: '王芳', phone: '13800138000' });
  });

  it('reads the GBK fixture (Excel on Chinese Windows)', async () => {
    const { rows, problems } = await parseStaffFile(fixture('staff-sample-gbk.csv'), 'csv');
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.data.displayName)).toEqual(['欧阳晓东', '古丽·买买提', '钱 芳']);
    expect(rows[1]!.data.department).toBe('年级组/高二年级组');
    const preview = validateStaffRows(rows, demoContext());
    expect(preview.map((r) => r.action)).toEqual(['create', 'create', 'create']);
    expect(preview[2]!.data).toMatchObject({ displayName: '钱芳', phone: '13900139103', username: 'g003' });
  });

  it('reports whole-file problems', async () => {
    expect((await parseStaffFile(csv('工号,手机\nT1,13800138000\n'), 'csv')).problems.map((p) => p.code)).toEqual(['IMPORT_MISSING_COLUMN']);
    expect((await parseStaffFile(Buffer.alloc(0), 'csv')).problems.map((p) => p.code)).toEqual(['IMPORT_EMPTY']);
    expect((await parseStaffFile(csv(`${BOM}\r\n\r\n`), 'csv')).problems.map((p) => p.code)).toEqual(['IMPORT_EMPTY']);
    expect((await parseStaffFile(csv('姓名,手机\n'), 'csv')).problems.map((p) => p.code)).toEqual(['IMPORT_EMPTY']);
    const binary = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256));
    expect((await parseStaffFile(binary, 'csv')).problems.map((p) => p.code)).toEqual(['IMPORT_UNREADABLE']);
    expect((await parseStaffFile(Buffer.from('%PDF-1.7\n\0\0binary'), 'csv')).problems.map((p) => p.code)).toEqual(['IMPORT_UNREADABLE']);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await parseStaffFile(xls, 'xlsx')).problems[0]!.message).toContain('.xls');
    expect((await parseStaffFile(csv('姓名\n王芳\n'), 'xlsx')).problems.map((p) => p.code)).toEqual(['IMPORT_UNREADABLE']);
    const brokenZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]);
    expect((await parseStaffFile(brokenZip, 'xlsx')).problems.map((p) => p.code)).toEqual(['IMPORT_UNREADABLE']);
  });

  it('refuses more than 5000 rows', async () => {
    const body = Array.from({ length: 5001 }, (_, i) => `教师${i},T${i}`).join('\n');
    const res = await parseStaffFile(csv(`姓名,工号\n${body}\n`), 'csv');
    expect(res.problems.map((p) => p.code)).toEqual(['IMPORT_TOO_MANY_ROWS']);
    expect(res.rows).toEqual([]);
    const ok = await parseStaffFile(csv(`姓名,工号\n${body.split('\n').slice(0, 5000).join('\n')}\n`), 'csv');
    expect(ok.rows).toHaveLength(5000);
  });
});

describe('XLSX reading', () => {
  it('reads the first sheet; numbers, rich text, formulas and hyperlinks become text', async () => {
    const buf = await xlsxBuffer((ws, wb) => {
      ws.addRow(['姓名', '工号', '手机', '邮箱', '部门', '角色']);
      ws.addRow(['张晓梅', 2024001, 13800138000, { text: 'zxm@qq.com', hyperlink: 'mailto:zxm@qq.com' }, '教务处', '教职工']);
      ws.addRow([]);
      ws.addRow([{ richText: [{ text: '李' }, { text: '建国' }] }, 'T2', { formula: '"138"&"00138001"', result: '13800138001' }, null, { formula: '"教科室"', result: '教科室' }, null]);
      wb.addWorksheet('Other').addRow(['姓名']);
    });
    const { rows, problems } = await parseStaffFile(buf, 'xlsx');
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.row)).toEqual([2, 4]);
    expect(rows[0]!.data).toMatchObject({ displayName: '张晓梅', employeeNo: '2024001', phone: '13800138000', email: 'zxm@qq.com', roles: '教职工' });
    expect(rows[1]!.data).toMatchObject({ displayName: '李建国', phone: '13800138001', department: '教科室' });
  });

  it('is sniffed even when sent as CSV', async () => {
    const buf = await xlsxBuffer((ws) => {
      ws.addRow(['name', 'mobile']);
      ws.addRow(['王芳', 13912345678]);
    });
    expect((await parseStaffFile(buf, 'csv')).rows[0]!.data.phone).toBe('13912345678');
  });

  it('converts cell values', () => {
    expect(cellText(13800138000)).toBe('13800138000');
    expect(cellText(1.5)).toBe('1.5');
    expect(cellText(null)).toBe('');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(new Date('2024-09-01T00:00:00Z'))).toBe('2024-09-01');
    expect(cellText({ error: '#N/A' } as ExcelJS.CellErrorValue)).toBe('');
  });
});

describe('fixtures', () => {
  const expectSample = (preview: ReturnType<typeof validateStaffRows>) => {
    expect(preview).toHaveLength(10);
    const bad = preview.filter((r) => r.action === 'error');
    expect(bad.map((r) => [r.row, r.errors.map((e) => e.code)])).toEqual([[8, ['INVALID_MOBILE']], [10, ['DUPLICATE_IN_FILE']]]);
    expect(bad[1]!.errors[0]!.message).toContain('第 3 行');
    expect(summarizeImport(preview)).toEqual({ total: 10, create: 8, update: 0, skip: 0, error: 2 });
  };

  it('staff-sample.csv: 8 good rows, a bad mobile and a duplicate employee number', async () => {
    const { rows, problems } = await parseStaffFile(fixture('staff-sample.csv'), 'csv');
    expect(problems).toEqual([]);
    const preview = validateStaffRows(rows, demoContext());
    expectSample(preview);
    const byName = new Map(preview.map((r) => [r.data.displayName, r]));
    expect(byName.get('刘思雨')!.plan!.supervisor).toEqual({ row: 2 });
    expect(byName.get('阿依努尔·托合提')!.plan!.supervisor).toEqual({ row: 2 });
    expect(byName.get('周文静')!.data.phone).toBe('13900139016');
    expect(byName.get('杨帆')!.plan!.roles).toEqual(['staff', 'it']);
    expect(byName.get('赵明杰')!.plan!.username).toBe('zhaomj');
  });

  it('staff-sample.xlsx gives the same result', async () => {
    const { rows, problems } = await parseStaffFile(fixture('staff-sample.xlsx'), 'xlsx');
    expect(problems).toEqual([]);
    expect(rows[0]!.data.phone).toBe('13900139011');
    expect(rows[1]!.data.displayName).toBe('刘思雨');
    expectSample(validateStaffRows(rows, demoContext()));
  });
});

describe('templates', () => {
  it('CSV template: BOM, contract header, parses and validates with zero errors', async () => {
    const text = staffTemplateCsv();
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1).split('\r\n')[0]).toBe('姓名,工号,用户名,手机,邮箱,部门,职务,直属上级,角色');
    const { rows, problems } = await parseStaffFile(csv(text), 'csv');
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(2);
    const preview = validateStaffRows(rows, demoContext());
    expect(preview.flatMap((r) => r.errors)).toEqual([]);
    expect(preview.map((r) => r.action)).toEqual(['create', 'create']);
    expect(preview[1]!.plan!.supervisor).toEqual({ row: 2 });
  });

  it('XLSX template: styled header, text phone column, parses with zero errors', async () => {
    const buf = await staffTemplateXlsx();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('姓名');
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getColumn(4).numFmt).toBe('@');
    expect(ws.getColumn(5).width).toBeGreaterThan(20);
    expect(typeof ws.getRow(2).getCell(4).value).toBe('string');
    const { rows, problems } = await parseStaffFile(buf, 'xlsx');
    expect(problems).toEqual([]);
    expect(validateStaffRows(rows, demoContext()).flatMap((r) => r.errors)).toEqual([]);
  });
});
