// What people see of a submission: the detail view (steps, history, names for the ids in answers, what the
// caller may do), list items, and the one-line summary. Reads only; the service decides who may see what.
import type { CurrentUser } from '../../core/request-context.js';
import type { Answers, FormSchema } from '../../lib/form-schema.js';
import type { OrgService } from '../org/index.js';
import { answerFields, answerText, dateRangeText, isDateRange, referencedIds, type AnswerFieldDef, type NameRefs } from './forms.answer-text.js';
import type { ActionType, FormSettings, HistoryView, PersonRef, StepView, SubmissionDetail, SubmissionListItem } from './forms.dto.js';
import { pendingApprovers, type FlowState } from './forms.engine.js';
import type { AttachmentsPort, FormsCatalog } from './forms.ports.js';
import type { HistoryRow, ListRow, StoredState, SubmissionRow } from './forms.submissions-repo.js';

/** PersonRef look-ups with a cache for the length of one request. */
export function peopleRefs(org: OrgService) {
  const cache = new Map<string, PersonRef>();
  return (id: string): PersonRef => {
    let ref = cache.get(id);
    if (!ref) {
      const p = org.personSummary(id);
      ref = { id, displayName: p?.displayName ?? id, departmentName: p?.departmentName ?? null };
      cache.set(id, ref);
    }
    return ref;
  };
}
export type PeopleRefs = ReturnType<typeof peopleRefs>;

/** Form name/icon and version settings with a cache for one request (lists touch the same few forms). */
export function formLookups(catalog: FormsCatalog) {
  const forms = new Map<string, { name: string; icon: string; adminIds: string[]; publishedVersion: number | null }>();
  const settings = new Map<string, FormSettings>();
  return {
    form(id: string) {
      let f = forms.get(id);
      if (!f) {
        const rec = catalog.form(id);
        f = { name: rec?.name ?? '', icon: rec?.icon ?? 'form', adminIds: rec?.adminIds ?? [], publishedVersion: rec?.publishedVersion ?? null };
        forms.set(id, f);
      }
      return f;
    },
    settings(formId: string, version: number | null): FormSettings {
      if (version === null) return {};
      const key = `${formId}@${version}`;
      let s = settings.get(key);
      if (!s) settings.set(key, (s = catalog.version(formId, version)?.settings ?? {}));
      return s;
    },
  };
}

const SKIP_IN_SUMMARY = new Set(['signature', 'attachment', 'image', 'table']);

const isBlank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** '事假 · 2026-12-01 至 2026-12-03（3天）': the summary fields' answers, else the first two answered fields. */
export function summarize(schema: FormSchema, settings: FormSettings, answers: Answers, refs: NameRefs): string {
  const fields = answerFields(schema);
  const chosen = settings.summaryFields?.length
    ? settings.summaryFields.map((k) => fields.find((f) => f.key === k)).filter((f): f is AnswerFieldDef => !!f && !isBlank(answers[f.key]))
    : fields.filter((f) => !SKIP_IN_SUMMARY.has(f.type) && !isBlank(answers[f.key])).slice(0, 2);
  const text = (f: AnswerFieldDef): string => {
    const v = answers[f.key];
    if (f.type === 'dateRange' && isDateRange(v)) return `${dateRangeText(v)}${typeof v.days === 'number' ? `（${v.days}天）` : ''}`;
    if (f.type === 'attachment' || f.type === 'image') return `${Array.isArray(v) ? v.length : 1} 个文件`;
    return answerText(f, v, refs);
  };
  return chosen.map(text).filter(Boolean).join(' · ').replace(/\s+/g, ' ').slice(0, 200);
}

/** Names for the person and department ids in the answers. */
export function nameRefs(org: OrgService, people: PeopleRefs, schema: FormSchema, answers: Answers): { people: Record<string, string>; departments: Record<string, string> } {
  const ids = { people: new Set<string>(), departments: new Set<string>() };
  referencedIds(answerFields(schema), answers, ids);
  const out = { people: {} as Record<string, string>, departments: {} as Record<string, string> };
  for (const id of ids.people) out.people[id] = people(id).displayName;
  for (const id of ids.departments) out.departments[id] = org.departmentName(id) ?? id;
  return out;
}

export function fileIds(schema: FormSchema, answers: Answers): string[] {
  const out: string[] = [];
  for (const f of answerFields(schema)) {
    if (f.type !== 'attachment' && f.type !== 'image') continue;
    const v: unknown = answers[f.key];
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string' && x) out.push(x);
  }
  return [...new Set(out)];
}

export const parseState = (json: string): StoredState => JSON.parse(json) as StoredState;

function stepsView(state: FlowState, people: PeopleRefs): StepView[] {
  return state.steps.map((step, index) => ({
    index, nodeId: step.nodeId, name: step.name, kind: step.kind, mode: step.mode, status: step.status,
    tasks: step.tasks
      .filter((t) => !t.superseded)
      .map((t) => ({
        id: t.id, person: people(t.userId), onBehalfOf: t.onBehalfOf ? people(t.onBehalfOf) : null, status: t.status, decidedAt: t.decidedAt,
        comment: t.comment, hasSignature: !!t.signature, autoReason: t.autoReason, addedBy: t.addedBy,
      })),
  }));
}

function historyView(rows: HistoryRow[], state: StoredState, people: PeopleRefs): HistoryView[] {
  const names = new Map<number, string[]>((state.past ?? []).map((p) => [p.round, p.steps]));
  names.set(state.round, state.steps.map((s) => s.name));
  return rows.map((h) => ({
    id: h.id, round: h.round, type: h.type, at: h.at,
    actor: h.actor_id ? people(h.actor_id) : null,
    onBehalfOf: h.on_behalf_of ? people(h.on_behalf_of) : null,
    target: h.target_user_id ? people(h.target_user_id) : null,
    stepIndex: h.step_index,
    stepName: h.step_index === null ? null : (names.get(h.round)?.[h.step_index] ?? null),
    comment: h.comment,
    hasSignature: h.has_signature === 1,
    detail: h.detail,
  }));
}

/** What the caller may do now (they can see it: comment is always open). */
export function allowedFor(viewer: CurrentUser | null, row: Pick<SubmissionRow, 'initiator_id'>, state: FlowState): ActionType[] {
  if (!viewer) return [];
  const out: ActionType[] = [];
  const running = state.status === 'running';
  if (running && pendingApprovers(state).includes(viewer.id)) out.push('approve', 'reject', 'return', 'transfer', 'addSigner');
  out.push('comment');
  if (running && row.initiator_id === viewer.id) {
    if (!state.decided) out.push('withdraw');
    out.push('urge');
  }
  return out;
}

export interface DetailDeps {
  org: OrgService;
  catalog: FormsCatalog;
  attachments: AttachmentsPort;
}

export function buildDetail(d: DetailDeps, viewer: CurrentUser | null, row: SubmissionRow, history: HistoryRow[]): SubmissionDetail {
  const people = peopleRefs(d.org);
  const state = parseState(row.flow_state);
  const answers = JSON.parse(row.answers) as Answers;
  const form = d.catalog.form(row.form_id);
  const version = d.catalog.version(row.form_id, row.form_version);
  const schema: FormSchema = version?.schema ?? { sections: [] };
  const refs = nameRefs(d.org, people, schema, answers);
  for (const step of state.steps) for (const t of step.tasks) if (t.addedBy) refs.people[t.addedBy] = people(t.addedBy).displayName;
  const files = Object.fromEntries(d.attachments.describe(fileIds(schema, answers)));
  return {
    id: row.id, serial: row.serial, formId: row.form_id, formName: form?.name ?? '', formIcon: form?.icon ?? 'form', version: row.form_version,
    title: row.title, status: row.status, initiator: people(row.initiator_id), schema, answers,
    refs: { ...refs, files },
    steps: stepsView(state, people),
    currentStep: state.current,
    history: historyView(history, state, people),
    allowed: allowedFor(viewer, row, state),
    canResubmit: !!viewer && viewer.id === row.initiator_id && row.status === 'returned',
    createdAt: row.created_at, updatedAt: row.updated_at, finishedAt: row.finished_at, archivedFileId: row.archived_file_id,
  };
}

export function listItem(row: ListRow, box: 'todo' | 'done' | 'mine' | 'cc', people: PeopleRefs, forms: ReturnType<typeof formLookups>): SubmissionListItem {
  const state = parseState(row.flow_state);
  const form = forms.form(row.form_id);
  const step = state.current === null ? undefined : state.steps[state.current];
  return {
    id: row.id, serial: row.serial, formId: row.form_id, formName: form.name, formIcon: form.icon, title: row.title, summary: row.summary,
    status: row.status, initiator: people(row.initiator_id),
    currentStepName: step?.name ?? null,
    waitingFor: pendingApprovers(state).map((id) => people(id).displayName),
    createdAt: row.created_at, updatedAt: row.updated_at,
    batchable: box === 'todo' && forms.settings(row.form_id, form.publishedVersion).allowBatch === true,
    unread: box === 'cc' && !row.read_at,
  };
}
