// Documents endpoints used by the files pages (spaces, folders, sharing, versions, trash, search).
// Uploads go through tus (uploads/upload-store.ts); annotations live in preview/preview.api.ts.
import { api, buildUrl } from '../../api/client';
import type {
  Department,
  FileNode,
  FilesPolicy,
  FileVersion,
  FolderListing,
  ListQuery,
  NodeDetail,
  NodePage,
  NodePatch,
  Person,
  QuotaUsage,
  SearchHit,
  Sharing,
  SharingUpdate,
  Spaces,
  TrashItem,
} from '../../api/types';

export type SortKey = NonNullable<ListQuery['sort']>;
export type SortOrder = NonNullable<ListQuery['order']>;

/** The classification filters of GET /api/files (everything in ListQuery but paging, sorting and scope). */
export type FileFilters = Pick<ListQuery, 'docType' | 'departmentId' | 'project' | 'schoolYear' | 'tag' | 'sensitivity'>;

const id = (v: string) => encodeURIComponent(v);

export const filesApi = {
  spaces: () => api.get<Spaces>('/api/files/spaces'),
  createSpace: (name: string) => api.post<FileNode>('/api/files/spaces', { name }, { idempotencyKey: true }),
  folder: (folderId: string, q: { sort?: SortKey; order?: SortOrder; cursor?: string | null; limit?: number; kind?: 'folder' | 'file' } = {}) =>
    api.get<FolderListing>(`/api/files/folders/${id(folderId)}`, { query: q }),
  createFolder: (parentId: string, name: string) => api.post<FileNode>('/api/files/folders', { parentId, name }, { idempotencyKey: true }),
  list: (q: ListQuery) => api.get<NodePage>('/api/files', { query: q }),
  recent: () => api.get<NodePage>('/api/files/recent'),
  search: (q: string, limit = 50) => api.get<{ items: SearchHit[] }>('/api/files/search', { query: { q, limit } }),
  node: (nodeId: string) => api.get<NodeDetail>(`/api/files/nodes/${id(nodeId)}`),
  patch: (nodeId: string, patch: NodePatch) => api.patch<FileNode>(`/api/files/nodes/${id(nodeId)}`, patch),
  remove: (nodeId: string) => api.del(`/api/files/nodes/${id(nodeId)}`),
  versions: (nodeId: string) => api.get<{ items: FileVersion[] }>(`/api/files/nodes/${id(nodeId)}/versions`),
  rollback: (nodeId: string, versionId: string) =>
    api.post<FileVersion>(`/api/files/nodes/${id(nodeId)}/versions/${id(versionId)}/rollback`, undefined, { idempotencyKey: true }),
  sharing: (nodeId: string) => api.get<Sharing>(`/api/files/nodes/${id(nodeId)}/sharing`),
  setSharing: (nodeId: string, body: SharingUpdate) => api.put<Sharing>(`/api/files/nodes/${id(nodeId)}/sharing`, body),
  trash: () => api.get<{ items: TrashItem[] }>('/api/files/trash'),
  restore: (nodeId: string) => api.post<FileNode>(`/api/files/trash/${id(nodeId)}/restore`, undefined, { idempotencyKey: true }),
  purge: (nodeId: string) => api.del(`/api/files/trash/${id(nodeId)}`),
  policy: () => api.get<FilesPolicy>('/api/files/policy'),
  quota: () => api.get<{ items: QuotaUsage[] }>('/api/files/quota'),
  people: (q: string) => api.get<{ items: Person[] }>('/api/org/people', { query: { q, limit: 20 } }),
  departments: () => api.get<{ items: Department[] }>('/api/org/departments'),
};

/** The original bytes (or an older version) as a download. */
export function downloadUrl(nodeId: string, versionId?: string): string {
  return buildUrl(`/api/files/nodes/${id(nodeId)}/content`, { version: versionId });
}

export function thumbnailUrl(versionId: string): string {
  return `/api/files/versions/${id(versionId)}/thumbnail`;
}
