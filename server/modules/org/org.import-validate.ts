// Checking parsed staff rows against each other and the school's data; decides create/update/skip/error. Pure.
import {
  isValidChineseName, isValidEmail, normalizeEmail, normalizeMobile, normalizePersonName, normalizeText,
  normalizeUsername, suggestUsername, USERNAME_RE,
} from '../../lib/cn.js';
import { ROLES, ROLE_LABELS, type RoleName } from './org.dto.js';
import type {
  ExistingPerson, ImportContext, ImportPreviewRow, ImportRowError, ImportRowPlan, ImportSummary, RawStaffRow, StaffField, StaffRowData,
} from './org.import-types.js';

const EMPLOYEE_NO = /^[A-Za-z0-9_-]{1,32}$/;
const FIELD_LABEL: Record<StaffField, string> = {
  displayName: '姓名', employeeNo: '工号', username: '用户名', phone: '手机号', email: '邮箱',
  department: '部门', position: '职务', supervisor: '直属上级', roles: '角色',
};

export const employeeNoKey = (s: string | null | undefined): string => normalizeText(s).toUpperCase();
/** '年级组 / 高一年级组', '年级组＞高一年级组', '年级组\高一年级组' → '年级组/高一年级组'. */
const departmentPath = (s: string): string[] => normalizeText(s).split(/\s*[/\\>＞→]\s*/).filter(Boolean);

// ---------------------------------------------------------------------------------------------
// Roles

const ROLE_ALIASES = new Map<string, RoleName>();
for (const role of ROLES) {
  ROLE_ALIASES.set(role, role);
  ROLE_ALIASES.set(ROLE_LABELS[role]['zh-CN'], role);
  ROLE_ALIASES.set(ROLE_LABELS[role].en.toLowerCase().replace(/\s+/g, ''), role);
}
for (const [alias, role] of [
  ['管理员', 'admin'], ['administrator', 'admin'], ['系统管理', 'admin'], ['领导', 'principal'], ['校级领导', 'principal'],
  ['leader', 'principal'], ['负责人', 'dept_head'], ['部门领导', 'dept_head'], ['depthead', 'dept_head'], ['head', 'dept_head'],
  ['教师', 'staff'], ['员工', 'staff'], ['职工', 'staff'], ['teacher', 'staff'], ['信息管理员', 'it'], ['网管', 'it'],
] as const) ROLE_ALIASES.set(alias, role);

/** '教职工、部门负责人' / 'staff, dept_head' → codes; unknown names are returned separately. */
export function parseRoles(text: string, knownRoles: readonly string[] = ROLES): { roles: RoleName[]; unknown: string[] } {
  const roles: RoleName[] = [];
  const unknown: string[] = [];
  const lookup = (token: string) => ROLE_ALIASES.get(token.toLowerCase()) ?? ROLE_ALIASES.get(token.toLowerCase().replace(/[\s_-]/g, ''));
  // 'School leader' is one role; '教职工 部门负责人' is two.
  const tokens = normalizeText(text).split(/\s*[,，、;；|/]\s*/).filter(Boolean).flatMap((t) => (lookup(t) ? [t] : t.split(' ')));
  for (const token of tokens) {
    const role = lookup(token);
    if (!role || !knownRoles.includes(role)) unknown.push(token);
    else if (!roles.includes(role)) roles.push(role);
  }
  return { roles, unknown };
}

// ---------------------------------------------------------------------------------------------
// Context

/** Build the lookup maps with the same key normalisation the validator uses. */
export function buildImportContext(input: {
  people: readonly ExistingPerson[];
  departments: readonly { id: string; name: string; parentId: string | null }[];
  positions: readonly { id: string; name: string }[];
  knownRoles?: readonly string[];
  createMissingDepartments?: boolean;
  createMissingPositions?: boolean;
}): ImportContext {
  const ctx: ImportContext = {
    existingByUsername: new Map(), existingByEmployeeNo: new Map(), existingByPhone: new Map(), existingByEmail: new Map(),
    existingByName: new Map(), departmentsByName: new Map(), positionsByName: new Map(),
    knownRoles: input.knownRoles ?? ROLES,
    createMissingDepartments: input.createMissingDepartments ?? false,
    createMissingPositions: input.createMissingPositions ?? false,
  };
  for (const p of input.people) {
    ctx.existingByUsername.set(normalizeUsername(p.username), p);
    if (p.employeeNo) ctx.existingByEmployeeNo.set(employeeNoKey(p.employeeNo), p);
    const phone = normalizeMobile(p.phone);
    if (phone) ctx.existingByPhone.set(phone, p);
    if (p.email) ctx.existingByEmail.set(normalizeEmail(p.email), p);
    if (p.displayName) {
      const key = normalizePersonName(p.displayName);
      ctx.existingByName!.set(key, [...(ctx.existingByName!.get(key) ?? []), p]);
    }
  }
  const byId = new Map(input.departments.map((d) => [d.id, d]));
  const pathOf = (id: string): string[] => {
    const out: string[] = [];
    for (let d = byId.get(id), guard = 0; d && guard < 100; d = d.parentId ? byId.get(d.parentId) : undefined, guard++) out.unshift(normalizeText(d.name));
    return out;
  };
  const nameCount = new Map<string, number>();
  for (const d of input.departments) nameCount.set(normalizeText(d.name), (nameCount.get(normalizeText(d.name)) ?? 0) + 1);
  const ambiguous = new Set<string>();
  for (const d of input.departments) {
    const name = normalizeText(d.name);
    ctx.departmentsByName.set(pathOf(d.id).join('/'), { id: d.id });
    if (nameCount.get(name) === 1) ctx.departmentsByName.set(name, { id: d.id });
    else ambiguous.add(name);
  }
  ctx.ambiguousDepartmentNames = ambiguous;
  for (const p of input.positions) ctx.positionsByName.set(normalizeText(p.name), { id: p.id });
  return ctx;
}

// ---------------------------------------------------------------------------------------------
// Validation

/**
 * New departments named by a partial path in one row and a full path in another are one department:
 * '高一年级组' next to '年级组/高一年级组' means the latter (when exactly one new path ends that way).
 */
function unifyNewDepartments(work: Work[]): void {
  const fullPaths = [...new Set(work.map((w) => w.plan.newDepartmentPath?.join('/')).filter((p): p is string => !!p))];
  for (const w of work) {
    const mine = w.plan.newDepartmentPath?.join('/');
    if (!mine) continue;
    const longer = fullPaths.filter((p) => p !== mine && p.endsWith(`/${mine}`));
    if (longer.length === 1) w.plan.newDepartmentPath = longer[0]!.split('/');
  }
}

interface Work {
  row: number;
  data: StaffRowData;
  errors: ImportRowError[];
  existing: ExistingPerson | null;
  plan: ImportRowPlan;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function unchanged(w: Work, ctxExisting: ExistingPerson): boolean {
  const { plan, data } = w;
  const e = ctxExisting;
  if (e.displayName === undefined || normalizePersonName(e.displayName) !== plan.displayName) return false;
  if (plan.employeeNo !== null && (e.employeeNo === undefined || employeeNoKey(e.employeeNo) !== employeeNoKey(plan.employeeNo))) return false;
  if (plan.phone !== null && (e.phone === undefined || normalizeMobile(e.phone) !== plan.phone)) return false;
  if (plan.email !== null && (e.email === undefined || normalizeEmail(e.email) !== plan.email)) return false;
  if (data.department && (plan.departmentId === null || e.departmentId !== plan.departmentId)) return false;
  if (data.position && (plan.positionId === null || e.positionId !== plan.positionId)) return false;
  if (plan.supervisor && !('existingId' in plan.supervisor && e.supervisorId === plan.supervisor.existingId)) return false;
  if (plan.roles && (e.roles === undefined || !sameSet(plan.roles, e.roles))) return false;
  return true;
}

/**
 * Check parsed rows and decide each row's action. Rows are matched to existing people by employee
 * number, else by username; a matched row is an 'update' ('skip' when nothing given differs, which
 * needs the optional fields of ExistingPerson). Empty cells of an update leave values unchanged.
 */
export function validateStaffRows(rows: readonly RawStaffRow[], ctx: ImportContext): ImportPreviewRow[] {
  const work: Work[] = rows.map(({ row, data: raw }) => {
    const phone = normalizeMobile(raw.phone);
    const data: StaffRowData = {
      displayName: normalizePersonName(raw.displayName),
      employeeNo: normalizeText(raw.employeeNo),
      username: normalizeUsername(raw.username),
      phone: phone ?? normalizeText(raw.phone),
      email: normalizeEmail(raw.email),
      department: departmentPath(raw.department).join('/'),
      position: normalizeText(raw.position),
      supervisor: normalizeText(raw.supervisor),
      roles: normalizeText(raw.roles),
    };
    const plan: ImportRowPlan = {
      existingId: null, username: data.username, displayName: data.displayName, employeeNo: data.employeeNo || null,
      phone, email: data.email || null, departmentId: null, newDepartmentPath: null, positionId: null, newPositionName: null,
      supervisor: null, roles: null,
    };
    return { row, data, errors: [], existing: null, plan };
  });
  const err = (w: Work, field: StaffField, code: ImportRowError['code'], message: string) => w.errors.push({ field, code, message });

  // Duplicates within the file: later rows are in error, naming the first.
  const keyers: [StaffField, (w: Work) => string][] = [
    ['employeeNo', (w) => employeeNoKey(w.data.employeeNo)],
    ['username', (w) => w.data.username],
    ['phone', (w) => w.plan.phone ?? ''],
    ['email', (w) => w.data.email],
  ];
  for (const [field, key] of keyers) {
    const first = new Map<string, number>();
    for (const w of work) {
      const k = key(w);
      if (!k) continue;
      const at = first.get(k);
      if (at === undefined) first.set(k, w.row);
      else err(w, field, 'DUPLICATE_IN_FILE', `${FIELD_LABEL[field]}“${w.data[field]}”与第 ${at} 行重复`);
    }
  }

  const taken = new Set<string>([...ctx.existingByUsername.keys(), ...work.map((w) => w.data.username).filter(Boolean)]);
  const holder = (p: ExistingPerson) => (p.displayName ? `${p.displayName}（${p.username}）` : p.username);

  for (const w of work) {
    const { data, plan } = w;
    if (!data.displayName) err(w, 'displayName', 'NAME_REQUIRED', '姓名不能为空');
    else if (!isValidChineseName(data.displayName)) err(w, 'displayName', 'INVALID_NAME', `姓名“${data.displayName}”格式不正确（2–20 个汉字，少数民族姓名可用“·”分隔，外籍教师可用英文名）`);
    if (data.employeeNo && !EMPLOYEE_NO.test(data.employeeNo)) err(w, 'employeeNo', 'INVALID_EMPLOYEE_NO', `工号“${data.employeeNo}”只能包含字母、数字、“-”和“_”，最多 32 位`);
    if (data.username && !USERNAME_RE.test(data.username)) err(w, 'username', 'INVALID_USERNAME', `用户名“${data.username}”格式不正确（3–32 位小写字母、数字、“.”、“_”或“-”）`);
    if (data.phone && !plan.phone) err(w, 'phone', 'INVALID_MOBILE', `手机号“${data.phone}”不是有效的 11 位手机号码`);
    if (data.email && !isValidEmail(data.email)) err(w, 'email', 'INVALID_EMAIL', `邮箱“${data.email}”格式不正确`);

    // Which existing person is this?
    const byNo = data.employeeNo ? ctx.existingByEmployeeNo.get(employeeNoKey(data.employeeNo)) : undefined;
    const byUser = data.username ? ctx.existingByUsername.get(data.username) : undefined;
    if (byNo && byUser && byNo.id !== byUser.id) {
      err(w, 'username', 'IDENTITY_CONFLICT', `工号“${data.employeeNo}”属于${holder(byNo)}，而用户名“${data.username}”属于${holder(byUser)}`);
    } else if (byNo && data.username && normalizeUsername(byNo.username) !== data.username) {
      err(w, 'username', 'IDENTITY_CONFLICT', `工号“${data.employeeNo}”已属于账号“${byNo.username}”，与填写的用户名“${data.username}”不一致`);
    }
    w.existing = byNo ?? byUser ?? null;
    plan.existingId = w.existing?.id ?? null;
    for (const [field, map, value] of [['phone', ctx.existingByPhone, plan.phone], ['email', ctx.existingByEmail, plan.email]] as const) {
      const other = value ? map.get(value) : undefined;
      if (other && other.id !== plan.existingId) err(w, field, 'DUPLICATE_EXISTING', `${FIELD_LABEL[field]}“${value}”已被${holder(other)}使用`);
    }

    // Department and position.
    if (data.department) {
      const segments = data.department.split('/');
      let found = ctx.departmentsByName.get(data.department);
      let ambiguous = ctx.ambiguousDepartmentNames?.has(data.department) ?? false;
      if (!found && !ambiguous && segments.length > 1) {
        // A partial path: '高二年级组/语文组' for '年级组/高二年级组/语文组'.
        const ids = new Set([...ctx.departmentsByName].filter(([k]) => k.endsWith(`/${data.department}`)).map(([, d]) => d.id));
        if (ids.size === 1) found = { id: [...ids][0]! };
        ambiguous = ids.size > 1;
      }
      if (found) plan.departmentId = found.id;
      else if (ambiguous) err(w, 'department', 'AMBIGUOUS_DEPARTMENT', `有多个名为“${data.department}”的部门，请填写完整路径，如“上级部门/${data.department}”`);
      else if (!ctx.createMissingDepartments) err(w, 'department', 'UNKNOWN_DEPARTMENT', `部门“${data.department}”不存在`);
      else if (segments.some((s) => s.length > 50 || /[<>]/.test(s))) err(w, 'department', 'INVALID_DEPARTMENT', `部门名称“${data.department}”不合法（每级最多 50 字，不能包含 < >）`);
      else plan.newDepartmentPath = segments;
    }
    if (data.position) {
      const found = ctx.positionsByName.get(data.position);
      if (found) plan.positionId = found.id;
      else if (!ctx.createMissingPositions) err(w, 'position', 'UNKNOWN_POSITION', `职务“${data.position}”不存在`);
      else if (data.position.length > 50) err(w, 'position', 'INVALID_POSITION', `职务名称“${data.position}”过长（最多 50 字）`);
      else plan.newPositionName = data.position;
    }

    // Roles.
    if (data.roles) {
      const { roles, unknown } = parseRoles(data.roles, ctx.knownRoles);
      if (unknown.length) {
        const allowed = ROLES.filter((r) => ctx.knownRoles.includes(r)).map((r) => ROLE_LABELS[r]['zh-CN']).join('、');
        err(w, 'roles', 'UNKNOWN_ROLE', `未知角色“${unknown.join('、')}”，可用角色：${allowed}`);
      } else plan.roles = roles;
      if (roles.includes('dept_head') && !data.department) err(w, 'roles', 'ROLE_NEEDS_DEPARTMENT', '“部门负责人”角色需要同时填写部门');
    }

    // Username: given, the existing person's, or suggested.
    if (!data.username) {
      const name = w.existing?.username ?? suggestUsername({ employeeNo: EMPLOYEE_NO.test(data.employeeNo) ? data.employeeNo : '', phone: plan.phone }, taken);
      if (name) {
        if (!w.existing) taken.add(name);
        plan.username = data.username = name;
      } else err(w, 'username', 'USERNAME_REQUIRED', '请填写用户名、工号或手机号之一（用于生成登录账号）');
    }
  }

  unifyNewDepartments(work);
  resolveSupervisors(work, ctx);

  // A row whose supervisor is another row in error cannot be imported either (repeat: it cascades).
  const byRow = new Map(work.map((w) => [w.row, w]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const w of work) {
      const s = w.plan.supervisor;
      if (w.errors.length === 0 && s && 'row' in s && (byRow.get(s.row)?.errors.length ?? 0) > 0) {
        err(w, 'supervisor', 'SUPERVISOR_ROW_INVALID', `直属上级（第 ${s.row} 行）有错误，需先修正该行`);
        changed = true;
      }
    }
  }

  return work.map((w) => {
    if (w.errors.length) return { row: w.row, data: w.data, action: 'error', errors: w.errors, plan: null };
    const action = !w.existing ? 'create' : unchanged(w, w.existing) ? 'skip' : 'update';
    return { row: w.row, data: w.data, action, errors: [], plan: w.plan };
  });
}

/** Supervisors by employee number (file first, then existing) or by name; then reject cycles. */
function resolveSupervisors(work: Work[], ctx: ImportContext): void {
  const fileByNo = new Map<string, Work>();
  const fileByName = new Map<string, Work[]>();
  for (const w of work) {
    if (w.data.employeeNo && !fileByNo.has(employeeNoKey(w.data.employeeNo))) fileByNo.set(employeeNoKey(w.data.employeeNo), w);
    if (w.data.displayName) fileByName.set(w.data.displayName, [...(fileByName.get(w.data.displayName) ?? []), w]);
  }
  const ref = (w: Work): NonNullable<ImportRowPlan['supervisor']> => (w.existing ? { existingId: w.existing.id } : { row: w.row });
  for (const w of work) {
    const s = w.data.supervisor;
    if (!s) continue;
    let target: NonNullable<ImportRowPlan['supervisor']> | null = null;
    const fileRow = fileByNo.get(employeeNoKey(s));
    const existing = ctx.existingByEmployeeNo.get(employeeNoKey(s));
    if (fileRow) target = ref(fileRow);
    else if (existing) target = { existingId: existing.id };
    else {
      const name = normalizePersonName(s);
      const candidates = new Map<string, NonNullable<ImportRowPlan['supervisor']>>();
      for (const f of fileByName.get(name) ?? []) {
        const r = ref(f);
        candidates.set('row' in r ? `row:${r.row}` : `id:${r.existingId}`, r);
      }
      for (const p of ctx.existingByName?.get(name) ?? []) candidates.set(`id:${p.id}`, { existingId: p.id });
      if (candidates.size > 1) {
        w.errors.push({ field: 'supervisor', code: 'AMBIGUOUS_SUPERVISOR', message: `有 ${candidates.size} 人名为“${s}”，请改填直属上级的工号` });
        continue;
      }
      target = [...candidates.values()][0] ?? null;
    }
    if (!target) {
      w.errors.push({ field: 'supervisor', code: 'UNKNOWN_SUPERVISOR', message: `找不到直属上级“${s}”（请填写已有人员或本文件中人员的姓名或工号）` });
      continue;
    }
    const self = 'row' in target ? target.row === w.row : target.existingId === w.plan.existingId;
    if (self) w.errors.push({ field: 'supervisor', code: 'SUPERVISOR_SELF', message: '直属上级不能是本人' });
    else w.plan.supervisor = target;
  }

  // Cycle check over the resulting graph: rows (new supervisors) + existing people (current supervisors).
  const existingById = new Map<string, ExistingPerson>();
  for (const p of ctx.existingByUsername.values()) existingById.set(p.id, p);
  const rowOfExisting = new Map<string, Work>();
  for (const w of work) if (w.existing) rowOfExisting.set(w.existing.id, w);
  const byRow = new Map(work.map((w) => [w.row, w]));
  type Node = string; // 'row:n' or 'id:x'
  const next = (node: Node): Node | null => {
    let w: Work | undefined;
    if (node.startsWith('row:')) w = byRow.get(Number(node.slice(4)));
    else {
      const id = node.slice(3);
      w = rowOfExisting.get(id);
      if (!w) {
        const sup = existingById.get(id)?.supervisorId;
        return sup ? `id:${sup}` : null;
      }
    }
    if (!w) return null;
    const s = w.plan.supervisor;
    if (s) return 'row' in s ? `row:${s.row}` : `id:${s.existingId}`; // row refs always name unmatched rows
    const sup = w.existing?.supervisorId;
    return sup ? `id:${sup}` : null;
  };
  for (const w of work) {
    if (!w.plan.supervisor) continue;
    const start: Node = w.existing ? `id:${w.existing.id}` : `row:${w.row}`;
    const seen = new Set<Node>([start]);
    for (let node = next(start); node; node = next(node)) {
      if (node === start) {
        w.errors.push({ field: 'supervisor', code: 'SUPERVISOR_CYCLE', message: '直属上级关系形成了循环（A 的上级是 B，B 的上级又是 A）' });
        break;
      }
      if (seen.has(node)) break; // a cycle elsewhere, reported on its own rows
      seen.add(node);
    }
  }
}

export function summarizeImport(rows: readonly Pick<ImportPreviewRow, 'action'>[]): ImportSummary {
  const s: ImportSummary = { total: rows.length, create: 0, update: 0, skip: 0, error: 0 };
  for (const r of rows) s[r.action]++;
  return s;
}

/** Departments (paths) and positions that committing these rows would create, each once, in file order. */
export function missingToCreate(rows: readonly ImportPreviewRow[]): { departments: string[][]; positions: string[] } {
  const departments = new Map<string, string[]>();
  const positions = new Set<string>();
  for (const r of rows) {
    if (!r.plan) continue;
    if (r.plan.newDepartmentPath) departments.set(r.plan.newDepartmentPath.join('/'), r.plan.newDepartmentPath);
    if (r.plan.newPositionName) positions.add(r.plan.newPositionName);
  }
  return { departments: [...departments.values()], positions: [...positions] };
}
