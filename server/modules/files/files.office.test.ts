// The LibreOffice and poppler adapters against the real programs and the fixtures in tests/fixtures/office.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConversionError, createOfficeConverter, csvFilter, decodeText, looksLikeDocument, maxCsvColumns, type OfficeConverter,
} from './files.office.js';
import { PopplerError, pdfInfo, pdfText, pdfThumbnail } from './files.poppler.js';

const LONG = 120_000;
const fixtures = join(import.meta.dirname, '..', '..', '..', 'tests', 'fixtures', 'office');
let tmp: string;
let converter: OfficeConverter;
let blobSeq = 0;

/** Like the blob store: the bytes under a name without extension. */
function blob(bytes: Buffer | string): string {
  const path = join(tmp, 'blobs', `blob${++blobSeq}`);
  mkdirSync(join(tmp, 'blobs'), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}
const fixtureBlob = (name: string) => blob(readFileSync(join(fixtures, name)));

async function rejection(p: Promise<unknown>): Promise<ConversionError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConversionError);
  return err as ConversionError;
}

/** soffice processes whose command line mentions `dir` (the profile URL and paths live under it). */
function sofficeProcessesUnder(dir: string): string {
  const r = spawnSync('pgrep', ['-af', dir], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => /soffice|oosplash/.test(l)).join('\n');
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'xb-office-'));
  mkdirSync(join(tmp, 'work'));
  mkdirSync(join(tmp, 'work', 'lo-999999999-1')); // a dead process's leftovers (pids never get this high)
  converter = createOfficeConverter({ timeoutMs: 90_000, workDir: join(tmp, 'work') });
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('office → PDF with the real LibreOffice', () => {
  const cases: [fixture: string, ext: string, pages: number, expected: string[]][] = [
    ['通知.docx', 'docx', 1, ['关于期末考试安排的通知', '教务处']],
    ['预算.xlsx', 'xlsx', 1, ['项目', '金额', '教学设备采购', '180,000', '285,000']],
    ['汇报.pptx', 'pptx', 2, ['学期工作汇报', '下学期工作计划', '校长办公室']],
    ['说明.txt', 'txt', 1, ['校园网络使用说明', '信息中心（分机 8021）']],
    // All CSV columns are imported as text: the ID number keeps its 18 digits.
    ['名单.csv', 'csv', 1, ['张晓梅', '年级组/高一年级组', '110101199001011234', '11010119850505123X', '13800138000']],
  ];

  it.each(cases)('%s: Chinese text survives, pages and thumbnail are right', async (fixture, ext, pages, expected) => {
    const out = join(tmp, 'out');
    const input = fixtureBlob(fixture);
    const pdf = await converter.toPdf(input, ext, out);
    expect(pdf).toBe(join(out, `${input.split('/').pop()}.pdf`));
    const text = await pdfText(pdf);
    for (const s of expected) expect(text).toContain(s);
    expect(await pdfInfo(pdf)).toEqual({ pages });
    const png = join(tmp, 'out', `${fixture}.png`);
    await pdfThumbnail(pdf, png, 240);
    expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(240);
    expect(meta.height).toBeGreaterThan(0);
  }, LONG);

  it('reads GB18030 and UTF-8-with-BOM text, and prints the given name as the CSV sheet name', async () => {
    const gbk = Buffer.from('bdcccef1b4a6cda8d6aaa3acd6d0cec4', 'hex'); // 教务处通知，中文
    const txt = await converter.toPdf(blob(gbk), 'txt', join(tmp, 'out'));
    expect(await pdfText(txt)).toContain('教务处通知，中文');

    const csv = await converter.toPdf(blob('\uFEFF姓名,工号\r\n王芳,0012\r\n'), '.CSV', join(tmp, 'out'), { name: '教职工名单.csv' });
    const text = await pdfText(csv);
    expect(text).toContain('教职工名单'); // page header = sheet name = file name
    expect(text).toContain('王芳');
    expect(text).toContain('0012'); // leading zeros kept
    expect(text).not.toContain('\uFEFF');
  }, LONG);

  it('does not evaluate formulas in a CSV', async () => {
    const pdf = await converter.toPdf(blob('名称,值\n公式,=1+1\n'), 'csv', join(tmp, 'out'));
    expect(await pdfText(pdf)).toContain('=1+1');
  }, LONG);

  it('fails cleanly on corrupt files, and the next conversion still works', async () => {
    const random = await rejection(converter.toPdf(blob(randomBytes(20_000)), 'docx', join(tmp, 'out')));
    expect(random.reason).toBe('failed');

    const docx = readFileSync(join(fixtures, '通知.docx'));
    const started = Date.now();
    const truncated = await rejection(converter.toPdf(blob(docx.subarray(0, 3000)), 'docx', join(tmp, 'out')));
    expect(truncated.reason).toBe('failed');
    expect(truncated.message).toMatch(/could not be loaded/);
    expect(Date.now() - started).toBeLessThan(90_000);

    const empty = await rejection(converter.toPdf(blob(''), 'xlsx', join(tmp, 'out')));
    expect(empty.reason).toBe('failed');

    const pdf = await converter.toPdf(fixtureBlob('通知.docx'), 'docx', join(tmp, 'out'));
    expect(await pdfText(pdf)).toContain('关于期末考试安排的通知');
  }, LONG);

  it('rejects extensions it does not convert, and a missing soffice', async () => {
    expect((await rejection(converter.toPdf(fixtureBlob('合同.pdf'), 'pdf', join(tmp, 'out')))).reason).toBe('unsupported');
    expect((await rejection(converter.toPdf(fixtureBlob('说明.txt'), 'exe', join(tmp, 'out')))).reason).toBe('unsupported');
    const missing = createOfficeConverter({ sofficePath: join(tmp, 'no-such-soffice'), timeoutMs: 10_000, workDir: join(tmp, 'work') });
    const err = await rejection(missing.toPdf(fixtureBlob('说明.txt'), 'txt', join(tmp, 'out')));
    expect(err.reason).toBe('failed');
    expect(err.message).toMatch(/cannot start LibreOffice.*ENOENT/);
  }, LONG);

  it('removes the work dirs of dead processes', () => {
    expect(existsSync(join(tmp, 'work', 'lo-999999999-1'))).toBe(false);
  });

  it('kills the whole process group on timeout', async () => {
    const workDir = join(tmp, 'work-timeout');
    const warnings: string[] = [];
    const hasty = createOfficeConverter({ timeoutMs: 300, workDir, log: { warn: (_o, m) => warnings.push(m) } });
    const started = Date.now();
    const err = await rejection(hasty.toPdf(fixtureBlob('汇报.pptx'), 'pptx', join(tmp, 'out-timeout')));
    expect(err.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(warnings).toHaveLength(1);
    expect(sofficeProcessesUnder(workDir)).toBe('');
    expect(existsSync(join(tmp, 'out-timeout'))).toBe(false); // nothing half-written reaches the caller
  }, LONG);

  it('runs one conversion at a time when called concurrently', async () => {
    // A wrapper around the real soffice that logs when each run starts and ends.
    const log = join(tmp, 'runs.log');
    const wrapper = join(tmp, 'soffice-logged');
    writeFileSync(wrapper, `#!/bin/sh\necho start >> '${log}'\nsoffice "$@"\nrc=$?\necho end >> '${log}'\nexit $rc\n`);
    chmodSync(wrapper, 0o755);
    const serial = createOfficeConverter({ sofficePath: wrapper, timeoutMs: 90_000, workDir: join(tmp, 'work-serial') });
    const [a, b, c] = await Promise.all([
      serial.toPdf(fixtureBlob('通知.docx'), 'docx', join(tmp, 'out-serial')),
      serial.toPdf(fixtureBlob('汇报.pptx'), 'pptx', join(tmp, 'out-serial')),
      serial.toPdf(fixtureBlob('名单.csv'), 'csv', join(tmp, 'out-serial')),
    ]);
    expect(await pdfText(a)).toContain('关于期末考试安排的通知');
    expect(await pdfText(b)).toContain('学期工作汇报');
    expect(await pdfText(c)).toContain('张晓梅');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['start', 'end', 'start', 'end', 'start', 'end']);
  }, LONG * 2);
});

describe('poppler adapter', () => {
  const contract = join(fixtures, '合同.pdf');

  it('extracts the text of a PDF, truncated at maxChars', async () => {
    const text = await pdfText(contract);
    expect(text).toContain('办公用品采购合同');
    expect(text).toContain('甲方：第一中学');
    expect(await pdfText(contract, { maxChars: 4 })).toBe('办公用品');
    expect(await pdfInfo(contract)).toEqual({ pages: 1 });
  });

  it('renders the first page at the requested width', async () => {
    const png = join(tmp, 'contract.png');
    await pdfThumbnail(contract, png, 320);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width]).toEqual(['png', 320]);
    expect(meta.height).toBeGreaterThan(320); // A4 portrait
    await expect(pdfThumbnail(contract, png, 0)).rejects.toThrow(RangeError);
  });

  it('reports a file that is not a PDF', async () => {
    const notPdf = blob('这不是 PDF');
    const err = await pdfText(notPdf).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PopplerError);
    expect((err as PopplerError).reason).toBe('failed');
    await expect(pdfInfo(notPdf)).rejects.toThrow(/pdfinfo failed/);
    await expect(pdfThumbnail(notPdf, join(tmp, 'x.png'), 100)).rejects.toThrow(PopplerError);
    expect(existsSync(join(tmp, 'x.png'))).toBe(false);
  });
});

describe('helpers', () => {
  it('decodes UTF-8, BOMs and GB18030', () => {
    expect(decodeText(Buffer.from('\uFEFF姓名'))).toBe('姓名');
    expect(decodeText(Buffer.from('姓名'))).toBe('姓名');
    expect(decodeText(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]))).toBe('姓名');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名', 'utf16le')]))).toBe('姓名');
  });

  it('counts CSV columns outside quotes and builds the filter', () => {
    expect(maxCsvColumns('a,b\n"x,y",z,w\r\n', ',')).toBe(3);
    expect(maxCsvColumns('"a\nb,c",d', ',')).toBe(2);
    expect(maxCsvColumns('a"b,c', ',')).toBe(2);
    expect(csvFilter('a,b\n1,2')).toBe('CSV:44,34,76,1,1/2/2/2,0,false,false,false,false,false,-1,false');
    expect(csvFilter('a\tb\tc\n')).toMatch(/^CSV:9,34,76,1,1\/2\/2\/2\/3\/2,/);
    expect(csvFilter(`${','.repeat(5000)}\n`)).toContain('1024/2,');
  });

  it('tells document containers and text from random bytes', () => {
    expect(looksLikeDocument(Buffer.from('PK\x03\x04rest', 'latin1'))).toBe(true);
    expect(looksLikeDocument(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toBe(true);
    expect(looksLikeDocument(Buffer.from('<html><body>通知</body></html>'))).toBe(true);
    expect(looksLikeDocument(Buffer.from([0x01, 0x00, 0x02]))).toBe(false);
    expect(looksLikeDocument(Buffer.alloc(0))).toBe(false);
  });
});
