import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, StandardFonts, decodePDFRawStream, degrees } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { WATERMARK_MAX_BYTES, watermarkImage, watermarkPdf } from './files.watermark.js';

const run = promisify(execFile);
const TEXT = '王小明 2026-11-28 10:31 校办';
const CJK_FONT = '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xb-watermark-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function samplePdf(pages = 2, rotate = 0): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595, 842]);
    if (rotate) page.setRotation(degrees(rotate));
    page.drawText(`Page ${i} body text`, { x: 72, y: 760, size: 14, font });
  }
  return doc.save();
}

/** pdftotext -raw, one string per page, whitespace removed (rotated text comes out in pieces). */
async function pageTexts(pdf: Uint8Array, name: string): Promise<string[]> {
  const path = join(dir, name);
  await writeFile(path, pdf);
  const { stdout } = await run('pdftotext', ['-raw', path, '-']);
  return stdout.split('\f').slice(0, -1).map((t) => t.replace(/\s+/g, ''));
}

/** The programs of every embedded TrueType font (FontFile2) in the PDF. */
async function embeddedTrueTypes(pdf: Uint8Array): Promise<Uint8Array[]> {
  const doc = await PDFDocument.load(pdf);
  const out: Uint8Array[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue;
    const file = obj.lookup(PDFName.of('FontFile2'));
    if (file instanceof PDFRawStream) out.push(decodePDFRawStream(file).decode());
  }
  return out;
}

async function expectWatermarkFailed(p: Promise<unknown>) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('WATERMARK_FAILED');
}

describe('watermarkPdf', () => {
  it('puts the name on every page and keeps the page count and content', async () => {
    const out = await watermarkPdf(await samplePdf(2), TEXT);
    expect((await PDFDocument.load(out)).getPageCount()).toBe(2);
    const pages = await pageTexts(out, 'two-pages.pdf');
    expect(pages).toHaveLength(2);
    pages.forEach((text, i) => {
      expect(text).toContain('王小明');
      expect(text).toContain('校办');
      expect(text).toContain(`Page${i + 1}bodytext`);
    });
  });

  it('embeds a CJK subset whose glyphs are intact', async () => {
    // Guards the loca padding: unpadded, glyphs after an odd-length one decode as garbage.
    const out = await watermarkPdf(await samplePdf(1), '王小明 欧阳娜娜 校办 预算表');
    const fonts = await embeddedTrueTypes(out);
    expect(fonts).toHaveLength(1);
    const subset = fontkit.create(fonts[0]!);
    const original = fontkit.create(new Uint8Array(await readFile(CJK_FONT)));
    // Compound glyphs pull their components into the subset too, so look for each character's outline.
    const outlines = new Set<string>();
    for (let gid = 1; gid < subset.numGlyphs; gid++) outlines.add(subset.getGlyph(gid).path.toSVG());
    for (const ch of new Set('王小明欧阳娜校办预算表')) {
      const path = original.glyphForCodePoint(ch.codePointAt(0)!).path.toSVG();
      expect(path.length, ch).toBeGreaterThan(20);
      expect(outlines.has(path), ch).toBe(true);
    }
  });

  it('renders without font errors and adds ink', async () => {
    const input = await samplePdf(1);
    const out = await watermarkPdf(input, TEXT);
    await writeFile(join(dir, 'in.pdf'), input);
    await writeFile(join(dir, 'render.pdf'), out);
    const render = (f: string) => run('pdftoppm', ['-r', '30', '-gray', '-png', join(dir, f), join(dir, f)]);
    const { stderr } = await render('render.pdf');
    expect(stderr).toBe('');
    await render('in.pdf');
    const ink = async (f: string) => {
      const raw = await sharp(join(dir, `${f}-1.png`)).raw().toBuffer();
      return raw.reduce((n, v) => n + (v < 250 ? 1 : 0), 0);
    };
    expect(await ink('render.pdf')).toBeGreaterThan((await ink('in.pdf')) + 500);
  });

  it('works on rotated pages', async () => {
    const out = await watermarkPdf(await samplePdf(1, 90), TEXT);
    expect((await pageTexts(out, 'rotated.pdf'))[0]).toContain('王小明');
  });

  it('registers its resources once when pages share an inherited Resources dictionary', async () => {
    const doc = await PDFDocument.load(await samplePdf(3));
    const pages = doc.getPages();
    const shared = pages[0]!.node.Resources()!;
    doc.catalog.Pages().set(PDFName.of('Resources'), doc.context.register(shared));
    for (const p of pages) p.node.delete(PDFName.of('Resources'));
    const out = await watermarkPdf(await doc.save(), TEXT);

    const pageTextList = await pageTexts(out, 'inherited.pdf');
    expect(pageTextList).toHaveLength(3);
    for (const t of pageTextList) expect(t).toContain('王小明');
    const res = (await PDFDocument.load(out)).getPages()[0]!.node.Resources()!;
    expect(res.lookup(PDFName.of('Font'), PDFDict).keys()).toHaveLength(3); // the page's own + Helvetica + CJK
  });

  it('embeds no CJK font for a Latin-only text', async () => {
    const out = await watermarkPdf(await samplePdf(1), 'Wang Xiaoming 2026-11-28 10:31');
    expect(await embeddedTrueTypes(out)).toHaveLength(0);
    expect((await pageTexts(out, 'latin.pdf'))[0]).toContain('WangXiaoming');
  });

  it('writes a character no font has as "?"', async () => {
    const out = await watermarkPdf(await samplePdf(1), '王😀明');
    expect((await pageTexts(out, 'emoji.pdf'))[0]).toContain('王?明');
  });

  it('refuses what it cannot read', async () => {
    await expectWatermarkFailed(watermarkPdf(new TextEncoder().encode('this is not a pdf at all'), TEXT));
    await expectWatermarkFailed(watermarkPdf(new Uint8Array(0), TEXT));
  });

  it('refuses an encrypted PDF', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.context.trailerInfo.Encrypt = doc.context.obj({ Filter: 'Standard', V: 2, R: 3 });
    await expectWatermarkFailed(watermarkPdf(await doc.save(), TEXT));
  });

  it('refuses an empty text', async () => {
    await expect(watermarkPdf(await samplePdf(1), '  \n ')).rejects.toThrow(RangeError);
  });

  it('has a 200 MB limit', () => {
    expect(WATERMARK_MAX_BYTES).toBe(200 * 1024 * 1024);
  });
});

describe('watermarkImage', () => {
  function solid(width: number, height: number) {
    return sharp({ create: { width, height, channels: 3, background: { r: 230, g: 140, b: 60 } } });
  }

  /** Share of changed pixels in each quadrant: tiling must reach all four. */
  async function changedByQuadrant(a: Buffer, b: Buffer): Promise<number[]> {
    const [ra, rb] = await Promise.all([a, b].map((x) => sharp(x).removeAlpha().raw().toBuffer({ resolveWithObject: true })));
    const { width, height } = ra!.info;
    const counts = [0, 0, 0, 0];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        const diff = Math.max(...[0, 1, 2].map((c) => Math.abs(ra!.data[i + c]! - rb!.data[i + c]!)));
        if (diff > 10) counts[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)]! += 1;
      }
    }
    return counts.map((n) => n / ((width * height) / 4));
  }

  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ] as const)('marks a %s, keeping format and size', async (format, mime) => {
    const input = await solid(800, 600).toFormat(format).toBuffer();
    const { data, mime: outMime } = await watermarkImage(input, TEXT);
    expect(outMime).toBe(mime);
    const meta = await sharp(data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual([format, 800, 600]);
    for (const share of await changedByQuadrant(input, data)) expect(share).toBeGreaterThan(0.01);
  });

  it('turns a GIF into a PNG', async () => {
    const { data, mime } = await watermarkImage(await solid(200, 150).gif().toBuffer(), TEXT);
    expect(mime).toBe('image/png');
    expect((await sharp(data).metadata()).format).toBe('png');
  });

  it('copes with a tiny image', async () => {
    const input = await solid(40, 30).png().toBuffer();
    const { data } = await watermarkImage(input, TEXT);
    expect(await sharp(data).metadata()).toMatchObject({ width: 40, height: 30 });
  });

  it('marks the upright picture of an EXIF-rotated photo', async () => {
    const input = await solid(400, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const { data } = await watermarkImage(input, TEXT);
    const meta = await sharp(data).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([200, 400, undefined]);
  });

  it('escapes markup in the text', async () => {
    const input = await solid(300, 200).png().toBuffer();
    await expect(watermarkImage(input, '<b>"李&雷"</b> \'x\'')).resolves.toMatchObject({ mime: 'image/png' });
  });

  it('refuses what it cannot read', async () => {
    await expectWatermarkFailed(watermarkImage(Buffer.from('not an image'), TEXT));
    // sharp could render an SVG, but untrusted SVG is not an accepted image.
    await expectWatermarkFailed(watermarkImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"/>'), TEXT));
  });
});
