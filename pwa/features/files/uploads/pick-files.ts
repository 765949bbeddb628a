// Turn what the user chose or dropped into files with their path inside the chosen folder:
// <input webkitdirectory> gives webkitRelativePath; a drop gives entries (webkitGetAsEntry) we walk.
export interface PickedFile {
  file: File;
  /** "子目录/文件.docx" for files inside a chosen or dropped folder; null for a loose file. */
  relativePath: string | null;
}

/** From an <input type=file> (with or without webkitdirectory). */
export function filesFromInput(list: FileList | null | undefined): PickedFile[] {
  return Array.from(list ?? []).map((file) => ({ file, relativePath: file.webkitRelativePath || null }));
}

function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries answers in batches (100 in Chromium) until an empty one.
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    out.push({ file, relativePath: prefix ? `${prefix}${file.name}` : null });
    return;
  }
  if (entry.isDirectory) {
    const children = await readAllEntries(entry as FileSystemDirectoryEntry);
    for (const child of children) await walk(child, `${prefix}${entry.name}/`, out);
  }
}

/**
 * From a drop. The entries must be taken synchronously inside the drop handler (the DataTransfer is
 * emptied afterwards), so call this directly in onDrop; the walking itself is asynchronous.
 */
export function filesFromDrop(dt: DataTransfer): Promise<PickedFile[]> {
  const items = Array.from(dt.items ?? []).filter((i) => i.kind === 'file');
  const entries = items.map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null));
  const loose = items.map((i) => i.getAsFile());
  const fallback = Array.from(dt.files ?? []);
  return (async () => {
    const out: PickedFile[] = [];
    if (!items.length) return fallback.map((file) => ({ file, relativePath: null }));
    for (let i = 0; i < items.length; i++) {
      const entry = entries[i];
      if (entry) await walk(entry, '', out);
      else {
        const file = loose[i];
        if (file) out.push({ file, relativePath: null });
      }
    }
    return out;
  })();
}

/** A drag carries files (not text or a link from the page). */
export function dragHasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}
