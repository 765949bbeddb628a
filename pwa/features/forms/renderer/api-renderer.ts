// What the form renderer fetches: people and departments for the pickers, the personal space for uploads,
// and file details for attachments already in the answers. Answers are cached for the page's lifetime.
import { api } from '../../../api/client';
import type { Department, NodeDetail, Person, Spaces } from '../../../api/types';

const enc = encodeURIComponent;

let departments: Promise<Department[]> | null = null;
let personal: Promise<string> | null = null;
const people = new Map<string, Promise<Person | null>>();
const nodes = new Map<string, Promise<NodeDetail['node'] | null>>();

/** Names learnt from searches and refs, so chips show names without another request. */
export const personNames = new Map<string, string>();

export const rendererApi = {
  /** Staff directory search (any signed-in person may search active staff). */
  searchPeople: async (q: string, signal?: AbortSignal): Promise<Person[]> => {
    const res = await api.get<{ items: Person[] }>('/api/org/people', { query: { q: q.trim() || undefined, limit: 8 }, signal });
    for (const p of res.items) personNames.set(p.id, p.displayName);
    return res.items;
  },
  person: (id: string): Promise<Person | null> => {
    let p = people.get(id);
    if (!p) {
      p = api.get<Person>(`/api/org/people/${enc(id)}`).catch(() => null);
      people.set(id, p);
    }
    return p;
  },
  departments: (): Promise<Department[]> => {
    departments ??= api
      .get<{ items: Department[] }>('/api/org/departments')
      .then((r) => r.items)
      .catch((e: unknown) => {
        departments = null;
        throw e;
      });
    return departments;
  },
  /** The id of the person's own space: form attachments are uploaded there. */
  personalSpaceId: (): Promise<string> => {
    personal ??= api
      .get<Spaces>('/api/files/spaces')
      .then((s) => s.personal.id)
      .catch((e: unknown) => {
        personal = null;
        throw e;
      });
    return personal;
  },
  node: (id: string): Promise<NodeDetail['node'] | null> => {
    let n = nodes.get(id);
    if (!n) {
      n = api
        .get<NodeDetail>(`/api/files/nodes/${enc(id)}`)
        .then((d) => d.node)
        .catch(() => {
          nodes.delete(id);
          return null;
        });
      nodes.set(id, n);
    }
    return n;
  },
  rememberNode: (node: NodeDetail['node']) => nodes.set(node.id, Promise.resolve(node)),
};

export const thumbnailUrl = (versionId: string) => `/api/files/versions/${enc(versionId)}/thumbnail`;
export const contentUrl = (nodeId: string) => `/api/files/nodes/${enc(nodeId)}/content`;
