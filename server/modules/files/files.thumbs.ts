// Image thumbnails (sharp) and content sniffing of uploads.
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import sharp from 'sharp';

/**
 * Types sharp decodes with the prebuilt libvips here (sharp.format: jpeg, png, webp, gif, tiff, heif
 * with the AV1 decoder only). Not BMP (no decoder) and not SVG: rendering untrusted SVG is left out
 * on purpose.
 */
export const IMAGE_MIME: ReadonlySet<string> = new Set([
  'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff', 'image/avif',
]);

/** Decompression-bomb guard: 100 megapixels covers phone photos and scans, not a 64k × 64k PNG. */
export const THUMB_MAX_INPUT_PIXELS = 100_000_000;
const MAX_THUMB_WIDTH = 4096;

/**
 * A WebP thumbnail `width` pixels wide (never enlarged), rotated upright by EXIF Orientation. Writes
 * to a temporary name and renames, so a reader never sees half a thumbnail. Only the first frame of
 * an animation is used.
 */
export async function imageThumbnail(inputPath: string, outPath: string, width: number): Promise<{ width: number; height: number }> {
  if (!Number.isInteger(width) || width < 1 || width > MAX_THUMB_WIDTH) throw new RangeError(`thumbnail width must be 1..${MAX_THUMB_WIDTH}`);
  const tmp = `${outPath}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const info = await sharp(inputPath, { limitInputPixels: THUMB_MAX_INPUT_PIXELS, autoOrient: true, failOn: 'error' })
      .resize({ width, withoutEnlargement: true })
      .webp({ quality: 80 })
      .toFile(tmp);
    await rename(tmp, outPath);
    return { width: info.width, height: info.height };
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Sniffing

// Only types without reliable magic bytes may come from the name alone: a "report.pdf" whose bytes
// are not a PDF is application/octet-stream, not application/pdf.
const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain', log: 'text/plain', csv: 'text/csv', tsv: 'text/tab-separated-values', md: 'text/markdown',
  json: 'application/json', xml: 'application/xml', html: 'text/html', htm: 'text/html', css: 'text/css',
  js: 'text/javascript', svg: 'image/svg+xml', ics: 'text/calendar', vcf: 'text/vcard', srt: 'application/x-subrip',
  vtt: 'text/vtt', eml: 'message/rfc822',
};

const ZIP_OFFICE: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  epub: 'application/epub+zip',
};

const OLE2_OFFICE: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

function extensionOf(fileName: string): string {
  const base = fileName.normalize('NFKC').split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).trim().toLowerCase() : '';
}

function startsWith(head: Buffer, bytes: readonly number[], at = 0): boolean {
  if (head.length < at + bytes.length) return false;
  return bytes.every((b, i) => head[at + i] === b);
}

function ascii(head: Buffer, at: number, len: number): string {
  return head.length >= at + len ? head.toString('latin1', at, at + len) : '';
}

/** ISO base media (MP4, MOV, HEIF, AVIF): "ftyp" at offset 4, major brand after it. */
function sniffFtyp(head: Buffer, ext: string): string | null {
  if (ascii(head, 4, 4) !== 'ftyp') return null;
  const brand = ascii(head, 8, 4);
  if (brand === 'avif' || brand === 'avis') return 'image/avif';
  if (HEIF_BRANDS.has(brand)) return ext === 'avif' ? 'image/avif' : 'image/heic';
  if (brand === 'M4A ' || brand === 'M4B ') return 'audio/mp4';
  if (brand === 'qt  ') return 'video/quicktime';
  return 'video/mp4';
}

/** MPEG audio frame sync (11 set bits) with a non-reserved layer; AAC ADTS has layer 00. */
function isMpegAudioFrame(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0 && (head[1]! & 0x06) !== 0;
}

/**
 * The type of a file from its first bytes (≥ 16 needed, 1 KiB recommended), else from its name for
 * text-like types only, else application/octet-stream. The client's claimed type is never consulted.
 */
export function sniffMime(head: Buffer, fileName: string): string {
  const ext = extensionOf(fileName);
  // PDF readers accept the header anywhere in the first 1 KiB; off the start, only for a .pdf name,
  // so a text note quoting "%PDF-" stays text.
  const pdfAt = head.subarray(0, 1024).indexOf('%PDF-', 0, 'latin1');
  if (pdfAt === 0 || (pdfAt > 0 && ext === 'pdf')) return 'application/pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  const six = ascii(head, 0, 6);
  if (six === 'GIF87a' || six === 'GIF89a') return 'image/gif';
  if (ascii(head, 0, 4) === 'RIFF') {
    const kind = ascii(head, 8, 4);
    if (kind === 'WEBP') return 'image/webp';
    if (kind === 'WAVE') return 'audio/wav';
    if (kind === 'AVI ') return 'video/x-msvideo';
  }
  if (startsWith(head, [0x50, 0x4b]) && (startsWith(head, [3, 4], 2) || startsWith(head, [5, 6], 2) || startsWith(head, [7, 8], 2))) {
    return ZIP_OFFICE[ext] ?? 'application/zip';
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return OLE2_OFFICE[ext] ?? 'application/octet-stream';
  const ftyp = sniffFtyp(head, ext);
  if (ftyp) return ftyp;
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return ext === 'mkv' ? 'video/x-matroska' : 'video/webm';
  if (ascii(head, 0, 3) === 'ID3' || isMpegAudioFrame(head)) return 'audio/mpeg';
  if (ascii(head, 0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(head, 0, 4) === 'fLaC') return 'audio/flac';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (ascii(head, 0, 2) === 'BM' && head.length >= 14 && head.readUInt32LE(6) === 0) return 'image/bmp';
  if (startsWith(head, [0x1f, 0x8b])) return 'application/gzip';
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return 'application/x-7z-compressed';
  if (ascii(head, 0, 6) === 'Rar!\x1a\x07') return 'application/vnd.rar';
  if (ascii(head, 0, 5) === '{\\rtf') return 'application/rtf';
  return BY_EXTENSION[ext] ?? 'application/octet-stream';
}
