// The properties of the selected field: label, key (checked as typed; renaming it follows it into logic,
// formulas and the flow), help, placeholder, required, the type's own settings, validation rules that suit the
// type, and its 显示条件 over earlier fields.
import { useEffect, useId, useState } from 'preact/hooks';
import type { FieldValidation, FormField, FormSchema } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { Button, Select, Switch, TextField } from '../../../ui';
import { CHOICE_TYPES, PLACEHOLDER_TYPES, conditionCandidates, fieldKeys, keyProblem } from './builder-state';
import { ConditionEditor } from './ConditionEditor';
import { FieldIcon, typeName } from './field-meta';
import { ColumnsEditor, FormulaEditor, NumInput, OptionsEditor, PeopleMultiple, UnitInput } from './FieldExtras';

function KeyInput({ value, taken, onKey }: { value: string; taken: Set<string>; onKey: (k: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const problem = text === value ? null : keyProblem(text, taken);
  return (
    <TextField
      label={t('forms.builder.key')}
      value={text}
      class="fb-key"
      maxLength={40}
      spellcheck={false}
      autoCapitalize="off"
      error={problem ? t(`forms.builder.keyProblem.${problem}`) : null}
      hint={t('forms.builder.keyHint')}
      onValue={(v) => {
        setText(v);
        if (v !== value && !keyProblem(v, taken)) onKey(v);
      }}
    />
  );
}

function TextArea({ label, value, onValue, max, rows = 3 }: { label: string; value: string; onValue: (v: string) => void; max: number; rows?: number }) {
  const id = useId();
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      <textarea id={id} class="input fb-textarea" rows={rows} maxLength={max} value={value} onInput={(e) => onValue((e.currentTarget as HTMLTextAreaElement).value)} />
    </div>
  );
}

/** Which validation rules a type has, and what min/max count. */
function validationKind(type: FormField['type']): 'length' | 'value' | 'choices' | 'rows' | null {
  if (type === 'text' || type === 'textarea') return 'length';
  if (type === 'number' || type === 'money') return 'value';
  if (type === 'checkbox') return 'choices';
  if (type === 'table') return 'rows';
  return null;
}

function ValidationEditor({ field, onChange }: { field: FormField; onChange: (f: FormField) => void }) {
  const kind = validationKind(field.type);
  if (!kind) return null;
  const v = field.validation ?? {};
  const set = (patch: Partial<FieldValidation>) => {
    const next: FieldValidation = { ...v, ...patch };
    for (const k of Object.keys(next) as (keyof FieldValidation)[]) if (next[k] === undefined || next[k] === '') delete next[k];
    const { validation: _drop, ...rest } = field;
    onChange((Object.keys(next).length ? { ...rest, validation: next } : rest) as FormField);
  };
  const bad = kind === 'length' ? v.minLength !== undefined && v.maxLength !== undefined && v.minLength > v.maxLength : v.min !== undefined && v.max !== undefined && v.min > v.max;
  return (
    <fieldset class="fb-fieldset">
      <legend class="fb-legend">{t('forms.builder.validation')}</legend>
      {kind === 'length' ? (
        <div class="fb-pair">
          <NumInput label={t('forms.builder.minLength')} integer min={0} max={10000} value={v.minLength} onValue={(minLength) => set({ minLength })} />
          <NumInput label={t('forms.builder.maxLength')} integer min={1} max={10000} value={v.maxLength} onValue={(maxLength) => set({ maxLength })} />
        </div>
      ) : (
        <div class="fb-pair">
          <NumInput label={t(`forms.builder.min.${kind}`)} integer={kind !== 'value'} min={kind === 'value' ? undefined : 0} value={v.min} onValue={(min) => set({ min })} />
          <NumInput label={t(`forms.builder.max.${kind}`)} integer={kind !== 'value'} min={kind === 'value' ? undefined : 1} value={v.max} onValue={(max) => set({ max })} />
        </div>
      )}
      {bad ? <p class="field-error">{t('forms.builder.minOverMax')}</p> : null}
      {field.type === 'text' ? (
        <PatternInput value={v.pattern ?? ''} onValue={(pattern) => set({ pattern: pattern || undefined })} />
      ) : null}
      <TextField label={t('forms.builder.validationMessage')} value={v.message ?? ''} maxLength={200} hint={t('forms.builder.validationMessageHint')} onValue={(message) => set({ message: message || undefined })} />
    </fieldset>
  );
}

function PatternInput({ value, onValue }: { value: string; onValue: (v: string) => void }) {
  let error: string | null = null;
  try {
    if (value) new RegExp(value, 'u');
  } catch {
    error = t('forms.builder.problem.invalidPattern');
  }
  return <TextField label={t('forms.builder.pattern')} value={value} maxLength={200} class="mono" spellcheck={false} error={error} hint={t('forms.builder.patternHint')} onValue={onValue} />;
}

function TypeSettings({ field, schema, onChange }: { field: FormField; schema: FormSchema; onChange: (f: FormField) => void }) {
  switch (field.type) {
    case 'description':
      return <TextArea label={t('forms.builder.descriptionText')} value={field.text} max={4000} rows={5} onValue={(text) => onChange({ ...field, text })} />;
    case 'number':
      return (
        <div class="fb-pair">
          <NumInput label={t('forms.builder.decimals')} integer min={0} max={4} value={field.decimals} onValue={(decimals) => onChange({ ...field, decimals })} />
          <UnitInput value={field.unit} onValue={(unit) => onChange({ ...field, unit })} />
        </div>
      );
    case 'dateRange':
      return (
        <div class="stack-sm">
          <Select
            label={t('forms.builder.rangeUnit')}
            value={field.unit}
            onValue={(u) => onChange({ ...field, unit: u === 'halfDay' ? 'halfDay' : 'day' })}
            options={[
              { value: 'day', label: t('forms.builder.unitDay') },
              { value: 'halfDay', label: t('forms.builder.unitHalfDay') },
            ]}
          />
          <Switch label={t('forms.builder.skipWeekends')} checked={field.skipWeekends} onChange={(v) => onChange({ ...field, skipWeekends: v })} />
          <Switch label={t('forms.builder.skipHolidays')} hint={t('forms.builder.skipHolidaysHint')} checked={field.skipHolidays} onChange={(v) => onChange({ ...field, skipHolidays: v })} />
          <a class="small" href="/forms/manage/calendar">
            {t('forms.builder.editCalendar')}
          </a>
        </div>
      );
    case 'radio':
    case 'checkbox':
    case 'select':
      return (
        <fieldset class="fb-fieldset">
          <legend class="fb-legend">{t('forms.builder.options')}</legend>
          <OptionsEditor options={field.options} max={field.type === 'select' ? 500 : 100} onChange={(options) => onChange({ ...field, options })} />
        </fieldset>
      );
    case 'person':
    case 'department':
      return <PeopleMultiple field={field} onChange={onChange} />;
    case 'attachment':
    case 'image':
      return <NumInput label={t('forms.builder.maxFiles')} integer min={1} max={20} value={field.maxFiles} onValue={(maxFiles) => onChange({ ...field, maxFiles })} />;
    case 'table':
      return (
        <fieldset class="fb-fieldset">
          <legend class="fb-legend">{t('forms.builder.columns')}</legend>
          <ColumnsEditor columns={field.columns} onChange={(columns) => onChange({ ...field, columns })} />
        </fieldset>
      );
    case 'calc':
      return (
        <div class="stack-sm">
          <FormulaEditor field={field} schema={schema} onChange={onChange} />
          <div class="fb-pair">
            <NumInput label={t('forms.builder.decimals')} integer min={0} max={4} value={field.decimals} onValue={(decimals) => onChange({ ...field, decimals })} />
            <UnitInput value={field.unit} onValue={(unit) => onChange({ ...field, unit })} />
          </div>
        </div>
      );
    default:
      return null;
  }
}

export function FieldEditor({
  field,
  schema,
  onChange,
  onRename,
  onRemove,
  onDuplicate,
}: {
  field: FormField;
  schema: FormSchema;
  onChange: (f: FormField) => void;
  onRename: (key: string) => void;
  onRemove: () => void;
  onDuplicate: () => void;
}) {
  const taken = fieldKeys(schema);
  taken.delete(field.key);
  const candidates = conditionCandidates(schema, { kind: 'field', key: field.key });
  const answers = field.type !== 'description';
  return (
    <div class="fb-props" role="group" aria-label={t('forms.builder.fieldProps', { name: field.label })}>
      <div class="fb-props-head">
        <span class="fb-field-icon">
          <FieldIcon type={field.type} />
        </span>
        <h2 class="fb-props-title grow">{typeName(field.type)}</h2>
        <Button size="sm" variant="ghost" onClick={onDuplicate}>
          {t('forms.builder.duplicate')}
        </Button>
        <Button size="sm" variant="danger-ghost" icon="trash" onClick={onRemove}>
          {t('common.delete')}
        </Button>
      </div>
      <TextField
        label={t('forms.builder.label')}
        value={field.label}
        maxLength={100}
        error={field.label.trim() ? null : t('forms.builder.labelRequired')}
        onValue={(label) => onChange({ ...field, label })}
      />
      <KeyInput value={field.key} taken={taken} onKey={onRename} />
      <TextArea label={t('forms.builder.help')} value={field.help ?? ''} max={500} rows={2} onValue={(help) => onChange({ ...field, help: help || undefined })} />
      {PLACEHOLDER_TYPES.has(field.type) ? (
        <TextField label={t('forms.builder.placeholder')} value={field.placeholder ?? ''} maxLength={100} onValue={(placeholder) => onChange({ ...field, placeholder: placeholder || undefined })} />
      ) : null}
      {answers && field.type !== 'calc' ? (
        <Switch label={t('forms.builder.required')} checked={!!field.required} onChange={(v) => onChange({ ...field, required: v || undefined })} />
      ) : null}
      <TypeSettings field={field} schema={schema} onChange={onChange} />
      <ValidationEditor field={field} onChange={onChange} />
      <fieldset class="fb-fieldset">
        <legend class="fb-legend">{t('forms.builder.visibleIf')}</legend>
        <p class="field-hint">{t('forms.builder.visibleIfHint')}</p>
        <ConditionEditor
          value={field.visibleIf}
          fields={candidates}
          emptyText={t('forms.builder.alwaysShown')}
          onChange={(c) => {
            const { visibleIf: _drop, ...rest } = field;
            onChange((c ? { ...rest, visibleIf: c } : rest) as FormField);
          }}
        />
      </fieldset>
      {CHOICE_TYPES.has(field.type) ? <p class="field-hint">{t('forms.builder.optionLogicHint')}</p> : null}
    </div>
  );
}
