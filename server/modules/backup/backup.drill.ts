// The restore drill: a backup counts only when it has been restored. A snapshot goes into a scratch folder and
// is checked like a new box would need it — the database opens and passes integrity_check, every table holds
// the rows the manifest promised, the documents' contents are there and hash to their names, TLS and config
// came along. Failures are findings in the report, never thrown away.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { DrillReport } from './backup.dto.js';
import type { BackupManifest, ResticPort, ResticProgress } from './backup.ports.js';
import { countRows, integrityCheck, lastMigration, STAGED_DB, STAGED_MANIFEST } from './backup.stage.js';

type Check = DrillReport['checks'][number];
export type TreeReport = Omit<DrillReport, 'snapshotId' | 'snapshotTime' | 'restoreMs'>;

const SHA = /^[0-9a-f]{64}$/;

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function walk(dir: string, onFile: (file: string, size: number) => void): Promise<void> {
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await walk(p, onFile);
    else if (e.isFile()) onFile(p, (await fsp.stat(p)).size);
  }
}

/** Blob files under <root>/blobs/ab/cd/<sha256> (the upload temp folder is not content). */
async function listBlobs(blobsDir: string): Promise<string[]> {
  const out: string[] = [];
  await walk(blobsDir, (file) => {
    const rel = path.relative(blobsDir, file).split(path.sep);
    const name = rel[rel.length - 1]!;
    if (rel.length === 3 && SHA.test(name) && rel[0] === name.slice(0, 2) && rel[1] === name.slice(2, 4)) out.push(file);
  });
  return out.sort();
}

function pick<T>(items: T[], n: number, random: () => number): T[] {
  const a = [...items];
  const k = Math.min(n, a.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

function list(names: string[], max = 10): string {
  return names.length > max ? `${names.slice(0, max).join(', ')} … (+${names.length - max})` : names.join(', ');
}

export async function verifyRestoredTree(input: {
  root: string;
  sampleBlobs: number;
  fullBlobCheck: boolean;
  random?: () => number;
  onProgress?: (p: ResticProgress) => void;
}): Promise<TreeReport> {
  const started = performance.now();
  const random = input.random ?? Math.random;
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const staging = path.join(input.root, 'backup', 'staging');

  let restoredBytes = 0;
  await walk(input.root, (_f, size) => {
    restoredBytes += size;
  });

  // manifest
  let manifest: BackupManifest | null = null;
  try {
    manifest = JSON.parse(await fsp.readFile(path.join(staging, STAGED_MANIFEST), 'utf8')) as BackupManifest;
    add('manifest', true, `format ${manifest.format}, app ${manifest.appVersion}, schema ${manifest.schemaVersion}, made ${manifest.createdAt}`);
  } catch (err) {
    add('manifest', false, `backup/staging/${STAGED_MANIFEST} missing or unreadable: ${(err as Error).message}`);
  }

  // database
  let tablesChecked = 0;
  let referenced: string[] = [];
  const dbFile = path.join(staging, STAGED_DB);
  let db: Database.Database | null = null;
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true });
  } catch (err) {
    add('integrity_check', false, `backup/staging/${STAGED_DB} does not open: ${(err as Error).message}`);
  }
  if (db) {
    try {
      const problems = integrityCheck(db);
      const ok = problems.length === 1 && problems[0] === 'ok';
      add('integrity_check', ok, ok ? 'ok' : problems.slice(0, 5).join('; '));
      if (ok) {
        const counts = countRows(db);
        tablesChecked = Object.keys(counts).length;
        if (manifest) {
          const differ: string[] = [];
          for (const [t, n] of Object.entries(manifest.tables)) {
            if (!(t in counts)) differ.push(`${t} missing (manifest ${n})`);
            else if (counts[t] !== n) differ.push(`${t} ${counts[t]} ≠ ${n}`);
          }
          for (const t of Object.keys(counts)) if (!(t in manifest.tables)) differ.push(`${t} not in manifest`);
          add('row_counts', differ.length === 0, differ.length ? `differ: ${list(differ)}` : `${tablesChecked} tables match the manifest`);
          const schema = lastMigration(db);
          add('schema_version', schema === manifest.schemaVersion, `database ${schema}, manifest ${manifest.schemaVersion}`);
        } else {
          add('row_counts', false, 'no manifest to compare with');
        }
        const hasVersions = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'file_versions'`).get();
        referenced = hasVersions ? (db.prepare('SELECT DISTINCT sha256 FROM file_versions').all() as { sha256: string }[]).map((r) => r.sha256) : [];
      }
    } catch (err) {
      add('integrity_check', false, `reading the database failed: ${(err as Error).message}`);
    } finally {
      db.close();
    }
  }

  // blobs: every version's contents present, a sample (or all) hashing to their names
  const blobsDir = path.join(input.root, 'blobs');
  const blobs = await listBlobs(blobsDir);
  const present = new Set(blobs.map((f) => path.basename(f)));
  const missing = referenced.filter((s) => !present.has(s));
  add('blobs_present', missing.length === 0, missing.length ? `${missing.length} of ${referenced.length} referenced blobs missing: ${list(missing, 5)}` : `all ${referenced.length} blobs referenced by file versions are present`);

  const sample = input.fullBlobCheck ? blobs : pick(blobs, input.sampleBlobs, random);
  const bad: string[] = [];
  let done = 0;
  for (const file of sample) {
    const name = path.basename(file);
    try {
      if ((await sha256Of(file)) !== name) bad.push(name);
    } catch {
      bad.push(name);
    }
    done++;
    input.onProgress?.({ percent: done / sample.length, bytesDone: null, bytesTotal: null, filesDone: done, filesTotal: sample.length, secondsRemaining: null, currentFile: null });
  }
  add('blobs_sha256', bad.length === 0, bad.length ? `${bad.length} of ${sample.length} blobs do not hash to their name: ${list(bad, 5)}` : `${sample.length} of ${blobs.length} blobs hash to their name`);

  // the other things the manifest says were included
  for (const p of manifest?.paths ?? []) {
    if (p === 'blobs') continue;
    const where = path.join(input.root, p);
    let files = 0;
    await walk(where, () => {
      files++;
    });
    add(p, existsSync(where) && files > 0, existsSync(where) ? `${files} files` : `${p}/ is missing from the snapshot`);
  }

  return {
    ok: checks.every((c) => c.ok),
    verifyMs: Math.round(performance.now() - started),
    restoredBytes,
    blobsChecked: sample.length,
    blobsTotal: blobs.length,
    fullBlobCheck: input.fullBlobCheck,
    tablesChecked,
    checks,
  };
}

export interface DrillInput {
  restic: ResticPort;
  /** A full or short id, or 'latest'. */
  snapshotId: string;
  /** <data>/backup/scratch: the drill restores into a fresh folder inside and removes it afterwards. */
  scratchDir: string;
  sampleBlobs: number;
  fullBlobCheck: boolean;
  onProgress?: (p: ResticProgress) => void;
  onLog?: (line: string) => void;
  onPhase?: (phase: 'restoring' | 'verifying') => void;
  signal?: AbortSignal;
  random?: () => number;
}

export async function runDrill(input: DrillInput): Promise<DrillReport> {
  const all = await input.restic.snapshots();
  const snap = input.snapshotId === 'latest' ? all[all.length - 1] : all.find((s) => s.id === input.snapshotId || s.shortId === input.snapshotId || s.id.startsWith(input.snapshotId));
  if (!snap) throw new Error(`snapshot ${input.snapshotId} not found in the repository`);

  await fsp.mkdir(input.scratchDir, { recursive: true });
  const dir = await fsp.mkdtemp(path.join(input.scratchDir, 'drill-'));
  try {
    input.onPhase?.('restoring');
    input.onLog?.(`restoring snapshot ${snap.shortId} into ${dir}`);
    const t0 = performance.now();
    let restoreError: string | null = null;
    try {
      await input.restic.restore(snap.id, dir, { onProgress: input.onProgress, onLog: input.onLog, signal: input.signal });
    } catch (err) {
      if (input.signal?.aborted) throw err;
      const code = (err as { code?: string }).code;
      restoreError = `${code ? `${code}: ` : ''}${(err as Error).message}`;
      input.onLog?.(`restore failed: ${restoreError}`);
    }
    const restoreMs = Math.round(performance.now() - t0);
    // Verify whatever came back even when the restore failed: the findings say what is damaged.
    input.onPhase?.('verifying');
    const tree = await verifyRestoredTree({ root: dir, sampleBlobs: input.sampleBlobs, fullBlobCheck: input.fullBlobCheck, random: input.random, onProgress: input.onProgress });
    const checks = [{ name: 'restore', ok: restoreError === null, detail: restoreError ?? `snapshot ${snap.shortId} restored` }, ...tree.checks];
    for (const c of checks) if (!c.ok) input.onLog?.(`drill check ${c.name} failed: ${c.detail}`);
    return { ...tree, snapshotId: snap.id, snapshotTime: snap.time, restoreMs, ok: tree.ok && restoreError === null, checks };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
