// Renders a form for filling in: every field type of server/lib/form-schema.ts, only the sections and fields the
// answers so far make visible (the same walk the server validates with, jumps included), section titles as
// headings, required marks, help texts and inline errors. The answers live with the caller (onChange).
import { useId, useMemo, useRef, useState } from 'preact/hooks';
import type { AnswerValue, Answers, FormField, FormSchema, SchoolCalendar } from '../../../../server/lib/form-schema';
import { evaluateCondition, walkForm } from '../../../../server/lib/form-logic';
import { t } from '../../../i18n';
import { Ctx, useRenderer, type RendererContext, type Refs } from './context';
import { DateRangeField } from './DateRangeField';
import { DepartmentPicker } from './DepartmentPicker';
import { FieldShell, shellIds } from './FieldShell';
import { FileField } from './FileField';
import { CalcField, DateTimeField, DescriptionBlock, NumberField, TextAreaField, TextLikeField, type FieldProps } from './fields-basic';
import { ChoiceField, SelectField } from './fields-choice';
import { answerPointer } from './form-state';
import { uploadDirFor } from './form-uploads';
import { PersonPicker } from './PersonPicker';
import { SignaturePad } from './SignaturePad';
import { TableField } from './TableField';
import './renderer.css';

export interface FormRendererProps {
  schema: FormSchema;
  answers: Answers;
  onChange: (next: Answers) => void;
  /** pointer ('/answers/<key>' or '/answers/<table>/<row>/<col>') → message */
  errors?: Record<string, string>;
  calendar: SchoolCalendar;
  disabled?: boolean;
  /** Phones fill in one section at a time: the others stay mounted (uploads keep going) but hidden. */
  activeSection?: string | null;
  /** Names for ids already in the answers (editing a returned submission). */
  refs?: Refs;
}

type Of<T extends FormField['type']> = Extract<FormField, { type: T }>;

const idList = (v: AnswerValue | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : [];

function PeopleField({ field, value, error, base, pointer }: FieldProps<Of<'person' | 'department'>>) {
  const { disabled, update, refs } = useRenderer();
  const ids = shellIds(base, field.help, error);
  const multiple = field.multiple === true;
  const set = (next: string[]) => update(field.key, () => (multiple ? next : (next[0] ?? '')));
  const common = {
    label: field.label,
    value: idList(value),
    onChange: set,
    multiple,
    id: ids.inputId,
    labelOutside: true,
    describedBy: ids.describedBy,
    invalid: ids.invalid,
    disabled,
    placeholder: field.placeholder,
  };
  return (
    <FieldShell base={base} pointer={pointer} label={field.label} required={field.required} help={field.help} error={error}>
      {field.type === 'person' ? <PersonPicker {...common} names={refs?.people} /> : <DepartmentPicker {...common} names={refs?.departments} />}
    </FieldShell>
  );
}

function SignatureField({ field, value, error, base, pointer }: FieldProps<Of<'signature'>>) {
  const { disabled, update } = useRenderer();
  const ids = shellIds(base, field.help, error);
  return (
    <FieldShell base={base} pointer={pointer} label={field.label} required={field.required} help={field.help} error={error} group wide>
      <SignaturePad
        label={field.label}
        hideLabel
        id={ids.inputId}
        describedBy={ids.describedBy}
        invalid={ids.invalid}
        disabled={disabled}
        value={typeof value === 'string' && value ? value : null}
        onChange={(v) => update(field.key, () => v ?? '')}
      />
    </FieldShell>
  );
}

function FieldView({ field, answers, computed, calendar, prefix, errors }: {
  field: FormField;
  answers: Answers;
  computed: Answers;
  calendar: SchoolCalendar;
  prefix: string;
  errors: Record<string, string>;
}) {
  if (field.type === 'description') return <DescriptionBlock field={field} />;
  const pointer = answerPointer(field.key);
  const props = { value: answers[field.key], error: errors[pointer], base: `${prefix}-${field.key}`, pointer };
  switch (field.type) {
    case 'text':
    case 'phone':
    case 'idNumber':
    case 'email':
      return <TextLikeField field={field} {...props} />;
    case 'textarea':
      return <TextAreaField field={field} {...props} />;
    case 'number':
    case 'money':
      return <NumberField field={field} {...props} />;
    case 'date':
    case 'time':
      return <DateTimeField field={field} {...props} />;
    case 'dateRange':
      return <DateRangeField field={field} calendar={calendar} {...props} />;
    case 'radio':
    case 'checkbox':
      return <ChoiceField field={field} {...props} />;
    case 'select':
      return <SelectField field={field} {...props} />;
    case 'person':
    case 'department':
      return <PeopleField field={field} {...props} />;
    case 'attachment':
    case 'image':
      return <FileField field={field} {...props} />;
    case 'signature':
      return <SignatureField field={field} {...props} />;
    case 'table':
      return <TableField field={field} {...props} />;
    case 'calc':
      return <CalcField field={field} computed={computed[field.key]} error={props.error} base={props.base} pointer={pointer} />;
  }
}

export function FormRenderer({ schema, answers, onChange, errors = {}, calendar, disabled = false, activeSection, refs }: FormRendererProps) {
  const prefix = `fr${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [uploadDir] = useState(() => uploadDirFor(new Date(), t('forms.field.uploadFolder')));
  // The newest answers, also between a change and the re-render it causes (uploads finishing together).
  const latest = useRef(answers);
  latest.current = answers;
  const change = useRef(onChange);
  change.current = onChange;

  const walk = useMemo(() => walkForm(schema, answers), [schema, answers]);
  const ctx: RendererContext = {
    idPrefix: prefix,
    disabled,
    refs,
    uploadDir,
    errors,
    update: (key, fn) => {
      const next: Answers = { ...latest.current };
      const v = fn(latest.current[key]);
      if (v === undefined) delete next[key];
      else next[key] = v;
      latest.current = next;
      change.current(next);
    },
  };

  const shown = new Set(walk.sections);
  return (
    <Ctx.Provider value={ctx}>
      <div class="fr">
        {schema.sections
          .filter((s) => shown.has(s.key))
          .map((section) => {
            const hidden = !!activeSection && activeSection !== section.key;
            const fields = section.fields.filter((f) =>
              f.type === 'description' ? !f.visibleIf || evaluateCondition(f.visibleIf, walk.answers) : walk.fields.has(f.key),
            );
            const titleId = `${prefix}-s-${section.key}`;
            return (
              <section key={section.key} class="fr-section" data-section={section.key} hidden={hidden} aria-labelledby={section.title ? titleId : undefined}>
                {section.title || section.description ? (
                  <header class="fr-section-head">
                    {section.title ? (
                      <h2 id={titleId} class="fr-section-title">
                        {section.title}
                      </h2>
                    ) : null}
                    {section.description ? <p class="fr-section-desc">{section.description}</p> : null}
                  </header>
                ) : null}
                <div class="fr-grid">
                  {fields.map((f) => (
                    <FieldView key={f.key} field={f} answers={answers} computed={walk.answers} calendar={calendar} prefix={prefix} errors={errors} />
                  ))}
                </div>
              </section>
            );
          })}
      </div>
    </Ctx.Provider>
  );
}

/** Scroll to the first field (in page order) that has an error and put the focus in it. */
export function focusFirstError(root: ParentNode, errors: Record<string, string>): boolean {
  const wanted = new Set(Object.keys(errors));
  if (!wanted.size) return false;
  const holders = Array.from(root.querySelectorAll<HTMLElement>('[data-pointer]'));
  // A table cell's own error beats the table's; otherwise the first in page order.
  const el = holders.find((h) => wanted.has(h.dataset.pointer!) && !h.closest('[hidden]'));
  if (!el) return false;
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  const target = el.querySelector<HTMLElement>('input:not([type=hidden]):not([tabindex="-1"]), select, textarea, canvas, button, [tabindex]');
  target?.focus({ preventScroll: true });
  return true;
}
