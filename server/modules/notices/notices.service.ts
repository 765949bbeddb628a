// The notice centre's rules: compose (sanitised body, audience within the publisher's reach, attachments the
// author may download), publish now or at a time (an idempotent job), edit with history, withdraw, expire;
// recipients read (which stops the delivery ladder) and confirm; publishers remind those left. Delivery goes
// through the gateway: one inbox item per person and message, its ladder planned in the same transaction.
import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../../core/jobs/jobs.queue.js';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import type { CurrentUser } from '../../core/request-context.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { AuditService } from '../audit/index.js';
import type { Category, LadderUrgency } from '../gateway/index.js';
import { mayPublish, outOfScope, publishRights, type NoticeAccessCheckpoint, type PublishRights } from './notices.access.js';
import { resolveAudience, unknownReferences } from './notices.audience.js';
import {
  NOTICE_REMIND_INTERVAL_SECONDS, NOTICE_SIGNATURE_MAX_CHARS, type ManagedNoticePage, type ManagedNoticesQuery, type MyNoticesQuery, type NoticeAttachment,
  type NoticeAudience, type NoticeConfirm, type NoticeCounts, type NoticeDetail, type NoticeInput, type NoticePage, type NoticePublish, type NoticeRevision,
  type NoticeSettings, type NoticeSettingsInput, type NoticeUrgency, type NoticeVersions, type NoticeWithdraw, type PersonRef, type PublishScope, type RemindResult,
} from './notices.dto.js';
import { NoticeErrors } from './notices.errors.js';
import type { NoticeAttachmentsPort, NoticesGateway, NoticesInbox, NoticesOrg } from './notices.ports.js';
import type { NoticeContent, NoticeRow, NoticesRepo } from './notices.repo.js';
import { noticeText, sanitizeNoticeHtml } from './notices.sanitize.js';
import type { NoticeSettingsStore } from './notices.settings.js';
import { isExpired, toDetail, toSummary, type ViewDeps } from './notices.views.js';

export interface NoticesServiceDeps {
  repo: NoticesRepo;
  access: NoticeAccessCheckpoint;
  settings: NoticeSettingsStore;
  org: NoticesOrg;
  gateway: NoticesGateway;
  inbox: NoticesInbox;
  audit: AuditService;
  hub: Pick<RealtimeHub, 'publish'>;
  jobs: Pick<JobQueue, 'enqueue' | 'register'>;
  clock: Clock;
  log: FastifyBaseLogger;
  attachments: NoticeAttachmentsPort;
  /** Live roster updates to the author: at most one event per notice per this many ms. */
  rosterThrottleMs?: number;
}

type Actor = { id: string; displayName: string };

const LADDER_URGENCY: Record<NoticeUrgency, LadderUrgency> = { normal: 'normal', important: 'high', urgent: 'urgent' };
const REMIND_MS = NOTICE_REMIND_INTERVAL_SECONDS * 1000;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_PREFIX = 'data:image/png;base64,';
export const EXPLICIT_MODES: ReadonlySet<string> = new Set(['click', 'comment', 'signature']);

/** A PNG data URL of acceptable size whose bytes start like a PNG. */
export function validSignature(s: string): boolean {
  if (s.length > NOTICE_SIGNATURE_MAX_CHARS || !s.startsWith(PNG_PREFIX)) return false;
  const b64 = s.slice(PNG_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return false;
  const head = Buffer.from(b64.slice(0, 12), 'base64');
  return head.length >= 8 && head.subarray(0, 8).equals(PNG_MAGIC);
}

function encodeCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}
function decodeCursor<T extends unknown[]>(cursor: string | undefined, check: (v: unknown[]) => boolean): T | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && check(v)) return v as T;
  } catch {
    /* fall through */
  }
  throw NoticeErrors.badCursor();
}

export function createNoticesService(d: NoticesServiceDeps) {
  const { repo, org } = d;
  const now = () => d.clock.now().toISOString();
  const publishers = () => d.settings.get().publishers;

  // ── views ───────────────────────────────────────────────────────────────────────────────
  function person(id: string): PersonRef {
    const p = org.personSummary(id);
    return p ? { id: p.id, displayName: p.displayName, departmentName: p.departmentName } : { id, displayName: '—', departmentName: null };
  }
  const views: ViewDeps = {
    person,
    describeFiles: (ids) => d.attachments.describe(ids),
    now,
  };
  function detailOf(n: NoticeRow, manages: boolean, userId: string): NoticeDetail {
    const out = n.status === 'published' || n.status === 'withdrawn';
    return toDetail(views, n, {
      receipt: out ? (repo.receipt(n.id, userId) ?? null) : null, manages, counts: manages && out ? repo.counts(n.id) : null, attachmentIds: repo.attachmentIds(n.id),
    });
  }

  // ── live roster updates, throttled per notice ───────────────────────────────────────────
  const throttleMs = d.rosterThrottleMs ?? 2000;
  const lastSent = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;
  function sendRoster(noticeId: string): void {
    if (stopped) return;
    try {
      const n = repo.notice(noticeId);
      if (!n) return;
      lastSent.set(noticeId, Date.now());
      if (lastSent.size > 1000) for (const [k, t] of lastSent) if (Date.now() - t > throttleMs) lastSent.delete(k);
      d.hub.publish({ topic: `user:${n.authorId}`, name: 'notices.roster', data: { noticeId } });
    } catch (err) {
      d.log.warn({ err, event: 'notices.roster_event_failed', noticeId }, 'roster update event failed');
    }
  }
  /** A receipt or delivery outcome changed: the author's roster page refetches (one event, then at most one per interval). */
  function rosterChanged(noticeId: string): void {
    if (stopped || timers.has(noticeId)) return;
    const wait = (lastSent.get(noticeId) ?? -Infinity) + throttleMs - Date.now();
    if (wait <= 0) return sendRoster(noticeId);
    const t = setTimeout(() => {
      timers.delete(noticeId);
      sendRoster(noticeId);
    }, wait);
    t.unref();
    timers.set(noticeId, t);
  }
  d.gateway.onOutcome((row) => {
    if (!row.category.startsWith('notice.')) return;
    try {
      const noticeId = repo.noticeOfItem(row.item_id);
      if (noticeId) rosterChanged(noticeId);
    } catch (err) {
      d.log.warn({ err, event: 'notices.outcome_failed' }, 'could not relate a delivery outcome to a notice');
    }
  });

  /** Recipients' open pages refetch (edited or withdrawn). */
  function changed(n: NoticeRow): void {
    const users = repo.receipts(n.id).map((r) => r.userId);
    const fresh = repo.notice(n.id)!;
    if (users.length) d.hub.publish({ topic: `notice:${n.id}`, name: 'notices.changed', data: { noticeId: n.id, status: fresh.status, version: fresh.version } }, users);
  }

  // ── checks shared by drafts, publication and edits ──────────────────────────────────────
  function checkAudience(audience: NoticeAudience, rights: PublishRights): void {
    const unknown = unknownReferences(audience, org);
    if (unknown) throw NoticeErrors.audienceUnknown(undefined, unknown);
    const problem = outOfScope(rights, audience, (u) => org.userRow(u)?.departmentId ?? null);
    if (problem) throw NoticeErrors.audienceOutOfScope(undefined, { ...problem });
  }

  /** Files newly attached must be ones the editor may download; ones already on the notice stay. */
  function checkAttachments(user: CurrentUser, ids: string[], already: string[] = []): void {
    const added = ids.filter((id) => !already.includes(id));
    if (!added.length) return;
    const readable = d.attachments.readable(user, added);
    const refused = added.filter((id) => !readable.has(id));
    if (refused.length) throw NoticeErrors.attachmentUnreadable(undefined, { fileIds: refused });
  }

  function checkExpiry(expiresAt: string | null, after: string): void {
    if (expiresAt !== null && new Date(expiresAt).toISOString() <= after) throw NoticeErrors.expiryInvalid(`expiresAt must be after ${after}`);
  }

  function content(input: NoticeInput): NoticeContent {
    const bodyHtml = sanitizeNoticeHtml(input.bodyHtml);
    return {
      title: input.title.trim() || input.title, bodyHtml, bodyText: noticeText(bodyHtml), category: input.category, urgency: input.urgency,
      confirmMode: input.confirmMode, pinned: input.pinned ? 1 : 0, audience: JSON.stringify(input.audience),
      expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    };
  }

  function audit(event: string, actor: Actor, n: NoticeRow, ip: string | null, details: Record<string, unknown> = {}, outcome: 'success' | 'failure' = 'success'): void {
    d.audit.record({ event, outcome, actor, ip, target: { type: 'notice', id: n.id, name: n.title }, details });
  }

  // ── delivery ──────────────────────────────────────────────────────────────────────────
  function message(n: NoticeRow, kind: 'published' | 'updated' | 'reminder') {
    const byMode = EXPLICIT_MODES.has(n.confirmMode);
    const title =
      kind === 'published' ? n.title
      : kind === 'updated' ? { 'zh-CN': `通知已更新：${n.title}`, en: `Notice updated: ${n.title}` }
      : byMode ? { 'zh-CN': `请确认：${n.title}`, en: `Please confirm: ${n.title}` }
      : { 'zh-CN': `请阅读：${n.title}`, en: `Please read: ${n.title}` };
    return {
      kind: `notice.${kind}`, category: `notice.${n.category}` as Category, title, body: n.bodyText.slice(0, 500), link: `/notices/${n.id}`,
      urgency: LADDER_URGENCY[n.urgency], source: { type: 'notice', id: n.id },
    };
  }

  /** Deliver and remember every inbox item (the roster shows their attempts; withdrawal cancels them). */
  function deliver(n: NoticeRow, users: string[], kind: 'published' | 'updated' | 'reminder', at: string): Map<string, string> {
    const ids = d.gateway.deliver(users, message(n, kind));
    for (const [userId, itemId] of ids) {
      repo.insertDelivery(itemId, n.id, userId, kind, at);
      if (kind === 'published') repo.delivered(n.id, userId, itemId, at);
      if (kind === 'reminder') repo.reminded(n.id, userId);
    }
    return ids;
  }

  function scheduleExpiry(n: { id: string; expiresAt: string | null }): void {
    if (n.expiresAt) d.jobs.enqueue('notices.expire', { id: n.id, expiresAt: n.expiresAt }, { runAt: new Date(n.expiresAt), dedupeKey: `notices.expire:${n.id}:${n.expiresAt}` });
  }

  /** Publish now: resolve the audience, record each recipient, deliver — one transaction. */
  function publishNow(n: NoticeRow, actor: Actor, rights: PublishRights, ip: string | null): NoticeRow {
    const audience = JSON.parse(n.audience) as NoticeAudience;
    checkAudience(audience, rights);
    const at = now();
    checkExpiry(n.expiresAt, at);
    const users = resolveAudience(audience, rights, org);
    if (!users.length) throw NoticeErrors.audienceEmpty();
    repo.tx(() => {
      if (!repo.markPublished(n.id, actor.id, at)) throw NoticeErrors.notEditable('It was published or changed meanwhile');
      for (const u of users) repo.insertRecipient(n.id, u, org.userRow(u)?.departmentId ?? null, at);
      deliver(repo.notice(n.id)!, users, 'published', at);
    });
    const published = repo.notice(n.id)!;
    scheduleExpiry(published);
    audit('notices.published', actor, published, ip, { recipients: users.length, urgency: n.urgency, confirmMode: n.confirmMode, scheduled: n.status === 'scheduled' });
    d.log.info({ event: 'notices.published', noticeId: n.id, recipients: users.length }, 'notice published');
    return published;
  }

  // ── jobs ────────────────────────────────────────────────────────────────────────────────
  /** A scheduled notice's time came. Idempotent: only a notice still scheduled for exactly this time goes out. */
  d.jobs.register('notices.publish', (payload) => {
    const { id, publishAt } = payload as { id: string; publishAt: string };
    const n = repo.notice(id);
    if (!n || n.status !== 'scheduled' || n.publishAt !== publishAt) return;
    const author = org.userRow(n.authorId);
    const grants = org.grants(n.authorId);
    const rights = publishRights({ id: n.authorId, ...org.permissionsOf(grants) }, publishers());
    const actor = { id: n.authorId, displayName: author?.displayName ?? n.authorId };
    try {
      if (!author?.active || !mayPublish(rights)) throw NoticeErrors.forbidden('The author may no longer publish');
      publishNow(n, actor, rights, null);
    } catch (err) {
      // Not publishable any more (rights, audience, expiry): back to a draft, and the author is told.
      repo.unschedule(n.id, now());
      const code = (err as { code?: string }).code ?? 'ERROR';
      audit('notices.published', actor, n, null, { scheduled: true, code }, 'failure');
      d.gateway.deliver([n.authorId], {
        kind: 'notice.schedule_failed', category: 'system', urgency: 'normal', link: `/notices/${n.id}`, source: { type: 'notice-draft', id: n.id },
        title: { 'zh-CN': `定时通知未能发布：${n.title}`, en: `Scheduled notice not published: ${n.title}` },
        body: { 'zh-CN': '通知已退回草稿，请检查接收范围后重新发布。', en: 'It is a draft again; check its audience and publish it again.' },
      });
      d.log.warn({ event: 'notices.schedule_failed', noticeId: n.id, code }, 'scheduled notice could not be published');
    }
  });

  /** Expiry: nobody is chased any more (pending escalations cancelled). */
  d.jobs.register('notices.expire', (payload) => {
    const { id, expiresAt } = payload as { id: string; expiresAt: string };
    const n = repo.notice(id);
    if (!n || n.status !== 'published' || n.expiresAt !== expiresAt || expiresAt > now()) return;
    const cancelled = d.gateway.cancel(repo.itemIds(id), 'expired');
    d.log.info({ event: 'notices.expired', noticeId: id, cancelled }, 'notice expired');
  });

  return {
    stop(): void {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },

    scope(user: CurrentUser): PublishScope {
      const r = d.access.rights(user);
      return { canPublish: mayPublish(r), schoolWide: r.schoolWide, departmentIds: [...r.departments], oversees: r.schoolWide };
    },

    // ── publisher side ──────────────────────────────────────────────────────────────────
    create(user: CurrentUser, input: NoticeInput): NoticeDetail {
      const rights = d.access.rights(user);
      if (!mayPublish(rights)) throw NoticeErrors.forbidden();
      checkAudience(input.audience, rights);
      checkAttachments(user, input.attachmentIds);
      const c = content(input);
      checkExpiry(c.expiresAt, now());
      const id = newId();
      repo.tx(() => {
        repo.insert({ ...c, id, authorId: user.id, at: now() });
        repo.setAttachments(id, input.attachmentIds);
      });
      return detailOf(repo.notice(id)!, true, user.id);
    },

    update(user: CurrentUser, id: string, input: NoticeInput): NoticeDetail {
      const { notice: n } = d.access.accessNoticeById(user, id, 'manage');
      if (n.status !== 'draft' && n.status !== 'scheduled') throw NoticeErrors.notEditable('Published notices are edited with a revision');
      checkAudience(input.audience, d.access.rights(user));
      checkAttachments(user, input.attachmentIds, repo.attachmentIds(id));
      const c = content(input);
      checkExpiry(c.expiresAt, n.status === 'scheduled' && n.publishAt! > now() ? n.publishAt! : now());
      repo.tx(() => {
        repo.saveContent(id, c, now());
        repo.setAttachments(id, input.attachmentIds);
      });
      return detailOf(repo.notice(id)!, true, user.id);
    },

    remove(user: CurrentUser, id: string): void {
      const { notice: n } = d.access.accessNoticeById(user, id, 'manage');
      if (!repo.remove(n.id)) throw NoticeErrors.notEditable('Only drafts and scheduled notices can be deleted; withdraw a published one');
    },

    publish(user: CurrentUser, id: string, body: NoticePublish, ip: string | null): NoticeDetail {
      const { notice: n } = d.access.accessNoticeById(user, id, 'manage');
      if (n.status !== 'draft' && n.status !== 'scheduled') throw NoticeErrors.notEditable('The notice is already published');
      const rights = d.access.rights(user);
      if (!mayPublish(rights)) throw NoticeErrors.forbidden();
      const at = body.publishAt ? new Date(body.publishAt).toISOString() : null;
      if (at && at > now()) {
        const audience = JSON.parse(n.audience) as NoticeAudience;
        checkAudience(audience, rights);
        checkExpiry(n.expiresAt, at);
        if (!resolveAudience(audience, rights, org).length) throw NoticeErrors.audienceEmpty();
        repo.schedule(n.id, at, now());
        d.jobs.enqueue('notices.publish', { id: n.id, publishAt: at }, { runAt: new Date(at), dedupeKey: `notices.publish:${n.id}:${at}` });
        audit('notices.scheduled', user, n, ip, { publishAt: at });
        return detailOf(repo.notice(n.id)!, true, user.id);
      }
      return detailOf(publishNow(n, user, rights, ip), true, user.id);
    },

    unschedule(user: CurrentUser, id: string): NoticeDetail {
      const { notice: n } = d.access.accessNoticeById(user, id, 'manage');
      if (!repo.unschedule(n.id, now())) throw NoticeErrors.notEditable('The notice is not scheduled');
      return detailOf(repo.notice(n.id)!, true, user.id);
    },

    revise(user: CurrentUser, id: string, body: NoticeRevision, ip: string | null): NoticeDetail {
      const { notice: n } = d.access.accessNoticeById(user, id, 'manage');
      if (n.status !== 'published') throw NoticeErrors.notEditable(n.status === 'withdrawn' ? 'A withdrawn notice cannot be edited' : 'Drafts are edited with PUT');
      const already = repo.attachmentIds(id);
      checkAttachments(user, body.attachmentIds, already);
      const bodyHtml = sanitizeNoticeHtml(body.bodyHtml);
      const title = body.title.trim() || body.title;
      const expiresAt = body.expiresAt ? new Date(body.expiresAt).toISOString() : null;
      checkExpiry(expiresAt, n.publishedAt!);
      const textChanged = title !== n.title || bodyHtml !== n.bodyHtml;
      const at = now();
      const fields = { id, category: body.category, urgency: body.urgency, pinned: body.pinned ? 1 : 0, expiresAt, at };
      repo.tx(() => {
        if (textChanged) {
          repo.insertVersion({ noticeId: id, version: n.version, title: n.title, bodyHtml: n.bodyHtml, byId: n.versionBy, at: n.versionAt ?? n.publishedAt!, replacedBy: user.id, replacedAt: at });
          if (!repo.revise({ ...fields, version: n.version, title, bodyHtml, bodyText: noticeText(bodyHtml), by: user.id })) throw NoticeErrors.notEditable('It was changed meanwhile');
        } else repo.amend(fields);
        if (already.join() !== body.attachmentIds.join()) repo.setAttachments(id, body.attachmentIds);
        if (body.notifyAgain) {
          // The new message replaces the chase of the old ones (no SMS for both).
          d.gateway.cancel(repo.itemIds(id), 'superseded');
          deliver(repo.notice(id)!, repo.receipts(id).map((r) => r.userId), 'updated', at);
        }
      });
      const fresh = repo.notice(id)!;
      if (fresh.expiresAt !== n.expiresAt) scheduleExpiry(fresh);
      audit('notices.edited', user, fresh, ip, { version: fresh.version, textChanged, notifyAgain: body.notifyAgain });
      changed(fresh);
      return detailOf(fresh, true, user.id);
    },

    withdraw(user: CurrentUser, id: string, body: NoticeWithdraw, ip: string | null): NoticeDetail {
      const { notice: n } = d.access.accessNoticeById(user, id, 'manage');
      const at = now();
      if (!repo.withdraw(n.id, body.reason?.trim() || null, at)) throw NoticeErrors.notPublished(n.status === 'withdrawn' ? 'Already withdrawn' : 'Only a published notice can be withdrawn');
      const cancelled = d.gateway.cancel(repo.itemIds(n.id), 'withdrawn');
      audit('notices.withdrawn', user, n, ip, { reason: body.reason ?? null, cancelledAttempts: cancelled });
      changed(n);
      return detailOf(repo.notice(n.id)!, true, user.id);
    },

    remind(user: CurrentUser, id: string, ip: string | null): RemindResult {
      const { notice: n } = d.access.accessNoticeById(user, id, 'manage');
      if (n.status !== 'published') throw NoticeErrors.notPublished();
      const at = now();
      if (isExpired(n, at)) throw NoticeErrors.expired();
      const users = repo.pending(n.id, EXPLICIT_MODES.has(n.confirmMode) ? 'confirmed' : 'read');
      const nextAllowed = (from: string) => new Date(new Date(from).getTime() + REMIND_MS).toISOString();
      if (!users.length) return { reminded: 0, nextAllowedAt: n.lastRemindedAt && nextAllowed(n.lastRemindedAt) > at ? nextAllowed(n.lastRemindedAt) : at };
      repo.tx(() => {
        if (!repo.claimRemind(n.id, at, new Date(d.clock.now().getTime() - REMIND_MS).toISOString())) {
          const next = nextAllowed(n.lastRemindedAt ?? at);
          const seconds = Math.max(1, Math.ceil((new Date(next).getTime() - d.clock.now().getTime()) / 1000));
          throw NoticeErrors.remindTooSoon(`The next reminder may go at ${next}`, { retryAfterSeconds: seconds, nextAllowedAt: next }, { 'Retry-After': String(seconds) });
        }
        deliver(n, users, 'reminder', at);
      });
      audit('notices.reminded', user, n, ip, { reminded: users.length });
      rosterChanged(n.id);
      return { reminded: users.length, nextAllowedAt: nextAllowed(at) };
    },

    managed(user: CurrentUser, q: ManagedNoticesQuery): ManagedNoticePage {
      const everyone = q.scope === 'all';
      if (everyone && !d.access.rights(user).schoolWide) throw NoticeErrors.forbidden('Only school-wide publishers see every notice');
      const limit = q.limit ?? 30;
      const after = decodeCursor<[string, string]>(q.cursor, (v) => v.length === 2 && v.every((x) => typeof x === 'string'));
      const rows = repo.managed({ userId: user.id, everyone, now: now(), status: q.status ?? null, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const counts = repo.countsMany(page.filter((n) => n.status !== 'draft' && n.status !== 'scheduled').map((n) => n.id));
      const items = page.map((n) => toSummary(views, n, { receipt: repo.receipt(n.id, user.id) ?? null, manages: true, counts: counts.get(n.id) ?? null, attachmentCount: repo.attachmentIds(n.id).length }));
      const last = page[page.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.updatedAt, last.id]) : null };
    },

    // ── recipient side ──────────────────────────────────────────────────────────────────
    counts(user: CurrentUser): NoticeCounts {
      return repo.myCounts(user.id, now());
    },

    mine(user: CurrentUser, q: MyNoticesQuery): NoticePage {
      const limit = q.limit ?? 30;
      const after = decodeCursor<[number, string, string]>(q.cursor, (v) => v.length === 3 && typeof v[0] === 'number' && typeof v[1] === 'string' && typeof v[2] === 'string');
      const rows = repo.mine({ userId: user.id, now: now(), filter: q.filter ?? 'all', category: q.category ?? null, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const managed = new Set(page.filter((n) => d.access.manages(user, n)).map((n) => n.id));
      const counts = repo.countsMany([...managed]);
      const items = page.map((n) => toSummary(views, n, { receipt: n, manages: managed.has(n.id), counts: counts.get(n.id) ?? null, attachmentCount: repo.attachmentIds(n.id).length }));
      const last = page[page.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.pinKey, last.publishedAt, last.id]) : null, counts: repo.myCounts(user.id, now()) };
    },

    /** Opening a notice reads it: the receipt (and, in 'read' mode, the confirmation) and its inbox items, which stops the ladder. */
    detail(user: CurrentUser, id: string): NoticeDetail {
      const { notice: n, receipt, manages } = d.access.accessNoticeById(user, id, 'view');
      if (receipt) {
        if (!receipt.readAt && repo.markRead(n.id, user.id, now(), n.confirmMode === 'read')) rosterChanged(n.id);
        d.inbox.markReadBySource(user.id, 'notice', n.id);
      }
      return detailOf(n, manages, user.id);
    },

    confirm(user: CurrentUser, id: string, body: NoticeConfirm): NoticeDetail {
      const { notice: n, receipt, manages } = d.access.accessNoticeById(user, id, 'view');
      if (!receipt) throw NoticeErrors.confirmNotNeeded('You are not a recipient of this notice');
      if (n.status === 'withdrawn') throw NoticeErrors.withdrawn();
      if (n.confirmMode === 'none') throw NoticeErrors.confirmNotNeeded();
      if (!receipt.confirmedAt) {
        const at = now();
        if (n.confirmMode === 'read') repo.markRead(n.id, user.id, at, true);
        else {
          const comment = body.comment?.trim() || null;
          if (n.confirmMode === 'comment' && !comment) throw NoticeErrors.confirmNeedsComment();
          let signature: string | null = null;
          if (n.confirmMode === 'signature') {
            if (!body.signature) throw NoticeErrors.confirmNeedsSignature();
            if (!validSignature(body.signature)) throw NoticeErrors.signatureInvalid(`A PNG data URL of at most ${NOTICE_SIGNATURE_MAX_CHARS} characters`);
            signature = body.signature;
          }
          repo.confirm(n.id, user.id, at, comment, signature);
        }
        rosterChanged(n.id);
      }
      d.inbox.markReadBySource(user.id, 'notice', n.id);
      return detailOf(n, manages, user.id);
    },

    versions(user: CurrentUser, id: string): NoticeVersions {
      const { notice: n, manages } = d.access.accessNoticeById(user, id, 'view');
      if (n.status === 'withdrawn' && !manages) return { current: n.version, items: [] };
      return {
        current: n.version,
        items: repo.versions(id).map((v) => ({ version: v.version, title: v.title, bodyHtml: v.bodyHtml, by: person(v.byId ?? ''), at: v.at, replacedAt: v.replacedAt })),
      };
    },

    /** A file of the notice, for whoever sees it (not after withdrawal, except its managers). */
    attachment(user: CurrentUser, id: string, fileId: string) {
      const { notice: n, manages } = d.access.accessNoticeById(user, id, 'view');
      if ((n.status === 'withdrawn' && !manages) || !repo.hasAttachment(n.id, fileId)) throw NoticeErrors.attachmentNotFound();
      const file = d.attachments.open(fileId);
      if (!file) throw NoticeErrors.attachmentNotFound();
      return file;
    },

    // ── the admin's school-wide publishers ────────────────────────────────────────────────
    settings(): NoticeSettings {
      return { publishers: publishers().map(person) };
    },
    setSettings(actor: CurrentUser, input: NoticeSettingsInput, ip: string | null): NoticeSettings {
      const unknown = input.publisherIds.filter((id) => !org.isActive(id));
      if (unknown.length) throw NoticeErrors.personUnknown(undefined, { userIds: unknown });
      const before = publishers();
      d.settings.set({ publishers: input.publisherIds }, actor.id);
      d.audit.record({
        event: 'notices.settings.updated', actor, ip, target: { type: 'settings', id: 'notices', name: '通知发布人' },
        details: { added: input.publisherIds.filter((x) => !before.includes(x)), removed: before.filter((x) => !input.publisherIds.includes(x)) },
      });
      return this.settings();
    },

    /** For the roster and export (notices.roster.ts). */
    internals: { person, rosterChanged, audit, views },
  };
}
export type NoticesService = ReturnType<typeof createNoticesService>;
export type { NoticeAttachment };
