// Who approves (or is copied on) a flow node: named people, a role, the initiator's supervisor N levels up, a
// department head (the initiator's department or a chosen one), or a person the initiator picks in a field.
import { useState } from 'preact/hooks';
import type { ApproverSpec, FormSchema } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { Button, Icon } from '../../../ui';
import { DepartmentPicker } from '../renderer/DepartmentPicker';
import { PersonPicker } from '../renderer/PersonPicker';
import { moveItem, removeAt, replaceAt } from './builder-state';
import { APPROVER_KINDS, newApprover, personFields, type ApproverKind } from './flow-state';

const ROLES = ['admin', 'principal', 'dept_head', 'it'] as const;

function Detail({ spec, schema, onChange, n }: { spec: ApproverSpec; schema: FormSchema; onChange: (s: ApproverSpec) => void; n: number }) {
  const label = t('forms.builder.approverDetail', { n });
  switch (spec.kind) {
    case 'person':
      return <PersonPicker label={label} hideLabel value={spec.userId ? [spec.userId] : []} onChange={(ids) => ids[0] && onChange({ kind: 'person', userId: ids[ids.length - 1]! })} />;
    case 'role':
      return (
        <select class="input select fb-input-sm" aria-label={label} value={spec.role} onChange={(e) => onChange({ kind: 'role', role: (e.currentTarget as HTMLSelectElement).value as (typeof ROLES)[number] })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`forms.builder.role.${r}`)}
            </option>
          ))}
        </select>
      );
    case 'supervisor':
      return (
        <select class="input select fb-input-sm" aria-label={label} value={String(spec.level)} onChange={(e) => onChange({ kind: 'supervisor', level: Number((e.currentTarget as HTMLSelectElement).value) })}>
          {[1, 2, 3, 4, 5].map((l) => (
            <option key={l} value={l}>
              {l === 1 ? t('forms.builder.supervisor1') : t('forms.builder.supervisorN', { n: l })}
            </option>
          ))}
        </select>
      );
    case 'deptHead':
      return (
        <div class="stack-sm">
          <select
            class="input select fb-input-sm"
            aria-label={label}
            value={spec.departmentId === undefined ? 'own' : 'chosen'}
            onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value === 'own' ? { kind: 'deptHead' } : { kind: 'deptHead', departmentId: spec.departmentId ?? '' })}
          >
            <option value="own">{t('forms.builder.deptHeadOwn')}</option>
            <option value="chosen">{t('forms.builder.deptHeadChosen')}</option>
          </select>
          {spec.departmentId !== undefined ? (
            <DepartmentPicker
              label={t('forms.builder.chooseDepartment')}
              hideLabel
              value={spec.departmentId ? [spec.departmentId] : []}
              onChange={(ids) => onChange(ids.length ? { kind: 'deptHead', departmentId: ids[ids.length - 1]! } : { kind: 'deptHead', departmentId: '' })}
            />
          ) : null}
        </div>
      );
    case 'field': {
      const fields = personFields(schema);
      return (
        <select class="input select fb-input-sm" aria-label={label} value={spec.fieldKey} onChange={(e) => onChange({ kind: 'field', fieldKey: (e.currentTarget as HTMLSelectElement).value })}>
          {!fields.some((f) => f.key === spec.fieldKey) ? <option value={spec.fieldKey}>{t('forms.builder.missingField', { key: spec.fieldKey })}</option> : null}
          {fields.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </select>
      );
    }
  }
}

export function ApproverEditor({ specs, onChange, schema, title }: { specs: ApproverSpec[]; onChange: (s: ApproverSpec[]) => void; schema: FormSchema; title: string }) {
  const [picking, setPicking] = useState(false);
  const hasPersonField = personFields(schema).length > 0;
  const full = specs.length >= 20;
  const add = (kind: ApproverKind) => {
    if (kind === 'person') return setPicking(true);
    const s = newApprover(kind, schema);
    if (s) onChange([...specs, s]);
  };
  return (
    <fieldset class="fb-fieldset">
      <legend class="fb-legend">{title}</legend>
      {specs.length === 0 ? <p class="field-error">{t('forms.builder.needApprover')}</p> : null}
      <ol class="fb-approvers">
        {specs.map((s, i) => (
          <li key={i} class="fb-approver">
            <div class="fb-approver-head">
              <span class="fb-approver-kind">{t(`forms.builder.kind.${s.kind}`)}</span>
              <span class="grow" />
              <button type="button" class="icon-btn" disabled={i === 0} aria-label={t('forms.builder.approverUp', { n: i + 1 })} onClick={() => onChange(moveItem(specs, i, -1))}>
                <Icon name="arrowUp" size={16} />
              </button>
              <button type="button" class="icon-btn" disabled={i === specs.length - 1} aria-label={t('forms.builder.approverDown', { n: i + 1 })} onClick={() => onChange(moveItem(specs, i, 1))}>
                <Icon name="arrowDown" size={16} />
              </button>
              <button type="button" class="icon-btn fb-del" aria-label={t('forms.builder.approverRemove', { n: i + 1 })} onClick={() => onChange(removeAt(specs, i))}>
                <Icon name="close" size={16} />
              </button>
            </div>
            <Detail spec={s} schema={schema} n={i + 1} onChange={(next) => onChange(replaceAt(specs, i, next))} />
          </li>
        ))}
      </ol>
      {picking ? (
        <div class="fb-picking stack-sm">
          <PersonPicker
            label={t('forms.builder.pickPeople')}
            multiple
            value={[]}
            onChange={(ids) => {
              const have = new Set(specs.flatMap((s) => (s.kind === 'person' ? [s.userId] : [])));
              const add = ids.filter((id) => !have.has(id)).map((userId): ApproverSpec => ({ kind: 'person', userId }));
              if (add.length) onChange([...specs, ...add].slice(0, 20));
            }}
          />
          <div>
            <Button size="sm" variant="ghost" onClick={() => setPicking(false)}>
              {t('forms.builder.donePicking')}
            </Button>
          </div>
        </div>
      ) : null}
      <div class="fb-add-kinds" role="group" aria-label={t('forms.builder.addApprover')}>
        {APPROVER_KINDS.map((k) => (
          <Button key={k} size="sm" icon="plus" disabled={full || (k === 'field' && !hasPersonField)} onClick={() => add(k)} title={k === 'field' && !hasPersonField ? t('forms.builder.needPersonField') : undefined}>
            {t(`forms.builder.kind.${k}`)}
          </Button>
        ))}
      </div>
      {!hasPersonField ? <p class="field-hint">{t('forms.builder.needPersonField')}</p> : null}
    </fieldset>
  );
}
