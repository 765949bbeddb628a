// What stops a draft from being published, beyond its TypeBox shape: the schema's own problems
// (server/lib/form-validate.ts) plus the flow's — approvers that name real people, departments and person
// fields of this form; branch conditions over existing fields or the initiator — and the settings' field keys.
// Pure apart from the look-ups passed in; every problem carries a JSON pointer into the draft and a stable code
// (forms.dto.ts lists them) that the builder words in the UI language.
import type { ApproverSpec, Condition, ConditionRule, Flow, FormField, FormSchema } from '../../lib/form-schema.js';
import { validateFormSchema } from '../../lib/form-validate.js';
import type { Audience, FormProblem, FormSettings, ProblemCode } from './forms.dto.js';

export type Problem = FormProblem;

/** A problem; `params` only when there are any. */
export function problem(pointer: string, code: ProblemCode, message: string, params?: Record<string, string | number>): Problem {
  return { pointer, code, message, ...(params ? { params } : {}) };
}

export interface DefinitionLookup {
  /** An active person. */
  personActive(id: string): boolean;
  departmentExists(id: string): boolean;
}

export interface Draft {
  schema: FormSchema;
  flow: Flow;
  settings: FormSettings;
  audience: Audience;
}

const INITIATOR_FIELDS = new Set(['$initiator.department', '$initiator.role']);
const INITIATOR_OPS = new Set(['eq', 'ne', 'in', 'notIn', 'contains', 'empty', 'notEmpty']);
const ROLES = new Set(['admin', 'principal', 'dept_head', 'staff', 'it']);
const COMPARABLE = /^(?:-?\d+(?:\.\d+)?|\d{4}-\d{2}-\d{2}|\d{2}:\d{2})$/;

/** Any approval step anywhere in the flow (branches included): without one a submission completes at once. */
export function hasApproval(flow: Flow): boolean {
  return flow.nodes.some((n) => n.type === 'approve' || (n.type === 'branch' && n.branches.some((b) => b.nodes.some((x) => x.type === 'approve'))));
}

function fieldsByKey(schema: FormSchema): Map<string, FormField> {
  const out = new Map<string, FormField>();
  for (const section of schema.sections) for (const f of section.fields) if (!out.has(f.key)) out.set(f.key, f);
  return out;
}

function valuesOf(v: ConditionRule['value']): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function checkRule(r: ConditionRule, at: string, fields: Map<string, FormField>, look: DefinitionLookup, out: Problem[]): void {
  const needsValue = r.op !== 'empty' && r.op !== 'notEmpty';
  if (needsValue && r.value === undefined) out.push(problem(`${at}/value`, 'missingValue', 'This comparison needs a value'));
  if (r.field.startsWith('$')) {
    if (!INITIATOR_FIELDS.has(r.field)) {
      out.push(problem(`${at}/field`, 'unknownField', `Unknown field "${r.field}"; use $initiator.department or $initiator.role`, { field: r.field }));
      return;
    }
    if (!INITIATOR_OPS.has(r.op)) {
      out.push(problem(`${at}/op`, 'initiatorOperator', `"${r.op}" cannot compare the initiator's ${r.field === '$initiator.role' ? 'roles' : 'department'}`, { op: r.op, field: r.field }));
    }
    for (const v of valuesOf(r.value)) {
      if (r.field === '$initiator.department' && !look.departmentExists(v)) out.push(problem(`${at}/value`, 'unknownDepartment', `Unknown department ${v}`, { id: v }));
      if (r.field === '$initiator.role' && !ROLES.has(v)) out.push(problem(`${at}/value`, 'unknownRole', `Unknown role "${v}"`, { role: v }));
    }
    return;
  }
  const field = fields.get(r.field);
  if (!field) {
    out.push(problem(`${at}/field`, 'unknownField', `Unknown field "${r.field}"`, { field: r.field }));
    return;
  }
  if (field.type === 'description') {
    out.push(problem(`${at}/field`, 'descriptionHasNoAnswer', `"${r.field}" is a description and holds no answer`, { field: r.field }));
    return;
  }
  if (!needsValue || r.value === undefined) return;
  if (['gt', 'gte', 'lt', 'lte'].includes(r.op) && !(typeof r.value === 'number' || (typeof r.value === 'string' && COMPARABLE.test(r.value)))) {
    out.push(problem(`${at}/value`, 'notComparable', 'Compare with a number, a date (YYYY-MM-DD) or a time (HH:MM)'));
  }
  if ('options' in field && typeof r.value !== 'number' && typeof r.value !== 'boolean') {
    const options = new Set(field.options.map((o) => o.value));
    const missing = valuesOf(r.value).find((x) => !options.has(x));
    if (missing !== undefined) out.push(problem(`${at}/value`, 'notAnOption', `"${missing}" is not an option of "${r.field}"`, { value: missing, field: r.field }));
  }
}

function checkCondition(cond: Condition, at: string, fields: Map<string, FormField>, look: DefinitionLookup, out: Problem[]): void {
  if (cond.rules.length === 0 && (cond.groups ?? []).length === 0) {
    out.push(problem(`${at}/rules`, 'branchWithoutRules', 'A branch condition needs at least one rule (the default branch has none)'));
  }
  cond.rules.forEach((r, k) => checkRule(r, `${at}/rules/${k}`, fields, look, out));
  (cond.groups ?? []).forEach((g, gi) => g.rules.forEach((r, k) => checkRule(r, `${at}/groups/${gi}/rules/${k}`, fields, look, out)));
}

function checkApprover(spec: ApproverSpec, at: string, fields: Map<string, FormField>, look: DefinitionLookup, out: Problem[]): void {
  switch (spec.kind) {
    case 'person':
      if (!look.personActive(spec.userId)) out.push(problem(at, 'unknownPerson', `Unknown or inactive person ${spec.userId}`, { id: spec.userId }));
      return;
    case 'deptHead':
      if (spec.departmentId !== undefined && !look.departmentExists(spec.departmentId)) {
        out.push(problem(at, 'unknownDepartment', `Unknown department ${spec.departmentId}`, { id: spec.departmentId }));
      }
      return;
    case 'field': {
      const field = fields.get(spec.fieldKey);
      if (!field) out.push(problem(at, 'unknownField', `Unknown field "${spec.fieldKey}"`, { field: spec.fieldKey }));
      else if (field.type !== 'person') out.push(problem(at, 'notPersonField', `"${spec.fieldKey}" is not a person field`, { field: spec.fieldKey }));
      return;
    }
    case 'role':
    case 'supervisor':
      return;
  }
}

/** Problems of the approval flow against the form's fields; pointers start at /flow. */
export function checkFlow(flow: Flow, schema: FormSchema, look: DefinitionLookup): Problem[] {
  const out: Problem[] = [];
  const fields = fieldsByKey(schema);
  const ids = new Set<string>();
  const leaf = (node: Exclude<Flow['nodes'][number], { type: 'branch' }>, base: string) => {
    if (node.type === 'approve') node.approvers.forEach((a, j) => checkApprover(a, `${base}/approvers/${j}`, fields, look, out));
    else node.recipients.forEach((a, j) => checkApprover(a, `${base}/recipients/${j}`, fields, look, out));
  };
  const seen = (id: string, base: string) => {
    if (ids.has(id)) out.push(problem(`${base}/id`, 'duplicateStepId', `Duplicate step id "${id}"`, { id }));
    ids.add(id);
  };
  flow.nodes.forEach((node, i) => {
    const base = `/flow/nodes/${i}`;
    seen(node.id, base);
    if (node.type !== 'branch') {
      leaf(node, base);
      return;
    }
    node.branches.forEach((b, bi) => {
      const at = `${base}/branches/${bi}`;
      if (b.when === null && bi < node.branches.length - 1) {
        out.push(problem(`${at}/when`, 'defaultBranchNotLast', 'The default branch must come last; the branches after it would never run'));
      }
      if (b.when !== null) checkCondition(b.when, `${at}/when`, fields, look, out);
      b.nodes.forEach((n, k) => {
        seen(n.id, `${at}/nodes/${k}`);
        leaf(n, `${at}/nodes/${k}`);
      });
    });
  });
  return out;
}

/** Everything that would stop publishing this draft (empty when it can be published). */
export function checkDraft(draft: Draft, look: DefinitionLookup): Problem[] {
  const out: Problem[] = [...validateFormSchema(draft.schema), ...checkFlow(draft.flow, draft.schema, look)];
  const fields = fieldsByKey(draft.schema);
  if (![...fields.values()].some((f) => f.type !== 'description')) {
    out.push(problem('/schema/sections/0/fields', 'noFields', 'A form needs at least one field to fill in'));
  }
  (draft.settings.summaryFields ?? []).forEach((key, i) => {
    const f = fields.get(key);
    if (!f || f.type === 'description') out.push(problem(`/settings/summaryFields/${i}`, 'unknownField', `Unknown field "${key}"`, { field: key }));
  });
  if (!draft.audience.all) {
    if (draft.audience.departmentIds.length === 0) out.push(problem('/audience/departmentIds', 'noAudience', 'Choose who may submit: everyone or at least one department'));
    draft.audience.departmentIds.forEach((id, i) => {
      if (!look.departmentExists(id)) out.push(problem(`/audience/departmentIds/${i}`, 'unknownDepartment', `Unknown department ${id}`, { id }));
    });
  }
  return out;
}
