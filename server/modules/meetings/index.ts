// The meetings module's public surface.
export { createMeetingsLive, turnCredentials, type MeetingsLive } from './meetings.live.js';
export type { SfuAdapter, SfuStatus } from './sfu/sfu.js';
export { renderJanusConfig } from './sfu/janus.config.js';
