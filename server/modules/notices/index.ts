export { createNoticesModule, type NoticesModule, type NoticesModuleDeps } from './notices.module.js';
export type { NoticeAttachmentsPort } from './notices.ports.js';
