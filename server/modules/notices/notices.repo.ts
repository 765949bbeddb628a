// SQL of the notice centre: prepared statements on better-sqlite3 (synchronous), so a publication to the
// whole school — recipients, inbox items and the ladder — is one transaction. Only notices.service.ts writes.
import type { Sqlite } from '../../db/client.js';
import type { ConfirmMode, NoticeCategory, NoticeStatus, NoticeUrgency, RosterFilter } from './notices.dto.js';

export interface NoticeRow {
  id: string;
  title: string;
  bodyHtml: string;
  bodyText: string;
  category: NoticeCategory;
  urgency: NoticeUrgency;
  confirmMode: ConfirmMode;
  pinned: number;
  audience: string;
  status: NoticeStatus;
  publishAt: string | null;
  expiresAt: string | null;
  publishedAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  version: number;
  versionBy: string | null;
  versionAt: string | null;
  authorId: string;
  createdAt: string;
  updatedAt: string;
  lastRemindedAt: string | null;
}

export interface ReceiptRow {
  noticeId: string;
  userId: string;
  departmentId: string | null;
  itemId: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  confirmedAt: string | null;
  comment: string | null;
  remindedCount: number;
  hasSignature: number;
}

export interface CountsRow {
  total: number;
  delivered: number;
  read: number;
  confirmed: number;
}

export interface VersionRow {
  version: number;
  title: string;
  bodyHtml: string;
  byId: string | null;
  at: string;
  replacedAt: string;
}

/** The writable content of a draft (or a scheduled notice). */
export interface NoticeContent {
  title: string;
  bodyHtml: string;
  bodyText: string;
  category: NoticeCategory;
  urgency: NoticeUrgency;
  confirmMode: ConfirmMode;
  pinned: number;
  audience: string;
  expiresAt: string | null;
}

const COLS = `id, title, body_html AS bodyHtml, body_text AS bodyText, category, urgency, confirm_mode AS confirmMode, pinned, audience, status,
  publish_at AS publishAt, expires_at AS expiresAt, published_at AS publishedAt, withdrawn_at AS withdrawnAt, withdraw_reason AS withdrawReason,
  version, version_by AS versionBy, version_at AS versionAt, author_id AS authorId, created_at AS createdAt, updated_at AS updatedAt,
  last_reminded_at AS lastRemindedAt`;
const N_COLS = COLS.split(',').map((c) => `n.${c.trim()}`).join(', ');
const RECEIPT = `notice_id AS noticeId, user_id AS userId, department_id AS departmentId, item_id AS itemId, delivered_at AS deliveredAt,
  read_at AS readAt, confirmed_at AS confirmedAt, comment, reminded_count AS remindedCount, signature IS NOT NULL AS hasSignature`;
const R_RECEIPT = RECEIPT.split(',').map((c) => `r.${c.trim()}`).join(', ');
/** Modes where a person confirms by an explicit act (not by opening it). */
export const EXPLICIT_CONFIRM = `('click', 'comment', 'signature')`;

export interface MyListOptions {
  userId: string;
  now: string;
  filter: 'all' | 'unread' | 'unconfirmed' | 'expired';
  category: NoticeCategory | null;
  after: [number, string, string] | null;
  limit: number;
}

export interface ManagedListOptions {
  userId: string;
  everyone: boolean;
  now: string;
  status: NoticeStatus | 'expired' | null;
  after: [string, string] | null;
  limit: number;
}

export function createNoticesRepo(sqlite: Sqlite) {
  const s = {
    notice: sqlite.prepare(`SELECT ${COLS} FROM notices WHERE id = ?`),
    insert: sqlite.prepare(`INSERT INTO notices (id, title, body_html, body_text, category, urgency, confirm_mode, pinned, audience, status, expires_at,
      author_id, created_at, updated_at) VALUES (@id, @title, @bodyHtml, @bodyText, @category, @urgency, @confirmMode, @pinned, @audience, 'draft', @expiresAt,
      @authorId, @at, @at)`),
    saveContent: sqlite.prepare(`UPDATE notices SET title = @title, body_html = @bodyHtml, body_text = @bodyText, category = @category, urgency = @urgency,
      confirm_mode = @confirmMode, pinned = @pinned, audience = @audience, expires_at = @expiresAt, updated_at = @at WHERE id = @id`),
    schedule: sqlite.prepare(`UPDATE notices SET status = 'scheduled', publish_at = ?, updated_at = ? WHERE id = ? AND status IN ('draft', 'scheduled')`),
    unschedule: sqlite.prepare(`UPDATE notices SET status = 'draft', publish_at = NULL, updated_at = ? WHERE id = ? AND status = 'scheduled'`),
    markPublished: sqlite.prepare(`UPDATE notices SET status = 'published', published_at = @at, version = 1, version_by = @by, version_at = @at, updated_at = @at
      WHERE id = @id AND status IN ('draft', 'scheduled')`),
    remove: sqlite.prepare(`DELETE FROM notices WHERE id = ? AND status IN ('draft', 'scheduled')`),
    revise: sqlite.prepare(`UPDATE notices SET title = @title, body_html = @bodyHtml, body_text = @bodyText, category = @category, urgency = @urgency,
      pinned = @pinned, expires_at = @expiresAt, version = version + 1, version_by = @by, version_at = @at, updated_at = @at
      WHERE id = @id AND status = 'published' AND version = @version`),
    amend: sqlite.prepare(`UPDATE notices SET category = @category, urgency = @urgency, pinned = @pinned, expires_at = @expiresAt, updated_at = @at
      WHERE id = @id AND status = 'published'`),
    withdraw: sqlite.prepare(`UPDATE notices SET status = 'withdrawn', withdrawn_at = ?, withdraw_reason = ?, updated_at = ? WHERE id = ? AND status = 'published'`),
    claimRemind: sqlite.prepare(`UPDATE notices SET last_reminded_at = ? WHERE id = ? AND (last_reminded_at IS NULL OR last_reminded_at <= ?)`),
    insertVersion: sqlite.prepare(`INSERT INTO notice_versions (notice_id, version, title, body_html, by_id, at, replaced_by, replaced_at)
      VALUES (@noticeId, @version, @title, @bodyHtml, @byId, @at, @replacedBy, @replacedAt)`),
    versions: sqlite.prepare(`SELECT version, title, body_html AS bodyHtml, by_id AS byId, at, replaced_at AS replacedAt FROM notice_versions WHERE notice_id = ? ORDER BY version`),
    attachments: sqlite.prepare(`SELECT file_id AS fileId FROM notice_attachments WHERE notice_id = ? ORDER BY position`),
    clearAttachments: sqlite.prepare(`DELETE FROM notice_attachments WHERE notice_id = ?`),
    insertAttachment: sqlite.prepare(`INSERT INTO notice_attachments (notice_id, file_id, position) VALUES (?, ?, ?)`),
    hasAttachment: sqlite.prepare(`SELECT 1 FROM notice_attachments WHERE notice_id = ? AND file_id = ?`),
    insertRecipient: sqlite.prepare(`INSERT INTO notice_recipients (notice_id, user_id, department_id, published_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    delivered: sqlite.prepare(`UPDATE notice_recipients SET item_id = ?, delivered_at = ? WHERE notice_id = ? AND user_id = ?`),
    insertDelivery: sqlite.prepare(`INSERT INTO notice_deliveries (item_id, notice_id, user_id, kind, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    receipt: sqlite.prepare(`SELECT ${RECEIPT} FROM notice_recipients WHERE notice_id = ? AND user_id = ?`),
    receipts: sqlite.prepare(`SELECT ${RECEIPT} FROM notice_recipients WHERE notice_id = ?`),
    signature: sqlite.prepare(`SELECT signature FROM notice_recipients WHERE notice_id = ? AND user_id = ?`),
    markRead: sqlite.prepare(`UPDATE notice_recipients SET read_at = @at, confirmed_at = CASE WHEN @confirms THEN coalesce(confirmed_at, @at) ELSE confirmed_at END
      WHERE notice_id = @noticeId AND user_id = @userId AND read_at IS NULL`),
    confirm: sqlite.prepare(`UPDATE notice_recipients SET confirmed_at = @at, read_at = coalesce(read_at, @at), comment = @comment, signature = @signature
      WHERE notice_id = @noticeId AND user_id = @userId AND confirmed_at IS NULL`),
    reminded: sqlite.prepare(`UPDATE notice_recipients SET reminded_count = reminded_count + 1 WHERE notice_id = ? AND user_id = ?`),
    itemIds: sqlite.prepare(`SELECT item_id AS itemId FROM notice_deliveries WHERE notice_id = ?`),
    itemsByUser: sqlite.prepare(`SELECT item_id AS itemId, user_id AS userId FROM notice_deliveries WHERE notice_id = ? ORDER BY created_at, item_id`),
    noticeOfItem: sqlite.prepare(`SELECT notice_id AS noticeId FROM notice_deliveries WHERE item_id = ?`),
    counts: sqlite.prepare(`SELECT count(*) AS total, count(delivered_at) AS delivered, count(read_at) AS read, count(confirmed_at) AS confirmed
      FROM notice_recipients WHERE notice_id = ?`),
    myCounts: sqlite.prepare(`SELECT coalesce(sum(r.read_at IS NULL), 0) AS unread,
        coalesce(sum(r.confirmed_at IS NULL AND n.confirm_mode IN ${EXPLICIT_CONFIRM}), 0) AS unconfirmed
      FROM notice_recipients r JOIN notices n ON n.id = r.notice_id
      WHERE r.user_id = ? AND n.status = 'published' AND (n.expires_at IS NULL OR n.expires_at > ?)`),
  };

  function countsMany(ids: string[]): Map<string, CountsRow> {
    const out = new Map<string, CountsRow>();
    if (!ids.length) return out;
    const rows = sqlite
      .prepare(`SELECT notice_id AS id, count(*) AS total, count(delivered_at) AS delivered, count(read_at) AS read, count(confirmed_at) AS confirmed
        FROM notice_recipients WHERE notice_id IN (SELECT value FROM json_each(?)) GROUP BY notice_id`)
      .all(JSON.stringify(ids)) as (CountsRow & { id: string })[];
    for (const r of rows) out.set(r.id, r);
    return out;
  }

  return {
    tx<T>(fn: () => T): T {
      return sqlite.transaction(fn)();
    },
    notice: (id: string) => s.notice.get(id) as NoticeRow | undefined,
    insert: (row: NoticeContent & { id: string; authorId: string; at: string }) => void s.insert.run(row),
    saveContent: (id: string, c: NoticeContent, at: string) => void s.saveContent.run({ ...c, id, at }),
    schedule: (id: string, publishAt: string, at: string) => s.schedule.run(publishAt, at, id).changes === 1,
    unschedule: (id: string, at: string) => s.unschedule.run(at, id).changes === 1,
    markPublished: (id: string, by: string, at: string) => s.markPublished.run({ id, by, at }).changes === 1,
    remove: (id: string) => s.remove.run(id).changes === 1,
    /** Replaces the text (a new version); false when someone else changed it first. */
    revise: (r: { id: string; version: number; title: string; bodyHtml: string; bodyText: string; category: string; urgency: string; pinned: number; expiresAt: string | null; by: string; at: string }) =>
      s.revise.run(r).changes === 1,
    /** Changes what is not the text (no new version). */
    amend: (r: { id: string; category: string; urgency: string; pinned: number; expiresAt: string | null; at: string }) => void s.amend.run(r),
    withdraw: (id: string, reason: string | null, at: string) => s.withdraw.run(at, reason, at, id).changes === 1,
    /** Takes the reminder slot when the last reminder is at or before `notAfter`; false when another one is too recent. */
    claimRemind: (id: string, at: string, notAfter: string) => s.claimRemind.run(at, id, notAfter).changes === 1,
    insertVersion: (v: VersionRow & { noticeId: string; replacedBy: string }) => void s.insertVersion.run(v),
    versions: (id: string) => s.versions.all(id) as VersionRow[],
    attachmentIds: (id: string) => (s.attachments.all(id) as { fileId: string }[]).map((r) => r.fileId),
    setAttachments(id: string, fileIds: string[]): void {
      s.clearAttachments.run(id);
      fileIds.forEach((f, i) => s.insertAttachment.run(id, f, i));
    },
    hasAttachment: (id: string, fileId: string) => s.hasAttachment.get(id, fileId) !== undefined,
    insertRecipient: (noticeId: string, userId: string, departmentId: string | null, publishedAt: string) => void s.insertRecipient.run(noticeId, userId, departmentId, publishedAt),
    delivered: (noticeId: string, userId: string, itemId: string, at: string) => void s.delivered.run(itemId, at, noticeId, userId),
    insertDelivery: (itemId: string, noticeId: string, userId: string, kind: 'published' | 'updated' | 'reminder', at: string) =>
      void s.insertDelivery.run(itemId, noticeId, userId, kind, at),
    receipt: (noticeId: string, userId: string) => s.receipt.get(noticeId, userId) as ReceiptRow | undefined,
    receipts: (noticeId: string) => s.receipts.all(noticeId) as ReceiptRow[],
    signature: (noticeId: string, userId: string) => (s.signature.get(noticeId, userId) as { signature: string | null } | undefined)?.signature ?? null,
    /** First opening; in 'read' mode it is also the confirmation. True when this call marked it. */
    markRead: (noticeId: string, userId: string, at: string, confirms: boolean) => s.markRead.run({ noticeId, userId, at, confirms: confirms ? 1 : 0 }).changes === 1,
    confirm: (noticeId: string, userId: string, at: string, comment: string | null, signature: string | null) =>
      s.confirm.run({ noticeId, userId, at, comment, signature }).changes === 1,
    reminded: (noticeId: string, userId: string) => void s.reminded.run(noticeId, userId),
    /** Every inbox item made for the notice (publication, re-notifications, reminders). */
    itemIds: (noticeId: string) => (s.itemIds.all(noticeId) as { itemId: string }[]).map((r) => r.itemId),
    itemsByUser(noticeId: string): Map<string, string[]> {
      const out = new Map<string, string[]>();
      for (const r of s.itemsByUser.all(noticeId) as { itemId: string; userId: string }[]) out.set(r.userId, [...(out.get(r.userId) ?? []), r.itemId]);
      return out;
    },
    noticeOfItem: (itemId: string) => (s.noticeOfItem.get(itemId) as { noticeId: string } | undefined)?.noticeId ?? null,
    counts: (id: string) => s.counts.get(id) as CountsRow,
    countsMany,
    myCounts: (userId: string, now: string) => s.myCounts.get(userId, now) as { unread: number; unconfirmed: number },

    /** My notices as a recipient: pinned (current) first, then newest publication first. */
    mine(o: MyListOptions): (NoticeRow & ReceiptRow & { pinKey: number })[] {
      const expired = `(n.expires_at IS NOT NULL AND n.expires_at <= @now)`;
      const where = [`r.user_id = @userId`, `n.status IN ('published', 'withdrawn')`];
      if (o.filter === 'all') where.push(`NOT ${expired}`);
      if (o.filter === 'expired') where.push(expired);
      if (o.filter === 'unread') where.push(`NOT ${expired}`, `n.status = 'published'`, `r.read_at IS NULL`);
      if (o.filter === 'unconfirmed') where.push(`NOT ${expired}`, `n.status = 'published'`, `r.confirmed_at IS NULL`, `n.confirm_mode IN ${EXPLICIT_CONFIRM}`);
      if (o.category) where.push(`n.category = @category`);
      const pinKey = `(n.pinned = 1 AND n.status = 'published' AND NOT ${expired})`;
      if (o.after) where.push(`(${pinKey}, r.published_at, r.notice_id) < (@pk, @pa, @pid)`);
      return sqlite
        .prepare(`SELECT ${N_COLS}, ${R_RECEIPT}, ${pinKey} AS pinKey
          FROM notice_recipients r JOIN notices n ON n.id = r.notice_id
          WHERE ${where.join(' AND ')} ORDER BY pinKey DESC, r.published_at DESC, r.notice_id DESC LIMIT @limit`)
        .all({ userId: o.userId, now: o.now, category: o.category, pk: o.after?.[0] ?? null, pa: o.after?.[1] ?? null, pid: o.after?.[2] ?? null, limit: o.limit }) as (NoticeRow &
        ReceiptRow & { pinKey: number })[];
    },

    /** Notices I manage: mine (any state) or, for overseers, every notice but others' drafts. Newest change first. */
    managed(o: ManagedListOptions): NoticeRow[] {
      const where = [o.everyone ? `(status <> 'draft' OR author_id = @userId)` : `author_id = @userId`];
      const expired = `(expires_at IS NOT NULL AND expires_at <= @now)`;
      if (o.status === 'expired') where.push(`status = 'published'`, expired);
      else if (o.status === 'published') where.push(`status = 'published'`, `NOT ${expired}`);
      else if (o.status) where.push(`status = @status`);
      if (o.after) where.push(`(updated_at, id) < (@ua, @uid)`);
      return sqlite
        .prepare(`SELECT ${COLS} FROM notices WHERE ${where.join(' AND ')} ORDER BY updated_at DESC, id DESC LIMIT @limit`)
        .all({ userId: o.userId, now: o.now, status: o.status, ua: o.after?.[0] ?? null, uid: o.after?.[1] ?? null, limit: o.limit }) as NoticeRow[];
    },

    /** Recipients left to remind: not confirmed (explicit modes) or not read. */
    pending(noticeId: string, by: 'confirmed' | 'read'): string[] {
      const col = by === 'confirmed' ? 'confirmed_at' : 'read_at';
      return (sqlite.prepare(`SELECT user_id AS userId FROM notice_recipients WHERE notice_id = ? AND ${col} IS NULL`).all(noticeId) as { userId: string }[]).map((r) => r.userId);
    },

    /** Roster rows matching a filter (department filtering happens in the service, which knows the tree). */
    roster(noticeId: string, filter: RosterFilter): ReceiptRow[] {
      const cond: Record<RosterFilter, string> = {
        all: '1', unread: 'read_at IS NULL', read: 'read_at IS NOT NULL', unconfirmed: 'confirmed_at IS NULL', confirmed: 'confirmed_at IS NOT NULL',
      };
      return sqlite.prepare(`SELECT ${RECEIPT} FROM notice_recipients WHERE notice_id = ? AND ${cond[filter]}`).all(noticeId) as ReceiptRow[];
    },
  };
}
export type NoticesRepo = ReturnType<typeof createNoticesRepo>;
