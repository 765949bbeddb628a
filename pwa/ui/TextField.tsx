import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { useId, useState } from 'preact/hooks';
import { t } from '../i18n';
import { Icon } from './Icon';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'label'> {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: ComponentChildren;
  error?: string | null;
  type?: string;
  hideLabel?: boolean;
  /** Show/hide toggle for password fields. */
  revealable?: boolean;
}

export function TextField({ label, value, onValue, hint, error, type = 'text', hideLabel, revealable, id, class: cls, ...rest }: TextFieldProps) {
  const autoId = useId();
  const inputId = (id as string | undefined) ?? `f-${autoId}`;
  const [revealed, setRevealed] = useState(false);
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const actualType = revealable && revealed ? 'text' : type;
  return (
    <div class={`field ${error ? 'field-invalid' : ''} ${cls ?? ''}`}>
      <label class={hideLabel ? 'sr-only' : 'field-label'} for={inputId}>
        {label}
      </label>
      <div class="field-control">
        <input
          id={inputId}
          class="input"
          type={actualType}
          value={value}
          onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
          {...rest}
        />
        {revealable ? (
          <button
            type="button"
            class="field-reveal"
            aria-label={revealed ? t('common.hidePassword') : t('common.showPassword')}
            aria-pressed={revealed}
            onClick={() => setRevealed(!revealed)}
          >
            <Icon name={revealed ? 'eyeOff' : 'eye'} size={18} />
          </button>
        ) : null}
      </div>
      {hint ? (
        <div id={hintId} class="field-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <div id={errorId} class="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
