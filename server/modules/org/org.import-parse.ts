// Reading a staff list (CSV in UTF-8/GB18030/UTF-16, or XLSX) into raw rows. Pure apart from exceljs.
// The validator and the templates live next door and are re-exported here, so the service imports one file.
import ExcelJS from 'exceljs';
import { normalizeText } from '../../lib/cn.js';
import {
  IMPORT_MAX_ROWS, STAFF_COLUMN_ALIASES, STAFF_COLUMN_TITLES, STAFF_FIELDS,
  type ImportProblem, type RawStaffRow, type StaffField, type StaffRowData,
} from './org.import-types.js';

export * from './org.import-types.js';
export { validateStaffRows, buildImportContext, summarizeImport, missingToCreate, employeeNoKey, parseRoles } from './org.import-validate.js';
export { staffTemplateCsv, staffTemplateXlsx } from './org.import-template.js';

export type StaffFileFormat = 'csv' | 'xlsx';
export interface ParsedStaffFile {
  rows: RawStaffRow[];
  problems: ImportProblem[];
}

/** How many leading rows may be titles/notes before the header row. */
const HEADER_SEARCH_ROWS = 10;

/** Normalised header text for alias matching: '* 手机号（必填）' → '手机号', 'Employee No.' → 'employeeno'. */
export function headerKey(title: string): string {
  return normalizeText(title)
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/[\s_\-*.:：#]/g, '');
}

const ALIAS_TO_FIELD = new Map<string, StaffField>();
for (const field of STAFF_FIELDS) for (const alias of STAFF_COLUMN_ALIASES[field]) ALIAS_TO_FIELD.set(headerKey(alias), field);

/** Column index → field for a header row; the first column wins when two map to the same field. */
function mapHeader(cells: readonly string[]): Map<number, StaffField> {
  const out = new Map<number, StaffField>();
  const seen = new Set<StaffField>();
  cells.forEach((cell, i) => {
    const field = ALIAS_TO_FIELD.get(headerKey(cell));
    if (field && !seen.has(field)) {
      seen.add(field);
      out.set(i, field);
    }
  });
  return out;
}

const emptyData = (): StaffRowData => Object.fromEntries(STAFF_FIELDS.map((f) => [f, ''])) as StaffRowData;
const problem = (code: ImportProblem['code'], message: string): ParsedStaffFile => ({ rows: [], problems: [{ code, message }] });

/** Turn a grid of [rowNumber, cells] (in file order) into raw rows. */
function rowsFromGrid(grid: Iterable<[number, string[]]>): ParsedStaffFile {
  let header: Map<number, StaffField> | null = null;
  let seenNonEmpty = 0;
  const rows: RawStaffRow[] = [];
  for (const [rowNumber, rawCells] of grid) {
    const cells = rawCells.map((c) => normalizeText(c));
    if (cells.every((c) => c === '')) continue;
    if (!header) {
      seenNonEmpty++;
      const mapped = mapHeader(cells);
      if ([...mapped.values()].includes('displayName')) header = mapped;
      else if (seenNonEmpty >= HEADER_SEARCH_ROWS) break;
      continue;
    }
    const data = emptyData();
    let any = false;
    for (const [i, field] of header) {
      const v = cells[i] ?? '';
      data[field] = v;
      if (v) any = true;
    }
    if (!any) continue; // text only in columns we do not read
    if (rows.length >= IMPORT_MAX_ROWS) {
      return problem('IMPORT_TOO_MANY_ROWS', `一次最多导入 ${IMPORT_MAX_ROWS} 行，请拆分文件后分批导入`);
    }
    rows.push({ row: rowNumber, data });
  }
  if (!header) {
    if (seenNonEmpty === 0) return problem('IMPORT_EMPTY', '文件中没有数据');
    return problem('IMPORT_MISSING_COLUMN', `缺少必需的列“${STAFF_COLUMN_TITLES.displayName}”，请使用导入模板的表头`);
  }
  if (rows.length === 0) return problem('IMPORT_EMPTY', '文件中只有表头，没有人员数据');
  return { rows, problems: [] };
}

// ---------------------------------------------------------------------------------------------
// CSV

/** Decode CSV bytes: UTF-8 (BOM optional), UTF-16 with BOM, else GB18030 (Excel on Chinese Windows). */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** RFC 4180 records: quoted fields, "" escapes, commas and line breaks inside quotes, CRLF/LF/CR. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === delimiter) endField();
    else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 4096);
  let control = 0;
  for (const ch of sample) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || ch === '\uFFFD') control++;
  }
  return control > sample.length / 100;
}

function parseCsvFile(bytes: Uint8Array): ParsedStaffFile {
  const text = decodeCsv(bytes);
  if (looksBinary(text)) return problem('IMPORT_UNREADABLE', '无法读取文件：不是 CSV 或 Excel 表格');
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const records = parseCsv(text, delimiter);
  return rowsFromGrid(records.map((cells, i): [number, string[]] => [i + 1, cells]));
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** A cell value as the text a person sees: numbers without exponent, rich text joined, formula results. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return BigInt(value).toString(); // 13800138000, never 1.38e10
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return '';
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result);
  if ('text' in value) {
    const t = (value as { text: unknown }).text; // hyperlink cells (often mailto:)
    return typeof t === 'string' ? t : cellText(t as ExcelJS.CellValue);
  }
  return '';
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (b: Uint8Array, magic: number[]) => magic.every((m, i) => b[i] === m);

async function parseXlsxFile(bytes: Buffer): Promise<ParsedStaffFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    return problem('IMPORT_UNREADABLE', '无法读取 Excel 文件，请确认文件未损坏并另存为 .xlsx 后重试');
  }
  const sheet = workbook.worksheets.find((s) => s.state === 'visible') ?? workbook.worksheets[0];
  if (!sheet) return problem('IMPORT_EMPTY', '文件中没有数据');
  const grid: [number, string[]][] = [];
  let nonEmpty = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (nonEmpty > IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS + 1) return;
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    if (cells.some((t) => t.trim() !== '')) nonEmpty++;
    grid.push([rowNumber, cells]);
  });
  return rowsFromGrid(grid);
}

/**
 * Read a staff list. `format` comes from the upload's Content-Type; the bytes are sniffed too
 * (an .xlsx sent as CSV still works; legacy .xls and other binaries give IMPORT_UNREADABLE).
 */
export async function parseStaffFile(buffer: Buffer, format: StaffFileFormat): Promise<ParsedStaffFile> {
  if (buffer.length === 0) return problem('IMPORT_EMPTY', '文件为空');
  if (startsWith(buffer, ZIP_MAGIC)) return parseXlsxFile(buffer);
  if (startsWith(buffer, OLE_MAGIC)) {
    return problem('IMPORT_UNREADABLE', '不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后重试');
  }
  if (format === 'xlsx') return problem('IMPORT_UNREADABLE', '无法读取 Excel 文件，请确认文件未损坏并另存为 .xlsx 后重试');
  return parseCsvFile(buffer);
}
