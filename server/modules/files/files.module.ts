// Builds the documents store from its parts with the real adapters (blob directory, LibreOffice, poppler,
// tus) and registers its routes and jobs. app.ts calls createFilesModule() and registers `routes`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { DbHandle } from '../../db/client.js';
import type { CheckResult } from '../../core/health.js';
import type { JobQueue } from '../../core/jobs/jobs.queue.js';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import { DAY, type Clock } from '../../lib/clock.js';
import type { AuditService } from '../audit/index.js';
import type { Gateway } from '../gateway/index.js';
import type { OrgService } from '../org/index.js';
import type { SettingsService } from '../settings/index.js';
import { createAnnotationsService } from './files.annotations.js';
import { createAttachmentsPort } from './files.attachments.js';
import { annotationRoutes } from './files.annotations.routes.js';
import { createBlobStore } from './files.blobs.js';
import { createCheckpoint } from './files.checkpoint.js';
import { createContent } from './files.content.js';
import { createOfficeConverter, type OfficeConverter } from './files.office.js';
import { createFilesPolicy } from './files.policy.js';
import { createPreviews } from './files.previews.js';
import { createQuotaService } from './files.quota.js';
import { createSnapshotDocuments } from './files.restore.js';
import { createFilesRepo } from './files.repo.js';
import { createRetention } from './files.retention.js';
import { filesRoutes } from './files.routes.js';
import { createSearch } from './files.search.js';
import { createFilesService } from './files.service.js';
import { createSharingService } from './files.sharing.js';
import { createUploadsRepo, expireUploads, tusUploads } from './files.uploads.js';
import { createVersionsService } from './files.versions.js';

export interface FilesModuleDeps {
  db: DbHandle;
  dataDir: string;
  org: OrgService;
  audit: AuditService;
  gateway: Pick<Gateway, 'deliver'>;
  settings: SettingsService;
  hub: RealtimeHub;
  jobs: JobQueue;
  clock: Clock;
  log: FastifyBaseLogger;
  uploadMaxBytes: number;
  previewTimeoutMs: number;
  soffice: string;
  /** PATH and locale for helper programs (from the config). */
  toolEnv: Record<string, string>;
  /** Tests may pass their own converter; the box uses LibreOffice. */
  office?: OfficeConverter;
  /** True while a backup reads the blob store: garbage collection waits, so a staged database never names a blob that went. */
  blobGcPaused?: () => boolean;
}

const UPLOAD_EXPIRY_MS = 7 * DAY;

export function createFilesModule(d: FilesModuleDeps) {
  const { sqlite } = d.db;
  const repo = createFilesRepo(sqlite);
  const blobs = createBlobStore(d.dataDir);
  const policy = createFilesPolicy(sqlite, d.clock);
  const checkpoint = createCheckpoint(repo, d.org);
  const base = { repo, checkpoint, org: d.org, audit: d.audit, clock: d.clock, policy };
  const files = createFilesService(base);
  const office = d.office ?? createOfficeConverter({ env: d.toolEnv, sofficePath: d.soffice, timeoutMs: d.previewTimeoutMs, workDir: path.join(d.dataDir, 'work', 'office') });
  const previews = createPreviews({ repo, blobs, office, jobs: d.jobs, hub: d.hub, clock: d.clock, log: d.log });
  const uploadsRepo = createUploadsRepo(sqlite);
  const uploadsDir = path.join(d.dataDir, 'uploads');
  const versions = createVersionsService({ ...base, files, blobs, pendingUploads: (id) => uploadsRepo.ofUser(id), onNewVersion: (v, n) => previews.queue(v, n) });
  const retention = createRetention({ repo, blobs, policy, audit: d.audit, clock: d.clock });
  const sharing = createSharingService({ ...base, files, collectGarbage: () => d.jobs.enqueue('files.gc', {}, { dedupeKey: 'files.gc' }) });
  const content = createContent({ repo, checkpoint, blobs, audit: d.audit, clock: d.clock, previews, timeZone: () => d.settings.get().timeZone });
  const search = createSearch(repo, checkpoint, files);
  const quota = createQuotaService({ repo, checkpoint, files, versions, policy, audit: d.audit });
  const attachments = createAttachmentsPort({ repo, blobs, checkpoint, versions, clock: d.clock });
  // The backup module browses snapshots and restores documents through this port.
  const restore = createSnapshotDocuments({ repo, blobs, files, versions, org: d.org, audit: d.audit, clock: d.clock, onNewVersion: (v, n) => previews.queue(v, n) });
  const annotations = createAnnotationsService({ sqlite, repo, checkpoint, org: d.org, gateway: d.gateway, hub: d.hub, clock: d.clock, audit: d.audit });

  const collectGarbage = async () => {
    if (d.blobGcPaused?.()) {
      d.log.info({ event: 'files.gc_deferred' }, 'blob garbage collection deferred: a backup is reading the store');
      return;
    }
    await retention.collectGarbage();
  };
  d.jobs.register('files.gc', collectGarbage);
  d.jobs.register('files.maintenance', async () => {
    retention.pruneVersions();
    await expireUploads({ dir: uploadsDir, uploadsRepo, expireAfterMs: UPLOAD_EXPIRY_MS }, d.clock.now());
    await collectGarbage();
  });

  const findOnPath = (cmd: string) =>
    cmd.includes('/') ? existsSync(cmd) : (d.toolEnv.PATH ?? '').split(':').some((dir) => dir && existsSync(path.join(dir, cmd)));
  const tools = { soffice: findOnPath(d.soffice), pdftotext: findOnPath('pdftotext'), pdftoppm: findOnPath('pdftoppm') };
  const previewStats = sqlite.prepare(`SELECT sum(status = 'pending') AS pending, sum(status = 'failed' AND updated_at > ?) AS failed FROM file_previews`);
  /** For /api/health: IT sees at once when LibreOffice or poppler is missing or conversions pile up. */
  const previewHealth = (): CheckResult => {
    const s = previewStats.get(new Date(d.clock.now().getTime() - DAY).toISOString()) as { pending: number | null; failed: number | null };
    const stats = { pending: s.pending ?? 0, failedLastDay: s.failed ?? 0, ...tools };
    const missing = Object.entries(tools).filter(([, ok]) => !ok).map(([name]) => name);
    if (missing.length) return { status: 'degraded', ...stats, detail: `not installed: ${missing.join(', ')} — office previews and text search are unavailable` };
    return { status: 'ok', ...stats };
  };

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(filesRoutes, { files, versions, sharing, content, search, policy, quota });
    await app.register(annotationRoutes, { annotations });
    await app.register(tusUploads, {
      dir: uploadsDir,
      maxSize: d.uploadMaxBytes,
      uploadsRepo,
      expireAfterMs: UPLOAD_EXPIRY_MS,
      clock: d.clock,
      policy: {
        authorize: (user, meta, size) => versions.authorizeUpload(user, meta, size),
        complete: (user, meta, filePath) => versions.completeUpload(user, meta, filePath),
      },
    });
  };

  return { repo, blobs, checkpoint, files, versions, attachments, restore, sharing, content, search, quota, previews, retention, annotations, policy, routes, previewHealth };
}
export type FilesModule = ReturnType<typeof createFilesModule>;
