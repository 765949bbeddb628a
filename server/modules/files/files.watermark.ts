// Watermarks for sensitive documents: the viewer's name and the time ("王小明 2026-11-28 10:31 校办"),
// tiled diagonally over every page or image, so a leaked copy names who took it.
// Both functions hold the whole file in memory (pdf-lib and sharp need it whole); that is fine for
// documents, and the caller only watermarks files up to WATERMARK_MAX_BYTES.
import {
  EncryptedPDFError, PDFDocument, StandardFonts, beginText, endText, grayscale, popGraphicsState, pushGraphicsState,
  rotateAndSkewTextDegreesAndTranslate, setFillingColor, setFontAndSize, setGraphicsState, showText, toDegrees,
  type PDFDict, type PDFFont, type PDFHexString, type PDFName, type PDFOperator, type PDFPage, type PDFRef,
} from 'pdf-lib';
import sharp from 'sharp';
import { loadCjkFont, patchedFontkit } from '../../lib/pdf-cjk-font.js';
import { FilesErrors } from './files.errors.js';
import { THUMB_MAX_INPUT_PIXELS } from './files.thumbs.js';

/** Larger files are refused rather than handed out without a watermark. */
export const WATERMARK_MAX_BYTES = 200 * 1024 * 1024;

const MAX_TEXT_CHARS = 200;
const ANGLE_DEG = 30;
const OPACITY = 0.18;
const GREY = 0.45;

let cjkChars: Set<number> | undefined;

function cleanText(text: string): string {
  const t = text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (!t) throw new RangeError('watermark text is empty');
  return Array.from(t).slice(0, MAX_TEXT_CHARS).join('');
}

type Run = { font: PDFFont; text: string };

/** Splits the text into runs per font: WinAnsi characters in Helvetica, the rest in the CJK font, '?' for neither. */
function fontRuns(text: string, latin: PDFFont, latinChars: Set<number>, cjk: PDFFont | null): Run[] {
  if (cjk) cjkChars ??= new Set(cjk.getCharacterSet());
  const runs: Run[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let font = latin;
    let c = ch;
    if (!latinChars.has(cp)) {
      if (cjk && cjkChars?.has(cp)) font = cjk;
      else c = '?';
    }
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += c;
    else runs.push({ font, text: c });
  }
  return runs;
}

/** Origins of the tiles that touch the box, on a brick grid rotated by the angle around its centre. */
function tileOrigins(box: { x: number; y: number; width: number; height: number }, angleDeg: number, textWidth: number, size: number) {
  const rad = (angleDeg * Math.PI) / 180;
  const [cos, sin] = [Math.cos(rad), Math.sin(rad)];
  const stepU = textWidth + size * 4;
  const stepV = size * 5;
  const reach = Math.hypot(box.width, box.height) / 2 + stepU;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const out: [number, number][] = [];
  for (let row = -Math.ceil(reach / stepV); row * stepV <= reach; row++) {
    const shift = Math.abs(row) % 2 === 1 ? stepU / 2 : 0;
    for (let col = -Math.ceil(reach / stepU) - 1; col * stepU <= reach; col++) {
      const u = col * stepU + shift - textWidth / 2;
      const v = row * stepV;
      const x = cx + u * cos - v * sin;
      const y = cy + u * sin + v * cos;
      const [ex, ey] = [x + textWidth * cos, y + textWidth * sin];
      const inX = Math.max(x, ex) >= box.x - size && Math.min(x, ex) <= box.x + box.width + size;
      const inY = Math.max(y, ey) >= box.y - size && Math.min(y, ey) <= box.y + box.height + size;
      if (inX && inY) out.push([x, y]);
    }
  }
  return out;
}

type EncodedRun = { font: PDFFont; encoded: PDFHexString; width1pt: number };
type ResourceKeys = { fonts: Map<PDFFont, PDFName>; gs: PDFName };

/**
 * Resource names for our fonts and graphics state on this page. Pages often share one inherited
 * Resources dictionary; registering once per dictionary keeps it from growing with every page.
 */
function resourceKeys(page: PDFPage, fonts: PDFFont[], gs: PDFRef, cache: WeakMap<PDFDict, ResourceKeys>): ResourceKeys {
  page.node.normalize();
  const res = page.node.Resources();
  const hit = res && cache.get(res);
  if (hit) return hit;
  const keys = {
    fonts: new Map(fonts.map((f) => [f, page.node.newFontDictionary(f.name, f.ref)] as const)),
    gs: page.node.newExtGState('GS', gs),
  };
  if (res) cache.set(res, keys);
  return keys;
}

function watermarkPage(page: PDFPage, runs: EncodedRun[], keys: ResourceKeys) {
  const box = page.getCropBox();
  const size = Math.min(144, Math.max(8, Math.min(box.width, box.height) / 30));
  const textWidth = runs.reduce((w, r) => w + r.width1pt * size, 0);
  // Counter the page's /Rotate so the text reads at the same slant on screen.
  const angle = ANGLE_DEG + toDegrees(page.getRotation());
  const ops: PDFOperator[] = [pushGraphicsState(), setGraphicsState(keys.gs), setFillingColor(grayscale(GREY))];
  for (const [x, y] of tileOrigins(box, angle, textWidth, size)) {
    ops.push(beginText(), rotateAndSkewTextDegreesAndTranslate(angle, 0, 0, x, y));
    // Each Tj advances the text position, so the runs follow one another without measuring.
    for (const r of runs) ops.push(setFontAndSize(keys.fonts.get(r.font)!, size), showText(r.encoded));
    ops.push(endText());
  }
  ops.push(popGraphicsState());
  // pushOperators goes into a new content stream after the page's own, which pdf-lib wraps in q/Q
  // so whatever state the page leaves behind cannot move or hide the watermark.
  page.pushOperators(...ops);
}

/**
 * Tiles `text` diagonally, semi-transparent grey, over every page. Throws FilesErrors.watermarkFailed
 * for anything pdf-lib cannot load (encrypted, damaged, not a PDF) so the caller refuses the
 * download instead of handing out an unmarked copy.
 */
export async function watermarkPdf(input: Uint8Array, text: string): Promise<Uint8Array> {
  const clean = cleanText(text);
  if (input.byteLength > WATERMARK_MAX_BYTES) throw FilesErrors.watermarkFailed('The file is too large to watermark');
  let doc: PDFDocument;
  try {
    // updateMetadata: false keeps the document's own producer and dates.
    doc = await PDFDocument.load(input, { updateMetadata: false });
  } catch (err) {
    throw FilesErrors.watermarkFailed(err instanceof EncryptedPDFError ? 'The PDF is encrypted' : `The PDF cannot be read: ${(err as Error).message}`);
  }
  const pages = doc.getPages();
  if (pages.length === 0) throw FilesErrors.watermarkFailed('The PDF has no readable pages');

  doc.registerFontkit(patchedFontkit);
  const latin = await doc.embedFont(StandardFonts.Helvetica);
  const latinChars = new Set(latin.getCharacterSet());
  // Embed the CJK font only when the text needs it.
  const needsCjk = Array.from(clean).some((ch) => !latinChars.has(ch.codePointAt(0)!));
  const cjk = needsCjk ? await doc.embedFont(await loadCjkFont(), { subset: true }) : null;
  const runs: EncodedRun[] = fontRuns(clean, latin, latinChars, cjk).map((r) => ({
    font: r.font,
    encoded: r.font.encodeText(r.text),
    width1pt: r.font.widthOfTextAtSize(r.text, 1),
  }));
  const gs = doc.context.register(doc.context.obj({ Type: 'ExtGState', ca: OPACITY, CA: OPACITY }));
  const fonts = [...new Set(runs.map((r) => r.font))];
  const cache = new WeakMap<PDFDict, ResourceKeys>();
  for (const page of pages) watermarkPage(page, runs, resourceKeys(page, fonts, gs, cache));
  try {
    return await doc.save();
  } catch (err) {
    throw FilesErrors.watermarkFailed(`The PDF cannot be written: ${(err as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Images

const SAME_FORMAT = new Set(['jpeg', 'png', 'webp']);
// What IMAGE_MIME admits; anything else sharp might parse (SVG above all) is refused.
const READABLE = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);
const MIME: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One SVG tile of rotated text; sharp repeats it over the image. */
function svgTile(text: string, imgW: number, imgH: number): Buffer {
  const ems = Array.from(text).reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e7f ? 1 : 0.6), 0);
  const rad = (ANGLE_DEG * Math.PI) / 180;
  // The tile must fit inside the image (sharp refuses a larger overlay), so small images get small text.
  const fit = Math.min(imgW / (ems * Math.cos(rad) + 3), imgH / (ems * Math.sin(rad) + 10));
  const size = Math.max(6, Math.min(Math.round(Math.min(imgW, imgH) / 25), 200, Math.floor(fit)));
  const tw = ems * size;
  const w = Math.min(imgW, Math.ceil(tw * Math.cos(rad) + size * 3));
  // The extra height keeps the corner copies off the centre copy's line (about 3.5 sizes apart).
  const h = Math.min(imgH, Math.ceil(tw * Math.sin(rad) + size * 10));
  // A copy at the centre and one at each corner: the clipped corner pieces join up when the tile
  // repeats, giving a brick pattern with no empty stripes.
  const copies = [[w / 2, h / 2], [0, 0], [w, 0], [0, h], [w, h]]
    .map(([x, y]) => `<text x="${x}" y="${y}" transform="rotate(-${ANGLE_DEG} ${x} ${y})">${xmlEscape(text)}</text>`)
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">` +
    `<g text-anchor="middle" dominant-baseline="middle" font-family="Noto Sans CJK SC, Droid Sans Fallback, sans-serif" ` +
    `font-size="${size}" fill="#737373" fill-opacity="${OPACITY + 0.07}">${copies}</g></svg>`;
  return Buffer.from(svg);
}

/**
 * Tiles `text` diagonally over the image (upright by EXIF first). Output keeps JPEG, PNG and WebP;
 * anything else (GIF, TIFF, AVIF) becomes PNG. Animations keep only their first frame; metadata
 * (EXIF, GPS) is dropped.
 */
export async function watermarkImage(input: Buffer, text: string): Promise<{ data: Buffer; mime: string }> {
  const clean = cleanText(text);
  if (input.byteLength > WATERMARK_MAX_BYTES) throw FilesErrors.watermarkFailed('The file is too large to watermark');
  try {
    const image = sharp(input, { limitInputPixels: THUMB_MAX_INPUT_PIXELS, autoOrient: true, failOn: 'error' });
    const meta = await image.metadata();
    if (!READABLE.has(meta.format)) throw new Error(`format ${meta.format} is not accepted`);
    const { width, height } = meta.autoOrient;
    const format = SAME_FORMAT.has(meta.format) ? meta.format : 'png';
    const out = image.composite([{ input: svgTile(clean, width, height), tile: true }]);
    if (format === 'jpeg') out.jpeg({ quality: 90 });
    else if (format === 'webp') out.webp({ quality: 90 });
    else out.png();
    return { data: await out.toBuffer(), mime: MIME[format]! };
  } catch (err) {
    throw FilesErrors.watermarkFailed(`The image cannot be watermarked: ${(err as Error).message}`);
  }
}
