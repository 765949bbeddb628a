// SQL of meetings: prepared statements on better-sqlite3 (synchronous), so saving a meeting — the row, its
// invitees as chosen, its resolved members and attachments — is one transaction. Only meetings.service.ts
// (and the room, through it) writes.
import type { Sqlite } from '../../db/client.js';
import type { AnnotateMode, MeetingKind, MeetingResponse, MeetingRole, MeetingStatus } from './meetings.dto.js';

export interface MeetingRow {
  id: string;
  title: string;
  agenda: string;
  kind: MeetingKind;
  status: MeetingStatus;
  startsAt: string;
  durationMin: number;
  /** JSON MeetingRecurrence or null. */
  recurrence: string | null;
  timeZone: string;
  hostId: string;
  sourceType: 'notice' | 'chat' | null;
  sourceId: string | null;
  roomNo: number;
  lobby: number;
  cameraOffAbove: number;
  annotate: AnnotateMode;
  folderId: string | null;
  icsSequence: number;
  createdAt: string;
  updatedAt: string;
}

export interface MemberRow {
  userId: string;
  role: MeetingRole;
  response: MeetingResponse;
}

export interface AttendanceStay {
  userId: string;
  joinedAt: string;
  leftAt: string | null;
  device: string;
}

export interface ChatRow {
  id: number;
  userId: string;
  body: string;
  createdAt: string;
}

/** What a save writes (create and replace). */
export interface MeetingContent {
  title: string;
  agenda: string;
  startsAt: string;
  durationMin: number;
  recurrence: string | null;
  lobby: number;
  cameraOffAbove: number;
  annotate: AnnotateMode;
}

const COLS = `id, title, agenda, kind, status, starts_at AS startsAt, duration_min AS durationMin, recurrence, time_zone AS timeZone,
  host_id AS hostId, source_type AS sourceType, source_id AS sourceId, room_no AS roomNo, lobby, camera_off_above AS cameraOffAbove,
  annotate, folder_id AS folderId, ics_sequence AS icsSequence, created_at AS createdAt, updated_at AS updatedAt`;
const M_COLS = COLS.split(',').map((c) => `m.${c.trim()}`).join(', ');

export function createMeetingsRepo(db: Sqlite) {
  const q = {
    meeting: db.prepare(`SELECT ${COLS} FROM meetings WHERE id = ?`),
    roomNoTaken: db.prepare('SELECT 1 FROM meetings WHERE room_no = ?'),
    insert: db.prepare(
      `INSERT INTO meetings (id, title, agenda, kind, status, starts_at, duration_min, recurrence, time_zone, host_id, source_type, source_id, room_no,
         lobby, camera_off_above, annotate, ics_sequence, created_at, updated_at)
       VALUES (@id, @title, @agenda, @kind, 'scheduled', @startsAt, @durationMin, @recurrence, @timeZone, @hostId, @sourceType, @sourceId, @roomNo,
         @lobby, @cameraOffAbove, @annotate, 0, @at, @at)`,
    ),
    update: db.prepare(
      `UPDATE meetings SET title = @title, agenda = @agenda, starts_at = @startsAt, duration_min = @durationMin, recurrence = @recurrence, lobby = @lobby,
         camera_off_above = @cameraOffAbove, annotate = @annotate, ics_sequence = ics_sequence + 1, updated_at = @at WHERE id = @id AND status = 'scheduled'`,
    ),
    cancel: db.prepare(`UPDATE meetings SET status = 'cancelled', ics_sequence = ics_sequence + 1, updated_at = ? WHERE id = ? AND status = 'scheduled'`),
    member: db.prepare('SELECT user_id AS userId, role, response FROM meeting_members WHERE meeting_id = ? AND user_id = ?'),
    members: db.prepare('SELECT user_id AS userId, role, response FROM meeting_members WHERE meeting_id = ?'),
    memberCount: db.prepare('SELECT COUNT(*) AS n FROM meeting_members WHERE meeting_id = ?'),
    clearMembers: db.prepare('DELETE FROM meeting_members WHERE meeting_id = ?'),
    insertMember: db.prepare('INSERT INTO meeting_members (meeting_id, user_id, role, response) VALUES (?, ?, ?, ?)'),
    respond: db.prepare('UPDATE meeting_members SET response = ? WHERE meeting_id = ? AND user_id = ?'),
    invitees: db.prepare('SELECT kind, ref_id AS refId FROM meeting_invitees WHERE meeting_id = ? ORDER BY rowid'),
    clearInvitees: db.prepare('DELETE FROM meeting_invitees WHERE meeting_id = ?'),
    insertInvitee: db.prepare('INSERT INTO meeting_invitees (meeting_id, kind, ref_id) VALUES (?, ?, ?)'),
    attachments: db.prepare('SELECT file_id AS fileId FROM meeting_attachments WHERE meeting_id = ? ORDER BY position'),
    clearAttachments: db.prepare('DELETE FROM meeting_attachments WHERE meeting_id = ?'),
    insertAttachment: db.prepare('INSERT INTO meeting_attachments (meeting_id, file_id, position) VALUES (?, ?, ?)'),
    mine: db.prepare(
      `SELECT ${M_COLS}, mm.role AS myRole, mm.response AS myResponse,
         (SELECT COUNT(*) FROM meeting_members x WHERE x.meeting_id = m.id) AS memberCount
       FROM meeting_members mm JOIN meetings m ON m.id = mm.meeting_id WHERE mm.user_id = ?`,
    ),
    stays: db.prepare(
      `SELECT user_id AS userId, joined_at AS joinedAt, left_at AS leftAt, device FROM meeting_attendance
       WHERE meeting_id = ? AND joined_at >= ? AND joined_at < ? ORDER BY joined_at, id`,
    ),
    chat: db.prepare('SELECT id, user_id AS userId, body, created_at AS createdAt FROM meeting_chat WHERE meeting_id = ? AND id > ? ORDER BY id LIMIT ?'),
    feedByUser: db.prepare('SELECT created_at AS createdAt FROM meeting_feed_tokens WHERE user_id = ?'),
    feedByHash: db.prepare('SELECT user_id AS userId FROM meeting_feed_tokens WHERE token_hash = ?'),
    feedUpsert: db.prepare(
      `INSERT INTO meeting_feed_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)
       ON CONFLICT(user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
    ),
    feedDelete: db.prepare('DELETE FROM meeting_feed_tokens WHERE user_id = ?'),
  };

  return {
    tx: <T>(fn: () => T): T => db.transaction(fn)(),
    meeting: (id: string) => q.meeting.get(id) as MeetingRow | undefined,
    roomNoTaken: (n: number) => q.roomNoTaken.get(n) !== undefined,
    insert(row: MeetingContent & { id: string; kind: MeetingKind; timeZone: string; hostId: string; sourceType: string | null; sourceId: string | null; roomNo: number; at: string }): void {
      q.insert.run(row);
    },
    /** Replace the content of a scheduled meeting (SEQUENCE + 1). False when it is cancelled meanwhile. */
    update: (id: string, c: MeetingContent, at: string) => q.update.run({ id, ...c, at }).changes > 0,
    cancel: (id: string, at: string) => q.cancel.run(at, id).changes > 0,
    member: (meetingId: string, userId: string) => q.member.get(meetingId, userId) as MemberRow | undefined,
    members: (meetingId: string) => q.members.all(meetingId) as MemberRow[],
    memberCount: (meetingId: string) => (q.memberCount.get(meetingId) as { n: number }).n,
    /** Replaces the members; the caller keeps the responses of those who stay. */
    setMembers(meetingId: string, rows: MemberRow[]): void {
      q.clearMembers.run(meetingId);
      for (const r of rows) q.insertMember.run(meetingId, r.userId, r.role, r.response);
    },
    respond: (meetingId: string, userId: string, response: MeetingResponse) => q.respond.run(response, meetingId, userId).changes > 0,
    invitees: (meetingId: string) => q.invitees.all(meetingId) as { kind: 'user' | 'department'; refId: string }[],
    setInvitees(meetingId: string, userIds: string[], departmentIds: string[]): void {
      q.clearInvitees.run(meetingId);
      for (const u of userIds) q.insertInvitee.run(meetingId, 'user', u);
      for (const d of departmentIds) q.insertInvitee.run(meetingId, 'department', d);
    },
    attachmentIds: (meetingId: string) => (q.attachments.all(meetingId) as { fileId: string }[]).map((r) => r.fileId),
    setAttachments(meetingId: string, fileIds: string[]): void {
      q.clearAttachments.run(meetingId);
      fileIds.forEach((f, i) => q.insertAttachment.run(meetingId, f, i));
    },
    /** Every meeting the person is a member of, with their role and response. */
    mine: (userId: string) => q.mine.all(userId) as (MeetingRow & { myRole: MeetingRole; myResponse: MeetingResponse; memberCount: number })[],
    stays: (meetingId: string, from: string, to: string) => q.stays.all(meetingId, from, to) as AttendanceStay[],
    chat: (meetingId: string, after: number, limit: number) => q.chat.all(meetingId, after, limit) as ChatRow[],
    feedOf: (userId: string) => q.feedByUser.get(userId) as { createdAt: string } | undefined,
    feedUser: (hash: string) => (q.feedByHash.get(hash) as { userId: string } | undefined)?.userId ?? null,
    setFeed: (userId: string, hash: string, at: string) => void q.feedUpsert.run(userId, hash, at),
    deleteFeed: (userId: string) => q.feedDelete.run(userId).changes > 0,
  };
}
export type MeetingsRepo = ReturnType<typeof createMeetingsRepo>;
