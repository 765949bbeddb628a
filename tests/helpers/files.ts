// Documents helpers for API tests: the tus protocol by hand over app.inject (creation + one PATCH).
import type { App } from '../../server/app.js';
import type { UploadDone } from '../../server/modules/files/files.dto.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export function tusMetadata(meta: Record<string, string | undefined>): string {
  return Object.entries(meta)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');
}

/** POST creation; returns the raw response (problem+json on refusal). */
export function createUpload(app: App, cookie: string, meta: Record<string, string | undefined>, size: number) {
  return app.inject({
    method: 'POST',
    url: '/api/files/uploads',
    headers: { cookie, 'tus-resumable': '1.0.0', 'upload-length': String(size), 'upload-metadata': tusMetadata(meta) },
  });
}

export function patchUpload(app: App, cookie: string, location: string, offset: number, data: Buffer) {
  return app.inject({
    method: 'PATCH',
    url: location.startsWith('/') ? location : `/api/files/uploads/${location}`,
    headers: { cookie, 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    payload: data,
  });
}

/** Uploads bytes as a new file (or a new version when `fileId` is given) and returns the final answer. */
export async function uploadFile(
  app: App,
  cookie: string,
  opts: { parentId?: string; fileId?: string; name: string; data: Buffer | string; relativePath?: string },
): Promise<UploadDone> {
  const data = typeof opts.data === 'string' ? Buffer.from(opts.data) : opts.data;
  const created = await createUpload(app, cookie, { filename: opts.name, parentId: opts.parentId, fileId: opts.fileId, relativePath: opts.relativePath }, data.length);
  if (created.statusCode !== 201) throw new Error(`upload creation failed: ${created.statusCode} ${created.body}`);
  const location = String(created.headers.location);
  const patched = await patchUpload(app, cookie, location, 0, data);
  if (patched.statusCode !== 204 && patched.statusCode !== 200) throw new Error(`upload PATCH failed: ${patched.statusCode} ${patched.body}`);
  return patched.json() as UploadDone;
}

export interface SpacesAnswer {
  school: { id: string } | null;
  personal: { id: string };
  departments: { id: string; name: string; departmentId: string | null }[];
  projects: { id: string; name: string }[];
}

export async function spacesOf(app: App, cookie: string): Promise<SpacesAnswer> {
  const res = await app.inject({ method: 'GET', url: '/api/files/spaces', headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(`spaces failed: ${res.statusCode} ${res.body}`);
  return res.json() as SpacesAnswer;
}

export async function createFolder(app: App, cookie: string, parentId: string, name: string): Promise<{ id: string; name: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/files/folders', headers: { cookie }, payload: { parentId, name } });
  if (res.statusCode !== 201) throw new Error(`folder failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; name: string };
}

/** Runs queued jobs (previews, maintenance) now; API tests start the app without the worker loop. */
export async function drainJobs(app: App): Promise<void> {
  await app.services.jobs.drain();
}
