// The form definition: one schema that the PWA renders and the server validates against (server/lib/form-*.ts).
// Also the approval flow attached to each form version. Pure: the PWA imports the types only.
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Field and section ids are stable keys into the answers (they survive relabelling). */
export const FieldKey = Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,39}$' });
const Label = Type.String({ minLength: 1, maxLength: 100 });
const Help = Type.Optional(Type.String({ maxLength: 500 }));

// ── conditions (logic rules and flow branches) ───────────────────────────────────────────────

/**
 * eq/ne compare scalars; gt/gte/lt/lte numbers, dates ('YYYY-MM-DD') or a date range's days; in/notIn test a
 * value against a list (a multiple choice matches when any chosen value is in the list); contains tests
 * whether a multiple choice includes a value or a text contains it; empty/notEmpty need no value.
 */
export const ConditionOp = Type.Union([
  Type.Literal('eq'), Type.Literal('ne'), Type.Literal('gt'), Type.Literal('gte'), Type.Literal('lt'), Type.Literal('lte'),
  Type.Literal('in'), Type.Literal('notIn'), Type.Literal('contains'), Type.Literal('empty'), Type.Literal('notEmpty'),
]);
export type ConditionOp = Static<typeof ConditionOp>;
export const CONDITION_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'contains', 'empty', 'notEmpty'] as const;

/**
 * `field` is a field key of the form, or (in approval-flow branches only) `$initiator.department` (value:
 * department ids; a department matches its whole subtree) or `$initiator.role` (value: role names).
 */
export const ConditionRule = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 60 }),
    op: ConditionOp,
    value: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })])),
  },
  { additionalProperties: false },
);
export type ConditionRule = Static<typeof ConditionRule>;

const GroupMode = Type.Union([Type.Literal('all'), Type.Literal('any')]);
/** (rules… and/or groups…): `mode` joins the rules and the groups; each group joins its own rules. */
export const Condition = Type.Object(
  {
    mode: GroupMode,
    rules: Type.Array(ConditionRule, { maxItems: 20 }),
    groups: Type.Optional(Type.Array(Type.Object({ mode: GroupMode, rules: Type.Array(ConditionRule, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }), { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type Condition = Static<typeof Condition>;

// ── fields ──────────────────────────────────────────────────────────────────────────────────

export const FIELD_TYPES = [
  'text', 'textarea', 'number', 'money', 'date', 'dateRange', 'time', 'radio', 'checkbox', 'select', 'person', 'department',
  'phone', 'idNumber', 'email', 'attachment', 'image', 'signature', 'table', 'calc', 'description',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Validation per field. min/max: number value, text length is minLength/maxLength, choice count for checkbox, rows for table. */
export const FieldValidation = Type.Object(
  {
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    minLength: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    pattern: Type.Optional(Type.String({ maxLength: 200 })),
    /** Shown instead of the default message when any rule above fails. */
    message: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type FieldValidation = Static<typeof FieldValidation>;

export const ChoiceOption = Type.Object({ value: Type.String({ minLength: 1, maxLength: 60 }), label: Label }, { additionalProperties: false });
export type ChoiceOption = Static<typeof ChoiceOption>;

const common = {
  key: FieldKey,
  label: Label,
  help: Help,
  required: Type.Optional(Type.Boolean()),
  /** Shown only while this holds (over earlier answers). A hidden field is neither required nor stored. */
  visibleIf: Type.Optional(Condition),
  validation: Type.Optional(FieldValidation),
  placeholder: Type.Optional(Type.String({ maxLength: 100 })),
};
const field = <L extends string, P extends Record<string, TSchema>>(type: L, props: P) =>
  Type.Object({ type: Type.Literal(type), ...common, ...props }, { additionalProperties: false });

const Decimals = Type.Optional(Type.Integer({ minimum: 0, maximum: 4 }));
export const DurationUnit = Type.Union([Type.Literal('day'), Type.Literal('halfDay')]);
export type DurationUnit = Static<typeof DurationUnit>;

/** Columns of a detail table: simple fields only. */
export const TableColumn = Type.Union([
  field('text', {}),
  field('number', { decimals: Decimals, unit: Type.Optional(Type.String({ maxLength: 10 })) }),
  field('money', {}),
  field('date', {}),
  field('select', { options: Type.Array(ChoiceOption, { minItems: 1, maxItems: 100 }) }),
]);
export type TableColumn = Static<typeof TableColumn>;

export const FormField = Type.Union([
  field('text', {}),
  field('textarea', {}),
  field('number', { decimals: Decimals, unit: Type.Optional(Type.String({ maxLength: 10 })) }),
  /** Yuan with 2 decimals. */
  field('money', {}),
  field('date', {}),
  /** Value {start, end, startHalf?, endHalf?, days}; the server recomputes days (weekends / school calendar skipped when asked). */
  field('dateRange', { unit: DurationUnit, skipWeekends: Type.Boolean(), skipHolidays: Type.Boolean() }),
  field('time', {}),
  field('radio', { options: Type.Array(ChoiceOption, { minItems: 1, maxItems: 100 }) }),
  field('checkbox', { options: Type.Array(ChoiceOption, { minItems: 1, maxItems: 100 }) }),
  field('select', { options: Type.Array(ChoiceOption, { minItems: 1, maxItems: 500 }) }),
  field('person', { multiple: Type.Optional(Type.Boolean()) }),
  field('department', { multiple: Type.Optional(Type.Boolean()) }),
  field('phone', {}),
  field('idNumber', {}),
  field('email', {}),
  field('attachment', { maxFiles: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })) }),
  field('image', { maxFiles: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })) }),
  field('signature', {}),
  field('table', { columns: Type.Array(TableColumn, { minItems: 1, maxItems: 20 }) }),
  /** formula over other fields: + - * / ( ), numbers, field keys, sum(table.column), min(), max(), round(x, n), days(rangeKey) = a date range's days. */
  field('calc', { formula: Type.String({ minLength: 1, maxLength: 500 }), decimals: Decimals, unit: Type.Optional(Type.String({ maxLength: 10 })) }),
  /** Text shown to the person filling in; holds no answer. */
  field('description', { text: Type.String({ maxLength: 4000 }) }),
]);
export type FormField = Static<typeof FormField>;

export const JumpRule = Type.Object({ when: Condition, goTo: Type.Union([FieldKey, Type.Literal('$end')]) }, { additionalProperties: false });
export type JumpRule = Static<typeof JumpRule>;

/** A page of the form. After a section, the first jump rule that holds decides where to go (else the next section). */
export const FormSection = Type.Object(
  {
    key: FieldKey,
    title: Type.String({ maxLength: 100 }),
    description: Help,
    visibleIf: Type.Optional(Condition),
    fields: Type.Array(FormField, { maxItems: 100 }),
    jumps: Type.Optional(Type.Array(JumpRule, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type FormSection = Static<typeof FormSection>;

export const FormSchema = Type.Object({ sections: Type.Array(FormSection, { minItems: 1, maxItems: 30 }) }, { additionalProperties: false });
export type FormSchema = Static<typeof FormSchema>;

// ── answers ─────────────────────────────────────────────────────────────────────────────────

export interface DateRangeValue {
  start: string;
  end: string;
  startHalf?: 'am' | 'pm';
  endHalf?: 'am' | 'pm';
  /** Computed: working days (in halves when the unit is halfDay). */
  days?: number;
}
export type AnswerValue = string | number | boolean | string[] | DateRangeValue | Record<string, unknown>[] | null;
/** Answers keyed by field key. Table rows are objects keyed by column key. */
export type Answers = Record<string, AnswerValue>;

/** The school calendar a date range counts against: holidays off, make-up days (调休) on. */
export interface SchoolCalendar {
  holidays: string[];
  workdays: string[];
}

// ── approval flow ───────────────────────────────────────────────────────────────────────────

export const ApproverSpec = Type.Union([
  Type.Object({ kind: Type.Literal('person'), userId: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
  /** Everyone holding the role (dept_head: the head role over the initiator's department). */
  Type.Object({ kind: Type.Literal('role'), role: Type.Union([Type.Literal('admin'), Type.Literal('principal'), Type.Literal('dept_head'), Type.Literal('it')]) }, { additionalProperties: false }),
  /** 1 = the initiator's direct supervisor, 2 = theirs, … */
  Type.Object({ kind: Type.Literal('supervisor'), level: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false }),
  /** Head of the initiator's department, or of the named one. */
  Type.Object({ kind: Type.Literal('deptHead'), departmentId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) }, { additionalProperties: false }),
  /** Chosen by the initiator in a person field of the form. */
  Type.Object({ kind: Type.Literal('field'), fieldKey: FieldKey }, { additionalProperties: false }),
]);
export type ApproverSpec = Static<typeof ApproverSpec>;

/** 依次: one after another; 会签: all must approve; 或签: the first approval decides. */
export const ApprovalMode = Type.Union([Type.Literal('sequential'), Type.Literal('all'), Type.Literal('any')]);
export type ApprovalMode = Static<typeof ApprovalMode>;

export const ApproveNode = Type.Object(
  {
    id: FieldKey,
    type: Type.Literal('approve'),
    name: Label,
    approvers: Type.Array(ApproverSpec, { minItems: 1, maxItems: 20 }),
    mode: ApprovalMode,
    /** Remind after this many hours; after twice as long, hand the step to each late approver's supervisor. */
    timeoutHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
  },
  { additionalProperties: false },
);
export type ApproveNode = Static<typeof ApproveNode>;

export const CcNode = Type.Object(
  { id: FieldKey, type: Type.Literal('cc'), name: Label, recipients: Type.Array(ApproverSpec, { minItems: 1, maxItems: 20 }) },
  { additionalProperties: false },
);
export type CcNode = Static<typeof CcNode>;

/** Branches are tried in order; the first whose condition holds runs; `when: null` is the default branch. */
export const BranchNode = Type.Object(
  {
    id: FieldKey,
    type: Type.Literal('branch'),
    name: Label,
    branches: Type.Array(
      Type.Object({ name: Label, when: Nullable(Condition), nodes: Type.Array(Type.Union([ApproveNode, CcNode]), { maxItems: 20 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 10 },
    ),
  },
  { additionalProperties: false },
);
export type BranchNode = Static<typeof BranchNode>;

export const FlowNode = Type.Union([ApproveNode, CcNode, BranchNode]);
export type FlowNode = Static<typeof FlowNode>;

/** No nodes: submissions complete at once (sign-ups). */
export const Flow = Type.Object({ nodes: Type.Array(FlowNode, { maxItems: 30 }) }, { additionalProperties: false });
export type Flow = Static<typeof Flow>;
