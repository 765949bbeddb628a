import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_MIME, imageThumbnail, sniffMime } from './files.thumbs.js';

type OutputFormat = Parameters<ReturnType<typeof sharp>['toFormat']>[0] & string;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xb-thumbs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function solid(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } });
}

/** A PNG whose header claims the given size, with one empty data chunk. */
function pngHeader(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('imageThumbnail', () => {
  it('scales down to the width as WebP, keeping the aspect ratio', async () => {
    const src = join(dir, 'wide.png');
    await solid(800, 400).png().toFile(src);
    const out = join(dir, 'wide.webp');
    expect(await imageThumbnail(src, out, 200)).toEqual({ width: 200, height: 100 });
    const meta = await sharp(out).metadata();
    expect(meta.format).toBe('webp');
    expect([meta.width, meta.height]).toEqual([200, 100]);
  });

  it('never enlarges', async () => {
    const src = join(dir, 'small.jpg');
    await solid(120, 90).jpeg().toFile(src);
    expect(await imageThumbnail(src, join(dir, 'small.webp'), 400)).toEqual({ width: 120, height: 90 });
  });

  it('turns the picture upright from EXIF Orientation', async () => {
    const src = join(dir, 'phone.jpg');
    await solid(400, 200).jpeg().withMetadata({ orientation: 6 }).toFile(src); // stored sideways
    expect(await imageThumbnail(src, join(dir, 'phone.webp'), 100)).toEqual({ width: 100, height: 200 });
  });

  it.each([...IMAGE_MIME])('reads %s, and sniffMime recognises it', async (mime) => {
    const format = mime.slice('image/'.length) as OutputFormat;
    const src = join(dir, `sample.${format}`);
    await solid(64, 32).toFormat(format).toFile(src);
    expect(sniffMime((await readFile(src)).subarray(0, 1024), 'no-extension')).toBe(mime);
    expect(await imageThumbnail(src, join(dir, `sample-${format}.webp`), 32)).toEqual({ width: 32, height: 16 });
  });

  it('refuses a decompression bomb before decoding it', async () => {
    const src = join(dir, 'bomb.png');
    await writeFile(src, pngHeader(20_000, 20_000));
    await expect(imageThumbnail(src, join(dir, 'bomb.webp'), 100)).rejects.toThrow(/pixel limit/i);
  });

  it('rejects a file that is not an image and leaves no temporary file behind', async () => {
    const src = join(dir, 'fake.png');
    await writeFile(src, 'not an image at all');
    const before = await readdir(dir);
    await expect(imageThumbnail(src, join(dir, 'fake.webp'), 100)).rejects.toThrow();
    expect(await readdir(dir)).toEqual(before);
  });

  it.each([0, -1, 1.5, 10_000, Number.NaN])('rejects width %s', async (w) => {
    await expect(imageThumbnail(join(dir, 'wide.png'), join(dir, 'x.webp'), w)).rejects.toThrow(RangeError);
  });
});

describe('sniffMime', () => {
  const b = (...bytes: number[]) => Buffer.from(bytes);
  const s = (text: string) => Buffer.from(text, 'latin1');
  const zip = b(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00);
  const ole2 = b(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0);
  const ftyp = (brand: string) => Buffer.concat([b(0, 0, 0, 0x20), s(`ftyp${brand}`), Buffer.alloc(8)]);

  it.each([
    [s('%PDF-1.7\n%âãÏÓ'), 'x.bin', 'application/pdf'],
    [b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'a.jpg', 'image/png'], // bytes win over the name
    [b(0xff, 0xd8, 0xff, 0xe0), 'a.png', 'image/jpeg'],
    [s('GIF89a..'), '', 'image/gif'],
    [s('RIFF\x00\x00\x00\x00WEBPVP8 '), '', 'image/webp'],
    [s('RIFF\x00\x00\x00\x00WAVEfmt '), '', 'audio/wav'],
    [zip, '通知.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    [zip, '成绩.XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [zip, 'slides.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    [zip, 'a.odt', 'application/vnd.oasis.opendocument.text'],
    [zip, 'a.ods', 'application/vnd.oasis.opendocument.spreadsheet'],
    [zip, 'a.odp', 'application/vnd.oasis.opendocument.presentation'],
    [zip, '报告．ｄｏｃｘ', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'], // full-width name
    [zip, 'photos.zip', 'application/zip'],
    [zip, 'evil.pdf', 'application/zip'],
    [ole2, '旧文件.doc', 'application/msword'],
    [ole2, 'a.xls', 'application/vnd.ms-excel'],
    [ole2, 'a.ppt', 'application/vnd.ms-powerpoint'],
    [ole2, 'a.msg', 'application/octet-stream'],
    [ftyp('isom'), 'clip.mov', 'video/mp4'],
    [ftyp('mp42'), '', 'video/mp4'],
    [ftyp('qt  '), '', 'video/quicktime'],
    [ftyp('M4A '), '', 'audio/mp4'],
    [ftyp('heic'), 'IMG_0001.HEIC', 'image/heic'],
    [ftyp('avif'), '', 'image/avif'],
    [b(0x1a, 0x45, 0xdf, 0xa3, 0x01), 'a.webm', 'video/webm'],
    [b(0x1a, 0x45, 0xdf, 0xa3, 0x01), 'a.mkv', 'video/x-matroska'],
    [s('ID3\x04\x00'), '', 'audio/mpeg'],
    [b(0xff, 0xfb, 0x90, 0x64), '', 'audio/mpeg'],
    [b(0xff, 0xf1, 0x50, 0x80), 'a.aac', 'application/octet-stream'], // ADTS AAC, not MP3
    [s('OggS\x00\x02'), '', 'audio/ogg'],
    [b(0x49, 0x49, 0x2a, 0x00), '', 'image/tiff'],
    [b(0x1f, 0x8b, 0x08), 'a.tar.gz', 'application/gzip'],
    [s('{\\rtf1\\ansi'), 'a.doc', 'application/rtf'],
    [s('班级,姓名\n'), '名单.csv', 'text/csv'],
    [s('hello'), 'readme.TXT', 'text/plain'],
    [s('hello'), 'C:\\Users\\王\\notes.md', 'text/markdown'],
    [s('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.svg', 'image/svg+xml'],
  ])('%#: %s named %j → %s', (head, name, mime) => {
    expect(sniffMime(head, name)).toBe(mime);
  });

  it('does not trust a name whose type has magic bytes the content lacks', () => {
    for (const name of ['report.pdf', 'a.png', 'a.jpg', 'a.docx', 'a.doc', 'a.mp4', 'a.mp3', 'a.webp']) {
      expect(sniffMime(s('just some text'), name)).toBe('application/octet-stream');
    }
  });

  it('finds a PDF header after leading junk only for a .pdf name', () => {
    const head = Buffer.concat([Buffer.alloc(100, 0x20), s('%PDF-1.4')]);
    expect(sniffMime(head, 'scan.pdf')).toBe('application/pdf');
    expect(sniffMime(Buffer.concat([s('the header is '), s('%PDF-1.4')]), 'note.txt')).toBe('text/plain');
  });

  it.each([Buffer.alloc(0), b(0xff), b(0x50, 0x4b), s('RIFF')])('copes with a short head %#', (head) => {
    expect(sniffMime(head, 'noext')).toBe('application/octet-stream');
  });

  it('falls back to application/octet-stream', () => {
    expect(sniffMime(b(1, 2, 3, 4, 5, 6, 7, 8), 'data.bin')).toBe('application/octet-stream');
    expect(sniffMime(b(1, 2, 3), '.hidden')).toBe('application/octet-stream');
  });
});
