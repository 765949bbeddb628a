// Problems that stop publishing come from the server (and the shared schema checks) as English sentences with a
// JSON pointer. Here they become sentences in the UI language and a place in the builder ("字段「事由」").
import type { FormSchema, Flow } from '../../../../server/lib/form-schema';
import { locale, t, tMaybe } from '../../../i18n';
import { getNode, problemTarget, type ProblemTarget } from './flow-state';

/** Known sentences of server/lib/form-validate-schema.ts, the formula parser and schema validation. */
const PATTERNS: [RegExp, string][] = [
  [/^Duplicate option value "(.*)"$/, 'dupOption'],
  [/^Duplicate field key "(.*)"$/, 'dupField'],
  [/^Duplicate section key "(.*)"$/, 'dupSection'],
  [/^Duplicate column key "(.*)"$/, 'dupColumn'],
  [/^min is greater than max$/, 'minMax'],
  [/^minLength is greater than maxLength$/, 'minMaxLength'],
  [/^Nested repetition/, 'slowPattern'],
  [/^Not a valid regular expression$/, 'badPattern'],
  [/^"(.*)" can only be used in approval-flow branches$/, 'initiatorOnly'],
  [/^Unknown field "(.*)"(?:; use .*)?$/, 'unknownField'],
  [/^"(.*)" cannot compare the initiator/, 'initiatorOp'],
  [/^Unknown department (.*)$/, 'unknownDepartment'],
  [/^Unknown role "(.*)"$/, 'unknownRole'],
  [/^Unknown or inactive person (.*)$/, 'unknownPerson'],
  [/^"(.*)" is not a person field$/, 'notPerson'],
  [/^Duplicate step id "(.*)"$/, 'dupStep'],
  [/^A branch condition needs at least one rule/, 'branchNoRule'],
  [/^The default branch must come last/, 'defaultLast'],
  [/^A form needs at least one field/, 'noFields'],
  [/^Choose who may submit/, 'noAudience'],
  [/^A field cannot depend on itself$/, 'selfDepend'],
  [/^"(.*)" is a description and holds no answer$/, 'description'],
  [/^"(.*)" comes later in the form; logic can only use earlier fields$/, 'laterLogic'],
  [/^"(.*)" comes later in the form; a formula can only use earlier fields$/, 'laterFormula'],
  [/^This comparison needs a value$/, 'needsValue'],
  [/^Compare with a number/, 'compareWith'],
  [/^"(.*)" is not an option of "(.*)"$/, 'notOption'],
  [/^A formula cannot use its own field$/, 'selfFormula'],
  [/^"(.*)" is not a number field/, 'notNumber'],
  [/^days\(\) needs a date-range field; "(.*)" is not one$/, 'notRange'],
  [/^"(.*)" is not a table$/, 'notTable'],
  [/^Table "(.*)" has no column "(.*)"$/, 'noColumn'],
  [/^Column "(.*)" is not a number column$/, 'notNumberColumn'],
  [/^Unknown section "(.*)"$/, 'unknownSection'],
  [/^A jump can only go to a later section$/, 'jumpBack'],
  [/^.* \(at character (\d+)\)$/, 'formulaAt'],
  [/^must NOT have fewer than 1 characters$/, 'empty'],
  [/^must NOT have more than (\d+) characters$/, 'tooLong'],
  [/^must NOT have fewer than (\d+) items$/, 'tooFew'],
  [/^must NOT have more than (\d+) items$/, 'tooMany'],
  [/^must match pattern/, 'pattern'],
];

/** The problem in the UI language (English stays as the server wrote it); `name` turns a field key into its label. */
export function problemText(message: string, name: (key: string) => string = (k) => k): string {
  if (locale.value === 'en') return message;
  for (const [re, key] of PATTERNS) {
    const m = re.exec(message);
    if (!m) continue;
    const text = tMaybe(`forms.builder.problem.${key}`, { a: name(m[1] ?? ''), b: name(m[2] ?? '') });
    if (text) return text;
  }
  return message;
}

export interface PlacedProblem {
  pointer: string;
  message: string;
  target: ProblemTarget;
  /** Where, in words: 字段「事由」, 第 2 页, 审批节点「部门审批」, 设置. */
  place: string;
}

export function placeProblems(problems: readonly { pointer: string; message: string }[], schema: FormSchema, flow: Flow): PlacedProblem[] {
  const seen = new Set<string>();
  const out: PlacedProblem[] = [];
  const labels = new Map(schema.sections.flatMap((s) => s.fields.map((f) => [f.key, f.label] as const)));
  const name = (k: string) => labels.get(k) ?? k;
  for (const p of problems) {
    const target = problemTarget(p.pointer, schema);
    const message = problemText(p.message, name);
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
