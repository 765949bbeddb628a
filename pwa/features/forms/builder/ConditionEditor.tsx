// A condition (显示条件, a jump's "when", a flow branch): rules joined by 全部/任一, plus groups of rules with their
// own join. Each rule picks a field (only the fields the caller allows: earlier ones for logic), a comparison
// suited to that field, and a value input suited to both (options, number, date, people, departments, roles).
import { useId } from 'preact/hooks';
import type { Condition, ConditionOp, ConditionRule, FormField } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { Button, Icon } from '../../../ui';
import { DepartmentPicker } from '../renderer/DepartmentPicker';
import { PersonPicker } from '../renderer/PersonPicker';
import {
  INITIATOR_DEPARTMENT,
  INITIATOR_ROLE,
  coerceValue,
  newRule,
  operatorsFor,
  removeAt,
  replaceAt,
  subjectOf,
  tidyCondition,
  valueKind,
  type RuleSubject,
} from './builder-state';
import { typeName } from './field-meta';

type Mode = Condition['mode'];
const ROLES = ['admin', 'principal', 'dept_head', 'it', 'staff'] as const;

function opLabel(subject: RuleSubject | null, op: ConditionOp): string {
  if ((subject === 'date' || subject === 'time') && (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte')) return t(`forms.builder.opDate.${op}`);
  if (subject === 'dateRange' && (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte' || op === 'eq')) return t(`forms.builder.opDays.${op}`);
  return t(`forms.builder.op.${op}`);
}

function ModeSelect({ value, onChange, label }: { value: Mode; onChange: (m: Mode) => void; label: string }) {
  const id = useId();
  return (
    <div class="fb-cond-mode">
      <label class="sr-only" for={id}>
        {label}
      </label>
      <select id={id} class="input select fb-input-sm" value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as Mode)}>
        <option value="all">{t('forms.builder.modeAll')}</option>
        <option value="any">{t('forms.builder.modeAny')}</option>
      </select>
    </div>
  );
}

function ValueInput({ rule, field, subject, onChange }: { rule: ConditionRule; field: FormField | undefined; subject: RuleSubject | null; onChange: (v: ConditionRule['value']) => void }) {
  const id = useId();
  if (!subject) return null;
  const kind = valueKind(subject, rule.op);
  const label = t('forms.builder.ruleValue');
  const list = Array.isArray(rule.value) ? rule.value : [];
  const toggle = (v: string) => onChange(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const options = field && 'options' in field ? field.options : [];
  switch (kind) {
    case 'none':
      return null;
    case 'option':
      return (
        <div>
          <label class="sr-only" for={id}>
            {label}
          </label>
          <select id={id} class="input select fb-input-sm" value={typeof rule.value === 'string' ? rule.value : ''} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value || undefined)}>
            <option value="">{t('forms.builder.pickOption')}</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      );
    case 'options':
    case 'roles': {
      const items = kind === 'roles' ? ROLES.map((r) => ({ value: r, label: t(`forms.builder.role.${r}`) })) : options;
      return (
        <fieldset class="fb-chipset">
          <legend class="sr-only">{label}</legend>
          {items.map((o) => (
            <label key={o.value} class={`fb-chip ${list.includes(o.value) ? 'is-on' : ''}`}>
              <input type="checkbox" checked={list.includes(o.value)} onChange={() => toggle(o.value)} />
              <span>{o.label}</span>
            </label>
          ))}
        </fieldset>
      );
    }
    case 'people':
      return <PersonPicker label={label} hideLabel multiple value={list} onChange={(ids) => onChange(ids)} />;
    case 'departments':
      return <DepartmentPicker label={label} hideLabel multiple value={list} onChange={(ids) => onChange(ids)} />;
    case 'number':
      return (
        <div class="fb-value-num">
          <label class="sr-only" for={id}>
            {label}
          </label>
          <input
            id={id}
            class="input fb-input-sm"
            type="number"
            inputMode="decimal"
            step="any"
            value={typeof rule.value === 'number' ? String(rule.value) : ''}
            onInput={(e) => {
              const s = (e.currentTarget as HTMLInputElement).value;
              onChange(s === '' ? undefined : Number(s));
            }}
          />
          {subject === 'dateRange' ? <span class="small muted">{t('forms.builder.daysUnit')}</span> : null}
        </div>
      );
    default:
      return (
        <div>
          <label class="sr-only" for={id}>
            {label}
          </label>
          <input
            id={id}
            class="input fb-input-sm"
            type={kind === 'date' ? 'date' : kind === 'time' ? 'time' : 'text'}
            maxLength={500}
            value={typeof rule.value === 'string' ? rule.value : ''}
            onInput={(e) => onChange((e.currentTarget as HTMLInputElement).value || undefined)}
          />
        </div>
      );
  }
}

function RuleRow({ rule, fields, initiator, onChange, onRemove }: { rule: ConditionRule; fields: FormField[]; initiator: boolean; onChange: (r: ConditionRule) => void; onRemove: () => void }) {
  const fid = useId();
  const oid = useId();
  const subject = subjectOf(rule.field, fields);
  const field = fields.find((f) => f.key === rule.field);
  const ops = subject ? operatorsFor(subject) : [];
  const setValue = (value: ConditionRule['value']) => onChange(value === undefined ? { field: rule.field, op: rule.op } : { ...rule, value });
  return (
    <li class="fb-rule">
      <div class="fb-rule-top">
        <label class="sr-only" for={fid}>
          {t('forms.builder.ruleField')}
        </label>
        <select
          id={fid}
          class={`input select fb-input-sm ${subject ? '' : 'fb-input-bad'}`}
          value={rule.field}
          onChange={(e) => {
            const key = (e.currentTarget as HTMLSelectElement).value;
            const s = subjectOf(key, fields);
            if (s) onChange(newRule(key, s));
          }}
        >
          {!subject ? <option value={rule.field}>{t('forms.builder.missingField', { key: rule.field })}</option> : null}
          {fields.map((f) => (
            <option key={f.key} value={f.key}>
              {`${f.label}（${typeName(f.type)}）`}
            </option>
          ))}
          {initiator ? (
            <>
              <option value={INITIATOR_DEPARTMENT}>{t('forms.builder.initiatorDepartment')}</option>
              <option value={INITIATOR_ROLE}>{t('forms.builder.initiatorRole')}</option>
            </>
          ) : null}
        </select>
        <button type="button" class="icon-btn fb-del" aria-label={t('forms.builder.removeRule')} onClick={onRemove}>
          <Icon name="close" size={18} />
        </button>
      </div>
      {subject ? (
        <div class="fb-rule-bottom">
          <label class="sr-only" for={oid}>
            {t('forms.builder.ruleOp')}
          </label>
          <select
            id={oid}
            class="input select fb-input-sm fb-op"
            value={rule.op}
            onChange={(e) => {
              const op = (e.currentTarget as HTMLSelectElement).value as ConditionOp;
              const value = coerceValue(valueKind(subject, op), rule.value);
              onChange(value === undefined ? { field: rule.field, op } : { field: rule.field, op, value });
            }}
          >
            {ops.map((op) => (
              <option key={op} value={op}>
                {opLabel(subject, op)}
              </option>
            ))}
          </select>
          <div class="grow">
            <ValueInput rule={rule} field={field} subject={subject} onChange={setValue} />
          </div>
        </div>
      ) : null}
    </li>
  );
}

function Rules({ rules, fields, initiator, onChange }: { rules: ConditionRule[]; fields: FormField[]; initiator: boolean; onChange: (r: ConditionRule[]) => void }) {
  return (
    <ul class="fb-rules">
      {rules.map((r, i) => (
        <RuleRow key={i} rule={r} fields={fields} initiator={initiator} onChange={(nr) => onChange(replaceAt(rules, i, nr))} onRemove={() => onChange(removeAt(rules, i))} />
      ))}
    </ul>
  );
}

export function ConditionEditor({
  value,
  onChange,
  fields,
  initiator = false,
  emptyText,
  keepEmpty = false,
}: {
  value: Condition | null | undefined;
  onChange: (c: Condition | undefined) => void;
  /** The fields rules may test (logic: earlier fields only). */
  fields: FormField[];
  /** Offer 发起人部门 / 发起人角色 (approval-flow branches). */
  initiator?: boolean;
  /** Shown when there is no rule yet. */
  emptyText: string;
  /** Keep an empty condition instead of removing it (flow branches must keep theirs). */
  keepEmpty?: boolean;
}) {
  const cond: Condition = value ?? { mode: 'all', rules: [] };
  const groups = cond.groups ?? [];
  const canAdd = fields.length > 0 || initiator;
  const first = (): ConditionRule | null => {
    const f = fields[0];
    if (f) return newRule(f.key, f.type);
    return initiator ? newRule(INITIATOR_DEPARTMENT, INITIATOR_DEPARTMENT) : null;
  };
  const set = (patch: Partial<Condition>) => {
    const next: Condition = { mode: patch.mode ?? cond.mode, rules: patch.rules ?? cond.rules };
    const g = patch.groups ?? groups;
    if (g.length) next.groups = g;
    onChange(keepEmpty ? next : tidyCondition(next));
  };
  const total = cond.rules.length + groups.length;

  return (
    <div class="fb-cond">
      {total === 0 ? <p class="small muted">{canAdd ? emptyText : t('forms.builder.noEarlierFields')}</p> : null}
      {total > 1 || groups.length ? <ModeSelect label={t('forms.builder.joinLabel')} value={cond.mode} onChange={(mode) => set({ mode })} /> : null}
      {cond.rules.length ? <Rules rules={cond.rules} fields={fields} initiator={initiator} onChange={(rules) => set({ rules })} /> : null}
      {groups.map((g, gi) => (
        <div key={gi} class="fb-group">
          <div class="fb-group-head">
            <span class="small strong">{t('forms.builder.groupN', { n: gi + 1 })}</span>
            <ModeSelect label={t('forms.builder.groupJoinLabel', { n: gi + 1 })} value={g.mode} onChange={(mode) => set({ groups: replaceAt(groups, gi, { ...g, mode }) })} />
            <button type="button" class="icon-btn fb-del" aria-label={t('forms.builder.removeGroup', { n: gi + 1 })} onClick={() => set({ groups: removeAt(groups, gi) })}>
              <Icon name="trash" size={18} />
            </button>
          </div>
          <Rules rules={g.rules} fields={fields} initiator={initiator} onChange={(rules) => set({ groups: rules.length ? replaceAt(groups, gi, { ...g, rules }) : removeAt(groups, gi) })} />
          <Button
            size="sm"
            variant="ghost"
            icon="plus"
            disabled={!canAdd || g.rules.length >= 20}
            onClick={() => {
              const r = first();
              if (r) set({ groups: replaceAt(groups, gi, { ...g, rules: [...g.rules, r] }) });
            }}
          >
            {t('forms.builder.addRuleToGroup')}
          </Button>
        </div>
      ))}
      <div class="fb-cond-actions">
        <Button
          size="sm"
          icon="plus"
          disabled={!canAdd || cond.rules.length >= 20}
          onClick={() => {
            const r = first();
            if (r) set({ rules: [...cond.rules, r] });
          }}
        >
          {t('forms.builder.addRule')}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          icon="plus"
          disabled={!canAdd || groups.length >= 10}
          onClick={() => {
            const r = first();
            if (r) set({ groups: [...groups, { mode: 'any', rules: [r] }] });
          }}
        >
          {t('forms.builder.addGroup')}
        </Button>
      </div>
    </div>
  );
}
