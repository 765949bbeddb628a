export { createFilesModule, type FilesModule, type FilesModuleDeps } from './files.module.js';
export type { OfficeConverter } from './files.office.js';
export { FileNode, UploadDone } from './files.dto.js';
export type { SystemFolders } from './files.attachments.js';
export type { SnapshotDocumentsPort, SnapshotFolderView, RestoreReport, RestoreInput, RestoreActor } from './files.restore.js';
