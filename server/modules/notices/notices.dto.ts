// The notice centre's API contract (通知公告): the routes validate with these schemas and the PWA imports the
// types and constants. Pure: imports nothing but TypeBox and other DTO files.
//
// Life of a notice: draft → (publish now) published, or (publish at a time) scheduled → published;
// published → withdrawn. `expired` is not a status: a published notice whose expiresAt has passed; it leaves
// the default lists but stays under the 'expired' filter. Times are ISO 8601 UTC on the wire.
//
// Routes (all need a session; a notice the caller may not see is 404 NOTICE_NOT_FOUND, like a missing one):
//   recipients
//     GET  /api/notices                      MyNoticesQuery → NoticePage
//     GET  /api/notices/counts               → NoticeCounts (home badge)
//     GET  /api/notices/:id                  → NoticeDetail (marks my receipt read, stops the ladder)
//     POST /api/notices/:id/confirm          NoticeConfirm → NoticeDetail
//     GET  /api/notices/:id/versions         → NoticeVersions
//     GET  /api/notices/:id/attachments/:fileId → the file (bytes)
//   publishers
//     GET  /api/notices/scope                → PublishScope
//     GET  /api/notices/managed              ManagedNoticesQuery → ManagedNoticePage
//     POST /api/notices                      NoticeInput → 201 NoticeDetail (a draft)
//     PUT  /api/notices/:id                  NoticeInput → NoticeDetail (draft or scheduled only)
//     DELETE /api/notices/:id                → 204 (draft or scheduled only)
//     POST /api/notices/:id/publish          NoticePublish → NoticeDetail (published, or scheduled)
//     POST /api/notices/:id/unschedule       → NoticeDetail (scheduled → draft)
//     POST /api/notices/:id/revisions        NoticeRevision → NoticeDetail (published only; keeps a version)
//     POST /api/notices/:id/withdraw         NoticeWithdraw → NoticeDetail
//     GET  /api/notices/:id/roster           RosterQuery → NoticeRoster
//     GET  /api/notices/:id/roster/:userId/signature → image/png
//     POST /api/notices/:id/remind           → RemindResult (429 NOTICE_REMIND_TOO_SOON + Retry-After)
//     GET  /api/notices/:id/export.xlsx      → the roster as an Excel workbook
//   admin (settings.manage)
//     GET  /api/admin/notices/settings       → NoticeSettings
//     PUT  /api/admin/notices/settings       NoticeSettingsInput → NoticeSettings
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Id = Type.String({ pattern: '^[0-9a-z]{26}$' });
const IsoTime = Type.String({ format: 'date-time', maxLength: 40 });

// Mirrors of other modules' DTO types (a module imports another only through its index, and the PWA may
// import only pure *.dto.ts files): org's RoleName and the gateway's AttemptView, structurally the same.
const RoleName = Type.Union([Type.Literal('admin'), Type.Literal('principal'), Type.Literal('dept_head'), Type.Literal('staff'), Type.Literal('it')]);
const DeliveryChannel = Type.Union([Type.Literal('live'), Type.Literal('webpush'), Type.Literal('email'), Type.Literal('sms')]);
export type DeliveryChannel = Static<typeof DeliveryChannel>;
/** One attempt of the delivery ladder to reach a person (the gateway's AttemptView). */
export const RosterAttempt = Type.Object({
  channel: DeliveryChannel,
  step: Type.Integer(),
  status: Type.Union([
    Type.Literal('pending'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('skipped'), Type.Literal('cancelled'),
  ]),
  /** Why skipped/cancelled/failed: read, preference, no_address, withdrawn, expired, quiet_hours, … */
  reason: Nullable(Type.String()),
  dueAt: Type.String(),
  sentAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
  tries: Type.Integer(),
});
export type RosterAttempt = Static<typeof RosterAttempt>;

// ── limits the PWA checks before sending (the server checks them again) ─────────────────────────
export const NOTICE_TITLE_MAX = 120;
/** Of the HTML as sent; the stored (sanitised) HTML is never longer. */
export const NOTICE_BODY_MAX = 100_000;
export const NOTICE_ATTACHMENTS_MAX = 20;
export const NOTICE_COMMENT_MAX = 500;
/** A signature is a PNG data URL ('data:image/png;base64,…') of at most this many characters (~150 KB). */
export const NOTICE_SIGNATURE_MAX_CHARS = 200_000;
/** "Remind those left" at most once per this many seconds per notice. */
export const NOTICE_REMIND_INTERVAL_SECONDS = 300;

// ── enumerations ───────────────────────────────────────────────────────────────────────────────
/** 教学 / 行政 / 安全 / 后勤 / 综合. The delivery ladder's category is `notice.<category>`. */
export const NoticeCategory = Type.Union([
  Type.Literal('teaching'), Type.Literal('admin'), Type.Literal('safety'), Type.Literal('logistics'), Type.Literal('general'),
]);
export type NoticeCategory = Static<typeof NoticeCategory>;
export const NOTICE_CATEGORIES: readonly NoticeCategory[] = ['teaching', 'admin', 'safety', 'logistics', 'general'];

/** 普通 / 重要 / 紧急 — the ladder's urgency normal / high / urgent (which channels, how soon SMS). */
export const NoticeUrgency = Type.Union([Type.Literal('normal'), Type.Literal('important'), Type.Literal('urgent')]);
export type NoticeUrgency = Static<typeof NoticeUrgency>;

/**
 * What a recipient must do: none (nothing tracked beyond reading), read (opening it confirms), click (a
 * 确认 button), comment (确认 with a required comment), signature (确认 with a handwritten signature; a
 * comment is optional).
 */
export const ConfirmMode = Type.Union([
  Type.Literal('none'), Type.Literal('read'), Type.Literal('click'), Type.Literal('comment'), Type.Literal('signature'),
]);
export type ConfirmMode = Static<typeof ConfirmMode>;

export const NoticeStatus = Type.Union([Type.Literal('draft'), Type.Literal('scheduled'), Type.Literal('published'), Type.Literal('withdrawn')]);
export type NoticeStatus = Static<typeof NoticeStatus>;

/**
 * Who receives it: the union of everyone (all), members of departments (each with its sub-departments), holders
 * of roles, and named people; resolved to active people once, at publication. A department head publishes only
 * inside their department subtree: departments there, people whose department is there, and role holders
 * counted only inside it ('all' is refused).
 */
export const NoticeAudience = Type.Object(
  {
    all: Type.Boolean(),
    departmentIds: Type.Array(Id, { maxItems: 200, uniqueItems: true }),
    roles: Type.Array(RoleName, { maxItems: 5, uniqueItems: true }),
    userIds: Type.Array(Id, { maxItems: 2000, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type NoticeAudience = Static<typeof NoticeAudience>;

export const PersonRef = Type.Object({ id: Type.String(), displayName: Type.String(), departmentName: Nullable(Type.String()) });
export type PersonRef = Static<typeof PersonRef>;

/** A file from the documents store attached to a notice; recipients download it at /api/notices/:id/attachments/:fileId. */
export const NoticeAttachment = Type.Object({ id: Type.String(), name: Type.String(), size: Nullable(Type.Integer()), mime: Nullable(Type.String()) });
export type NoticeAttachment = Static<typeof NoticeAttachment>;

// ── writing ────────────────────────────────────────────────────────────────────────────────────
/**
 * A draft or scheduled notice, whole (PUT replaces it). bodyHtml is rich text; the server keeps only the
 * allowed tags (p, br, b/strong, i/em, u, s, h2–h4, ul/ol/li, blockquote, a[href http/https/mailto],
 * table/thead/tbody/tr/th/td, span without style) and answers with what it stored.
 */
export const NoticeInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: NOTICE_TITLE_MAX }),
    bodyHtml: Type.String({ maxLength: NOTICE_BODY_MAX }),
    category: NoticeCategory,
    urgency: NoticeUrgency,
    confirmMode: ConfirmMode,
    pinned: Type.Boolean(),
    audience: NoticeAudience,
    /** Files of the documents store the author may download. */
    attachmentIds: Type.Array(Id, { maxItems: NOTICE_ATTACHMENTS_MAX, uniqueItems: true }),
    /** After this it counts as expired: out of the default lists, escalations stopped. Must be after publication. */
    expiresAt: Nullable(IsoTime),
  },
  { additionalProperties: false },
);
export type NoticeInput = Static<typeof NoticeInput>;

/** Publish a draft (or reschedule a scheduled notice): now when publishAt is null or not in the future. */
export const NoticePublish = Type.Object({ publishAt: Type.Optional(Nullable(IsoTime)) }, { additionalProperties: false });
export type NoticePublish = Static<typeof NoticePublish>;

/**
 * Edit a published notice: the old title/body are kept as a version (NoticeVersion). Audience and
 * confirmation mode are fixed at publication. notifyAgain sends every recipient a 'notice.updated' message.
 */
export const NoticeRevision = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: NOTICE_TITLE_MAX }),
    bodyHtml: Type.String({ maxLength: NOTICE_BODY_MAX }),
    category: NoticeCategory,
    urgency: NoticeUrgency,
    pinned: Type.Boolean(),
    attachmentIds: Type.Array(Id, { maxItems: NOTICE_ATTACHMENTS_MAX, uniqueItems: true }),
    expiresAt: Nullable(IsoTime),
    notifyAgain: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type NoticeRevision = Static<typeof NoticeRevision>;

export const NoticeWithdraw = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export type NoticeWithdraw = Static<typeof NoticeWithdraw>;

/**
 * A recipient confirms. click: {}; comment: { comment } required; signature: { signature } required (PNG data
 * URL up to NOTICE_SIGNATURE_MAX_CHARS), comment optional. Confirming twice answers with the first confirmation.
 */
export const NoticeConfirm = Type.Object(
  {
    comment: Type.Optional(Type.String({ maxLength: NOTICE_COMMENT_MAX })),
    signature: Type.Optional(Type.String({ maxLength: 1_000_000 })),
  },
  { additionalProperties: false },
);
export type NoticeConfirm = Static<typeof NoticeConfirm>;

// ── reading ────────────────────────────────────────────────────────────────────────────────────
/** The caller's own receipt of a notice (null when the caller is not a recipient). */
export const MyReceipt = Type.Object({
  deliveredAt: Nullable(Type.String()),
  readAt: Nullable(Type.String()),
  confirmedAt: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  hasSignature: Type.Boolean(),
});
export type MyReceipt = Static<typeof MyReceipt>;

/**
 * Counts over a notice's recipients. For confirm mode 'read', confirmed = read; for 'none' nobody confirms and
 * confirmed/unconfirmed are 0.
 */
export const RosterCounts = Type.Object({
  total: Type.Integer(),
  delivered: Type.Integer(),
  read: Type.Integer(),
  unread: Type.Integer(),
  confirmed: Type.Integer(),
  unconfirmed: Type.Integer(),
});
export type RosterCounts = Static<typeof RosterCounts>;

/** One line of a list. `stats` only for those who may see the roster (author, school-wide publishers, admin, principal). */
export const NoticeSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  /** The body as plain text, first 120 characters ('' when withdrawn). */
  excerpt: Type.String(),
  category: NoticeCategory,
  urgency: NoticeUrgency,
  confirmMode: ConfirmMode,
  pinned: Type.Boolean(),
  status: NoticeStatus,
  expired: Type.Boolean(),
  publishAt: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  version: Type.Integer(),
  author: PersonRef,
  attachmentCount: Type.Integer(),
  me: Nullable(MyReceipt),
  stats: Nullable(RosterCounts),
  updatedAt: Type.String(),
});
export type NoticeSummary = Static<typeof NoticeSummary>;

/**
 * The notice. A withdrawn notice keeps its title for recipients, but bodyHtml is '' and attachments [] (only
 * its managers still see the content). Opening it (GET) marks the caller's receipt read.
 */
export const NoticeDetail = Type.Object({
  id: Type.String(),
  title: Type.String(),
  bodyHtml: Type.String(),
  category: NoticeCategory,
  urgency: NoticeUrgency,
  confirmMode: ConfirmMode,
  pinned: Type.Boolean(),
  status: NoticeStatus,
  expired: Type.Boolean(),
  publishAt: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  withdrawReason: Nullable(Type.String()),
  /** 1 at publication, +1 per published edit. */
  version: Type.Integer(),
  /** When the published text last changed (null: never edited). */
  editedAt: Nullable(Type.String()),
  author: PersonRef,
  attachments: Type.Array(NoticeAttachment),
  me: Nullable(MyReceipt),
  /** The caller manages it (edit, publish, withdraw, roster, remind, export). */
  canManage: Type.Boolean(),
  /** Shown to managers only (null for plain recipients). */
  audience: Nullable(NoticeAudience),
  stats: Nullable(RosterCounts),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type NoticeDetail = Static<typeof NoticeDetail>;

/** Badge counts of the caller's current (published, not expired) notices. */
export const NoticeCounts = Type.Object({
  unread: Type.Integer(),
  /** Needing an explicit confirmation (click/comment/signature) not given yet. */
  unconfirmed: Type.Integer(),
});
export type NoticeCounts = Static<typeof NoticeCounts>;

/**
 * My notices (as a recipient): pinned first, then newest publication first. filter: all (current: published,
 * not expired, plus withdrawn ones so people see they were withdrawn), unread, unconfirmed, expired.
 */
export const MyNoticesQuery = Type.Object(
  {
    filter: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('unread'), Type.Literal('unconfirmed'), Type.Literal('expired')])),
    category: Type.Optional(NoticeCategory),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type MyNoticesQuery = Static<typeof MyNoticesQuery>;

export const NoticePage = Type.Object({ items: Type.Array(NoticeSummary), nextCursor: Nullable(Type.String()), counts: NoticeCounts });
export type NoticePage = Static<typeof NoticePage>;

/**
 * Notices I manage, newest change first: scope 'mine' (my own: drafts, scheduled, published, withdrawn) or
 * 'all' (every notice of the school: school-wide publishers, admin, principal; others get 403 NOTICES_FORBIDDEN).
 * status 'expired' = published and expired.
 */
export const ManagedNoticesQuery = Type.Object(
  {
    scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('all')])),
    status: Type.Optional(Type.Union([NoticeStatus, Type.Literal('expired')])),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type ManagedNoticesQuery = Static<typeof ManagedNoticesQuery>;

export const ManagedNoticePage = Type.Object({ items: Type.Array(NoticeSummary), nextCursor: Nullable(Type.String()) });
export type ManagedNoticePage = Static<typeof ManagedNoticePage>;

/** Edit history: the text as it was before each published edit, oldest first. */
export const NoticeVersion = Type.Object({
  version: Type.Integer(),
  title: Type.String(),
  bodyHtml: Type.String(),
  /** Who wrote this text and when it was published (publication or the edit that made it). */
  by: PersonRef,
  at: Type.String(),
  /** When it was replaced by the next version. */
  replacedAt: Type.String(),
});
export type NoticeVersion = Static<typeof NoticeVersion>;
export const NoticeVersions = Type.Object({ current: Type.Integer(), items: Type.Array(NoticeVersion) });
export type NoticeVersions = Static<typeof NoticeVersions>;

// ── the roster (author, school-wide publishers, admin, principal) ─────────────────────────────────
export const RosterFilter = Type.Union([
  Type.Literal('all'), Type.Literal('unread'), Type.Literal('read'), Type.Literal('unconfirmed'), Type.Literal('confirmed'),
]);
export type RosterFilter = Static<typeof RosterFilter>;

export const RosterQuery = Type.Object(
  {
    filter: Type.Optional(RosterFilter),
    /** Recipients whose department at publication is this one or below it. */
    departmentId: Type.Optional(Id),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
  },
  { additionalProperties: false },
);
export type RosterQuery = Static<typeof RosterQuery>;

export const RosterEntry = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  departmentId: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
  readAt: Nullable(Type.String()),
  confirmedAt: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  /** The signature image is at /api/notices/:id/roster/:userId/signature. */
  hasSignature: Type.Boolean(),
  remindedCount: Type.Integer(),
  /** Channels that reached the person (an attempt sent or delivered), in ladder order: 'live', 'webpush', 'email', 'sms'. */
  reachedBy: Type.Array(DeliveryChannel),
  /** Every attempt of the ladder (first delivery, re-notifications and reminders), in order. */
  attempts: Type.Array(RosterAttempt),
});
export type RosterEntry = Static<typeof RosterEntry>;

/** Counts per department at publication (for the filter chips), over all recipients. */
export const RosterDepartment = Type.Object({ id: Nullable(Type.String()), name: Nullable(Type.String()), counts: RosterCounts });
export type RosterDepartment = Static<typeof RosterDepartment>;

export const NoticeRoster = Type.Object({
  noticeId: Type.String(),
  confirmMode: ConfirmMode,
  /** Over all recipients (not only the filtered ones). */
  counts: RosterCounts,
  departments: Type.Array(RosterDepartment),
  /** Filtered, by department name then person name. */
  items: Type.Array(RosterEntry),
  nextCursor: Nullable(Type.String()),
  /** When the next reminder may be sent (null: now). */
  remindAllowedAt: Nullable(Type.String()),
});
export type NoticeRoster = Static<typeof NoticeRoster>;

/** Reminded the recipients left: not confirmed (click/comment/signature) or not read (none/read). */
export const RemindResult = Type.Object({ reminded: Type.Integer(), nextAllowedAt: Type.String() });
export type RemindResult = Static<typeof RemindResult>;

// ── who may publish, and the admin's list of school-wide publishers ──────────────────────────────
/** What the compose page may offer the caller. */
export const PublishScope = Type.Object({
  canPublish: Type.Boolean(),
  /** May address the whole school (admin, principal, named school-wide publishers). */
  schoolWide: Type.Boolean(),
  /** Departments a department head may address (their subtrees); [] when schoolWide. */
  departmentIds: Type.Array(Type.String()),
  /** May see every notice's roster (scope 'all'). */
  oversees: Type.Boolean(),
});
export type PublishScope = Static<typeof PublishScope>;

export const NoticeSettings = Type.Object({ publishers: Type.Array(PersonRef) });
export type NoticeSettings = Static<typeof NoticeSettings>;
export const NoticeSettingsInput = Type.Object({ publisherIds: Type.Array(Id, { maxItems: 200, uniqueItems: true }) }, { additionalProperties: false });
export type NoticeSettingsInput = Static<typeof NoticeSettingsInput>;

// ── realtime (websocket) events ───────────────────────────────────────────────────────────────
/**
 * 'notices.roster' on topic user:<manager>: { noticeId } — a receipt or a delivery outcome changed; refetch the
 * roster (at most one per notice every 2 seconds).
 * 'notices.changed' (topic notice:<id>, sent to each recipient): { noticeId, status, version } — edited or withdrawn; refetch.
 * New notices arrive as 'inbox.created' with item.kind 'notice.published' and link '/notices/<id>'.
 */
export const NoticeRosterEvent = Type.Object({ noticeId: Type.String() });
export type NoticeRosterEvent = Static<typeof NoticeRosterEvent>;
export const NoticeChangedEvent = Type.Object({ noticeId: Type.String(), status: NoticeStatus, version: Type.Integer() });
export type NoticeChangedEvent = Static<typeof NoticeChangedEvent>;
