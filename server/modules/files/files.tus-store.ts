// @tus/file-store never fsyncs: tus would acknowledge offsets that a power cut can still take back.
// This store syncs the upload file before write() resolves (the PATCH answer comes after), syncs the
// sidecar .json and the directory on creation, and reports the offset from the size of the synced file.
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import type { Upload } from '@tus/server';

async function syncPath(target: string, flags = 'r'): Promise<number> {
  const handle = await open(target, flags);
  try {
    await handle.sync();
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

export interface DurableFileStoreOptions {
  directory: string;
  /** A deferred length became known (PATCH with Upload-Length). */
  onLengthDeclared?: (id: string, size: number) => void;
  /** The last byte is on disk; called before write() resolves, so before tus runs onUploadFinish. */
  onFilled?: (id: string) => void;
}

export class DurableFileStore extends FileStore {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly hooks: DurableFileStoreOptions) {
    super({ directory: hooks.directory });
  }

  /** The upload's data file; ids come from our naming function and are checked by FileStore first. */
  filePath(id: string): string {
    return path.join(this.directory, id);
  }

  override async create(file: Upload): Promise<Upload> {
    const created = await super.create(file);
    await syncPath(this.filePath(file.id));
    await syncPath(`${this.filePath(file.id)}.json`);
    // A new directory entry is durable only once the directory itself is synced.
    await syncPath(this.directory);
    return created;
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const work = this.writeDurably(readable, id, offset);
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async writeDurably(readable: Readable, id: string, offset: number): Promise<number> {
    let failure: unknown = null;
    await super.write(readable, id, offset).catch((error: unknown) => {
      failure = error;
    });
    // Also after a failed write: HEAD reports the file size, so whatever reached the file must be on disk.
    const size = await syncPath(this.filePath(id), 'r+');
    if (failure) throw failure;
    if (this.hooks.onFilled) {
      const declared = (await this.configstore.get(id))?.size;
      if (declared !== undefined && size >= declared) this.hooks.onFilled(id);
    }
    return size;
  }

  override async declareUploadLength(id: string, length: number): Promise<void> {
    await super.declareUploadLength(id, length);
    await syncPath(`${this.filePath(id)}.json`);
    this.hooks.onLengthDeclared?.(id, length);
  }

  /** Resolves once every write that was running has reached the disk (used on shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}
