// A submission's answers, read-only: option labels instead of values, date ranges with their days, names of
// people and departments from the submission's refs, attachments as links, pictures as thumbnails, the
// signature as an image, tables as compact tables (cards on phones).
import type { AnswerValue, Answers, DateRangeValue, FormField, FormSchema, TableColumn } from '../../../../server/lib/form-schema';
import { resolveVisibility, isEmptyAnswer } from '../../../../server/lib/form-logic';
import { formatMobile } from '../../../../server/lib/cn';
import type { SubmissionDetail } from '../../../../server/modules/forms/forms.dto';
import { locale, t } from '../../../i18n';
import { Icon } from '../../../ui';
import { formatMoney, formatNumber, formatSize } from './form-state';
import './renderer.css';

type Refs = SubmissionDetail['refs'];

export const attachmentUrl = (submissionId: string, fileId: string) =>
  `/api/submissions/${encodeURIComponent(submissionId)}/attachments/${encodeURIComponent(fileId)}`;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : []);

function halfText(h: 'am' | 'pm' | undefined): string {
  return h === 'am' ? t('forms.field.am') : h === 'pm' ? t('forms.field.pm') : '';
}

/** The two ends as shown ('2026-03-02 上午'); one date alone for one whole day. */
function rangeEnds(v: DateRangeValue, halves: boolean): { start: string; end: string | null } {
  const start = halves && v.startHalf ? `${v.start} ${halfText(v.startHalf)}` : v.start;
  const end = halves && v.endHalf ? `${v.end} ${halfText(v.endHalf)}` : v.end;
  const wholeDay = v.start === v.end && (!halves || ((v.startHalf ?? 'am') === 'am' && (v.endHalf ?? 'pm') === 'pm'));
  return wholeDay ? { start: v.start, end: null } : { start, end };
}

/** '2026-03-02 上午 至 2026-03-04 下午 · 共 2.5 天' */
export function rangeText(v: DateRangeValue, halves: boolean): string {
  const { start, end } = rangeEnds(v, halves);
  const span = end === null ? start : t('forms.field.rangeText', { start, end });
  return typeof v.days === 'number' ? `${span} · ${t('forms.field.totalDays', { days: v.days })}` : span;
}

/**
 * The same as rangeText, but a line may break only around 至: each end and the day count stay whole (a phone
 * would otherwise split "下午" or "共 3 天" over two lines).
 */
function RangeValue({ v, halves }: { v: DateRangeValue; halves: boolean }) {
  const { start, end } = rangeEnds(v, halves);
  // The translation decides the order and the word between the ends; \u0001 and \u0002 mark where they go.
  const parts = end === null ? ['\u0001'] : t('forms.field.rangeText', { start: '\u0001', end: '\u0002' }).split(/(\u0001|\u0002)/);
  return (
    <span>
      {parts.map((p, i) =>
        p === '\u0001' ? (
          <span key={i} class="nowrap">
            {start}
          </span>
        ) : p === '\u0002' ? (
          <span key={i} class="nowrap">
            {end}
          </span>
        ) : (
          p
        ),
      )}
      {typeof v.days === 'number' ? <span class="nowrap"> · {t('forms.field.totalDays', { days: v.days })}</span> : null}
    </span>
  );
}

/** Plain text of a simple answer (also used for table cells). */
export function answerText(field: FormField | TableColumn, v: unknown, refs: Refs): string {
  switch (field.type) {
    case 'money':
      return typeof v === 'number' ? `¥${formatMoney(v, locale.value)}` : String(v ?? '');
    case 'number':
      return typeof v === 'number' ? `${formatNumber(v, field.decimals, locale.value)}${field.unit ? ` ${field.unit}` : ''}` : String(v ?? '');
    case 'calc':
      return typeof v === 'number' ? `${formatNumber(v, field.decimals ?? 2, locale.value)}${field.unit ? ` ${field.unit}` : ''}` : '';
    case 'radio':
    case 'select':
    case 'checkbox':
      return strings(v)
        .map((x) => field.options.find((o) => o.value === x)?.label ?? x)
        .join('、');
    case 'person':
      return strings(v).map((id) => refs.people[id] ?? t('forms.field.unknownPerson')).join('、');
    case 'department':
      return strings(v).map((id) => refs.departments[id] ?? t('forms.field.unknownDepartment')).join('、');
    case 'phone':
      return formatMobile(String(v ?? ''));
    case 'dateRange':
      return v && typeof v === 'object' ? rangeText(v as DateRangeValue, field.unit === 'halfDay') : '';
    default:
      return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  }
}

function Files({ ids, refs, submissionId, image }: { ids: string[]; refs: Refs; submissionId: string; image: boolean }) {
  if (image) {
    return (
      <ul class="av-thumbs">
        {ids.map((id) => {
          const f = refs.files[id];
          return (
            <li key={id}>
              {f ? (
                <a href={attachmentUrl(submissionId, id)} target="_blank" rel="noopener" class="av-thumb">
                  <img src={attachmentUrl(submissionId, id)} alt={f.name} loading="lazy" />
                </a>
              ) : (
                <span class="av-gone">{t('forms.field.fileGone')}</span>
              )}
            </li>
          );
        })}
      </ul>
    );
  }
  return (
    <ul class="av-files">
      {ids.map((id) => {
        const f = refs.files[id];
        return (
          <li key={id}>
            {f ? (
              <a href={attachmentUrl(submissionId, id)} class="av-file" download={f.name}>
                <Icon name="file" size={16} />
                <span class="ellipsis">{f.name}</span>
                {f.size !== null ? <span class="av-file-size">{formatSize(f.size)}</span> : null}
              </a>
            ) : (
              <span class="av-gone">{t('forms.field.fileGone')}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function TableView({ field, rows, refs }: { field: Extract<FormField, { type: 'table' }>; rows: Record<string, unknown>[]; refs: Refs }) {
  return (
    <div class="av-table-wrap">
      <table class="av-table">
        <thead>
          <tr>
            <th scope="col" class="av-table-n">
              #
            </th>
            {field.columns.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <td class="av-table-n" data-label={t('forms.field.rowN', { n: i + 1 })}>
                {i + 1}
              </td>
              {field.columns.map((c) => (
                <td key={c.key} data-label={c.label}>
                  {answerText(c, row[c.key], refs) || '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Value({ field, v, refs, submissionId }: { field: Exclude<FormField, { type: 'description' }>; v: AnswerValue | undefined; refs: Refs; submissionId: string }) {
  if (isEmptyAnswer(v)) return <span class="muted">{t('forms.field.notFilled')}</span>;
  switch (field.type) {
    case 'attachment':
    case 'image':
      return <Files ids={strings(v)} refs={refs} submissionId={submissionId} image={field.type === 'image'} />;
    case 'signature':
      return typeof v === 'string' ? <img class="av-signature" src={v} alt={t('forms.field.signatureOf', { label: field.label })} /> : null;
    case 'table':
      return <TableView field={field} rows={Array.isArray(v) ? (v as Record<string, unknown>[]) : []} refs={refs} />;
    case 'textarea':
      return <span class="av-multiline">{String(v)}</span>;
    case 'dateRange':
      return v && typeof v === 'object' && !Array.isArray(v) ? <RangeValue v={v as DateRangeValue} halves={field.unit === 'halfDay'} /> : null;
    default:
      return <span>{answerText(field, v, refs)}</span>;
  }
}

/** `answers` as stored (SubmissionDetail['answers'] is typed loosely as the API's record). */
export function AnswersView({ schema, answers: raw, refs, submissionId }: { schema: FormSchema; answers: Answers | Record<string, unknown>; refs: SubmissionDetail['refs']; submissionId: string }) {
  const answers = raw as Answers;
  const vis = resolveVisibility(schema, answers);
  const shown = new Set(vis.sections);
  return (
    <div class="av">
      {schema.sections
        .filter((s) => shown.has(s.key))
        .map((section) => {
          const fields = section.fields.filter(
            (f): f is Exclude<FormField, { type: 'description' }> => f.type !== 'description' && vis.fields.has(f.key),
          );
          if (!fields.length) return null;
          return (
            <section key={section.key} class="av-section">
              {section.title ? <h3 class="av-section-title">{section.title}</h3> : null}
              <dl class="av-list">
                {fields.map((f) => (
                  <div key={f.key} class={`av-row ${f.type === 'table' || f.type === 'image' || f.type === 'textarea' ? 'av-row-wide' : ''}`}>
                    <dt>{f.label}</dt>
                    <dd>
                      <Value field={f} v={answers[f.key]} refs={refs} submissionId={submissionId} />
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          );
        })}
    </div>
  );
}
