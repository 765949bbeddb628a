import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const departments = sqliteTable('departments', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  parentId: text('parent_id'),
  headId: text('head_id'),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const positions = sqliteTable('positions', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  rank: integer('rank').notNull().default(0),
  createdAt: text('created_at').notNull(),
});

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  employeeNo: text('employee_no'),
  phone: text('phone'),
  email: text('email'),
  departmentId: text('department_id'),
  positionId: text('position_id'),
  supervisorId: text('supervisor_id'),
  locale: text('locale').notNull().default('zh-CN'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const userRoles = sqliteTable('user_roles', {
  userId: text('user_id').notNull(),
  role: text('role').notNull(),
  departmentId: text('department_id'),
  grantedAt: text('granted_at').notNull(),
  grantedBy: text('granted_by'),
});

export const staffImports = sqliteTable('staff_imports', {
  id: text('id').primaryKey(),
  createdBy: text('created_by').notNull(),
  fileName: text('file_name').notNull(),
  rows: text('rows').notNull(),
  status: text('status').notNull().default('preview'),
  createdAt: text('created_at').notNull(),
  committedAt: text('committed_at'),
  result: text('result'),
});
