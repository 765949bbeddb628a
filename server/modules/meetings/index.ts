export { createMeetingsModule, type MeetingsModule, type MeetingsModuleDeps } from './meetings.module.js';
export type { MeetingAccess, MeetingAccessCheckpoint } from './meetings.access.js';
export type { MeetingAttachmentsPort, MeetingNoticeSource } from './meetings.ports.js';
export type { MeetingRow, MeetingsRepo } from './meetings.repo.js';
export { scheduleOf } from './meetings.service.js';
