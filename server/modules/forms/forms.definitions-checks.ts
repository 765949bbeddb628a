// What stops a draft from being published, beyond its TypeBox shape: the schema's own problems
// (server/lib/form-validate.ts) plus the flow's — approvers that name real people, departments and person
// fields of this form; branch conditions over existing fields or the initiator — and the settings' field keys.
// Pure apart from the look-ups passed in; every problem carries a JSON pointer into the draft.
import type { ApproverSpec, Condition, ConditionRule, Flow, FormField, FormSchema } from '../../lib/form-schema.js';
import { validateFormSchema } from '../../lib/form-validate.js';
import type { Audience, FormSettings } from './forms.dto.js';

export interface Problem {
  pointer: string;
  message: string;
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
  if (needsValue && r.value === undefined) out.push({ pointer: `${at}/value`, message: 'This comparison needs a value' });
  if (r.field.startsWith('$')) {
    if (!INITIATOR_FIELDS.has(r.field)) {
      out.push({ pointer: `${at}/field`, message: `Unknown field "${r.field}"; use $initiator.department or $initiator.role` });
      return;
    }
    if (!INITIATOR_OPS.has(r.op)) out.push({ pointer: `${at}/op`, message: `"${r.op}" cannot compare the initiator's ${r.field === '$initiator.role' ? 'roles' : 'department'}` });
    for (const v of valuesOf(r.value)) {
      if (r.field === '$initiator.department' && !look.departmentExists(v)) out.push({ pointer: `${at}/value`, message: `Unknown department ${v}` });
      if (r.field === '$initiator.role' && !ROLES.has(v)) out.push({ pointer: `${at}/value`, message: `Unknown role "${v}"` });
    }
    return;
  }
  const field = fields.get(r.field);
  if (!field) {
    out.push({ pointer: `${at}/field`, message: `Unknown field "${r.field}"` });
    return;
  }
  if (field.type === 'description') {
    out.push({ pointer: `${at}/field`, message: `"${r.field}" is a description and holds no answer` });
    return;
  }
  if (!needsValue || r.value === undefined) return;
  if (['gt', 'gte', 'lt', 'lte'].includes(r.op) && !(typeof r.value === 'number' || (typeof r.value === 'string' && COMPARABLE.test(r.value)))) {
    out.push({ pointer: `${at}/value`, message: 'Compare with a number, a date (YYYY-MM-DD) or a time (HH:MM)' });
  }
  if ('options' in field && typeof r.value !== 'number' && typeof r.value !== 'boolean') {
    const options = new Set(field.options.map((o) => o.value));
    const missing = valuesOf(r.value).find((x) => !options.has(x));
    if (missing !== undefined) out.push({ pointer: `${at}/value`, message: `"${missing}" is not an option of "${r.field}"` });
  }
}

function checkCondition(cond: Condition, at: string, fields: Map<string, FormField>, look: DefinitionLookup, out: Problem[]): void {
  if (cond.rules.length === 0 && (cond.groups ?? []).length === 0) {
    out.push({ pointer: `${at}/rules`, message: 'A branch condition needs at least one rule (the default branch has none)' });
  }
  cond.rules.forEach((r, k) => checkRule(r, `${at}/rules/${k}`, fields, look, out));
  (cond.groups ?? []).forEach((g, gi) => g.rules.forEach((r, k) => checkRule(r, `${at}/groups/${gi}/rules/${k}`, fields, look, out)));
}

function checkApprover(spec: ApproverSpec, at: string, fields: Map<string, FormField>, look: DefinitionLookup, out: Problem[]): void {
  switch (spec.kind) {
    case 'person':
      if (!look.personActive(spec.userId)) out.push({ pointer: at, message: `Unknown or inactive person ${spec.userId}` });
      return;
    case 'deptHead':
      if (spec.departmentId !== undefined && !look.departmentExists(spec.departmentId)) out.push({ pointer: at, message: `Unknown department ${spec.departmentId}` });
      return;
    case 'field': {
      const field = fields.get(spec.fieldKey);
      if (!field) out.push({ pointer: at, message: `Unknown field "${spec.fieldKey}"` });
      else if (field.type !== 'person') out.push({ pointer: at, message: `"${spec.fieldKey}" is not a person field` });
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
    if (ids.has(id)) out.push({ pointer: `${base}/id`, message: `Duplicate step id "${id}"` });
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
      if (b.when === null && bi < node.branches.length - 1) out.push({ pointer: `${at}/when`, message: 'The default branch must come last; the branches after it would never run' });
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
    out.push({ pointer: '/schema/sections/0/fields', message: 'A form needs at least one field to fill in' });
  }
  (draft.settings.summaryFields ?? []).forEach((key, i) => {
    const f = fields.get(key);
    if (!f || f.type === 'description') out.push({ pointer: `/settings/summaryFields/${i}`, message: `Unknown field "${key}"` });
  });
  if (!draft.audience.all) {
    if (draft.audience.departmentIds.length === 0) out.push({ pointer: '/audience/departmentIds', message: 'Choose who may submit: everyone or at least one department' });
    draft.audience.departmentIds.forEach((id, i) => {
      if (!look.departmentExists(id)) out.push({ pointer: `/audience/departmentIds/${i}`, message: `Unknown department ${id}` });
    });
  }
  return out;
}
