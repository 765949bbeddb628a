// Builds forms and approvals from its parts — definitions (builder, versions, templates, calendar),
// submissions (the approval engine's runtime, lists, delegation, timeouts) and statistics/printing — and
// registers their routes and jobs. app.ts calls createFormsModule() and registers `routes`.
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { DbHandle } from '../../db/client.js';
import type { JobQueue } from '../../core/jobs/jobs.queue.js';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditService } from '../audit/index.js';
import type { Gateway } from '../gateway/index.js';
import type { OrgService } from '../org/index.js';
import type { SettingsService } from '../settings/index.js';
import { createFormDefinitions } from './forms.definitions.js';
import { formRoutes } from './forms.routes.js';
import type { AttachmentsPort } from './forms.ports.js';
import { createPrinter } from './forms.print.js';
import { createFormStats } from './forms.stats.js';
import { statsRoutes } from './forms.stats.routes.js';
import { createSubmissions } from './forms.submissions.js';
import { submissionRoutes } from './forms.submissions.routes.js';

export interface FormsModuleDeps {
  db: DbHandle;
  org: OrgService;
  audit: AuditService;
  gateway: Pick<Gateway, 'deliver'>;
  settings: SettingsService;
  hub: RealtimeHub;
  jobs: JobQueue;
  clock: Clock;
  log: FastifyBaseLogger;
  attachments: AttachmentsPort;
}

export function createFormsModule(d: FormsModuleDeps) {
  const { sqlite } = d.db;
  const timeZone = () => d.settings.get().timeZone;
  const definitions = createFormDefinitions({ sqlite, org: d.org, audit: d.audit, clock: d.clock });
  const printer = createPrinter({ sqlite, jobs: d.jobs, clock: d.clock, log: d.log, timeZone, catalog: definitions, attachments: d.attachments, schoolName: () => d.settings.get().schoolName });
  const submissions = createSubmissions({
    sqlite, org: d.org, audit: d.audit, gateway: d.gateway, hub: d.hub, jobs: d.jobs, clock: d.clock, log: d.log, timeZone,
    catalog: definitions, attachments: d.attachments,
    onFinished: (id, status) => printer.onFinished(id, status),
  });
  printer.bind(submissions);
  const stats = createFormStats({ sqlite, org: d.org, catalog: definitions, timeZone });

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(formRoutes, { definitions, submissions });
    await app.register(submissionRoutes, { submissions });
    await app.register(statsRoutes, { stats, printer, submissions, catalog: definitions, attachments: d.attachments });
  };

  return { definitions, submissions, stats, printer, routes };
}
export type FormsModule = ReturnType<typeof createFormsModule>;
