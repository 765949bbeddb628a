// HTTP routes of meetings. Thin: schemas here, rules in meetings.service.ts, access in meetings.access.ts (a
// meeting the caller is not a member of is the same 404 as a missing one). The calendar feed is the one
// public route: its unguessable token is the credential.
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { perUser } from '../../core/rate-limits.js';
import {
  AttendanceQuery, CalendarOccurrences, CalendarQuery, ChatQuery, FeedCreated, FeedStatus, Id, InstantInput, MeetingAttendance, MeetingCancel, MeetingChatPage,
  MeetingDetail, MeetingInput, MeetingList, MeetingListQuery, MeetingRespond,
} from './meetings.dto.js';
import { attendanceWorkbook } from './meetings.export.js';
import type { MeetingsService } from './meetings.service.js';

export interface MeetingRoutesOptions {
  meetings: MeetingsService;
}

const tags = ['meetings'];
const IdParams = Type.Object({ id: Id });
const Binary = Type.Unsafe<unknown>({ type: 'string', format: 'binary' });
const Text = Type.String();
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);
const ICS = 'text/calendar; charset=utf-8';

/** RFC 6266 / RFC 5987: an ASCII fallback plus the exact UTF-8 name. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_') || 'download';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
const fileSafe = (s: string) => s.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').slice(0, 80);

export const meetingRoutes: FastifyPluginAsyncTypebox<MeetingRoutesOptions> = async (app, { meetings: s }) => {
  // ── my meetings ───────────────────────────────────────────────────────────────────────
  app.get('/api/meetings', {
    schema: { tags, summary: 'My meetings: upcoming (soonest first) or past and cancelled (latest first)', querystring: MeetingListQuery, response: { 200: MeetingList } },
    handler: async (req) => s.list(req.user!, req.query),
  });

  app.get('/api/meetings/calendar', {
    schema: { tags, summary: 'Occurrences of my meetings overlapping [from, to) (at most 62 days), recurrences expanded in the school time zone', querystring: CalendarQuery, response: { 200: CalendarOccurrences } },
    handler: async (req) => s.calendar(req.user!, req.query),
  });

  app.post('/api/meetings', {
    schema: { tags, summary: 'Schedule a meeting (I am the host); members are invited', body: MeetingInput, response: { 201: MeetingDetail } },
    config: { rateLimit: perUser(60) },
    handler: async (req, reply) => reply.code(201).send(s.create(req.user!, req.body)),
  });

  app.post('/api/meetings/instant', {
    schema: { tags, summary: 'Meet now: a meeting that starts at once; from a notice, its recipients are invited; everyone gets a join link', body: InstantInput, response: { 201: MeetingDetail } },
    config: { rateLimit: perUser(20) },
    handler: async (req, reply) => reply.code(201).send(s.instant(req.user!, req.body)),
  });

  // ── the calendar feed (static paths before /:id) ─────────────────────────────────────────
  app.get('/api/meetings/feed', {
    schema: { tags, summary: 'Whether I have a calendar feed', response: { 200: FeedStatus } },
    handler: async (req) => s.feedStatus(req.user!),
  });

  app.post('/api/meetings/feed', {
    schema: { tags, summary: 'Make (or replace) my calendar feed; its URL is shown only now', response: { 200: FeedCreated } },
    config: { rateLimit: perUser(10) },
    handler: async (req, reply) => reply.header('cache-control', 'no-store').send(s.rotateFeed(req.user!)),
  });

  app.delete('/api/meetings/feed', {
    schema: { tags, summary: 'Stop my calendar feed', response: { 204: Type.Null() } },
    handler: async (req, reply) => {
      s.deleteFeed(req.user!);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/meetings/feed/:file', {
    schema: { tags, summary: "A person's meetings as iCalendar (webcal subscription); the file name is '<token>.ics'", params: Type.Object({ file: Type.String({ maxLength: 100 }) }), response: { 200: Text }, security: [] },
    config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
    handler: async (req, reply) => reply.header('content-type', ICS).header('cache-control', 'private, max-age=300').send(s.feedIcs(req.params.file)),
  });

  // ── one meeting ───────────────────────────────────────────────────────────────────────
  app.get('/api/meetings/:id', {
    schema: { tags, summary: 'A meeting I am a member of', params: IdParams, response: { 200: MeetingDetail } },
    handler: async (req) => s.detail(req.user!, req.params.id),
  });

  app.put('/api/meetings/:id', {
    schema: { tags, summary: 'Change a meeting (host, co-host); members are told, SEQUENCE goes up', params: IdParams, body: MeetingInput, response: { 200: MeetingDetail } },
    handler: async (req) => s.update(req.user!, req.params.id, req.body),
  });

  app.post('/api/meetings/:id/cancel', {
    schema: { tags, summary: 'Cancel a meeting (host, co-host); members are told', params: IdParams, body: MeetingCancel, response: { 200: MeetingDetail } },
    handler: async (req) => s.cancel(req.user!, req.params.id, req.body),
  });

  app.post('/api/meetings/:id/respond', {
    schema: { tags, summary: 'Accept, decline or answer tentatively', params: IdParams, body: MeetingRespond, response: { 200: MeetingDetail } },
    handler: async (req) => s.respond(req.user!, req.params.id, req.body),
  });

  app.get('/api/meetings/:id/invite.ics', {
    schema: { tags, summary: 'The meeting as an iCalendar invitation (METHOD:REQUEST; CANCEL once cancelled)', params: IdParams, response: { 200: Text } },
    handler: async (req, reply) => {
      const { text, title } = s.inviteIcs(req.user!, req.params.id);
      return reply.header('content-type', ICS).header('content-disposition', contentDisposition('attachment', `${fileSafe(title)}.ics`)).header('cache-control', 'private, no-store').send(text);
    },
  });

  app.get('/api/meetings/:id/attendance', {
    schema: { tags, summary: 'Who was there (host, co-host): first join, last leave, minutes in the room', params: IdParams, querystring: AttendanceQuery, response: { 200: MeetingAttendance } },
    handler: async (req) => s.attendance(req.user!, req.params.id, req.query),
  });

  app.get('/api/meetings/:id/attendance.xlsx', {
    schema: { tags, summary: 'The attendance as an Excel workbook', params: IdParams, querystring: AttendanceQuery, response: { 200: Binary } },
    config: { rateLimit: perUser(10) },
    handler: async (req, reply) => {
      const a = s.attendanceFor(req.user!, req.params.id, req.query);
      const bytes = await attendanceWorkbook({ ...a, from: req.query.from, to: req.query.to });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition('attachment', `${fileSafe(a.meeting.title)}-签到.xlsx`))
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  });

  app.get('/api/meetings/:id/chat', {
    schema: { tags, summary: 'The in-meeting chat, oldest first (page with `after`)', params: IdParams, querystring: ChatQuery, response: { 200: MeetingChatPage } },
    handler: async (req) => s.chat(req.user!, req.params.id, req.query),
  });

  app.get('/api/meetings/:id/attachments/:fileId', {
    schema: { tags, summary: 'A file attached to the meeting', params: Type.Object({ id: Id, fileId: Id }), response: { 200: Binary } },
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
};
