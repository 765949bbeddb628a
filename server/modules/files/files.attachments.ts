// The documents store as forms use it: answer attachments (who may attach what, what a submission's files
// are) and generated documents filed into the school space (approval archive PDFs). The interface mirrors
// AttachmentsPort in server/modules/forms/forms.ports.ts; it is declared here because files must not import
// forms, and app.ts's wiring checks that the two stay compatible.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CurrentUser } from '../../core/request-context.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { atLeast } from './files.access.js';
import type { BlobStore } from './files.blobs.js';
import type { Checkpoint } from './files.checkpoint.js';
import { indexNode } from './files.indexing.js';
import { alternativeName, cleanName, nameKey } from './files.names.js';
import type { FilesRepo, NodeRow } from './files.repo.js';
import type { VersionsService } from './files.versions.js';

export interface AttachmentInfo {
  id: string;
  name: string;
  size: number | null;
  mime: string | null;
}

export interface AttachmentsPort {
  readable(user: CurrentUser, ids: string[]): Map<string, AttachmentInfo>;
  describe(ids: string[]): Map<string, AttachmentInfo>;
  open(id: string): { path: string; name: string; size: number; mime: string | null } | null;
  fileDocument(input: FileDocumentInput): Promise<string>;
}

export interface FileDocumentInput {
  folders: string[];
  name: string;
  bytes: Uint8Array;
  actorId: string | null;
  /** The top folder, when this call creates it, stops inheriting the school space's "everyone may view": only document managers see it until they share it. */
  closed?: boolean;
}

/**
 * Folders and files the system itself keeps for another module (meeting recordings): a folder of its own below
 * a closed top folder in the school space, readable by the people the owning module names.
 */
export interface SystemFolders {
  /** A new folder `name` below the school-space path `parents` (the top one made closed); never shared by name with another caller. */
  createFolder(parents: string[], name: string, by: string | null): string;
  /** Whether the folder still exists (not binned). */
  folderLive(id: string): boolean;
  /** Replaces the folder's grants with these people (the items below inherit them). */
  setPeople(folderId: string, people: { userId: string; level: 'download' | 'manage' }[], by: string | null): void;
  /** Moves a finished file (same filesystem) into the folder as a new file. */
  fileFromPath(folderId: string, name: string, tempPath: string, by: string | null): Promise<string>;
}

export interface AttachmentsDeps {
  repo: FilesRepo;
  blobs: BlobStore;
  checkpoint: Checkpoint;
  versions: Pick<VersionsService, 'addSystemFile'>;
  clock: Clock;
}

const MAX_IDS = 200;

export function createAttachmentsPort(d: AttachmentsDeps): AttachmentsPort & SystemFolders {
  const { repo } = d;

  /** Live files among `ids` (unknown, binned and folder ids are left out). */
  function liveFiles(ids: string[]): NodeRow[] {
    const unique = [...new Set(ids)].slice(0, MAX_IDS);
    return [...repo.nodes(unique).values()].filter((n) => n.kind === 'file' && !n.deletedAt && n.currentVersionId);
  }

  const info = (n: NodeRow): AttachmentInfo => ({ id: n.id, name: n.name, size: n.size, mime: n.mime });

  /** The school space, made on first use as files.service.ts ensureSpaces() makes it (everyone may view). */
  function schoolSpace(): NodeRow {
    const existing = repo.spaceRoot('school', 'school');
    if (existing) return existing;
    return repo.tx(() => {
      const again = repo.spaceRoot('school', 'school');
      if (again) return again;
      const id = newId();
      const at = d.clock.now().toISOString();
      const name = '全校文件';
      repo.insertNode({
        id, kind: 'folder', parentId: null, ancestors: '/', spaceId: id, spaceKind: 'school', spaceOwner: 'school', name, nameKey: nameKey(name),
        currentVersionId: null, size: null, mime: null, docType: null, departmentId: null, project: null, schoolYear: null, tags: '',
        sensitivity: 'internal', inherit: 1, createdBy: null, createdAt: at, updatedBy: null, updatedAt: at,
      });
      repo.replaceGrants(id, true, [{ subjectType: 'all', subjectId: '', level: 'view' }], null, at);
      indexNode(repo, id);
      return repo.node(id)!;
    });
  }

  /** Like files.service.ts insertFolder, but the system (by = null) may be the creator. */
  function insertFolder(parent: NodeRow, name: string, by: string | null, closed: boolean): NodeRow {
    const id = newId();
    const at = d.clock.now().toISOString();
    repo.insertNode({
      id, kind: 'folder', parentId: parent.id, ancestors: `${parent.ancestors}${parent.id}/`, spaceId: parent.spaceId, spaceKind: parent.spaceKind,
      spaceOwner: parent.spaceOwner, name, nameKey: nameKey(name), currentVersionId: null, size: null, mime: null, docType: null,
      departmentId: parent.departmentId, project: parent.project, schoolYear: parent.schoolYear, tags: '', sensitivity: 'internal', inherit: closed ? 0 : 1,
      createdBy: by, createdAt: at, updatedBy: by, updatedAt: at,
    });
    if (closed) repo.replaceGrants(id, false, [], by, at);
    indexNode(repo, id);
    return repo.node(id)!;
  }

  /** Finds or creates the folder path below the school space; a file in the way is kept and passed by name. */
  function ensureFolders(folders: string[], by: string | null, closed: boolean): NodeRow {
    return repo.tx(() => {
      const root = schoolSpace();
      let parent = root;
      for (const raw of folders) {
        const name = cleanName(raw);
        let n = 1;
        let candidate = name;
        let child = repo.liveChild(parent.id, nameKey(candidate));
        while (child && child.kind !== 'folder') {
          candidate = alternativeName(name, ++n);
          child = repo.liveChild(parent.id, nameKey(candidate));
        }
        parent = child ?? insertFolder(parent, candidate, by, closed && parent === root);
      }
      return parent;
    });
  }

  return {
    readable(user, ids) {
      const nodes = liveFiles(ids);
      const levels = d.checkpoint.levels(d.checkpoint.viewerOf(user), nodes);
      const out = new Map<string, AttachmentInfo>();
      for (const n of nodes) if (atLeast(levels.get(n.id)?.level ?? null, 'download')) out.set(n.id, info(n));
      return out;
    },
    describe(ids) {
      return new Map(liveFiles(ids).map((n) => [n.id, info(n)]));
    },
    open(id) {
      const node = repo.node(id);
      if (!node || node.kind !== 'file' || node.deletedAt || !node.currentVersionId) return null;
      const v = repo.version(node.currentVersionId);
      if (!v) return null;
      return { path: d.blobs.pathOf(v.sha256), name: node.name, size: v.size, mime: v.mime };
    },
    createFolder(parents, rawName, by) {
      return repo.tx(() => {
        const parent = ensureFolders(parents, by, true);
        const name = cleanName(rawName);
        let free = name;
        for (let n = 2; repo.liveChild(parent.id, nameKey(free)); n++) free = alternativeName(name, n);
        return insertFolder(parent, free, by, false).id;
      });
    },
    folderLive(id) {
      const n = repo.node(id);
      return !!n && n.kind === 'folder' && !n.deletedAt;
    },
    setPeople(folderId, people, by) {
      const grants = [...new Map(people.map((p) => [p.userId, p])).values()].map((p) => ({ subjectType: 'user' as const, subjectId: p.userId, level: p.level }));
      repo.tx(() => repo.replaceGrants(folderId, true, grants, by, d.clock.now().toISOString()));
    },
    async fileFromPath(folderId, name, tempPath, by) {
      const node = await d.versions.addSystemFile(folderId, cleanName(name), tempPath, by);
      return node.id;
    },
    async fileDocument({ folders, name, bytes, actorId, closed = false }) {
      const fileName = cleanName(name);
      const folder = ensureFolders(folders, actorId, closed);
      const temp = path.join(d.blobs.tempDir(), `doc-${newId()}`);
      await writeFile(temp, bytes);
      const node = await d.versions.addSystemFile(folder.id, fileName, temp, actorId);
      return node.id;
    },
  };
}
