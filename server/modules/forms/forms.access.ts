// The access rules of form definitions, in one place. Pure: callers pass the user and what they know about the
// form; the definitions service turns a refusal into the same 404 as a missing form.
import { can, type CurrentUser } from '../../core/request-context.js';
import { PERMISSIONS } from '../org/index.js';
import type { Audience } from './forms.dto.js';

/** Manages every form of the school (admins). */
export function managesSchool(user: CurrentUser): boolean {
  return user.permissions.has(PERMISSIONS.formsManage);
}

/**
 * May manage a form owned by `ownerDepartmentId`: a school-wide form (null) needs forms.manage school-wide, a
 * department's form needs it school-wide or over that department (its head, scoped to the subtree).
 */
export function canManageOwner(user: CurrentUser, ownerDepartmentId: string | null): boolean {
  if (ownerDepartmentId === null) return managesSchool(user);
  return can(user, PERMISSIONS.formsManage, ownerDepartmentId);
}

/** The departments whose forms the user manages, or 'all'. */
export function managedScope(user: CurrentUser): 'all' | ReadonlySet<string> {
  if (managesSchool(user)) return 'all';
  return user.scopedPermissions.get(PERMISSIONS.formsManage) ?? new Set<string>();
}

/** Where a new form goes when the creator names no owner: school-wide for admins, else the department they head. */
export function defaultOwner(user: CurrentUser): string | null | undefined {
  if (managesSchool(user)) return null;
  const head = user.roles.find((r) => r.role === 'dept_head' && r.departmentId && can(user, PERMISSIONS.formsManage, r.departmentId));
  return head?.departmentId ?? undefined;
}

/** Everyone, or members of the listed departments and of the departments below them. */
export function inAudience(audience: Audience, departmentPath: readonly string[]): boolean {
  if (audience.all) return true;
  return departmentPath.some((d) => audience.departmentIds.includes(d));
}

/**
 * Who may see a form's statistics and export them: its managers, its own admins (named in the builder; they
 * need not hold forms.manage) and holders of forms.stats (school leaders). The statistics routes and the list
 * of forms with statistics both ask here.
 */
export function maySeeStats(user: CurrentUser, form: { ownerDepartmentId: string | null; adminIds: readonly string[] }): boolean {
  return user.permissions.has(PERMISSIONS.formsStats) || form.adminIds.includes(user.id) || canManageOwner(user, form.ownerDepartmentId);
}
