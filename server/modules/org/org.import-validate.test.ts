import { describe, expect, it } from 'vitest';
import {
  buildImportContext, missingToCreate, parseRoles, summarizeImport, validateStaffRows,
  type ExistingPerson, type ImportPreviewRow, type RawStaffRow, type StaffRowData,
} from './org.import-parse.js';

const DEPARTMENTS = [
  { id: 'd-office', name: '综合办公室', parentId: null },
  { id: 'd-academic', name: '教务处', parentId: null },
  { id: 'd-grades', name: '年级组', parentId: null },
  { id: 'd-g1', name: '高一年级组', parentId: 'd-grades' },
  { id: 'd-g1-chinese', name: '语文组', parentId: 'd-g1' },
  { id: 'd-g2', name: '高二年级组', parentId: 'd-grades' },
  { id: 'd-g2-chinese', name: '语文组', parentId: 'd-g2' },
];
const POSITIONS = [{ id: 'p-teacher', name: '教师' }, { id: 'p-head', name: '年级组长' }, { id: 'p-clerk', name: '干事' }];
const EXISTING: ExistingPerson[] = [
  {
    id: 'u-zhou', username: 't2012001', displayName: '周振华', employeeNo: 'T2012001', phone: '13800138001', email: 't2012001@demo-school.cn',
    departmentId: 'd-office', positionId: null, supervisorId: null, roles: ['staff', 'principal'],
  },
  {
    id: 'u-du', username: 't2008029', displayName: '杜建华', employeeNo: 'T2008029', phone: '13800138029', email: null,
    departmentId: 'd-g1', positionId: 'p-head', supervisorId: 'u-zhou', roles: ['staff', 'dept_head'],
  },
  { id: 'u-wang1', username: 'wangfang', displayName: '王芳', employeeNo: null, phone: null, email: 'wangfang@qq.com', supervisorId: 'u-du' },
  { id: 'u-wang2', username: 'wangfang2', displayName: '王芳', employeeNo: 'T2019077', phone: '13800138077', email: null },
];

const ctx = (opts: { createMissingDepartments?: boolean; createMissingPositions?: boolean } = {}) =>
  buildImportContext({ people: EXISTING, departments: DEPARTMENTS, positions: POSITIONS, ...opts });

const EMPTY: StaffRowData = { displayName: '', employeeNo: '', username: '', phone: '', email: '', department: '', position: '', supervisor: '', roles: '' };
const rows = (...data: Partial<StaffRowData>[]): RawStaffRow[] => data.map((d, i) => ({ row: i + 2, data: { ...EMPTY, ...d } }));
const codes = (r: ImportPreviewRow | undefined) => r!.errors.map((e) => `${e.field}:${e.code}`);
const run = (c = ctx(), ...data: Partial<StaffRowData>[]) => validateStaffRows(rows(...data), c);

describe('validateStaffRows: single rows', () => {
  it('creates a clean new person with a plan', () => {
    const [r] = run(ctx(), {
      displayName: ' 李  晓梅 ', employeeNo: 'T2025001', phone: '+86 139 0013 9001', email: ' Li.XM@QQ.com ', department: '年级组 / 高一年级组',
      position: '教师', supervisor: 'T2008029', roles: '教职工、部门负责人',
    });
    expect(r!.errors).toEqual([]);
    expect(r!.action).toBe('create');
    expect(r!.data).toEqual({
      displayName: '李晓梅', employeeNo: 'T2025001', username: 't2025001', phone: '13900139001', email: 'li.xm@qq.com',
      department: '年级组/高一年级组', position: '教师', supervisor: 'T2008029', roles: '教职工、部门负责人',
    });
    expect(r!.plan).toEqual({
      existingId: null, username: 't2025001', displayName: '李晓梅', employeeNo: 'T2025001', phone: '13900139001', email: 'li.xm@qq.com',
      departmentId: 'd-g1', newDepartmentPath: null, positionId: 'p-teacher', newPositionName: null,
      supervisor: { existingId: 'u-du' }, roles: ['staff', 'dept_head'],
    });
  });

  it('reports field errors in Chinese', () => {
    const [r] = run(ctx(), { displayName: '张三3', employeeNo: 'T 001', username: 'Ab', phone: '1234567', email: 'x@y', roles: '超级用户' });
    expect(r!.action).toBe('error');
    expect(r!.plan).toBeNull();
    expect(codes(r)).toEqual([
      'displayName:INVALID_NAME', 'employeeNo:INVALID_EMPLOYEE_NO', 'username:INVALID_USERNAME', 'phone:INVALID_MOBILE', 'email:INVALID_EMAIL', 'roles:UNKNOWN_ROLE',
    ]);
    expect(r!.errors.find((e) => e.code === 'UNKNOWN_ROLE')!.message).toContain('系统管理员、校领导、部门负责人、教职工、信息中心');
    expect(r!.errors.find((e) => e.code === 'INVALID_MOBILE')!.message).toBe('手机号“1234567”不是有效的 11 位手机号码');
  });

  it('requires a name and some login identifier', () => {
    const [a, b] = run(ctx(), { employeeNo: 'T1' }, { displayName: '赵敏' });
    expect(codes(a)).toEqual(['displayName:NAME_REQUIRED']);
    expect(codes(b)).toEqual(['username:USERNAME_REQUIRED']);
  });

  it('suggests usernames: employee number, else t + mobile, unique against the database and the file', () => {
    const preview = run(ctx(), { displayName: '赵敏', phone: '13912345678' }, { displayName: '钱多多', employeeNo: 'wangfang' }, { displayName: '孙悦', employeeNo: 'T300', username: 't2025009' }, { displayName: '李雷', employeeNo: 'T2025009' });
    expect(preview.map((r) => r.plan?.username)).toEqual(['t12345678', 'wangfang-2', 't2025009', 't2025009-2']);
  });

  it('rejects mobile numbers and e-mails held by someone else', () => {
    const [r] = run(ctx(), { displayName: '赵敏', employeeNo: 'T9', phone: '138 0013 8001', email: 'WANGFANG@qq.com' });
    expect(codes(r)).toEqual(['phone:DUPLICATE_EXISTING', 'email:DUPLICATE_EXISTING']);
    expect(r!.errors[0]!.message).toBe('手机号“13800138001”已被周振华（t2012001）使用');
  });
});

describe('validateStaffRows: matching existing people', () => {
  it('updates by employee number (case-insensitive) and keeps the username', () => {
    const [r] = run(ctx(), { displayName: '杜建华', employeeNo: 't2008029', phone: '13800138029', position: '教师' });
    expect(r!.action).toBe('update');
    expect(r!.plan).toMatchObject({ existingId: 'u-du', username: 't2008029', positionId: 'p-teacher' });
    expect(r!.data.username).toBe('t2008029');
  });

  it('updates by username; own phone and e-mail are not duplicates', () => {
    const [r] = run(ctx(), { displayName: '王芳', username: 'WangFang', email: 'wangfang@qq.com', department: '教务处' });
    expect(r!.errors).toEqual([]);
    expect(r!.action).toBe('update');
    expect(r!.plan!.existingId).toBe('u-wang1');
  });

  it('skips rows identical to the existing person', () => {
    const [r] = run(ctx(), {
      displayName: '杜建华', employeeNo: 'T2008029', phone: '138-0013-8029', department: '高一年级组', position: '年级组长', supervisor: 'T2012001', roles: 'staff,dept_head',
    });
    expect(r!.action).toBe('skip');
    expect(r!.plan!.existingId).toBe('u-du');
  });

  it('flags employee number and username that point at different people', () => {
    const [a] = run(ctx(), { displayName: '周振华', employeeNo: 'T2012001', username: 'wangfang' });
    const [b] = run(ctx(), { displayName: '周振华', employeeNo: 'T2012001', username: 'zhouzh' });
    expect(codes(a)).toEqual(['username:IDENTITY_CONFLICT']);
    expect(codes(b)).toEqual(['username:IDENTITY_CONFLICT']);
  });
});

describe('validateStaffRows: departments, positions, roles', () => {
  it('resolves plain names, full paths and flags ambiguous or unknown departments', () => {
    const preview = run(ctx(),
      { displayName: '赵敏', employeeNo: 'A1', department: '高二年级组/语文组' },
      { displayName: '钱多多', employeeNo: 'A2', department: '语文组' },
      { displayName: '孙悦', employeeNo: 'A3', department: '校史馆' },
      { displayName: '李雷', employeeNo: 'A4', position: '校长助理' },
      { displayName: '韩梅梅', employeeNo: 'A5', department: '高一年级组 / 语文组' },
      { displayName: '赵小川', employeeNo: 'A6', department: '教务处/语文组' },
    );
    expect(preview[0]!.plan!.departmentId).toBe('d-g2-chinese');
    expect(preview[4]!.plan!.departmentId).toBe('d-g1-chinese');
    expect(codes(preview[5])).toEqual(['department:UNKNOWN_DEPARTMENT']);
    expect(codes(preview[1])).toEqual(['department:AMBIGUOUS_DEPARTMENT']);
    expect(codes(preview[2])).toEqual(['department:UNKNOWN_DEPARTMENT']);
    expect(preview[2]!.errors[0]!.message).toBe('部门“校史馆”不存在');
    expect(codes(preview[3])).toEqual(['position:UNKNOWN_POSITION']);
  });

  it('plans missing departments and positions when asked to create them', () => {
    const preview = run(ctx({ createMissingDepartments: true, createMissingPositions: true }),
      { displayName: '赵敏', employeeNo: 'A1', department: '校史馆', position: '馆长' },
      { displayName: '钱多多', employeeNo: 'A2', department: '年级组/高三年级组', position: '馆长' },
      { displayName: '孙悦', employeeNo: 'A3', department: '年级组/高三年级组' },
    );
    expect(preview.map((r) => r.action)).toEqual(['create', 'create', 'create']);
    expect(preview[0]!.plan).toMatchObject({ departmentId: null, newDepartmentPath: ['校史馆'], newPositionName: '馆长' });
    expect(missingToCreate(preview)).toEqual({ departments: [['校史馆'], ['年级组', '高三年级组']], positions: ['馆长'] });
  });

  it('parses roles in Chinese and English with mixed separators', () => {
    expect(parseRoles('教职工、部门负责人；信息中心')).toEqual({ roles: ['staff', 'dept_head', 'it'], unknown: [] });
    expect(parseRoles('admin, Staff | School leader')).toEqual({ roles: ['admin', 'staff', 'principal'], unknown: [] });
    expect(parseRoles('dept_head，教职工 系统管理员')).toEqual({ roles: ['dept_head', 'staff', 'admin'], unknown: [] });
    expect(parseRoles('教职工,校长')).toEqual({ roles: ['staff'], unknown: ['校长'] });
    expect(parseRoles('admin', ['staff'])).toEqual({ roles: [], unknown: ['admin'] });
  });

  it('needs a department for 部门负责人', () => {
    const [r] = run(ctx(), { displayName: '赵敏', employeeNo: 'A1', roles: '部门负责人' });
    expect(codes(r)).toEqual(['roles:ROLE_NEEDS_DEPARTMENT']);
  });
});

describe('validateStaffRows: duplicates and supervisors', () => {
  it('flags later duplicates within the file, naming the first row', () => {
    const preview = run(ctx(),
      { displayName: '赵敏', employeeNo: 'A1', phone: '13900139001', username: 'zhaomin', email: 'a@b.cn' },
      { displayName: '钱多多', employeeNo: 'a1' },
      { displayName: '孙悦', employeeNo: 'A3', phone: '139-0013-9001' },
      { displayName: '李雷', employeeNo: 'A4', username: 'ZhaoMin', email: 'A@B.cn' },
    );
    expect(codes(preview[0])).toEqual([]);
    expect(codes(preview[1])).toEqual(['employeeNo:DUPLICATE_IN_FILE']);
    expect(preview[1]!.errors[0]!.message).toBe('工号“a1”与第 2 行重复');
    expect(codes(preview[2])).toEqual(['phone:DUPLICATE_IN_FILE']);
    expect(codes(preview[3])).toEqual(['username:DUPLICATE_IN_FILE', 'email:DUPLICATE_IN_FILE']);
  });

  it('resolves supervisors by employee number or name, in the file or the database', () => {
    const preview = run(ctx(),
      { displayName: '赵敏', employeeNo: 'A1', supervisor: '杜建华' },
      { displayName: '钱多多', employeeNo: 'A2', supervisor: '赵敏' },
      { displayName: '孙悦', employeeNo: 'A3', supervisor: 'a2' },
      { displayName: '李雷', employeeNo: 'A4', supervisor: 't2008029' },
    );
    expect(preview.map((r) => r.plan!.supervisor)).toEqual([{ existingId: 'u-du' }, { row: 2 }, { row: 3 }, { existingId: 'u-du' }]);
  });

  it('rejects unknown, ambiguous, self and cyclic supervisors', () => {
    const preview = run(ctx(),
      { displayName: '赵敏', employeeNo: 'A1', supervisor: '欧阳锋' },
      { displayName: '钱多多', employeeNo: 'A2', supervisor: '王芳' },
      { displayName: '孙悦', employeeNo: 'A3', supervisor: 'A3' },
      { displayName: '李雷', employeeNo: 'A4', supervisor: 'A5' },
      { displayName: '韩梅梅', employeeNo: 'A5', supervisor: '李雷' },
    );
    expect(preview.map(codes)).toEqual([
      ['supervisor:UNKNOWN_SUPERVISOR'], ['supervisor:AMBIGUOUS_SUPERVISOR'], ['supervisor:SUPERVISOR_SELF'],
      ['supervisor:SUPERVISOR_CYCLE'], ['supervisor:SUPERVISOR_CYCLE'],
    ]);
  });

  it('detects a cycle through existing people (周振华 would report to his own report)', () => {
    const [r] = run(ctx(), { displayName: '周振华', employeeNo: 'T2012001', supervisor: 'T2008029' });
    expect(codes(r)).toEqual(['supervisor:SUPERVISOR_CYCLE']);
  });

  it('rejects rows whose supervisor row is in error, transitively', () => {
    const preview = run(ctx(),
      { displayName: '赵敏', employeeNo: 'A1', phone: 'bad' },
      { displayName: '钱多多', employeeNo: 'A2', supervisor: 'A1' },
      { displayName: '孙悦', employeeNo: 'A3', supervisor: 'A2' },
    );
    expect(preview.map(codes)).toEqual([['phone:INVALID_MOBILE'], ['supervisor:SUPERVISOR_ROW_INVALID'], ['supervisor:SUPERVISOR_ROW_INVALID']]);
    expect(summarizeImport(preview)).toEqual({ total: 3, create: 0, update: 0, skip: 0, error: 3 });
  });
});

describe('new departments named two ways', () => {
  it('treats a plain name and a full path of the same new department as one', () => {
    const ctx = buildImportContext({ people: [], departments: [], positions: [], createMissingDepartments: true, createMissingPositions: true });
    const blank = { displayName: '', employeeNo: '', username: '', phone: '', email: '', department: '', position: '', supervisor: '', roles: '' };
    const rows = validateStaffRows(
      [
        { row: 2, data: { ...blank, displayName: '王海波', employeeNo: 'T1', department: '年级组/高一年级组' } },
        { row: 3, data: { ...blank, displayName: '刘思雨', employeeNo: 'T2', department: '高一年级组' } },
      ],
      ctx,
    );
    expect(missingToCreate(rows).departments).toEqual([['年级组', '高一年级组']]);
  });
});
