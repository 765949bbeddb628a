// The org chart API contract. Pure: the PWA imports these types too.
import { Type, type Static } from 'typebox';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ROLES = ['admin', 'principal', 'dept_head', 'staff', 'it'] as const;
export const RoleName = Type.Union([Type.Literal('admin'), Type.Literal('principal'), Type.Literal('dept_head'), Type.Literal('staff'), Type.Literal('it')]);
export type RoleName = Static<typeof RoleName>;

export const Id = Type.String({ pattern: '^[0-9a-z]{26}$' });
export const IdParams = Type.Object({ id: Id });

export const Department = Type.Object({
  id: Type.String(),
  name: Type.String(),
  parentId: Nullable(Type.String()),
  headId: Nullable(Type.String()),
  headName: Nullable(Type.String()),
  sortOrder: Type.Integer(),
  memberCount: Type.Integer(),
});
export type Department = Static<typeof Department>;

const DeptName = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^/\\\\<>]+$' });
export const DepartmentCreate = Type.Object(
  { name: DeptName, parentId: Type.Optional(Nullable(Id)), headId: Type.Optional(Nullable(Id)), sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })) },
  { additionalProperties: false },
);
export type DepartmentCreate = Static<typeof DepartmentCreate>;
export const DepartmentPatch = Type.Partial(DepartmentCreate, { additionalProperties: false, minProperties: 1 });
export type DepartmentPatch = Static<typeof DepartmentPatch>;

export const Position = Type.Object({ id: Type.String(), name: Type.String(), rank: Type.Integer() });
export type Position = Static<typeof Position>;
export const PositionCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 50 }), rank: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) },
  { additionalProperties: false },
);

export const RoleGrantInput = Type.Object({ role: RoleName, departmentId: Type.Optional(Nullable(Id)) }, { additionalProperties: false });
export type RoleGrantInput = Static<typeof RoleGrantInput>;
export const RoleGrantView = Type.Object({ role: RoleName, departmentId: Nullable(Type.String()), departmentName: Nullable(Type.String()) });

export const PersonSummary = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  departmentName: Nullable(Type.String()),
  positionName: Nullable(Type.String()),
});
export type PersonSummary = Static<typeof PersonSummary>;

export const Person = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  employeeNo: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  departmentId: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  positionId: Nullable(Type.String()),
  positionName: Nullable(Type.String()),
  supervisorId: Nullable(Type.String()),
  supervisorName: Nullable(Type.String()),
  roles: Type.Array(RoleGrantView),
  active: Type.Boolean(),
  lockedUntil: Nullable(Type.String()),
  totpEnabled: Type.Boolean(),
  createdAt: Type.String(),
});
export type Person = Static<typeof Person>;

export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._-]{2,31}$';
const PersonFields = {
  displayName: Type.String({ minLength: 1, maxLength: 40 }),
  employeeNo: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  email: Type.Optional(Nullable(Type.String({ maxLength: 100, format: 'email' }))),
  departmentId: Type.Optional(Nullable(Id)),
  positionId: Type.Optional(Nullable(Id)),
  supervisorId: Type.Optional(Nullable(Id)),
};
export const PersonCreate = Type.Object(
  { username: Type.String({ pattern: USERNAME_PATTERN }), ...PersonFields, roles: Type.Optional(Type.Array(RoleGrantInput, { maxItems: 10 })) },
  { additionalProperties: false },
);
export type PersonCreate = Static<typeof PersonCreate>;
export const PersonPatch = Type.Partial(Type.Object({ ...PersonFields, active: Type.Boolean() }), { additionalProperties: false, minProperties: 1 });
export type PersonPatch = Static<typeof PersonPatch>;

export const PeopleQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 50 })),
    departmentId: Type.Optional(Id),
    includeInactive: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type PeopleQuery = Static<typeof PeopleQuery>;

export interface ChartNode {
  id: string;
  name: string;
  head: PersonSummary | null;
  memberCount: number;
  members: PersonSummary[];
  children: ChartNode[];
}
/** Nested to any depth; children are serialised as-is (the schema names one level). */
export const ChartNodeSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  head: Nullable(PersonSummary),
  memberCount: Type.Integer(),
  members: Type.Array(PersonSummary),
  children: Type.Array(Type.Unknown()),
});

// ── staff import (the answers of POST /api/org/imports and …/commit) ──
const ImportCells = Type.Object({
  displayName: Type.String(), employeeNo: Type.String(), username: Type.String(), phone: Type.String(), email: Type.String(),
  department: Type.String(), position: Type.String(), supervisor: Type.String(), roles: Type.String(),
});
export const ImportAction = Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('skip'), Type.Literal('error')]);
export type ImportAction = Static<typeof ImportAction>;
export const ImportPreview = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  summary: Type.Object({ total: Type.Integer(), create: Type.Integer(), update: Type.Integer(), skip: Type.Integer(), error: Type.Integer() }),
  /** Departments (as paths) and positions that committing would create. */
  willCreate: Type.Object({ departments: Type.Array(Type.String()), positions: Type.Array(Type.String()) }),
  rows: Type.Array(
    Type.Object({
      row: Type.Integer(),
      data: ImportCells,
      action: ImportAction,
      errors: Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() })),
    }),
  ),
});
export type ImportPreview = Static<typeof ImportPreview>;
export const ImportResult = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  skipped: Type.Integer(),
  failed: Type.Array(Type.Object({ row: Type.Integer(), code: Type.String(), message: Type.String() })),
  /** Initial passwords of the new accounts: shown once, never stored. */
  credentials: Type.Array(Type.Object({ username: Type.String(), displayName: Type.String(), initialPassword: Type.String() })),
});
export type ImportResult = Static<typeof ImportResult>;

export const ROLE_LABELS: Record<RoleName, { 'zh-CN': string; en: string }> = {
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
  principal: { 'zh-CN': '校领导', en: 'School leader' },
  dept_head: { 'zh-CN': '部门负责人', en: 'Department head' },
  staff: { 'zh-CN': '教职工', en: 'Staff' },
  it: { 'zh-CN': '信息中心', en: 'IT' },
};
