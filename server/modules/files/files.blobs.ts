// Content-addressed blob store under <data>/blobs/ab/cd/<sha256>. A blob arrives as a finished temp file
// on the same filesystem: hashed, fsynced, renamed into place, directory fsynced — once a version points
// at it, a power cut cannot lose it. Identical contents are stored once.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, promises as fsp, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface BlobStore {
  readonly dir: string;
  /** Moves `tempPath` into the store (or drops it when the contents are already there). */
  adopt(tempPath: string): Promise<StoredBlob>;
  /** Writes bytes (previews, thumbnails) into the store. */
  putBytes(data: Uint8Array): Promise<StoredBlob>;
  pathOf(sha256: string): string;
  remove(sha256: string): Promise<void>;
  /** Deletes the blob unless it was stored or re-adopted within `idleMs` (synchronous on purpose). */
  removeIfIdle(sha256: string, idleMs: number): boolean;
  /** A scratch directory on the same filesystem, for temp files that will be adopted. */
  tempDir(): string;
}

export async function sha256File(file: string): Promise<StoredBlob> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function fsyncPath(p: string): Promise<void> {
  const fh = await fsp.open(p, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export function createBlobStore(dataDir: string): BlobStore {
  const dir = path.join(dataDir, 'blobs');
  const tmp = path.join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const pathOf = (sha: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error(`not a sha256: ${sha}`);
    return path.join(dir, sha.slice(0, 2), sha.slice(2, 4), sha);
  };

  async function place(tempPath: string, blob: StoredBlob): Promise<StoredBlob> {
    const target = pathOf(blob.sha256);
    // Synchronous check-and-touch: garbage collection (removeIfIdle) cannot slip in between on this thread.
    if (existsSync(target)) {
      const t = new Date();
      utimesSync(target, t, t);
      await fsp.rm(tempPath, { force: true });
      return blob;
    }
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsyncPath(tempPath);
    await fsp.rename(tempPath, target);
    await fsyncPath(path.dirname(target));
    return blob;
  }

  return {
    dir,
    tempDir: () => tmp,
    pathOf,
    async adopt(tempPath) {
      return place(tempPath, await sha256File(tempPath));
    },
    async putBytes(data) {
      const sha256 = createHash('sha256').update(data).digest('hex');
      const temp = path.join(tmp, `${sha256}.${process.pid}.${Date.now()}`);
      await fsp.writeFile(temp, data);
      return place(temp, { sha256, size: data.byteLength });
    },
    async remove(sha256) {
      await fsp.rm(pathOf(sha256), { force: true });
    },
    removeIfIdle(sha256, idleMs) {
      const file = pathOf(sha256);
      try {
        if (Date.now() - statSync(file).mtimeMs < idleMs) return false;
      } catch {
        return true;
      }
      rmSync(file, { force: true });
      return true;
    },
  };
}
