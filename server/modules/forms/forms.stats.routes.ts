// Statistics, the XLSX export, the printable PDF of a submission and its attached files. Thin: access is
// decided by the catalog (stats) and the submissions checkpoint (PDF, attachments); missing = forbidden = 404.
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { perUser } from '../../core/rate-limits.js';
import type { CurrentUser } from '../../core/request-context.js';
import { createError } from '../../lib/errors.js';
import { answerFields } from './forms.answer-text.js';
import { FormStats, Id, StatsQuery } from './forms.dto.js';
import { FormErrors } from './forms.errors.js';
import type { AttachmentsPort, FormRecord, FormsCatalog, SubmissionsPort } from './forms.ports.js';
import type { Printer } from './forms.print.js';
import type { FormStatsService } from './forms.stats.js';

export interface StatsRoutesOptions {
  stats: FormStatsService;
  printer: Pick<Printer, 'pdf'>;
  submissions: SubmissionsPort;
  catalog: FormsCatalog;
  attachments: AttachmentsPort;
}

const fileNotFound = createError('SUBMISSION_FILE_NOT_FOUND', 404, 'File not found');
const Binary = Type.Unsafe<unknown>({ type: 'string', format: 'binary' });
const tags = ['forms'];
/** Shown in the browser rather than downloaded; anything else (HTML, SVG …) is only ever an attachment. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

/** RFC 6266 / RFC 5987: an ASCII fallback plus the exact UTF-8 name (as the files module sends names). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_') || 'download';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const fileSafe = (s: string) => s.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_');

export const statsRoutes: FastifyPluginAsyncTypebox<StatsRoutesOptions> = async (app, o) => {
  function statsForm(user: CurrentUser, id: string): FormRecord {
    const form = o.catalog.form(id);
    if (!form || !o.catalog.canSeeStats(user, form)) throw FormErrors.notFound();
    return form;
  }

  app.get('/api/forms/:id/stats', {
    schema: {
      tags, summary: 'Statistics of a form over a period (school-local dates, inclusive)',
      params: Type.Object({ id: Id }), querystring: StatsQuery, response: { 200: FormStats },
    },
    handler: async (req) => {
      statsForm(req.user!, req.params.id);
      return o.stats.stats(req.params.id, req.query);
    },
  });

  app.get('/api/forms/:id/export.xlsx', {
    schema: {
      tags, summary: 'Every submission of the period and the summary as an Excel workbook',
      params: Type.Object({ id: Id }), querystring: StatsQuery, response: { 200: Binary },
    },
    config: { rateLimit: perUser(10) },
    handler: async (req, reply) => {
      const form = statsForm(req.user!, req.params.id);
      const bytes = await o.stats.exportXlsx(req.params.id, req.query);
      const period = req.query.from || req.query.to ? `-${req.query.from ?? ''}~${req.query.to ?? ''}` : '';
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition('attachment', `${fileSafe(form.name)}-统计${period}.xlsx`))
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  });

  app.get('/api/submissions/:id/pdf', {
    schema: { tags, summary: 'The submission as a printable A4 PDF', params: Type.Object({ id: Id }), response: { 200: Binary } },
    config: { rateLimit: perUser(30) },
    handler: async (req, reply) => {
      const record = o.submissions.visible(req.user!, req.params.id);
      const bytes = await o.printer.pdf(record.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('inline', `${fileSafe(`${record.serial} ${record.title}`)}.pdf`))
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  });

  app.get('/api/submissions/:id/attachments/:fileId', {
    schema: {
      tags, summary: 'A file attached to a submission (only files its answers name)',
      params: Type.Object({ id: Id, fileId: Id }), response: { 200: Binary },
    },
    handler: async (req, reply) => {
      const record = o.submissions.visible(req.user!, req.params.id);
      const version = o.catalog.version(record.formId, record.version);
      const named = (version ? answerFields(version.schema) : [])
        .filter((f) => f.type === 'attachment' || f.type === 'image')
        .some((f) => {
          const v: unknown = record.answers[f.key];
          return Array.isArray(v) ? v.some((x) => x === req.params.fileId) : v === req.params.fileId;
        });
      const file = named ? o.attachments.open(req.params.fileId) : null;
      if (!file) throw fileNotFound();
      const mime = file.mime ?? 'application/octet-stream';
      return reply
        .header('content-type', mime)
        .header('content-length', file.size)
        .header('content-disposition', contentDisposition(INLINE.has(mime) ? 'inline' : 'attachment', file.name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=0, must-revalidate')
        .send(createReadStream(file.path));
    },
  });
};
