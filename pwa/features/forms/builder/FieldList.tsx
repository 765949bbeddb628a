// The canvas of the 表单 tab: sections (pages) with their fields in order. Fields move by dragging their handle
// (mouse or touch, within and across sections), or with the 上移/下移 buttons and the arrow keys on the handle.
// Tapping a field or a section header selects it for the properties panel.
import type { FormSchema } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { Badge, Button, Icon } from '../../../ui';
import { canMoveField, ruleCount, type Selection } from './builder-state';
import type { Dnd } from './dnd';
import { FieldIcon, GlyphIcon, typeName } from './field-meta';

export interface FieldListActions {
  select: (sel: Selection) => void;
  moveBy: (key: string, delta: -1 | 1) => void;
  remove: (key: string) => void;
  moveSection: (index: number, delta: -1 | 1) => void;
  addSection: () => void;
  /** Add a field at the end of a section (opens the palette on phones). */
  addTo: (section: number) => void;
}

export function FieldList({
  schema,
  selection,
  actions,
  dnd,
  problemKeys,
  problemSections,
}: {
  schema: FormSchema;
  selection: Selection;
  actions: FieldListActions;
  dnd: Dnd;
  /** Fields and sections with a problem get a red mark. */
  problemKeys: ReadonlySet<string>;
  problemSections: ReadonlySet<number>;
}) {
  const drag = dnd.state.value;
  const target = drag?.target ?? null;
  const dragKey = drag?.source.kind === 'field' ? drag.source.key : null;
  const many = schema.sections.length > 1;

  return (
    <div class={`fb-canvas ${drag ? 'is-dragging' : ''}`} ref={dnd.setCanvas}>
      {schema.sections.map((section, si) => {
        const selected = selection?.kind === 'section' && selection.index === si;
        const title = section.title || t('forms.builder.sectionN', { n: si + 1 });
        const jumps = section.jumps?.length ?? 0;
        const over = target?.section === si;
        return (
          <section key={section.key} class={`fb-sec ${selected ? 'is-selected' : ''}`} aria-label={title}>
            <header class="fb-sec-head">
              <button type="button" class="fb-sec-title" aria-pressed={selected} onClick={() => actions.select({ kind: 'section', index: si })}>
                <span class="fb-sec-name ellipsis">{title}</span>
                <span class="fb-sec-badges">
                  {problemSections.has(si) ? <span class="fb-dot-bad" aria-label={t('forms.builder.hasProblem')} /> : null}
                  {section.visibleIf ? <Badge tone="primary">{t('forms.builder.logicBadge')}</Badge> : null}
                  {jumps ? <Badge tone="primary">{t('forms.builder.jumpBadge', { n: jumps })}</Badge> : null}
                </span>
                <Icon name="edit" size={16} class="fb-sec-edit" />
              </button>
              {many ? (
                <span class="fb-row-tools">
                  <button type="button" class="icon-btn" disabled={si === 0} aria-label={t('forms.builder.sectionUp', { name: title })} onClick={() => actions.moveSection(si, -1)}>
                    <Icon name="arrowUp" size={18} />
                  </button>
                  <button
                    type="button"
                    class="icon-btn"
                    disabled={si === schema.sections.length - 1}
                    aria-label={t('forms.builder.sectionDown', { name: title })}
                    onClick={() => actions.moveSection(si, 1)}
                  >
                    <Icon name="arrowDown" size={18} />
                  </button>
                </span>
              ) : null}
            </header>
            {section.description ? <p class="fb-sec-desc">{section.description}</p> : null}
            <ol class={`fb-fields ${over && section.fields.length === 0 ? 'is-over' : ''}`} data-drop-section={si} aria-label={t('forms.builder.fieldsOf', { name: title })}>
              {section.fields.map((field, fi) => {
                const sel = selection?.kind === 'field' && selection.key === field.key;
                const dropBefore = over && target!.index === fi;
                const dropAfter = over && fi === section.fields.length - 1 && target!.index === section.fields.length;
                const logic = ruleCount(field.visibleIf);
                const bad = problemKeys.has(field.key);
                return (
                  <li
                    key={field.key}
                    data-drop-index={fi}
                    class={`fb-field ${sel ? 'is-selected' : ''} ${dragKey === field.key ? 'is-dragged' : ''} ${dropBefore ? 'drop-before' : ''} ${dropAfter ? 'drop-after' : ''} ${bad ? 'is-bad' : ''}`}
                  >
                    <button
                      type="button"
                      class="fb-handle"
                      aria-label={t('forms.builder.dragHandle', { name: field.label })}
                      aria-describedby="fb-drag-help"
                      onPointerDown={(e) => dnd.start(e, { kind: 'field', key: field.key, from: { section: si, index: fi } }, field.label)}
                      onKeyDown={(e) => {
                        if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
                        e.preventDefault();
                        actions.moveBy(field.key, e.key === 'ArrowUp' ? -1 : 1);
                        const el = e.currentTarget as HTMLElement;
                        // Keep the focus on the moved field's handle after the re-render.
                        requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-handle="${field.key}"]`)?.focus() ?? el.focus());
                      }}
                      data-handle={field.key}
                    >
                      <GlyphIcon name="grip" size={18} />
                    </button>
                    <button type="button" class="fb-field-main" aria-pressed={sel} onClick={() => !dnd.wasDrag() && actions.select({ kind: 'field', key: field.key })}>
                      <span class="fb-field-icon">
                        <FieldIcon type={field.type} />
                      </span>
                      <span class="fb-field-text">
                        <span class="fb-field-label">
                          <span class="ellipsis">{field.label}</span>
                          {field.required ? <span class="fb-req" aria-label={t('forms.builder.required')}>*</span> : null}
                        </span>
                        <span class="fb-field-meta">
                          <span>{typeName(field.type)}</span>
                          {logic ? (
                            <span class="fb-meta-logic">
                              <GlyphIcon name="logic" size={13} />
                              {t('forms.builder.logicShort', { n: logic })}
                            </span>
                          ) : null}
                          {bad ? <span class="danger-text">{t('forms.builder.hasProblem')}</span> : null}
                        </span>
                      </span>
                    </button>
                    <span class="fb-row-tools">
                      <button type="button" class="icon-btn" disabled={!canMoveField(schema, field.key, -1)} aria-label={t('forms.builder.moveUp', { name: field.label })} onClick={() => actions.moveBy(field.key, -1)}>
                        <Icon name="arrowUp" size={18} />
                      </button>
                      <button type="button" class="icon-btn" disabled={!canMoveField(schema, field.key, 1)} aria-label={t('forms.builder.moveDown', { name: field.label })} onClick={() => actions.moveBy(field.key, 1)}>
                        <Icon name="arrowDown" size={18} />
                      </button>
                      <button type="button" class="icon-btn fb-del" aria-label={t('forms.builder.removeField', { name: field.label })} onClick={() => actions.remove(field.key)}>
                        <Icon name="trash" size={18} />
                      </button>
                    </span>
                  </li>
                );
              })}
              {section.fields.length === 0 ? <li class="fb-empty-sec">{t('forms.builder.emptySection')}</li> : null}
            </ol>
            <div class="fb-sec-foot">
              <Button size="sm" variant="ghost" icon="plus" onClick={() => actions.addTo(si)}>
                {t('forms.builder.addFieldHere')}
              </Button>
            </div>
          </section>
        );
      })}
      <Button icon="plus" onClick={actions.addSection} class="fb-add-sec">
        {t('forms.builder.addSection')}
      </Button>
      <p id="fb-drag-help" class="sr-only">
        {t('forms.builder.dragHelp')}
      </p>
      {drag ? (
        <div class="fb-ghost" style={{ transform: `translate(${drag.x + 12}px, ${drag.y + 8}px)` }} aria-hidden="true">
          {drag.source.kind === 'new' ? <FieldIcon type={drag.source.type} size={16} /> : <GlyphIcon name="grip" size={16} />}
          <span class="ellipsis">{drag.label}</span>
        </div>
      ) : null}
    </div>
  );
}
