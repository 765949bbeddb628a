// The properties of a section (a page of the form): title, description, when it shows, and its 跳转 rules —
// after this page, when a condition holds, go to a later page or straight to 提交.
import { useId } from 'preact/hooks';
import type { FormSchema, FormSection, JumpRule } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { Button, Icon, TextField } from '../../../ui';
import { conditionCandidates, moveItem, removeAt, replaceAt } from './builder-state';
import { ConditionEditor } from './ConditionEditor';

export function SectionEditor({
  schema,
  index,
  onChange,
  onRemove,
  onMove,
}: {
  schema: FormSchema;
  index: number;
  onChange: (s: FormSection) => void;
  onRemove: () => void;
  onMove: (delta: -1 | 1) => void;
}) {
  const section = schema.sections[index]!;
  const descId = useId();
  const jumps = section.jumps ?? [];
  const later = schema.sections.slice(index + 1);
  const jumpFields = conditionCandidates(schema, { kind: 'jump', section: index });
  const setJumps = (list: JumpRule[]) => {
    const { jumps: _drop, ...rest } = section;
    onChange(list.length ? { ...rest, jumps: list } : rest);
  };
  const name = section.title || t('forms.builder.sectionN', { n: index + 1 });
  const targetName = (key: string) => {
    const i = schema.sections.findIndex((s) => s.key === key);
    return i < 0 ? key : schema.sections[i]!.title || t('forms.builder.sectionN', { n: i + 1 });
  };

  return (
    <div class="fb-props" role="group" aria-label={t('forms.builder.sectionProps', { name })}>
      <div class="fb-props-head">
        <h2 class="fb-props-title grow">{t('forms.builder.sectionProps', { name })}</h2>
        <button type="button" class="icon-btn" disabled={index === 0} aria-label={t('forms.builder.sectionUp', { name })} onClick={() => onMove(-1)}>
          <Icon name="arrowUp" size={18} />
        </button>
        <button type="button" class="icon-btn" disabled={index === schema.sections.length - 1} aria-label={t('forms.builder.sectionDown', { name })} onClick={() => onMove(1)}>
          <Icon name="arrowDown" size={18} />
        </button>
        <Button size="sm" variant="danger-ghost" icon="trash" disabled={schema.sections.length <= 1} onClick={onRemove}>
          {t('common.delete')}
        </Button>
      </div>
      <TextField label={t('forms.builder.sectionTitle')} value={section.title} maxLength={100} hint={t('forms.builder.sectionTitleHint')} onValue={(title) => onChange({ ...section, title })} />
      <div class="field">
        <label class="field-label" for={descId}>
          {t('forms.builder.sectionDesc')}
        </label>
        <textarea
          id={descId}
          class="input fb-textarea"
          rows={2}
          maxLength={500}
          value={section.description ?? ''}
          onInput={(e) => onChange({ ...section, description: (e.currentTarget as HTMLTextAreaElement).value || undefined })}
        />
      </div>
      {index > 0 ? (
        <fieldset class="fb-fieldset">
          <legend class="fb-legend">{t('forms.builder.sectionVisibleIf')}</legend>
          <ConditionEditor
            value={section.visibleIf}
            fields={conditionCandidates(schema, { kind: 'section', index })}
            emptyText={t('forms.builder.alwaysShownSection')}
            onChange={(c) => {
              const { visibleIf: _drop, ...rest } = section;
              onChange(c ? { ...rest, visibleIf: c } : rest);
            }}
          />
        </fieldset>
      ) : null}
      <fieldset class="fb-fieldset">
        <legend class="fb-legend">{t('forms.builder.jumps')}</legend>
        <p class="field-hint">{t('forms.builder.jumpsHint')}</p>
        <ol class="fb-jumps">
          {jumps.map((j, k) => (
            <li key={k} class="fb-jump">
              <div class="fb-jump-head">
                <span class="small strong grow">{t('forms.builder.jumpN', { n: k + 1 })}</span>
                <button type="button" class="icon-btn" disabled={k === 0} aria-label={t('forms.builder.jumpUp', { n: k + 1 })} onClick={() => setJumps(moveItem(jumps, k, -1))}>
                  <Icon name="arrowUp" size={16} />
                </button>
                <button type="button" class="icon-btn" disabled={k === jumps.length - 1} aria-label={t('forms.builder.jumpDown', { n: k + 1 })} onClick={() => setJumps(moveItem(jumps, k, 1))}>
                  <Icon name="arrowDown" size={16} />
                </button>
                <button type="button" class="icon-btn fb-del" aria-label={t('forms.builder.jumpRemove', { n: k + 1 })} onClick={() => setJumps(removeAt(jumps, k))}>
                  <Icon name="trash" size={16} />
                </button>
              </div>
              <p class="small text-2">{t('forms.builder.jumpWhen')}</p>
              <ConditionEditor keepEmpty value={j.when} fields={jumpFields} emptyText={t('forms.builder.jumpAlways')} onChange={(when) => setJumps(replaceAt(jumps, k, { ...j, when: when ?? { mode: 'all', rules: [] } }))} />
              <label class="field">
                <span class="field-label">{t('forms.builder.jumpTo')}</span>
                <select class="input select" value={j.goTo} onChange={(e) => setJumps(replaceAt(jumps, k, { ...j, goTo: (e.currentTarget as HTMLSelectElement).value }))}>
                  {later.map((s) => (
                    <option key={s.key} value={s.key}>
                      {targetName(s.key)}
                    </option>
                  ))}
                  {j.goTo !== '$end' && !later.some((s) => s.key === j.goTo) ? <option value={j.goTo}>{t('forms.builder.jumpMissing')}</option> : null}
                  <option value="$end">{t('forms.builder.jumpEnd')}</option>
                </select>
              </label>
            </li>
          ))}
        </ol>
        <Button
          size="sm"
          icon="plus"
          disabled={jumps.length >= 20 || jumpFields.length === 0}
          onClick={() => setJumps([...jumps, { when: { mode: 'all', rules: [] }, goTo: later[0]?.key ?? '$end' }])}
        >
          {t('forms.builder.addJump')}
        </Button>
        {jumpFields.length === 0 ? <p class="small muted">{t('forms.builder.noEarlierFields')}</p> : null}
      </fieldset>
    </div>
  );
}
