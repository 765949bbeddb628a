// Forms helpers for API tests: make a form (from a template or a draft), save and publish it, and a small
// school for the leave scenario built through the org API like an admin would.
import type { App } from '../../server/app.js';
import type { CurrentUser } from '../../server/core/request-context.js';
import type { FormDefinition, FormDraftSave, TemplateKey } from '../../server/modules/forms/forms.dto.js';
import { createStaff, setupSchool } from './app.js';

type Res = { statusCode: number; body: string; json(): unknown };

function ok<T>(res: Res, status: number, what: string): T {
  if (res.statusCode !== status) throw new Error(`${what} failed: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

/** The draft a FormDefinition holds, in the shape PUT /api/forms/:id takes. */
export function draftOf(def: FormDefinition): FormDraftSave {
  return {
    name: def.name, description: def.description, icon: def.icon, category: def.category, ownerDepartmentId: def.ownerDepartmentId,
    audience: def.audience, adminIds: def.admins.map((a) => a.id), schema: def.schema, flow: def.flow, settings: def.settings,
  };
}

export type DraftInput = Partial<FormDraftSave> & { template?: TemplateKey };

/**
 * Creates a form as `cookie`: from a template key, or from a partial draft (a blank form, or the draft's
 * `template`, with the given parts saved over it). Returns the builder's view.
 */
export async function createForm(app: App, cookie: string, templateOrDraft: TemplateKey | DraftInput = {}, name?: string): Promise<FormDefinition> {
  const input: DraftInput = typeof templateOrDraft === 'string' ? { template: templateOrDraft } : templateOrDraft;
  const { template, ...parts } = input;
  const created = ok<FormDefinition>(
    await app.inject({
      method: 'POST', url: '/api/forms', headers: { cookie },
      payload: { name: name ?? parts.name ?? '测试表单', ...(template ? { template } : {}), ...(parts.ownerDepartmentId !== undefined ? { ownerDepartmentId: parts.ownerDepartmentId } : {}) },
    }),
    201, 'create form',
  );
  if (Object.keys(parts).length === 0) return created;
  return saveDraft(app, cookie, created, parts);
}

/** PUT the form's draft with `patch` laid over what it holds now. */
export async function saveDraft(app: App, cookie: string, def: FormDefinition, patch: Partial<FormDraftSave>): Promise<FormDefinition> {
  return ok<FormDefinition>(
    await app.inject({ method: 'PUT', url: `/api/forms/${def.id}`, headers: { cookie }, payload: { ...draftOf(def), ...patch } }),
    200, 'save draft',
  );
}

export async function publish(app: App, cookie: string, formId: string): Promise<FormDefinition> {
  return ok<FormDefinition>(await app.inject({ method: 'POST', url: `/api/forms/${formId}/publish`, headers: { cookie } }), 200, 'publish');
}

/** createForm + publish: a form people can submit to right away. */
export async function createPublished(app: App, cookie: string, templateOrDraft: TemplateKey | DraftInput = {}, name?: string): Promise<FormDefinition> {
  const def = await createForm(app, cookie, templateOrDraft, name);
  return publish(app, cookie, def.id);
}

export async function createDepartment(app: App, cookie: string, name: string, extra: { parentId?: string; headId?: string } = {}): Promise<{ id: string; name: string }> {
  return ok(await app.inject({ method: 'POST', url: '/api/org/departments', headers: { cookie }, payload: { name, ...extra } }), 201, `department ${name}`);
}

export interface SchoolPerson {
  id: string;
  username: string;
  cookie: string;
}

export interface LeaveSchool {
  /** The setup admin's cookie (role admin, school-wide forms.manage). */
  admin: string;
  adminId: string;
  depts: { grades: string; grade1: string; principalOffice: string; office: string; logistics: string; finance: string };
  /** 高一年级组 teacher; supervisor: the grade head. */
  teacher: SchoolPerson;
  /** Head of 高一年级组 (dept_head there). */
  gradeHead: SchoolPerson;
  /** 副校长 in 校长办公室, role principal. */
  vicePrincipal: SchoolPerson;
  /** 综合办公室 staff with role admin, head of 综合办公室. */
  officeAdmin: SchoolPerson;
}

/**
 * The school of the leave scenario: 年级组 › 高一年级组 (head: the grade head, who supervises the teacher),
 * 校长办公室 with a vice principal (role principal), 综合办公室 headed by an office admin (role admin),
 * 总务处 and 财务室 (no heads). Everyone's password is 'Teacher2026x'.
 */
export async function leaveSchool(app: App): Promise<LeaveSchool> {
  const admin = await setupSchool(app);
  const grades = await createDepartment(app, admin, '年级组');
  const grade1 = await createDepartment(app, admin, '高一年级组', { parentId: grades.id });
  const principalOffice = await createDepartment(app, admin, '校长办公室');
  const office = await createDepartment(app, admin, '综合办公室');
  const logistics = await createDepartment(app, admin, '总务处');
  const finance = await createDepartment(app, admin, '财务室');
  const person = async (input: Record<string, unknown>): Promise<SchoolPerson> => {
    const s = await createStaff(app, admin, input);
    return { id: s.person.id, username: s.person.username, cookie: s.cookie };
  };
  const gradeHead = await person({ username: 'g1head', displayName: '赵组长', departmentId: grade1.id, roles: [{ role: 'staff' }, { role: 'dept_head', departmentId: grade1.id }] });
  const teacher = await person({ username: 'teacher1', displayName: '李老师', departmentId: grade1.id, supervisorId: gradeHead.id });
  const vicePrincipal = await person({ username: 'vp1', displayName: '孙副校长', departmentId: principalOffice.id, roles: [{ role: 'principal' }] });
  const officeAdmin = await person({ username: 'office1', displayName: '周主任', departmentId: office.id, roles: [{ role: 'admin' }] });
  for (const [dept, headId] of [[grade1.id, gradeHead.id], [office.id, officeAdmin.id]] as const) {
    ok(await app.inject({ method: 'PATCH', url: `/api/org/departments/${dept}`, headers: { cookie: admin }, payload: { headId } }), 200, 'department head');
  }
  return {
    admin, adminId: app.services.org.userByUsername('admin')!.id,
    depts: { grades: grades.id, grade1: grade1.id, principalOffice: principalOffice.id, office: office.id, logistics: logistics.id, finance: finance.id },
    teacher, gradeHead, vicePrincipal, officeAdmin,
  };
}

/** The signed-in user as routes see it, for calling the forms services directly (no session needed). */
export function currentUser(app: App, userId: string): CurrentUser {
  const org = app.services.org;
  const row = org.userRow(userId);
  if (!row) throw new Error(`no user ${userId}`);
  const roles = org.grants(userId);
  const { permissions, scopedPermissions } = org.permissionsOf(roles);
  return {
    id: userId, username: row.username, displayName: row.displayName, departmentId: row.departmentId, locale: 'zh-CN', sessionId: 'test',
    roles, permissions, scopedPermissions, mustChangePassword: false, mustEnrollTotp: false,
  };
}
