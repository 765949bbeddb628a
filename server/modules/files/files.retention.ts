// Version retention and blob garbage collection. The policy (admin-set) says which old versions go; the
// current version, versions with annotations and anything younger than keepAllDays always stay. Each
// pruning is written to the audit log: nothing disappears silently.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AuditService } from '../audit/index.js';
import { DAY } from '../../lib/clock.js';
import type { Clock } from '../../lib/clock.js';
import type { BlobStore } from './files.blobs.js';
import type { RetentionPolicy } from './files.dto.js';
import type { FilesPolicyStore } from './files.policy.js';
import type { FilesRepo, VersionRow } from './files.repo.js';

/** Monday-based week number since the epoch, in UTC+8 (a school week, not a UTC one). */
const weekOf = (iso: string) => Math.floor((Date.parse(iso) + 8 * 3600_000 + 3 * DAY) / (7 * DAY));

/** Which versions the policy lets go (pure; `versions` newest first as the repo returns them). */
export function versionsToPrune(versions: readonly VersionRow[], currentId: string | null, keep: ReadonlySet<string>, policy: RetentionPolicy, now: Date): VersionRow[] {
  const allUntil = now.getTime() - policy.keepAllDays * DAY;
  const weeklyUntil = policy.weeklyForDays > 0 ? allUntil - policy.weeklyForDays * DAY : -Infinity;
  const keptWeeks = new Set<number>();
  const out: VersionRow[] = [];
  for (const v of versions) {
    const at = Date.parse(v.createdAt);
    if (v.id === currentId || keep.has(v.id) || at >= allUntil) continue;
    const week = weekOf(v.createdAt);
    // The newest version of each week survives (versions arrive newest first) until weekly keeping ends.
    if (at >= weeklyUntil && !keptWeeks.has(week)) {
      keptWeeks.add(week);
      continue;
    }
    out.push(v);
  }
  return out;
}

export function createRetention(d: { repo: FilesRepo; blobs: BlobStore; policy: FilesPolicyStore; audit: AuditService; clock: Clock }) {
  const { repo } = d;
  const candidates = repo.sqlite.prepare(`SELECT n.id, n.name, n.current_version_id AS currentId FROM file_nodes n WHERE n.kind = 'file' AND (SELECT count(*) FROM file_versions v WHERE v.node_id = n.id) > 1`);
  const annotated = repo.sqlite.prepare(`SELECT DISTINCT version_id AS id FROM file_annotations WHERE node_id = ?`);
  const deleteVersion = repo.sqlite.prepare(`DELETE FROM file_versions WHERE id = ?`);
  const unreferenced = repo.sqlite.prepare(`SELECT sha256 FROM file_blobs b WHERE created_at < ?
    AND NOT EXISTS (SELECT 1 FROM file_versions v WHERE v.sha256 = b.sha256)
    AND NOT EXISTS (SELECT 1 FROM file_previews p WHERE p.pdf_sha256 = b.sha256 OR p.thumb_sha256 = b.sha256)`);
  const known = repo.sqlite.prepare(`SELECT 1 FROM file_blobs WHERE sha256 = ?`);

  return {
    /** Applies the policy to every file; returns how many versions went. */
    pruneVersions(): number {
      const policy = d.policy.get().retention;
      const now = d.clock.now();
      let pruned = 0;
      for (const f of candidates.all() as { id: string; name: string; currentId: string | null }[]) {
        const keep = new Set((annotated.all(f.id) as { id: string }[]).map((r) => r.id));
        const drop = versionsToPrune(repo.versions(f.id), f.currentId, keep, policy, now);
        if (!drop.length) continue;
        repo.tx(() => {
          for (const v of drop) deleteVersion.run(v.id);
        });
        d.audit.record({ event: 'files.versions_pruned', target: { type: 'file', id: f.id, name: f.name }, details: { versions: drop.map((v) => v.number), policy } });
        pruned += drop.length;
      }
      return pruned;
    },
    /** Deletes blobs nothing points at (an hour of grace for uploads being recorded right now). */
    async collectGarbage(): Promise<number> {
      const cutoff = new Date(d.clock.now().getTime() - 3600_000).toISOString();
      const shas = (unreferenced.all(cutoff) as { sha256: string }[]).map((r) => r.sha256);
      let removed = 0;
      for (const sha of shas) {
        // Re-checked in one synchronous step with the delete: an upload adopting the same bytes touches the file first.
        if (!d.blobs.removeIfIdle(sha, 3600_000)) continue;
        repo.sqlite.prepare(`DELETE FROM file_blobs WHERE sha256 = ?`).run(sha);
        removed++;
      }
      // Files on disk without a row: an adoption whose transaction failed. Old ones go.
      let orphans = 0;
      const dayAgo = d.clock.now().getTime() - DAY;
      for (const a of await readdir(d.blobs.dir).catch(() => [] as string[])) {
        if (!/^[0-9a-f]{2}$/.test(a)) continue;
        for (const b of await readdir(path.join(d.blobs.dir, a))) {
          for (const sha of await readdir(path.join(d.blobs.dir, a, b))) {
            if (known.get(sha)) continue;
            const st = await stat(path.join(d.blobs.dir, a, b, sha));
            if (st.mtimeMs < dayAgo && d.blobs.removeIfIdle(sha, DAY)) orphans++;
          }
        }
      }
      return removed + orphans;
    },
  };
}
export type Retention = ReturnType<typeof createRetention>;
