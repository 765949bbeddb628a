// pdf.js's data files, served from our own origin as hashed build assets and loaded only when a PDF
// needs them: CMaps (Chinese text in fonts the PDF does not embed), the standard fonts, and the JPEG 2000
// decoder. This module is itself loaded only together with pdf.js.
import jpxFallbackUrl from 'pdfjs-dist/wasm/openjpeg_nowasm_fallback.js?url&no-inline';

const tables = {
  cMapUrl: import.meta.glob<string>('../../../../node_modules/pdfjs-dist/cmaps/*.bcmap', { query: '?url&no-inline', import: 'default', eager: true }),
  standardFontDataUrl: import.meta.glob<string>('../../../../node_modules/pdfjs-dist/standard_fonts/*.{pfb,ttf}', {
    query: '?url&no-inline',
    import: 'default',
    eager: true,
  }),
  wasmUrl: import.meta.glob<string>('../../../../node_modules/pdfjs-dist/wasm/*.wasm', { query: '?url&no-inline', import: 'default', eager: true }),
} as const;

type AssetKind = keyof typeof tables;

function assetUrl(kind: AssetKind, filename: string): string | undefined {
  for (const [path, url] of Object.entries(tables[kind])) if (path.endsWith(`/${filename}`)) return url;
  return undefined;
}

/** pdf.js (useWorkerFetch: false) asks the page for each data file by name; we answer from the table above. */
export class OwnOriginDataFactory {
  async fetch({ kind, filename }: { kind: AssetKind; filename: string }): Promise<Uint8Array> {
    const url = assetUrl(kind, filename);
    if (!url) throw new Error(`pdf.js data file not bundled: ${kind}/${filename}`);
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`pdf.js data file ${filename}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }
}

/**
 * pdf.js imports its JavaScript JPEG 2000 decoder from `${wasmUrl}openjpeg_nowasm_fallback.js`, a fixed
 * name; our copy has a hashed one. A base URL ending in "?f=/" turns that into our file plus a query
 * string the static server ignores.
 */
export const WASM_BASE_URL = `${jpxFallbackUrl}?f=/`;
