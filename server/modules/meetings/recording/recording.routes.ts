// GET /api/meetings/:id/recordings: a meeting's recordings for its members (anyone else gets the same 404
// as for a missing meeting). The bytes come from the documents store, which serves HTTP Range.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createError } from '../../../lib/errors.js';
import { MeetingRecordings, RecordingId } from '../meetings.recordings.dto.js';
import type { RecordingRepo } from './recording.repo.js';

export const RecordingErrors = {
  meetingNotFound: createError('MEETING_NOT_FOUND', 404, 'Meeting not found'),
};

export const recordingRoutes: FastifyPluginAsyncTypebox<{ repo: RecordingRepo }> = async (app, { repo }) => {
  app.get('/api/meetings/:id/recordings', {
    schema: { tags: ['meetings'], summary: 'Recordings of a meeting, newest first (members only)', params: Type.Object({ id: RecordingId }), response: { 200: MeetingRecordings } },
    handler: async (req) => {
      const meeting = repo.meeting(req.params.id);
      const role = meeting ? repo.roleOf(meeting.id, req.user!.id) : null;
      if (!meeting || (!role && meeting.hostId !== req.user!.id)) throw RecordingErrors.meetingNotFound();
      const hosts = role === 'host' || role === 'cohost' || meeting.hostId === req.user!.id;
      return {
        meeting: { id: meeting.id, title: meeting.title },
        items: repo.ofMeeting(meeting.id).map((r) => ({
          id: r.id, status: r.status, startedAt: r.startedAt, stoppedAt: r.stoppedAt, durationMs: r.durationMs, sizeBytes: r.sizeBytes,
          fileId: r.status === 'ready' ? r.fileId : null, error: hosts ? r.error : null,
        })),
      };
    },
  });
};
