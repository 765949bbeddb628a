// Statistics of one form's submissions over a period: counts by status, department and month; sums of the
// numeric fields per department × month (approved submissions only: what was granted, e.g. leave days);
// how often each option was chosen; and how long each flow step takes to decide. Field definitions come
// from the published version; answers of older versions under the same key count too.
// Reads go straight to SQLite with json_extract, so a form with 10 000 submissions stays quick.
import type { Sqlite } from '../../db/client.js';
import type { Flow } from '../../lib/form-schema.js';
import type { OrgService } from '../org/index.js';
import { answerFields, STATUS_LABELS, type AnswerFieldDef } from './forms.answer-text.js';
import type { FormStats, StatsQuery, SubmissionStatus } from './forms.dto.js';
import { buildStatsWorkbook, type ExportRow } from './forms.export.js';
import type { FormRecord, FormsCatalog, FormVersionRecord } from './forms.ports.js';
import { monthKeyer, periodBounds } from './forms.time.js';

export interface FormStatsDeps {
  sqlite: Sqlite;
  org: Pick<OrgService, 'listDepartments' | 'userRow'>;
  catalog: Pick<FormsCatalog, 'form' | 'version'>;
  timeZone: () => string;
}

type Bucket = FormStats['byStatus'][number];
type NumericField = Extract<AnswerFieldDef, { type: 'number' | 'money' | 'calc' | 'dateRange' }>;
type ChoiceField = Extract<AnswerFieldDef, { type: 'radio' | 'select' | 'checkbox' }>;

const STATUSES: SubmissionStatus[] = ['running', 'approved', 'rejected', 'returned', 'withdrawn'];
export const NO_DEPARTMENT = '';
const NO_DEPARTMENT_LABEL = '未分部门';
const GONE_DEPARTMENT_LABEL = '已删除的部门';
/** Month axes are filled in between the first and last month, up to this many months. */
const MAX_FILLED_MONTHS = 60;

const isNumeric = (f: AnswerFieldDef): f is NumericField => f.type === 'number' || f.type === 'money' || f.type === 'calc' || f.type === 'dateRange';
const isChoice = (f: AnswerFieldDef): f is ChoiceField => f.type === 'radio' || f.type === 'select' || f.type === 'checkbox';
const round2 = (n: number) => Math.round(n * 100) / 100;

function unitOf(f: NumericField): string {
  if (f.type === 'money') return '元';
  if (f.type === 'dateRange') return '天';
  return f.unit ?? '';
}

/** Flow node names by id, branches included. */
function nodeNames(flow: Flow | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of flow?.nodes ?? []) {
    out.set(n.id, n.name);
    if (n.type === 'branch') for (const b of n.branches) for (const inner of b.nodes) out.set(inner.id, inner.name);
  }
  return out;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  while (out.length < MAX_FILLED_MONTHS) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= last) break;
    m++;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

interface Row {
  id: string;
  version: number;
  status: SubmissionStatus;
  dept: string | null;
  createdAt: string;
  [column: string]: unknown;
}

export function createFormStats(d: FormStatsDeps) {
  const { sqlite, catalog } = d;

  function context(formId: string): { form: FormRecord; version: FormVersionRecord | null; fields: AnswerFieldDef[] } {
    const form = catalog.form(formId);
    if (!form) throw new Error(`form ${formId} is gone`);
    const version = form.publishedVersion ? catalog.version(formId, form.publishedVersion) : null;
    return { form, version, fields: version ? answerFields(version.schema) : [] };
  }

  function departmentLabels(): (id: string | null) => { key: string; label: string } {
    const names = new Map(d.org.listDepartments().map((x) => [x.id, x.name]));
    return (id) => (id ? { key: id, label: names.get(id) ?? GONE_DEPARTMENT_LABEL } : { key: NO_DEPARTMENT, label: NO_DEPARTMENT_LABEL });
  }

  /** Option labels of every version seen, newest first: an option dropped from the form keeps its old label. */
  function optionLabels(formId: string, versions: Set<number>, current: FormVersionRecord | null): Map<string, Map<string, string>> {
    const out = new Map<string, Map<string, string>>();
    const list = [...versions].sort((a, b) => b - a).map((v) => (v === current?.version ? current : catalog.version(formId, v)));
    for (const v of [current, ...list]) {
      for (const f of v ? answerFields(v.schema) : []) {
        if (!isChoice(f)) continue;
        const labels = out.get(f.key) ?? new Map<string, string>();
        for (const o of f.options) if (!labels.has(o.value)) labels.set(o.value, o.label);
        out.set(f.key, labels);
      }
    }
    return out;
  }

  function stepTimes(formId: string, bounds: { from: string; to: string }, flow: Flow | undefined): FormStats['stepTimes'] {
    // A task's step is found in the submission's engine state (branches pick different steps per submission).
    const rows = sqlite
      .prepare(
        `SELECT json_extract(s.flow_state, '$.steps[' || t.step_index || '].nodeId') AS nodeId,
                json_extract(s.flow_state, '$.steps[' || t.step_index || '].name') AS name,
                (julianday(t.decided_at) - julianday(t.activated_at)) * 24 AS hours
           FROM submissions s JOIN approval_tasks t ON t.submission_id = s.id
          WHERE s.form_id = ? AND s.created_at >= ? AND s.created_at < ?
            AND t.status IN ('approved', 'rejected', 'returned') AND t.activated_at IS NOT NULL AND t.decided_at IS NOT NULL`,
      )
      .all(formId, bounds.from, bounds.to) as { nodeId: string | null; name: string | null; hours: number | null }[];
    const names = nodeNames(flow);
    const byNode = new Map<string, { name: string; hours: number[] }>();
    for (const r of rows) {
      if (!r.nodeId || r.hours === null) continue;
      const e = byNode.get(r.nodeId) ?? { name: names.get(r.nodeId) ?? r.name ?? r.nodeId, hours: [] };
      e.hours.push(Math.max(0, r.hours));
      byNode.set(r.nodeId, e);
    }
    const order = [...names.keys()];
    const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
    return [...byNode.entries()]
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([nodeId, e]) => {
        const sorted = e.hours.sort((a, b) => a - b);
        const avg = sorted.reduce((s, h) => s + h, 0) / sorted.length;
        return { nodeId, name: e.name, decisions: sorted.length, avgHours: round2(avg), p90Hours: round2(percentile(sorted, 0.9)) };
      });
  }

  function compute(formId: string, q: StatsQuery, withRows: boolean): { stats: FormStats; rows: ExportRow[]; fields: AnswerFieldDef[]; form: FormRecord } {
    const { form, version, fields } = context(formId);
    const tz = d.timeZone();
    const bounds = periodBounds(q, tz);
    const numeric = fields.filter(isNumeric);
    const choices = fields.filter(isChoice);
    const columns = [
      ...numeric.map((_, i) => `json_extract(answers, ?) AS n${i}`),
      ...choices.map((_, i) => `json_extract(answers, ?) AS c${i}`),
    ];
    const paths = [...numeric.map((f) => (f.type === 'dateRange' ? `$."${f.key}".days` : `$."${f.key}"`)), ...choices.map((f) => `$."${f.key}"`)];
    const extra = withRows ? ', serial, title, initiator_id AS initiatorId, answers, finished_at AS finishedAt' : '';
    const rows = sqlite
      .prepare(
        `SELECT id, form_version AS version, status, initiator_dept_id AS dept, created_at AS createdAt${columns.length ? `, ${columns.join(', ')}` : ''}${extra}
           FROM submissions WHERE form_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, id`,
      )
      .all(...paths, formId, bounds.from, bounds.to) as Row[];

    const month = monthKeyer(tz);
    const dept = departmentLabels();
    const counts = (keyOf: (r: Row) => { key: string; label: string }) => {
      const m = new Map<string, Bucket>();
      for (const r of rows) {
        const { key, label } = keyOf(r);
        const b = m.get(key) ?? { key, label, count: 0, sum: 0 };
        b.count++;
        if (r.status === 'approved') b.sum++;
        m.set(key, b);
      }
      return m;
    };

    const months = rows.map((r) => month(r.createdAt));
    const monthOf = new Map(rows.map((r, i) => [r.id, months[i]!]));
    const axis = months.length ? monthRange(q.from?.slice(0, 7) ?? months[0]!, q.to?.slice(0, 7) ?? months[months.length - 1]!) : [];
    const byMonthMap = counts((r) => ({ key: monthOf.get(r.id)!, label: monthOf.get(r.id)! }));
    const byMonth = [...new Set([...axis, ...byMonthMap.keys()])].sort().map((k) => byMonthMap.get(k) ?? { key: k, label: k, count: 0, sum: 0 });
    const byStatusMap = counts((r) => ({ key: r.status, label: STATUS_LABELS[r.status] }));
    const byStatus = STATUSES.map((s) => byStatusMap.get(s) ?? { key: s, label: STATUS_LABELS[s], count: 0, sum: 0 });
    const byDepartment = [...counts((r) => dept(r.dept)).values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh-CN'));

    const approved = rows.filter((r) => r.status === 'approved');
    const numericStats = numeric.map((f, i) => {
      const byDep = new Map<string, Bucket>();
      const byMon = new Map<string, Bucket>();
      const cells = new Map<string, { department: string; month: string; sum: number }>();
      let total = 0;
      for (const r of approved) {
        const v = r[`n${i}`];
        const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
        if (!Number.isFinite(n)) continue;
        const dp = dept(r.dept);
        const mo = monthOf.get(r.id)!;
        total += n;
        const add = (m: Map<string, Bucket>, key: string, label: string) => {
          const b = m.get(key) ?? { key, label, count: 0, sum: 0 };
          b.count++;
          b.sum += n;
          m.set(key, b);
        };
        add(byDep, dp.key, dp.label);
        add(byMon, mo, mo);
        const ck = `${dp.key}|${mo}`;
        const c = cells.get(ck) ?? { department: dp.key, month: mo, sum: 0 };
        c.sum += n;
        cells.set(ck, c);
      }
      const fix = (b: Bucket) => ({ ...b, sum: round2(b.sum) });
      return {
        fieldKey: f.key, label: f.label, unit: unitOf(f), total: round2(total),
        byDepartment: [...byDep.values()].map(fix).sort((a, b) => b.sum - a.sum || a.label.localeCompare(b.label, 'zh-CN')),
        byMonth: axis.length ? [...new Set([...axis, ...byMon.keys()])].sort().map((k) => fix(byMon.get(k) ?? { key: k, label: k, count: 0, sum: 0 })) : [],
        cells: [...cells.values()].map((c) => ({ ...c, sum: round2(c.sum) })).sort((a, b) => a.month.localeCompare(b.month) || a.department.localeCompare(b.department)),
      };
    });

    // Choices: every submission except withdrawn ones (a withdrawn request chose nothing).
    const labels = optionLabels(formId, new Set(rows.map((r) => r.version)), version);
    const live = rows.filter((r) => r.status !== 'withdrawn');
    const choiceStats = choices.map((f, i) => {
      const known = labels.get(f.key) ?? new Map<string, string>();
      const tally = new Map<string, number>(f.options.map((o) => [o.value, 0]));
      let answered = 0;
      for (const r of live) {
        const raw = r[`c${i}`];
        if (raw === null || raw === undefined || raw === '') continue;
        let values: unknown[] = [raw];
        if (typeof raw === 'string' && raw.startsWith('[')) {
          try {
            values = JSON.parse(raw) as unknown[];
          } catch {
            values = [raw];
          }
        }
        const chosen = [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
        if (!chosen.length) continue;
        answered++;
        for (const v of chosen) tally.set(v, (tally.get(v) ?? 0) + 1);
      }
      // sum: the share (percent) of answering submissions that chose the option.
      const options = [...tally.entries()]
        .map(([key, count]) => ({ key, label: known.get(key) ?? key, count, sum: answered ? round2((count * 100) / answered) : 0 }))
        .sort((a, b) => b.count - a.count);
      return { fieldKey: f.key, label: f.label, options };
    });

    const stats: FormStats = {
      formId, formName: form.name, total: rows.length, byStatus, byDepartment, byMonth,
      numeric: numericStats, choices: choiceStats, stepTimes: stepTimes(formId, bounds, version?.flow),
    };
    const exportRows: ExportRow[] = withRows
      ? rows.map((r) => ({
          id: r.id, serial: String(r.serial), title: String(r.title), initiatorId: String(r.initiatorId), departmentLabel: dept(r.dept).label,
          status: r.status, createdAt: r.createdAt, finishedAt: (r.finishedAt as string | null) ?? null, answers: safeParse(r.answers),
        }))
      : [];
    return { stats, rows: exportRows, fields, form };
  }

  return {
    stats(formId: string, q: StatsQuery): FormStats {
      return compute(formId, q, false).stats;
    },
    async exportXlsx(formId: string, q: StatsQuery): Promise<Buffer> {
      const { stats, rows, fields, form } = compute(formId, q, true);
      const departments = new Map(d.org.listDepartments().map((x) => [x.id, x.name]));
      const people = new Map<string, string>();
      const personName = (id: string) => {
        let name = people.get(id);
        if (name === undefined) people.set(id, (name = d.org.userRow(id)?.displayName ?? id));
        return name;
      };
      return buildStatsWorkbook({ formName: form.name, fields, rows, stats, departments, personName, timeZone: d.timeZone(), period: q });
    },
  };
}
export type FormStatsService = ReturnType<typeof createFormStats>;

function safeParse(raw: unknown): Record<string, unknown> {
  try {
    const v = JSON.parse(String(raw)) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
