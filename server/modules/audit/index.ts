export { createAuditService, csvCell, type AuditService, type AuditRecord } from './audit.service.js';
export { auditRoutes } from './audit.routes.js';
