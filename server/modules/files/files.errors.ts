import { CommonErrors, createError } from '../../lib/errors.js';

export const FilesErrors = {
  /** Forbidden and missing look the same: nobody learns that a file they may not see exists. */
  notFound: () => CommonErrors.notFound('No such file or folder'),
  nameInvalid: createError('FILE_NAME_INVALID', 400, 'The name cannot be used'),
  nameTaken: createError('FILE_NAME_TAKEN', 409, 'A file or folder with this name already exists here'),
  quotaExceeded: createError('QUOTA_EXCEEDED', 413, 'Not enough space left in this space'),
  tooLarge: createError('FILE_TOO_LARGE', 413, 'The file is larger than the upload limit'),
  moveInvalid: createError('FOLDER_MOVE_INVALID', 409, 'A folder cannot be moved into itself or another space'),
  notAllowed: createError('FILE_ACCESS_DENIED', 403, 'Your access to this item does not allow that'),
  spaceRootLocked: createError('SPACE_ROOT_LOCKED', 409, 'A space cannot be renamed, moved or deleted here'),
  secretNeedsPerson: createError('SECRET_NEEDS_PERSON', 400, 'A secret item needs at least one named person with access'),
  docTypeUnknown: createError('DOC_TYPE_UNKNOWN', 400, 'Unknown document type'),
  subjectUnknown: createError('GRANT_SUBJECT_UNKNOWN', 400, 'The person, department or role does not exist'),
  watermarkFailed: createError('WATERMARK_FAILED', 422, 'This file cannot be watermarked, so it cannot be handed out'),
  annotationNotFound: createError('ANNOTATION_NOT_FOUND', 404, 'Annotation not found'),
  notAFolder: createError('NOT_A_FOLDER', 400, 'The target is not a folder'),
  snapshotNodeUnknown: createError('SNAPSHOT_NODE_NOT_FOUND', 404, 'This file or folder is not in the backup snapshot'),
  snapshotBlobMismatch: createError('SNAPSHOT_BLOB_MISMATCH', 422, 'The contents of a file in the backup snapshot do not match their checksum'),
  rangeInvalid: createError('RANGE_NOT_SATISFIABLE', 416, 'The requested range is outside the file'),
};
