// LibreOffice adapter: Office files → PDF, for previews, thumbnails and search text.
// Each conversion is a fresh headless soffice with this converter's private profile (never $HOME), one at a
// time: soffice instances sharing a profile hand their work to each other, and two at once starve 2 cores.
// A conversion that overruns is killed with its whole process group (soffice → oosplash → soffice.bin).
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, parse } from 'node:path';
import { pathToFileURL } from 'node:url';

export const OFFICE_EXTENSIONS: ReadonlySet<string> = new Set([
  'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'rtf', 'txt', 'csv',
]);

export type ConversionFailure = 'timeout' | 'failed' | 'unsupported';

export class ConversionError extends Error {
  constructor(
    public readonly reason: ConversionFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ConversionError';
  }
}

export interface ToPdfOptions {
  /** Base name LibreOffice sees (a CSV's sheet name, printed in the page header); default 文档. */
  name?: string;
}

export interface OfficeConverter {
  /**
   * Convert `inputPath`, a file of type `ext` (the path itself need not carry an extension), to PDF.
   * Resolves to `<outputDir>/<input base name>.pdf`; rejects with ConversionError.
   */
  toPdf(inputPath: string, ext: string, outputDir: string, opts?: ToPdfOptions): Promise<string>;
}

export interface OfficeConverterOptions {
  /** Environment for soffice (PATH, locale); default: the usual system PATH. */
  env?: Record<string, string | undefined>;
  /** Default: `soffice` from PATH. */
  sofficePath?: string;
  /** Per conversion, from the soffice start (time waiting in the queue does not count). */
  timeoutMs: number;
  /** Holds the profile and per-job temp files, in `lo-<pid>-<n>/`; stale ones of dead processes are removed. */
  workDir: string;
  log?: { warn: (o: object, m: string) => void };
}

/** Larger text files are not previewed: they are read into memory to be re-encoded. */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;
/** LibreOffice 7.4 sheets have 1024 columns (16384 only with "jumbo sheets"). */
const MAX_CSV_COLUMNS = 1024;
/** How long to wait for a killed process group to close its pipes before giving up on it. */
const KILL_GRACE_MS = 5_000;
const OUTPUT_TAIL_CHARS = 2_000;

// Hardening for untrusted uploads: no macros, no fetching of linked content (images, OLE links) during a
// conversion, and Calc shows the values stored in the file instead of recalculating (e.g. WEBSERVICE()).
const PROFILE_SETTINGS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>1</value></prop></item>
</oor:items>
`;

let converterSeq = 0;

export function createOfficeConverter(opts: OfficeConverterOptions): OfficeConverter {
  const soffice = opts.sofficePath ?? 'soffice';
  const instanceDir = join(opts.workDir, `lo-${process.pid}-${++converterSeq}`);
  const profileDir = join(instanceDir, 'profile');
  const homeDir = join(instanceDir, 'home');
  const jobsDir = join(instanceDir, 'jobs');
  let ready: Promise<void> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let jobSeq = 0;

  async function prepare(): Promise<void> {
    await removeStaleInstances(opts.workDir, opts.log);
    await rm(jobsDir, { recursive: true, force: true }); // left by a crash of this pid in an earlier life
    await mkdir(jobsDir, { recursive: true });
    await mkdir(homeDir, { recursive: true });
    await seedProfile(profileDir);
  }

  async function convert(inputPath: string, ext: string, outputDir: string, name: string): Promise<string> {
    ready ??= prepare().catch((err: unknown) => {
      ready = null;
      throw err;
    });
    await ready;
    await seedProfile(profileDir); // removed after a timeout
    const jobDir = join(jobsDir, String(++jobSeq));
    const outDir = join(jobDir, 'out');
    await mkdir(outDir, { recursive: true });
    try {
      const staged = join(jobDir, `${name}.${ext}`);
      const infilter = await stageInput(inputPath, ext, staged);
      const args = [
        '--headless', '--norestore', '--nolockcheck', '--nodefault', '--nologo',
        `-env:UserInstallation=${pathToFileURL(profileDir).href}`,
        ...(infilter ? [`--infilter=${infilter}`] : []),
        '--convert-to', 'pdf', '--outdir', outDir, staged,
      ];
      const base = opts.env ?? { PATH: '/usr/local/bin:/usr/bin:/bin' };
      const env = { ...base, HOME: homeDir, TMPDIR: jobDir, ...utf8Locale(base) };
      const result = await runGroup(soffice, args, env, opts.timeoutMs);
      if (result.timedOut) {
        opts.log?.warn({ ext, timeoutMs: opts.timeoutMs, output: result.output }, 'LibreOffice conversion timed out; process group killed');
        // A killed soffice may leave a half-written profile behind; the next conversion starts a fresh one.
        await rm(profileDir, { recursive: true, force: true });
        throw new ConversionError('timeout', `LibreOffice did not finish converting a .${ext} file within ${opts.timeoutMs} ms`);
      }
      const pdf = (await readdir(outDir)).find((f) => f.toLowerCase().endsWith('.pdf'));
      if (result.code !== 0 || !pdf) {
        const how = result.signal ? `signal ${result.signal}` : `exit ${String(result.code)}`;
        throw new ConversionError('failed', `LibreOffice could not convert the .${ext} file (${how}): ${result.output.trim() || 'no output'}`);
      }
      await mkdir(outputDir, { recursive: true });
      const dest = join(outputDir, `${parse(inputPath).name || 'document'}.pdf`);
      await moveFile(join(outDir, pdf), dest);
      return dest;
    } finally {
      await rm(jobDir, { recursive: true, force: true });
    }
  }

  return {
    async toPdf(inputPath, ext, outputDir, toPdfOpts = {}) {
      const e = ext.replace(/^\./, '').toLowerCase();
      if (!OFFICE_EXTENSIONS.has(e)) throw new ConversionError('unsupported', `.${e} files cannot be converted to PDF`);
      const name = safeBaseName(toPdfOpts.name, e);
      const job = queue.then(() => convert(inputPath, e, outputDir, name));
      queue = job.catch(() => undefined);
      return job;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Input staging: the file LibreOffice sees, and the import filter for text formats.

/** Copy the input into the job dir; text formats are re-encoded to UTF-8 and get an explicit filter. */
async function stageInput(inputPath: string, ext: string, dest: string): Promise<string | null> {
  if (ext === 'txt' || ext === 'csv') {
    const text = decodeText(await readAtMost(inputPath, MAX_TEXT_BYTES, ext));
    if (text.includes('\0')) throw new ConversionError('failed', `the .${ext} file is binary, not text`);
    await writeFile(dest, text, 'utf8');
    return ext === 'txt' ? 'Text (encoded):UTF8,LF,,,' : csvFilter(text);
  }
  const head = await readHead(inputPath, 4096);
  // LibreOffice's type detection falls back to plain text, so random bytes would "convert" to a PDF of garbage.
  if (!looksLikeDocument(head)) throw new ConversionError('failed', `the file is not a .${ext} document (unrecognised content)`);
  await copyFile(inputPath, dest, fsConstants.COPYFILE_FICLONE);
  return null;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * ZIP (OOXML/ODF), OLE2 (doc/xls/ppt) or text-like (RTF, and the HTML/MHT/XML files that OA systems
 * export as .doc/.xls). Which of these a file really is, LibreOffice detects itself.
 */
export function looksLikeDocument(head: Buffer): boolean {
  if (head.length === 0) return false;
  if (head.subarray(0, 4).equals(ZIP_MAGIC) || head.subarray(0, 8).equals(OLE2_MAGIC)) return true;
  return !head.includes(0);
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (what Excel and Notepad save on Chinese Windows). */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * Calc's CSV import options: separator, quote ", UTF-8 (76), from line 1, every column as Text (so ID
 * numbers keep all 18 digits and staff numbers their leading zeros), and formulas not evaluated.
 */
export function csvFilter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const sep = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const columns = Math.min(maxCsvColumns(text, sep), MAX_CSV_COLUMNS);
  const formats = Array.from({ length: columns }, (_, i) => `${i + 1}/2`).join('/');
  return `CSV:${sep.charCodeAt(0)},34,76,1,${formats},0,false,false,false,false,false,-1,false`;
}

/** The widest record, counting separators outside quoted fields (a quote opens a field only at its start). */
export function maxCsvColumns(text: string, sep: string): number {
  const SEP = sep.charCodeAt(0);
  const QUOTE = 34;
  let max = 1;
  let cols = 1;
  let quoted = false;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) i++;
        else quoted = false;
      }
      continue;
    }
    if (c === QUOTE && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (c === SEP) {
      cols++;
      atFieldStart = true;
    } else if (c === 10 || c === 13) {
      if (cols > max) max = cols;
      cols = 1;
      atFieldStart = true;
    } else {
      atFieldStart = false;
    }
  }
  return Math.max(max, cols);
}

/** A file name LibreOffice can take: no path separators or control characters, not too long for 255 bytes. */
function safeBaseName(name: string | undefined, ext: string): string {
  const cleaned = (name ?? '')
    .replace(new RegExp(`\\.${ext}$`, 'i'), '')
    .replace(/[\p{Cc}/\\:*?"<>|]/gu, '_')
    .replace(/^[.\s-]+|\s+$/g, '');
  return [...cleaned].slice(0, 60).join('') || '文档';
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const fh = await openInput(path);
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function readAtMost(path: string, limit: number, ext: string): Promise<Buffer> {
  const fh = await openInput(path);
  try {
    const { size } = await fh.stat();
    if (size > limit) throw new ConversionError('failed', `the .${ext} file is too large to preview (${size} bytes, limit ${limit})`);
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

async function openInput(path: string) {
  try {
    return await open(path, 'r');
  } catch (err) {
    throw new ConversionError('failed', `cannot read the input file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Processes, profiles, files

interface GroupResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last characters of stdout + stderr. */
  output: string;
}

/** Run a command as the leader of a new process group; on timeout SIGKILL the group and wait for it to close. */
function runGroup(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<GroupResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      resolve({ code, signal, timedOut, output });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
      // A member that escaped the group could hold the pipes open; do not wait for it forever.
      grace = setTimeout(() => finish(null, 'SIGKILL'), KILL_GRACE_MS);
    }, timeoutMs);
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      reject(new ConversionError('failed', `cannot start LibreOffice (${cmd}): ${err.code ?? err.message}`));
    });
    child.on('close', finish);
  });
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** LibreOffice reads file names (and the CSV sheet name) through the locale: without UTF-8, Chinese turns to mojibake. */
function utf8Locale(env: Record<string, string | undefined>): Record<string, string> {
  const current = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(current) ? {} : { LC_ALL: 'C.UTF-8' };
}

async function seedProfile(profileDir: string): Promise<void> {
  const userDir = join(profileDir, 'user');
  await mkdir(userDir, { recursive: true });
  // 'wx': LibreOffice merges its own settings into this file later; never overwrite them.
  await writeFile(join(userDir, 'registrymodifications.xcu'), PROFILE_SETTINGS, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
}

/** Remove `lo-<pid>-<n>` dirs whose process is gone (a crash or kill -9 skips every cleanup). */
async function removeStaleInstances(workDir: string, log?: OfficeConverterOptions['log']): Promise<void> {
  await mkdir(workDir, { recursive: true });
  for (const entry of await readdir(workDir)) {
    const m = /^lo-(\d+)-\d+$/.exec(entry);
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    await rm(join(workDir, entry), { recursive: true, force: true }).catch((err: unknown) => {
      log?.warn({ err, dir: join(workDir, entry) }, 'cannot remove a stale LibreOffice work dir');
    });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const tmp = `${to}.${process.pid}.tmp`;
    await copyFile(from, tmp);
    await rename(tmp, to);
  }
}
