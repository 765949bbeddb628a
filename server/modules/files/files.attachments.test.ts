// The documents store as forms see it, over a real migrated database and blob directory: who may attach
// which file, descriptions and bytes of live files only, and generated documents filed into the school space.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../core/request-context.js';
import { openDatabase, type DbHandle } from '../../db/client.js';
import { migrate } from '../../db/migrator.js';
import { FakeClock } from '../../lib/clock.js';
import type { OrgService } from '../org/index.js';
import { createAttachmentsPort, type AttachmentsPort } from './files.attachments.js';
import { createBlobStore, type BlobStore } from './files.blobs.js';
import { createCheckpoint } from './files.checkpoint.js';
import { createFilesPolicy } from './files.policy.js';
import { createFilesRepo, type FilesRepo } from './files.repo.js';
import { createFilesService } from './files.service.js';
import { createVersionsService } from './files.versions.js';

const person = (id: string, extra: Partial<CurrentUser> = {}): CurrentUser => ({
  id, username: id, displayName: id, departmentId: null, locale: 'zh-CN', sessionId: `s-${id}`, roles: [],
  permissions: new Set(), scopedPermissions: new Map(), mustChangePassword: false, mustEnrollTotp: false, ...extra,
});

const org = { listDepartments: () => [] } as unknown as OrgService;
const audit = { record: () => undefined } as never;

let dir: string;
let db: DbHandle;
let repo: FilesRepo;
let blobs: BlobStore;
let port: AttachmentsPort;
let files: ReturnType<typeof createFilesService>;
let versions: ReturnType<typeof createVersionsService>;
const queued: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xb-attach-'));
  db = openDatabase(dir);
  await migrate(db.sqlite, dir);
  for (const id of ['alice', 'bob']) {
    db.sqlite.prepare(`INSERT INTO users (id, username, display_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(id, id, id, '2026-01-01', '2026-01-01');
  }
  const clock = new FakeClock(new Date('2026-11-28T02:00:00Z'));
  repo = createFilesRepo(db.sqlite);
  blobs = createBlobStore(dir);
  const checkpoint = createCheckpoint(repo, org);
  const policy = createFilesPolicy(db.sqlite, clock);
  files = createFilesService({ repo, checkpoint, org, audit, clock, policy });
  versions = createVersionsService({ repo, checkpoint, files, blobs, policy, clock, pendingUploads: () => [], onNewVersion: (v) => queued.push(v.id) });
  port = createAttachmentsPort({ repo, blobs, checkpoint, versions, clock });
  queued.length = 0;
});

afterEach(() => {
  db.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A file in alice's personal space, uploaded through the port's own filing path. */
async function aliceFile(name: string, bytes: string): Promise<string> {
  files.spaces(person('alice'));
  const space = repo.spaceRoot('personal', 'alice')!;
  const temp = path.join(blobs.tempDir(), `t-${name}`);
  writeFileSync(temp, bytes);
  const id = (await versions.addSystemFile(space.id, name, temp, 'alice')).id;
  queued.length = 0;
  return id;
}

describe('attachments port', () => {
  it('readable: only files the person may download; describe and open: live files regardless of access', async () => {
    const id = await aliceFile('请假条.txt', 'hello');
    expect([...port.readable(person('alice'), [id, 'nope']).keys()]).toEqual([id]);
    expect(port.readable(person('bob'), [id]).size).toBe(0);
    expect(port.describe([id, 'nope']).get(id)).toEqual({ id, name: '请假条.txt', size: 5, mime: 'text/plain' });
    const opened = port.open(id)!;
    expect(readFileSync(opened.path, 'utf8')).toBe('hello');
    expect(opened).toMatchObject({ name: '请假条.txt', size: 5 });

    db.sqlite.prepare(`UPDATE file_nodes SET deleted_at = ? WHERE id = ?`).run('2026-11-28T03:00:00Z', id);
    expect(port.describe([id]).size).toBe(0);
    expect(port.open(id)).toBeNull();
    expect(port.readable(person('alice'), [id]).size).toBe(0);
  });

  it('fileDocument creates the school space and folders, files new versions under the same name, and records no person', async () => {
    const first = await port.fileDocument({ folders: ['审批归档', '请假申请', '2026-11'], name: '0001 请假.pdf', bytes: Buffer.from('%PDF-1.7 one'), actorId: null });
    const again = await port.fileDocument({ folders: ['审批归档', '请假申请', '2026-11'], name: '0001 请假.pdf', bytes: Buffer.from('%PDF-1.7 two'), actorId: null });
    expect(again).toBe(first);
    const node = repo.node(first)!;
    expect(node).toMatchObject({ name: '0001 请假.pdf', spaceKind: 'school', mime: 'application/pdf', createdBy: null, versionNumber: 2 });
    const chain = node.ancestors.split('/').filter(Boolean).map((x) => repo.node(x)!.name);
    expect(chain).toEqual(['全校文件', '审批归档', '请假申请', '2026-11']);
    expect(readFileSync(port.open(first)!.path, 'utf8')).toBe('%PDF-1.7 two');
    expect(queued).toHaveLength(2);
    // Everyone may view the school space; downloading needs more than view.
    expect(files.spaces(person('bob')).school?.id).toBe(node.spaceId);
    const other = await port.fileDocument({ folders: ['审批归档', '请假申请', '2026-12'], name: '0002.pdf', bytes: Buffer.from('%PDF-1.7'), actorId: 'alice' });
    expect(repo.node(other)).toMatchObject({ createdBy: 'alice', spaceId: node.spaceId });
    expect(repo.versions(other)[0]!.createdBy).toBe('alice');
  });

  it('a closed archive is seen by document managers only; folders below inherit that', async () => {
    const id = await port.fileDocument({ folders: ['审批归档', '请假申请', '2026-11'], name: '0001.pdf', bytes: Buffer.from('%PDF-1.7'), actorId: null, closed: true });
    const manager = person('carol', { permissions: new Set(['files.manage']) });
    expect(port.readable(manager, [id]).size).toBe(1);
    expect(port.readable(person('bob'), [id]).size).toBe(0);
    // An open folder next to it still shows the school space's "everyone may view".
    const open = await port.fileDocument({ folders: ['公告'], name: 'a.pdf', bytes: Buffer.from('%PDF-1.7'), actorId: null });
    const checkpoint = createCheckpoint(repo, org);
    expect(checkpoint.levels(checkpoint.viewerOf(person('bob')), [repo.node(open)!]).get(open)?.level).toBe('view');
    expect(checkpoint.levels(checkpoint.viewerOf(person('bob')), [repo.node(id)!]).get(id)?.level ?? null).toBeNull();
  });
});
