// The notice centre's single permission checkpoint. Who may publish and to whom; who sees a notice (its
// recipients once it is out, its managers); who manages it (its author, and the school-wide publishers: admin,
// principal and the people on the admin's publisher list, who also see every roster). A notice the caller may
// not see — or may not manage, on a managing route — is the same 404 as a missing one.
import type { CurrentUser } from '../../core/request-context.js';
import { PERMISSIONS } from '../org/index.js';
import type { NoticeAudience } from './notices.dto.js';
import { NoticeErrors } from './notices.errors.js';
import type { NoticeRow, NoticesRepo, ReceiptRow } from './notices.repo.js';

type Holder = Pick<CurrentUser, 'id' | 'permissions' | 'scopedPermissions'>;

export interface PublishRights {
  /** The whole school: admin, principal, named school-wide publishers. They also oversee every notice. */
  schoolWide: boolean;
  /** A department head's departments (subtrees expanded). */
  departments: ReadonlySet<string>;
}

export function publishRights(user: Holder, publishers: readonly string[]): PublishRights {
  const schoolWide = user.permissions.has(PERMISSIONS.noticesPublish) || publishers.includes(user.id);
  return { schoolWide, departments: schoolWide ? new Set() : (user.scopedPermissions.get(PERMISSIONS.noticesPublish) ?? new Set()) };
}

export const mayPublish = (r: PublishRights): boolean => r.schoolWide || r.departments.size > 0;

export interface ScopeProblem {
  all: boolean;
  departmentIds: string[];
  userIds: string[];
}

/**
 * What of an audience lies outside the publisher's reach (null: all of it is inside). Roles are not checked
 * here: for a department head they are resolved inside their departments only (notices.audience.ts).
 */
export function outOfScope(rights: PublishRights, audience: NoticeAudience, departmentOf: (userId: string) => string | null): ScopeProblem | null {
  if (rights.schoolWide) return null;
  const inside = (d: string | null) => d !== null && rights.departments.has(d);
  const problem: ScopeProblem = {
    all: audience.all,
    departmentIds: audience.departmentIds.filter((d) => !inside(d)),
    userIds: audience.userIds.filter((u) => !inside(departmentOf(u))),
  };
  return problem.all || problem.departmentIds.length || problem.userIds.length ? problem : null;
}

export interface NoticeAccess {
  notice: NoticeRow;
  /** The caller's receipt when the caller is a recipient of the published notice. */
  receipt: ReceiptRow | null;
  manages: boolean;
}

export function createNoticeAccess(repo: NoticesRepo, publishers: () => readonly string[]) {
  const rights = (user: Holder) => publishRights(user, publishers());

  /** Manages: its author; for anything past a draft, also the school-wide publishers. */
  function manages(user: Holder, notice: NoticeRow): boolean {
    if (notice.authorId === user.id) return true;
    return notice.status !== 'draft' && rights(user).schoolWide;
  }

  return {
    rights,
    manages,
    /** The checkpoint: the notice if the caller may see it ('view') or manage it ('manage'); else NOTICE_NOT_FOUND. */
    accessNoticeById(user: CurrentUser, id: string, need: 'view' | 'manage'): NoticeAccess {
      const notice = repo.notice(id);
      if (!notice) throw NoticeErrors.notFound();
      const manager = manages(user, notice);
      const out = notice.status === 'published' || notice.status === 'withdrawn' ? (repo.receipt(id, user.id) ?? null) : null;
      if (need === 'manage' ? !manager : !manager && !out) throw NoticeErrors.notFound();
      return { notice, receipt: out, manages: manager };
    },
  };
}
export type NoticeAccessCheckpoint = ReturnType<typeof createNoticeAccess>;
