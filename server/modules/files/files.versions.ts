// Versions: uploads become new files or new versions, rollback copies an old version forward, and the
// quota is checked before a byte is accepted and again before a version is recorded.
import type { CurrentUser } from '../../core/request-context.js';
import { newId } from '../../lib/ids.js';
import { atLeast } from './files.access.js';
import type { BlobStore } from './files.blobs.js';
import type { Checkpoint } from './files.checkpoint.js';
import type { FileVersion, SpaceKind, UploadDone, UploadMetadata } from './files.dto.js';
import { FilesErrors } from './files.errors.js';
import { indexNode } from './files.indexing.js';
import { alternativeName, cleanName, nameKey, splitRelativePath } from './files.names.js';
import type { FilesPolicyStore } from './files.policy.js';
import type { FilesRepo, NodeRow, VersionRow } from './files.repo.js';
import type { FilesService } from './files.service.js';
import { sniffMime } from './files.thumbs.js';
import type { Clock } from '../../lib/clock.js';
import { open } from 'node:fs/promises';

export interface VersionsDeps {
  repo: FilesRepo;
  checkpoint: Checkpoint;
  files: FilesService;
  blobs: BlobStore;
  policy: FilesPolicyStore;
  clock: Clock;
  /** Unfinished uploads of this person: their announced bytes count against the quota of the space each targets. */
  pendingUploads: (userId: string) => readonly { meta: Pick<UploadMetadata, 'parentId' | 'fileId'>; size: number | null }[];
  /** A new version exists: previews, thumbnails and text extraction are queued. */
  onNewVersion: (version: VersionRow, node: NodeRow) => void;
}

export function toFileVersion(v: VersionRow, current: string | null, names: Map<string, string>): FileVersion {
  return {
    id: v.id, number: v.number, size: v.size, mime: v.mime, sha256: v.sha256, createdBy: v.createdBy,
    createdByName: v.createdBy ? (names.get(v.createdBy) ?? null) : null, createdAt: v.createdAt, restoredFrom: v.restoredFrom, current: v.id === current,
  };
}

async function readHead(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(4100);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export function createVersionsService(d: VersionsDeps) {
  const { repo, checkpoint } = d;
  const now = () => d.clock.now().toISOString();

  function quotaOf(space: NodeRow): number | null {
    const own = repo.quotaOf(space.id);
    if (own !== undefined) return own;
    const p = d.policy.get();
    const defaults: Partial<Record<SpaceKind, number | null>> = { personal: p.personalQuota, department: p.departmentQuota };
    return defaults[space.spaceKind] ?? null;
  }

  function checkQuota(spaceId: string, userId: string, adding: number): void {
    const space = repo.node(spaceId);
    if (!space) throw FilesErrors.notFound();
    const limit = quotaOf(space);
    if (limit === null) return;
    let pending = 0;
    for (const u of d.pendingUploads(userId)) {
      const target = u.meta.fileId ?? u.meta.parentId;
      if (target && repo.node(target)?.spaceId === spaceId) pending += u.size ?? 0;
    }
    const used = repo.spaceUsage(spaceId) + pending;
    if (used + adding > limit) throw FilesErrors.quotaExceeded(`${space.name}: ${used + adding} of ${limit} bytes`, { used, limit, adding, spaceId });
  }

  /** Where an upload lands, checked as far as it can be before the folders along relativePath exist. */
  function uploadTarget(user: CurrentUser, meta: UploadMetadata): { folder: NodeRow | null; file: NodeRow | null } {
    const viewer = checkpoint.viewerOf(user);
    if (meta.fileId) {
      const r = checkpoint.require(viewer, meta.fileId, 'edit');
      if (r.node.kind !== 'file') throw FilesErrors.notFound();
      return { folder: null, file: r.node };
    }
    if (!meta.parentId) throw FilesErrors.nameInvalid('An upload needs a folder (parentId) or a file (fileId)', { reason: 'target' });
    const r = checkpoint.require(viewer, meta.parentId, 'edit');
    if (r.node.kind !== 'folder') throw FilesErrors.notAFolder();
    return { folder: r.node, file: null };
  }

  function addVersion(node: NodeRow, blob: { sha256: string; size: number }, mime: string, by: string | null, restoredFrom: number | null): VersionRow {
    const at = now();
    repo.insertBlob(blob.sha256, blob.size, at);
    const v: VersionRow = { id: newId(), nodeId: node.id, number: repo.nextVersionNumber(node.id), sha256: blob.sha256, size: blob.size, mime, restoredFrom, createdBy: by, createdAt: at };
    repo.insertVersion(v);
    repo.setCurrent(node.id, v, at);
    return v;
  }

  /** Finds or creates the folders of "a/b/" below `base`. */
  function ensureFolders(user: CurrentUser, base: NodeRow, folders: string[]): NodeRow {
    let parent = base;
    for (const name of folders) {
      const existing = repo.liveChild(parent.id, nameKey(name));
      if (existing && existing.kind === 'folder') parent = checkpoint.require(checkpoint.viewerOf(user), existing.id, 'edit').node;
      else parent = d.files.insertFolder(parent, existing ? alternativeName(name, 2) : name, user.id);
    }
    return parent;
  }

  return {
    quotaOf,
    checkQuota,
    /** Records contents already in the blob store as the node's new current version (inside the caller's transaction). */
    addVersion,
    /** tus creation: refuse early (access, name, quota) so no byte of a refused upload is stored. */
    authorizeUpload(user: CurrentUser, meta: UploadMetadata, size: number | undefined): void {
      cleanName(meta.filename);
      if (meta.relativePath) splitRelativePath(meta.relativePath);
      const { folder, file } = uploadTarget(user, meta);
      checkQuota((folder ?? file)!.spaceId, user.id, size ?? 0);
    },
    /** tus finish: the bytes are complete and fsynced at `filePath`. */
    async completeUpload(user: CurrentUser, meta: UploadMetadata, filePath: string): Promise<UploadDone> {
      const target = uploadTarget(user, meta);
      const path = meta.relativePath ? splitRelativePath(meta.relativePath) : { folders: [], name: cleanName(meta.filename) };
      const mime = sniffMime(await readHead(filePath), path.name);
      checkQuota((target.folder ?? target.file)!.spaceId, user.id, 0);
      const blob = await d.blobs.adopt(filePath);
      const viewer = checkpoint.viewerOf(user);
      const { node, version, newFile } = repo.tx(() => {
        let file = target.file ? checkpoint.require(viewer, target.file.id, 'edit').node : null;
        let created = false;
        if (!file) {
          const folder = ensureFolders(user, checkpoint.require(viewer, target.folder!.id, 'edit').node, path.folders);
          const existing = repo.liveChild(folder.id, nameKey(path.name));
          const existingLevel = existing?.kind === 'file' ? checkpoint.resolve(viewer, existing.id)?.level : undefined;
          if (existing && existingLevel && atLeast(existingLevel, 'edit')) file = existing;
          else {
            // Same name as a folder, or a file this person may not change: keep both under a new name.
            let name = path.name;
            for (let n = 2; repo.liveChild(folder.id, nameKey(name)); n++) name = alternativeName(path.name, n);
            const id = newId();
            const at = now();
            repo.insertNode({
              id, kind: 'file', parentId: folder.id, ancestors: `${folder.ancestors}${folder.id}/`, spaceId: folder.spaceId, spaceKind: folder.spaceKind,
              spaceOwner: folder.spaceOwner, name, nameKey: nameKey(name), currentVersionId: null, size: null, mime: null, docType: null,
              departmentId: folder.departmentId, project: folder.project, schoolYear: folder.schoolYear, tags: '', sensitivity: 'internal', inherit: 1,
              createdBy: user.id, createdAt: at, updatedBy: user.id, updatedAt: at,
            });
            file = repo.node(id)!;
            created = true;
          }
        }
        const v = addVersion(file, blob, mime, user.id, null);
        indexNode(repo, file.id);
        return { node: repo.node(file.id)!, version: v, newFile: created };
      });
      d.onNewVersion(version, node);
      const [described] = d.files.describe(viewer, [node]);
      return { node: described!, version: toFileVersion(version, node.currentVersionId, repo.userNames([user.id])), newFile };
    },
    /**
     * Documents the system makes (approval archive PDFs): the upload path without a person's access or quota
     * check. `tempPath` is adopted into the blob store; a live file of the same name becomes a new version.
     */
    async addSystemFile(folderId: string, name: string, tempPath: string, by: string | null): Promise<NodeRow> {
      const mime = sniffMime(await readHead(tempPath), name);
      const blob = await d.blobs.adopt(tempPath);
      const { node, version } = repo.tx(() => {
        const folder = repo.node(folderId);
        if (!folder || folder.kind !== 'folder' || folder.deletedAt) throw FilesErrors.notFound();
        let file = repo.liveChild(folder.id, nameKey(name));
        if (file?.kind !== 'file') {
          let free = name;
          for (let n = 2; repo.liveChild(folder.id, nameKey(free)); n++) free = alternativeName(name, n);
          const id = newId();
          const at = now();
          repo.insertNode({
            id, kind: 'file', parentId: folder.id, ancestors: `${folder.ancestors}${folder.id}/`, spaceId: folder.spaceId, spaceKind: folder.spaceKind,
            spaceOwner: folder.spaceOwner, name: free, nameKey: nameKey(free), currentVersionId: null, size: null, mime: null, docType: null,
            departmentId: folder.departmentId, project: folder.project, schoolYear: folder.schoolYear, tags: '', sensitivity: 'internal', inherit: 1,
            createdBy: by, createdAt: at, updatedBy: by, updatedAt: at,
          });
          file = repo.node(id)!;
        }
        const v = addVersion(file, blob, mime, by, null);
        indexNode(repo, file.id);
        return { node: repo.node(file.id)!, version: v };
      });
      d.onNewVersion(version, node);
      return node;
    },
    list(user: CurrentUser, id: string): FileVersion[] {
      const r = checkpoint.require(checkpoint.viewerOf(user), id, 'view');
      const rows = repo.versions(id);
      const names = repo.userNames(rows.map((v) => v.createdBy));
      return rows.map((v) => toFileVersion(v, r.node.currentVersionId, names));
    },
    /** Rollback never rewrites history: the old contents become a new, current version. */
    rollback(user: CurrentUser, id: string, versionId: string): FileVersion {
      const viewer = checkpoint.viewerOf(user);
      const { version, node } = repo.tx(() => {
        const r = checkpoint.require(viewer, id, 'edit');
        const old = repo.version(versionId);
        if (!old || old.nodeId !== id) throw FilesErrors.notFound();
        checkQuota(r.node.spaceId, user.id, old.size);
        return { version: addVersion(r.node, { sha256: old.sha256, size: old.size }, old.mime, user.id, old.number), node: repo.node(id)! };
      });
      d.onNewVersion(version, node);
      return toFileVersion(version, version.id, repo.userNames([user.id]));
    },
  };
}
export type VersionsService = ReturnType<typeof createVersionsService>;
