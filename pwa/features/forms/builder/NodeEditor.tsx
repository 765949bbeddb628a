// The properties of the selected flow node: an approval (name, approvers, 依次/会签/或签 with what each means,
// reminder hours), a CC (name, recipients) or a condition branch (branches in priority order, each with a
// condition over the form's fields and the initiator's department or role; the last may be the default).
import type { BranchNode, Condition, FlowNode, FormSchema } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { Button, Icon, Switch, TextField } from '../../../ui';
import { allFields, replaceAt } from './builder-state';
import { ApproverEditor } from './ApproverEditor';
import { ConditionEditor } from './ConditionEditor';
import { NumInput } from './FieldExtras';
import { addBranch, canMoveBranch, hasDefault, moveBranch, removeBranch, setLastDefault } from './flow-state';

const MODES = ['sequential', 'all', 'any'] as const;

function BranchEditor({ node, schema, onChange }: { node: BranchNode; schema: FormSchema; onChange: (n: BranchNode) => void }) {
  const fields = allFields(schema).filter((f) => f.type !== 'description');
  const last = node.branches.length - 1;
  return (
    <div class="stack">
      <p class="field-hint">{t('forms.builder.branchHint')}</p>
      <ol class="fb-branches">
        {node.branches.map((b, i) => (
          <li key={i} class="fb-branch">
            <div class="fb-jump-head">
              <span class="small strong grow">{b.when ? t('forms.builder.priorityN', { n: i + 1 }) : t('forms.builder.defaultBranch')}</span>
              <button type="button" class="icon-btn" disabled={!canMoveBranch(node, i, -1)} aria-label={t('forms.builder.branchUp', { name: b.name })} onClick={() => onChange(moveBranch(node, i, -1))}>
                <Icon name="arrowUp" size={16} />
              </button>
              <button type="button" class="icon-btn" disabled={!canMoveBranch(node, i, 1)} aria-label={t('forms.builder.branchDown', { name: b.name })} onClick={() => onChange(moveBranch(node, i, 1))}>
                <Icon name="arrowDown" size={16} />
              </button>
              <button type="button" class="icon-btn fb-del" disabled={node.branches.length <= 1} aria-label={t('forms.builder.branchRemove', { name: b.name })} onClick={() => onChange(removeBranch(node, i))}>
                <Icon name="trash" size={16} />
              </button>
            </div>
            <TextField label={t('forms.builder.branchName')} value={b.name} maxLength={100} error={b.name.trim() ? null : t('forms.builder.labelRequired')} onValue={(name) => onChange({ ...node, branches: replaceAt(node.branches, i, { ...b, name }) })} />
            {b.when ? (
              <ConditionEditor
                keepEmpty
                initiator
                value={b.when}
                fields={fields}
                emptyText={t('forms.builder.branchNoRule')}
                onChange={(when) => onChange({ ...node, branches: replaceAt(node.branches, i, { ...b, when: (when ?? { mode: 'all', rules: [] }) as Condition }) })}
              />
            ) : (
              <p class="small text-2">{t('forms.builder.otherwiseText')}</p>
            )}
            {i === last ? <Switch label={t('forms.builder.isDefault')} hint={t('forms.builder.isDefaultHint')} checked={b.when === null} onChange={(v) => onChange(setLastDefault(node, v))} /> : null}
            {b.nodes.length ? <p class="small muted">{t('forms.builder.branchNodes', { n: b.nodes.length })}</p> : null}
          </li>
        ))}
      </ol>
      <div>
        <Button size="sm" icon="plus" disabled={node.branches.length >= 10} onClick={() => onChange(addBranch(node, t('forms.builder.conditionN', { n: node.branches.length + (hasDefault(node) ? 0 : 1) })))}>
          {t('forms.builder.addBranch')}
        </Button>
      </div>
    </div>
  );
}

export function NodeEditor({ node, schema, onChange, onRemove }: { node: FlowNode; schema: FormSchema; onChange: (n: FlowNode) => void; onRemove: () => void }) {
  return (
    <div class="fb-props" role="group" aria-label={t('forms.builder.nodeProps', { name: node.name })}>
      <div class="fb-props-head">
        <h2 class="fb-props-title grow">{t(`forms.builder.node.${node.type}`)}</h2>
        <Button size="sm" variant="danger-ghost" icon="trash" onClick={onRemove}>
          {t('common.delete')}
        </Button>
      </div>
      <TextField label={t('forms.builder.nodeName')} value={node.name} maxLength={100} error={node.name.trim() ? null : t('forms.builder.labelRequired')} onValue={(name) => onChange({ ...node, name })} />
      {node.type === 'approve' ? (
        <>
          <ApproverEditor title={t('forms.builder.approvers')} specs={node.approvers} schema={schema} onChange={(approvers) => onChange({ ...node, approvers })} />
          <fieldset class="fb-fieldset">
            <legend class="fb-legend">{t('forms.builder.mode')}</legend>
            <div class="fb-modes">
              {MODES.map((m) => (
                <label key={m} class={`fb-mode ${node.mode === m ? 'is-on' : ''}`}>
                  <input type="radio" name={`mode-${node.id}`} checked={node.mode === m} onChange={() => onChange({ ...node, mode: m })} />
                  <span class="fb-mode-text">
                    <span class="strong">{t(`forms.approvals.mode.${m}`)}</span>
                    <span class="small text-2">{t(`forms.builder.modeHint.${m}`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <NumInput
            label={t('forms.builder.timeout')}
            integer
            min={1}
            max={720}
            value={node.timeoutHours}
            hint={t('forms.builder.timeoutHint')}
            onValue={(timeoutHours) => {
              const { timeoutHours: _drop, ...rest } = node;
              onChange(timeoutHours ? { ...rest, timeoutHours } : rest);
            }}
          />
        </>
      ) : node.type === 'cc' ? (
        <>
          <ApproverEditor title={t('forms.builder.recipients')} specs={node.recipients} schema={schema} onChange={(recipients) => onChange({ ...node, recipients })} />
          <p class="field-hint">{t('forms.builder.ccHint')}</p>
        </>
      ) : (
        <BranchEditor node={node} schema={schema} onChange={onChange} />
      )}
    </div>
  );
}
