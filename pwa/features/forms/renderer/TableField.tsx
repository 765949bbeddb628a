// A detail table (明细): repeating rows of simple columns, rows added and removed by the person. A real table where
// the form is wide, one card per row where it is narrow (phones, and the builder's phone preview on a desktop);
// every cell has its own label and its own error.
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AnswerValue, FormField, TableColumn } from '../../../../server/lib/form-schema';
import { TABLE_MAX_ROWS } from '../../../../server/lib/form-validate';
import { t } from '../../../i18n';
import { useIsDesktop } from '../../../layout/use-media';
import { Button } from '../../../ui';
import { useRenderer } from './context';
import { FieldShell, RequiredMark, shellIds } from './FieldShell';
import { NumberInput, type FieldProps } from './fields-basic';
import { answerPointer } from './form-state';

type TField = Extract<FormField, { type: 'table' }>;
type Row = Record<string, unknown>;

const rowsOf = (v: AnswerValue | undefined): Row[] => (Array.isArray(v) ? v.map((r) => (r && typeof r === 'object' && !Array.isArray(r) ? (r as Row) : {})) : []);

function Cell({ column, value, id, label, error, errorId, onValue, disabled }: {
  column: TableColumn;
  value: unknown;
  id: string;
  label: string;
  error?: string;
  errorId: string;
  onValue: (v: unknown) => void;
  disabled: boolean;
}) {
  const common = {
    id,
    disabled,
    'aria-label': label,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': error ? errorId : undefined,
    'aria-required': column.required ? ('true' as const) : undefined,
  };
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  switch (column.type) {
    case 'number':
    case 'money':
      return (
        <NumberInput
          id={id}
          value={value as AnswerValue}
          money={column.type === 'money'}
          decimals={column.type === 'number' ? column.decimals : 2}
          unit={column.type === 'number' ? column.unit : undefined}
          ariaLabel={label}
          invalid={!!error}
          describedBy={error ? errorId : undefined}
          required={column.required}
          disabled={disabled}
          onValue={onValue}
        />
      );
    case 'date':
      return <input {...common} class="input fr-date" type="date" value={text} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} />;
    case 'select':
      return (
        <div class="select-wrap">
          <select {...common} class="input select" value={text} onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('forms.field.choose')}</option>
            {column.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      );
    default:
      return <input {...common} class="input" type="text" value={text} placeholder={column.placeholder} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} />;
  }
}

/** Below this width a row of inputs gets too cramped: one card per row instead. */
const TABLE_MIN_WIDTH = 560;

/** Whether the field's own box is wide enough for a table (the screen's width until it has been measured). */
function useWideBox(box: RefObject<HTMLElement>, initial: boolean): boolean {
  const [wide, setWide] = useState(initial);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWide(el.clientWidth >= TABLE_MIN_WIDTH));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return wide;
}

export function TableField({ field, value, error, base, pointer }: FieldProps<TField>) {
  const { disabled, update, errors } = useRenderer();
  const box = useRef<HTMLDivElement>(null);
  const wide = useWideBox(box, useIsDesktop());
  const shell = shellIds(base, field.help, error);
  const rows = rowsOf(value);
  const max = Math.min(field.validation?.max ?? TABLE_MAX_ROWS, TABLE_MAX_ROWS);

  const setCell = (i: number, key: string, v: unknown) =>
    update(field.key, (prev) => {
      const next = rowsOf(prev).map((r) => ({ ...r }));
      while (next.length <= i) next.push({});
      next[i]![key] = v;
      return next as AnswerValue;
    });
  const addRow = () => {
    update(field.key, (prev) => [...rowsOf(prev), {}] as AnswerValue);
    // Focus the new row's first cell once it is there.
    setTimeout(() => document.getElementById(`${base}-r${rows.length}-c0`)?.focus(), 0);
  };
  const removeRow = (i: number) => update(field.key, (prev) => rowsOf(prev).filter((_, j) => j !== i) as AnswerValue);

  const rowLabel = (i: number) => t('forms.field.rowN', { n: i + 1 });
  const cellProps = (i: number, c: TableColumn, ci: number) => {
    const p = answerPointer(field.key, i, c.key);
    return {
      column: c,
      value: rows[i]?.[c.key],
      id: `${base}-r${i}-c${ci}`,
      label: `${rowLabel(i)} ${c.label}`,
      error: errors[p],
      errorId: `${base}-r${i}-c${ci}-err`,
      disabled,
      onValue: (v: unknown) => setCell(i, c.key, v),
    };
  };
  const removeButton = (i: number) =>
    !disabled ? (
      <Button size="sm" variant="danger-ghost" icon="trash" aria-label={t('forms.field.removeRow', { n: i + 1 })} onClick={() => removeRow(i)} />
    ) : null;

  return (
    <FieldShell base={base} pointer={pointer} label={field.label} required={field.required} help={field.help} error={error} group wide>
      <div ref={box} class="fr-table-field">
        {rows.length === 0 ? <p class="fr-help">{t('forms.field.noRows')}</p> : null}
        {rows.length > 0 && wide ? (
          <div class="fr-table-wrap">
            <table class="fr-table">
              <thead>
                <tr>
                  <th scope="col" class="fr-table-n">
                    #
                  </th>
                  {field.columns.map((c) => (
                    <th scope="col" key={c.key}>
                      {c.label}
                      {c.required ? <RequiredMark /> : null}
                    </th>
                  ))}
                  <th scope="col" class="fr-table-x">
                    <span class="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((_, i) => (
                  <tr key={i}>
                    <td class="fr-table-n">{i + 1}</td>
                    {field.columns.map((c, ci) => {
                      const p = cellProps(i, c, ci);
                      return (
                        <td key={c.key} data-pointer={answerPointer(field.key, i, c.key)} class={p.error ? 'fr-invalid' : ''}>
                          <Cell {...p} />
                          {p.error ? (
                            <p id={p.errorId} class="fr-error" role="alert">
                              {p.error}
                            </p>
                          ) : null}
                        </td>
                      );
                    })}
                    <td class="fr-table-x">{removeButton(i)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {rows.length > 0 && !wide ? (
          <ol class="fr-rows">
            {rows.map((_, i) => (
              <li key={i} class="fr-row-card">
                <div class="fr-row-head">
                  <span class="fr-row-title">{rowLabel(i)}</span>
                  {removeButton(i)}
                </div>
                {field.columns.map((c, ci) => {
                  const p = cellProps(i, c, ci);
                  return (
                    <div key={c.key} class={`fr-cell ${p.error ? 'fr-invalid' : ''}`} data-pointer={answerPointer(field.key, i, c.key)}>
                      <label class="fr-sublabel" for={p.id} aria-hidden="true">
                        {c.label}
                        {c.required ? <RequiredMark /> : null}
                      </label>
                      <Cell {...p} />
                      {p.error ? (
                        <p id={p.errorId} class="fr-error" role="alert">
                          {p.error}
                        </p>
                      ) : null}
                    </div>
                  );
                })}
              </li>
            ))}
          </ol>
        ) : null}
        {!disabled && rows.length < max ? (
          <div class="fr-upload-row">
            <Button id={shell.inputId} icon="plus" size="sm" aria-describedby={shell.describedBy} onClick={addRow}>
              {t('forms.field.addRow')}
            </Button>
          </div>
        ) : null}
      </div>
    </FieldShell>
  );
}
