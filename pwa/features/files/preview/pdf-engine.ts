// pdf.js, loaded only on the preview page (dynamic import: never in the first download). Everything it
// needs comes from our own origin: the worker through Vite's ?url, its data files from pdf-assets.ts.
import type { PDFDocumentProxy } from 'pdfjs-dist';

type PdfJs = typeof import('pdfjs-dist');
type Assets = typeof import('./pdf-assets');

/**
 * WebAssembly decoders (JBIG2, JPEG 2000) need 'wasm-unsafe-eval' in the CSP's script-src, which the
 * server does not send: pdf.js then uses its JavaScript decoders (slower, same result) instead of
 * trying and logging a CSP violation. Set to true if the CSP ever allows WebAssembly.
 */
const USE_WASM = false;

let loading: Promise<{ pdfjs: PdfJs; assets: Assets }> | null = null;

/** The pdf.js module with its worker configured, and the data-file table (loaded once). */
function loadPdfJs(): Promise<{ pdfjs: PdfJs; assets: Assets }> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url'), import('./pdf-assets')])
    .then(([pdfjs, worker, assets]) => {
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      return { pdfjs, assets };
    })
    .catch((e: unknown) => {
      loading = null;
      throw e;
    });
  return loading;
}

export interface OpenedPdf {
  doc: PDFDocumentProxy;
  pdfjs: PdfJs;
}

/** Opens a PDF by URL (same origin, session cookie; HTTP Range lets big files start fast). */
export async function openPdf(url: string): Promise<OpenedPdf> {
  const { pdfjs, assets } = await loadPdfJs();
  const task = pdfjs.getDocument({
    url,
    // Our CSP has no 'unsafe-eval': tell pdf.js not to try (it would only log a violation and fall back).
    isEvalSupported: false,
    useWasm: USE_WASM,
    useWorkerFetch: false,
    BinaryDataFactory: assets.OwnOriginDataFactory,
    cMapPacked: true,
    wasmUrl: assets.WASM_BASE_URL,
    enableXfa: false,
  });
  const doc = await task.promise;
  return { doc, pdfjs };
}

/** Largest canvas we draw (pixels): beyond this phones run out of memory, so we lower the resolution. */
export const MAX_CANVAS_PIXELS = 8_000_000;

/** Device pixels per CSS pixel for a page canvas of the given CSS size, capped by MAX_CANVAS_PIXELS. */
export function outputScale(cssWidth: number, cssHeight: number, dpr = globalThis.devicePixelRatio || 1): number {
  const area = cssWidth * cssHeight;
  if (area <= 0) return 1;
  return Math.max(0.5, Math.min(dpr, Math.sqrt(MAX_CANVAS_PIXELS / area)));
}
