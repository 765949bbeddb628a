// What meetings need from other modules, narrowed to what they use (app.ts passes the real services; the
// shapes are checked where it wires them).
import type { CurrentUser } from '../../core/request-context.js';
import type { Gateway } from '../gateway/index.js';
import type { OrgService } from '../org/index.js';
import type { MeetingAttachment } from './meetings.dto.js';

export type MeetingsGateway = Pick<Gateway, 'deliver'>;
export type MeetingsOrg = Pick<OrgService, 'departmentMemberIds' | 'userRow' | 'listDepartments' | 'personSummary'>;

/** The documents store as meetings use it (files.attachments; the same port notices use). */
export interface MeetingAttachmentsPort {
  /** The files among `ids` that `user` may download (only those may be attached). */
  readable(user: CurrentUser, ids: string[]): Map<string, MeetingAttachment>;
  /** Descriptions regardless of access: every member sees the meeting's files. */
  describe(ids: string[]): Map<string, MeetingAttachment>;
  open(id: string): { path: string; name: string; size: number; mime: string | null } | null;
}

/** "Meet now" from a notice: its title and recipients, if the caller may see it (else null). */
export interface MeetingNoticeSource {
  recipients(user: CurrentUser, noticeId: string): { title: string; userIds: string[] } | null;
}
