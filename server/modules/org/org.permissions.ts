// What each role may do. School-wide roles grant permissions everywhere; a department-scoped role
// (dept_head) grants its permissions only inside that department's subtree.
import type { RoleName } from './org.dto.js';

export const PERMISSIONS = {
  adminAccess: 'admin.access',
  peopleManage: 'people.manage',
  orgManage: 'org.manage',
  rolesManage: 'roles.manage',
  auditRead: 'audit.read',
  settingsManage: 'settings.manage',
  importManage: 'import.manage',
  /** Manage every document outside personal spaces, except 机密 ones (those are for named people only). */
  filesManage: 'files.manage',
  /** Build and publish forms: school-wide, or (dept_head) the forms their department owns. */
  formsManage: 'forms.manage',
  /** See every form's statistics and export them (school leaders). */
  formsStats: 'forms.stats',
  /** Publish notices: school-wide, or (dept_head) to their department's subtree. */
  noticesPublish: 'notices.publish',
  /** Configure the delivery channels (SMTP, SMS modem/provider, push), rate limits and the escalation policy. */
  gatewayManage: 'gateway.manage',
  /** Backups: the target, schedule, snapshots, restoring documents or the whole box, drills. */
  backupManage: 'backup.manage',
} as const;

const P = PERMISSIONS;
export const ROLE_PERMISSIONS: Record<RoleName, readonly string[]> = {
  admin: Object.values(P),
  it: [P.adminAccess, P.peopleManage, P.orgManage, P.auditRead, P.importManage, P.gatewayManage, P.backupManage],
  principal: [P.adminAccess, P.auditRead, P.formsStats, P.noticesPublish],
  dept_head: [P.adminAccess, P.peopleManage, P.formsManage, P.noticesPublish],
  staff: [],
};

/**
 * Permissions that describe a person's office work rather than power over accounts or the box. Whether a
 * manager may reset someone's password compares only the other ones: IT looks after department heads'
 * accounts although IT does not build forms (taking over any account already reaches its own work).
 */
export const WORK_PERMISSIONS: ReadonlySet<string> = new Set([P.formsManage, P.formsStats, P.noticesPublish]);

/** Roles whose grant applies to one department subtree when a department is given. */
export const SCOPED_ROLES: ReadonlySet<RoleName> = new Set(['dept_head']);
