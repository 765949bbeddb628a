// The composition root: builds every service with its real adapters (or the overrides tests pass),
// registers core plugins, then each module's routes. No business logic here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config/config.js';
import { openDatabase, type DbHandle } from './db/client.js';
import { migrate } from './db/migrator.js';
import { systemClock, DAY, type Clock } from './lib/clock.js';
import { problemPlugin } from './core/problem.js';
import { authHook } from './core/auth-hook.js';
import { idempotencyPlugin, pruneIdempotencyKeys } from './core/idempotency.js';
import { securityHeaders } from './core/security-headers.js';
import { createHealth, healthRoutes } from './core/health.js';
import { staticPwa } from './core/static-pwa.js';
import { RealtimeHub } from './core/realtime/realtime.hub.js';
import { createRealtimeRepo } from './core/realtime/realtime.repo.js';
import { realtimeRoutes } from './core/realtime/realtime.routes.js';
import { JobQueue } from './core/jobs/jobs.queue.js';
import { createSettingsService } from './modules/settings/index.js';
import { createAuditService, auditRoutes } from './modules/audit/index.js';
import { createOrgRepo, createOrgService, createStaffImportService, orgRoutes, staffImportRoutes } from './modules/org/index.js';
import { createAuthRepo, createAuthService, authRoutes, argon2Hasher, type PasswordHasher } from './modules/auth/index.js';
import { createInboxService, inboxRoutes, subscribeInbox } from './modules/inbox/index.js';
import { EventBus } from './core/events.js';
import { adminRoutes, createSetupService, seedDemoSchool } from './modules/admin/index.js';
import { createFilesModule, type OfficeConverter } from './modules/files/index.js';
import { createFormsModule } from './modules/forms/index.js';
import { createGatewayModule } from './modules/gateway/index.js';
import { createNoticesModule } from './modules/notices/index.js';
import { createMeetingsLive, createMeetingsModule, createRecordingsModule, type SfuAdapter } from './modules/meetings/index.js';
import { applyPendingRestore, createBackupModule, type ResticPort, type ResticTargetSpec } from './modules/backup/index.js';
import { BackupErrors } from './modules/backup/backup.errors.js';
import { buildLoggerOptions } from './core/logger.js';
import { validatorCompiler } from './core/validation.js';

export interface AppOverrides {
  clock?: Clock;
  hasher?: PasswordHasher;
  /** Start the job worker loop (off in API tests, which drain jobs explicitly). */
  startJobs?: boolean;
  https?: { key: string; cert: string };
  logger?: boolean;
  /** Host name for absolute links in mail and SMS when XB_PUBLIC_URL is not set (serve.ts passes the LAN address). */
  baseHost?: string;
  /** Document conversion (tests of other modules may pass a quick one). */
  office?: OfficeConverter;
  /** Start Janus for meetings (default: when the job worker starts; API tests ask for it explicitly). */
  startSfu?: boolean;
  /** Another SFU behind the same adapter interface. */
  sfu?: SfuAdapter;
  /** A verified whole-box restore waits: close and build the app again (serve.ts does; tests call it themselves). */
  onRestartRequested?: () => void;
  /** Swap in a verified whole-box restore before opening the database (the server; never the CLI, which may run beside it). */
  applyPendingRestore?: boolean;
  /** restic behind the same port (unit tests of the orchestration). */
  makeRestic?: (spec: ResticTargetSpec, opts?: { lowPriority?: boolean }) => ResticPort;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/server/app.js serves dist/pwa; server/app.ts (tsx) serves the same build. */
export const DEFAULT_PWA_DIR = here.endsWith(path.join('dist', 'server')) ? path.resolve(here, '../pwa') : path.resolve(here, '../dist/pwa');

export async function buildApp(config: Config, overrides: AppOverrides = {}) {
  const clock = overrides.clock ?? systemClock;
  const hasher = overrides.hasher ?? argon2Hasher;
  // A whole-box restore staged before the last restart is swapped in before anything opens the database.
  const restoredLog: string[] = [];
  if (overrides.applyPendingRestore !== false) applyPendingRestore(config.dataDir, (msg) => restoredLog.push(msg), clock.now());
  const dbh: DbHandle = openDatabase(config.dataDir);

  const app = Fastify({
    logger: overrides.logger === false ? false : buildLoggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => Math.random().toString(36).slice(2, 12),
    ...(overrides.https ? { https: overrides.https } : {}),
    forceCloseConnections: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);

  for (const msg of restoredLog) app.log.warn({ event: 'backup.restore_swap' }, msg);
  const migration = await migrate(dbh.sqlite, config.dataDir);
  if (migration.applied.length) app.log.info({ event: 'db.migrated', applied: migration.applied, snapshot: migration.snapshot }, 'database migrated');

  // ── services ─────────────────────────────────────────────
  const events = new EventBus(app.log);
  const jobs = new JobQueue(dbh.sqlite, clock, app.log);
  let sessionActive: (sessionId: string) => boolean = () => true;
  const realtimeRepo = createRealtimeRepo(dbh.sqlite);
  const hub = new RealtimeHub({ repo: realtimeRepo, clock, log: app.log, sessionActive: (id) => sessionActive(id) });
  const settings = createSettingsService(dbh.db, clock);
  const audit = createAuditService(dbh.db, clock);
  const orgRepo = createOrgRepo(dbh.db);
  const org = createOrgService(orgRepo, clock, audit, events);
  const staffImport = createStaffImportService(org, orgRepo, clock, audit);
  const auth = createAuthService({
    repo: createAuthRepo(dbh.db), org, settings, audit, events, clock, hasher,
    session: { idleDays: config.session.idleDays, maxDays: config.session.maxDays },
    onSessionRevoked: (sessionId) => hub.disconnectSession(sessionId),
  });
  org.bindAccounts(auth.accountsPort());
  sessionActive = (id) => auth.sessionActive(id);
  hub.resolveTopics('dept', (id) => org.departmentMemberIds(id));
  hub.resolveTopics('all', () => org.activeUserIds());
  const baseUrl = () => config.publicUrl ?? `${config.tls.enabled ? 'https' : 'http'}://${overrides.baseHost ?? 'localhost'}:${config.tls.enabled ? config.httpsPort : config.httpPort}`;
  const inbox = createInboxService(dbh.db, hub, clock, (id) => org.localeOf(id));
  const gatewayModule = createGatewayModule({
    db: dbh, dataDir: config.dataDir, org, audit, inbox, settings, hub, clock, log: app.log, toolEnv: config.files.toolEnv,
    baseUrl, pushExtraHosts: config.push.extraHosts,
  });
  const gateway = gatewayModule.gateway;
  subscribeInbox(events, gateway, () => settings.get().timeZone);
  const setup = createSetupService({ org, auth, settings, audit, hasher });
  let backupReadingBlobs = () => false; // bound once the backup module exists (below)
  const files = createFilesModule({
    db: dbh, dataDir: config.dataDir, org, audit, gateway, settings, hub, jobs, clock, log: app.log,
    uploadMaxBytes: config.files.uploadMaxBytes, previewTimeoutMs: config.files.previewTimeoutMs, soffice: config.files.soffice, toolEnv: config.files.toolEnv, office: overrides.office,
    blobGcPaused: () => backupReadingBlobs(),
  });
  const forms = createFormsModule({ db: dbh, org, audit, gateway, settings, hub, jobs, clock, log: app.log, attachments: files.attachments });
  const notices = createNoticesModule({ db: dbh, gateway, inbox, org, audit, settings, hub, jobs, clock, log: app.log, attachments: files.attachments });
  const recordings = createRecordingsModule({ db: dbh, dataDir: config.dataDir, files: files.attachments, gateway, jobs, clock, log: app.log, env: config.files.toolEnv });
  const meetingsLive = createMeetingsLive({
    db: dbh, hub, clock, log: app.log, dataDir: config.dataDir, config: config.meetings, toolEnv: config.files.toolEnv, sfu: overrides.sfu,
    // A stopped recording goes to the conversion job (janus-pp-rec + ffmpeg → documents store).
    onRecordingStopped: (id) => recordings.converter.enqueue(id),
  });
  const meetings = createMeetingsModule({
    db: dbh, gateway, org, audit, settings, jobs, clock, log: app.log, attachments: files.attachments, baseUrl,
    // "Meet now" from a notice: only someone who sees it; its recipients are invited.
    notices: {
      recipients: (user, noticeId) => {
        try {
          const { notice } = notices.access.accessNoticeById(user, noticeId, 'view');
          return { title: notice.title, userIds: notices.repo.receipts(noticeId).map((r) => r.userId) };
        } catch (err) {
          if ((err as { status?: number }).status === 404) return null;
          throw err;
        }
      },
    },
  });
  const managers = () => [...new Set([...org.roleHolders('admin'), ...org.roleHolders('it')].map((h) => h.userId))].filter((id) => org.isActive(id));
  const backupModule = createBackupModule({
    sqlite: dbh.sqlite, dataDir: config.dataDir, appVersion: config.version, clock, log: app.log, toolEnv: config.files.toolEnv,
    makeRestic: overrides.makeRestic, documents: files.restore,
    timeZone: () => settings.get().timeZone, schoolName: () => settings.get().schoolName, managers,
    publish: (name, data, userIds) => void hub.publish({ topic: 'backup', name, data }, userIds),
    notify: (userIds, m) => void gateway.deliver(userIds, { ...m, category: 'system', source: { type: 'backup', id: 'backup' } }),
    audit: (actorId, event, details) => {
      const actor = actorId ? org.userRow(actorId) : undefined;
      audit.record({ event, actor: actor ? { id: actor.id, displayName: actor.displayName } : null, target: { type: 'backup' }, details });
    },
    requestRestart: () => overrides.onRestartRequested?.(),
  });
  const backup = backupModule.service;
  backupReadingBlobs = () => backup.busy();
  const health = createHealth(dbh.sqlite, config.dataDir);
  health.registerCheck('jobs', () => {
    const s = jobs.stats();
    if (s.overdue) return { status: 'degraded', ...s, detail: `${s.overdue} job(s) waiting more than 10 minutes` };
    if (s.failedLastDay) return { status: 'degraded', ...s, detail: `${s.failedLastDay} job(s) failed in the last 24 hours` };
    return { status: 'ok', ...s };
  });

  health.registerCheck('previews', files.previewHealth);
  health.registerCheck('meetings', () => meetingsLive.health());
  health.registerCheck('backup', () => backup.health());

  jobs.register('maintenance.prune', () => {
    const cutoff = new Date(clock.now().getTime() - 30 * DAY);
    auth.pruneSessions();
    pruneIdempotencyKeys(dbh.sqlite, new Date(clock.now().getTime() - DAY));
    realtimeRepo.prune(cutoff.toISOString());
    jobs.prune(cutoff);
    jobs.enqueue('files.maintenance', {}, { dedupeKey: `files.maintenance:${clock.now().toISOString().slice(0, 10)}` });
    scheduleDailyPrune(new Date(clock.now().getTime() + DAY));
  });
  // One prune per day; the key names the day, so the running job can queue tomorrow's.
  const scheduleDailyPrune = (at: Date) => jobs.enqueue('maintenance.prune', {}, { runAt: at, dedupeKey: `maintenance.prune:${at.toISOString().slice(0, 10)}` });

  // After every module is built: the demo also publishes forms and notices, files sample approvals and schedules meetings.
  if (config.demo && !org.hasAdmin()) {
    const seeded = await seedDemoSchool({ org, settings, hasher, forms, notices, meetings, sqlite: dbh.sqlite, clock });
    app.log.info(
      { event: 'demo.seeded', people: seeded.people, forms: seeded.forms, submissions: seeded.submissions, notices: seeded.notices, meetings: seeded.meetings },
      'demo school seeded',
    );
  }

  // ── plugins and routes ───────────────────────────────────
  const secureCookies = config.tls.enabled || (config.publicUrl?.startsWith('https://') ?? false);
  const publicOrigins = config.publicUrl ? [new URL(config.publicUrl).origin] : [];
  await app.register(problemPlugin);
  await app.register(securityHeaders, { hsts: config.tls.enabled });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'xiaoban 校办 API', version: config.version, description: 'The API of the school office box. Errors are application/problem+json (RFC 9457).' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'xb_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(authHook, { resolver: auth.resolver(), publicOrigins });
  // During a whole-box restore the box answers only health and the backup panel's reads.
  app.addHook('onRequest', async (req, reply) => {
    if (!backup.maintenance() || !req.url.startsWith('/api/')) return;
    if (req.url.startsWith('/api/health') || (req.method === 'GET' && req.url.startsWith('/api/admin/backup'))) return;
    reply.header('retry-after', '30');
    throw BackupErrors.maintenance('A whole-box restore is in progress; try again in a few minutes.');
  });
  await app.register(idempotencyPlugin, { sqlite: dbh.sqlite });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes, { health, version: config.version });
  await app.register(realtimeRoutes, { hub });
  await app.register(authRoutes, { auth, org, secureCookies, loginRatePerMinute: config.loginRatePerMinute });
  await app.register(adminRoutes, { setup, settings, auth, audit, secureCookies });
  await app.register(orgRoutes, { org });
  await app.register(staffImportRoutes, { staffImport });
  await app.register(auditRoutes, { audit });
  await app.register(inboxRoutes, { inbox });
  await app.register(gatewayModule.routes);
  await app.register(files.routes);
  await app.register(forms.routes);
  await app.register(notices.routes);
  await app.register(meetings.routes);
  await app.register(meetingsLive.routes);
  await app.register(recordings.routes);
  await app.register(backupModule.routes);
  await app.register(staticPwa, { root: config.pwaDir ?? DEFAULT_PWA_DIR });

  app.addHook('onReady', async () => {
    scheduleDailyPrune(clock.now());
    if (overrides.startJobs !== false) {
      jobs.start();
      await gatewayModule.start();
      backup.startTimer();
    }
    if (overrides.startSfu ?? overrides.startJobs !== false) await meetingsLive.start();
  });
  app.addHook('preClose', async () => {
    hub.close();
  });
  app.addHook('onClose', async () => {
    await backup.stop();
    await jobs.stop();
    await gatewayModule.stop();
    await meetingsLive.stop();
    dbh.close();
  });

  const services = { db: dbh, events, jobs, hub, settings, audit, org, staffImport, auth, inbox, gateway, gatewayConfig: gatewayModule.config, setup, health, clock, files, forms, notices, meetings, meetingsLive, recordings, backup };
  return Object.assign(app, { services }) as typeof app & { services: typeof services };
}
export type App = Awaited<ReturnType<typeof buildApp>>;
