// The signed-in user as every route sees it. Built by the auth module's session resolver,
// consumed by the single access checkpoint in core/access.ts.
export type Role = 'admin' | 'principal' | 'dept_head' | 'staff' | 'it';

export interface RoleGrant {
  role: Role;
  departmentId: string | null;
}

export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  locale: string;
  sessionId: string;
  roles: RoleGrant[];
  /** Permissions held school-wide. */
  permissions: ReadonlySet<string>;
  /** Permissions held only within department subtrees (dept_head): permission → department ids (subtree expanded). */
  scopedPermissions: ReadonlyMap<string, ReadonlySet<string>>;
  mustChangePassword: boolean;
  mustEnrollTotp: boolean;
}

export function can(user: CurrentUser, permission: string, departmentId?: string | null): boolean {
  if (user.permissions.has(permission)) return true;
  if (departmentId === undefined) return false;
  if (departmentId === null) return false;
  return user.scopedPermissions.get(permission)?.has(departmentId) ?? false;
}

/** Has the permission anywhere (school-wide or in some department) — used to show admin pages. */
export function canAnywhere(user: CurrentUser, permission: string): boolean {
  return user.permissions.has(permission) || (user.scopedPermissions.get(permission)?.size ?? 0) > 0;
}

export interface SessionResolver {
  /** Token from the cookie → the user, or null when missing/expired/revoked. Touches last-seen. */
  resolve(token: string, meta: { ip: string; userAgent?: string }): CurrentUser | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
  }
  interface FastifyContextConfig {
    /** Route reachable without a session (sign-in, setup, health). */
    public?: boolean;
    /** Reachable while the user must still change the password / enrol 2FA. */
    onboarding?: boolean;
    /** Permission required anywhere (school-wide or scoped); fine-grained checks stay in access files. */
    permission?: string;
  }
}
