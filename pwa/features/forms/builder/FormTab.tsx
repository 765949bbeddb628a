// The 表单 tab. Desktop (≥1024 px): palette | canvas | properties with a 手机预览 tab beside them (both at once
// on very wide screens). Phones and tablets: the canvas alone; the palette, the properties and the preview open
// as sheets.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FieldType, FormField, FormSchema, SchoolCalendar } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { Button, Dialog, Tabs } from '../../../ui';
import type { FormDraftSave } from './api-builder';
import {
  addSection,
  fieldKeys,
  findField,
  insertField,
  moveField,
  moveFieldBy,
  moveSection,
  newField,
  removeField,
  removeSection,
  renameFieldKey,
  uniqueKey,
  updateField,
  updateSection,
  type FieldAt,
  type Selection,
} from './builder-state';
import { createDnd } from './dnd';
import { FieldEditor } from './FieldEditor';
import { FieldList } from './FieldList';
import { FieldPalette } from './FieldPalette';
import { typeName } from './field-meta';
import { PreviewPane } from './PreviewPane';
import type { PlacedProblem } from './problems';
import { SectionEditor } from './SectionEditor';
import { useMedia } from './use-builder';

export interface Removed {
  label: string;
  before: FormDraftSave;
}

function fieldTexts(type: FieldType) {
  return {
    label: typeName(type),
    option: (n: number) => t('forms.builder.optionN', { n }),
    column: t('forms.builder.columnN', { n: 1 }),
    description: t('forms.builder.descriptionDefault'),
  };
}

export function FormTab({
  draft,
  update,
  selection,
  setSelection,
  problems,
  calendar,
  onRemoved,
  reveal,
  onRevealed,
}: {
  draft: FormDraftSave;
  update: (fn: (d: FormDraftSave) => FormDraftSave) => void;
  selection: Selection;
  setSelection: (s: Selection) => void;
  problems: PlacedProblem[];
  calendar: SchoolCalendar;
  onRemoved: (r: Removed) => void;
  /** A problem was picked: show the selected field's properties (not the preview; the sheet on phones). */
  reveal: boolean;
  onRevealed: () => void;
}) {
  const wide = useMedia('(min-width: 1024px)');
  const huge = useMedia('(min-width: 1560px)');
  const [side, setSide] = useState<'props' | 'preview'>('props');
  const [sheet, setSheet] = useState<null | 'palette' | 'props' | 'preview'>(null);
  const [addTarget, setAddTarget] = useState<number | null>(null);
  const schema = draft.schema;
  useEffect(() => {
    if (!reveal) return;
    onRevealed();
    setSide('props');
    if (!wide && selection) setSheet('props');
  }, [reveal]);
  const setSchema = (fn: (s: FormSchema) => FormSchema) => update((d) => ({ ...d, schema: fn(d.schema) }));

  /** Where a new field goes: after the selected field, at the end of the chosen or selected section, or at the end. */
  const insertPoint = (): FieldAt => {
    if (addTarget !== null && schema.sections[addTarget]) return { section: addTarget, index: schema.sections[addTarget]!.fields.length };
    if (selection?.kind === 'field') {
      const at = findField(schema, selection.key);
      if (at) return { section: at.section, index: at.index + 1 };
    }
    const s = selection?.kind === 'section' ? selection.index : schema.sections.length - 1;
    return { section: s, index: schema.sections[s]?.fields.length ?? 0 };
  };

  const addField = (type: FieldType, at: FieldAt = insertPoint()) => {
    const key = uniqueKey(type, fieldKeys(schema));
    setSchema((s) => insertField(s, newField(type, key, fieldTexts(type)), at));
    setSelection({ kind: 'field', key });
    setAddTarget(null);
    setSide('props');
    setSheet(wide ? null : 'props');
  };

  // The drop handler is made once; these refs give it today's closures.
  const addFieldRef = useRef(addField);
  addFieldRef.current = addField;
  const moveRef = useRef((from: FieldAt, to: FieldAt) => setSchema((s) => moveField(s, from, to)));
  moveRef.current = (from, to) => setSchema((s) => moveField(s, from, to));
  const dnd = useMemo(
    () =>
      createDnd((source, target) => {
        if (source.kind === 'new') addFieldRef.current(source.type, target);
        else moveRef.current(source.from, target);
      }),
    [],
  );

  const remove = (key: string) => {
    const f = findField(schema, key);
    if (!f) return;
    onRemoved({ label: f.field.label, before: draft });
    setSchema((s) => removeField(s, key));
    if (selection?.kind === 'field' && selection.key === key) setSelection(null);
    setSheet(null);
  };

  const duplicate = (key: string) => {
    const f = findField(schema, key);
    if (!f) return;
    const copyKey = uniqueKey(f.field.type, fieldKeys(schema));
    const copy = { ...structuredClone(f.field), key: copyKey, label: t('forms.builder.copyOf', { name: f.field.label }).slice(0, 100) } as FormField;
    setSchema((s) => insertField(s, copy, { section: f.section, index: f.index + 1 }));
    setSelection({ kind: 'field', key: copyKey });
  };

  const selectedField = selection?.kind === 'field' ? findField(schema, selection.key)?.field : undefined;
  // The properties panel remounts when another field is selected, but not when the selected field's key is
  // renamed (that would drop the focus from the key input while typing).
  const editor = useRef({ key: '', id: 0, renamedFrom: '' });
  if (selectedField && selectedField.key !== editor.current.key) {
    const renamed = editor.current.renamedFrom === editor.current.key && editor.current.key !== '';
    editor.current = { key: selectedField.key, id: renamed ? editor.current.id : editor.current.id + 1, renamedFrom: '' };
  }
  const problemKeys = new Set(problems.flatMap((p) => (p.target.tab === 'form' && 'fieldKey' in p.target ? [p.target.fieldKey] : [])));
  const problemSections = new Set(problems.flatMap((p) => (p.target.tab === 'form' && 'section' in p.target ? [p.target.section] : [])));

  const props = selectedField ? (
    <FieldEditor
      key={editor.current.id}
      field={selectedField}
      schema={schema}
      onChange={(f) => setSchema((s) => updateField(s, selectedField.key, () => f))}
      onRename={(k) => {
        editor.current.renamedFrom = selectedField.key;
        update((d) => ({ ...d, ...renameFieldKey(d, selectedField.key, k) }));
        setSelection({ kind: 'field', key: k });
      }}
      onRemove={() => remove(selectedField.key)}
      onDuplicate={() => duplicate(selectedField.key)}
    />
  ) : selection?.kind === 'section' && schema.sections[selection.index] ? (
    <SectionEditor
      schema={schema}
      index={selection.index}
      onChange={(sec) => setSchema((s) => updateSection(s, selection.index, () => sec))}
      onMove={(delta) => {
        setSchema((s) => moveSection(s, selection.index, delta));
        setSelection({ kind: 'section', index: selection.index + delta });
      }}
      onRemove={() => {
        const sec = schema.sections[selection.index]!;
        onRemoved({ label: sec.title || t('forms.builder.sectionN', { n: selection.index + 1 }), before: draft });
        setSchema((s) => removeSection(s, selection.index));
        setSelection(null);
        setSheet(null);
      }}
    />
  ) : (
    <div class="fb-props-empty">
      <p class="strong">{t('forms.builder.nothingSelected')}</p>
      <p class="small muted">{t('forms.builder.nothingSelectedHint')}</p>
    </div>
  );

  const preview = <PreviewPane schema={schema} name={draft.name} calendar={calendar} />;

  const list = (
    <FieldList
      schema={schema}
      selection={selection}
      dnd={dnd}
      problemKeys={problemKeys}
      problemSections={problemSections}
      actions={{
        select: (sel) => {
          setSelection(sel);
          setSide('props');
          if (!wide) setSheet('props');
        },
        moveBy: (key, delta) => setSchema((s) => moveFieldBy(s, key, delta)),
        remove,
        moveSection: (i, delta) => setSchema((s) => moveSection(s, i, delta)),
        addSection: () => {
          const next = addSection(schema, t('forms.builder.sectionN', { n: schema.sections.length + 1 }));
          setSchema(() => next);
          setSelection({ kind: 'section', index: next.sections.length - 1 });
          if (!wide) setSheet('props');
        },
        addTo: (i) => {
          setAddTarget(i);
          if (!wide) setSheet('palette');
        },
      }}
    />
  );

  if (wide) {
    return (
      <div class={`fb-cols ${huge ? 'fb-cols-4' : ''}`}>
        <aside class="fb-col fb-col-palette">
          <FieldPalette onAdd={(type) => addField(type)} dnd={dnd} />
          {addTarget !== null ? (
            <p class="small text-2 fb-add-target">
              {t('forms.builder.addingTo', { name: schema.sections[addTarget]?.title || t('forms.builder.sectionN', { n: addTarget + 1 }) })}
              <button type="button" class="link-btn" onClick={() => setAddTarget(null)}>
                {t('common.cancel')}
              </button>
            </p>
          ) : null}
        </aside>
        <div class="fb-col fb-col-canvas">{list}</div>
        {huge ? (
          <>
            <aside class="fb-col fb-col-props">{props}</aside>
            <aside class="fb-col fb-col-preview">{preview}</aside>
          </>
        ) : (
          <aside class="fb-col fb-col-side">
            <Tabs
              label={t('forms.builder.sideTabs')}
              value={side}
              onChange={(v) => setSide(v as 'props' | 'preview')}
              items={[
                { id: 'props', label: t('forms.builder.properties') },
                { id: 'preview', label: t('forms.builder.preview') },
              ]}
            />
            <div class="fb-side-body">{side === 'props' ? props : preview}</div>
          </aside>
        )}
      </div>
    );
  }

  return (
    <div class="fb-narrow">
      {list}
      <div class="fb-fab">
        <Button variant="secondary" icon="eye" onClick={() => setSheet('preview')}>
          {t('forms.builder.preview')}
        </Button>
        <Button variant="primary" icon="plus" onClick={() => setSheet('palette')}>
          {t('forms.builder.addField')}
        </Button>
      </div>
      <Dialog open={sheet === 'palette'} onClose={() => {
          setSheet(null);
          setAddTarget(null);
        }} title={t('forms.builder.addField')}>
        <FieldPalette onAdd={(type) => addField(type)} />
      </Dialog>
      <Dialog open={sheet === 'props'} onClose={() => setSheet(null)} title={selectedField ? t('forms.builder.fieldPropsTitle') : t('forms.builder.properties')}>
        {props}
      </Dialog>
      <Dialog open={sheet === 'preview'} onClose={() => setSheet(null)} title={t('forms.builder.preview')} wide>
        {preview}
      </Dialog>
    </div>
  );
}
