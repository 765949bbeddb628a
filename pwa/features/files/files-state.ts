// State shared by the files pages: the document policy (doc types), departments for pickers, the remembered
// view settings, and a per-folder change counter that makes open listings reload (after uploads, realtime).
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Department, FilesPolicy } from '../../api/types';
import { onRealtimeEvent } from '../../state/realtime';
import { filesApi, type SortKey, type SortOrder } from './files.api';

export const policy = signal<FilesPolicy | null>(null);
let policyLoading: Promise<void> | null = null;

export function usePolicy(): FilesPolicy | null {
  useEffect(() => {
    if (!policy.value && !policyLoading) {
      policyLoading = filesApi
        .policy()
        .then((p) => void (policy.value = p))
        .catch(() => undefined)
        .finally(() => (policyLoading = null));
    }
  }, []);
  return policy.value;
}

export const fileDepartments = signal<Department[] | null>(null);

export function useFileDepartments(): Department[] | null {
  useEffect(() => {
    if (!fileDepartments.value) {
      filesApi
        .departments()
        .then((r) => void (fileDepartments.value = r.items))
        .catch(() => undefined);
    }
  }, []);
  return fileDepartments.value;
}

/** folderId → a counter bumped whenever something in that folder changed. */
export const folderChanges = signal<Record<string, number>>({});

export function folderChanged(folderId: string | null | undefined): void {
  if (!folderId) return;
  folderChanges.value = { ...folderChanges.value, [folderId]: (folderChanges.value[folderId] ?? 0) + 1 };
}

let realtimeHooked = false;
/** Live refresh: the server says a folder the user listed has changed. */
export function hookFilesRealtime(): void {
  if (realtimeHooked) return;
  realtimeHooked = true;
  onRealtimeEvent('files.changed', (data) => folderChanged((data as { folderId?: string } | null)?.folderId));
}

// ── remembered view settings (this device) ──────────────────────────
export type ViewMode = 'list' | 'grid';
export interface ViewPrefs {
  mode: ViewMode;
  sort: SortKey;
  order: SortOrder;
}

const PREFS_KEY = 'xb.files.view';
const DEFAULT_PREFS: ViewPrefs = { mode: 'list', sort: 'name', order: 'asc' };

function readPrefs(): ViewPrefs {
  try {
    const raw = JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as Partial<ViewPrefs>;
    return {
      mode: raw.mode === 'grid' ? 'grid' : 'list',
      sort: raw.sort && ['name', 'updated', 'size', 'type'].includes(raw.sort) ? raw.sort : DEFAULT_PREFS.sort,
      order: raw.order === 'desc' ? 'desc' : 'asc',
    };
  } catch {
    return DEFAULT_PREFS;
  }
}

export const viewPrefs = signal<ViewPrefs>(readPrefs());

export function setViewPrefs(patch: Partial<ViewPrefs>): void {
  viewPrefs.value = { ...viewPrefs.value, ...patch };
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify(viewPrefs.value));
  } catch {
    /* private mode: remembered for this visit */
  }
}
