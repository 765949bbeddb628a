// Types and column names shared by the staff-import parser, validator and templates. Pure.
import type { RoleName } from './org.dto.js';

export const STAFF_FIELDS = ['displayName', 'employeeNo', 'username', 'phone', 'email', 'department', 'position', 'supervisor', 'roles'] as const;
export type StaffField = (typeof STAFF_FIELDS)[number];
/** One row's cells by field; '' when the column is missing or the cell is empty. */
export type StaffRowData = Record<StaffField, string>;

/** Column titles of the templates, in order (API contract: 姓名,工号,用户名,手机,邮箱,部门,职务,直属上级,角色). */
export const STAFF_COLUMN_TITLES: Record<StaffField, string> = {
  displayName: '姓名',
  employeeNo: '工号',
  username: '用户名',
  phone: '手机',
  email: '邮箱',
  department: '部门',
  position: '职务',
  supervisor: '直属上级',
  roles: '角色',
};

/** Header aliases, compared after headerKey() (NFKC, lower-case, no spaces/underscores/asterisks/notes in brackets). */
export const STAFF_COLUMN_ALIASES: Record<StaffField, readonly string[]> = {
  displayName: ['姓名', '名字', '教师姓名', '教职工姓名', '员工姓名', '真实姓名', 'name', 'fullname', 'displayname'],
  employeeNo: ['工号', '员工号', '职工号', '教工号', '员工编号', '职工编号', '编号', 'employeeno', 'employeenumber', 'employeeid', 'staffno', 'staffid'],
  username: ['用户名', '账号', '帐号', '登录名', '登录账号', '用户账号', 'username', 'login', 'account', 'userid'],
  phone: ['手机', '手机号', '手机号码', '移动电话', '联系电话', '电话', '联系方式', 'mobile', 'phone', 'mobilephone', 'cellphone', 'tel'],
  email: ['邮箱', '电子邮箱', '电子邮件', '邮件', '邮箱地址', 'email', 'mail', 'emailaddress'],
  department: ['部门', '所属部门', '科室', '处室', 'department', 'dept'],
  position: ['职务', '岗位', '职位', 'position', 'title', 'jobtitle'],
  supervisor: ['直属上级', '上级', '直接上级', '汇报对象', 'supervisor', 'manager', 'reportsto'],
  roles: ['角色', '系统角色', '权限角色', 'roles', 'role'],
};

export const IMPORT_MAX_ROWS = 5000;

export interface RawStaffRow {
  /** The spreadsheet's row number (header row = 1 in a file without title rows). */
  row: number;
  data: StaffRowData;
}

export type ImportProblemCode = 'IMPORT_MISSING_COLUMN' | 'IMPORT_TOO_MANY_ROWS' | 'IMPORT_UNREADABLE' | 'IMPORT_EMPTY';
/** A whole-file problem: when any is returned, rows is empty and the file cannot be previewed. */
export interface ImportProblem {
  code: ImportProblemCode;
  message: string;
}

export type ImportRowErrorCode =
  | 'NAME_REQUIRED' | 'INVALID_NAME' | 'INVALID_EMPLOYEE_NO' | 'INVALID_USERNAME' | 'USERNAME_REQUIRED'
  | 'INVALID_MOBILE' | 'INVALID_EMAIL' | 'DUPLICATE_IN_FILE' | 'DUPLICATE_EXISTING' | 'IDENTITY_CONFLICT'
  | 'UNKNOWN_DEPARTMENT' | 'AMBIGUOUS_DEPARTMENT' | 'INVALID_DEPARTMENT' | 'UNKNOWN_POSITION' | 'INVALID_POSITION'
  | 'UNKNOWN_SUPERVISOR' | 'AMBIGUOUS_SUPERVISOR' | 'SUPERVISOR_SELF' | 'SUPERVISOR_CYCLE' | 'SUPERVISOR_ROW_INVALID'
  | 'UNKNOWN_ROLE' | 'ROLE_NEEDS_DEPARTMENT';

export interface ImportRowError {
  field: StaffField;
  code: ImportRowErrorCode;
  /** zh-CN, for people; the PWA may translate `code` instead. */
  message: string;
}

export type ImportAction = 'create' | 'update' | 'skip' | 'error';

/** What to write for one row; null fields of an update mean "leave unchanged", of a create "none". */
export interface ImportRowPlan {
  /** The person this row updates (matched by employee number, else username); null for a new person. */
  existingId: string | null;
  /** Final username: the row's, the existing person's, or a suggestion (unique in the file and the database). */
  username: string;
  displayName: string;
  employeeNo: string | null;
  phone: string | null;
  email: string | null;
  departmentId: string | null;
  /** When the department does not exist and ctx.createMissingDepartments: its path, parent first ('年级组','高一年级组'). */
  newDepartmentPath: string[] | null;
  positionId: string | null;
  /** When the position does not exist and ctx.createMissingPositions: its name. */
  newPositionName: string | null;
  /** An existing person, or another row of this file (create that row first). */
  supervisor: { existingId: string } | { row: number } | null;
  /** Role codes from the roles column; null when the cell is empty. dept_head is scoped to this row's department. */
  roles: RoleName[] | null;
}

/** One row of the API's ImportPreview (plus `plan`, which the service keeps and does not send). */
export interface ImportPreviewRow {
  row: number;
  /** Normalised cell text (username = the final one, phone = 11 digits when valid). */
  data: StaffRowData;
  action: ImportAction;
  errors: ImportRowError[];
  /** Null exactly when action is 'error'. */
  plan: ImportRowPlan | null;
}

export interface ImportSummary {
  total: number;
  create: number;
  update: number;
  skip: number;
  error: number;
}

/** An existing person as the validator sees them; optional fields only enable 'skip' detection and cycle checks. */
export interface ExistingPerson {
  id: string;
  username: string;
  displayName?: string;
  employeeNo?: string | null;
  phone?: string | null;
  email?: string | null;
  departmentId?: string | null;
  positionId?: string | null;
  supervisorId?: string | null;
  roles?: readonly string[];
}

/** Lookup tables; build them with buildImportContext() so the keys are normalised the same way. */
export interface ImportContext {
  /** key: lower-case username */
  existingByUsername: Map<string, ExistingPerson>;
  /** key: employeeNoKey() (trimmed, upper-case) */
  existingByEmployeeNo: Map<string, ExistingPerson>;
  /** key: 11-digit mobile */
  existingByPhone: Map<string, ExistingPerson>;
  /** key: lower-case e-mail */
  existingByEmail: Map<string, ExistingPerson>;
  /** key: normalizePersonName(displayName); used for supervisors given by name */
  existingByName?: Map<string, ExistingPerson[]>;
  /** key: a department's full path ('年级组/高一年级组') and, when unique, its plain name ('高一年级组') */
  departmentsByName: Map<string, { id: string }>;
  /** plain names that several departments share (they must be given by full path) */
  ambiguousDepartmentNames?: ReadonlySet<string>;
  positionsByName: Map<string, { id: string }>;
  /** role codes that may be granted, e.g. ROLES */
  knownRoles: readonly string[];
  createMissingDepartments?: boolean;
  createMissingPositions?: boolean;
}
