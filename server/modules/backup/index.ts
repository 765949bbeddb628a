export { createBackupModule, type BackupModule, type BackupModuleDeps } from './backup.module.js';
export type { BackupService } from './backup.service.js';
export type { DocumentsRestorePort, ResticPort, ResticTargetSpec } from './backup.ports.js';
export { applyPendingRestore } from './backup.full-restore.js';
export { createRestic, ResticError } from './backup.restic.js';
export { backupCli, BACKUP_HELP } from './backup.cli.js';
