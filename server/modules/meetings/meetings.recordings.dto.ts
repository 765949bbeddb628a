// The recordings list of a meeting (GET /api/meetings/:id/recordings). Pure: the PWA imports these types.
import { Type, type Static } from 'typebox';

export const RecordingId = Type.String({ pattern: '^[0-9a-z]{26}$' });
export const RecordingStatus = Type.Union([Type.Literal('recording'), Type.Literal('processing'), Type.Literal('ready'), Type.Literal('failed')]);
export type RecordingStatus = Static<typeof RecordingStatus>;

export const MeetingRecording = Type.Object({
  id: Type.String(),
  status: RecordingStatus,
  startedAt: Type.String({ format: 'date-time' }),
  stoppedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  sizeBytes: Type.Union([Type.Integer(), Type.Null()]),
  /** The finished file in the documents store; play it from /api/files/nodes/:fileId/content (HTTP Range). */
  fileId: Type.Union([Type.String(), Type.Null()]),
  /** Why the conversion failed: shown to the host and co-hosts only. */
  error: Type.Union([Type.String(), Type.Null()]),
});
export type MeetingRecording = Static<typeof MeetingRecording>;

export const MeetingRecordings = Type.Object({
  meeting: Type.Object({ id: Type.String(), title: Type.String() }),
  items: Type.Array(MeetingRecording),
});
export type MeetingRecordings = Static<typeof MeetingRecordings>;
