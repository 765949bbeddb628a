// A date range (leave): start and end dates, morning/afternoon halves when the unit is half days, and the
// duration counted live with the server's own rules (weekends, the school calendar and its 调休 days).
import type { AnswerValue, DateRangeValue, FormField, SchoolCalendar } from '../../../../server/lib/form-schema';
import { countLeaveDays } from '../../../../server/lib/workdays';
import { t } from '../../../i18n';
import { useRenderer } from './context';
import { FieldShell, shellIds } from './FieldShell';
import type { FieldProps } from './fields-basic';

type RangeField = Extract<FormField, { type: 'dateRange' }>;
type Half = 'am' | 'pm';

export function asRange(v: AnswerValue | undefined): DateRangeValue {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const r = v as Partial<DateRangeValue>;
    return {
      start: typeof r.start === 'string' ? r.start : '',
      end: typeof r.end === 'string' ? r.end : '',
      ...(r.startHalf === 'am' || r.startHalf === 'pm' ? { startHalf: r.startHalf } : {}),
      ...(r.endHalf === 'am' || r.endHalf === 'pm' ? { endHalf: r.endHalf } : {}),
    };
  }
  return { start: '', end: '' };
}

/** The range with its days counted (or without days while it is incomplete or impossible). */
export function withDays(field: RangeField, range: DateRangeValue, calendar: SchoolCalendar): DateRangeValue {
  const base: DateRangeValue = { start: range.start, end: range.end };
  if (field.unit === 'halfDay') {
    base.startHalf = range.startHalf ?? 'am';
    base.endHalf = range.endHalf ?? 'pm';
  }
  if (!base.start || !base.end) return base;
  const days = countLeaveDays(base, field, calendar);
  return days === null ? base : { ...base, days };
}

function HalfSelect({ id, label, value, onValue, disabled }: { id: string; label: string; value: Half; onValue: (h: Half) => void; disabled: boolean }) {
  return (
    <div class="select-wrap fr-half">
      <select id={id} class="input select" value={value} disabled={disabled} aria-label={label} onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value as Half)}>
        <option value="am">{t('forms.field.am')}</option>
        <option value="pm">{t('forms.field.pm')}</option>
      </select>
    </div>
  );
}

export function DateRangeField({ field, value, error, base, pointer, calendar }: FieldProps<RangeField> & { calendar: SchoolCalendar }) {
  const { disabled, update } = useRenderer();
  const ids = shellIds(base, field.help, error);
  const range = asRange(value);
  const halves = field.unit === 'halfDay';
  const set = (change: Partial<DateRangeValue>) =>
    update(field.key, (prev) => {
      const next = { ...asRange(prev), ...change };
      // Picking a start after the end moves the end along (the usual "from … to" behaviour).
      if (change.start && next.end && next.end < change.start) next.end = change.start;
      if (!next.start && !next.end) return null;
      return withDays(field, next, calendar);
    });
  const counted = range.start && range.end ? countLeaveDays(withDays(field, range, calendar), field, calendar) : null;
  const impossible = !!range.start && !!range.end && counted === null;
  const rules = field.skipHolidays ? t('forms.field.skipHolidays') : field.skipWeekends ? t('forms.field.skipWeekends') : null;
  const partLabel = (part: 'start' | 'end') => `${field.label} ${part === 'start' ? t('forms.field.start') : t('forms.field.end')}`;

  return (
    <FieldShell base={base} pointer={pointer} label={field.label} required={field.required} help={field.help} error={error} group wide>
      <div class={`fr-range ${halves ? 'fr-range-halves' : ''}`}>
        {(['start', 'end'] as const).map((part) => {
          const id = part === 'start' ? ids.inputId : `${base}-end`;
          const half: Half = part === 'start' ? (range.startHalf ?? 'am') : (range.endHalf ?? 'pm');
          return (
            <div class="fr-range-part" key={part}>
              <label class="fr-sublabel" for={id}>
                {part === 'start' ? t('forms.field.start') : t('forms.field.end')}
              </label>
              <div class="fr-range-inputs">
                <input
                  id={id}
                  class="input fr-date"
                  type="date"
                  value={range[part]}
                  min={part === 'end' && range.start ? range.start : undefined}
                  disabled={disabled}
                  aria-label={partLabel(part)}
                  aria-required={field.required ? 'true' : undefined}
                  aria-invalid={ids.invalid ? 'true' : undefined}
                  aria-describedby={ids.describedBy}
                  onInput={(e) => set({ [part]: (e.currentTarget as HTMLInputElement).value })}
                />
                {halves ? (
                  <HalfSelect
                    id={`${id}-half`}
                    label={`${partLabel(part)} ${t('forms.field.halfDay')}`}
                    value={half}
                    disabled={disabled}
                    onValue={(h) => set(part === 'start' ? { startHalf: h } : { endHalf: h })}
                  />
                ) : null}
              </div>
            </div>
          );
        })}
      </div>
      <p class={`fr-duration ${impossible ? 'fr-duration-bad' : ''}`} aria-live="polite">
        {counted !== null ? (
          <>
            <strong>{t('forms.field.totalDays', { days: counted })}</strong>
            {rules ? <span class="muted"> · {rules}</span> : null}
          </>
        ) : impossible ? (
          t('forms.field.rangeImpossible')
        ) : (
          <span class="muted">{rules ?? t('forms.field.rangeHint')}</span>
        )}
      </p>
    </FieldShell>
  );
}
