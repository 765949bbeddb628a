// Coded errors of form definitions. A form the caller may not manage (or submit to) is the same 404 as a
// missing one; creating a form is not a hidden resource, so refusing it is a plain 403.
import { createError } from '../../lib/errors.js';

export const FormErrors = {
  notFound: createError('FORM_NOT_FOUND', 404, 'Form not found'),
  forbidden: createError('FORMS_FORBIDDEN', 403, 'You may not manage forms here'),
  /** Publishing refused: `errors` lists the problems with JSON pointers into the draft. */
  invalid: createError('FORM_INVALID', 400, 'The form cannot be published yet'),
  /** A saved draft names people or departments that do not exist (`errors` has the pointers). */
  referenceUnknown: createError('FORM_REFERENCE_UNKNOWN', 400, 'The form names a person or department that does not exist'),
  calendarInvalid: createError('CALENDAR_INVALID', 400, 'The school calendar is not valid'),
};
