// Pure helpers for the approvals pages: status tones, grouping the catalogue, arranging actions, finding
// return targets and signatures, paging and batch selection. No DOM, no API: unit-tested on their own.
import type {
  ActionType,
  FormSummary,
  HistoryView,
  StepView,
  SubmissionDetail,
  SubmissionListItem,
  SubmissionStatus,
  TaskView,
} from '../../../../server/modules/forms/forms.dto';

export type Tone = 'neutral' | 'primary' | 'success' | 'warning' | 'danger';

export const STATUS_TONE: Record<SubmissionStatus, Tone> = {
  running: 'primary',
  approved: 'success',
  rejected: 'danger',
  returned: 'warning',
  withdrawn: 'neutral',
};

export const SUBMISSION_STATUSES: readonly SubmissionStatus[] = ['running', 'approved', 'rejected', 'returned', 'withdrawn'];

export const TASK_TONE: Record<TaskView['status'], Tone> = {
  waiting: 'neutral',
  pending: 'primary',
  approved: 'success',
  auto: 'success',
  rejected: 'danger',
  returned: 'warning',
  transferred: 'neutral',
  cancelled: 'neutral',
};

// ── catalogue ─────────────────────────────────────────────────────────────────────────────

export interface CatalogueGroup {
  category: string;
  forms: FormSummary[];
}

/** Forms grouped by category in the order categories first appear; forms without one go last under `otherLabel`. */
export function groupByCategory(forms: readonly FormSummary[], otherLabel: string): CatalogueGroup[] {
  const groups = new Map<string, FormSummary[]>();
  const rest: FormSummary[] = [];
  for (const f of forms) {
    const cat = f.category.trim();
    if (!cat) {
      rest.push(f);
      continue;
    }
    const list = groups.get(cat) ?? [];
    list.push(f);
    groups.set(cat, list);
  }
  const out = [...groups].map(([category, list]) => ({ category, forms: list }));
  if (rest.length) {
    const other = out.find((g) => g.category === otherLabel);
    if (other) other.forms.push(...rest);
    else out.push({ category: otherLabel, forms: rest });
  }
  return out;
}

/** Seats left on a sign-up, or null when the form has no capacity. */
export function seatsLeft(f: Pick<FormSummary, 'capacity' | 'taken'>): number | null {
  if (f.capacity === null) return null;
  return Math.max(0, f.capacity - f.taken);
}

// ── lists ─────────────────────────────────────────────────────────────────────────────────

/** Append a page to what is shown, skipping rows already there (a row may move between pages while scrolling). */
export function mergePage(shown: readonly SubmissionListItem[], page: readonly SubmissionListItem[]): SubmissionListItem[] {
  const seen = new Set(shown.map((i) => i.id));
  return [...shown, ...page.filter((i) => !seen.has(i.id))];
}

/** "张三、李四" or "张三、李四 等 5 人" (the template receives names and n). */
export function waitingNames(names: readonly string[], max: number, sep: string): { names: string; more: number } {
  const shown = names.slice(0, max).join(sep);
  return { names: shown, more: Math.max(0, names.length - max) };
}

// ── batch selection ───────────────────────────────────────────────────────────────────────

export function toggleSelected(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Only rows that may be batch-approved and are still shown stay selected. */
export function pruneSelection(selected: ReadonlySet<string>, items: readonly SubmissionListItem[]): Set<string> {
  const allowed = new Set(items.filter((i) => i.batchable).map((i) => i.id));
  return new Set([...selected].filter((id) => allowed.has(id)));
}

export function batchableIds(items: readonly SubmissionListItem[]): string[] {
  return items.filter((i) => i.batchable).map((i) => i.id);
}

/** The server takes at most 100 ids per call. */
export function chunk<T>(list: readonly T[], size = 100): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

// ── actions ───────────────────────────────────────────────────────────────────────────────

/** Shown as buttons on the bar in this order (同意 last: on the right, under the thumb); the rest go under 更多. */
const PRIMARY_ORDER: readonly ActionType[] = ['reject', 'approve'];
const MORE_ORDER: readonly ActionType[] = ['return', 'transfer', 'addSigner', 'comment', 'urge', 'withdraw'];
const INITIATOR_LEAD: readonly ActionType[] = ['withdraw', 'urge', 'comment'];

export interface ArrangedActions {
  primary: ActionType[];
  more: ActionType[];
}

/**
 * Approvers see 同意/驳回 on the bar and the rest under 更多. An initiator (no approve) sees 催办 and 撤回
 * on the bar instead, so the common action is one tap away.
 */
export function arrangeActions(allowed: readonly ActionType[]): ArrangedActions {
  const has = new Set(allowed);
  const primary = PRIMARY_ORDER.filter((a) => has.has(a));
  const more = MORE_ORDER.filter((a) => has.has(a));
  if (!primary.length) {
    const lead = INITIATOR_LEAD.filter((a) => has.has(a)).slice(0, 2);
    return { primary: lead, more: more.filter((a) => !lead.includes(a)) };
  }
  return { primary, more };
}

export interface ReturnTarget {
  to: 'initiator' | number;
  stepName: string | null;
}

/** Where a submission may be sent back: the initiator, or an approval step already done before the current one. */
export function returnTargets(detail: Pick<SubmissionDetail, 'steps' | 'currentStep'>): ReturnTarget[] {
  const current = detail.currentStep ?? Number.POSITIVE_INFINITY;
  const steps = detail.steps.filter((s) => s.kind === 'approve' && s.status === 'done' && s.index < current);
  return [{ to: 'initiator', stepName: null }, ...steps.map((s) => ({ to: s.index, stepName: s.name }))];
}

const DECISIONS: ReadonlySet<HistoryView['type']> = new Set(['approved', 'rejected', 'returned']);

/** The history entry holding the signature a task's decision carries (the latest round's), if any. */
export function signatureHistoryId(history: readonly HistoryView[], step: Pick<StepView, 'index'>, task: Pick<TaskView, 'person' | 'hasSignature'>): number | null {
  if (!task.hasSignature) return null;
  let best: HistoryView | null = null;
  for (const h of history) {
    if (!h.hasSignature || !DECISIONS.has(h.type) || h.stepIndex !== step.index || h.actor?.id !== task.person.id) continue;
    if (!best || h.round > best.round || (h.round === best.round && h.id > best.id)) best = h;
  }
  return best ? best.id : null;
}

/** Newest first, for the history list. */
export function historyNewestFirst(history: readonly HistoryView[]): HistoryView[] {
  return [...history].sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1));
}

/** Minutes to wait before urging again (from the 429's retryAfterSeconds); at least 1. */
export function retryMinutes(extras: Record<string, unknown>): number {
  const secs = typeof extras.retryAfterSeconds === 'number' ? extras.retryAfterSeconds : 60;
  return Math.max(1, Math.ceil(secs / 60));
}

// ── delegation ────────────────────────────────────────────────────────────────────────────

/** A date range for delegation is valid when both ends are set and the end is not before the start. */
export function delegationRangeValid(startsOn: string, endsOn: string): boolean {
  const re = /^\d{4}-\d{2}-\d{2}$/;
  return re.test(startsOn) && re.test(endsOn) && startsOn <= endsOn;
}

/** Whether a delegation is in force on `today` ('YYYY-MM-DD' in the school's zone), ahead or over. */
export function delegationPhase(d: { startsOn: string; endsOn: string }, today: string): 'upcoming' | 'active' | 'ended' {
  if (today < d.startsOn) return 'upcoming';
  if (today > d.endsOn) return 'ended';
  return 'active';
}

/** Today as 'YYYY-MM-DD' in the given time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** A date-only value as an instant at noon UTC, so formatting in any school time zone shows the same day. */
export function dateOnlyInstant(day: string): string {
  return `${day}T12:00:00Z`;
}
