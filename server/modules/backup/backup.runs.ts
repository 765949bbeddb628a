// The history of every backup task (backup_runs). A run's log is kept in memory while it runs and flushed
// every few seconds and at the end, capped so a chatty restic cannot grow the database without bound.
import type { Sqlite } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import type { RunDetail, RunKind, RunStatus, RunTrigger, RunView } from './backup.dto.js';

const LOG_CAP = 256 * 1024;

interface RunRow {
  id: string; kind: RunKind; trigger: RunTrigger; status: RunStatus; actor_id: string | null; actor_name: string | null;
  started_at: string; finished_at: string | null; duration_ms: number | null; snapshot_id: string | null;
  bytes_total: number | null; bytes_added: number | null; files_new: number | null; files_changed: number | null; files_total: number | null;
  error: string | null; log?: string; report?: string | null;
}

const toView = (r: RunRow): RunView => ({
  id: r.id, kind: r.kind, trigger: r.trigger, status: r.status, actorName: r.actor_name, startedAt: r.started_at, finishedAt: r.finished_at,
  durationMs: r.duration_ms, snapshotId: r.snapshot_id, bytesTotal: r.bytes_total, bytesAdded: r.bytes_added, filesNew: r.files_new,
  filesChanged: r.files_changed, filesTotal: r.files_total, error: r.error,
});

const SELECT = `SELECT r.*, u.display_name AS actor_name FROM backup_runs r LEFT JOIN users u ON u.id = r.actor_id`;

export interface RunResult {
  snapshotId?: string | null;
  bytesTotal?: number | null;
  bytesAdded?: number | null;
  filesNew?: number | null;
  filesChanged?: number | null;
  filesTotal?: number | null;
  report?: unknown;
}

export function createRunsRepo(sqlite: Sqlite) {
  return {
    start(kind: RunKind, trigger: RunTrigger, actorId: string | null, at: Date, id = newId(at.getTime())): string {
      sqlite.prepare(`INSERT INTO backup_runs (id, kind, trigger, status, actor_id, started_at) VALUES (?, ?, ?, 'running', ?, ?)`).run(id, kind, trigger, actorId, at.toISOString());
      return id;
    },
    setLog(id: string, log: string): void {
      sqlite.prepare(`UPDATE backup_runs SET log = ? WHERE id = ?`).run(capLog(log), id);
    },
    finish(id: string, status: 'succeeded' | 'failed', at: Date, result: RunResult & { error?: string | null; log: string }): void {
      const started = sqlite.prepare(`SELECT started_at FROM backup_runs WHERE id = ?`).get(id) as { started_at: string } | undefined;
      const duration = started ? Math.max(0, at.getTime() - Date.parse(started.started_at)) : null;
      sqlite.prepare(
        `UPDATE backup_runs SET status = ?, finished_at = ?, duration_ms = ?, snapshot_id = coalesce(?, snapshot_id), bytes_total = ?, bytes_added = ?,
           files_new = ?, files_changed = ?, files_total = ?, error = ?, log = ?, report = ? WHERE id = ?`,
      ).run(
        status, at.toISOString(), duration, result.snapshotId ?? null, result.bytesTotal ?? null, result.bytesAdded ?? null, result.filesNew ?? null,
        result.filesChanged ?? null, result.filesTotal ?? null, result.error ?? null, capLog(result.log), result.report === undefined ? null : JSON.stringify(result.report), id,
      );
    },
    /** Runs left 'running' by a process that died (kill -9, power cut) are closed as failed at start. */
    failAbandoned(at: Date, isLive: (runId: string) => boolean): number {
      const rows = sqlite.prepare(`SELECT id FROM backup_runs WHERE status = 'running'`).all() as { id: string }[];
      let n = 0;
      for (const { id } of rows) {
        if (isLive(id)) continue;
        sqlite.prepare(`UPDATE backup_runs SET status = 'failed', finished_at = ?, error = coalesce(error, 'interrupted: the process running it stopped') WHERE id = ?`).run(at.toISOString(), id);
        n++;
      }
      return n;
    },
    get(id: string): RunDetail | null {
      const r = sqlite.prepare(`${SELECT} WHERE r.id = ?`).get(id) as RunRow | undefined;
      return r ? { ...toView(r), log: r.log ?? '', report: r.report ? (JSON.parse(r.report) as unknown) : null } : null;
    },
    view(id: string): RunView | null {
      const r = sqlite.prepare(`${SELECT} WHERE r.id = ?`).get(id) as RunRow | undefined;
      return r ? toView(r) : null;
    },
    list(q: { kind?: RunKind; before?: string; limit: number }): { items: RunView[]; hasMore: boolean } {
      const where: string[] = [];
      const args: unknown[] = [];
      if (q.kind) {
        where.push('r.kind = ?');
        args.push(q.kind);
      }
      if (q.before) {
        where.push('r.started_at < ?');
        args.push(q.before);
      }
      const rows = sqlite.prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.started_at DESC, r.id DESC LIMIT ?`).all(...args, q.limit + 1) as RunRow[];
      return { items: rows.slice(0, q.limit).map(toView), hasMore: rows.length > q.limit };
    },
    last(kind: RunKind, status?: RunStatus): RunView | null {
      const r = sqlite.prepare(`${SELECT} WHERE r.kind = ? ${status ? 'AND r.status = ?' : ''} ORDER BY r.started_at DESC, r.id DESC LIMIT 1`).get(...(status ? [kind, status] : [kind])) as RunRow | undefined;
      return r ? toView(r) : null;
    },
    running(): RunView | null {
      const r = sqlite.prepare(`${SELECT} WHERE r.status = 'running' ORDER BY r.started_at DESC LIMIT 1`).get() as RunRow | undefined;
      return r ? toView(r) : null;
    },
    bySnapshot(): Map<string, RunView> {
      const rows = sqlite.prepare(`${SELECT} WHERE r.kind = 'backup' AND r.status = 'succeeded' AND r.snapshot_id IS NOT NULL`).all() as RunRow[];
      return new Map(rows.map((r) => [r.snapshot_id!, toView(r)]));
    },
    /** Was there a drill with a full blob check since `since`? (The first drill of each month checks every blob.) */
    fullDrillSince(since: string): boolean {
      const rows = sqlite.prepare(`SELECT report FROM backup_runs WHERE kind = 'drill' AND status = 'succeeded' AND started_at >= ?`).all(since) as { report: string | null }[];
      return rows.some((r) => r.report !== null && (JSON.parse(r.report) as { fullBlobCheck?: boolean }).fullBlobCheck === true);
    },
  };
}
export type RunsRepo = ReturnType<typeof createRunsRepo>;

function capLog(log: string): string {
  return log.length <= LOG_CAP ? log : `${log.slice(0, LOG_CAP / 4)}\n… (${log.length - LOG_CAP} characters left out) …\n${log.slice(-(LOG_CAP * 3) / 4)}`;
}
