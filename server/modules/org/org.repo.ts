// Drizzle queries for the org chart's own tables (departments, positions, users, user_roles).
import { aliasedTable, and, asc, eq, getTableColumns, gt, inArray, like, or, sql, count, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.js';
import { departments, positions, userRoles, users } from './org.tables.js';

export type UserRow = typeof users.$inferSelect;
export type DepartmentRow = typeof departments.$inferSelect;
export type RoleRow = typeof userRoles.$inferSelect;

const supervisors = aliasedTable(users, 'supervisors');

export function createOrgRepo(db: Db) {
  const personSelect = {
    ...getTableColumns(users),
    departmentName: departments.name,
    positionName: positions.name,
    supervisorName: supervisors.displayName,
  };
  type Flat = UserRow & { departmentName: string | null; positionName: string | null; supervisorName: string | null };
  const nest = ({ departmentName, positionName, supervisorName, ...user }: Flat) => ({ user: user as UserRow, departmentName, positionName, supervisorName });
  const personQuery = () =>
    db
      .select(personSelect)
      .from(users)
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .leftJoin(positions, eq(positions.id, users.positionId))
      .leftJoin(supervisors, eq(supervisors.id, users.supervisorId));
  // Hot path (every request resolves its user; /api/auth/me renders one person): prepared once.
  const userStmt = db.select().from(users).where(eq(users.id, sql.placeholder('id'))).prepare();
  const rolesStmt = db.select().from(userRoles).where(eq(userRoles.userId, sql.placeholder('userId'))).prepare();
  const personStmt = personQuery().where(eq(users.id, sql.placeholder('id'))).prepare();

  return {
    db,
    allDepartments: () => db.select().from(departments).orderBy(asc(departments.sortOrder), asc(departments.name)).all(),
    department: (id: string) => db.select().from(departments).where(eq(departments.id, id)).get(),
    memberCounts(): Map<string, number> {
      const rows = db.select({ id: users.departmentId, n: count() }).from(users).where(eq(users.active, true)).groupBy(users.departmentId).all();
      return new Map(rows.filter((r) => r.id).map((r) => [r.id!, r.n]));
    },
    insertDepartment: (row: typeof departments.$inferInsert) => db.insert(departments).values(row).run(),
    updateDepartment: (id: string, set: Partial<typeof departments.$inferInsert>) => db.update(departments).set(set).where(eq(departments.id, id)).run(),
    deleteDepartment: (id: string) => db.delete(departments).where(eq(departments.id, id)).run(),
    departmentHasChildren: (id: string) => !!db.select({ id: departments.id }).from(departments).where(eq(departments.parentId, id)).get(),
    departmentHasMembers: (id: string) => !!db.select({ id: users.id }).from(users).where(eq(users.departmentId, id)).get(),

    allPositions: () => db.select().from(positions).orderBy(sql`${positions.rank} DESC`, asc(positions.name)).all(),
    position: (id: string) => db.select().from(positions).where(eq(positions.id, id)).get(),
    positionByName: (name: string) => db.select().from(positions).where(eq(positions.name, name)).get(),
    insertPosition: (row: typeof positions.$inferInsert) => db.insert(positions).values(row).run(),

    user: (id: string) => userStmt.get({ id }),
    userByUsername: (username: string) => db.select().from(users).where(sql`${users.username} = ${username} COLLATE NOCASE`).get(),
    allUsers: () => db.select().from(users).all(),
    insertUser: (row: typeof users.$inferInsert) => db.insert(users).values(row).run(),
    updateUser: (id: string, set: Partial<typeof users.$inferInsert>) => db.update(users).set(set).where(eq(users.id, id)).run(),
    activeUserIds: () => db.select({ id: users.id }).from(users).where(eq(users.active, true)).all().map((r) => r.id),
    activeMemberIds: (departmentIds: string[]) =>
      departmentIds.length
        ? db.select({ id: users.id }).from(users).where(and(eq(users.active, true), inArray(users.departmentId, departmentIds))).all().map((r) => r.id)
        : [],
    /** Which other user already holds this unique value (case-insensitive for username/email). */
    conflictingUser(field: 'username' | 'employeeNo' | 'phone' | 'email', value: string, exceptId?: string): UserRow | undefined {
      const column = users[field];
      const match = field === 'username' || field === 'email' ? sql`${column} = ${value} COLLATE NOCASE` : eq(column, value);
      return db.select().from(users).where(exceptId ? and(match, sql`${users.id} <> ${exceptId}`) : match).get();
    },

    person(id: string) {
      const row = personStmt.get({ id });
      return row ? nest(row) : undefined;
    },
    people(filter: { q?: string; departmentIds?: string[]; includeInactive?: boolean; after?: { name: string; id: string }; limit: number }) {
      const conditions: (SQL | undefined)[] = [];
      if (!filter.includeInactive) conditions.push(eq(users.active, true));
      if (filter.departmentIds) conditions.push(filter.departmentIds.length ? inArray(users.departmentId, filter.departmentIds) : sql`0`);
      if (filter.q) {
        const pattern = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
        const likeEsc = (c: AnySQLiteColumn) => sql`${c} LIKE ${pattern} ESCAPE '\\'`;
        conditions.push(or(likeEsc(users.displayName), likeEsc(users.username), likeEsc(users.employeeNo), likeEsc(users.phone), like(users.email, pattern)));
      }
      if (filter.after) {
        const { name, id } = filter.after;
        conditions.push(or(gt(users.displayName, name), and(eq(users.displayName, name), gt(users.id, id))));
      }
      return personQuery().where(and(...conditions)).orderBy(asc(users.displayName), asc(users.id)).limit(filter.limit).all().map(nest);
    },

    rolesOf: (userId: string) => rolesStmt.all({ userId }),
    rolesOfMany: (userIds: string[]) => (userIds.length ? db.select().from(userRoles).where(inArray(userRoles.userId, userIds)).all() : []),
    replaceRoles(userId: string, rows: (typeof userRoles.$inferInsert)[]) {
      db.delete(userRoles).where(eq(userRoles.userId, userId)).run();
      if (rows.length) db.insert(userRoles).values(rows).run();
    },
    /** Active holders of a role with the department of each grant (approval routing). */
    roleHolders: (role: string) =>
      db
        .select({ userId: userRoles.userId, departmentId: userRoles.departmentId })
        .from(userRoles)
        .innerJoin(users, eq(users.id, userRoles.userId))
        .where(and(eq(users.active, true), eq(userRoles.role, role)))
        .orderBy(asc(users.displayName), asc(users.id))
        .all(),
    firstAdminId: () =>
      db
        .select({ id: users.id })
        .from(users)
        .innerJoin(userRoles, eq(userRoles.userId, users.id))
        .where(and(eq(users.active, true), eq(userRoles.role, 'admin')))
        .orderBy(asc(users.createdAt))
        .get()?.id,
    activeAdminCount: () =>
      db
        .select({ n: sql<number>`count(DISTINCT ${users.id})` })
        .from(users)
        .innerJoin(userRoles, eq(userRoles.userId, users.id))
        .where(and(eq(users.active, true), eq(userRoles.role, 'admin')))
        .get()?.n ?? 0,
  };
}
export type OrgRepo = ReturnType<typeof createOrgRepo>;
