// Poppler adapter: search text, page count and first-page thumbnails of PDFs (poppler-utils).
// Each call is one short-lived process run without a shell, with a timeout and a bounded output.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';

const DEFAULT_MAX_CHARS = 1_000_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_THUMBNAIL_WIDTH = 4096;

export class PopplerError extends Error {
  constructor(
    public readonly tool: string,
    public readonly reason: 'timeout' | 'failed' | 'missing',
    message: string,
  ) {
    super(message);
    this.name = 'PopplerError';
  }
}

interface RunResult {
  stdout: Buffer;
  /** stdout hit maxBytes: the process was stopped and stdout holds the first maxBytes. */
  truncated: boolean;
}

function run(tool: string, args: string[], timeoutMs: number, maxBytes = 1 << 20): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { encoding: 'buffer', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: maxBytes, windowsHide: true }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout, truncated: false });
      const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
      if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve({ stdout, truncated: true });
      if (e.code === 'ENOENT') return reject(new PopplerError(tool, 'missing', `${tool} not found (install poppler-utils)`));
      if (e.killed) return reject(new PopplerError(tool, 'timeout', `${tool} did not finish within ${timeoutMs} ms`));
      const detail = stderr.toString('utf8').trim().split('\n').slice(-3).join(' | ') || e.message;
      reject(new PopplerError(tool, 'failed', `${tool} failed (exit ${String(e.code)}): ${detail}`));
    });
  });
}

/**
 * The text of a PDF in reading order (no -layout: columns padded with spaces would split words for search),
 * pages separated by form feeds, at most maxChars characters.
 */
export async function pdfText(pdfPath: string, opts: { maxChars?: number; timeoutMs?: number } = {}): Promise<string> {
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  // A UTF-8 character is at most 4 bytes; a few spare bytes let the cut land after a whole character.
  const maxBytes = maxChars * 4 + 8;
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', '--', pdfPath, '-'], opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBytes);
  let text = stdout.toString('utf8');
  if (text.length > maxChars) {
    text = text.slice(0, maxChars);
    // Do not end on half a surrogate pair.
    if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
  }
  return text;
}

/** Page count from pdfinfo. */
export async function pdfInfo(pdfPath: string, opts: { timeoutMs?: number } = {}): Promise<{ pages: number }> {
  const { stdout } = await run('pdfinfo', ['-enc', 'UTF-8', '--', pdfPath], opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const m = /^Pages:\s+(\d+)\s*$/m.exec(stdout.toString('utf8'));
  if (!m) throw new PopplerError('pdfinfo', 'failed', `pdfinfo printed no page count for ${pdfPath}`);
  return { pages: Number(m[1]) };
}

/** PNG of the first page, `width` pixels wide, height by aspect ratio; written via a temp name, then renamed. */
export async function pdfThumbnail(pdfPath: string, outPng: string, width: number, opts: { timeoutMs?: number } = {}): Promise<void> {
  if (!Number.isInteger(width) || width < 1 || width > MAX_THUMBNAIL_WIDTH) {
    throw new RangeError(`thumbnail width must be an integer 1–${MAX_THUMBNAIL_WIDTH}, got ${width}`);
  }
  // pdftoppm appends ".png" to the prefix it is given.
  const prefix = `${outPng}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await run('pdftoppm', [
      '-png', '-f', '1', '-l', '1', '-singlefile', '-scale-to-x', String(width), '-scale-to-y', '-1', '--', pdfPath, prefix,
    ], opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    await rename(`${prefix}.png`, outPng);
  } finally {
    await rm(`${prefix}.png`, { force: true });
  }
}
