// Resumable uploads: the tus plugin in a small Fastify app with the real auth hook, problem handler and
// SQLite migrations, driven by the real tus-js-client over 127.0.0.1 — including a server restart and a
// client restart in the middle of a 20 MiB upload.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { Transform, type Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import * as tus from 'tus-js-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DbHandle } from '../../../server/db/client.js';
import { migrate } from '../../../server/db/migrator.js';
import { problemPlugin } from '../../../server/core/problem.js';
import { authHook } from '../../../server/core/auth-hook.js';
import type { CurrentUser } from '../../../server/core/request-context.js';
import { validatorCompiler } from '../../../server/core/validation.js';
import { createError } from '../../../server/lib/errors.js';
import { DAY, FakeClock } from '../../../server/lib/clock.js';
import { createUploadsRepo, expireUploads, tusUploads, type UploadMeta, type UploadPolicy, type UploadsRepo } from '../../../server/modules/files/files.uploads.js';

const MiB = 1024 * 1024;
const ENDPOINT = '/api/files/uploads';
type TusOptions = ConstructorParameters<typeof tus.Upload>[1];
type UrlStorage = NonNullable<TusOptions['urlStorage']>;
const { FileUrlStorage } = tus as unknown as { FileUrlStorage: new (file: string) => UrlStorage };

function user(id: string, username: string): CurrentUser {
  return {
    id, username, displayName: username, departmentId: null, locale: 'zh-CN', sessionId: `s-${id}`, roles: [],
    permissions: new Set(), scopedPermissions: new Map(), mustChangePassword: false, mustEnrollTotp: false,
  };
}
const USERS: Record<string, CurrentUser> = { alice: user('u-alice', 'alice'), bob: user('u-bob', 'bob') };
const as = (name: string) => ({ cookie: `xb_session=${name}`, 'tus-resumable': '1.0.0' });
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

interface Completed {
  user: string;
  meta: UploadMeta;
  size: number;
  sha256: string;
}

/** A data dir with a migrated database, the two users, and a policy that records what it is asked. */
function harness(opts: { maxSize?: number } = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'xb-uploads-'));
  const dir = path.join(root, 'uploads');
  const done = path.join(root, 'done');
  mkdirSync(done);
  const clock = new FakeClock(new Date());
  let db!: DbHandle;
  let repo!: UploadsRepo;
  const authorized: { user: string; meta: UploadMeta; size: number | undefined }[] = [];
  const completed: Completed[] = [];
  const policy: UploadPolicy = {
    authorize(u, meta, size) {
      authorized.push({ user: u.id, meta, size });
      if (meta.filename === 'refused.txt') throw createError('STORAGE_QUOTA_EXCEEDED', 403, 'Not enough space left')('Free some space first', { remainingBytes: 3 });
    },
    async complete(u, meta, filePath, size) {
      const bytes = readFileSync(filePath);
      if (meta.filename === 'clash.txt') throw createError('FILE_NAME_TAKEN', 409, 'A file with this name exists')(meta.filename);
      const entry = { user: u.id, meta, size, sha256: sha256(bytes) };
      await rename(filePath, path.join(done, String(completed.length)));
      completed.push(entry);
      return { id: `f${completed.length}`, name: meta.filename, size };
    },
  };
  const apps = new Set<ReturnType<typeof Fastify>>();
  return {
    dir, clock, authorized, completed,
    get repo() {
      return repo;
    },
    get sqlite() {
      return db.sqlite;
    },
    async init() {
      db = openDatabase(root);
      await migrate(db.sqlite, root);
      const insert = db.sqlite.prepare('INSERT INTO users (id, username, display_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
      for (const u of Object.values(USERS)) insert.run(u.id, u.username, u.displayName, clock.now().toISOString(), clock.now().toISOString());
      repo = createUploadsRepo(db.sqlite);
    },
    /** Starts a fresh server process stand-in on `port` (0: any) over the same dir and database. */
    async start(port = 0) {
      const app = Fastify({ logger: false, forceCloseConnections: true }).withTypeProvider<TypeBoxTypeProvider>();
      app.setValidatorCompiler(validatorCompiler);
      await app.register(problemPlugin);
      await app.register(cookie);
      await app.register(authHook, { resolver: { resolve: (token) => USERS[token] ?? null }, publicOrigins: [] });
      await app.register(tusUploads, { dir, maxSize: opts.maxSize ?? 32 * MiB, policy, uploadsRepo: repo, expireAfterMs: DAY, clock });
      await app.listen({ host: '127.0.0.1', port });
      apps.add(app);
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      return { app, base, port: (app.server.address() as AddressInfo).port };
    },
    async stop(app: ReturnType<typeof Fastify>) {
      apps.delete(app);
      await app.close();
    },
    async dispose() {
      for (const app of apps) await app.close();
      db.close();
      rmSync(root, { recursive: true, force: true });
    },
    file(name: string, size: number) {
      const file = path.join(root, name);
      const data = randomBytes(size);
      writeFileSync(file, data);
      return { file, data };
    },
    urlStorage() {
      const file = path.join(root, 'tus-urls.json');
      if (!existsSync(file)) writeFileSync(file, '{}'); // proper-lockfile needs the file to exist
      return new FileUrlStorage(file);
    },
  };
}
type Harness = ReturnType<typeof harness>;

/** Runs a tus-js-client upload to the end; resolves with the final response body, rejects with its error. */
function runUpload(file: string, options: TusOptions & { started?: (u: tus.Upload) => void }) {
  return new Promise<string>((resolve, reject) => {
    const upload = new tus.Upload(createReadStream(file) as unknown as Buffer, {
      chunkSize: MiB,
      retryDelays: [100, 200, 400, 800, 1000, 1000, 1000, 1000],
      headers: { cookie: 'xb_session=alice' },
      ...options,
      onSuccess: (payload) => resolve(payload.lastResponse.getBody()),
      onError: reject,
    });
    options.started?.(upload);
    upload.start();
  });
}

type FileReader = NonNullable<TusOptions['fileReader']>;

/** The default Node file reader, except that the chunk crossing `trip` stops sending there, once. */
function stallingReader(trip: number, onStall: () => void): FileReader {
  let tripped = false;
  return {
    async openFile(input: unknown, chunkSize: number) {
      const source = await tus.defaultOptions.fileReader.openFile(input, chunkSize);
      return {
        size: source.size,
        close: () => source.close(),
        async slice(start: number, end: number) {
          const result = await source.slice(start, end);
          if (tripped || end <= trip) return result;
          tripped = true;
          let passed = 0;
          const gate = new Transform({
            transform(chunk: Buffer, _encoding, callback) {
              if (passed + chunk.length <= trip - start) {
                passed += chunk.length;
                return callback(null, chunk);
              }
              this.push(chunk.subarray(0, trip - start - passed));
              onStall(); // the callback is never called: the rest of this body never leaves
            },
          });
          (result.value as Readable).pipe(gate);
          return { value: Object.assign(gate, { size: (result.value as { size: number }).size }), done: result.done };
        },
      };
    },
  };
}

async function waitFor(check: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function post(base: string, who: string, headers: Record<string, string>) {
  return fetch(`${base}${ENDPOINT}`, { method: 'POST', headers: { ...as(who), ...headers } });
}

async function createUpload(base: string, who: string, length: number, filename = 'a.txt') {
  const res = await post(base, who, { 'upload-length': String(length), 'upload-metadata': `filename ${b64(filename)}` });
  expect(res.status).toBe(201);
  return `${base}${res.headers.get('location')!}`;
}

async function patch(url: string, who: string, offset: number, body: Buffer) {
  return fetch(url, {
    method: 'PATCH',
    headers: { ...as(who), 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    body,
  });
}

async function expectProblem(res: Response, status: number, code: string) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code });
  expect(body.requestId).toBeTruthy();
  return body;
}

const leftovers = (h: Harness) => (existsSync(h.dir) ? readdirSync(h.dir) : []);

describe('resumable uploads (tus)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = harness();
    await h.init();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await h.dispose();
  });

  it('finishes a 20 MiB upload across a server restart, fsyncing every acknowledged offset', async () => {
    const { file, data } = h.file('big.bin', 20 * MiB + 12345);
    let server = await h.start();
    const port = server.port;

    // Every FileHandle shares one prototype: count syncs, and order them against acknowledgements.
    const probe = await open(file, 'r');
    const proto = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    const timeline: string[] = [];
    const realSync = proto.sync;
    vi.spyOn(proto, 'sync').mockImplementation(function (this: unknown) {
      timeline.push('sync');
      return realSync.call(this);
    });

    let uploadId = '';
    let restarted: Promise<void> | null = null;
    const acknowledged: number[] = [];
    const headOffsets: { offset: number; onDisk: number }[] = [];
    // The client stalls in the middle of a PATCH body; once the server holds those bytes it is shut
    // down and a new instance takes over the port and the dir.
    const trip = 8 * MiB + 300_000;
    const fileReader = stallingReader(trip, () => {
      restarted = (async () => {
        await waitFor(() => statSync(path.join(h.dir, uploadId)).size === trip);
        await h.stop(server.app);
        server = await h.start(port);
      })();
    });
    const body = await runUpload(file, {
      endpoint: `http://127.0.0.1:${port}${ENDPOINT}`,
      metadata: { filename: 'big.bin', parentId: 'folder-1' },
      fileReader,
      onAfterResponse(req, res) {
        if (req.getMethod() === 'POST') uploadId = res.getHeader('Location')!.split('/').pop()!;
        if (req.getMethod() === 'HEAD') {
          const offset = Number(res.getHeader('Upload-Offset'));
          headOffsets.push({ offset, onDisk: statSync(path.join(h.dir, uploadId)).size });
        }
      },
      onChunkComplete(_chunk, accepted, total) {
        timeline.push('ack');
        acknowledged.push(accepted);
        if (accepted < total) expect(statSync(path.join(h.dir, uploadId)).size).toBe(accepted);
      },
    });
    await restarted;

    expect(JSON.parse(body)).toEqual({ id: 'f1', name: 'big.bin', size: data.length });
    expect(h.completed).toEqual([{ user: 'u-alice', meta: { filename: 'big.bin', parentId: 'folder-1' }, size: data.length, sha256: sha256(data) }]);
    // The new process reported what reached the disk of the half-received PATCH, and the client went on from there.
    expect(headOffsets.length).toBeGreaterThanOrEqual(1);
    for (const head of headOffsets) expect(head.offset).toBe(head.onDisk);
    expect(headOffsets.map((head) => head.offset)).toEqual([trip]);
    expect(acknowledged).toContain(9 * MiB + 300_000);
    expect(acknowledged.at(-1)).toBe(data.length);
    // Each acknowledgement was preceded by a sync after the previous one.
    const acks = timeline.map((e, i) => [e, i] as const).filter(([e]) => e === 'ack');
    let from = 0;
    for (const [, i] of acks) {
      expect(timeline.slice(from, i)).toContain('sync');
      from = i + 1;
    }
    expect(leftovers(h)).toEqual([]);
    expect(h.repo.pendingBytesOfUser('u-alice')).toBe(0);
  }, 60_000);

  it('resumes after the client restarts (file URL storage) and keeps a Chinese file name', async () => {
    const { file, data } = h.file('plan.bin', 6 * MiB + 7);
    const { base } = await h.start();
    const name = '2026 学年 校办工作计划（定稿）.docx';
    const options = { endpoint: `${base}${ENDPOINT}`, metadata: { filename: name, relativePath: '计划/秋季/' }, urlStorage: h.urlStorage() };

    let first: tus.Upload | null = null;
    const aborted = new Promise<void>((resolve, reject) => {
      runUpload(file, {
        ...options,
        started: (u) => (first = u),
        onChunkComplete(_c, accepted) {
          if (accepted >= 3 * MiB) void first!.abort().then(resolve, reject);
        },
      }).catch(reject);
    });
    await aborted;
    expect(h.repo.pendingBytesOfUser('u-alice')).toBe(data.length);

    const offsets: string[] = [];
    const body = await new Promise<string>((resolve, reject) => {
      const second = new tus.Upload(createReadStream(file) as unknown as Buffer, {
        ...options,
        chunkSize: MiB,
        headers: { cookie: 'xb_session=alice' },
        onBeforeRequest: (req) => void (req.getMethod() === 'PATCH' && offsets.push(req.getHeader('Upload-Offset') ?? '')),
        onSuccess: (p) => resolve(p.lastResponse.getBody()),
        onError: reject,
      });
      void second.findPreviousUploads().then((previous) => {
        expect(previous).toHaveLength(1);
        second.resumeFromPreviousUpload(previous[0]!);
        second.start();
      }, reject);
    });
    expect(Number(offsets[0])).toBeGreaterThanOrEqual(3 * MiB);
    expect(JSON.parse(body)).toMatchObject({ name });
    expect(h.completed).toHaveLength(1);
    expect(h.completed[0]).toMatchObject({ meta: { filename: name, relativePath: '计划/秋季/' }, sha256: sha256(data) });
    expect(h.authorized[0]!.meta.filename).toBe(name);
  });

  it('shows the decoded metadata back on HEAD, and answers 401 without a session', async () => {
    const { base } = await h.start();
    const url = await createUpload(base, 'alice', 10, '通知.pdf');
    const head = await fetch(url, { method: 'HEAD', headers: as('alice') });
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe('0');
    expect(head.headers.get('upload-metadata')).toBe(`filename ${b64('通知.pdf')}`);
    expect(head.headers.get('access-control-allow-origin')).toBeNull();
    for (const method of ['HEAD', 'PATCH', 'DELETE']) {
      const res = await fetch(url, { method, headers: { 'tus-resumable': '1.0.0' } });
      expect(res.status, method).toBe(401);
    }
    await expectProblem(await fetch(`${base}${ENDPOINT}`, { method: 'POST', headers: { 'upload-length': '1' } }), 401, 'UNAUTHENTICATED');
    const options = await fetch(`${base}${ENDPOINT}`, { method: 'OPTIONS', headers: as('alice') });
    expect(options.headers.get('tus-max-size')).toBe(String(32 * MiB));
    expect((await patch(url, 'alice', 0, Buffer.from('x'))).status).toBe(204);
    const evil = await fetch(url, { method: 'DELETE', headers: { ...as('alice'), origin: 'https://evil.example' } });
    await expectProblem(evil, 403, 'ORIGIN_MISMATCH');
  });

  it("answers 404 to another user's HEAD, PATCH and DELETE, exactly like a missing upload", async () => {
    const { base } = await h.start();
    const url = await createUpload(base, 'alice', 10);
    expect((await patch(url, 'alice', 0, Buffer.from('hello'))).status).toBe(204);
    const missing = `${base}${ENDPOINT}/01h0000000000000000000000a`;
    for (const target of [url, missing]) {
      const head = await fetch(target, { method: 'HEAD', headers: as('bob') });
      expect(head.status).toBe(404);
      expect(head.headers.get('upload-offset')).toBeNull();
      const a = await expectProblem(await patch(target, 'bob', 5, Buffer.from('EVIL!')), 404, 'UPLOAD_NOT_FOUND');
      const b = await expectProblem(await fetch(target, { method: 'DELETE', headers: as('bob') }), 404, 'UPLOAD_NOT_FOUND');
      expect([a.title, a.detail]).toEqual([b.title, b.detail]);
    }
    const head = await fetch(url, { method: 'HEAD', headers: as('alice') });
    expect(head.headers.get('upload-offset')).toBe('5');
    expect(readFileSync(path.join(h.dir, url.split('/').pop()!), 'utf8')).toBe('hello');
    // The owner may cancel: bytes and record go.
    expect((await fetch(url, { method: 'DELETE', headers: as('alice') })).status).toBe(204);
    expect(leftovers(h)).toEqual([]);
    expect(h.repo.pendingBytesOfUser('u-alice')).toBe(0);
  });

  it('passes a refusal from authorize to the client and keeps nothing', async () => {
    const { base } = await h.start();
    const { file } = h.file('refused.bin', 1000);
    const err = await runUpload(file, { endpoint: `${base}${ENDPOINT}`, metadata: { filename: 'refused.txt' } }).catch((e: tus.DetailedError) => e);
    expect(err).toBeInstanceOf(Error);
    const res = (err as tus.DetailedError).originalResponse!;
    expect(res.getStatus()).toBe(403);
    expect(res.getHeader('Content-Type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.getBody())).toMatchObject({ code: 'STORAGE_QUOTA_EXCEEDED', detail: 'Free some space first', remainingBytes: 3, status: 403 });
    await expectProblem(await post(base, 'alice', { 'upload-length': '5' }), 400, 'UPLOAD_FILENAME_REQUIRED');
    expect(leftovers(h)).toEqual([]);
    expect(h.sqlite.prepare('SELECT count(*) AS n FROM file_uploads').get()).toEqual({ n: 0 });
  });

  it('answers the problem of a failing complete() on the last PATCH and discards the upload', async () => {
    const { base } = await h.start();
    const url = await createUpload(base, 'alice', 4, 'clash.txt');
    const res = await patch(url, 'alice', 0, Buffer.from('data'));
    await expectProblem(res, 409, 'FILE_NAME_TAKEN');
    expect(leftovers(h)).toEqual([]);
    expect((await fetch(url, { method: 'HEAD', headers: as('alice') })).status).toBe(404);
  });

  it('completes an empty file right in the POST (201 with Location and the JSON result)', async () => {
    const { base } = await h.start();
    const res = await post(base, 'alice', { 'upload-length': '0', 'upload-metadata': `filename ${b64('空.txt')}` });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(/^\/api\/files\/uploads\/[0-9a-z]{26}$/);
    expect(await res.json()).toEqual({ id: 'f1', name: '空.txt', size: 0 });
    expect(h.completed[0]!.sha256).toBe(sha256(Buffer.alloc(0)));
    expect(leftovers(h)).toEqual([]);
  });

  it('drops an upload whose bytes all arrived but whose completion never ran (crash in between)', async () => {
    const { base } = await h.start();
    const url = await createUpload(base, 'alice', 4);
    writeFileSync(path.join(h.dir, url.split('/').pop()!), 'full');
    expect((await fetch(url, { method: 'HEAD', headers: as('alice') })).status).toBe(404);
    expect(leftovers(h)).toEqual([]);
    expect(h.completed).toEqual([]);
  });

  it('expires stale uploads and orphaned files, keeping recent ones', async () => {
    const { base } = await h.start();
    const stale = await createUpload(base, 'alice', 100);
    expect((await patch(stale, 'alice', 0, Buffer.alloc(10))).status).toBe(204);
    h.clock.advance(DAY - 1000);
    const fresh = await createUpload(base, 'alice', 50);
    writeFileSync(path.join(h.dir, 'orphan-old'), 'x');
    utimesSync(path.join(h.dir, 'orphan-old'), new Date(Date.now() - 2 * DAY), new Date(Date.now() - 2 * DAY));
    writeFileSync(path.join(h.dir, 'orphan-new'), 'x');
    utimesSync(path.join(h.dir, 'orphan-new'), h.clock.now(), h.clock.now());
    expect(h.repo.pendingBytesOfUser('u-alice')).toBe(150);

    h.clock.advance(2000);
    const removed = await expireUploads({ dir: h.dir, uploadsRepo: h.repo, expireAfterMs: DAY }, h.clock.now());
    expect(removed).toBe(1);
    const staleId = stale.split('/').pop()!;
    const freshId = fresh.split('/').pop()!;
    expect(leftovers(h).sort()).toEqual([freshId, `${freshId}.json`, 'orphan-new'].sort());
    expect((await fetch(stale, { method: 'HEAD', headers: as('alice') })).status).toBe(404);
    expect((await fetch(fresh, { method: 'HEAD', headers: as('alice') })).status).toBe(200);
    expect(h.repo.get(staleId)).toBeNull();
    expect(h.repo.pendingBytesOfUser('u-alice')).toBe(50);
  });
});

describe('the size cap', () => {
  let h: Harness;
  beforeEach(async () => {
    h = harness({ maxSize: MiB });
    await h.init();
  });
  afterEach(() => h.dispose());

  it('refuses a declared length over maxSize with 413 FILE_TOO_LARGE, keeping nothing', async () => {
    const { base } = await h.start();
    const body = await expectProblem(await post(base, 'alice', { 'upload-length': String(MiB + 1), 'upload-metadata': `filename ${b64('big.iso')}` }), 413, 'FILE_TOO_LARGE');
    expect(body.maxSize).toBe(MiB);
    expect(h.authorized).toEqual([]);
    const { file } = h.file('big.bin', MiB + 1);
    const err = (await runUpload(file, { endpoint: `${base}${ENDPOINT}`, metadata: { filename: 'big.bin' } }).catch((e: tus.DetailedError) => e)) as tus.DetailedError;
    expect(err.originalResponse!.getStatus()).toBe(413);
    expect(JSON.parse(err.originalResponse!.getBody()).code).toBe('FILE_TOO_LARGE');
    expect(leftovers(h)).toEqual([]);
  });

  it('stops a deferred-length upload at maxSize and discards it', async () => {
    const { base } = await h.start();
    const res = await post(base, 'alice', { 'upload-defer-length': '1', 'upload-metadata': `filename ${b64('stream.bin')}` });
    expect(res.status).toBe(201);
    expect(h.authorized[0]!.size).toBeUndefined();
    const url = `${base}${res.headers.get('location')!}`;
    expect((await patch(url, 'alice', 0, Buffer.alloc(MiB / 2))).status).toBe(204);
    await expectProblem(await patch(url, 'alice', MiB / 2, Buffer.alloc(MiB)), 413, 'FILE_TOO_LARGE');
    expect(leftovers(h)).toEqual([]);
    expect(h.sqlite.prepare('SELECT count(*) AS n FROM file_uploads').get()).toEqual({ n: 0 });
  });
});
