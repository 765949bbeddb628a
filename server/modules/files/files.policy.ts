// The admin's rules for the store: the document-type list, how long versions are kept, default quotas.
// Stored as one JSON row in the settings table under "files.policy".
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import type { FilesPolicy, FilesPolicyPatch } from './files.dto.js';

const KEY = 'files.policy';
const GiB = 1024 ** 3;

export const DEFAULT_FILES_POLICY: FilesPolicy = {
  docTypes: [
    { key: 'official', zh: '公文', en: 'Official document' },
    { key: 'notice', zh: '通知', en: 'Notice' },
    { key: 'contract', zh: '合同', en: 'Contract' },
    { key: 'grades', zh: '成绩', en: 'Grades' },
    { key: 'budget', zh: '预算', en: 'Budget' },
    { key: 'minutes', zh: '会议纪要', en: 'Minutes' },
    { key: 'plan', zh: '计划总结', en: 'Plan / report' },
    { key: 'teaching', zh: '教案课件', en: 'Teaching material' },
    { key: 'regulation', zh: '规章制度', en: 'Regulation' },
    { key: 'other', zh: '其他', en: 'Other' },
  ],
  retention: { keepAllDays: 30, weeklyForDays: 0 },
  personalQuota: 10 * GiB,
  departmentQuota: null,
};

export function createFilesPolicy(sqlite: Sqlite, clock: Clock) {
  const read = sqlite.prepare(`SELECT value FROM settings WHERE key = ?`);
  const write = sqlite.prepare(`INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
  let cache: FilesPolicy | null = null;
  return {
    get(): FilesPolicy {
      if (!cache) {
        const row = read.get(KEY) as { value: string } | undefined;
        cache = row ? { ...DEFAULT_FILES_POLICY, ...(JSON.parse(row.value) as Partial<FilesPolicy>) } : DEFAULT_FILES_POLICY;
      }
      return cache;
    },
    update(patch: FilesPolicyPatch, actorId: string | null): FilesPolicy {
      const next = { ...this.get(), ...patch };
      write.run(KEY, JSON.stringify(next), clock.now().toISOString(), actorId);
      cache = next;
      return next;
    },
  };
}
export type FilesPolicyStore = ReturnType<typeof createFilesPolicy>;
