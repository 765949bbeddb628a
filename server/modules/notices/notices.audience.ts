// Who a notice reaches: the audience resolved to active people, once, at publication. Departments count with
// their sub-departments; roles are their active holders — for a department head only those inside their
// departments (a dept head's "all 处室主任" means the heads below them, not the school's).
import type { RoleName } from '../org/index.js';
import type { NoticeAudience } from './notices.dto.js';
import type { PublishRights } from './notices.access.js';

/** What audiences need from the org chart (OrgService satisfies it). */
export interface AudienceOrg {
  activeUserIds(): string[];
  departmentMemberIds(departmentId: string): string[];
  roleHolders(role: RoleName): { userId: string; departmentId: string | null }[];
  userRow(id: string): { departmentId: string | null; active: boolean } | undefined;
  listDepartments(): { id: string }[];
}

/** Departments that do not exist and people who do not exist or are no longer active. */
export function unknownReferences(audience: NoticeAudience, org: AudienceOrg): { departmentIds: string[]; userIds: string[] } | null {
  const known = new Set(org.listDepartments().map((d) => d.id));
  const departmentIds = audience.departmentIds.filter((d) => !known.has(d));
  const userIds = audience.userIds.filter((u) => org.userRow(u)?.active !== true);
  return departmentIds.length || userIds.length ? { departmentIds, userIds } : null;
}

/** The active people an audience names, each once, in a stable order. */
export function resolveAudience(audience: NoticeAudience, rights: PublishRights, org: AudienceOrg): string[] {
  const out = new Set<string>();
  if (audience.all) for (const id of org.activeUserIds()) out.add(id);
  for (const d of audience.departmentIds) for (const id of org.departmentMemberIds(d)) out.add(id);
  for (const role of audience.roles) {
    for (const h of org.roleHolders(role)) {
      if (!rights.schoolWide) {
        const home = org.userRow(h.userId)?.departmentId ?? null;
        const inside = (home !== null && rights.departments.has(home)) || (h.departmentId !== null && rights.departments.has(h.departmentId));
        if (!inside) continue;
      }
      out.add(h.userId);
    }
  }
  for (const id of audience.userIds) if (org.userRow(id)?.active === true) out.add(id);
  return [...out];
}
