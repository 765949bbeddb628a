// The admin backup panel's routes (backup.manage). Long tasks answer 202 with the run; progress follows over
// the realtime socket and the run's row.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PERMISSIONS } from '../org/index.js';
import {
  BackupOverview, BackupPolicy, RestoreBoxInput, RestoreDocumentsInput, RunDetail, RunId, RunPage, RunsQuery, RunView, SnapshotFolder,
  SnapshotFolderQuery, SnapshotId, SnapshotList, SshKey, StartRunInput, TargetInput, TargetSetupResult, TargetStatus,
} from './backup.dto.js';
import { BackupErrors } from './backup.errors.js';
import type { BackupService } from './backup.service.js';

export const backupRoutes: FastifyPluginAsyncTypebox<{ backup: BackupService }> = async (app, { backup }) => {
  const tags = ['backup'];
  const config = { permission: PERMISSIONS.backupManage };
  const SnapshotParams = Type.Object({ id: SnapshotId });

  app.get('/api/admin/backup', {
    config,
    schema: { tags, summary: 'Backup status: target, free space, policy, last runs, the running task', response: { 200: BackupOverview } },
    handler: async () => ({ ...backup.overview(), resticVersion: await backup.resticVersion() }),
  });

  app.put('/api/admin/backup/target', {
    config: { ...config, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Set up the backup target (init a repository, or connect to one with its password)', body: TargetInput, response: { 200: TargetSetupResult } },
    handler: async (req) => backup.setupTarget(req.body, req.user!.id),
  });

  app.post('/api/admin/backup/target/test', {
    config: { ...config, rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Test the target now: reachable, password right, free space', response: { 200: TargetStatus } },
    handler: async () => backup.testTarget(),
  });

  app.post('/api/admin/backup/ssh-key', {
    config,
    schema: { tags, summary: "The box's SSH public key for SFTP targets (made on the first call)", response: { 200: SshKey } },
    handler: async () => ({ publicKey: await backup.sshPublicKey() }),
  });

  app.put('/api/admin/backup/policy', {
    config,
    schema: { tags, summary: 'Schedule and retention', body: BackupPolicy, response: { 200: BackupOverview } },
    handler: async (req) => {
      backup.savePolicy(req.body, req.user!.id);
      return { ...backup.overview(), resticVersion: await backup.resticVersion() };
    },
  });

  app.post('/api/admin/backup/runs', {
    config,
    schema: { tags, summary: 'Start a backup, check, drill, retention or unlock now', body: StartRunInput, response: { 202: RunView } },
    handler: async (req, reply) => reply.code(202).send(await backup.start(req.body.kind, 'manual', req.user!.id)),
  });

  app.get('/api/admin/backup/runs', {
    config,
    schema: { tags, summary: 'History of every backup task', querystring: RunsQuery, response: { 200: RunPage } },
    handler: async (req) => backup.listRuns({ kind: req.query.kind, before: req.query.before, limit: req.query.limit ?? 50 }),
  });

  app.get('/api/admin/backup/runs/:id', {
    config,
    schema: { tags, summary: 'One run with its log and report', params: Type.Object({ id: RunId }), response: { 200: RunDetail } },
    handler: async (req) => {
      const run = backup.run(req.params.id);
      if (!run) throw BackupErrors.runNotFound();
      return run;
    },
  });

  app.get('/api/admin/backup/snapshots', {
    config,
    schema: { tags, summary: 'Snapshots in the repository', response: { 200: SnapshotList } },
    handler: async () => ({ items: await backup.snapshots() }),
  });

  app.get('/api/admin/backup/snapshots/:id/documents', {
    config,
    schema: { tags, summary: "Browse a snapshot's documents", params: SnapshotParams, querystring: SnapshotFolderQuery, response: { 200: SnapshotFolder } },
    handler: async (req) => backup.browse(req.params.id, req.query.folderId ?? null),
  });

  app.post('/api/admin/backup/snapshots/:id/restore-documents', {
    config,
    schema: { tags, summary: 'Restore files or folders from a snapshot as new versions (never overwriting)', params: SnapshotParams, body: RestoreDocumentsInput, response: { 202: RunView } },
    handler: async (req, reply) => reply.code(202).send(await backup.restoreDocuments(req.params.id, req.body.nodeIds, { id: req.user!.id, displayName: req.user!.displayName })),
  });

  app.post('/api/admin/backup/snapshots/:id/restore-box', {
    config: { ...config, rateLimit: { max: 3, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Restore the whole box from a snapshot (maintenance, pre-restore snapshot, verify, restart)', params: SnapshotParams, body: RestoreBoxInput, response: { 202: RunView } },
    handler: async (req, reply) => reply.code(202).send(await backup.restoreBox(req.params.id, req.body.confirm, req.user!.id)),
  });
};
