// The in-app inbox every module notifies through: per-recipient items, unread counts, live push over the
// realtime hub, and a hand-off to further channels (as jobs) for what must reach people outside the app.
import { and, count, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { createError } from '../../lib/errors.js';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import type { JobQueue } from '../../core/jobs/jobs.queue.js';
import { inboxItems } from './inbox.tables.js';
import type { InboxItem, InboxQuery, Urgency } from './inbox.dto.js';
import type { ChannelName, DeliveryChannel, DeliveryResult } from './inbox.channels.js';

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
  /** Channels beyond the app to try as well (delivered by jobs). */
  channels?: ChannelName[];
}

const toItem = (r: typeof inboxItems.$inferSelect): InboxItem => ({
  id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, urgency: r.urgency, createdAt: r.createdAt, seenAt: r.seenAt, readAt: r.readAt,
});

export function createInboxService(db: Db, hub: RealtimeHub, jobs: JobQueue, clock: Clock, localeOf: (userId: string) => 'zh-CN' | 'en' = () => 'zh-CN') {
  const channels = new Map<ChannelName, DeliveryChannel>();
  const text = (t: LocalizedText | undefined, userId: string) => (t === undefined ? '' : typeof t === 'string' ? t : t[localeOf(userId)]);

  function unread(userId: string): number {
    return db.select({ n: count() }).from(inboxItems).where(and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt))).get()?.n ?? 0;
  }

  jobs.register('inbox.deliver', async (payload) => {
    const { channel, itemId } = payload as { channel: ChannelName; itemId: string };
    const impl = channels.get(channel);
    const row = db.select().from(inboxItems).where(eq(inboxItems.id, itemId)).get();
    if (!impl || !row || row.readAt) return; // read already: no need to chase it further
    const result: DeliveryResult = impl.canReach(row.userId)
      ? await impl.deliver({ userId: row.userId, itemId: row.id, kind: row.kind, title: row.title, body: row.body, link: row.link, urgency: row.urgency })
      : { status: 'unreachable' };
    if (result.status === 'failed') throw new Error(result.detail ?? `${channel} delivery failed`);
  });

  return {
    registerChannel(channel: DeliveryChannel): void {
      channels.set(channel.name, channel);
    },

    /** Store one item per recipient and push it live. Returns the item ids by user. */
    notify(recipients: string[], n: Notification): Map<string, string> {
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
      });
      for (const row of rows) {
        hub.publish({ topic: `user:${row.userId}`, name: 'inbox.created', data: { item: toItem({ ...row, seenAt: null, readAt: null }), unread: unread(row.userId) } });
        for (const channel of n.channels ?? []) jobs.enqueue('inbox.deliver', { channel, itemId: row.id }, { dedupeKey: `inbox:${row.id}:${channel}` });
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
