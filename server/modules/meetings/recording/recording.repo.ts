// SQL the recording pipeline needs: its own rows in meeting_recordings, the meeting's title and recordings
// folder, and who belongs to the meeting (meeting_members, which access checks read).
import type { Sqlite } from '../../../db/client.js';

export type RecordingStatus = 'recording' | 'processing' | 'ready' | 'failed';

export interface RecordingRow {
  id: string;
  meetingId: string;
  status: RecordingStatus;
  dir: string;
  startedBy: string | null;
  startedAt: string;
  stoppedAt: string | null;
  durationMs: number | null;
  fileId: string | null;
  sizeBytes: number | null;
  error: string | null;
}

export interface MeetingInfo {
  id: string;
  title: string;
  hostId: string;
  folderId: string | null;
  startsAt: string;
  timeZone: string;
}

const COLS = `id, meeting_id AS meetingId, status, dir, started_by AS startedBy, started_at AS startedAt, stopped_at AS stoppedAt,
  duration_ms AS durationMs, file_id AS fileId, size_bytes AS sizeBytes, error`;

export function createRecordingRepo(sqlite: Sqlite) {
  const s = {
    get: sqlite.prepare(`SELECT ${COLS} FROM meeting_recordings WHERE id = ?`),
    ofMeeting: sqlite.prepare(`SELECT ${COLS} FROM meeting_recordings WHERE meeting_id = ? ORDER BY started_at DESC, id DESC LIMIT 200`),
    insert: sqlite.prepare(`INSERT INTO meeting_recordings (id, meeting_id, status, dir, started_by, started_at) VALUES (?, ?, ?, ?, ?, ?)`),
    processing: sqlite.prepare(`UPDATE meeting_recordings SET status = 'processing', error = NULL WHERE id = ? AND status IN ('recording', 'processing', 'failed')`),
    ready: sqlite.prepare(`UPDATE meeting_recordings SET status = 'ready', file_id = ?, size_bytes = ?, duration_ms = ?, error = NULL WHERE id = ?`),
    failed: sqlite.prepare(`UPDATE meeting_recordings SET status = 'failed', error = ? WHERE id = ?`),
    meeting: sqlite.prepare(`SELECT id, title, host_id AS hostId, folder_id AS folderId, starts_at AS startsAt, time_zone AS timeZone FROM meetings WHERE id = ?`),
    setFolder: sqlite.prepare(`UPDATE meetings SET folder_id = ? WHERE id = ?`),
    members: sqlite.prepare(`SELECT user_id AS userId, role FROM meeting_members WHERE meeting_id = ?`),
    role: sqlite.prepare(`SELECT role FROM meeting_members WHERE meeting_id = ? AND user_id = ?`),
  };
  return {
    sqlite,
    get: (id: string) => s.get.get(id) as RecordingRow | undefined,
    ofMeeting: (meetingId: string) => s.ofMeeting.all(meetingId) as RecordingRow[],
    /** The live room makes this row when the host starts recording (tests make it themselves). */
    insert(r: { id: string; meetingId: string; dir: string; startedBy: string | null; startedAt: string; status?: RecordingStatus }) {
      s.insert.run(r.id, r.meetingId, r.status ?? 'recording', r.dir, r.startedBy, r.startedAt);
    },
    markProcessing: (id: string) => s.processing.run(id).changes > 0,
    markReady: (id: string, fileId: string, sizeBytes: number, durationMs: number) => void s.ready.run(fileId, sizeBytes, durationMs, id),
    markFailed: (id: string, error: string) => void s.failed.run(error.slice(0, 2000), id),
    meeting: (id: string) => s.meeting.get(id) as MeetingInfo | undefined,
    setFolder: (meetingId: string, folderId: string) => void s.setFolder.run(folderId, meetingId),
    members: (meetingId: string) => s.members.all(meetingId) as { userId: string; role: 'host' | 'cohost' | 'attendee' }[],
    roleOf: (meetingId: string, userId: string) => (s.role.get(meetingId, userId) as { role: 'host' | 'cohost' | 'attendee' } | undefined)?.role ?? null,
  };
}
export type RecordingRepo = ReturnType<typeof createRecordingRepo>;
