// The 设置 tab: name, description, icon, category, owner department, who may submit (全校 or departments), form
// admins, sign-up capacity and one per person, batch approval, filing the PDF to the documents store, and the
// fields that make the one-line summary in lists.
import { useId } from 'preact/hooks';
import type { FormDraftSave } from '../../../../server/modules/forms/forms.dto';
import { t } from '../../../i18n';
import { Card, Select, Switch, TextField } from '../../../ui';
import { FormIcon, formIconName } from '../approvals/FormBits';
import { DepartmentPicker } from '../renderer/DepartmentPicker';
import { PersonPicker } from '../renderer/PersonPicker';
import { allFields } from './builder-state';
import { NumInput } from './FieldExtras';
import { typeName } from './field-meta';
import { useOwnerOptions } from './owner-options';

export const ICONS = ['leave', 'equipment', 'signup', 'seal', 'vehicle', 'circulation', 'document', 'money', 'printer', 'meeting', 'notice', 'checklist', 'building', 'clock'] as const;
/** A template saved 'calendar' where the picker offers 'leave': the same picture counts as chosen. */
const sameIcon = (current: string, option: string) => current === option || (!!formIconName(current) && formIconName(current) === formIconName(option));
const SUMMARY_TYPES = new Set(['text', 'number', 'money', 'date', 'dateRange', 'time', 'radio', 'select', 'checkbox', 'person', 'department', 'calc', 'phone']);

export function SettingsPanel({
  draft,
  onChange,
  adminNames,
  highlight,
}: {
  draft: FormDraftSave;
  onChange: (patch: Partial<FormDraftSave>) => void;
  adminNames: Record<string, string>;
  /** A setting to draw attention to (a problem was clicked). */
  highlight: string | null;
}) {
  const descId = useId();
  const owner = useOwnerOptions(draft.ownerDepartmentId);
  const settings = draft.settings;
  const set = (patch: Partial<FormDraftSave['settings']>) => {
    const next = { ...settings, ...patch };
    for (const k of Object.keys(next) as (keyof typeof next)[]) if (next[k] === undefined) delete next[k];
    onChange({ settings: next });
  };
  const summary = settings.summaryFields ?? [];
  const candidates = allFields(draft.schema).filter((f) => SUMMARY_TYPES.has(f.type));
  const hl = (k: string) => (highlight === k ? 'fb-highlight' : '');

  return (
    <div class="fb-settings">
      <Card title={t('forms.builder.basics')}>
        <div class="stack">
          <TextField
            class={hl('name')}
            label={t('forms.builder.formName')}
            value={draft.name}
            maxLength={60}
            required
            error={draft.name.trim() ? null : t('forms.builder.labelRequired')}
            onValue={(name) => onChange({ name })}
          />
          <div class={`field ${hl('description')}`}>
            <label class="field-label" for={descId}>
              {t('forms.builder.formDescription')}
            </label>
            <textarea id={descId} class="input fb-textarea" rows={3} maxLength={500} value={draft.description} onInput={(e) => onChange({ description: (e.currentTarget as HTMLTextAreaElement).value })} />
          </div>
          <fieldset class={`fb-fieldset ${hl('icon')}`}>
            <legend class="fb-legend">{t('forms.builder.icon')}</legend>
            <div class="fb-icons">
              {ICONS.map((ic) => (
                <label key={ic} class={`fb-icon-opt ${sameIcon(draft.icon, ic) ? 'is-on' : ''}`} title={t(`forms.builder.iconName.${ic}`)}>
                  <input type="radio" name="fb-icon" class="sr-only" checked={sameIcon(draft.icon, ic)} onChange={() => onChange({ icon: ic })} />
                  <FormIcon icon={ic} />
                  <span class="sr-only">{t(`forms.builder.iconName.${ic}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <TextField class={hl('category')} label={t('forms.builder.category')} value={draft.category} maxLength={20} hint={t('forms.builder.categoryHint')} list="fb-categories" onValue={(category) => onChange({ category })} />
          <datalist id="fb-categories">
            {['人事', '行政', '财务', '教务', '后勤', '活动'].map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <Select
            class={hl('ownerDepartmentId')}
            label={t('forms.builder.owner')}
            hint={t('forms.builder.ownerHint')}
            value={draft.ownerDepartmentId ?? ''}
            options={owner.options}
            onValue={(v) => onChange({ ownerDepartmentId: v || null })}
          />
        </div>
      </Card>
      <Card title={t('forms.builder.whoTitle')}>
        <div class="stack">
          <Switch
            label={t('forms.builder.audienceAll')}
            hint={t('forms.builder.audienceAllHint')}
            checked={draft.audience.all}
            onChange={(all) => onChange({ audience: { ...draft.audience, all } })}
          />
          {!draft.audience.all ? (
            <div class={hl('audience')}>
              <DepartmentPicker
                label={t('forms.builder.audienceDepartments')}
                multiple
                value={draft.audience.departmentIds}
                onChange={(departmentIds) => onChange({ audience: { all: false, departmentIds } })}
              />
              {draft.audience.departmentIds.length === 0 ? <p class="field-error">{t('forms.builder.audienceEmpty')}</p> : null}
            </div>
          ) : null}
          <div class={hl('adminIds')}>
            <PersonPicker label={t('forms.builder.admins')} multiple value={draft.adminIds} names={adminNames} onChange={(adminIds) => onChange({ adminIds: adminIds.slice(0, 20) })} />
            <p class="field-hint">{t('forms.builder.adminsHint')}</p>
          </div>
        </div>
      </Card>
      <Card title={t('forms.builder.rulesTitle')}>
        <div class="stack">
          <NumInput
            label={t('forms.builder.capacity')}
            integer
            min={1}
            max={100000}
            value={settings.capacity ?? undefined}
            hint={t('forms.builder.capacityHint')}
            onValue={(capacity) => set({ capacity: capacity ?? undefined })}
          />
          <Switch label={t('forms.builder.onePerPerson')} hint={t('forms.builder.onePerPersonHint')} checked={!!settings.onePerPerson} onChange={(v) => set({ onePerPerson: v || undefined })} />
          <Switch label={t('forms.builder.allowBatch')} hint={t('forms.builder.allowBatchHint')} checked={!!settings.allowBatch} onChange={(v) => set({ allowBatch: v || undefined })} />
          <Switch label={t('forms.builder.archivePdf')} hint={t('forms.builder.archivePdfHint')} checked={!!settings.archiveToDocuments} onChange={(v) => set({ archiveToDocuments: v || undefined })} />
        </div>
      </Card>
      <Card title={t('forms.builder.summaryTitle')} description={t('forms.builder.summaryHint')}>
        <fieldset class={`fb-chipset ${hl('summaryFields')}`}>
          <legend class="sr-only">{t('forms.builder.summaryTitle')}</legend>
          {candidates.length === 0 ? <p class="small muted">{t('forms.builder.summaryNone')}</p> : null}
          {candidates.map((f) => {
            const on = summary.includes(f.key);
            return (
              <label key={f.key} class={`fb-chip ${on ? 'is-on' : ''}`}>
                <input
                  type="checkbox"
                  checked={on}
                  disabled={!on && summary.length >= 4}
                  onChange={() => {
                    const next = on ? summary.filter((k) => k !== f.key) : [...summary, f.key];
                    set({ summaryFields: next.length ? next : undefined });
                  }}
                />
                <span>{f.label}</span>
                <span class="xsmall muted">{typeName(f.type)}</span>
              </label>
            );
          })}
        </fieldset>
      </Card>
    </div>
  );
}
