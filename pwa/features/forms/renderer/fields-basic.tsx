// Text-like fields (text, textarea, phone, ID number, e-mail), numbers and money, date and time, calculated
// values and description blocks. The inputs are reused by table cells.
import { useEffect, useState } from 'preact/hooks';
import type { AnswerValue, FormField } from '../../../../server/lib/form-schema';
import { locale, t } from '../../../i18n';
import { useRenderer } from './context';
import { FieldShell, shellIds } from './FieldShell';
import { formatNumber, parseNumberInput } from './form-state';

export interface FieldProps<F> {
  field: F;
  value: AnswerValue | undefined;
  error?: string;
  base: string;
  pointer: string;
}

type Of<T extends FormField['type']> = Extract<FormField, { type: T }>;

const str = (v: AnswerValue | undefined): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Attributes per text-like type: the right keyboard on phones, autofill hints, sane lengths. */
const TEXT_KIND: Record<'text' | 'phone' | 'idNumber' | 'email', Record<string, string | number>> = {
  text: { type: 'text' },
  phone: { type: 'tel', inputMode: 'tel', autoComplete: 'tel', maxLength: 20 },
  idNumber: { type: 'text', inputMode: 'text', autoCapitalize: 'characters', autoComplete: 'off', spellcheck: 'false', maxLength: 22 },
  email: { type: 'email', inputMode: 'email', autoComplete: 'email', autoCapitalize: 'none', spellcheck: 'false', maxLength: 254 },
};

export function TextLikeField({ field, value, error, base, pointer }: FieldProps<Of<'text' | 'phone' | 'idNumber' | 'email'>>) {
  const { disabled, update } = useRenderer();
  const ids = shellIds(base, field.help, error);
  const max = field.type === 'text' ? field.validation?.maxLength : undefined;
  return (
    <FieldShell base={base} pointer={pointer} label={field.label} required={field.required} help={field.help} error={error}>
      <input
        id={ids.inputId}
        class={field.type === 'text' ? 'input' : 'input fr-short'}
        {...TEXT_KIND[field.type]}
        {...(max ? { maxLength: max } : {})}
        value={str(value)}
        placeholder={field.placeholder ?? (field.type === 'phone' ? t('forms.field.phonePlaceholder') : field.type === 'idNumber' ? t('forms.field.idPlaceholder') : undefined)}
        disabled={disabled}
        aria-required={field.required ? 'true' : undefined}
        aria-invalid={ids.invalid ? 'true' : undefined}
        aria-describedby={ids.describedBy}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          update(field.key, () => v);
        }}
      />
    </FieldShell>
  );
}

export function TextAreaField({ field, value, error, base, pointer }: FieldProps<Of<'textarea'>>) {
  const { disabled, update } = useRenderer();
  const ids = shellIds(base, field.help, error);
  const text = str(value);
  const max = field.validation?.maxLength;
  return (
    <FieldShell base={base} pointer={pointer} label={field.label} required={field.required} help={field.help} error={error} wide>
      <textarea
        id={ids.inputId}
        class="input fr-textarea"
        rows={4}
        value={text}
        placeholder={field.placeholder}
        maxLength={max}
        disabled={disabled}
        aria-required={field.required ? 'true' : undefined}
        aria-invalid={ids.invalid ? 'true' : undefined}
        aria-describedby={ids.describedBy}
        onInput={(e) => {
          const el = e.currentTarget as HTMLTextAreaElement;
          update(field.key, () => el.value);
          // Grow with the text instead of scrolling inside a small box on phones.
          el.style.height = 'auto';
          el.style.height = `${Math.min(el.scrollHeight + 2, 480)}px`;
        }}
      />
      {max ? (
        <span class="fr-count" aria-hidden="true">
          {[...text].length}/{max}
        </span>
      ) : null}
    </FieldShell>
  );
}

/** A number or money input that keeps what is typed ('12.' stays) and hands up a number once it is one. */
export function NumberInput({
  id,
  value,
  onValue,
  money,
  decimals,
  unit,
  describedBy,
  invalid,
  required,
  disabled,
  ariaLabel,
  placeholder,
}: {
  id: string;
  value: AnswerValue | undefined;
  onValue: (v: number | string | null) => void;
  money?: boolean;
  decimals?: number;
  unit?: string;
  describedBy?: string;
  invalid?: boolean;
  required?: boolean;
  disabled?: boolean;
  ariaLabel?: string;
  placeholder?: string;
}) {
  const shown = (v: AnswerValue | undefined) => (typeof v === 'number' ? (money ? v.toFixed(2) : String(v)) : typeof v === 'string' ? v : '');
  const [text, setText] = useState(() => shown(value));
  // Follow outside changes (a restored draft, a reloaded form) without fighting the typing.
  useEffect(() => {
    const parsed = parseNumberInput(text);
    if (parsed !== (value ?? null)) setText(shown(value));
  }, [value]);
  return (
    <div class={['fr-affix', money ? 'fr-affix-pre' : '', unit ? 'fr-affix-post' : ''].filter(Boolean).join(' ')}>
      {money ? (
        <span class="fr-affix-text" aria-hidden="true">
          ¥
        </span>
      ) : null}
      <input
        id={id}
        class="input fr-num"
        type="text"
        inputMode={money || decimals !== 0 ? 'decimal' : 'numeric'}
        autoComplete="off"
        value={text}
        placeholder={placeholder ?? (money ? '0.00' : undefined)}
        disabled={disabled}
        aria-label={ariaLabel}
        aria-required={required ? 'true' : undefined}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          setText(v);
          onValue(parseNumberInput(v));
        }}
        onBlur={() => {
          const parsed = parseNumberInput(text);
          if (money && typeof parsed === 'number') setText(parsed.toFixed(2));
        }}
      />
      {unit ? (
        <span class="fr-affix-text" aria-hidden="true">
          {unit}
        </span>
      ) : null}
    </div>
  );
}

export function NumberField({ field, value, error, base, pointer }: FieldProps<Of<'number' | 'money'>>) {
  const { disabled, update } = useRenderer();
  const ids = shellIds(base, field.help, error);
  const money = field.type === 'money';
  const unit = field.type === 'number' ? field.unit : undefined;
  return (
    <FieldShell base={base} pointer={pointer} label={field.label} required={field.required} help={field.help} error={error}>
      <NumberInput
        id={ids.inputId}
        value={value}
        money={money}
        decimals={field.type === 'number' ? field.decimals : 2}
        unit={unit}
        placeholder={field.placeholder}
        disabled={disabled}
        required={field.required}
        invalid={ids.invalid}
        describedBy={ids.describedBy}
        onValue={(v) => update(field.key, () => v)}
      />
    </FieldShell>
  );
}

export function DateTimeField({ field, value, error, base, pointer }: FieldProps<Of<'date' | 'time'>>) {
  const { disabled, update } = useRenderer();
  const ids = shellIds(base, field.help, error);
  return (
    <FieldShell base={base} pointer={pointer} label={field.label} required={field.required} help={field.help} error={error}>
      <input
        id={ids.inputId}
        class="input fr-date fr-short"
        type={field.type}
        value={str(value)}
        disabled={disabled}
        aria-required={field.required ? 'true' : undefined}
        aria-invalid={ids.invalid ? 'true' : undefined}
        aria-describedby={ids.describedBy}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          update(field.key, () => v);
        }}
      />
    </FieldShell>
  );
}

/** Read-only: the formula's value over the current answers (the server computes it again). */
export function CalcField({ field, computed, error, base, pointer }: Omit<FieldProps<Of<'calc'>>, 'value'> & { computed: AnswerValue | undefined }) {
  const ids = shellIds(base, field.help, error);
  const n = typeof computed === 'number' ? computed : null;
  return (
    <FieldShell base={base} pointer={pointer} label={field.label} required={false} help={field.help} error={error}>
      <output id={ids.inputId} class="fr-calc" aria-live="polite" aria-describedby={ids.describedBy}>
        {n === null ? <span class="muted">{t('forms.field.calcPending')}</span> : formatNumber(n, field.decimals ?? 2, locale.value)}
        {n !== null && field.unit ? <span class="fr-calc-unit">{field.unit}</span> : null}
      </output>
    </FieldShell>
  );
}

export function DescriptionBlock({ field }: { field: Of<'description'> }) {
  return (
    <div class="fr-desc fr-wide">
      {field.label ? <p class="fr-desc-title">{field.label}</p> : null}
      <p class="fr-desc-text">{field.text}</p>
    </div>
  );
}
