// The upload queue: resumable tus uploads (tus-js-client) with at most 3 running at once, per-file progress
// and speed, pause/resume/cancel, automatic retries (tus retryDelays, plus a restart when the network
// comes back), and resumption after the tab was closed: tus keeps each upload's URL in localStorage; after a
// reload the browser cannot read the File again, so those uploads wait for the user to pick the same file.
import { computed, signal } from '@preact/signals';
import { Upload, defaultOptions, type DetailedError, type PreviousUpload } from 'tus-js-client';
import { ApiError } from '../../../api/client';
import type { UploadDone } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { me } from '../../../state/session-signals';
import { filesApi } from '../files.api';
import { displayName } from '../files-format';
import { folderChanged } from '../files-state';

export const UPLOAD_ENDPOINT = '/api/files/uploads';
export const MAX_CONCURRENT = 3;
const CHUNK_SIZE = 8 * 1024 * 1024;
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000];
/** Network failures after tus's own retries are tried again this often while the browser is online. */
const NETWORK_RETRY_MS = 30_000;
const FINGERPRINT_PREFIX = 'xb1|';

export type UploadStatus = 'queued' | 'uploading' | 'paused' | 'error' | 'done' | 'needsFile';

/** Where the bytes go: a new file (or a new version of the same-named file) in a folder, or a new version of a file. */
export type UploadTarget = { parentId: string; fileId?: undefined } | { fileId: string; parentId?: undefined };

export interface UploadItem {
  id: string;
  name: string;
  /** "子目录/文件.docx" for folder uploads, relative to the target folder. */
  relativePath: string | null;
  target: UploadTarget;
  /** Folder the upload lands in, for display. */
  destination: string;
  size: number;
  sent: number;
  /** Bytes per second (smoothed); 0 when not running. */
  speed: number;
  status: UploadStatus;
  error: string | null;
  /** Failed for lack of network: restarted automatically. */
  network: boolean;
  result: UploadDone | null;
}

interface Runtime {
  file: File | null;
  upload: Upload | null;
  previous: PreviousUpload | null;
  lastAt: number;
  lastBytes: number;
}

export const uploads = signal<UploadItem[]>([]);
const runtime = new Map<string, Runtime>();
let seq = 0;

export const unfinishedCount = computed(() => uploads.value.filter((u) => u.status !== 'done').length);

function patch(id: string, change: Partial<UploadItem>): void {
  uploads.value = uploads.value.map((u) => (u.id === id ? { ...u, ...change } : u));
}

function find(id: string): UploadItem | undefined {
  return uploads.value.find((u) => u.id === id);
}

function fingerprintFor(meta: Record<string, string>, file: File): string {
  const parts = [me.value?.user.id ?? '', meta.parentId ?? '', meta.fileId ?? '', meta.relativePath ?? '', file.name, file.size, file.lastModified];
  return FINGERPRINT_PREFIX + parts.map((p) => encodeURIComponent(String(p))).join('|');
}

function metadataOf(item: UploadItem): Record<string, string> {
  const meta: Record<string, string> = { filename: item.name };
  if (item.target.parentId) meta.parentId = item.target.parentId;
  if (item.target.fileId) meta.fileId = item.target.fileId;
  if (item.relativePath) meta.relativePath = item.relativePath;
  return meta;
}

/** A tus error as a sentence: the server's problem+json code when there is a response, else a network problem. */
function describe(err: Error | DetailedError): { message: string; network: boolean } {
  const res = (err as DetailedError).originalResponse ?? null;
  if (!res || res.getStatus() === 0) return { message: t('files.upload.networkLost'), network: true };
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(res.getBody() || '{}') as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  const extras: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!['type', 'title', 'status', 'detail', 'code', 'requestId'].includes(k)) extras[k] = v;
  if (typeof extras.maxSize === 'number') extras.max = formatMax(extras.maxSize);
  const apiError = new ApiError({
    code: typeof body.code === 'string' ? body.code : `HTTP_${res.getStatus()}`,
    status: res.getStatus(),
    title: typeof body.title === 'string' ? body.title : undefined,
    detail: typeof body.detail === 'string' ? body.detail : undefined,
    extras,
    requestId: typeof body.requestId === 'string' ? body.requestId : undefined,
  });
  return { message: errorText(apiError), network: false };
}

function formatMax(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${Math.round(bytes / 1024 ** 3)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

function running(): number {
  return uploads.value.filter((u) => u.status === 'uploading').length;
}

/** Start queued uploads while fewer than MAX_CONCURRENT run. */
function pump(): void {
  for (const item of uploads.value) {
    if (running() >= MAX_CONCURRENT) return;
    if (item.status === 'queued') void begin(item.id);
  }
}

async function begin(id: string): Promise<void> {
  const item = find(id);
  const rt = runtime.get(id);
  if (!item || !rt?.file) return;
  patch(id, { status: 'uploading', error: null, network: false, speed: 0 });
  rt.lastAt = performance.now();
  rt.lastBytes = item.sent;
  if (rt.upload) {
    // A paused or failed upload: tus continues from the offset the server acknowledged.
    rt.upload.start();
    return;
  }
  const upload = new Upload(rt.file, {
    endpoint: UPLOAD_ENDPOINT,
    chunkSize: CHUNK_SIZE,
    retryDelays: RETRY_DELAYS,
    metadata: metadataOf(item),
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    fingerprint: (file) => Promise.resolve(fingerprintFor(metadataOf(item), file)),
    onProgress: (bytesSent) => onProgress(id, bytesSent),
    onSuccess: ({ lastResponse }) => onSuccess(id, lastResponse.getBody()),
    onError: (err) => onError(id, err),
  });
  rt.upload = upload;
  try {
    if (rt.previous) upload.resumeFromPreviousUpload(rt.previous);
    else {
      const previous = await upload.findPreviousUploads();
      if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
    }
  } catch {
    /* no stored uploads: a fresh one */
  }
  if (find(id)?.status === 'uploading') upload.start();
}

function onProgress(id: string, bytesSent: number): void {
  const rt = runtime.get(id);
  if (!rt) return;
  const now = performance.now();
  const dt = (now - rt.lastAt) / 1000;
  if (dt < 0.25) return;
  const instant = Math.max(0, bytesSent - rt.lastBytes) / dt;
  const prev = find(id)?.speed ?? 0;
  rt.lastAt = now;
  rt.lastBytes = bytesSent;
  patch(id, { sent: bytesSent, speed: prev ? prev * 0.6 + instant * 0.4 : instant });
}

function onSuccess(id: string, body: string): void {
  const item = find(id);
  let result: UploadDone | null = null;
  try {
    result = JSON.parse(body) as UploadDone;
  } catch {
    /* the server always answers JSON; keep going without it */
  }
  patch(id, { status: 'done', sent: item?.size ?? 0, speed: 0, error: null, result });
  const rt = runtime.get(id);
  if (rt) {
    rt.upload = null;
    rt.file = null;
  }
  // The folder it was dropped on, and the one it landed in (they differ for folder uploads).
  folderChanged(item?.target.parentId);
  if (result?.node.parentId !== item?.target.parentId) folderChanged(result?.node.parentId);
  pump();
  // All finished: fold the queue down to its summary line so it stops covering the listing.
  if (uploads.value.every((u) => u.status === 'done')) {
    setTimeout(() => {
      if (uploads.value.every((u) => u.status === 'done')) panelOpen.value = false;
    }, 1500);
  }
}

function onError(id: string, err: Error | DetailedError): void {
  const { message, network } = describe(err);
  patch(id, { status: 'error', error: message, network, speed: 0 });
  pump();
}

/** Add files to the queue; they start as slots free up. */
export function enqueue(files: { file: File; relativePath?: string | null }[], target: UploadTarget, destination: string): void {
  const added: UploadItem[] = files.map(({ file, relativePath }) => {
    const id = `u${++seq}`;
    runtime.set(id, { file, upload: null, previous: null, lastAt: 0, lastBytes: 0 });
    return {
      id,
      name: file.name,
      relativePath: relativePath || null,
      target,
      destination,
      size: file.size,
      sent: 0,
      speed: 0,
      status: 'queued',
      error: null,
      network: false,
      result: null,
    };
  });
  uploads.value = [...uploads.value, ...added];
  panelOpen.value = true;
  pump();
}

export function pause(id: string): void {
  const item = find(id);
  if (!item || (item.status !== 'uploading' && item.status !== 'queued')) return;
  patch(id, { status: 'paused', speed: 0 });
  void runtime.get(id)?.upload?.abort(false);
  pump();
}

export function resume(id: string): void {
  const item = find(id);
  if (!item || (item.status !== 'paused' && item.status !== 'error')) return;
  patch(id, { status: 'queued', error: null, network: false });
  pump();
}

/** Stop and discard: the bytes already on the server are deleted, the stored resume entry removed. */
export function cancel(id: string): void {
  const rt = runtime.get(id);
  const item = find(id);
  uploads.value = uploads.value.filter((u) => u.id !== id);
  runtime.delete(id);
  if (item?.status === 'done') return;
  if (rt?.upload) void rt.upload.abort(true).catch(() => undefined);
  else if (rt?.previous) {
    const prev = rt.previous;
    void defaultOptions.urlStorage.removeUpload(prev.urlStorageKey).catch(() => undefined);
    if (prev.uploadUrl) void Upload.terminate(prev.uploadUrl, { retryDelays: [] }).catch(() => undefined);
  }
  pump();
}

export function clearFinished(): void {
  for (const u of uploads.value) if (u.status === 'done') runtime.delete(u.id);
  uploads.value = uploads.value.filter((u) => u.status !== 'done');
}

/**
 * An upload restored from localStorage after a reload: the user picked the file again. It must be the
 * same file (name and size); tus then continues from the offset the server already has.
 */
export function relink(id: string, file: File): boolean {
  const item = find(id);
  const rt = runtime.get(id);
  if (!item || !rt || item.status !== 'needsFile') return false;
  if (file.name !== item.name || file.size !== item.size) {
    patch(id, { error: t('files.upload.notSameFile', { name: item.name }) });
    return false;
  }
  rt.file = file;
  patch(id, { status: 'queued', error: null });
  pump();
  return true;
}

// ── after a reload: the unfinished uploads tus remembered ──────────────────────
let restored = false;

/** Read tus's stored uploads of this user (once per page load) and list them as "pick the file again". */
export async function restoreUnfinished(): Promise<void> {
  if (restored) return;
  restored = true;
  const userId = me.value?.user.id;
  if (!userId) return;
  let stored: PreviousUpload[] = [];
  try {
    stored = await defaultOptions.urlStorage.findAllUploads();
  } catch {
    return;
  }
  const prefix = `tus::${FINGERPRINT_PREFIX}${encodeURIComponent(userId)}|`;
  const known = new Set([...runtime.values()].map((r) => r.previous?.urlStorageKey));
  const mine = stored.filter((p) => p.urlStorageKey.startsWith(prefix) && p.uploadUrl && !known.has(p.urlStorageKey));
  if (!mine.length) return;
  const items: UploadItem[] = mine.map((prev) => {
    const id = `u${++seq}`;
    runtime.set(id, { file: null, upload: null, previous: prev, lastAt: 0, lastBytes: 0 });
    const meta = prev.metadata;
    const target: UploadTarget = meta.fileId ? { fileId: meta.fileId } : { parentId: meta.parentId ?? '' };
    return {
      id,
      name: meta.filename ?? '',
      relativePath: meta.relativePath ?? null,
      target,
      destination: '',
      size: prev.size ?? 0,
      sent: 0,
      speed: 0,
      status: 'needsFile',
      error: null,
      network: false,
      result: null,
    };
  });
  uploads.value = [...items, ...uploads.value];
  panelOpen.value = true;
  // Where they were going, for display.
  const folderIds = new Set(items.map((i) => i.target.parentId).filter((x): x is string => !!x));
  for (const folderId of folderIds) {
    filesApi
      .node(folderId)
      .then((d) => (uploads.value = uploads.value.map((u) => (u.target.parentId === folderId && !u.destination ? { ...u, destination: displayName(d.node) } : u))))
      .catch(() => undefined);
  }
  // How far each got: the server's Upload-Offset (a 404 means it expired there: start from zero).
  for (const item of items) {
    const prev = runtime.get(item.id)?.previous;
    if (!prev?.uploadUrl) continue;
    fetch(prev.uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' }, credentials: 'same-origin' })
      .then((res) => {
        const offset = Number(res.headers.get('Upload-Offset'));
        if (res.ok && Number.isFinite(offset)) patch(item.id, { sent: offset });
      })
      .catch(() => undefined);
  }
}

// ── network back: restart what failed for lack of it ─────────────────────
function retryNetworkFailures(): void {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
  for (const u of uploads.value) if (u.status === 'error' && u.network) resume(u.id);
}

let wired = false;
/** Listeners that live as long as the page: online → restart, a periodic retry, a warning before closing mid-upload. */
export function wireUploadLifecycle(): void {
  if (wired) return;
  wired = true;
  window.addEventListener('online', retryNetworkFailures);
  setInterval(retryNetworkFailures, NETWORK_RETRY_MS);
  window.addEventListener('beforeunload', (e) => {
    if (uploads.value.some((u) => u.status === 'uploading' || u.status === 'queued')) e.preventDefault();
  });
}

/** The queue panel: open (expanded) or collapsed to its summary bar. */
export const panelOpen = signal(false);
