// Wires the backup module: the service with the real restic adapter, its routes, and what the composition
// root needs (the maintenance gate, the schedule, the restore bookkeeping after a whole-box restore).
import type { FastifyBaseLogger } from 'fastify';
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import type { DocumentsRestorePort, ResticPort, ResticTargetSpec } from './backup.ports.js';
import { createRestic } from './backup.restic.js';
import { createBackupService, type BackupDeps } from './backup.service.js';
import { backupRoutes } from './backup.routes.js';
import { recordRestoreResult } from './backup.full-restore.js';

export interface BackupModuleDeps extends Omit<BackupDeps, 'makeRestic' | 'documents'> {
  sqlite: Sqlite;
  clock: Clock;
  log: FastifyBaseLogger;
  documents?: DocumentsRestorePort | null;
  resticBin?: string;
  makeRestic?: (spec: ResticTargetSpec) => ResticPort;
}

export function createBackupModule(d: BackupModuleDeps) {
  const makeRestic = d.makeRestic ?? ((target: ResticTargetSpec) => createRestic({ bin: d.resticBin, target, toolEnv: d.toolEnv }));
  const service = createBackupService({ ...d, makeRestic, documents: d.documents ?? null });
  const restored = recordRestoreResult(d.dataDir, service.runs, d.clock.now());
  if (restored) d.log.info({ event: 'backup.restored', snapshotId: restored.snapshotId, aside: restored.aside }, 'whole-box restore applied');
  return {
    service,
    routes: async (app: Parameters<typeof backupRoutes>[0]) => backupRoutes(app, { backup: service }),
  };
}
export type BackupModule = ReturnType<typeof createBackupModule>;
