// SQL the live room needs: who may be in a meeting and as what, attendance, in-meeting chat, recording
// rows. Scheduling has its own repo (meetings.repo.ts). Prepared statements on better-sqlite3.
import type { Sqlite } from '../../db/client.js';
import type { MeetingRole } from './meetings.signal.dto.js';

export interface RoomMeetingRow {
  id: string;
  title: string;
  status: 'scheduled' | 'cancelled';
  hostId: string;
  roomNo: number;
  lobby: number;
  cameraOffAbove: number;
  annotate: 'presenter' | 'hosts' | 'all';
  folderId: string | null;
}

export interface RecordingRow {
  id: string;
  meetingId: string;
  status: 'recording' | 'processing' | 'ready' | 'failed';
  dir: string;
  startedBy: string | null;
  startedAt: string;
  stoppedAt: string | null;
}

export function createRoomRepo(sqlite: Sqlite) {
  const q = {
    meeting: sqlite.prepare(
      `SELECT id, title, status, host_id AS hostId, room_no AS roomNo, lobby, camera_off_above AS cameraOffAbove, annotate, folder_id AS folderId
         FROM meetings WHERE id = ?`,
    ),
    role: sqlite.prepare(`SELECT role FROM meeting_members WHERE meeting_id = ? AND user_id = ?`),
    setRole: sqlite.prepare(`UPDATE meeting_members SET role = ? WHERE meeting_id = ? AND user_id = ? AND role <> 'host'`),
    name: sqlite.prepare(`SELECT display_name AS name FROM users WHERE id = ?`),
    joinAttendance: sqlite.prepare(`INSERT INTO meeting_attendance (meeting_id, user_id, session_key, joined_at, device) VALUES (?, ?, ?, ?, ?)`),
    rekeyAttendance: sqlite.prepare(`UPDATE meeting_attendance SET session_key = ? WHERE id = ?`),
    leaveAttendance: sqlite.prepare(`UPDATE meeting_attendance SET left_at = ? WHERE id = ? AND left_at IS NULL`),
    closeOpenAttendance: sqlite.prepare(`UPDATE meeting_attendance SET left_at = ? WHERE left_at IS NULL`),
    addChat: sqlite.prepare(`INSERT INTO meeting_chat (meeting_id, user_id, body, created_at) VALUES (?, ?, ?, ?)`),
    recentChat: sqlite.prepare(
      `SELECT c.id, c.user_id AS userId, u.display_name AS name, c.body AS text, c.created_at AS at
         FROM meeting_chat c JOIN users u ON u.id = c.user_id WHERE c.meeting_id = ? ORDER BY c.id DESC LIMIT ?`,
    ),
    addRecording: sqlite.prepare(`INSERT INTO meeting_recordings (id, meeting_id, status, dir, started_by, started_at) VALUES (?, ?, 'recording', ?, ?, ?)`),
    stopRecording: sqlite.prepare(`UPDATE meeting_recordings SET status = 'processing', stopped_at = ?, duration_ms = ? WHERE id = ? AND status = 'recording'`),
    failOpenRecordings: sqlite.prepare(`UPDATE meeting_recordings SET status = 'processing', stopped_at = ? WHERE status = 'recording'`),
    openRecordingIds: sqlite.prepare(`SELECT id FROM meeting_recordings WHERE status = 'recording'`),
  };
  return {
    meeting: (id: string) => q.meeting.get(id) as RoomMeetingRow | undefined,
    role: (meetingId: string, userId: string) => (q.role.get(meetingId, userId) as { role: MeetingRole } | undefined)?.role ?? null,
    setRole: (meetingId: string, userId: string, role: 'cohost' | 'attendee') => q.setRole.run(role, meetingId, userId).changes > 0,
    nameOf: (userId: string) => (q.name.get(userId) as { name: string } | undefined)?.name ?? '',
    joinAttendance: (meetingId: string, userId: string, pid: string, at: string, device: string) => Number(q.joinAttendance.run(meetingId, userId, pid, at, device).lastInsertRowid),
    rekeyAttendance: (id: number, pid: string) => void q.rekeyAttendance.run(pid, id),
    leaveAttendance: (id: number, at: string) => void q.leaveAttendance.run(at, id),
    addChat: (meetingId: string, userId: string, text: string, at: string) => Number(q.addChat.run(meetingId, userId, text, at).lastInsertRowid),
    recentChat: (meetingId: string, limit: number) => (q.recentChat.all(meetingId, limit) as { id: number; userId: string; name: string; text: string; at: string }[]).reverse(),
    addRecording: (id: string, meetingId: string, dir: string, by: string, at: string) => void q.addRecording.run(id, meetingId, dir, by, at),
    stopRecording: (id: string, at: string, durationMs: number) => q.stopRecording.run(at, durationMs, id).changes > 0,
    /** After a crash: stays in the room end; recordings cut short are converted as far as they got. */
    recoverAfterCrash(at: string): string[] {
      q.closeOpenAttendance.run(at);
      const ids = (q.openRecordingIds.all() as { id: string }[]).map((r) => r.id);
      q.failOpenRecordings.run(at);
      return ids;
    },
  };
}
export type RoomRepo = ReturnType<typeof createRoomRepo>;
