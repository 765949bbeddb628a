// Staff import endpoints. The file is the raw request body (no multipart), so this encapsulated plugin
// accepts CSV and XLSX bodies as Buffers up to 10 MB.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { can, type CurrentUser } from '../../core/request-context.js';
import { perUser } from '../../core/rate-limits.js';
import { PERMISSIONS } from './org.permissions.js';
import { IdParams, ImportPreview, ImportResult } from './org.dto.js';
import { OrgErrors } from './org.errors.js';
import { staffTemplateCsv, staffTemplateXlsx } from './org.import-parse.js';
import type { StaffImportService } from './org.import.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const importActor = (user: CurrentUser, ip: string) => ({ id: user.id, displayName: user.displayName, ip, canGrantRoles: can(user, PERMISSIONS.rolesManage) });

export const staffImportRoutes: FastifyPluginAsyncTypebox<{ staffImport: StaffImportService }> = async (app, { staffImport }) => {
  const tags = ['org'];
  const bodyLimit = 10 * 1024 * 1024;
  app.addContentTypeParser(['text/csv', 'application/csv', 'application/vnd.ms-excel', XLSX, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  app.get('/api/org/imports/template.csv', {
    config: { permission: PERMISSIONS.importManage },
    schema: { tags, summary: 'CSV template for the staff import' },
    handler: async (_req, reply) => reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="staff-template.csv"; filename*=UTF-8''${encodeURIComponent('教职工导入模板.csv')}`).send(staffTemplateCsv()),
  });
  app.get('/api/org/imports/template.xlsx', {
    config: { permission: PERMISSIONS.importManage },
    schema: { tags, summary: 'Excel template for the staff import' },
    handler: async (_req, reply) => reply.type(XLSX).header('content-disposition', `attachment; filename="staff-template.xlsx"; filename*=UTF-8''${encodeURIComponent('教职工导入模板.xlsx')}`).send(await staffTemplateXlsx()),
  });

  app.post('/api/org/imports', {
    config: { permission: PERMISSIONS.importManage, rateLimit: perUser(20) },
    bodyLimit,
    schema: {
      tags,
      summary: 'Upload a staff spreadsheet (raw body: text/csv or xlsx) and get a per-row preview',
      headers: Type.Object({ 'x-file-name': Type.Optional(Type.String({ maxLength: 600 })) }),
      response: { 201: ImportPreview },
    },
    handler: async (req, reply) => {
      const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) throw OrgErrors.importUnreadable('Send the file itself as the request body');
      let fileName = 'import';
      try {
        fileName = decodeURIComponent(String(req.headers['x-file-name'] ?? 'import')).replace(/[/\\]/g, '_');
      } catch {
        /* keep the default */
      }
      const isZip = body[0] === 0x50 && body[1] === 0x4b; // XLSX is a zip: sniff rather than trust the type
      const format = isZip || type === XLSX ? 'xlsx' : 'csv';
      return reply.code(201).send(await staffImport.preview(body, format, fileName, importActor(req.user!, req.ip)));
    },
  });

  app.post('/api/org/imports/:id/commit', {
    config: { permission: PERMISSIONS.importManage, idempotency: 'no-replay' },
    schema: { tags, summary: 'Import the valid rows of a preview; returns the new accounts’ initial passwords once', params: IdParams, response: { 200: ImportResult } },
    handler: async (req) => staffImport.commit(req.params.id, importActor(req.user!, req.ip)),
  });
};
