// Single and multiple choice: radio buttons and check boxes as large touch targets, and a native select
// (long option lists; the phone's own picker).
import type { AnswerValue, FormField } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { useRenderer } from './context';
import { FieldShell, shellIds } from './FieldShell';
import type { FieldProps } from './fields-basic';

type Of<T extends FormField['type']> = Extract<FormField, { type: T }>;

const list = (v: AnswerValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function ChoiceField({ field, value, error, base, pointer }: FieldProps<Of<'radio' | 'checkbox'>>) {
  const { disabled, update } = useRenderer();
  const multiple = field.type === 'checkbox';
  const chosen = multiple ? list(value) : typeof value === 'string' ? [value] : [];
  const ids = shellIds(base, field.help, error);
  // Short labels wrap as chips (several to a row, even on phones); long ones get a row each.
  const many = field.options.some((o) => [...o.label].length > 10);
  return (
    <FieldShell base={base} pointer={pointer} label={field.label} required={field.required} help={field.help} error={error} group>
      <div class={`fr-options ${many ? 'fr-options-col' : ''}`}>
        {field.options.map((o, i) => {
          const on = chosen.includes(o.value);
          return (
            <label key={o.value} class={`fr-option ${on ? 'fr-option-on' : ''}`}>
              <input
                id={i === 0 ? ids.inputId : undefined}
                type={multiple ? 'checkbox' : 'radio'}
                name={base}
                value={o.value}
                checked={on}
                disabled={disabled}
                aria-invalid={ids.invalid ? 'true' : undefined}
                onChange={() => {
                  if (!multiple) update(field.key, () => o.value);
                  else
                    update(field.key, (prev) => {
                      const now = list(prev);
                      // Keep the options' order, whatever order they were ticked in.
                      const next = now.includes(o.value) ? now.filter((x) => x !== o.value) : [...now, o.value];
                      return field.options.map((x) => x.value).filter((x) => next.includes(x));
                    });
                }}
              />
              <span>{o.label}</span>
            </label>
          );
        })}
      </div>
    </FieldShell>
  );
}

export function SelectField({ field, value, error, base, pointer }: FieldProps<Of<'select'>>) {
  const { disabled, update } = useRenderer();
  const ids = shellIds(base, field.help, error);
  const current = typeof value === 'string' ? value : '';
  return (
    <FieldShell base={base} pointer={pointer} label={field.label} required={field.required} help={field.help} error={error}>
      <div class="select-wrap fr-short">
        <select
          id={ids.inputId}
          class="input select"
          value={current}
          disabled={disabled}
          aria-required={field.required ? 'true' : undefined}
          aria-invalid={ids.invalid ? 'true' : undefined}
          aria-describedby={ids.describedBy}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            update(field.key, () => v);
          }}
        >
          <option value="">{field.placeholder ?? t('forms.field.choose')}</option>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </FieldShell>
  );
}
