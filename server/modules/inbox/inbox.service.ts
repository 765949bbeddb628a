// The in-app inbox: per-recipient items, unread counts, live push over the realtime hub. Modules deliver
// through the gateway (server/modules/gateway), which stores the item here and plans the ladder of further
// channels (web push, email, SMS) in the same transaction.
import { and, count, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { createError } from '../../lib/errors.js';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import { inboxItems } from './inbox.tables.js';
import type { InboxItem, InboxQuery, Urgency } from './inbox.dto.js';

const notFound = createError('INBOX_ITEM_NOT_FOUND', 404, 'Notification not found');

/** Plain text, or one text per language (each recipient gets their own language). */
export type LocalizedText = string | { 'zh-CN': string; en: string };

export interface Notification {
  kind: string;
  title: LocalizedText;
  body?: LocalizedText;
  link?: string | null;
  urgency?: Urgency;
  source?: { type: string; id: string };
}

export interface NotifyOptions {
  /** Runs inside the transaction that stores the items (the gateway plans its ladder here). */
  within?: (itemIdsByUser: Map<string, string>) => void;
}

const toItem = (r: typeof inboxItems.$inferSelect): InboxItem => ({
  id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, urgency: r.urgency, createdAt: r.createdAt, seenAt: r.seenAt, readAt: r.readAt,
});

export function createInboxService(db: Db, hub: RealtimeHub, clock: Clock, localeOf: (userId: string) => 'zh-CN' | 'en' = () => 'zh-CN') {
  const text = (t: LocalizedText | undefined, userId: string) => (t === undefined ? '' : typeof t === 'string' ? t : t[localeOf(userId)]);

  function unread(userId: string): number {
    return db.select({ n: count() }).from(inboxItems).where(and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt))).get()?.n ?? 0;
  }

  return {
    /** Store one item per recipient and push it live. Returns the item ids by user. Modules call gateway.deliver(). */
    notify(recipients: string[], n: Notification, opts: NotifyOptions = {}): Map<string, string> {
      const at = clock.now().toISOString();
      const ids = new Map<string, string>();
      const rows = [...new Set(recipients)].map((userId) => {
        const id = newId();
        ids.set(userId, id);
        return {
          id, userId, kind: n.kind, title: text(n.title, userId).slice(0, 200), body: text(n.body, userId).slice(0, 4000), link: n.link ?? null, urgency: n.urgency ?? 'normal',
          sourceType: n.source?.type ?? null, sourceId: n.source?.id ?? null, createdAt: at,
        } as const;
      });
      if (!rows.length) return ids;
      db.transaction(() => {
        for (let i = 0; i < rows.length; i += 500) db.insert(inboxItems).values(rows.slice(i, i + 500)).run();
        opts.within?.(ids);
      });
      for (const row of rows) {
        hub.publish({ topic: `user:${row.userId}`, name: 'inbox.created', data: { item: toItem({ ...row, seenAt: null, readAt: null }), unread: unread(row.userId) } });
      }
      return ids;
    },

    list(userId: string, q: InboxQuery): { items: InboxItem[]; nextCursor: string | null; unread: number } {
      const limit = q.limit ?? 30;
      const rows = db
        .select()
        .from(inboxItems)
        .where(and(eq(inboxItems.userId, userId), q.unread ? isNull(inboxItems.readAt) : undefined, q.cursor ? lt(inboxItems.id, q.cursor) : undefined))
        .orderBy(desc(inboxItems.id))
        .limit(limit + 1)
        .all();
      const items = rows.slice(0, limit).map(toItem);
      return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null, unread: unread(userId) };
    },

    unreadCount: unread,

    markRead(userId: string, itemId: string): InboxItem {
      const row = db.select().from(inboxItems).where(and(eq(inboxItems.id, itemId), eq(inboxItems.userId, userId))).get();
      if (!row) throw notFound();
      if (row.readAt) return toItem(row);
      const at = clock.now().toISOString();
      db.update(inboxItems).set({ readAt: at, seenAt: row.seenAt ?? at }).where(eq(inboxItems.id, itemId)).run();
      hub.publish({ topic: `user:${userId}`, name: 'inbox.read', data: { ids: [itemId], unread: unread(userId) } });
      return { ...toItem(row), readAt: at, seenAt: row.seenAt ?? at };
    },

    /** The thing itself was opened (a notice): its items count as read, which also stops the ladder. */
    markReadBySource(userId: string, sourceType: string, sourceId: string): number {
      const at = clock.now().toISOString();
      const rows = db
        .select({ id: inboxItems.id, seenAt: inboxItems.seenAt })
        .from(inboxItems)
        .where(and(eq(inboxItems.userId, userId), eq(inboxItems.sourceType, sourceType), eq(inboxItems.sourceId, sourceId), isNull(inboxItems.readAt)))
        .all();
      if (!rows.length) return 0;
      db.update(inboxItems).set({ readAt: at }).where(inArray(inboxItems.id, rows.map((r) => r.id))).run();
      db.update(inboxItems).set({ seenAt: at }).where(and(inArray(inboxItems.id, rows.map((r) => r.id)), isNull(inboxItems.seenAt))).run();
      hub.publish({ topic: `user:${userId}`, name: 'inbox.read', data: { ids: rows.map((r) => r.id), unread: unread(userId) } });
      return rows.length;
    },

    markAllRead(userId: string): number {
      const at = clock.now().toISOString();
      const changed = db.update(inboxItems).set({ readAt: at }).where(and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt))).run().changes;
      db.update(inboxItems).set({ seenAt: at }).where(and(eq(inboxItems.userId, userId), isNull(inboxItems.seenAt))).run();
      if (changed) hub.publish({ topic: `user:${userId}`, name: 'inbox.read', data: { ids: 'all', unread: 0 } });
      return changed;
    },

    /** The bell was opened: everything shown counts as seen (not read). */
    markSeen(userId: string, ids?: string[]): void {
      const at = clock.now().toISOString();
      db.update(inboxItems)
        .set({ seenAt: at })
        .where(and(eq(inboxItems.userId, userId), isNull(inboxItems.seenAt), ids?.length ? inArray(inboxItems.id, ids) : undefined))
        .run();
    },
  };
}
export type InboxService = ReturnType<typeof createInboxService>;
