// The preview page's calls: the file, its versions and preview, annotations and their threads.
import { api, buildUrl } from '../../../api/client';
import type { Annotation, AnnotationCreate, AnnotationPatch, FileVersion, NodeDetail, Person, PreviewInfo } from '../../../api/types';

export type AssignedFilter = 'open' | 'resolved' | 'all';

const node = (id: string) => `/api/files/nodes/${encodeURIComponent(id)}`;
const annotation = (id: string) => `/api/files/annotations/${encodeURIComponent(id)}`;

export const previewApi = {
  node: (id: string, signal?: AbortSignal) => api.get<NodeDetail>(node(id), { signal }),
  versions: (id: string, signal?: AbortSignal) => api.get<{ items: FileVersion[] }>(`${node(id)}/versions`, { signal }),
  preview: (id: string, version: string | null, signal?: AbortSignal) =>
    api.get<PreviewInfo>(`${node(id)}/preview`, { query: { version }, signal }),
  /** The original bytes (a download; watermarked by the server when the file is sensitive). */
  contentUrl: (id: string, version: string | null) => buildUrl(`${node(id)}/content`, { version }),

  annotations: (fileId: string, signal?: AbortSignal) => api.get<{ items: Annotation[] }>(`${node(fileId)}/annotations`, { signal }),
  create: (fileId: string, body: AnnotationCreate) => api.post<Annotation>(`${node(fileId)}/annotations`, body, { idempotencyKey: true }),
  patch: (id: string, body: AnnotationPatch) => api.patch<Annotation>(annotation(id), body),
  remove: (id: string) => api.del(annotation(id)),
  reply: (id: string, body: string) => api.post<Annotation>(`${annotation(id)}/replies`, { body }, { idempotencyKey: true }),
  assigned: (status: AssignedFilter, signal?: AbortSignal) =>
    api.get<{ items: Annotation[] }>('/api/files/annotations/assigned', { query: { status }, signal }),

  people: (q: string, signal?: AbortSignal) => api.get<{ items: Person[] }>('/api/org/people', { query: { q, limit: 8 }, signal }),
};

/** The deep link to one annotation (also what the assignment notice in the inbox links to). */
export function annotationLink(a: Pick<Annotation, 'fileId' | 'versionId' | 'id'>): string {
  return buildUrl(`/files/p/${encodeURIComponent(a.fileId)}`, { v: a.versionId, a: a.id });
}
