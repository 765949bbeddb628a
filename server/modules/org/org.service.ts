// Org chart rules: departments (a tree), positions, people, supervisors, roles and what they permit.
// The only writer of departments/positions/users/user_roles.
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { RoleGrant } from '../../core/request-context.js';
import type { AuditService } from '../audit/index.js';
import type { EventBus } from '../../core/events.js';
import './org.events.js';
import { normalizeMobile, isValidChineseName, normalizePersonName, normalizeText } from '../../lib/cn.js';
import type { OrgRepo, UserRow } from './org.repo.js';
import { OrgErrors } from './org.errors.js';
import { ROLE_PERMISSIONS, SCOPED_ROLES } from './org.permissions.js';
import type {
  ChartNode, Department, DepartmentCreate, DepartmentPatch, Person, PersonCreate, PersonPatch, PersonSummary, PeopleQuery, Position, RoleGrantInput, RoleName,
} from './org.dto.js';

/** Credentials live in the auth module; org reaches them through this port (wired in app.ts). */
export interface AccountsPort {
  /** A fresh initial password and its hash (hashing is slow and async, so it happens outside transactions). */
  newInitialPassword(): Promise<{ password: string; hash: string }>;
  saveCredentials(userId: string, passwordHash: string, mustChange: boolean): void;
  unlock(userId: string): void;
  status(userIds: string[]): Map<string, { lockedUntil: string | null; totpEnabled: boolean }>;
  revokeAllSessions(userId: string, reason: string): void;
}

export interface Actor {
  id: string;
  displayName: string;
  ip?: string;
}

type PersonRow = NonNullable<ReturnType<OrgRepo['person']>>;

export function createOrgService(repo: OrgRepo, clock: Clock, audit: AuditService, events: EventBus) {
  let accounts: AccountsPort | null = null;
  const acct = () => {
    if (!accounts) throw new Error('org: accounts port not bound');
    return accounts;
  };
  const now = () => clock.now().toISOString();
  let deptCache: ReturnType<OrgRepo['allDepartments']> | null = null;
  const allDepartments = () => (deptCache ??= repo.allDepartments());
  const invalidate = () => (deptCache = null);

  function subtree(rootId: string): Set<string> {
    const children = new Map<string, string[]>();
    for (const d of allDepartments()) if (d.parentId) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
    const out = new Set<string>();
    const stack = [rootId];
    while (stack.length) {
      const id = stack.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      stack.push(...(children.get(id) ?? []));
    }
    return out;
  }

  function requireDepartment(id: string | null | undefined): void {
    if (id && !allDepartments().some((d) => d.id === id)) throw OrgErrors.departmentNotFound(`No department ${id}`);
  }

  function toPeople(rows: PersonRow[]): Person[] {
    const ids = rows.map((r) => r.user.id);
    const roles = rows.length === 1 ? repo.rolesOf(ids[0]!) : repo.rolesOfMany(ids);
    const status = acct().status(ids);
    const deptNames = new Map(allDepartments().map((d) => [d.id, d.name]));
    return rows.map(({ user, departmentName, positionName, supervisorName }) => ({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      employeeNo: user.employeeNo,
      phone: user.phone,
      email: user.email,
      departmentId: user.departmentId,
      departmentName,
      positionId: user.positionId,
      positionName,
      supervisorId: user.supervisorId,
      supervisorName,
      roles: roles
        .filter((r) => r.userId === user.id)
        .map((r) => ({ role: r.role as RoleName, departmentId: r.departmentId, departmentName: r.departmentId ? (deptNames.get(r.departmentId) ?? null) : null })),
      active: user.active,
      lockedUntil: status.get(user.id)?.lockedUntil ?? null,
      totpEnabled: status.get(user.id)?.totpEnabled ?? false,
      createdAt: user.createdAt,
    }));
  }

  function summary(row: PersonRow): PersonSummary {
    return { id: row.user.id, displayName: row.user.displayName, departmentName: row.departmentName, positionName: row.positionName };
  }

  /** Normalise and check the unique, validated fields of a person. */
  function cleanPersonFields<T extends Partial<PersonCreate & PersonPatch>>(input: T, exceptId?: string): T {
    const out = { ...input };
    // An empty optional field means "none" (forms send '' for a cleared input).
    for (const field of ['employeeNo', 'phone', 'email'] as const) if (out[field] === '') out[field] = null;
    if (out.displayName !== undefined) {
      out.displayName = normalizePersonName(out.displayName);
      if (!isValidChineseName(out.displayName)) throw OrgErrors.invalidName(`“${out.displayName}” is not a valid name`, { field: 'displayName' });
    }
    if (out.phone) {
      const phone = normalizeMobile(out.phone);
      if (!phone) throw OrgErrors.invalidPhone(`${out.phone} is not a mainland mobile number`, { field: 'phone' });
      out.phone = phone;
    }
    if (out.email) out.email = out.email.trim().toLowerCase();
    if (out.username) out.username = out.username.toLowerCase();
    for (const field of ['username', 'employeeNo', 'phone', 'email'] as const) {
      const value = out[field];
      if (value && repo.conflictingUser(field, value, exceptId)) throw OrgErrors.personDuplicate(`${field} ${value} is already used`, { field });
    }
    requireDepartment(out.departmentId);
    if (out.positionId && !repo.position(out.positionId)) throw OrgErrors.positionNotFound();
    if (out.supervisorId) {
      if (!repo.user(out.supervisorId)) throw OrgErrors.personNotFound('Supervisor not found', { field: 'supervisorId' });
      if (exceptId && wouldLoop(exceptId, out.supervisorId)) throw OrgErrors.supervisorCycle();
    }
    return out;
  }

  function wouldLoop(personId: string, supervisorId: string): boolean {
    const seen = new Set<string>();
    for (let id: string | null | undefined = supervisorId; id; id = repo.user(id)?.supervisorId) {
      if (id === personId || seen.has(id)) return true;
      seen.add(id);
    }
    return false;
  }

  function cleanRoles(roles: RoleGrantInput[]): { role: RoleName; departmentId: string | null }[] {
    const seen = new Set<string>();
    const out: { role: RoleName; departmentId: string | null }[] = [];
    for (const r of roles) {
      const departmentId = SCOPED_ROLES.has(r.role) ? (r.departmentId ?? null) : null;
      if (SCOPED_ROLES.has(r.role) && !departmentId) throw OrgErrors.roleScopeRequired();
      requireDepartment(departmentId);
      const key = `${r.role}:${departmentId ?? ''}`;
      if (!seen.has(key)) out.push({ role: r.role, departmentId });
      seen.add(key);
    }
    return out;
  }

  const service = {
    bindAccounts(port: AccountsPort) {
      accounts = port;
    },
    subtree,

    // ── departments ──────────────────────────────────────────────
    listDepartments(): Department[] {
      const counts = repo.memberCounts();
      return allDepartments().map((d) => ({
        id: d.id, name: d.name, parentId: d.parentId, headId: d.headId, headName: d.headId ? (repo.user(d.headId)?.displayName ?? null) : null,
        sortOrder: d.sortOrder, memberCount: counts.get(d.id) ?? 0,
      }));
    },
    department(id: string): Department {
      const d = service.listDepartments().find((x) => x.id === id);
      if (!d) throw OrgErrors.departmentNotFound();
      return d;
    },
    createDepartment(input: DepartmentCreate, actor: Actor | null): Department {
      const name = normalizeText(input.name);
      requireDepartment(input.parentId);
      if (input.headId && !repo.user(input.headId)) throw OrgErrors.personNotFound('Head not found', { field: 'headId' });
      if (allDepartments().some((d) => d.name === name && (d.parentId ?? null) === (input.parentId ?? null))) throw OrgErrors.departmentDuplicate();
      const id = newId();
      const sortOrder = input.sortOrder ?? allDepartments().filter((d) => (d.parentId ?? null) === (input.parentId ?? null)).length * 10;
      repo.insertDepartment({ id, name, parentId: input.parentId ?? null, headId: input.headId ?? null, sortOrder, createdAt: now(), updatedAt: now() });
      invalidate();
      audit.record({ event: 'org.department.created', actor, ip: actor?.ip, target: { type: 'department', id, name } });
      return service.department(id);
    },
    updateDepartment(id: string, patch: DepartmentPatch, actor: Actor | null): Department {
      const current = repo.department(id);
      if (!current) throw OrgErrors.departmentNotFound();
      if (patch.parentId !== undefined && patch.parentId !== null) {
        requireDepartment(patch.parentId);
        if (subtree(id).has(patch.parentId)) throw OrgErrors.departmentCycle();
      }
      if (patch.headId && !repo.user(patch.headId)) throw OrgErrors.personNotFound('Head not found', { field: 'headId' });
      const name = patch.name !== undefined ? normalizeText(patch.name) : current.name;
      const parentId = patch.parentId !== undefined ? patch.parentId : current.parentId;
      if (allDepartments().some((d) => d.id !== id && d.name === name && (d.parentId ?? null) === (parentId ?? null))) throw OrgErrors.departmentDuplicate();
      repo.updateDepartment(id, { ...patch, name, updatedAt: now() });
      invalidate();
      audit.record({ event: 'org.department.updated', actor, ip: actor?.ip, target: { type: 'department', id, name }, details: { ...patch } });
      return service.department(id);
    },
    deleteDepartment(id: string, actor: Actor | null): void {
      const current = repo.department(id);
      if (!current) throw OrgErrors.departmentNotFound();
      if (repo.departmentHasChildren(id) || repo.departmentHasMembers(id)) throw OrgErrors.departmentNotEmpty();
      repo.deleteDepartment(id);
      invalidate();
      audit.record({ event: 'org.department.deleted', actor, ip: actor?.ip, target: { type: 'department', id, name: current.name } });
    },

    // ── positions ────────────────────────────────────────────────
    listPositions: (): Position[] => repo.allPositions().map(({ id, name, rank }) => ({ id, name, rank })),
    createPosition(input: { name: string; rank?: number }, actor: Actor | null): Position {
      const name = normalizeText(input.name);
      if (repo.positionByName(name)) throw OrgErrors.positionDuplicate();
      const id = newId();
      repo.insertPosition({ id, name, rank: input.rank ?? 0, createdAt: now() });
      audit.record({ event: 'org.position.created', actor, ip: actor?.ip, target: { type: 'position', id, name } });
      return { id, name, rank: input.rank ?? 0 };
    },
    ensurePosition(name: string, rank = 0): string {
      return repo.positionByName(name)?.id ?? service.createPosition({ name, rank }, null).id;
    },

    // ── people ───────────────────────────────────────────────────
    listPeople(query: PeopleQuery): { items: Person[]; nextCursor: string | null } {
      const limit = query.limit ?? 50;
      let after: { name: string; id: string } | undefined;
      if (query.cursor) {
        try {
          after = JSON.parse(Buffer.from(query.cursor, 'base64url').toString()) as { name: string; id: string };
        } catch {
          after = undefined;
        }
        if (typeof after?.name !== 'string' || typeof after.id !== 'string') throw OrgErrors.badCursor();
      }
      const rows = repo.people({
        q: query.q?.trim() || undefined,
        departmentIds: query.departmentId ? [...subtree(query.departmentId)] : undefined,
        includeInactive: query.includeInactive,
        after,
        limit: limit + 1,
      });
      const items = toPeople(rows.slice(0, limit));
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify({ name: last.displayName, id: last.id })).toString('base64url') : null };
    },
    person(id: string): Person | null {
      const row = repo.person(id);
      return row ? toPeople([row])[0]! : null;
    },
    personSummary(id: string): PersonSummary | null {
      const row = repo.person(id);
      return row ? summary(row) : null;
    },
    userRow: (id: string): UserRow | undefined => repo.user(id),
    userByUsername: (username: string): UserRow | undefined => repo.userByUsername(username),
    localeOf: (userId: string): 'zh-CN' | 'en' => (repo.user(userId)?.locale === 'en' ? 'en' : 'zh-CN'),

    async createPerson(input: PersonCreate, actor: Actor | null, preset?: { password: string; hash: string; mustChange?: boolean }): Promise<{ person: Person; initialPassword: string }> {
      cleanPersonFields(input);
      const { password: initialPassword, hash } = preset ?? (await acct().newInitialPassword());
      const clean = cleanPersonFields(input); // again: the await above let other writes in
      const roles = cleanRoles(input.roles ?? [{ role: 'staff' }]);
      const id = newId();
      repo.db.transaction(() => {
        repo.insertUser({
          id, username: clean.username, displayName: clean.displayName, employeeNo: clean.employeeNo ?? null, phone: clean.phone ?? null,
          email: clean.email ?? null, departmentId: clean.departmentId ?? null, positionId: clean.positionId ?? null,
          supervisorId: clean.supervisorId ?? null, createdAt: now(), updatedAt: now(),
        });
        repo.replaceRoles(id, roles.map((r) => ({ userId: id, role: r.role, departmentId: r.departmentId, grantedAt: now(), grantedBy: actor?.id ?? null })));
        acct().saveCredentials(id, hash, preset?.mustChange ?? true);
      });
      audit.record({ event: 'org.person.created', actor, ip: actor?.ip, target: { type: 'user', id, name: clean.displayName }, details: { username: clean.username, roles } });
      events.emit('org.person.created', { userId: id, displayName: clean.displayName, actorName: actor?.displayName ?? null });
      return { person: service.person(id)!, initialPassword };
    },

    updatePerson(id: string, patch: PersonPatch, actor: Actor | null): Person {
      const current = repo.user(id);
      if (!current) throw OrgErrors.personNotFound();
      const clean = cleanPersonFields(patch, id);
      if (clean.active === false && current.active && repo.rolesOf(id).some((r) => r.role === 'admin') && repo.activeAdminCount() <= 1) throw OrgErrors.lastAdmin();
      repo.updateUser(id, { ...clean, updatedAt: now() });
      if (clean.active === false && current.active) acct().revokeAllSessions(id, 'deactivated');
      const changed = Object.keys(patch).filter((k) => k !== 'phone' && k !== 'email');
      audit.record({ event: clean.active === false ? 'org.person.deactivated' : 'org.person.updated', actor, ip: actor?.ip, target: { type: 'user', id, name: current.displayName }, details: { changed: Object.keys(patch), values: Object.fromEntries(changed.map((k) => [k, (patch as Record<string, unknown>)[k]])) } });
      return service.person(id)!;
    },

    setRoles(id: string, roles: RoleGrantInput[], actor: Actor | null): Person {
      const current = repo.user(id);
      if (!current) throw OrgErrors.personNotFound();
      const clean = cleanRoles(roles);
      const before = repo.rolesOf(id);
      const losesAdmin = before.some((r) => r.role === 'admin') && !clean.some((r) => r.role === 'admin');
      if (losesAdmin && current.active && repo.activeAdminCount() <= 1) throw OrgErrors.lastAdmin();
      repo.db.transaction(() => {
        repo.replaceRoles(id, clean.map((r) => ({ userId: id, role: r.role, departmentId: r.departmentId, grantedAt: now(), grantedBy: actor?.id ?? null })));
      });
      const key = (r: { role: string; departmentId: string | null }) => `${r.role}@${r.departmentId ?? '*'}`;
      const beforeKeys = new Set(before.map(key));
      const afterKeys = new Set(clean.map(key));
      const deptNames = new Map(allDepartments().map((d) => [d.id, d.name]));
      for (const r of clean) {
        const k = key(r);
        if (beforeKeys.has(k)) continue;
        audit.record({ event: 'org.role.granted', actor, ip: actor?.ip, target: { type: 'user', id, name: current.displayName }, details: { role: k } });
        events.emit('org.role.granted', { userId: id, role: r.role, departmentName: r.departmentId ? (deptNames.get(r.departmentId) ?? null) : null, actorName: actor?.displayName ?? null });
      }
      for (const k of beforeKeys) if (!afterKeys.has(k)) audit.record({ event: 'org.role.revoked', actor, ip: actor?.ip, target: { type: 'user', id, name: current.displayName }, details: { role: k } });
      return service.person(id)!;
    },

    /** A person's own profile edits (language, display name). */
    updateOwnProfile(id: string, patch: { locale?: 'zh-CN' | 'en'; displayName?: string }): void {
      const clean = cleanPersonFields({ displayName: patch.displayName }, id);
      repo.updateUser(id, { ...(patch.locale ? { locale: patch.locale } : {}), ...(clean.displayName ? { displayName: clean.displayName } : {}), updatedAt: now() });
    },

    async resetPassword(id: string, actor: Actor | null): Promise<string> {
      const current = repo.user(id);
      if (!current) throw OrgErrors.personNotFound();
      const { password: initialPassword, hash } = await acct().newInitialPassword();
      acct().saveCredentials(id, hash, true);
      acct().revokeAllSessions(id, 'password_reset');
      audit.record({ event: 'auth.password.reset_by_admin', actor, ip: actor?.ip, target: { type: 'user', id, name: current.displayName } });
      events.emit('org.password.reset', { userId: id, actorName: actor?.displayName ?? null });
      return initialPassword;
    },
    unlock(id: string, actor: Actor | null): Person {
      const current = repo.user(id);
      if (!current) throw OrgErrors.personNotFound();
      acct().unlock(id);
      audit.record({ event: 'auth.account.unlocked', actor, ip: actor?.ip, target: { type: 'user', id, name: current.displayName } });
      return service.person(id)!;
    },

    // ── roles → permissions, topics, chains ──────────────────────
    grants(userId: string): RoleGrant[] {
      return repo.rolesOf(userId).map((r) => ({ role: r.role as RoleName, departmentId: r.departmentId }));
    },
    permissionsOf(grants: RoleGrant[]) {
      const permissions = new Set<string>();
      const scoped = new Map<string, Set<string>>();
      for (const g of grants) {
        const perms = ROLE_PERMISSIONS[g.role as RoleName] ?? [];
        if (SCOPED_ROLES.has(g.role as RoleName) && g.departmentId) {
          const depts = subtree(g.departmentId);
          for (const p of perms) scoped.set(p, new Set([...(scoped.get(p) ?? []), ...depts]));
        } else for (const p of perms) permissions.add(p);
      }
      return { permissions, scopedPermissions: scoped };
    },
    hasAdmin: (): boolean => repo.activeAdminCount() > 0,
    firstAdmin: (): UserRow | undefined => {
      const id = repo.firstAdminId();
      return id ? repo.user(id) : undefined;
    },
    activeUserIds: () => repo.activeUserIds(),
    departmentMemberIds: (departmentId: string) => repo.activeMemberIds([...subtree(departmentId)]),
    /** The Nth-level supervisor (1 = direct), for approval routing. */
    supervisorAt(userId: string, level: number): string | null {
      let id: string | null | undefined = userId;
      for (let i = 0; i < level && id; i++) id = repo.user(id)?.supervisorId;
      return id && id !== userId ? id : null;
    },

    // ── read-only look-ups for approval routing (forms) ──────────
    /** Active holders of a role, each with the department its grant is scoped to (null: school-wide). */
    roleHolders: (role: RoleName): { userId: string; departmentId: string | null }[] => repo.roleHolders(role),
    /** The head named on a department (may be inactive or missing: callers check). */
    departmentHead: (departmentId: string): string | null => allDepartments().find((d) => d.id === departmentId)?.headId ?? null,
    /** The department and its ancestors, nearest first. */
    departmentPath(departmentId: string): string[] {
      const byId = new Map(allDepartments().map((d) => [d.id, d]));
      const out: string[] = [];
      for (let d = byId.get(departmentId); d && !out.includes(d.id); d = d.parentId ? byId.get(d.parentId) : undefined) out.push(d.id);
      return out;
    },
    departmentName: (departmentId: string): string | null => allDepartments().find((d) => d.id === departmentId)?.name ?? null,
    isActive: (userId: string): boolean => repo.user(userId)?.active === true,

    chart(): ChartNode[] {
      const counts = repo.memberCounts();
      const byDept = new Map<string, PersonSummary[]>();
      const everyone = repo.people({ limit: 100_000 });
      const summaries = new Map(everyone.map((r) => [r.user.id, summary(r)]));
      for (const r of everyone) if (r.user.departmentId) byDept.set(r.user.departmentId, [...(byDept.get(r.user.departmentId) ?? []), summary(r)]);
      const depts = allDepartments();
      const build = (parentId: string | null): ChartNode[] =>
        depts
          .filter((d) => (d.parentId ?? null) === parentId)
          .map((d) => {
            const children = build(d.id);
            return {
              id: d.id, name: d.name, head: d.headId ? (summaries.get(d.headId) ?? null) : null,
              memberCount: (counts.get(d.id) ?? 0) + children.reduce((n, c) => n + c.memberCount, 0),
              members: byDept.get(d.id) ?? [], children,
            };
          });
      return build(null);
    },
  };
  return service;
}
export type OrgService = ReturnType<typeof createOrgService>;
