export { createOrgRepo } from './org.repo.js';
export { createOrgService, type OrgService, type AccountsPort, type Actor } from './org.service.js';
export { orgRoutes } from './org.routes.js';
export { PERMISSIONS, ROLE_PERMISSIONS } from './org.permissions.js';
export { ROLES, ROLE_LABELS, type RoleName, type Person, type PersonSummary, type ImportPreview, type ImportResult } from './org.dto.js';
export { createStaffImportService, type StaffImportService } from './org.import.js';
export { staffImportRoutes } from './org.import.routes.js';
