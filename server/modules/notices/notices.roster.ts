// The roster of a notice for its managers: every recipient with delivered / read / confirmed times, their
// comment and signature, and the channels of the delivery ladder that reached them (every attempt of every
// inbox item made for the notice: publication, re-notification, reminders). Also its XLSX export.
import type { CurrentUser } from '../../core/request-context.js';
import type { Clock } from '../../lib/clock.js';
import type { DeliveryChannel, NoticeRoster, RosterAttempt, RosterCounts, RosterEntry, RosterQuery } from './notices.dto.js';
import { NOTICE_REMIND_INTERVAL_SECONDS } from './notices.dto.js';
import { NoticeErrors } from './notices.errors.js';
import { rosterWorkbook } from './notices.export.js';
import type { NoticeAccessCheckpoint } from './notices.access.js';
import type { NoticesGateway, NoticesOrg } from './notices.ports.js';
import type { CountsRow, NoticeRow, NoticesRepo, ReceiptRow } from './notices.repo.js';
import type { NoticesService } from './notices.service.js';
import { toCounts } from './notices.views.js';

export interface RosterDeps {
  repo: NoticesRepo;
  access: NoticeAccessCheckpoint;
  org: NoticesOrg;
  gateway: NoticesGateway;
  service: NoticesService;
  clock: Clock;
  timeZone(): string;
}

const CHANNEL_ORDER: DeliveryChannel[] = ['live', 'webpush', 'email', 'sms'];
const REACHED = new Set(['sent', 'delivered']);
const collator = new Intl.Collator('zh-CN');

function countRows(rows: ReceiptRow[]): CountsRow {
  let delivered = 0;
  let read = 0;
  let confirmed = 0;
  for (const r of rows) {
    if (r.deliveredAt) delivered++;
    if (r.readAt) read++;
    if (r.confirmedAt) confirmed++;
  }
  return { total: rows.length, delivered, read, confirmed };
}

export function createNoticeRoster(d: RosterDeps) {
  const { repo, org } = d;

  /** Departments by id, and each department's subtree. */
  function departments() {
    const all = org.listDepartments();
    const byId = new Map(all.map((x) => [x.id, x]));
    const subtree = (root: string): Set<string> => {
      const out = new Set<string>([root]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const x of all) {
          if (x.parentId && out.has(x.parentId) && !out.has(x.id)) {
            out.add(x.id);
            grew = true;
          }
        }
      }
      return out;
    };
    return { byId, subtree };
  }

  /** Entries for these receipts, with every attempt of every item made for the person. */
  function entries(n: NoticeRow, rows: ReceiptRow[], deptName: (id: string | null) => string | null): RosterEntry[] {
    const itemsByUser = repo.itemsByUser(n.id);
    const wanted = rows.flatMap((r) => itemsByUser.get(r.userId) ?? []);
    const attempts = d.gateway.attempts(wanted);
    return rows.map((r) => {
      const list: RosterAttempt[] = (itemsByUser.get(r.userId) ?? []).flatMap((item) => attempts.get(item) ?? []);
      const reached = new Set(list.filter((a) => REACHED.has(a.status)).map((a) => a.channel));
      const user = org.userRow(r.userId);
      return {
        userId: r.userId, displayName: user?.displayName ?? r.userId, departmentId: r.departmentId, departmentName: deptName(r.departmentId),
        deliveredAt: r.deliveredAt, readAt: r.readAt, confirmedAt: n.confirmMode === 'none' ? null : r.confirmedAt, comment: r.comment,
        hasSignature: r.hasSignature === 1, remindedCount: r.remindedCount, reachedBy: CHANNEL_ORDER.filter((c) => reached.has(c)), attempts: list,
      };
    });
  }

  function sortEntries(list: RosterEntry[], order: Map<string, number>): RosterEntry[] {
    return list.sort(
      (a, b) =>
        (order.get(a.departmentId ?? '') ?? 1e9) - (order.get(b.departmentId ?? '') ?? 1e9) ||
        collator.compare(a.departmentName ?? '', b.departmentName ?? '') ||
        collator.compare(a.displayName, b.displayName) ||
        a.userId.localeCompare(b.userId),
    );
  }

  /** Department order: the org chart's (sort order, then name). */
  function departmentOrder(byId: Map<string, { id: string; name: string; sortOrder: number }>): Map<string, number> {
    const sorted = [...byId.values()].sort((a, b) => a.sortOrder - b.sortOrder || collator.compare(a.name, b.name));
    return new Map(sorted.map((x, i) => [x.id, i]));
  }

  function full(n: NoticeRow) {
    const { byId } = departments();
    const rows = repo.receipts(n.id);
    const list = sortEntries(entries(n, rows, (id) => (id ? (byId.get(id)?.name ?? null) : null)), departmentOrder(byId));
    return { rows, list };
  }

  return {
    roster(user: CurrentUser, id: string, q: RosterQuery): NoticeRoster {
      const { notice: n } = d.access.accessNoticeById(user, id, 'manage');
      const { byId, subtree } = departments();
      const all = repo.receipts(n.id);
      const counts = toCounts(n.confirmMode, countRows(all));
      const perDept = new Map<string | null, ReceiptRow[]>();
      for (const r of all) perDept.set(r.departmentId, [...(perDept.get(r.departmentId) ?? []), r]);
      const order = departmentOrder(byId);
      const depts = [...perDept.entries()]
        .map(([deptId, rows]) => ({ id: deptId, name: deptId ? (byId.get(deptId)?.name ?? null) : null, counts: toCounts(n.confirmMode, countRows(rows)) }))
        .sort((a, b) => (order.get(a.id ?? '') ?? 1e9) - (order.get(b.id ?? '') ?? 1e9));

      const filter = q.filter ?? 'all';
      // Without confirmation, nobody is (un)confirmed.
      let rows = n.confirmMode === 'none' && (filter === 'confirmed' || filter === 'unconfirmed') ? [] : repo.roster(n.id, filter);
      if (q.departmentId) {
        const inside = subtree(q.departmentId);
        rows = rows.filter((r) => r.departmentId !== null && inside.has(r.departmentId));
      }
      // Sort cheaply by names first, then describe only the page.
      const names = new Map(rows.map((r) => [r.userId, org.userRow(r.userId)?.displayName ?? r.userId]));
      rows.sort(
        (a, b) =>
          (order.get(a.departmentId ?? '') ?? 1e9) - (order.get(b.departmentId ?? '') ?? 1e9) ||
          collator.compare(names.get(a.userId)!, names.get(b.userId)!) ||
          a.userId.localeCompare(b.userId),
      );
      const limit = q.limit ?? 500;
      const offset = q.cursor ? Number.parseInt(q.cursor, 36) : 0;
      if (!Number.isInteger(offset) || offset < 0) throw NoticeErrors.badCursor();
      const page = rows.slice(offset, offset + limit);
      const items = entries(n, page, (deptId) => (deptId ? (byId.get(deptId)?.name ?? null) : null));

      const now = d.clock.now();
      const next = n.lastRemindedAt ? new Date(new Date(n.lastRemindedAt).getTime() + NOTICE_REMIND_INTERVAL_SECONDS * 1000) : null;
      return {
        noticeId: n.id, confirmMode: n.confirmMode, counts, departments: depts, items,
        nextCursor: offset + limit < rows.length ? (offset + limit).toString(36) : null,
        remindAllowedAt: next && next > now ? next.toISOString() : null,
      };
    },

    /** A recipient's signature as PNG bytes. */
    signature(user: CurrentUser, id: string, userId: string): Buffer {
      const { notice: n } = d.access.accessNoticeById(user, id, 'manage');
      const data = repo.signature(n.id, userId);
      if (!data) throw NoticeErrors.signatureNotFound();
      return Buffer.from(data.slice(data.indexOf(',') + 1), 'base64');
    },

    async exportXlsx(user: CurrentUser, id: string, ip: string | null): Promise<{ bytes: Buffer; title: string }> {
      const { notice: n } = d.access.accessNoticeById(user, id, 'manage');
      const { rows, list } = full(n);
      const counts: RosterCounts = toCounts(n.confirmMode, countRows(rows));
      const bytes = await rosterWorkbook({ notice: n, author: d.service.internals.person(n.authorId).displayName, entries: list, counts, timeZone: d.timeZone(), exportedAt: d.clock.now().toISOString() });
      d.service.internals.audit('notices.exported', user, n, ip, { rows: list.length });
      return { bytes, title: n.title };
    },
  };
}
export type NoticeRosterService = ReturnType<typeof createNoticeRoster>;
