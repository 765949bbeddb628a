import { createError } from '../../lib/errors.js';

export const OrgErrors = {
  departmentNotFound: createError('DEPARTMENT_NOT_FOUND', 404, 'Department not found'),
  departmentNotEmpty: createError('DEPARTMENT_NOT_EMPTY', 409, 'The department still has members or sub-departments'),
  departmentCycle: createError('DEPARTMENT_CYCLE', 400, 'A department cannot be moved under itself'),
  departmentDuplicate: createError('DEPARTMENT_DUPLICATE', 409, 'A department with this name already exists here'),
  positionNotFound: createError('POSITION_NOT_FOUND', 404, 'Position not found'),
  positionDuplicate: createError('POSITION_DUPLICATE', 409, 'A position with this name already exists'),
  personNotFound: createError('PERSON_NOT_FOUND', 404, 'Person not found'),
  personDuplicate: createError('PERSON_DUPLICATE', 409, 'Someone already uses this value'),
  invalidPhone: createError('INVALID_PHONE', 400, 'Not a valid mainland mobile number'),
  invalidName: createError('INVALID_NAME', 400, 'Not a valid name'),
  supervisorCycle: createError('SUPERVISOR_CYCLE', 400, 'This supervisor would create a reporting loop'),
  roleScopeRequired: createError('ROLE_SCOPE_REQUIRED', 400, 'A department head role needs a department'),
  lastAdmin: createError('LAST_ADMIN', 409, 'The school must keep at least one active administrator'),
  badCursor: createError('INVALID_CURSOR', 400, 'This page cursor is not valid; start from the first page'),
  importNotFound: createError('IMPORT_NOT_FOUND', 404, 'Import not found'),
  importDone: createError('IMPORT_ALREADY_COMMITTED', 409, 'This import was already committed'),
  importUnreadable: createError('IMPORT_UNREADABLE', 400, 'The file could not be read as a spreadsheet'),
};
