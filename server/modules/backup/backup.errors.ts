// Coded errors of the backup module (problem+json). restic's own failures keep their ResticErrorCode.
import { createError } from '../../lib/errors.js';

export const BackupErrors = {
  notConfigured: createError('BACKUP_NOT_CONFIGURED', 409, 'No backup target is set up'),
  badTarget: createError('BACKUP_BAD_TARGET', 400, 'The backup target is not usable'),
  busy: createError('BACKUP_BUSY', 409, 'Another backup task is running'),
  runNotFound: createError('BACKUP_RUN_NOT_FOUND', 404, 'Backup run not found'),
  snapshotNotFound: createError('BACKUP_SNAPSHOT_NOT_FOUND', 404, 'Snapshot not found'),
  confirmMismatch: createError('BACKUP_CONFIRM_MISMATCH', 400, 'Type the school name exactly to confirm'),
  snapshotTooNew: createError('BACKUP_SNAPSHOT_TOO_NEW', 409, 'The snapshot comes from a newer version of xiaoban'),
  maintenance: createError('MAINTENANCE', 503, 'The box is being restored'),
  restic: (code: string, status: number, detail: string) => createError(`RESTIC_${code}`, status, 'The backup repository reported an error')(detail),
};
