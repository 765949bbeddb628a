import type { SelectHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'label' | 'onChange'> {
  label: string;
  value: string;
  options: SelectOption[];
  onValue: (value: string) => void;
  hideLabel?: boolean;
  hint?: string;
  error?: string | null;
}

export function Select({ label, value, options, onValue, hideLabel, hint, error, id, class: cls, ...rest }: SelectProps) {
  const autoId = useId();
  const selectId = (id as string | undefined) ?? `s-${autoId}`;
  const hintId = hint ? `${selectId}-hint` : undefined;
  return (
    <div class={`field ${error ? 'field-invalid' : ''} ${cls ?? ''}`}>
      <label class={hideLabel ? 'sr-only' : 'field-label'} for={selectId}>
        {label}
      </label>
      <div class="select-wrap">
        <select
          id={selectId}
          class="input select"
          value={value}
          onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)}
          aria-describedby={hintId}
          aria-invalid={error ? 'true' : undefined}
          {...rest}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {hint ? (
        <div id={hintId} class="field-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <div class="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
