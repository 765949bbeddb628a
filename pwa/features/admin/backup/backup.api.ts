// Admin › 备份与恢复: every route of server/modules/backup/backup.dto.ts.
import type {
  BackupOverview,
  BackupPolicy,
  RestoreBoxInput,
  RunDetail,
  RunKind,
  RunPage,
  RunView,
  SnapshotFolder,
  SnapshotList,
  SshKey,
  StartRunInput,
  TargetInput,
  TargetSetupResult,
  TargetStatus,
} from '../../../../server/modules/backup/backup.dto';
import { api } from '../../../api/client';

const BASE = '/api/admin/backup';

export const backupApi = {
  overview: () => api.get<BackupOverview>(BASE),
  setTarget: (input: TargetInput) => api.put<TargetSetupResult>(`${BASE}/target`, input),
  testTarget: () => api.post<TargetStatus>(`${BASE}/target/test`),
  /** The box's key for SFTP targets (made on the first call): authorised on the server before connecting. */
  sshKey: () => api.post<SshKey>(`${BASE}/ssh-key`),
  setPolicy: (policy: BackupPolicy) => api.put<BackupOverview>(`${BASE}/policy`, policy),
  start: (kind: StartRunInput['kind']) => api.post<RunView>(`${BASE}/runs`, { kind }, { idempotencyKey: true }),
  runs: (q: { kind?: RunKind; before?: string; limit?: number }) => api.get<RunPage>(`${BASE}/runs`, { query: q }),
  run: (id: string) => api.get<RunDetail>(`${BASE}/runs/${id}`),
  snapshots: () => api.get<SnapshotList>(`${BASE}/snapshots`),
  folder: (snapshotId: string, folderId: string | null) =>
    api.get<SnapshotFolder>(`${BASE}/snapshots/${snapshotId}/documents`, { query: folderId ? { folderId } : {} }),
  restoreDocuments: (snapshotId: string, nodeIds: string[]) =>
    api.post<RunView>(`${BASE}/snapshots/${snapshotId}/restore-documents`, { nodeIds }, { idempotencyKey: true }),
  restoreBox: (snapshotId: string, input: RestoreBoxInput) => api.post<RunView>(`${BASE}/snapshots/${snapshotId}/restore-box`, input),
};
