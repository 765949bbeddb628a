// The forms and approvals API contract: the routes validate with these schemas and the PWA imports the types.
// The form definition itself (fields, logic, flow) is server/lib/form-schema.ts, shared with the renderer.
import { Type, type Static, type TSchema } from 'typebox';
import { Flow, FormSchema } from '../../lib/form-schema.js';
import { SCHEMA_ISSUE_CODES, type SchemaIssueCode } from '../../lib/form-validate-schema.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Id = Type.String({ pattern: '^[0-9a-z]{26}$' });
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/**
 * Responses send a stored schema or flow as it is: it was checked against FormSchema/Flow when it was saved.
 * Described with the full unions, fast-json-stringify compiled an Ajv validator for every union branch on
 * the first response of each route — seconds of blocked event loop per route after every restart.
 */
const StoredFormSchema = Type.Unsafe<FormSchema>({ type: 'object', additionalProperties: true, description: 'A form schema (FormSchema), as saved' });
const StoredFlow = Type.Unsafe<Flow>({ type: 'object', additionalProperties: true, description: 'An approval flow (Flow), as saved' });

// ── definitions ─────────────────────────────────────────────────────────────────────────────

export const FormStatus = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')]);
export type FormStatus = Static<typeof FormStatus>;

/** Who may submit: everyone, or members of these departments (and their subtrees). */
export const Audience = Type.Object({ all: Type.Boolean(), departmentIds: Type.Array(Id, { maxItems: 100 }) }, { additionalProperties: false });
export type Audience = Static<typeof Audience>;

export const FormSettings = Type.Object(
  {
    /** Sign-ups: at most this many live (running or approved) submissions; a returned one frees its place until resubmitted. */
    capacity: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100000 }))),
    /** One live submission per person (sign-ups). */
    onePerPerson: Type.Optional(Type.Boolean()),
    /** Approvers may approve these from the list without opening each (batch approve). */
    allowBatch: Type.Optional(Type.Boolean()),
    /** File the approved submission's PDF to the documents store (school space, 审批归档/<form>). */
    archiveToDocuments: Type.Optional(Type.Boolean()),
    /** Field keys whose answers make the one-line summary in lists. */
    summaryFields: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 4 })),
  },
  { additionalProperties: false },
);
export type FormSettings = Static<typeof FormSettings>;

export const TemplateKey = Type.Union([
  Type.Literal('leave'), Type.Literal('equipment'), Type.Literal('signup'), Type.Literal('seal'), Type.Literal('vehicle'), Type.Literal('circulation'),
]);
export type TemplateKey = Static<typeof TemplateKey>;

export const TemplateSummary = Type.Object({ key: TemplateKey, name: Type.String(), description: Type.String(), icon: Type.String(), category: Type.String() });
export type TemplateSummary = Static<typeof TemplateSummary>;

const FormMeta = {
  name: Type.String({ minLength: 1, maxLength: 60 }),
  description: Type.String({ maxLength: 500 }),
  icon: Type.String({ maxLength: 30 }),
  category: Type.String({ maxLength: 20 }),
};

/** What the catalogue (发起申请) shows: published forms the caller may submit. */
export const FormSummary = Type.Object({
  id: Type.String(),
  ...FormMeta,
  version: Type.Integer(),
  hasApproval: Type.Boolean(),
  capacity: Nullable(Type.Integer()),
  /** Live submissions counted against the capacity. */
  taken: Type.Integer(),
});
export type FormSummary = Static<typeof FormSummary>;

/** A form as its managers see it in the list. */
export const FormAdminSummary = Type.Object({
  id: Type.String(),
  ...FormMeta,
  status: FormStatus,
  publishedVersion: Nullable(Type.Integer()),
  draftChanged: Type.Boolean(),
  ownerDepartmentId: Nullable(Type.String()),
  ownerDepartmentName: Nullable(Type.String()),
  submissionCount: Type.Integer(),
  updatedAt: Type.String(),
});
export type FormAdminSummary = Static<typeof FormAdminSummary>;

/** A form whose statistics the caller may see (managers, the form's admins, school leaders). */
export const StatsFormSummary = Type.Object({
  id: Type.String(),
  name: FormMeta.name,
  icon: FormMeta.icon,
  category: FormMeta.category,
  /** Published, or archived after publishing (its submissions still count). */
  status: FormStatus,
  publishedVersion: Type.Integer(),
  ownerDepartmentName: Nullable(Type.String()),
  submissionCount: Type.Integer(),
});
export type StatsFormSummary = Static<typeof StatsFormSummary>;

export const PersonRef = Type.Object({ id: Type.String(), displayName: Type.String(), departmentName: Nullable(Type.String()) });
export type PersonRef = Static<typeof PersonRef>;

/**
 * Codes of the draft's problems beyond the schema's own (server/lib/form-validate-schema.ts): the flow's
 * approvers and branches, the audience, the settings, and unknown people or departments named on save.
 */
export const DRAFT_PROBLEM_CODES = [
  'unknownPerson', 'unknownDepartment', 'unknownRole', 'notPersonField', 'duplicateStepId', 'branchWithoutRules', 'defaultBranchNotLast',
  'initiatorOperator', 'noFields', 'noAudience',
] as const;
export type ProblemCode = SchemaIssueCode | (typeof DRAFT_PROBLEM_CODES)[number];
export const PROBLEM_CODES: readonly ProblemCode[] = [...new Set<ProblemCode>([...SCHEMA_ISSUE_CODES, ...DRAFT_PROBLEM_CODES])];

/**
 * Something that stops publishing, at a JSON pointer into the draft. `code` is stable and `params` fill in the
 * UI's sentence (`field`/`table` are field keys); `message` says the same in English.
 */
export const FormProblem = Type.Object({
  pointer: Type.String(),
  code: Type.Unsafe<ProblemCode>({ type: 'string', enum: [...PROBLEM_CODES] }),
  message: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export type FormProblem = Static<typeof FormProblem>;

/** The builder's view: the working draft and everything about the form. */
export const FormDefinition = Type.Object({
  id: Type.String(),
  ...FormMeta,
  template: Nullable(Type.String()),
  status: FormStatus,
  publishedVersion: Nullable(Type.Integer()),
  draftChanged: Type.Boolean(),
  ownerDepartmentId: Nullable(Type.String()),
  audience: Audience,
  admins: Type.Array(PersonRef),
  schema: StoredFormSchema,
  flow: StoredFlow,
  settings: FormSettings,
  /** Problems that would stop publishing (empty when it can be published). */
  problems: Type.Array(FormProblem),
  updatedAt: Type.String(),
});
export type FormDefinition = Static<typeof FormDefinition>;

export const FormCreate = Type.Object(
  { name: FormMeta.name, template: Type.Optional(TemplateKey), ownerDepartmentId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false },
);
export type FormCreate = Static<typeof FormCreate>;

/** Saves the working draft (publishing is a separate step). */
export const FormDraftSave = Type.Object(
  {
    ...FormMeta,
    ownerDepartmentId: Nullable(Id),
    audience: Audience,
    adminIds: Type.Array(Id, { maxItems: 20 }),
    schema: FormSchema,
    flow: Flow,
    settings: FormSettings,
  },
  { additionalProperties: false },
);
export type FormDraftSave = Static<typeof FormDraftSave>;

export const FormVersionSummary = Type.Object({ version: Type.Integer(), publishedAt: Type.String(), publishedBy: Nullable(Type.String()), submissionCount: Type.Integer() });
export type FormVersionSummary = Static<typeof FormVersionSummary>;

/** What the person filling in gets: the published version. */
export const FormFill = Type.Object({
  formId: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  icon: Type.String(),
  schema: StoredFormSchema,
  hasApproval: Type.Boolean(),
  capacity: Nullable(Type.Integer()),
  taken: Type.Integer(),
  calendar: Type.Object({ holidays: Type.Array(Type.String()), workdays: Type.Array(Type.String()) }),
});
export type FormFill = Static<typeof FormFill>;

export const SchoolCalendarDto = Type.Object(
  { holidays: Type.Array(DateOnly, { maxItems: 2000 }), workdays: Type.Array(DateOnly, { maxItems: 500 }) },
  { additionalProperties: false },
);
export type SchoolCalendarDto = Static<typeof SchoolCalendarDto>;

// ── submissions and approvals ───────────────────────────────────────────────────────────────

/** Answers are checked against the form version's schema by server/lib/form-validate.ts, not by JSON Schema. */
export const AnswersBody = Type.Record(Type.String({ maxLength: 40 }), Type.Unknown());

export const SubmissionCreate = Type.Object(
  { version: Type.Integer({ minimum: 1 }), answers: AnswersBody },
  { additionalProperties: false },
);
export type SubmissionCreate = Static<typeof SubmissionCreate>;

export const Resubmit = Type.Object({ answers: AnswersBody }, { additionalProperties: false });
export type Resubmit = Static<typeof Resubmit>;

export const RoutePreviewRequest = Type.Object({ answers: AnswersBody }, { additionalProperties: false });

export const SubmissionStatus = Type.Union([Type.Literal('running'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('returned'), Type.Literal('withdrawn')]);
export type SubmissionStatus = Static<typeof SubmissionStatus>;

export const TaskView = Type.Object({
  id: Type.String(),
  person: PersonRef,
  onBehalfOf: Nullable(PersonRef),
  status: Type.Union([
    Type.Literal('waiting'), Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('returned'),
    Type.Literal('transferred'), Type.Literal('cancelled'), Type.Literal('auto'),
  ]),
  decidedAt: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  hasSignature: Type.Boolean(),
  autoReason: Nullable(Type.Union([Type.Literal('initiator'), Type.Literal('repeat'), Type.Literal('fallback')])),
  addedBy: Nullable(Type.String()),
});
export type TaskView = Static<typeof TaskView>;

export const StepView = Type.Object({
  index: Type.Integer(),
  nodeId: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('approve'), Type.Literal('cc')]),
  mode: Type.Union([Type.Literal('sequential'), Type.Literal('all'), Type.Literal('any')]),
  status: Type.Union([Type.Literal('waiting'), Type.Literal('active'), Type.Literal('done'), Type.Literal('cancelled')]),
  tasks: Type.Array(TaskView),
});
export type StepView = Static<typeof StepView>;

export const HistoryType = Type.Union([
  Type.Literal('submitted'), Type.Literal('resubmitted'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('returned'),
  Type.Literal('transferred'), Type.Literal('signerAdded'), Type.Literal('commented'), Type.Literal('withdrawn'), Type.Literal('urged'),
  Type.Literal('reminded'), Type.Literal('escalated'), Type.Literal('autoApproved'), Type.Literal('delegated'), Type.Literal('cc'), Type.Literal('completed'),
]);
export type HistoryType = Static<typeof HistoryType>;

export const HistoryView = Type.Object({
  id: Type.Integer(),
  round: Type.Integer(),
  type: HistoryType,
  at: Type.String(),
  actor: Nullable(PersonRef),
  onBehalfOf: Nullable(PersonRef),
  target: Nullable(PersonRef),
  stepIndex: Nullable(Type.Integer()),
  stepName: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  /** GET /api/submissions/:id/signatures/:historyId gives the PNG. */
  hasSignature: Type.Boolean(),
  detail: Nullable(Type.String()),
});
export type HistoryView = Static<typeof HistoryView>;

export const ActionType = Type.Union([
  Type.Literal('approve'), Type.Literal('reject'), Type.Literal('return'), Type.Literal('transfer'), Type.Literal('addSigner'),
  Type.Literal('comment'), Type.Literal('withdraw'), Type.Literal('urge'),
]);
export type ActionType = Static<typeof ActionType>;

/** A handwritten signature: a PNG data URL from the signature pad. */
export const Signature = Type.String({ pattern: '^data:image/png;base64,[A-Za-z0-9+/=]+$', maxLength: 300_000 });

export const ActionRequest = Type.Object(
  {
    type: ActionType,
    comment: Type.Optional(Type.String({ maxLength: 1000 })),
    signature: Type.Optional(Signature),
    /** return: 'initiator' or the index of an earlier approval step. */
    to: Type.Optional(Type.Union([Type.Literal('initiator'), Type.Integer({ minimum: 0 })])),
    /** transfer: the new approver. addSigner: the added signer. */
    userId: Type.Optional(Id),
    position: Type.Optional(Type.Union([Type.Literal('before'), Type.Literal('after')])),
  },
  { additionalProperties: false },
);
export type ActionRequest = Static<typeof ActionRequest>;

export const AttachmentRef = Type.Object({ id: Type.String(), name: Type.String(), size: Nullable(Type.Integer()), mime: Nullable(Type.String()) });
export type AttachmentRef = Static<typeof AttachmentRef>;

export const SubmissionDetail = Type.Object({
  id: Type.String(),
  serial: Type.String(),
  formId: Type.String(),
  formName: Type.String(),
  formIcon: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  status: SubmissionStatus,
  initiator: PersonRef,
  /** The schema of the version it was made with (old submissions keep theirs). */
  schema: StoredFormSchema,
  answers: AnswersBody,
  /** Names for the ids in person/department answers, and the files of attachment/image answers. */
  refs: Type.Object({
    people: Type.Record(Type.String(), Type.String()),
    departments: Type.Record(Type.String(), Type.String()),
    files: Type.Record(Type.String(), AttachmentRef),
  }),
  steps: Type.Array(StepView),
  currentStep: Nullable(Type.Integer()),
  history: Type.Array(HistoryView),
  /** What the caller may do now. */
  allowed: Type.Array(ActionType),
  /** The caller is the initiator and it was returned: they may edit and resubmit. */
  canResubmit: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  archivedFileId: Nullable(Type.String()),
});
export type SubmissionDetail = Static<typeof SubmissionDetail>;

export const ApprovalBox = Type.Union([Type.Literal('todo'), Type.Literal('done'), Type.Literal('mine'), Type.Literal('cc')]);
export type ApprovalBox = Static<typeof ApprovalBox>;

export const ApprovalListQuery = Type.Object(
  {
    box: ApprovalBox,
    formId: Type.Optional(Id),
    status: Type.Optional(SubmissionStatus),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  },
  { additionalProperties: false },
);
export type ApprovalListQuery = Static<typeof ApprovalListQuery>;

export const SubmissionListItem = Type.Object({
  id: Type.String(),
  serial: Type.String(),
  formId: Type.String(),
  formName: Type.String(),
  formIcon: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  status: SubmissionStatus,
  initiator: PersonRef,
  /** The current step's name and who it waits for. */
  currentStepName: Nullable(Type.String()),
  waitingFor: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  /** todo: this form allows batch approval and the caller's task is a plain approval. */
  batchable: Type.Boolean(),
  /** cc: not opened yet. */
  unread: Type.Boolean(),
});
export type SubmissionListItem = Static<typeof SubmissionListItem>;

export const SubmissionPage = Type.Object({ items: Type.Array(SubmissionListItem), nextCursor: Nullable(Type.String()) });
export type SubmissionPage = Static<typeof SubmissionPage>;

export const ApprovalCounts = Type.Object({ todo: Type.Integer(), mine: Type.Integer(), returned: Type.Integer(), ccUnread: Type.Integer() });
export type ApprovalCounts = Static<typeof ApprovalCounts>;

export const BatchApprove = Type.Object(
  { ids: Type.Array(Id, { minItems: 1, maxItems: 100 }), comment: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export const BatchResult = Type.Object({
  approved: Type.Array(Type.String()),
  failed: Type.Array(Type.Object({ id: Type.String(), code: Type.String() })),
});
export type BatchResult = Static<typeof BatchResult>;

export const RoutePreview = Type.Object({
  steps: Type.Array(Type.Object({
    name: Type.String(),
    kind: Type.Union([Type.Literal('approve'), Type.Literal('cc')]),
    mode: Type.Union([Type.Literal('sequential'), Type.Literal('all'), Type.Literal('any')]),
    people: Type.Array(Type.Object({ ...PersonRef.properties, auto: Nullable(Type.Union([Type.Literal('initiator'), Type.Literal('repeat'), Type.Literal('fallback')])) })),
  })),
});
export type RoutePreview = Static<typeof RoutePreview>;

export const Delegation = Type.Object({ delegate: PersonRef, startsOn: DateOnly, endsOn: DateOnly });
export type Delegation = Static<typeof Delegation>;
export const DelegationSet = Type.Object({ delegateId: Id, startsOn: DateOnly, endsOn: DateOnly }, { additionalProperties: false });
export type DelegationSet = Static<typeof DelegationSet>;
/** GET/PUT /api/approvals/delegation: the caller's delegation, null when none is set. */
export const DelegationAnswer = Type.Object({ delegation: Nullable(Delegation) });
export type DelegationAnswer = Static<typeof DelegationAnswer>;

// ── statistics ──────────────────────────────────────────────────────────────────────────────

export const StatsQuery = Type.Object(
  { from: Type.Optional(DateOnly), to: Type.Optional(DateOnly) },
  { additionalProperties: false },
);
export type StatsQuery = Static<typeof StatsQuery>;

const Bucket = Type.Object({ key: Type.String(), label: Type.String(), count: Type.Integer(), sum: Type.Number() });
export const FormStats = Type.Object({
  formId: Type.String(),
  formName: Type.String(),
  total: Type.Integer(),
  byStatus: Type.Array(Bucket),
  byDepartment: Type.Array(Bucket),
  /** 'YYYY-MM' in the school's time zone. */
  byMonth: Type.Array(Bucket),
  /** Numeric fields (number, money, calc, a date range's days): totals per department × month. */
  numeric: Type.Array(Type.Object({
    fieldKey: Type.String(),
    label: Type.String(),
    unit: Type.String(),
    total: Type.Number(),
    byDepartment: Type.Array(Bucket),
    byMonth: Type.Array(Bucket),
    cells: Type.Array(Type.Object({ department: Type.String(), month: Type.String(), sum: Type.Number() })),
  })),
  /** Choice fields: how often each option was chosen (top first). */
  choices: Type.Array(Type.Object({ fieldKey: Type.String(), label: Type.String(), options: Type.Array(Bucket) })),
  /** Per flow node: how long its decisions took, in hours. */
  stepTimes: Type.Array(Type.Object({ nodeId: Type.String(), name: Type.String(), decisions: Type.Integer(), avgHours: Type.Number(), p90Hours: Type.Number() })),
});
export type FormStats = Static<typeof FormStats>;
