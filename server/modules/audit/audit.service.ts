// The audit log (等保 2.0 style reviews): who did what to whom, from where, and whether it worked.
// Append-only; every module records through here.
import { and, desc, eq, gte, like, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { auditLog } from './audit.tables.js';
import type { AuditEntry, AuditQuery } from './audit.dto.js';

export interface AuditRecord {
  event: string;
  outcome?: 'success' | 'failure';
  actor?: { id: string; displayName?: string; username?: string } | null;
  target?: { type: string; id?: string | null; name?: string | null };
  ip?: string | null;
  details?: Record<string, unknown>;
}

function toEntry(row: typeof auditLog.$inferSelect): AuditEntry {
  return { ...row, outcome: row.outcome, details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null };
}

export function createAuditService(db: Db, clock: Clock) {
  function where(q: AuditQuery): SQL | undefined {
    const conditions: (SQL | undefined)[] = [];
    if (q.event) conditions.push(q.event.endsWith('*') ? like(auditLog.event, `${q.event.slice(0, -1)}%`) : eq(auditLog.event, q.event));
    if (q.actor) conditions.push(or(eq(auditLog.actorId, q.actor), like(auditLog.actorName, `%${q.actor}%`)));
    if (q.outcome) conditions.push(eq(auditLog.outcome, q.outcome));
    if (q.from) conditions.push(gte(auditLog.at, new Date(q.from).toISOString()));
    if (q.to) conditions.push(lte(auditLog.at, new Date(q.to).toISOString()));
    return and(...conditions);
  }

  return {
    record(r: AuditRecord): void {
      db.insert(auditLog)
        .values({
          at: clock.now().toISOString(),
          event: r.event,
          outcome: r.outcome ?? 'success',
          actorId: r.actor?.id ?? null,
          actorName: r.actor ? (r.actor.displayName ?? r.actor.username ?? null) : null,
          targetType: r.target?.type ?? null,
          targetId: r.target?.id ?? null,
          targetName: r.target?.name ?? null,
          ip: r.ip ?? null,
          details: r.details ? JSON.stringify(r.details) : null,
        })
        .run();
    },

    list(q: AuditQuery): { items: AuditEntry[]; nextCursor: string | null } {
      const limit = q.limit ?? 50;
      const rows = db
        .select()
        .from(auditLog)
        .where(and(where(q), q.cursor ? lt(auditLog.id, Number(q.cursor)) : undefined))
        .orderBy(desc(auditLog.id))
        .limit(limit + 1)
        .all();
      const items = rows.slice(0, limit).map(toEntry);
      return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null };
    },

    /** Streams rows in pages so a year of audit log does not sit in memory. */
    *iterate(q: AuditQuery): Generator<AuditEntry> {
      let cursor: string | undefined;
      for (;;) {
        const page = this.list({ ...q, cursor, limit: 200 });
        yield* page.items;
        if (!page.nextCursor) return;
        cursor = page.nextCursor;
      }
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;

const CSV_COLUMNS: (keyof AuditEntry)[] = ['id', 'at', 'event', 'outcome', 'actorId', 'actorName', 'targetType', 'targetId', 'targetName', 'ip', 'details'];

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`; // no formula injection when opened in Excel
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function* auditCsv(entries: Iterable<AuditEntry>): Generator<string> {
  yield '\uFEFF' + ['编号 id', '时间 at', '事件 event', '结果 outcome', '操作人ID actorId', '操作人 actor', '对象类型 targetType', '对象ID targetId', '对象 target', 'IP', '详情 details'].join(',') + '\r\n';
  for (const e of entries) yield CSV_COLUMNS.map((c) => csvCell(e[c])).join(',') + '\r\n';
}
