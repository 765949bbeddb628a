// The meetings' single permission checkpoint. A meeting is seen by its members only (host, co-hosts and the
// invitees as resolved into meeting_members at save time); anyone else — admins included — gets the same
// 404 MEETING_NOT_FOUND as for a missing meeting. The live room calls roleOf() before seating someone.
import type { MeetingRole } from './meetings.dto.js';
import { MeetingErrors } from './meetings.errors.js';
import type { MeetingRow, MeetingsRepo, MemberRow } from './meetings.repo.js';

export interface MeetingAccess {
  meeting: MeetingRow;
  role: MeetingRole;
  member: MemberRow;
}

export function createMeetingAccess(repo: MeetingsRepo) {
  /** The checkpoint: the meeting and the caller's role in it, or MEETING_NOT_FOUND. */
  function accessMeetingById(userId: string, meetingId: string): MeetingAccess {
    const meeting = repo.meeting(meetingId);
    const member = meeting ? repo.member(meetingId, userId) : undefined;
    if (!meeting || !member) throw MeetingErrors.notFound();
    return { meeting, role: member.role, member };
  }
  return {
    accessMeetingById,
    /** Managing routes: host and co-hosts; other members get MEETING_FORBIDDEN (they know it exists). */
    manageMeetingById(userId: string, meetingId: string): MeetingAccess {
      const a = accessMeetingById(userId, meetingId);
      if (a.role === 'attendee') throw MeetingErrors.forbidden();
      return a;
    },
    /** The person's role in the meeting, or null when they are not a member (or it does not exist). */
    roleOf(meetingId: string, userId: string): MeetingRole | null {
      return repo.member(meetingId, userId)?.role ?? null;
    },
  };
}
export type MeetingAccessCheckpoint = ReturnType<typeof createMeetingAccess>;
