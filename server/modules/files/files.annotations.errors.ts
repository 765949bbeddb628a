// Errors of document annotations (codes are translated by the PWA as errors.<CODE>).
import { createError } from '../../lib/errors.js';

export const AnnotationErrors = {
  pageInvalid: createError('ANNOTATION_PAGE_INVALID', 400, 'The page does not exist in this version'),
  assigneeInvalid: createError('ANNOTATION_ASSIGNEE_INVALID', 400, 'The assignee is not an active staff member'),
  /** Said instead of silently sharing the file: the author must share it first. */
  assigneeNoAccess: createError('ANNOTATION_ASSIGNEE_NO_ACCESS', 400, 'The assignee cannot view this file'),
};
