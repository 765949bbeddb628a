// The approval engine's view of the school (forms.engine.ts Directory): supervisors, departments and their
// heads, role holders and delegations, read from the org service and approval_delegations.
import type { Sqlite } from '../../db/client.js';
import type { OrgService, RoleName } from '../org/index.js';
import { ROLES } from '../org/index.js';
import type { Directory } from './forms.engine.js';
import { localParts } from './forms.time.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' of an instant on the school clock. */
export function localDate(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export interface FormsDirectory extends Directory {
  /** The delegation row of a person, whatever its dates. */
  delegation(userId: string): { delegateId: string; startsOn: string; endsOn: string } | null;
}

export function createDirectory(org: OrgService, sqlite: Sqlite, timeZone: () => string): FormsDirectory {
  const delegationStmt = sqlite.prepare('SELECT delegate_id AS delegateId, starts_on AS startsOn, ends_on AS endsOn FROM approval_delegations WHERE user_id = ?');
  const isRole = (r: string): r is RoleName => (ROLES as readonly string[]).includes(r);

  const dir: FormsDirectory = {
    supervisorAt: (userId, level) => org.supervisorAt(userId, level),
    departmentOf: (userId) => org.userRow(userId)?.departmentId ?? null,
    /** The head named on the department, else on the nearest department above it that names one. */
    headOf(departmentId) {
      for (const id of org.departmentPath(departmentId)) {
        const head = org.departmentHead(id);
        if (head && org.isActive(head)) return head;
      }
      return null;
    },
    /**
     * Holders of a role. dept_head: the heads whose grant is nearest above deptId (a grade's own head before the
     * head of the whole division), none without a department.
     */
    roleHolders(role, deptId) {
      if (!isRole(role)) return [];
      const holders = org.roleHolders(role);
      if (role !== 'dept_head') return [...new Set(holders.map((h) => h.userId))];
      if (deptId === null) return [];
      for (const id of org.departmentPath(deptId)) {
        const here = holders.filter((h) => h.departmentId === id).map((h) => h.userId);
        if (here.length) return [...new Set(here)];
      }
      return [];
    },
    rolesOf: (userId) => [...new Set(org.grants(userId).map((g) => g.role))],
    inDepartmentTree: (deptId, ancestorId) => org.departmentPath(deptId).includes(ancestorId),
    isActive: (userId) => org.isActive(userId),
    delegateOf(userId, at) {
      const row = dir.delegation(userId);
      if (!row) return null;
      const day = localDate(new Date(at), timeZone());
      return day >= row.startsOn && day <= row.endsOn ? row.delegateId : null;
    },
    delegation: (userId) => (delegationStmt.get(userId) as { delegateId: string; startsOn: string; endsOn: string } | undefined) ?? null,
  };
  return dir;
}

/**
 * The same directory with answers remembered for one engine call: a flow asks for the same role holders,
 * heads and activity again and again while it resolves and activates steps.
 */
export function memoized(dir: Directory): Directory {
  const cache = new Map<string, unknown>();
  const m = <A extends (string | number | null)[], R>(name: string, f: (...args: A) => R) => (...args: A): R => {
    const key = `${name}|${args.join('|')}`;
    if (!cache.has(key)) cache.set(key, f(...args));
    return cache.get(key) as R;
  };
  return {
    supervisorAt: m('supervisorAt', dir.supervisorAt),
    departmentOf: m('departmentOf', dir.departmentOf),
    headOf: m('headOf', dir.headOf),
    roleHolders: m('roleHolders', dir.roleHolders),
    rolesOf: m('rolesOf', dir.rolesOf),
    inDepartmentTree: m('inDepartmentTree', dir.inDepartmentTree),
    isActive: m('isActive', dir.isActive),
    delegateOf: m('delegateOf', dir.delegateOf),
  };
}
