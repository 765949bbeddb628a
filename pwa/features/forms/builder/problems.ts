// Problems that stop publishing come from the server (and the shared schema checks) with a stable code, params
// and an English sentence, at a JSON pointer. Here they become sentences in the UI language and a place in the
// builder ("字段「事由」"). Only the request validator's shape errors on save come without a code.
import type { FormSchema, Flow } from '../../../../server/lib/form-schema';
import { locale, t, tMaybe } from '../../../i18n';
import { getNode, problemTarget, type ProblemTarget } from './flow-state';

export interface ProblemInput {
  pointer: string;
  message: string;
  /** server/modules/forms/forms.dto.ts PROBLEM_CODES; absent on the request validator's errors. */
  code?: string;
  params?: Record<string, string | number>;
}

/** Params that hold a field's key: shown as the field's label. */
const FIELD_PARAMS = new Set(['field', 'table']);
const INITIATOR: Record<string, () => string> = {
  '$initiator.department': () => t('forms.builder.initiatorDepartment'),
  '$initiator.role': () => t('forms.builder.initiatorRole'),
};

/** The request validator's generic sentences (a save whose draft has the wrong shape). */
const SHAPE: [RegExp, string][] = [
  [/^must NOT have fewer than 1 characters$/, 'empty'],
  [/^must NOT have more than (\d+) characters$/, 'tooLong'],
  [/^must NOT have fewer than (\d+) items$/, 'tooFew'],
  [/^must NOT have more than (\d+) items$/, 'tooMany'],
  [/^must match pattern/, 'pattern'],
];

/** The problem in the UI language; `name` turns a field key into its label. Unknown codes keep the server's English. */
export function problemText(p: ProblemInput, name: (key: string) => string = (k) => k): string {
  if (p.code) {
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(p.params ?? {})) params[k] = FIELD_PARAMS.has(k) ? (INITIATOR[v]?.() ?? name(String(v))) : v;
    return tMaybe(`forms.builder.problem.${p.code}`, params) ?? p.message;
  }
  if (locale.value === 'en') return p.message;
  for (const [re, key] of SHAPE) {
    const m = re.exec(p.message);
    if (m) return tMaybe(`forms.builder.problem.${key}`, { n: m[1] ?? '' }) ?? p.message;
  }
  return p.message;
}

export interface PlacedProblem {
  pointer: string;
  message: string;
  target: ProblemTarget;
  /** Where, in words: 字段「事由」, 第 2 页, 审批节点「部门审批」, 设置. */
  place: string;
}

export function placeProblems(problems: readonly ProblemInput[], schema: FormSchema, flow: Flow): PlacedProblem[] {
  const seen = new Set<string>();
  const out: PlacedProblem[] = [];
  const labels = new Map(schema.sections.flatMap((s) => s.fields.map((f) => [f.key, f.label] as const)));
  const name = (k: string) => labels.get(k) ?? k;
  for (const p of problems) {
    const target = problemTarget(p.pointer, schema);
    const message = problemText(p, name);
    // Schema unions report the same slot several times; one line per place and message is enough.
    const id = `${JSON.stringify(target)}|${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    let place: string;
    if (target.tab === 'form' && 'fieldKey' in target) {
      const f = schema.sections.flatMap((s) => s.fields).find((x) => x.key === target.fieldKey);
      place = t('forms.builder.placeField', { name: f?.label || target.fieldKey });
    } else if (target.tab === 'form') {
      const s = schema.sections[target.section];
      place = s?.title ? t('forms.builder.placeSectionNamed', { name: s.title }) : t('forms.builder.sectionN', { n: target.section + 1 });
    } else if (target.tab === 'flow') {
      const n = getNode(flow, target.path);
      place = n ? t('forms.builder.placeNode', { name: n.name }) : t('forms.builder.tabFlow');
    } else {
      place = t('forms.builder.tabSettings');
    }
    out.push({ pointer: p.pointer, message, target, place });
  }
  return out;
}
