// The one access checkpoint of the documents store. Pure: given who is asking and the chain of folders from
// the space root down to the item (with their grants), it answers the effective level — or null, which
// every caller turns into the same 404 as a missing item.
import type { AccessLevel, GrantSubjectType, Sensitivity } from './files.dto.js';
import { ACCESS_LEVELS, SENSITIVITIES } from './files.dto.js';

export interface Viewer {
  id: string;
  /** The viewer's department and every department above it (a dept_tree grant on any of them applies). */
  departments: ReadonlySet<string>;
  departmentId: string | null;
  roles: ReadonlySet<string>;
  /** Holds files.manage school-wide (admin): manages everything that is not 机密. */
  filesAdmin: boolean;
  /** Departments this person heads now (the head manages the department's space; see files.checkpoint.ts). */
  heads?: ReadonlySet<string>;
}

export interface GrantRow {
  subjectType: GrantSubjectType;
  subjectId: string;
  level: AccessLevel;
}

export interface ChainNode {
  id: string;
  inherit: boolean;
  sensitivity: Sensitivity;
  grants: readonly GrantRow[];
}

const rank = (l: AccessLevel) => ACCESS_LEVELS.indexOf(l);
const sensitivityRank = (s: Sensitivity) => SENSITIVITIES.indexOf(s);

export function atLeast(level: AccessLevel | null, wanted: AccessLevel): boolean {
  return level !== null && rank(level) >= rank(wanted);
}

export function maxLevel(a: AccessLevel | null, b: AccessLevel | null): AccessLevel | null {
  if (a === null) return b;
  if (b === null) return a;
  return rank(a) >= rank(b) ? a : b;
}

export function strictest(a: Sensitivity, b: Sensitivity): Sensitivity {
  return sensitivityRank(a) >= sensitivityRank(b) ? a : b;
}

export function subjectMatches(viewer: Viewer, g: Pick<GrantRow, 'subjectType' | 'subjectId'>): boolean {
  switch (g.subjectType) {
    case 'user':
      return g.subjectId === viewer.id;
    case 'dept':
      return g.subjectId === viewer.departmentId;
    case 'dept_tree':
      return viewer.departments.has(g.subjectId);
    case 'role':
      return viewer.roles.has(g.subjectId);
    case 'all':
      return true;
  }
}

/** Grants in force on the last node of the chain: its own, then its folders' up to the first that stops inheritance. */
export function grantsInForce(chain: readonly ChainNode[]): GrantRow[] {
  const out: GrantRow[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    out.push(...chain[i]!.grants);
    if (!chain[i]!.inherit) break;
  }
  return out;
}

/**
 * The item's own label, raised by any 敏感/机密 folder above it. A folder's 内部 (every folder's default,
 * space roots included) does not take 公开 away from an item labelled so: otherwise nothing could be 公开.
 */
export function effectiveSensitivity(chain: readonly ChainNode[]): Sensitivity {
  const own = chain[chain.length - 1]?.sensitivity ?? 'internal';
  return chain.slice(0, -1).reduce<Sensitivity>((s, n) => (needsWatermark(n.sensitivity) ? strictest(s, n.sensitivity) : s), own);
}

/**
 * The level `viewer` holds on the last node of `chain` (root first), or null for no access at all.
 *  - 公开: every signed-in person may at least download.
 *  - 机密: only grants naming the person count — department, role and "everyone" grants are ignored,
 *    and so is the admin's blanket management.
 */
export function accessLevel(viewer: Viewer, chain: readonly ChainNode[]): AccessLevel | null {
  const label = effectiveSensitivity(chain);
  let level: AccessLevel | null = null;
  for (const g of grantsInForce(chain)) {
    if (label === 'secret' && g.subjectType !== 'user') continue;
    if (subjectMatches(viewer, g)) level = maxLevel(level, g.level);
  }
  if (label === 'public') level = maxLevel(level, 'download');
  if (viewer.filesAdmin && label !== 'secret') level = 'manage';
  return level;
}

/** Sensitive and secret items carry the viewer's name and the time on previews and downloads. */
export function needsWatermark(label: Sensitivity): boolean {
  return label === 'sensitive' || label === 'secret';
}
