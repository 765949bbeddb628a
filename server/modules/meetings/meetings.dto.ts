// Meetings as calendar objects (会议): the REST contract. The routes validate with these schemas and the PWA
// imports the types and constants. Pure: imports nothing but TypeBox. The live room's websocket protocol is in
// meetings.signal.dto.ts.
//
// A meeting is scheduled (once or recurring, on the school's wall clock) or ad hoc ("meet now"). Its members
// are the host, the co-hosts and the invitees (people; departments with their sub-departments, resolved at
// save time). Only members see a meeting: anyone else gets the same 404 as for a missing one.
// Times are ISO 8601 UTC on the wire.
//
// Routes (all need a session unless marked public):
//     GET  /api/meetings                        MeetingListQuery → MeetingList (mine: upcoming or past)
//     GET  /api/meetings/calendar               CalendarQuery → CalendarOccurrences (recurrences expanded)
//     POST /api/meetings                        MeetingInput → 201 MeetingDetail (invitations sent)
//     POST /api/meetings/instant                InstantInput → 201 MeetingDetail ("meet now"; everyone notified)
//     GET  /api/meetings/:id                    → MeetingDetail
//     PUT  /api/meetings/:id                    MeetingInput → MeetingDetail (host, co-host; SEQUENCE +1)
//     POST /api/meetings/:id/cancel             MeetingCancel → MeetingDetail (host, co-host; members told)
//     POST /api/meetings/:id/respond            MeetingRespond → MeetingDetail (accept / decline / tentative)
//     GET  /api/meetings/:id/invite.ics         → text/calendar (METHOD:REQUEST, or CANCEL once cancelled)
//     GET  /api/meetings/:id/attendance         AttendanceQuery → MeetingAttendance (host, co-host)
//     GET  /api/meetings/:id/attendance.xlsx    AttendanceQuery → the attendance as an Excel workbook
//     GET  /api/meetings/:id/chat               ChatQuery → MeetingChatPage (the in-meeting chat, oldest first)
//     GET  /api/meetings/:id/attachments/:fileId → the file (bytes)
//     GET  /api/meetings/feed                   → FeedStatus (whether I have a calendar feed)
//     POST /api/meetings/feed                   → FeedCreated (a new token; the URL is shown once; the old one stops)
//     DELETE /api/meetings/feed                 → 204 (no feed any more)
//     GET  /api/meetings/feed/:file             public: '<token>.ics' → text/calendar of my meetings
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Id = Type.String({ pattern: '^[0-9a-z]{26}$' });
const IsoTime = Type.String({ format: 'date-time', maxLength: 40 });
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

// ── limits the PWA checks before sending (the server checks them again) ─────────────────────────
export const MEETING_TITLE_MAX = 100;
export const MEETING_AGENDA_MAX = 5000;
export const MEETING_DURATION_MIN = 5;
export const MEETING_DURATION_MAX = 1440;
export const MEETING_ATTACHMENTS_MAX = 20;
export const MEETING_RECURRENCE_COUNT_MAX = 500;
export const MEETING_RECURRENCE_INTERVAL_MAX = 52;
/** The calendar range asked for at once, in days. */
export const MEETING_CALENDAR_MAX_DAYS = 62;
/** Reminders go out this many minutes before each occurrence. */
export const MEETING_REMIND_MINUTES = 15;
/** The join button shows this many minutes before the start. */
export const MEETING_JOIN_EARLY_MINUTES = 10;
/** "Meet now" lasts this long unless said otherwise. */
export const MEETING_INSTANT_DURATION = 60;

// ── enumerations ───────────────────────────────────────────────────────────────────────────────
export const MeetingRole = Type.Union([Type.Literal('host'), Type.Literal('cohost'), Type.Literal('attendee')]);
export type MeetingRole = Static<typeof MeetingRole>;
export const MeetingResponse = Type.Union([Type.Literal('none'), Type.Literal('accepted'), Type.Literal('declined'), Type.Literal('tentative')]);
export type MeetingResponse = Static<typeof MeetingResponse>;
export const MeetingKind = Type.Union([Type.Literal('scheduled'), Type.Literal('adhoc')]);
export type MeetingKind = Static<typeof MeetingKind>;
export const MeetingStatus = Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')]);
export type MeetingStatus = Static<typeof MeetingStatus>;
/** Who may draw on a shared screen: the presenter only, hosts and co-hosts too, or everyone. */
export const AnnotateMode = Type.Union([Type.Literal('presenter'), Type.Literal('hosts'), Type.Literal('all')]);
export type AnnotateMode = Static<typeof AnnotateMode>;
export const RecurrenceFreq = Type.Union([Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('monthly')]);
export type RecurrenceFreq = Static<typeof RecurrenceFreq>;

/**
 * Repeats on the school's wall clock (time zone of the meeting): every `interval` days / weeks / months from
 * the first occurrence. Weekly may name weekdays (1 = Monday … 7 = Sunday; the first occurrence's weekday must
 * be among them). Monthly repeats on the first occurrence's day of the month (months without that day are
 * skipped, as RFC 5545 does). Ends on `until` (a date in the school's zone, inclusive) or after `count`
 * occurrences — not both; neither means it goes on.
 */
export const MeetingRecurrence = Type.Object(
  {
    freq: RecurrenceFreq,
    interval: Type.Integer({ minimum: 1, maximum: MEETING_RECURRENCE_INTERVAL_MAX }),
    byWeekday: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, uniqueItems: true })),
    until: Type.Optional(DateOnly),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: MEETING_RECURRENCE_COUNT_MAX })),
  },
  { additionalProperties: false },
);
export type MeetingRecurrence = Static<typeof MeetingRecurrence>;

/** Whom to invite: people, and departments (each with its sub-departments), resolved to people at save time. */
export const MeetingInvitees = Type.Object(
  {
    userIds: Type.Array(Id, { maxItems: 2000, uniqueItems: true }),
    departmentIds: Type.Array(Id, { maxItems: 200, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type MeetingInvitees = Static<typeof MeetingInvitees>;

export const PersonRef = Type.Object({ id: Type.String(), displayName: Type.String(), departmentName: Nullable(Type.String()) });
export type PersonRef = Static<typeof PersonRef>;

/** A file from the documents store attached to a meeting; members download it at /api/meetings/:id/attachments/:fileId. */
export const MeetingAttachment = Type.Object({ id: Type.String(), name: Type.String(), size: Nullable(Type.Integer()), mime: Nullable(Type.String()) });
export type MeetingAttachment = Static<typeof MeetingAttachment>;

// ── writing ────────────────────────────────────────────────────────────────────────────────────
/** A meeting, whole (PUT replaces it). The caller is the host on create; an edit keeps the host. */
export const MeetingInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: MEETING_TITLE_MAX }),
    agenda: Type.String({ maxLength: MEETING_AGENDA_MAX }),
    startsAt: IsoTime,
    durationMin: Type.Integer({ minimum: MEETING_DURATION_MIN, maximum: MEETING_DURATION_MAX }),
    recurrence: Type.Optional(Nullable(MeetingRecurrence)),
    invitees: MeetingInvitees,
    cohostIds: Type.Array(Id, { maxItems: 20, uniqueItems: true }),
    /** Waiting room: the host admits each person. */
    lobby: Type.Boolean(),
    /** Cameras start off once this many people are in the room. */
    cameraOffAbove: Type.Integer({ minimum: 2, maximum: 500 }),
    annotate: AnnotateMode,
    /** Files of the documents store the caller may download. */
    attachmentFileIds: Type.Array(Id, { maxItems: MEETING_ATTACHMENTS_MAX, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type MeetingInput = Static<typeof MeetingInput>;

/** "Meet now": starts at once. From a notice, its recipients are invited too (the caller must see the notice). */
export const InstantInput = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: MEETING_TITLE_MAX })),
    invitees: Type.Optional(MeetingInvitees),
    durationMin: Type.Optional(Type.Integer({ minimum: MEETING_DURATION_MIN, maximum: MEETING_DURATION_MAX })),
    source: Type.Optional(Type.Object({ type: Type.Literal('notice'), id: Id }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type InstantInput = Static<typeof InstantInput>;

export const MeetingCancel = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export type MeetingCancel = Static<typeof MeetingCancel>;

export const MeetingRespond = Type.Object(
  { response: Type.Union([Type.Literal('accepted'), Type.Literal('declined'), Type.Literal('tentative')]) },
  { additionalProperties: false },
);
export type MeetingRespond = Static<typeof MeetingRespond>;

// ── reading ────────────────────────────────────────────────────────────────────────────────────
export const Occurrence = Type.Object({ startsAt: Type.String(), endsAt: Type.String() });
export type Occurrence = Static<typeof Occurrence>;

export const MeetingMember = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  departmentName: Nullable(Type.String()),
  role: MeetingRole,
  response: MeetingResponse,
});
export type MeetingMember = Static<typeof MeetingMember>;

export const MeetingListItem = Type.Object({
  id: Type.String(),
  title: Type.String(),
  kind: MeetingKind,
  status: MeetingStatus,
  host: PersonRef,
  /** The first occurrence. */
  startsAt: Type.String(),
  durationMin: Type.Integer(),
  recurring: Type.Boolean(),
  /** The occurrence this row stands for: the next (or current) one for upcoming, the last one for past. */
  occurrence: Nullable(Occurrence),
  myRole: MeetingRole,
  myResponse: MeetingResponse,
  memberCount: Type.Integer(),
  joinUrl: Type.String(),
});
export type MeetingListItem = Static<typeof MeetingListItem>;

export const MeetingDetail = Type.Object({
  id: Type.String(),
  title: Type.String(),
  agenda: Type.String(),
  kind: MeetingKind,
  status: MeetingStatus,
  startsAt: Type.String(),
  durationMin: Type.Integer(),
  recurrence: Nullable(MeetingRecurrence),
  timeZone: Type.String(),
  host: PersonRef,
  /** Host first, then co-hosts, then attendees by name. */
  members: Type.Array(MeetingMember),
  /** As chosen (the PWA's edit form starts from these). */
  invitees: MeetingInvitees,
  invitedDepartments: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  cohostIds: Type.Array(Type.String()),
  lobby: Type.Boolean(),
  cameraOffAbove: Type.Integer(),
  annotate: AnnotateMode,
  attachments: Type.Array(MeetingAttachment),
  source: Nullable(Type.Object({ type: Type.String(), id: Type.String() })),
  roomNo: Type.Integer(),
  icsSequence: Type.Integer(),
  myRole: MeetingRole,
  myResponse: MeetingResponse,
  /** Host and co-hosts edit, cancel and see attendance. */
  canManage: Type.Boolean(),
  /** The next (or current) occurrences, at most 5; empty when it is over or cancelled. */
  nextOccurrences: Type.Array(Occurrence),
  /** Now within [start − 10 min, end] of an occurrence. */
  joinable: Type.Boolean(),
  joinUrl: Type.String(),
  icsUrl: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type MeetingDetail = Static<typeof MeetingDetail>;

export const MeetingListQuery = Type.Object(
  {
    when: Type.Optional(Type.Union([Type.Literal('upcoming'), Type.Literal('past')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type MeetingListQuery = Static<typeof MeetingListQuery>;
export const MeetingList = Type.Object({ items: Type.Array(MeetingListItem) });
export type MeetingList = Static<typeof MeetingList>;

export const CalendarQuery = Type.Object({ from: IsoTime, to: IsoTime }, { additionalProperties: false });
export type CalendarQuery = Static<typeof CalendarQuery>;
export const CalendarOccurrence = Type.Object({
  meetingId: Type.String(),
  title: Type.String(),
  kind: MeetingKind,
  status: MeetingStatus,
  startsAt: Type.String(),
  endsAt: Type.String(),
  recurring: Type.Boolean(),
  myRole: MeetingRole,
  myResponse: MeetingResponse,
  hostName: Type.String(),
});
export type CalendarOccurrence = Static<typeof CalendarOccurrence>;
export const CalendarOccurrences = Type.Object({ timeZone: Type.String(), items: Type.Array(CalendarOccurrence) });
export type CalendarOccurrences = Static<typeof CalendarOccurrences>;

// ── attendance, chat ──────────────────────────────────────────────────────────────────────────
/** Only stays that began within [from, to) count (the PWA passes one occurrence's window). */
export const AttendanceQuery = Type.Object({ from: Type.Optional(IsoTime), to: Type.Optional(IsoTime) }, { additionalProperties: false });
export type AttendanceQuery = Static<typeof AttendanceQuery>;
export const AttendanceRow = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  departmentName: Nullable(Type.String()),
  role: Nullable(MeetingRole),
  firstJoinAt: Type.String(),
  /** Null while the person is still in the room. */
  lastLeaveAt: Nullable(Type.String()),
  /** Minutes in the room, stays added up (a stay still open counts up to now), rounded. */
  totalMinutes: Type.Integer(),
  stays: Type.Integer(),
  devices: Type.Array(Type.String()),
});
export type AttendanceRow = Static<typeof AttendanceRow>;
export const MeetingAttendance = Type.Object({
  rows: Type.Array(AttendanceRow),
  /** Members who did not join in the window. */
  absent: Type.Array(PersonRef),
});
export type MeetingAttendance = Static<typeof MeetingAttendance>;

export const ChatQuery = Type.Object(
  { after: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);
export type ChatQuery = Static<typeof ChatQuery>;
export const ChatMessage = Type.Object({ id: Type.Integer(), userId: Type.String(), displayName: Type.String(), body: Type.String(), createdAt: Type.String() });
export type ChatMessage = Static<typeof ChatMessage>;
export const MeetingChatPage = Type.Object({ items: Type.Array(ChatMessage), nextAfter: Nullable(Type.Integer()) });
export type MeetingChatPage = Static<typeof MeetingChatPage>;

// ── the personal calendar feed ────────────────────────────────────────────────────────────────
export const FeedStatus = Type.Object({ exists: Type.Boolean(), createdAt: Nullable(Type.String()) });
export type FeedStatus = Static<typeof FeedStatus>;
/** `path` is relative to the box ('/api/meetings/feed/<token>.ics'); the PWA adds its origin. Shown once. */
export const FeedCreated = Type.Object({ path: Type.String(), createdAt: Type.String() });
export type FeedCreated = Static<typeof FeedCreated>;

export const meetingJoinPath = (id: string) => `/meetings/${id}/room`;
export const meetingIcsPath = (id: string) => `/api/meetings/${id}/invite.ics`;
