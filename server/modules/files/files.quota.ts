// Quotas per space (personal and department spaces have policy defaults) and the admin's document rules.
import type { CurrentUser } from '../../core/request-context.js';
import type { AuditService } from '../audit/index.js';
import type { Checkpoint } from './files.checkpoint.js';
import type { FilesPolicy, FilesPolicyPatch, QuotaUsage } from './files.dto.js';
import { FilesErrors } from './files.errors.js';
import type { FilesPolicyStore } from './files.policy.js';
import type { FilesRepo, NodeRow } from './files.repo.js';
import type { FilesService } from './files.service.js';
import type { VersionsService } from './files.versions.js';

export function createQuotaService(d: { repo: FilesRepo; checkpoint: Checkpoint; files: FilesService; versions: VersionsService; policy: FilesPolicyStore; audit: AuditService }) {
  const usage = (space: NodeRow): QuotaUsage => ({ spaceId: space.id, name: space.name, used: d.repo.spaceUsage(space.id), limit: d.versions.quotaOf(space) });
  return {
    mine(user: CurrentUser): QuotaUsage[] {
      const spaces = d.files.spaces(user);
      return [spaces.personal, ...spaces.departments.filter((s) => s.spaceKind === 'department' && s.level !== 'view')]
        .map((s) => d.repo.node(s.id))
        .filter((n): n is NodeRow => !!n)
        .map(usage);
    },
    all(): QuotaUsage[] {
      return d.repo.roots().map(usage);
    },
    set(user: CurrentUser, spaceId: string, limit: number | null): QuotaUsage {
      const space = d.repo.node(spaceId);
      if (!space || space.parentId !== null || space.deletedAt) throw FilesErrors.notFound();
      d.repo.setQuota(spaceId, limit);
      d.audit.record({ event: 'files.quota_set', actor: user, target: { type: 'space', id: spaceId, name: space.name }, details: { limit } });
      return usage(space);
    },
    updatePolicy(user: CurrentUser, patch: FilesPolicyPatch): FilesPolicy {
      if (patch.docTypes) {
        const keys = patch.docTypes.map((t) => t.key);
        if (new Set(keys).size !== keys.length) throw FilesErrors.docTypeUnknown('Document type keys must be unique', { field: 'docTypes' });
      }
      const next = d.policy.update(patch, user.id);
      d.audit.record({ event: 'files.policy_changed', actor: user, target: { type: 'settings', id: 'files.policy' }, details: { changed: Object.keys(patch) } });
      return next;
    },
  };
}
export type QuotaService = ReturnType<typeof createQuotaService>;
