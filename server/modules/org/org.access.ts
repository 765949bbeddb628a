// The single permission checkpoint for org resources. Forbidden and missing give the same 404.
import { can, type CurrentUser } from '../../core/request-context.js';
import { OrgErrors } from './org.errors.js';
import { PERMISSIONS, ROLE_PERMISSIONS, WORK_PERMISSIONS } from './org.permissions.js';
import type { OrgService } from './org.service.js';
import type { Person } from './org.dto.js';

/**
 * A person the user may manage (admin/IT everywhere, a department head inside the department) — and only
 * someone no more powerful than the manager: every permission the target's roles grant must be one the
 * manager holds school-wide. Otherwise resetting a password would hand over a stronger account. Work
 * permissions (building forms, reading their statistics) do not make an account stronger.
 */
export function accessPersonForManage(org: OrgService, user: CurrentUser, personId: string): Person {
  const person = org.person(personId);
  if (!person || !can(user, PERMISSIONS.peopleManage, person.departmentId)) throw OrgErrors.personNotFound();
  const targetPermissions = person.roles.flatMap((r) => ROLE_PERMISSIONS[r.role]).filter((p) => !WORK_PERMISSIONS.has(p));
  if (person.id !== user.id && !targetPermissions.every((p) => user.permissions.has(p))) throw OrgErrors.personNotFound();
  return person;
}

/** Placing someone into a department (create or move) needs the manage right there too. */
export function assertCanPlaceIn(user: CurrentUser, departmentId: string | null | undefined): void {
  if (!can(user, PERMISSIONS.peopleManage, departmentId ?? null)) {
    throw OrgErrors.departmentNotFound('You can only place people in departments you manage');
  }
}
