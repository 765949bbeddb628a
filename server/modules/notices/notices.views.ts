// Stored rows → the DTOs the API answers with. A withdrawn notice keeps its title for recipients but loses
// its content and files; managers keep seeing everything. Counts follow the confirmation mode.
import type { MyReceipt, NoticeAttachment, NoticeAudience, NoticeDetail, NoticeSummary, PersonRef, RosterCounts } from './notices.dto.js';
import type { CountsRow, NoticeRow, ReceiptRow } from './notices.repo.js';

export interface ViewDeps {
  person(id: string): PersonRef;
  describeFiles(ids: string[]): Map<string, NoticeAttachment>;
  now(): string;
}

export const isExpired = (n: Pick<NoticeRow, 'expiresAt'>, now: string): boolean => n.expiresAt !== null && n.expiresAt <= now;

export function toCounts(mode: NoticeRow['confirmMode'], c: CountsRow): RosterCounts {
  const confirms = mode !== 'none';
  return {
    total: c.total, delivered: c.delivered, read: c.read, unread: c.total - c.read,
    confirmed: confirms ? c.confirmed : 0, unconfirmed: confirms ? c.total - c.confirmed : 0,
  };
}

export function toReceipt(r: ReceiptRow | null | undefined): MyReceipt | null {
  if (!r) return null;
  return { deliveredAt: r.deliveredAt, readAt: r.readAt, confirmedAt: r.confirmedAt, comment: r.comment, hasSignature: r.hasSignature === 1 };
}

const hidden = (n: NoticeRow, manages: boolean) => n.status === 'withdrawn' && !manages;

export function toSummary(d: ViewDeps, n: NoticeRow, o: { receipt: ReceiptRow | null; manages: boolean; counts: CountsRow | null; attachmentCount: number }): NoticeSummary {
  const hide = hidden(n, o.manages);
  return {
    id: n.id, title: n.title, excerpt: hide ? '' : n.bodyText.replace(/\s+/g, ' ').slice(0, 120), category: n.category, urgency: n.urgency,
    confirmMode: n.confirmMode, pinned: n.pinned === 1, status: n.status, expired: n.status !== 'draft' && isExpired(n, d.now()), publishAt: n.publishAt,
    publishedAt: n.publishedAt, expiresAt: n.expiresAt, withdrawnAt: n.withdrawnAt, version: n.version, author: d.person(n.authorId),
    attachmentCount: hide ? 0 : o.attachmentCount, me: toReceipt(o.receipt), stats: o.manages && o.counts ? toCounts(n.confirmMode, o.counts) : null, updatedAt: n.updatedAt,
  };
}

export function toDetail(d: ViewDeps, n: NoticeRow, o: { receipt: ReceiptRow | null; manages: boolean; counts: CountsRow | null; attachmentIds: string[] }): NoticeDetail {
  const hide = hidden(n, o.manages);
  const files = hide ? new Map<string, NoticeAttachment>() : d.describeFiles(o.attachmentIds);
  return {
    id: n.id, title: n.title, bodyHtml: hide ? '' : n.bodyHtml, category: n.category, urgency: n.urgency, confirmMode: n.confirmMode, pinned: n.pinned === 1,
    status: n.status, expired: n.status !== 'draft' && isExpired(n, d.now()), publishAt: n.publishAt, publishedAt: n.publishedAt, expiresAt: n.expiresAt,
    withdrawnAt: n.withdrawnAt, withdrawReason: n.withdrawReason, version: n.version, editedAt: n.version > 1 ? n.versionAt : null,
    author: d.person(n.authorId),
    attachments: o.attachmentIds.map((id) => files.get(id)).filter((f): f is NoticeAttachment => f !== undefined),
    me: toReceipt(o.receipt), canManage: o.manages, audience: o.manages ? (JSON.parse(n.audience) as NoticeAudience) : null,
    stats: o.manages && o.counts ? toCounts(n.confirmMode, o.counts) : null, createdAt: n.createdAt, updatedAt: n.updatedAt,
  };
}
