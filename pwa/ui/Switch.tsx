import { useId } from 'preact/hooks';

/** An on/off setting. A real checkbox with role="switch", so it is labelled and keyboard-operable. */
export function Switch({ label, checked, onChange, hint, disabled }: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string; disabled?: boolean }) {
  const id = `sw-${useId()}`;
  return (
    <div class="switch-row">
      <div class="grow">
        <label for={id} class="switch-label">
          {label}
        </label>
        {hint ? <p class="field-hint">{hint}</p> : null}
      </div>
      <input
        id={id}
        type="checkbox"
        role="switch"
        class="switch"
        checked={checked}
        disabled={disabled}
        aria-checked={checked}
        onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
      />
    </div>
  );
}
