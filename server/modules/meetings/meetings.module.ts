// Builds meetings from their parts — the checkpoint, the service (schedule, respond, meet now, calendar files,
// reminders, the record) — and their routes. app.ts calls createMeetingsModule() and registers `routes`; the
// live room uses `access` (roleOf, accessMeetingById).
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { DbHandle } from '../../db/client.js';
import type { JobQueue } from '../../core/jobs/jobs.queue.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditService } from '../audit/index.js';
import type { SettingsService } from '../settings/index.js';
import { createMeetingAccess } from './meetings.access.js';
import type { MeetingAttachmentsPort, MeetingNoticeSource, MeetingsGateway, MeetingsOrg } from './meetings.ports.js';
import { createMeetingsRepo } from './meetings.repo.js';
import { meetingRoutes } from './meetings.routes.js';
import { createMeetingsService } from './meetings.service.js';

export interface MeetingsModuleDeps {
  db: DbHandle;
  gateway: MeetingsGateway;
  org: MeetingsOrg;
  audit: AuditService;
  settings: SettingsService;
  jobs: JobQueue;
  clock: Clock;
  log: FastifyBaseLogger;
  attachments: MeetingAttachmentsPort;
  notices: MeetingNoticeSource;
  baseUrl(): string;
}

export function createMeetingsModule(d: MeetingsModuleDeps) {
  const repo = createMeetingsRepo(d.db.sqlite);
  const access = createMeetingAccess(repo);
  const meetings = createMeetingsService({
    repo, access, org: d.org, gateway: d.gateway, audit: d.audit, jobs: d.jobs, clock: d.clock, log: d.log, attachments: d.attachments, notices: d.notices,
    timeZone: () => d.settings.get().timeZone, baseUrl: d.baseUrl,
  });
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(meetingRoutes, { meetings });
  };
  return { meetings, access, repo, routes, roleOf: access.roleOf, accessMeetingById: access.accessMeetingById };
}
export type MeetingsModule = ReturnType<typeof createMeetingsModule>;
