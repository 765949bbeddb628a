// Drafts: what someone typed into a form is kept on this device (per person and form, or per returned
// submission) so leaving the page, a reload or a dead battery loses nothing. Cleared once submitted.
import type { Answers } from '../../../../server/lib/form-schema';

export interface Draft {
  version: number;
  answers: Answers;
  savedAt: string;
}

const PREFIX = 'xb.formDraft';
/** Drafts older than this are not offered again. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

export type DraftTarget = { formId: string } | { submissionId: string };

export function draftKey(userId: string, target: DraftTarget): string {
  return 'formId' in target ? `${PREFIX}.${userId}.f.${target.formId}` : `${PREFIX}.${userId}.s.${target.submissionId}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function loadDraft(key: string, now = Date.now()): Draft | null {
  const s = storage();
  if (!s) return null;
  try {
    const raw = s.getItem(key);
    if (!raw) return null;
    const d = JSON.parse(raw) as Draft;
    if (!d || typeof d !== 'object' || typeof d.answers !== 'object' || d.answers === null || Array.isArray(d.answers)) return null;
    if (now - Date.parse(d.savedAt) > MAX_AGE_MS) {
      s.removeItem(key);
      return null;
    }
    return d;
  } catch {
    return null;
  }
}

/** Keep the answers; an empty form removes the draft instead. Signatures are left out (large, and re-signed anyway). */
export function saveDraft(key: string, version: number, answers: Answers, now = new Date()): void {
  const s = storage();
  if (!s) return;
  const kept: Answers = {};
  for (const [k, v] of Object.entries(answers)) {
    if (typeof v === 'string' && v.startsWith('data:image/')) continue;
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    kept[k] = v;
  }
  try {
    if (Object.keys(kept).length === 0) s.removeItem(key);
    else s.setItem(key, JSON.stringify({ version, answers: kept, savedAt: now.toISOString() } satisfies Draft));
  } catch {
    /* storage full or blocked: the form still works, only without a draft */
  }
}

export function clearDraft(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    /* nothing to clear */
  }
}
