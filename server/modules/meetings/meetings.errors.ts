// Coded errors of meetings (the PWA translates `code`). A meeting the caller is not a member of is the same 404
// as a missing one; a member who may not manage it gets MEETING_FORBIDDEN (they already know it exists).
import { createError } from '../../lib/errors.js';

export const MeetingErrors = {
  notFound: createError('MEETING_NOT_FOUND', 404, 'Meeting not found'),
  /** Editing, cancelling or seeing attendance without being the host or a co-host. */
  forbidden: createError('MEETING_FORBIDDEN', 403, 'Only the host and co-hosts may do this'),
  cancelled: createError('MEETING_CANCELLED', 409, 'The meeting was cancelled'),
  /** The meeting (its last occurrence) is over: it can no longer be edited. */
  over: createError('MEETING_OVER', 409, 'The meeting is over'),
  /** The (first) start is in the past on create, or the end comes before the start. */
  timeInvalid: createError('MEETING_TIME_INVALID', 400, 'The meeting time is not valid'),
  recurrenceInvalid: createError('MEETING_RECURRENCE_INVALID', 400, 'The recurrence rule is not valid'),
  /** `departmentIds` / `userIds`: unknown departments, unknown or inactive people (co-hosts too). */
  inviteeUnknown: createError('MEETING_INVITEE_UNKNOWN', 400, 'The invitees name departments or people that do not exist'),
  inviteesEmpty: createError('MEETING_INVITEES_EMPTY', 400, 'Invite at least one other person'),
  /** `fileIds`: files that are gone or that the caller may not download. */
  attachmentUnreadable: createError('MEETING_ATTACHMENT_UNREADABLE', 400, 'An attachment is missing or not yours to share'),
  attachmentNotFound: createError('MEETING_ATTACHMENT_NOT_FOUND', 404, 'File not found'),
  /** "Meet now" from a notice the caller cannot see (or that does not exist). */
  sourceNotFound: createError('MEETING_SOURCE_NOT_FOUND', 404, 'The notice was not found'),
  feedNotFound: createError('MEETING_FEED_NOT_FOUND', 404, 'No such calendar feed'),
  rangeInvalid: createError('MEETING_RANGE_INVALID', 400, 'The calendar range is not valid'),
  roomNoExhausted: createError('MEETING_ROOM_NO_EXHAUSTED', 503, 'No free room number was found'),
};
