// The printable submission (A4 PDF: header with the status stamp, every visible answer, the approval flow
// with comments and handwritten signatures, the full record) and its filing into the documents store when
// an approved form says so (job forms.archive → 审批归档/<form>/<YYYY-MM>/<serial> <title>.pdf).
import type { FastifyBaseLogger } from 'fastify';
import { rgb } from 'pdf-lib';
import type { JobQueue } from '../../core/jobs/jobs.queue.js';
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { resolveVisibility } from '../../lib/form-logic.js';
import type { Answers } from '../../lib/form-schema.js';
import { answerText, STATUS_LABELS, tableCells, type AnswerFieldDef, type NameRefs } from './forms.answer-text.js';
import type { HistoryView, StepView, SubmissionDetail, TaskView } from './forms.dto.js';
import type { AttachmentsPort, FormsCatalog, SubmissionsPort } from './forms.ports.js';
import { MARGIN, MUTED, PdfWriter } from './forms.print-layout.js';
import { formatLocal, localParts } from './forms.time.js';

export interface PrinterDeps {
  sqlite: Sqlite;
  jobs: JobQueue;
  clock: Clock;
  log: FastifyBaseLogger;
  timeZone: () => string;
  catalog: Pick<FormsCatalog, 'form' | 'version'>;
  attachments: AttachmentsPort;
  schoolName: () => string;
}

export const ARCHIVE_JOB = 'forms.archive';
export const ARCHIVE_ROOT = '审批归档';

const STAMP_COLOURS: Record<SubmissionDetail['status'], ReturnType<typeof rgb>> = {
  approved: rgb(0.78, 0.1, 0.1), rejected: rgb(0.45, 0.45, 0.5), running: rgb(0.15, 0.35, 0.7), returned: rgb(0.75, 0.45, 0.05), withdrawn: rgb(0.45, 0.45, 0.5),
};
const MODE_LABELS: Record<StepView['mode'], string> = { sequential: '依次审批', all: '会签', any: '或签' };
const TASK_LABELS: Record<TaskView['status'], string> = {
  waiting: '未到', pending: '待处理', approved: '同意', rejected: '驳回', returned: '退回', transferred: '已转交', cancelled: '已取消', auto: '自动通过',
};
const AUTO_LABELS: Record<NonNullable<TaskView['autoReason']>, string> = { initiator: '审批人即发起人', repeat: '已审批过', fallback: '无审批人' };
const HISTORY_LABELS: Record<HistoryView['type'], string> = {
  submitted: '提交', resubmitted: '重新提交', approved: '同意', rejected: '驳回', returned: '退回', transferred: '转交', signerAdded: '加签',
  commented: '评论', withdrawn: '撤回', urged: '催办', reminded: '提醒', escalated: '超时上报', autoApproved: '自动通过', delegated: '委托',
  cc: '抄送', completed: '完成',
};
const DECISIONS = new Set<HistoryView['type']>(['approved', 'rejected', 'returned']);

/** Characters a file or folder name cannot hold become '_'; long names are cut. */
export function safeName(s: string, max = 80): string {
  const clean = s.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]/g, '_').replace(/\s+/g, ' ').trim().replace(/\.+$/, '');
  return Array.from(clean).slice(0, max).join('') || '未命名';
}

/** The decision event of a task (for its signature): same step, same person, closest in time. */
function decisionOf(task: TaskView, step: StepView, history: HistoryView[]): HistoryView | undefined {
  if (!task.decidedAt) return undefined;
  const at = Date.parse(task.decidedAt);
  return history
    .filter((h) => DECISIONS.has(h.type) && h.stepIndex === step.index && h.actor?.id === task.person.id)
    .sort((a, b) => Math.abs(Date.parse(a.at) - at) - Math.abs(Date.parse(b.at) - at))[0];
}

export function createPrinter(d: PrinterDeps) {
  let submissions: SubmissionsPort | null = null;
  const port = () => {
    if (!submissions) throw new Error('printer used before bind()');
    return submissions;
  };

  async function answersPart(w: PdfWriter, detail: SubmissionDetail): Promise<void> {
    const answers = detail.answers as Answers;
    const visible = resolveVisibility(detail.schema, answers);
    const refs: NameRefs = detail.refs;
    const multi = visible.sections.length > 1;
    w.heading('填写内容');
    for (const section of detail.schema.sections) {
      if (!visible.sections.includes(section.key)) continue;
      const fields = section.fields.filter((f): f is AnswerFieldDef => f.type !== 'description' && visible.fields.has(f.key));
      if (!fields.length) continue;
      if (multi && section.title) {
        w.ensure(40);
        w.paragraph(section.title, { size: 10.5, bold: true });
      }
      for (const f of fields) {
        const v = answers[f.key];
        if (f.type === 'table' && Array.isArray(v) && v.length) {
          w.ensure(50);
          w.paragraph(f.label, { size: 10, color: MUTED });
          w.grid(['#', ...f.columns.map((c) => c.label)], tableCells(f, v).map((r, i) => [String(i + 1), ...r]), [0.4]);
          continue;
        }
        if (f.type === 'signature' && typeof v === 'string') {
          const img = await w.png(v);
          if (img) {
            const h = 44;
            w.ensure(h + 6);
            w.drawLine(f.label, MARGIN, w.y - 10, { size: 10, color: MUTED });
            w.page.drawImage(img, { x: MARGIN + 110, y: w.y - h, height: h, width: Math.min(220, (img.width / img.height) * h) });
            w.y -= h + 6;
            continue;
          }
        }
        w.labelled(f.label, answerText(f, v, refs));
      }
    }
  }

  async function flowPart(w: PdfWriter, detail: SubmissionDetail, signatures: Map<number, string>): Promise<void> {
    if (!detail.steps.length) return;
    w.heading('审批流程');
    for (const step of detail.steps) {
      w.ensure(50);
      const kind = step.kind === 'cc' ? '抄送' : MODE_LABELS[step.mode];
      w.paragraph(`${step.index + 1}. ${step.name}（${kind}）`, { size: 10.5, bold: true });
      for (const task of step.tasks) {
        const who = task.onBehalfOf ? `${task.person.displayName}（代 ${task.onBehalfOf.displayName}）` : task.person.displayName;
        const status = step.kind === 'cc' ? '已抄送' : task.status === 'auto' && task.autoReason ? `自动通过：${AUTO_LABELS[task.autoReason]}` : TASK_LABELS[task.status];
        const when = task.decidedAt ? formatLocal(task.decidedAt, d.timeZone()) : '';
        const line = [who, status, when].filter(Boolean).join('    ');
        const event = decisionOf(task, step, detail.history);
        const sig = event && event.hasSignature ? signatures.get(event.id) : undefined;
        const img = sig ? await w.png(sig) : null;
        w.ensure(img ? 70 : 30);
        w.paragraph(line, { x: MARGIN + 14, size: 10 });
        if (task.comment) w.paragraph(`意见：${task.comment}`, { x: MARGIN + 14, size: 9.5, color: MUTED });
        if (img) {
          const h = 40;
          w.drawLine('签名：', MARGIN + 14, w.y - 12, { size: 9.5, color: MUTED });
          w.page.drawImage(img, { x: MARGIN + 48, y: w.y - h, height: h, width: Math.min(200, (img.width / img.height) * h) });
          w.y -= h + 4;
        }
      }
      w.y -= 4;
    }
  }

  function historyPart(w: PdfWriter, detail: SubmissionDetail): void {
    if (!detail.history.length) return;
    w.heading('流转记录');
    const rows = detail.history.map((h) => {
      const actor = h.actor ? (h.onBehalfOf ? `${h.actor.displayName}（代 ${h.onBehalfOf.displayName}）` : h.actor.displayName) : '系统';
      const action = `${HISTORY_LABELS[h.type]}${h.target ? ` → ${h.target.displayName}` : ''}${h.stepName ? `（${h.stepName}）` : ''}`;
      return [formatLocal(h.at, d.timeZone()), actor, action, h.comment ?? ''];
    });
    w.grid(['时间', '人员', '操作', '意见'], rows, [1.3, 1.1, 1.5, 2.2]);
  }

  async function render(detail: SubmissionDetail, signatures: Map<number, string>): Promise<Uint8Array> {
    const tz = d.timeZone();
    const w = await PdfWriter.create(`${detail.formName} ${detail.serial}`);
    const school = d.schoolName();
    if (school) w.centred(school, { size: 11, color: MUTED });
    w.centred(detail.formName, { size: 18, bold: true });
    w.y -= 4;
    w.stamp(STATUS_LABELS[detail.status], STAMP_COLOURS[detail.status]);
    w.paragraph(`编号 ${detail.serial}`, { size: 9.5, color: MUTED });
    w.rule();
    w.y -= 8;
    w.labelled('标题', detail.title);
    w.labelled('发起人', detail.initiator.departmentName ? `${detail.initiator.displayName}（${detail.initiator.departmentName}）` : detail.initiator.displayName);
    w.labelled('提交时间', formatLocal(detail.createdAt, tz));
    w.labelled('状态', STATUS_LABELS[detail.status]);
    if (detail.finishedAt) w.labelled('完成时间', formatLocal(detail.finishedAt, tz));
    await answersPart(w, detail);
    await flowPart(w, detail, signatures);
    historyPart(w, detail);
    w.footer(`${school ? `${school} · ` : ''}${detail.formName} ${detail.serial} · 打印于 ${formatLocal(d.clock.now().toISOString(), tz)}`);
    return w.save();
  }

  async function pdf(id: string): Promise<Uint8Array> {
    const s = port();
    return render(s.detail(null, id), s.signatures(id));
  }

  d.jobs.register(ARCHIVE_JOB, async (payload, ctx) => {
    const { id } = payload as { id: string };
    const s = port();
    const record = s.record(id);
    if (!record || record.status !== 'approved' || record.archivedFileId) return;
    const form = d.catalog.form(record.formId);
    const p = localParts(new Date(record.finishedAt ?? record.createdAt), d.timeZone());
    const month = `${p.year}-${String(p.month).padStart(2, '0')}`;
    const bytes = await pdf(id);
    const fileId = await d.attachments.fileDocument({
      folders: [ARCHIVE_ROOT, safeName(form?.name ?? record.formId, 60), month],
      name: `${safeName(`${record.serial} ${record.title}`)}.pdf`,
      bytes,
      actorId: null,
      // Approved requests carry personal details (leave reasons, ID numbers): the office keeps the archive.
      closed: true,
    });
    s.setArchivedFile(id, fileId);
    ctx.log.info({ event: 'forms.archived', submissionId: id, fileId }, 'approved submission filed to the documents store');
  });

  return {
    bind(s: SubmissionsPort): void {
      submissions = s;
    },
    /** A submission finished: file its PDF when approved and the form version asks for it. */
    onFinished(id: string, status: string): void {
      if (status !== 'approved') return;
      const record = port().record(id);
      if (!record) return;
      const version = d.catalog.version(record.formId, record.version);
      if (!version?.settings.archiveToDocuments) return;
      d.jobs.enqueue(ARCHIVE_JOB, { id }, { dedupeKey: `${ARCHIVE_JOB}:${id}` });
    },
    pdf,
  };
}
export type Printer = ReturnType<typeof createPrinter>;
