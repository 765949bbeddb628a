import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { perUser } from '../../core/rate-limits.js';
import { AuditPage, AuditQuery } from './audit.dto.js';
import { auditCsv, type AuditService } from './audit.service.js';

export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.get('/api/admin/audit', {
    config: { permission: 'audit.read' },
    schema: { tags: ['admin'], summary: 'Audit log, newest first', querystring: AuditQuery, response: { 200: AuditPage } },
    handler: async (request) => audit.list(request.query),
  });

  app.get('/api/admin/audit/export.csv', {
    config: { permission: 'audit.read', rateLimit: perUser(10) },
    schema: { tags: ['admin'], summary: 'Audit log as CSV (UTF-8 with BOM for Excel)', querystring: AuditQuery },
    handler: async (request, reply) => {
      const { cursor: _ignored, ...filters } = request.query;
      audit.record({ event: 'audit.exported', actor: request.user, ip: request.ip, details: filters });
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${stamp}.csv"`)
        .send(Readable.from(auditCsv(audit.iterate(filters))));
    },
  });
};
