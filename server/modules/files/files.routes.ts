// HTTP routes of the documents store. Thin: schemas here, decisions in the services (access in the checkpoint).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PERMISSIONS } from '../org/index.js';
import type { Content } from './files.content.js';
import {
  FileNode, FileVersion, FilesPolicy, FilesPolicyPatch, FolderCreate, FolderListing, Id, ListQuery, NodeDetail, NodePage, NodePatch, PreviewInfo,
  ProjectSpaceCreate, QuotaSet, QuotaUsage, SearchQuery, SearchResult, Sharing, SharingUpdate, Spaces, TrashItem,
} from './files.dto.js';
import type { FilesPolicyStore } from './files.policy.js';
import type { Search } from './files.search.js';
import type { FilesService } from './files.service.js';
import type { SharingService } from './files.sharing.js';
import type { VersionsService } from './files.versions.js';
import type { QuotaService } from './files.quota.js';

export interface FilesRoutesOptions {
  files: FilesService;
  versions: VersionsService;
  sharing: SharingService;
  content: Content;
  search: Search;
  policy: FilesPolicyStore;
  quota: QuotaService;
}

const IdParams = Type.Object({ id: Id });
const NoContent = { 204: Type.Null() };
const tags = ['files'];

export const filesRoutes: FastifyPluginAsyncTypebox<FilesRoutesOptions> = async (app, o) => {
  app.get('/api/files/spaces', {
    schema: { tags, summary: 'The spaces I can see: school, my own, departments, projects', response: { 200: Spaces } },
    handler: async (req) => o.files.spaces(req.user!),
  });
  app.post('/api/files/spaces', {
    schema: { tags, summary: 'Create a project space (the creator manages it)', body: ProjectSpaceCreate, response: { 201: FileNode } },
    handler: async (req, reply) => reply.code(201).send(o.files.createProjectSpace(req.user!, req.body.name)),
  });
  app.get('/api/files/folders/:id', {
    schema: { tags, summary: 'A folder with its visible contents (folders first)', params: IdParams, querystring: ListQuery, response: { 200: FolderListing } },
    handler: async (req) => o.files.listFolder(req.user!, req.params.id, req.query),
  });
  app.post('/api/files/folders', {
    schema: { tags, summary: 'Create a folder', body: FolderCreate, response: { 201: FileNode } },
    handler: async (req, reply) => reply.code(201).send(o.files.createFolder(req.user!, req.body)),
  });
  app.get('/api/files', {
    schema: { tags, summary: 'Everything I can see, filtered by classification', querystring: ListQuery, response: { 200: NodePage } },
    handler: async (req) => o.files.list(req.user!, req.query),
  });
  app.get('/api/files/recent', {
    schema: { tags, summary: 'Files I opened lately (kept offline by the PWA)', response: { 200: NodePage } },
    handler: async (req) => o.files.recent(req.user!),
  });
  app.get('/api/files/search', {
    schema: { tags, summary: 'Search names, classification and contents (Chinese-aware)', querystring: SearchQuery, response: { 200: SearchResult } },
    handler: async (req) => ({ items: o.search.search(req.user!, req.query.q, req.query.limit ?? 30) }),
  });
  app.get('/api/files/nodes/:id', {
    schema: { tags, summary: 'One file or folder', params: IdParams, response: { 200: NodeDetail } },
    handler: async (req) => o.files.detail(req.user!, req.params.id, { ip: req.ip }),
  });
  app.patch('/api/files/nodes/:id', {
    schema: { tags, summary: 'Rename, move, classify or label', params: IdParams, body: NodePatch, response: { 200: FileNode } },
    handler: async (req) => o.files.update(req.user!, req.params.id, req.body),
  });
  app.delete('/api/files/nodes/:id', {
    schema: { tags, summary: 'Move to the recycle bin (with everything inside)', params: IdParams, response: NoContent },
    handler: async (req, reply) => {
      o.sharing.remove(req.user!, req.params.id);
      return reply.code(204).send(null);
    },
  });
  app.get('/api/files/nodes/:id/versions', {
    schema: { tags, summary: 'Versions, newest first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(FileVersion) }) } },
    handler: async (req) => ({ items: o.versions.list(req.user!, req.params.id) }),
  });
  app.post('/api/files/nodes/:id/versions/:versionId/rollback', {
    schema: { tags, summary: 'Make an old version current again (as a new version)', params: Type.Object({ id: Id, versionId: Id }), response: { 201: FileVersion } },
    handler: async (req, reply) => reply.code(201).send(o.versions.rollback(req.user!, req.params.id, req.params.versionId)),
  });
  app.get('/api/files/nodes/:id/content', {
    schema: {
      tags, summary: 'The bytes of a version (HTTP Range; watermarked when sensitive)', params: IdParams,
      querystring: Type.Object({ version: Type.Optional(Id), inline: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    },
    handler: async (req, reply) => o.content.download(req, reply, req.user!, req.params.id, req.query),
  });
  app.get('/api/files/nodes/:id/preview', {
    schema: { tags, summary: 'How to preview a version', params: IdParams, querystring: Type.Object({ version: Type.Optional(Id) }, { additionalProperties: false }), response: { 200: PreviewInfo } },
    handler: async (req) => o.content.previewInfo(req.user!, req.params.id, req.query.version),
  });
  app.get('/api/files/versions/:id/preview.pdf', {
    schema: { tags, summary: 'The PDF a preview shows', params: IdParams },
    handler: async (req, reply) => o.content.previewPdf(req, reply, req.user!, req.params.id),
  });
  app.get('/api/files/versions/:id/thumbnail', {
    schema: { tags, summary: 'First-page or image thumbnail (webp)', params: IdParams },
    handler: async (req, reply) => o.content.thumbnail(req, reply, req.user!, req.params.id),
  });
  app.get('/api/files/nodes/:id/sharing', {
    schema: { tags, summary: 'Grants on an item and those it inherits', params: IdParams, response: { 200: Sharing } },
    handler: async (req) => o.sharing.get(req.user!, req.params.id),
  });
  app.put('/api/files/nodes/:id/sharing', {
    schema: { tags, summary: 'Replace the grants on an item', params: IdParams, body: SharingUpdate, response: { 200: Sharing } },
    handler: async (req) => o.sharing.update(req.user!, req.params.id, req.body, { ip: req.ip }),
  });
  app.get('/api/files/trash', {
    schema: { tags, summary: 'The recycle bin: what I deleted (everything, for admins)', response: { 200: Type.Object({ items: Type.Array(TrashItem) }) } },
    handler: async (req) => ({ items: o.sharing.trash(req.user!) }),
  });
  app.post('/api/files/trash/:id/restore', {
    schema: { tags, summary: 'Put an item back', params: IdParams, response: { 200: FileNode } },
    handler: async (req) => o.sharing.restore(req.user!, req.params.id),
  });
  app.delete('/api/files/trash/:id', {
    schema: { tags, summary: 'Delete for good (admins)', params: IdParams, response: NoContent },
    config: { permission: PERMISSIONS.filesManage },
    handler: async (req, reply) => {
      o.sharing.purge(req.user!, req.params.id);
      return reply.code(204).send(null);
    },
  });
  app.get('/api/files/policy', {
    schema: { tags, summary: 'Document types, version retention and default quotas', response: { 200: FilesPolicy } },
    handler: async () => o.policy.get(),
  });
  app.patch('/api/files/policy', {
    schema: { tags, summary: 'Change the document rules', body: FilesPolicyPatch, response: { 200: FilesPolicy } },
    config: { permission: PERMISSIONS.filesManage },
    handler: async (req) => o.quota.updatePolicy(req.user!, req.body),
  });
  app.get('/api/files/quota', {
    schema: { tags, summary: 'Space used and left in my spaces', response: { 200: Type.Object({ items: Type.Array(QuotaUsage) }) } },
    handler: async (req) => ({ items: o.quota.mine(req.user!) }),
  });
  app.get('/api/files/quotas', {
    schema: { tags, summary: 'Every space with its usage and limit', response: { 200: Type.Object({ items: Type.Array(QuotaUsage) }) } },
    config: { permission: PERMISSIONS.filesManage },
    handler: async () => ({ items: o.quota.all() }),
  });
  app.put('/api/files/quotas', {
    schema: { tags, summary: 'Set a space’s quota (null: no limit)', body: QuotaSet, response: { 200: QuotaUsage } },
    config: { permission: PERMISSIONS.filesManage },
    handler: async (req) => o.quota.set(req.user!, req.body.spaceId, req.body.limit),
  });
};
