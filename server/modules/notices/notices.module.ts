// Builds the notice centre from its parts — the checkpoint, the service (compose, publish, read, confirm,
// remind), the roster and export — and registers its routes and jobs. app.ts calls createNoticesModule() and
// registers `routes`.
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { DbHandle } from '../../db/client.js';
import type { JobQueue } from '../../core/jobs/jobs.queue.js';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditService } from '../audit/index.js';
import type { SettingsService } from '../settings/index.js';
import { createNoticeAccess } from './notices.access.js';
import type { NoticeAttachmentsPort, NoticesGateway, NoticesInbox, NoticesOrg } from './notices.ports.js';
import { createNoticesRepo } from './notices.repo.js';
import { createNoticeRoster } from './notices.roster.js';
import { noticeRoutes } from './notices.routes.js';
import { createNoticesService } from './notices.service.js';
import { createNoticeSettingsStore } from './notices.settings.js';

export interface NoticesModuleDeps {
  db: DbHandle;
  gateway: NoticesGateway;
  inbox: NoticesInbox;
  org: NoticesOrg;
  audit: AuditService;
  settings: SettingsService;
  hub: RealtimeHub;
  jobs: JobQueue;
  clock: Clock;
  log: FastifyBaseLogger;
  attachments: NoticeAttachmentsPort;
  /** Live roster events: at most one per notice per this many ms (default 2000). */
  rosterThrottleMs?: number;
}

export function createNoticesModule(d: NoticesModuleDeps) {
  const repo = createNoticesRepo(d.db.sqlite);
  const store = createNoticeSettingsStore(d.db.sqlite, d.clock);
  const access = createNoticeAccess(repo, () => store.get().publishers);
  const notices = createNoticesService({
    repo, access, settings: store, org: d.org, gateway: d.gateway, inbox: d.inbox, audit: d.audit, hub: d.hub, jobs: d.jobs, clock: d.clock, log: d.log,
    attachments: d.attachments, rosterThrottleMs: d.rosterThrottleMs,
  });
  const roster = createNoticeRoster({ repo, access, org: d.org, gateway: d.gateway, service: notices, clock: d.clock, timeZone: () => d.settings.get().timeZone });

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(noticeRoutes, { notices, roster });
  };

  return { notices, roster, access, repo, routes, stop: () => notices.stop() };
}
export type NoticesModule = ReturnType<typeof createNoticesModule>;
