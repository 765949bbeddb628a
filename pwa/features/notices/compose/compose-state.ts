// The compose page's state as plain data: a draft as the page edits it, checks before saving or publishing (the
// server checks again), the request bodies, and which field a server problem belongs to. No DOM, no API.
import {
  NOTICE_ATTACHMENTS_MAX,
  NOTICE_BODY_MAX,
  NOTICE_TITLE_MAX,
  type ConfirmMode,
  type NoticeAttachment,
  type NoticeAudience,
  type NoticeCategory,
  type NoticeDetail,
  type NoticeInput,
  type NoticePublish,
  type NoticeRevision,
  type NoticeUrgency,
} from '../../../../server/modules/notices/notices.dto';
import { isoToLocal, localToIso } from '../notices-format';
import { cleanHtml, isBlankHtml } from './html-clean';

export interface ComposeDraft {
  title: string;
  bodyHtml: string;
  category: NoticeCategory;
  urgency: NoticeUrgency;
  confirmMode: ConfirmMode;
  pinned: boolean;
  audience: NoticeAudience;
  attachments: NoticeAttachment[];
  /** '' = never expires; else an <input type="datetime-local"> value in the school's zone. */
  expiresLocal: string;
  /** Publish now, or at publishAtLocal. */
  when: 'now' | 'at';
  publishAtLocal: string;
  /** Published notices only: tell every recipient about the edit. */
  notifyAgain: boolean;
}

/** new: not saved yet; draft/scheduled: PUT; published: an edit is a revision (audience and mode are fixed). */
export type ComposeKind = 'new' | 'draft' | 'scheduled' | 'published';
export type Intent = 'save' | 'publish';
export type ComposeField = 'title' | 'body' | 'audience' | 'attachments' | 'expires' | 'publishAt';
export type ProblemCode =
  | 'titleRequired'
  | 'titleTooLong'
  | 'bodyRequired'
  | 'bodyTooLong'
  | 'audienceRequired'
  | 'tooManyAttachments'
  | 'publishAtInvalid'
  | 'publishAtPast'
  | 'expiresInvalid'
  | 'expiresBeforePublish';
export type Problems = Partial<Record<ComposeField, ProblemCode>>;

export const emptyAudience = (): NoticeAudience => ({ all: false, departmentIds: [], roles: [], userIds: [] });

export function audienceIsEmpty(a: NoticeAudience): boolean {
  return !a.all && !a.departmentIds.length && !a.roles.length && !a.userIds.length;
}

export function emptyDraft(): ComposeDraft {
  return {
    title: '',
    bodyHtml: '',
    category: 'general',
    urgency: 'normal',
    confirmMode: 'read',
    pinned: false,
    audience: emptyAudience(),
    attachments: [],
    expiresLocal: '',
    when: 'now',
    publishAtLocal: '',
    notifyAgain: false,
  };
}

export function kindOf(detail: Pick<NoticeDetail, 'status'> | null): ComposeKind {
  if (!detail) return 'new';
  return detail.status === 'withdrawn' ? 'published' : detail.status;
}

export function fromDetail(d: NoticeDetail, timeZone: string): ComposeDraft {
  return {
    title: d.title,
    bodyHtml: d.bodyHtml,
    category: d.category,
    urgency: d.urgency,
    confirmMode: d.confirmMode,
    pinned: d.pinned,
    audience: d.audience ?? emptyAudience(),
    attachments: d.attachments,
    expiresLocal: isoToLocal(d.expiresAt, timeZone),
    when: d.status === 'scheduled' && d.publishAt ? 'at' : 'now',
    publishAtLocal: d.status === 'scheduled' ? isoToLocal(d.publishAt, timeZone) : '',
    notifyAgain: false,
  };
}

/** What stops saving (intent 'save': a draft may be incomplete) or publishing; {} when nothing does. */
export function validateDraft(draft: ComposeDraft, intent: Intent, kind: ComposeKind, now: number, timeZone: string): Problems {
  const p: Problems = {};
  const title = draft.title.trim();
  if (!title) p.title = 'titleRequired';
  else if ([...title].length > NOTICE_TITLE_MAX) p.title = 'titleTooLong';
  const publishing = intent === 'publish' || kind === 'published';
  if (draft.bodyHtml.length > NOTICE_BODY_MAX) p.body = 'bodyTooLong';
  else if (publishing && isBlankHtml(draft.bodyHtml)) p.body = 'bodyRequired';
  if (publishing && kind !== 'published' && audienceIsEmpty(draft.audience)) p.audience = 'audienceRequired';
  if (draft.attachments.length > NOTICE_ATTACHMENTS_MAX) p.attachments = 'tooManyAttachments';

  let publishAt = now;
  if (intent === 'publish' && kind !== 'published' && draft.when === 'at') {
    const iso = localToIso(draft.publishAtLocal, timeZone);
    if (!iso) p.publishAt = 'publishAtInvalid';
    else if (Date.parse(iso) <= now) p.publishAt = 'publishAtPast';
    else publishAt = Date.parse(iso);
  }
  if (draft.expiresLocal) {
    const iso = localToIso(draft.expiresLocal, timeZone);
    if (!iso) p.expires = 'expiresInvalid';
    else if (publishing && Date.parse(iso) <= publishAt) p.expires = 'expiresBeforePublish';
  }
  return p;
}

export function hasProblems(p: Problems): boolean {
  return Object.keys(p).length > 0;
}

/** The body of POST/PUT /api/notices. */
export function toInput(draft: ComposeDraft, timeZone: string): NoticeInput {
  return {
    title: draft.title.trim(),
    bodyHtml: cleanHtml(draft.bodyHtml),
    category: draft.category,
    urgency: draft.urgency,
    confirmMode: draft.confirmMode,
    pinned: draft.pinned,
    audience: draft.audience.all ? { all: true, departmentIds: [], roles: [], userIds: [] } : draft.audience,
    attachmentIds: draft.attachments.map((a) => a.id),
    expiresAt: draft.expiresLocal ? localToIso(draft.expiresLocal, timeZone) : null,
  };
}

/** The body of POST /api/notices/:id/revisions (an edit of a published notice). */
export function toRevision(draft: ComposeDraft, timeZone: string): NoticeRevision {
  const { title, bodyHtml, category, urgency, pinned, attachmentIds, expiresAt } = toInput(draft, timeZone);
  return { title, bodyHtml, category, urgency, pinned, attachmentIds, expiresAt, notifyAgain: draft.notifyAgain };
}

/** The body of POST /api/notices/:id/publish: now, or at the chosen time. */
export function toPublish(draft: ComposeDraft, timeZone: string): NoticePublish {
  return { publishAt: draft.when === 'at' ? localToIso(draft.publishAtLocal, timeZone) : null };
}

/** The compose field a server problem is about (to show it there), or null for a general one. */
export function fieldOfProblem(code: string, pointer?: string): ComposeField | null {
  switch (code) {
    case 'NOTICE_AUDIENCE_EMPTY':
    case 'NOTICE_AUDIENCE_OUT_OF_SCOPE':
    case 'NOTICE_AUDIENCE_UNKNOWN':
      return 'audience';
    case 'NOTICE_EXPIRY_INVALID':
      return 'expires';
    case 'NOTICE_ATTACHMENT_UNREADABLE':
      return 'attachments';
    default:
      break;
  }
  if (!pointer) return null;
  const head = pointer.replace(/^\/(body\/)?/, '').split('/')[0];
  const map: Record<string, ComposeField> = {
    title: 'title',
    bodyHtml: 'body',
    audience: 'audience',
    attachmentIds: 'attachments',
    expiresAt: 'expires',
    publishAt: 'publishAt',
  };
  return (head && map[head]) || null;
}
