// The frame around every field: label with the required mark, help text, the control, and the inline error
// (announced, and tied to the control with aria-describedby). Groups of controls (choices, date ranges,
// pickers, tables) are a fieldset with a legend so a screen reader names the group.
import type { ComponentChildren } from 'preact';
import { t } from '../../../i18n';

export interface ShellIds {
  /** id of the main control (for <label for>). */
  inputId: string;
  /** ids of the help and error texts, for aria-describedby. */
  describedBy: string | undefined;
  invalid: boolean;
}

export function shellIds(base: string, help: string | undefined, error: string | undefined): ShellIds {
  const ids = [help ? `${base}-help` : '', error ? `${base}-err` : ''].filter(Boolean);
  return { inputId: `${base}-in`, describedBy: ids.length ? ids.join(' ') : undefined, invalid: !!error };
}

export function RequiredMark() {
  return (
    <>
      <span class="fr-req" aria-hidden="true">
        *
      </span>
      <span class="sr-only">{t('forms.field.requiredSr')}</span>
    </>
  );
}

export function FieldShell({
  base,
  pointer,
  label,
  required,
  help,
  error,
  group,
  wide,
  children,
}: {
  base: string;
  pointer: string;
  label: string;
  required?: boolean;
  help?: string;
  error?: string;
  /** A fieldset with a legend instead of a label for one control. */
  group?: boolean;
  /** Takes the full row on wide screens. */
  wide?: boolean;
  children: ComponentChildren;
}) {
  const ids = shellIds(base, help, error);
  const labelContent = (
    <>
      {label}
      {required ? <RequiredMark /> : null}
    </>
  );
  const texts = (
    <>
      {help ? (
        <p id={`${base}-help`} class="fr-help">
          {help}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`${base}-err`} class="fr-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
  const cls = ['fr-field', error ? 'fr-invalid' : '', wide ? 'fr-wide' : ''].filter(Boolean).join(' ');
  if (group) {
    return (
      <fieldset class={cls} data-pointer={pointer} aria-describedby={ids.describedBy} aria-invalid={error ? 'true' : undefined}>
        <legend class="fr-label">{labelContent}</legend>
        {texts}
      </fieldset>
    );
  }
  return (
    <div class={cls} data-pointer={pointer}>
      <label class="fr-label" for={ids.inputId}>
        {labelContent}
      </label>
      {texts}
    </div>
  );
}
