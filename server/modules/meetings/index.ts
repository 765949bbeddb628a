// The meetings module's public surface: scheduling (calendar objects, invitations, ICS) and the live rooms
// (Janus behind the SFU seam, signalling over /api/ws).
export { createMeetingsModule, type MeetingsModule, type MeetingsModuleDeps } from './meetings.module.js';
export type { MeetingAccess, MeetingAccessCheckpoint } from './meetings.access.js';
export type { MeetingAttachmentsPort, MeetingNoticeSource } from './meetings.ports.js';
export type { MeetingRow, MeetingsRepo } from './meetings.repo.js';
export { scheduleOf } from './meetings.service.js';
export { createMeetingsLive, turnCredentials, type MeetingsLive } from './meetings.live.js';
export type { SfuAdapter, SfuStatus } from './sfu/sfu.js';
export { renderJanusConfig } from './sfu/janus.config.js';
export { createRecordingsModule, type RecordingsModule } from './recording/index.js';
