// Coded errors of the notice centre (the PWA translates `code`). A notice the caller may not see is the same
// 404 as a missing one; one they see but may not manage is also that 404 on the managing routes.
import { createError } from '../../lib/errors.js';

export const NoticeErrors = {
  notFound: createError('NOTICE_NOT_FOUND', 404, 'Notice not found'),
  /** Composing at all, or listing every notice of the school, without the right. */
  forbidden: createError('NOTICES_FORBIDDEN', 403, 'You may not publish notices'),
  /** The action does not fit the notice's state (edit a withdrawn one, PUT a published one, delete a published one). */
  notEditable: createError('NOTICE_NOT_EDITABLE', 409, 'The notice cannot be changed in its current state'),
  notPublished: createError('NOTICE_NOT_PUBLISHED', 409, 'The notice is not published'),
  expired: createError('NOTICE_EXPIRED', 409, 'The notice has expired'),
  badCursor: createError('NOTICE_BAD_CURSOR', 400, 'The list cursor is not valid'),
  withdrawn: createError('NOTICE_WITHDRAWN', 409, 'The notice was withdrawn'),
  audienceEmpty: createError('NOTICE_AUDIENCE_EMPTY', 400, 'Nobody would receive this notice'),
  /** `departmentIds`, `userIds`, `all`, say what lies outside the publisher's departments. */
  audienceOutOfScope: createError('NOTICE_AUDIENCE_OUT_OF_SCOPE', 403, 'You may only address people in your departments'),
  /** `departmentIds` / `userIds`: unknown departments, unknown or inactive people. */
  audienceUnknown: createError('NOTICE_AUDIENCE_UNKNOWN', 400, 'The audience names departments or people that do not exist'),
  /** `fileIds`: files that are gone or that the author may not download. */
  attachmentUnreadable: createError('NOTICE_ATTACHMENT_UNREADABLE', 400, 'An attachment is missing or not yours to share'),
  attachmentNotFound: createError('NOTICE_ATTACHMENT_NOT_FOUND', 404, 'File not found'),
  /** expiresAt is not after the time of publication. */
  expiryInvalid: createError('NOTICE_EXPIRY_INVALID', 400, 'The expiry must be after publication'),
  confirmNotNeeded: createError('NOTICE_CONFIRM_NOT_NEEDED', 409, 'This notice needs no confirmation'),
  confirmNeedsComment: createError('NOTICE_CONFIRM_NEEDS_COMMENT', 400, 'Confirming this notice needs a comment'),
  confirmNeedsSignature: createError('NOTICE_CONFIRM_NEEDS_SIGNATURE', 400, 'Confirming this notice needs a signature'),
  /** Not a PNG data URL, or larger than NOTICE_SIGNATURE_MAX_CHARS. */
  signatureInvalid: createError('NOTICE_SIGNATURE_INVALID', 400, 'The signature is not a PNG image of acceptable size'),
  /** `retryAfterSeconds` + a Retry-After header. */
  remindTooSoon: createError('NOTICE_REMIND_TOO_SOON', 429, 'A reminder was sent less than 5 minutes ago'),
  signatureNotFound: createError('NOTICE_SIGNATURE_NOT_FOUND', 404, 'No signature'),
  /** `userIds`: the school-wide publisher list names unknown or inactive people. */
  personUnknown: createError('NOTICE_PERSON_UNKNOWN', 400, 'Unknown or inactive person'),
};
