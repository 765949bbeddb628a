// The search-as-you-type combobox behind PersonPicker and DepartmentPicker: chosen items as chips, results in a
// listbox driven by the arrow keys, Enter and Escape (WAI-ARIA combobox pattern).
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { Icon, Spinner } from '../../../ui';

export interface PickOption {
  id: string;
  name: string;
  detail?: string | null;
  icon?: ComponentChildren;
}

export interface ChipPickerProps {
  label: string;
  value: string[];
  onChange: (ids: string[]) => void;
  multiple?: boolean;
  exclude?: string[];
  /** Id of the text input (for an outer <label for>). */
  id?: string;
  /** Show the label to screen readers only. */
  hideLabel?: boolean;
  /** A label outside (<label for={id}>) names the input already: render none here. */
  labelOutside?: boolean;
  describedBy?: string;
  invalid?: boolean;
  disabled?: boolean;
  placeholder?: string;
}

export function ChipPicker({
  label,
  value,
  onChange,
  multiple,
  exclude,
  id,
  hideLabel,
  labelOutside,
  describedBy,
  invalid,
  disabled,
  placeholder,
  search,
  nameOf,
  chipIcon,
  emptyText,
  debounceMs = 200,
}: ChipPickerProps & {
  search: (q: string, signal: AbortSignal) => Promise<PickOption[]>;
  /** Wait this long after typing before searching (0 for a list already in memory). */
  debounceMs?: number;
  nameOf: (id: string) => string;
  chipIcon?: ComponentChildren;
  emptyText: string;
}) {
  const auto = useId();
  const inputId = id ?? `cp-${auto}`;
  const listId = `${inputId}-list`;
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<PickOption[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    const ctrl = new AbortController();
    const timer = setTimeout(
      () => {
        search(q, ctrl.signal)
          .then((res) => {
            setItems(res);
            setError(null);
            setActive(0);
          })
          .catch((e: unknown) => {
            if ((e as Error).name !== 'AbortError') setError(errorText(e));
          });
      },
      q ? debounceMs : 0,
    );
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q, open]);

  const hidden = new Set([...(exclude ?? []), ...(multiple ? value : [])]);
  const shown = (items ?? []).filter((o) => !hidden.has(o.id));
  const canType = !disabled && (multiple || value.length === 0);

  const choose = (o: PickOption) => {
    onChange(multiple ? [...value, o.id] : [o.id]);
    setQ('');
    if (!multiple) setOpen(false);
    else input.current?.focus();
  };
  const remove = (rid: string) => {
    onChange(value.filter((x) => x !== rid));
    // The input comes back for a single choice: put the focus there, not on <body>.
    setTimeout(() => input.current?.focus(), 0);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((a) => Math.min(a + 1, Math.max(0, shown.length - 1)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      const o = open ? shown[active] : undefined;
      if (o) {
        e.preventDefault();
        choose(o);
      }
    } else if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
    } else if (e.key === 'Backspace' && q === '' && multiple && value.length) {
      onChange(value.slice(0, -1));
    }
  };

  const activeId = open && shown[active] ? `${listId}-${active}` : undefined;
  return (
    <div class={`cp ${invalid ? 'cp-invalid' : ''} ${disabled ? 'cp-disabled' : ''}`}>
      {labelOutside ? null : (
        <label class={hideLabel ? 'sr-only' : 'field-label'} for={inputId}>
          {label}
        </label>
      )}
      <div class="cp-box" onClick={() => input.current?.focus()}>
        {value.length ? (
          <ul class="cp-chips" aria-label={t('forms.field.chosen', { label })}>
            {value.map((v) => (
              <li key={v} class="cp-chip">
                {chipIcon}
                <span class="cp-chip-name">{nameOf(v)}</span>
                {!disabled ? (
                  <button
                    type="button"
                    class="cp-chip-x"
                    aria-label={t('forms.field.removeItem', { name: nameOf(v) })}
                    onClick={(e) => {
                      e.stopPropagation();
                      remove(v);
                    }}
                  >
                    <Icon name="close" size={14} />
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {canType ? (
          <input
            id={inputId}
            ref={input}
            class="cp-input"
            type="text"
            role="combobox"
            autoComplete="off"
            value={q}
            placeholder={placeholder ?? t('forms.field.searchPlaceholder')}
            aria-expanded={open}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={activeId}
            aria-invalid={invalid ? 'true' : undefined}
            aria-describedby={describedBy}
            onInput={(e) => {
              setQ((e.currentTarget as HTMLInputElement).value);
              setOpen(true);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
          />
        ) : (
          // Keeps the label's target (and the first-error focus) when no input is shown.
          <span id={inputId} tabIndex={-1} class="sr-only">
            {label}
          </span>
        )}
      </div>
      {open && canType ? (
        <div class="cp-pop">
          {error ? <p class="field-error cp-note">{error}</p> : null}
          {!items && !error ? (
            <div class="cp-note">
              <Spinner size={16} />
            </div>
          ) : null}
          {items && shown.length === 0 ? <p class="cp-note muted">{emptyText}</p> : null}
          <ul id={listId} role="listbox" class="cp-list" aria-label={label} hidden={shown.length === 0}>
            {shown.map((o, i) => (
              <li
                key={o.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                class={`cp-option ${i === active ? 'cp-option-active' : ''}`}
                // mousedown, not click: the input's blur would close the list first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(o);
                }}
                onMouseEnter={() => setActive(i)}
              >
                {o.icon}
                <span class="cp-option-text">
                  <span class="cp-option-name">{o.name}</span>
                  {o.detail ? <span class="cp-option-detail">{o.detail}</span> : null}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
