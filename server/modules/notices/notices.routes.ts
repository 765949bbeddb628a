// HTTP routes of the notice centre. Thin: schemas here, rules in notices.service.ts / notices.roster.ts,
// access in notices.access.ts (a notice the caller may not see is the same 404 as a missing one). Mutations a
// phone may retry (confirm, publish, remind) accept an Idempotency-Key (server/core/idempotency.ts).
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { perUser } from '../../core/rate-limits.js';
import { PERMISSIONS } from '../org/index.js';
import {
  Id, ManagedNoticePage, ManagedNoticesQuery, MyNoticesQuery, NoticeConfirm, NoticeCounts, NoticeDetail, NoticeInput, NoticePage, NoticePublish, NoticeRevision,
  NoticeRoster, NoticeSettings, NoticeSettingsInput, NoticeVersions, NoticeWithdraw, PublishScope, RemindResult, RosterQuery,
} from './notices.dto.js';
import type { NoticeRosterService } from './notices.roster.js';
import type { NoticesService } from './notices.service.js';

export interface NoticeRoutesOptions {
  notices: NoticesService;
  roster: NoticeRosterService;
}

const tags = ['notices'];
const IdParams = Type.Object({ id: Id });
const Binary = Type.Unsafe<unknown>({ type: 'string', format: 'binary' });
/** Shown in the browser rather than downloaded; anything else (HTML, SVG …) is only ever an attachment. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

/** RFC 6266 / RFC 5987: an ASCII fallback plus the exact UTF-8 name. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_') || 'download';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
const fileSafe = (s: string) => s.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').slice(0, 80);

export const noticeRoutes: FastifyPluginAsyncTypebox<NoticeRoutesOptions> = async (app, { notices: s, roster }) => {
  app.addHook('onClose', async () => s.stop());

  // ── recipients ────────────────────────────────────────────────────────────────────────
  app.get('/api/notices', {
    schema: { tags, summary: 'My notices: pinned first, newest first; filters unread / unconfirmed / expired / category', querystring: MyNoticesQuery, response: { 200: NoticePage } },
    handler: async (req) => s.mine(req.user!, req.query),
  });

  app.get('/api/notices/counts', {
    schema: { tags, summary: 'Badge counts: my unread and unconfirmed current notices', response: { 200: NoticeCounts } },
    handler: async (req) => s.counts(req.user!),
  });

  app.get('/api/notices/scope', {
    schema: { tags, summary: 'Whether and to whom the caller may publish', response: { 200: PublishScope } },
    handler: async (req) => s.scope(req.user!),
  });

  app.get('/api/notices/managed', {
    schema: { tags, summary: 'Notices I publish (mine) or, for school-wide publishers, every notice (all); newest change first', querystring: ManagedNoticesQuery, response: { 200: ManagedNoticePage } },
    handler: async (req) => s.managed(req.user!, req.query),
  });

  app.get('/api/notices/:id', {
    schema: { tags, summary: 'A notice; opening it marks it read for a recipient (and stops the delivery ladder)', params: IdParams, response: { 200: NoticeDetail } },
    handler: async (req) => s.detail(req.user!, req.params.id),
  });

  app.post('/api/notices/:id/confirm', {
    schema: { tags, summary: 'Confirm a notice (click; with a comment; with a signature — as its mode asks)', params: IdParams, body: NoticeConfirm, response: { 200: NoticeDetail } },
    handler: async (req) => s.confirm(req.user!, req.params.id, req.body),
  });

  app.get('/api/notices/:id/versions', {
    schema: { tags, summary: 'Edit history: the text before each published edit, oldest first', params: IdParams, response: { 200: NoticeVersions } },
    handler: async (req) => s.versions(req.user!, req.params.id),
  });

  app.get('/api/notices/:id/attachments/:fileId', {
    schema: { tags, summary: 'A file attached to the notice', params: Type.Object({ id: Id, fileId: Id }), response: { 200: Binary } },
    handler: async (req, reply) => {
      const file = s.attachment(req.user!, req.params.id, req.params.fileId);
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

  // ── publishers ────────────────────────────────────────────────────────────────────────
  app.post('/api/notices', {
    schema: { tags, summary: 'Write a draft', body: NoticeInput, response: { 201: NoticeDetail } },
    handler: async (req, reply) => reply.code(201).send(s.create(req.user!, req.body)),
  });

  app.put('/api/notices/:id', {
    schema: { tags, summary: 'Replace a draft or scheduled notice', params: IdParams, body: NoticeInput, response: { 200: NoticeDetail } },
    handler: async (req) => s.update(req.user!, req.params.id, req.body),
  });

  app.delete('/api/notices/:id', {
    schema: { tags, summary: 'Delete a draft or scheduled notice', params: IdParams, response: { 204: Type.Null() } },
    handler: async (req, reply) => {
      s.remove(req.user!, req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/notices/:id/publish', {
    schema: { tags, summary: 'Publish now, or schedule (publishAt in the future)', params: IdParams, body: NoticePublish, response: { 200: NoticeDetail } },
    handler: async (req) => s.publish(req.user!, req.params.id, req.body, req.ip),
  });

  app.post('/api/notices/:id/unschedule', {
    schema: { tags, summary: 'Take a scheduled notice back to a draft', params: IdParams, response: { 200: NoticeDetail } },
    handler: async (req) => s.unschedule(req.user!, req.params.id),
  });

  app.post('/api/notices/:id/revisions', {
    schema: { tags, summary: 'Edit a published notice (the old text is kept as a version); optionally notify recipients again', params: IdParams, body: NoticeRevision, response: { 200: NoticeDetail } },
    handler: async (req) => s.revise(req.user!, req.params.id, req.body, req.ip),
  });

  app.post('/api/notices/:id/withdraw', {
    schema: { tags, summary: 'Withdraw a published notice (pending deliveries are cancelled)', params: IdParams, body: NoticeWithdraw, response: { 200: NoticeDetail } },
    handler: async (req) => s.withdraw(req.user!, req.params.id, req.body, req.ip),
  });

  app.get('/api/notices/:id/roster', {
    schema: { tags, summary: 'Recipients with delivered / read / confirmed times and the channels that reached them', params: IdParams, querystring: RosterQuery, response: { 200: NoticeRoster } },
    handler: async (req) => roster.roster(req.user!, req.params.id, req.query),
  });

  app.get('/api/notices/:id/roster/:userId/signature', {
    schema: { tags, summary: "A recipient's confirmation signature (PNG)", params: Type.Object({ id: Id, userId: Id }), response: { 200: Binary } },
    handler: async (req, reply) =>
      reply.header('content-type', 'image/png').header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(roster.signature(req.user!, req.params.id, req.params.userId)),
  });

  app.post('/api/notices/:id/remind', {
    schema: { tags, summary: 'Remind those who have not confirmed (or not read, when the mode asks no confirmation); once per 5 minutes', params: IdParams, response: { 200: RemindResult } },
    handler: async (req) => s.remind(req.user!, req.params.id, req.ip),
  });

  app.get('/api/notices/:id/export.xlsx', {
    schema: { tags, summary: 'The roster as an Excel workbook', params: IdParams, response: { 200: Binary } },
    config: { rateLimit: perUser(10) },
    handler: async (req, reply) => {
      const { bytes, title } = await roster.exportXlsx(req.user!, req.params.id, req.ip);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition('attachment', `${fileSafe(title)}-回执.xlsx`))
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  });

  // ── the admin's school-wide publishers ────────────────────────────────────────────────
  app.get('/api/admin/notices/settings', {
    schema: { tags, summary: 'People who may publish notices to the whole school (besides admin and principal)', response: { 200: NoticeSettings } },
    config: { permission: PERMISSIONS.settingsManage },
    handler: async () => s.settings(),
  });

  app.put('/api/admin/notices/settings', {
    schema: { tags, summary: 'Set the school-wide publishers', body: NoticeSettingsInput, response: { 200: NoticeSettings } },
    config: { permission: PERMISSIONS.settingsManage },
    handler: async (req) => s.setSettings(req.user!, req.body, req.ip),
  });
};
