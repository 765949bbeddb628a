// The CJK font that generated PDFs embed (watermarks, printed approvals), and the fontkit that embeds it.
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';

// A TrueType CJK font (Debian fonts-droid-fallback). Noto Sans CJK is CFF-flavoured, and
// @pdf-lib/fontkit 1.1 writes CID-keyed CFF subsets that FreeType/poppler reject as a whole.
// Droid Sans Fallback has no Latin glyphs, so callers put ASCII in the built-in Helvetica.
const CJK_FONT_PATHS = [
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf',
];

let fontBytes: Promise<Uint8Array> | undefined;

/** The CJK font file, read once per process on first use. */
export function loadCjkFont(): Promise<Uint8Array> {
  fontBytes ??= (async () => {
    for (const path of CJK_FONT_PATHS) {
      try {
        return new Uint8Array(await readFile(path));
      } catch {
        // try the next location
      }
    }
    throw new Error(`no CJK font for PDFs; install fonts-droid-fallback (looked in ${CJK_FONT_PATHS.join(', ')})`);
  })();
  // A failed load is not cached, so installing the font later works without a restart.
  fontBytes.catch(() => {
    fontBytes = undefined;
  });
  return fontBytes;
}

// @pdf-lib/fontkit 1.1 writes a subset's `loca` in the short format (offsets halved) without padding
// glyph records to an even length, so every glyph after an odd-length one is garbage (glyphs go
// blank, nothing errors; fixed upstream in fontkit 1.8). Padding each record keeps offsets exact.
interface TtfSubsetInternals {
  glyf?: Uint8Array[];
  offset?: number;
  _addGlyph?: (gid: number) => number;
}

function padGlyphRecords<S extends object>(subset: S): S {
  const s = subset as S & TtfSubsetInternals;
  const addGlyph = s._addGlyph;
  if (typeof addGlyph !== 'function') return subset; // CFF subset or another fontkit: nothing to patch
  s._addGlyph = function (this: TtfSubsetInternals, gid: number) {
    const index = addGlyph.call(this, gid);
    const glyf = this.glyf!;
    const last = glyf[glyf.length - 1]!;
    if (last.length % 2 === 1) {
      // Keep fontkit's own Buffer class: its encoder rejects other byte arrays.
      const Ctor = last.constructor as unknown as { alloc(n: number): Uint8Array };
      const padded = Ctor.alloc(last.length + 1);
      padded.set(last);
      glyf[glyf.length - 1] = padded;
      this.offset! += 1;
    }
    return index;
  };
  return subset;
}

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

/** fontkit with the subset padding fix: register it on every PDFDocument that embeds the CJK font. */
export const patchedFontkit: Fontkit = {
  create(data: Uint8Array, postscriptName?: string) {
    const font = fontkit.create(data, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => padGlyphRecords(createSubset());
    return font;
  },
};
