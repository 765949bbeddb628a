// The type-specific parts of the field properties: choice options (add, remove, reorder, paste a list), the
// columns of a detail table, a calculated field's formula (insert helpers and a live check with the shared
// parser and schema checks), and small number inputs.
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { ChoiceOption, FormField, FormSchema, TableColumn } from '../../../../server/lib/form-schema';
import { parseFormula } from '../../../../server/lib/form-formula';
import { validateFormSchema } from '../../../../server/lib/form-validate-schema';
import { t } from '../../../i18n';
import { Button, Icon, Switch } from '../../../ui';
import { TABLE_COLUMN_TYPES, addOption, findField, keyProblem, moveItem, newOptions, removeAt, replaceAt, uniqueKey } from './builder-state';
import { FieldIcon, typeName } from './field-meta';
import { problemText } from './problems';

/** A number input that reports undefined when cleared. */
export function NumInput({ label, value, onValue, min, max, integer, hint }: { label: string; value: number | undefined; onValue: (n: number | undefined) => void; min?: number; max?: number; integer?: boolean; hint?: string }) {
  const id = useId();
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    if (text === '' ? value !== undefined : Number(text) !== value) setText(value === undefined ? '' : String(value));
  }, [value]);
  const n = text.trim() === '' ? undefined : Number(text);
  const bad = n !== undefined && (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || (min !== undefined && n < min) || (max !== undefined && n > max));
  return (
    <div class={`field fb-num ${bad ? 'field-invalid' : ''}`}>
      <label class="field-label" for={id}>
        {label}
      </label>
      <input
        id={id}
        class="input"
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        step={integer ? 1 : 'any'}
        min={min}
        max={max}
        value={text}
        aria-invalid={bad ? 'true' : undefined}
        onInput={(e) => {
          const s = (e.currentTarget as HTMLInputElement).value;
          setText(s);
          const v = s.trim() === '' ? undefined : Number(s);
          const ok = v === undefined || (Number.isFinite(v) && (!integer || Number.isInteger(v)) && (min === undefined || v >= min) && (max === undefined || v <= max));
          if (ok) onValue(v);
        }}
      />
      {bad ? <div class="field-error">{t('forms.builder.numberRange', { min: min ?? '-∞', max: max ?? '∞' })}</div> : hint ? <div class="field-hint">{hint}</div> : null}
    </div>
  );
}

export function OptionsEditor({ options, onChange, max = 100, compact }: { options: ChoiceOption[]; onChange: (o: ChoiceOption[]) => void; max?: number; compact?: boolean }) {
  const [bulk, setBulk] = useState<string | null>(null);
  const [showValues, setShowValues] = useState(false);
  const bulkId = useId();
  if (bulk !== null) {
    const apply = () => {
      const labels = bulk.split('\n').map((l) => l.trim().slice(0, 100)).filter(Boolean).slice(0, max);
      if (!labels.length) return;
      // Options whose label stays keep their value, so logic that tests them keeps working.
      const byLabel = new Map(options.map((o) => [o.label, o.value]));
      const taken = new Set<string>();
      const next = labels.map((label) => {
        const kept = byLabel.get(label);
        const value = kept && !taken.has(kept) ? kept : uniqueKey('o', new Set([...taken, ...options.map((o) => o.value)]));
        taken.add(value);
        return { value, label };
      });
      onChange(next);
      setBulk(null);
    };
    return (
      <div class="stack-sm">
        <label class="field-label" for={bulkId}>
          {t('forms.builder.bulkLabel')}
        </label>
        <textarea id={bulkId} class="input fb-textarea" rows={8} value={bulk} onInput={(e) => setBulk((e.currentTarget as HTMLTextAreaElement).value)} />
        <div class="row">
          <Button size="sm" variant="primary" onClick={apply}>
            {t('forms.builder.bulkApply')}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setBulk(null)}>
            {t('common.cancel')}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div class="stack-sm">
      <ol class="fb-opts">
        {options.map((o, i) => (
          <li key={i} class="fb-opt">
            <span class="fb-opt-n" aria-hidden="true">
              {i + 1}
            </span>
            <input
              class="input fb-input-sm grow"
              aria-label={t('forms.builder.optionLabel', { n: i + 1 })}
              maxLength={100}
              value={o.label}
              onInput={(e) => onChange(replaceAt(options, i, { ...o, label: (e.currentTarget as HTMLInputElement).value }))}
            />
            {showValues ? (
              <input
                class="input fb-input-sm fb-opt-value mono"
                aria-label={t('forms.builder.optionValue', { n: i + 1 })}
                maxLength={60}
                value={o.value}
                onInput={(e) => {
                  const v = (e.currentTarget as HTMLInputElement).value.trim();
                  if (v && !options.some((x, j) => j !== i && x.value === v)) onChange(replaceAt(options, i, { ...o, value: v }));
                }}
              />
            ) : null}
            {compact ? null : (
              <>
                <button type="button" class="icon-btn" disabled={i === 0} aria-label={t('forms.builder.optionUp', { n: i + 1 })} onClick={() => onChange(moveItem(options, i, -1))}>
                  <Icon name="arrowUp" size={16} />
                </button>
                <button type="button" class="icon-btn" disabled={i === options.length - 1} aria-label={t('forms.builder.optionDown', { n: i + 1 })} onClick={() => onChange(moveItem(options, i, 1))}>
                  <Icon name="arrowDown" size={16} />
                </button>
              </>
            )}
            <button type="button" class="icon-btn fb-del" disabled={options.length <= 1} aria-label={t('forms.builder.optionRemove', { n: i + 1 })} onClick={() => onChange(removeAt(options, i))}>
              <Icon name="close" size={16} />
            </button>
          </li>
        ))}
      </ol>
      <div class="row">
        <Button size="sm" icon="plus" disabled={options.length >= max} onClick={() => onChange(addOption(options, t('forms.builder.optionN', { n: options.length + 1 })))}>
          {t('forms.builder.addOption')}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setBulk(options.map((o) => o.label).join('\n'))}>
          {t('forms.builder.bulkEdit')}
        </Button>
        {compact ? null : (
          <Button size="sm" variant="ghost" aria-pressed={showValues} onClick={() => setShowValues(!showValues)}>
            {showValues ? t('forms.builder.hideValues') : t('forms.builder.showValues')}
          </Button>
        )}
      </div>
    </div>
  );
}

function newColumn(type: TableColumn['type'], key: string, label: string): TableColumn {
  return type === 'select' ? { type, key, label, options: newOptions(2, (n) => t('forms.builder.optionN', { n })) } : ({ type, key, label } as TableColumn);
}

function ColumnKey({ column, taken, onKey }: { column: TableColumn; taken: Set<string>; onKey: (k: string) => void }) {
  const [text, setText] = useState(column.key);
  useEffect(() => setText(column.key), [column.key]);
  const problem = text === column.key ? null : keyProblem(text, taken);
  return (
    <div class={`field fb-tcol-key ${problem ? 'field-invalid' : ''}`}>
      <input
        class="input fb-input-sm mono"
        aria-label={t('forms.builder.columnKey', { name: column.label })}
        maxLength={40}
        value={text}
        aria-invalid={problem ? 'true' : undefined}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          setText(v);
          if (v !== column.key && !keyProblem(v, taken)) onKey(v);
        }}
      />
      {problem ? <div class="field-error">{t(`forms.builder.keyProblem.${problem}`)}</div> : null}
    </div>
  );
}

export function ColumnsEditor({ columns, onChange }: { columns: TableColumn[]; onChange: (c: TableColumn[]) => void }) {
  const keys = new Set(columns.map((c) => c.key));
  return (
    <div class="stack-sm">
      <ol class="fb-tcols">
        {columns.map((c, i) => {
          const others = new Set([...keys].filter((k) => k !== c.key));
          const set = (next: TableColumn) => onChange(replaceAt(columns, i, next));
          return (
            <li key={i} class="fb-tcol">
              <div class="fb-tcol-top">
                <span class="fb-field-icon">
                  <FieldIcon type={c.type} size={16} />
                </span>
                <input
                  class="input fb-input-sm grow"
                  aria-label={t('forms.builder.columnLabel', { n: i + 1 })}
                  maxLength={100}
                  value={c.label}
                  onInput={(e) => set({ ...c, label: (e.currentTarget as HTMLInputElement).value })}
                />
                <select
                  class="input select fb-input-sm fb-tcol-type"
                  aria-label={t('forms.builder.columnType', { n: i + 1 })}
                  value={c.type}
                  onChange={(e) => set(newColumn((e.currentTarget as HTMLSelectElement).value as TableColumn['type'], c.key, c.label))}
                >
                  {TABLE_COLUMN_TYPES.map((ty) => (
                    <option key={ty} value={ty}>
                      {typeName(ty)}
                    </option>
                  ))}
                </select>
              </div>
              <div class="fb-tcol-bottom">
                <ColumnKey column={c} taken={others} onKey={(key) => set({ ...c, key })} />
                <label class="fb-inline-check">
                  <input type="checkbox" checked={!!c.required} onChange={(e) => set({ ...c, required: (e.currentTarget as HTMLInputElement).checked || undefined })} />
                  <span>{t('forms.builder.required')}</span>
                </label>
                <span class="grow" />
                <button type="button" class="icon-btn" disabled={i === 0} aria-label={t('forms.builder.columnUp', { name: c.label })} onClick={() => onChange(moveItem(columns, i, -1))}>
                  <Icon name="arrowUp" size={16} />
                </button>
                <button type="button" class="icon-btn" disabled={i === columns.length - 1} aria-label={t('forms.builder.columnDown', { name: c.label })} onClick={() => onChange(moveItem(columns, i, 1))}>
                  <Icon name="arrowDown" size={16} />
                </button>
                <button type="button" class="icon-btn fb-del" disabled={columns.length <= 1} aria-label={t('forms.builder.columnRemove', { name: c.label })} onClick={() => onChange(removeAt(columns, i))}>
                  <Icon name="trash" size={16} />
                </button>
              </div>
              {c.type === 'select' ? <OptionsEditor compact options={c.options} onChange={(options) => set({ ...c, options })} /> : null}
              {c.type === 'number' ? (
                <div class="fb-pair">
                  <NumInput label={t('forms.builder.decimals')} integer min={0} max={4} value={c.decimals} onValue={(decimals) => set({ ...c, decimals })} />
                  <UnitInput value={c.unit} onValue={(unit) => set({ ...c, unit })} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      <Button
        size="sm"
        icon="plus"
        disabled={columns.length >= 20}
        onClick={() => onChange([...columns, newColumn('text', uniqueKey('c', keys), t('forms.builder.columnN', { n: columns.length + 1 }))])}
      >
        {t('forms.builder.addColumn')}
      </Button>
    </div>
  );
}

export function UnitInput({ value, onValue }: { value: string | undefined; onValue: (u: string | undefined) => void }) {
  const id = useId();
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {t('forms.builder.unit')}
      </label>
      <input id={id} class="input" maxLength={10} value={value ?? ''} placeholder={t('forms.builder.unitHint')} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value || undefined)} />
    </div>
  );
}

type Calc = Extract<FormField, { type: 'calc' }>;

/** What a formula may use from the fields before it: numbers, days(range), sum(table.column). */
function formulaTokens(schema: FormSchema, key: string): { text: string; label: string }[] {
  const out: { text: string; label: string }[] = [];
  for (const s of schema.sections) {
    for (const f of s.fields) {
      if (f.key === key) return out;
      if (f.type === 'number' || f.type === 'money' || f.type === 'calc') out.push({ text: f.key, label: f.label });
      else if (f.type === 'dateRange') out.push({ text: `days(${f.key})`, label: t('forms.builder.daysOf', { label: f.label }) });
      else if (f.type === 'table') {
        for (const c of f.columns) if (c.type === 'number' || c.type === 'money') out.push({ text: `sum(${f.key}.${c.key})`, label: t('forms.builder.sumOf', { table: f.label, column: c.label }) });
        out.push({ text: `count(${f.key})`, label: t('forms.builder.countOf', { table: f.label }) });
      }
    }
  }
  return out;
}

export function FormulaEditor({ field, schema, onChange }: { field: Calc; schema: FormSchema; onChange: (f: Calc) => void }) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const tokens = formulaTokens(schema, field.key);
  const parsed = parseFormula(field.formula);
  const issues = useMemo(() => {
    const at = findField(schema, field.key);
    if (!at) return [];
    const pointer = `/schema/sections/${at.section}/fields/${at.index}/formula`;
    return validateFormSchema(schema).filter((p) => p.pointer === pointer);
  }, [schema, field.key]);
  const insert = (text: string) => {
    const el = ref.current;
    const src = field.formula;
    const [a, b] = el ? [el.selectionStart, el.selectionEnd] : [src.length, src.length];
    const before = src.slice(0, a);
    const pad = before && !/[\s(+\-*/,]$/.test(before) ? ' + ' : '';
    const next = `${before}${pad}${text}${src.slice(b)}`.slice(0, 500);
    onChange({ ...field, formula: next });
    requestAnimationFrame(() => {
      const pos = before.length + pad.length + text.length;
      el?.focus();
      el?.setSelectionRange(pos, pos);
    });
  };
  const msg = !parsed.ok ? t('forms.builder.formulaError', { at: parsed.at + 1, message: parsed.error }) : issues.length ? issues.map((i) => problemText(i)).join('；') : null;
  return (
    <div class="stack-sm">
      <div class={`field ${msg ? 'field-invalid' : ''}`}>
        <label class="field-label" for={id}>
          {t('forms.builder.formula')}
        </label>
        <textarea
          id={id}
          ref={ref}
          class="input fb-textarea mono"
          rows={3}
          maxLength={500}
          spellcheck={false}
          value={field.formula}
          aria-invalid={msg ? 'true' : undefined}
          aria-describedby={`${id}-check`}
          onInput={(e) => onChange({ ...field, formula: (e.currentTarget as HTMLTextAreaElement).value })}
        />
        <div id={`${id}-check`} class={msg ? 'field-error' : 'field-hint success-text'} role="status">
          {msg ?? t('forms.builder.formulaOk')}
        </div>
      </div>
      <div class="fb-tokens" aria-label={t('forms.builder.insertField')} role="group">
        {tokens.length ? (
          tokens.map((tk) => (
            <button key={tk.text} type="button" class="fb-token" onClick={() => insert(tk.text)} title={tk.text}>
              {tk.label}
            </button>
          ))
        ) : (
          <p class="small muted">{t('forms.builder.noNumberFields')}</p>
        )}
      </div>
      <div class="fb-tokens" aria-label={t('forms.builder.insertFunction')} role="group">
        {['+', '-', '*', '/', '(', ')', 'round(', 'max(', 'min('].map((op) => (
          <button key={op} type="button" class="fb-token fb-token-op mono" onClick={() => insert(op)}>
            {op}
          </button>
        ))}
      </div>
      <p class="field-hint">{t('forms.builder.formulaHelp')}</p>
    </div>
  );
}

export function PeopleMultiple({ field, onChange }: { field: Extract<FormField, { type: 'person' | 'department' }>; onChange: (f: FormField) => void }) {
  return <Switch label={t('forms.builder.multiple')} checked={!!field.multiple} onChange={(v) => onChange({ ...field, multiple: v || undefined })} />;
}
