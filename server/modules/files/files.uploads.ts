// Resumable uploads (tus 1.0) at /api/files/uploads, served by @tus/server inside Fastify.
// The auth hook has already signed the user in; tus hooks add ownership (another user's upload is 404),
// the upload policy (quota, names, access) and the hand-over of the finished file. Bytes are fsynced
// before an offset is acknowledged (DurableFileStore), so a restart resumes at the acknowledged offset.
// Every error leaves as application/problem+json, like the rest of the API.
import { AsyncLocalStorage } from 'node:async_hooks';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EVENTS, Server, type CancellationContext, type ServerOptions, type Upload } from '@tus/server';
import type { CurrentUser } from '../../core/request-context.js';
import type { Problem } from '../../core/problem.js';
import { AppError, CommonErrors, createError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { DurableFileStore } from './files.tus-store.js';
import type { UploadMeta, UploadsRepo } from './files.uploads-repo.js';

export type { UploadMeta, UploadsRepo, UploadRecord } from './files.uploads-repo.js';
export { createUploadsRepo } from './files.uploads-repo.js';

export interface UploadPolicy {
  /** On creation (POST). Throw an AppError to refuse: quota, size, access, bad name. `size` is undefined for deferred length. */
  authorize(user: CurrentUser, meta: UploadMeta, size: number | undefined): void;
  /**
   * All bytes are on disk at `filePath` (fsynced). Take ownership of the file (rename it away); the value
   * returned is sent as JSON in the answer to the request that finished the upload. An AppError thrown
   * here reaches the client as its problem. The upload is discarded afterwards either way.
   */
  complete(user: CurrentUser, meta: UploadMeta, filePath: string, size: number): Promise<unknown>;
}

export interface TusUploadsOptions {
  /** A directory for upload data only: expireUploads() removes files there that no upload owns. */
  dir: string;
  maxSize: number;
  policy: UploadPolicy;
  uploadsRepo: UploadsRepo;
  expireAfterMs: number;
  clock: Clock;
}

export const UPLOADS_PATH = '/api/files/uploads';
const PROBLEM_JSON = 'application/problem+json; charset=utf-8';
/** Same base as core/problem.ts, which keeps it private. */
const PROBLEM_TYPE_BASE = 'https://xiaoban.local/problems/';

export const UploadErrors = {
  notFound: createError('UPLOAD_NOT_FOUND', 404, 'Upload not found'),
  gone: createError('UPLOAD_GONE', 410, 'The upload no longer exists'),
  busy: createError('UPLOAD_BUSY', 423, 'The upload is being finished; try again shortly'),
  offsetConflict: createError('UPLOAD_OFFSET_CONFLICT', 409, 'Upload-Offset does not match the bytes received'),
  tooLarge: createError('FILE_TOO_LARGE', 413, 'The file is too large'),
  filenameRequired: createError('UPLOAD_FILENAME_REQUIRED', 400, 'The upload needs a file name'),
  protocol: createError('UPLOAD_PROTOCOL_ERROR', 400, 'The upload request is not valid'),
  internal: createError('INTERNAL', 500, 'Something went wrong on the server'),
};

/** What one tus request carries through the tus hooks (which only see tus's own request object). */
interface TusCall {
  request: FastifyRequest;
  user: CurrentUser;
  /** The id tus named for a POST, to discard what it created if the POST fails. */
  createdId?: string;
  patchedId?: string;
  problem?: string;
  headers: Record<string, string>;
}

type TusError = { status_code: number; body: string };
const isTusError = (e: unknown): e is TusError =>
  typeof e === 'object' && e !== null && typeof (e as TusError).status_code === 'number' && typeof (e as TusError).body === 'string';

/** tus answers its own errors in plain text; map them onto our codes. */
function fromTus(status: number, text: string, maxSize: number): AppError {
  const detail = text.trim() || undefined;
  if (status === 404) return UploadErrors.notFound(detail);
  if (status === 410) return UploadErrors.gone(detail);
  if (status === 409) return UploadErrors.offsetConflict(detail);
  if (status === 413) return UploadErrors.tooLarge(detail, { maxSize });
  if (status === 423) return UploadErrors.busy(detail);
  if (status >= 500) return UploadErrors.internal('The error was logged with this request id.');
  return new AppError('UPLOAD_PROTOCOL_ERROR', status, 'The upload request is not valid', detail);
}

function problemBody(request: FastifyRequest, error: AppError): Problem {
  return {
    type: PROBLEM_TYPE_BASE + error.code.toLowerCase().replace(/_/g, '-'),
    title: error.title,
    status: error.status,
    ...(error.detail ? { detail: error.detail } : {}),
    instance: request.url.split('?')[0] ?? request.url,
    code: error.code,
    requestId: String(request.id),
    ...error.extras,
  };
}

function toMeta(metadata: Upload['metadata']): UploadMeta {
  const meta: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) if (value !== null) meta[key] = value;
  const filename = meta.filename;
  if (!filename) throw UploadErrors.filenameRequired('Send the file name as Upload-Metadata "filename".');
  return { ...meta, filename };
}

async function discardFiles(dir: string, id: string): Promise<void> {
  await rm(path.join(dir, id), { force: true });
  await rm(path.join(dir, `${id}.json`), { force: true });
}

/** tus's Server with its error answers turned into problem+json (tus offers no hook for the content type). */
class ProblemServer extends Server {
  problemFor: (status: number, text: string) => { body: string; headers: Record<string, string> } = (_s, text) => ({ body: text, headers: {} });

  override write(context: CancellationContext, headers: Headers, status: number, body?: string) {
    if (status < 400) return super.write(context, headers, status, body);
    const problem = this.problemFor(status, body ?? '');
    for (const [name, value] of Object.entries(problem.headers)) headers.set(name, value);
    headers.set('Content-Type', PROBLEM_JSON);
    return super.write(context, headers, status, problem.body);
  }
}

export const tusUploads: FastifyPluginAsyncTypebox<TusUploadsOptions> = async (app, opts) => {
  const { dir, policy, uploadsRepo: repo, maxSize, clock } = opts;
  const calls = new AsyncLocalStorage<TusCall>();
  /** Uploads whose last byte is on disk and whose completion is running. */
  const completing = new Set<string>();
  const store = new DurableFileStore({
    directory: dir,
    onLengthDeclared: (id, size) => repo.setSize(id, size),
    onFilled: (id) => completing.add(id),
  });

  const currentCall = (): TusCall => {
    const call = calls.getStore();
    if (!call) throw new Error('tus hook ran outside an upload request');
    return call;
  };

  const discard = async (id: string) => {
    repo.remove(id);
    await discardFiles(dir, id);
    completing.delete(id);
  };

  const onIncomingRequest: ServerOptions['onIncomingRequest'] = async (req, id) => {
    const call = currentCall();
    if (req.method === 'POST') {
      call.createdId = id;
      return;
    }
    const record = repo.get(id);
    // Someone else's upload answers exactly like a missing one.
    if (!record || record.userId !== call.user.id) throw UploadErrors.notFound();
    if (req.method === 'PATCH') call.patchedId = id;
    if (completing.has(id)) throw UploadErrors.busy();
    if (req.method === 'HEAD') {
      // All bytes arrived but no completion runs: the process stopped in between. HEAD would tell the
      // client it is done, so drop the upload instead and let the client start again.
      const upload = await store.getUpload(id).catch(() => null);
      if (upload && upload.size !== undefined && upload.offset >= upload.size) {
        await discard(id);
        throw UploadErrors.notFound('The upload was interrupted while being finished; start it again.');
      }
    }
  };

  const onUploadCreate: ServerOptions['onUploadCreate'] = async (_req, upload) => {
    const call = currentCall();
    const meta = toMeta(upload.metadata);
    policy.authorize(call.user, meta, upload.size);
    repo.insert({ id: upload.id, userId: call.user.id, meta, size: upload.size ?? null, createdAt: clock.now().toISOString() });
    return {};
  };

  const onUploadFinish: ServerOptions['onUploadFinish'] = async (req, upload) => {
    const call = currentCall();
    completing.add(upload.id);
    try {
      const record = repo.get(upload.id);
      if (!record) throw UploadErrors.notFound();
      const size = upload.size ?? upload.offset;
      const result = await policy.complete(call.user, record.meta, store.filePath(upload.id), size);
      if (result === undefined) return {};
      return {
        // tus-js-client accepts 200 on PATCH; a POST must stay 201 or its Location header is dropped.
        status_code: req.method === 'POST' ? 201 : 200,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify(result),
      };
    } finally {
      await discard(upload.id);
    }
  };

  const onResponseError: ServerOptions['onResponseError'] = async (req, err) => {
    const call = currentCall();
    const error = err instanceof AppError ? err : isTusError(err) ? fromTus(err.status_code, err.body, maxSize) : null;
    const problem = error ?? UploadErrors.internal('The error was logged with this request id.');
    if (!error || problem.status >= 500) call.request.log.error({ err }, 'upload request failed');
    // A refused creation leaves nothing behind; a body over the limit can never complete.
    if (req.method === 'POST' && call.createdId) await discard(call.createdId);
    if (problem.status === 413 && call.patchedId) await discard(call.patchedId);
    call.problem = JSON.stringify(problemBody(call.request, problem));
    Object.assign(call.headers, problem.headers);
    return { status_code: problem.status, body: call.problem };
  };

  const server = new ProblemServer({
    path: UPLOADS_PATH,
    datastore: store,
    relativeLocation: true,
    respectForwardedHeaders: false,
    // tus answers Access-Control-Allow-Origin: * unless told otherwise; uploads are same-origin only.
    allowedOrigins: () => false,
    maxSize,
    namingFunction: () => newId(clock.now().getTime()),
    onIncomingRequest,
    onUploadCreate,
    onUploadFinish,
    onResponseError,
  });
  server.on(EVENTS.POST_TERMINATE, (_req: unknown, _res: unknown, id: string) => {
    repo.remove(id);
  });
  server.problemFor = (status, text) => {
    const call = calls.getStore();
    if (!call) return { body: text, headers: {} };
    // Errors tus answers without consulting onResponseError (412 without Tus-Resumable, invalid headers).
    const body = call.problem ?? JSON.stringify(problemBody(call.request, fromTus(status, text, maxSize)));
    return { body, headers: call.headers };
  };

  // tus reads the raw body itself: no parser may touch it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  // tus requests are idempotent by protocol, and a hijacked reply never reaches the idempotency onSend.
  app.addHook('onRequest', async (request) => {
    delete request.headers['idempotency-key'];
  });
  app.addHook('onClose', async () => {
    await store.drain();
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const user = request.user;
    if (!user) throw CommonErrors.unauthenticated();
    const call: TusCall = { request, user, headers: {} };
    reply.hijack();
    // Hijacked answers skip the onSend hooks: set the headers that matter here ourselves.
    reply.raw.setHeader('x-content-type-options', 'nosniff');
    reply.raw.setHeader('cache-control', 'no-store');
    try {
      await calls.run(call, () => server.handle(request.raw, reply.raw));
    } catch (err) {
      request.log.error({ err }, 'upload request failed');
      if (reply.raw.headersSent) return void reply.raw.destroy();
      const body = JSON.stringify(problemBody(request, UploadErrors.internal('The error was logged with this request id.')));
      reply.raw.writeHead(500, { 'content-type': PROBLEM_JSON }).end(body);
    }
  };

  const tags = ['files'];
  const params = Type.Object({ id: Type.String({ maxLength: 64, description: 'Upload id (the last segment of the Location answered to POST)' }) });
  const tus = 'tus 1.0 resumable upload protocol (https://tus.io/protocols/resumable-upload); requires the Tus-Resumable header.';
  app.options(UPLOADS_PATH, {
    schema: { tags, summary: 'tus capabilities (Tus-Version, Tus-Extension, Tus-Max-Size)', description: tus },
    handler: handle,
  });
  app.post(UPLOADS_PATH, {
    schema: {
      tags,
      summary: 'Start a resumable upload',
      description: `${tus} Upload-Length (or Upload-Defer-Length: 1) and Upload-Metadata with a base64 UTF-8 "filename"; optional parentId, fileId, relativePath. Answers 201 with Location.`,
    },
    handler: handle,
  });
  app.head(`${UPLOADS_PATH}/:id`, {
    schema: { tags, summary: 'Bytes received so far (Upload-Offset)', description: tus, params },
    handler: handle,
  });
  app.patch(`${UPLOADS_PATH}/:id`, {
    schema: {
      tags,
      summary: 'Append bytes to an upload',
      description: `${tus} Content-Type: application/offset+octet-stream and Upload-Offset. The request that completes the upload answers 200 with the created file as JSON.`,
      params,
    },
    handler: handle,
  });
  app.delete(`${UPLOADS_PATH}/:id`, {
    schema: { tags, summary: 'Cancel an upload and discard its bytes', description: tus, params },
    handler: handle,
  });
};

/**
 * Removes unfinished uploads created more than expireAfterMs before `now` (rows and files), and files in
 * the upload directory that no upload owns any more (left by a crash or a deleted user) once as old.
 * Returns how many uploads were removed.
 */
export async function expireUploads(options: Pick<TusUploadsOptions, 'dir' | 'uploadsRepo' | 'expireAfterMs'>, now: Date): Promise<number> {
  const { dir, uploadsRepo: repo } = options;
  const cutoff = now.getTime() - options.expireAfterMs;
  let removed = 0;
  for (const record of repo.createdBefore(new Date(cutoff).toISOString())) {
    repo.remove(record.id);
    await discardFiles(dir, record.id);
    removed++;
  }
  const owned = repo.ids();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (owned.has(name.replace(/\.json$/, ''))) continue;
    const info = await stat(path.join(dir, name)).catch(() => null);
    if (info?.isFile() && info.mtimeMs < cutoff) await rm(path.join(dir, name), { force: true });
  }
  return removed;
}
