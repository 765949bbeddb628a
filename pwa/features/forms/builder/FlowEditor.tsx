// The 流程 tab: the approval flow as a vertical chain like DingTalk's — 发起人 → nodes → 结束 — with "+" between
// nodes to add an approval, a CC or a condition branch; branches show side by side (stacked on phones) with
// their own nodes. Selecting a node opens its properties (NodeEditor.tsx). The engine's automatic rules are
// explained underneath.
import { useState } from 'preact/hooks';
import type { ApproverSpec, Condition, Flow, FlowNode, FormField, FormSchema } from '../../../../server/lib/form-schema';
import { t, tMaybe } from '../../../i18n';
import { Badge, Icon } from '../../../ui';
import { personNames } from '../renderer/api-renderer';
import { allFields } from './builder-state';
import { GlyphIcon } from './field-meta';
import { canMoveNode, isInner, samePath, type NodePath } from './flow-state';
import './flow.css';

export interface FlowActions {
  select: (p: NodePath) => void;
  add: (at: NodePath, type: FlowNode['type']) => void;
  move: (p: NodePath, delta: -1 | 1) => void;
  remove: (p: NodePath) => void;
}

export function approverText(s: ApproverSpec, fields: readonly FormField[]): string {
  switch (s.kind) {
    case 'person':
      return personNames.get(s.userId) ?? t('forms.builder.kind.person');
    case 'role':
      return t(`forms.builder.role.${s.role}`);
    case 'supervisor':
      return s.level === 1 ? t('forms.builder.supervisor1') : t('forms.builder.supervisorN', { n: s.level });
    case 'deptHead':
      return s.departmentId === undefined ? t('forms.builder.deptHeadOwnShort') : t('forms.builder.deptHeadChosenShort');
    case 'field':
      return t('forms.builder.fieldChosen', { name: fields.find((f) => f.key === s.fieldKey)?.label ?? s.fieldKey });
  }
}

export function conditionText(c: Condition | null, fields: readonly FormField[]): string {
  if (!c) return t('forms.builder.otherwiseText');
  const rule = (r: Condition['rules'][number]) => {
    const name =
      r.field === '$initiator.department' ? t('forms.builder.initiatorDepartment') : r.field === '$initiator.role' ? t('forms.builder.initiatorRole') : (fields.find((f) => f.key === r.field)?.label ?? r.field);
    const f = fields.find((x) => x.key === r.field);
    const opts = f && 'options' in f ? f.options : [];
    const v = r.value;
    const one = (x: string | number | boolean) => (typeof x === 'string' ? (opts.find((o) => o.value === x)?.label ?? (r.field === '$initiator.role' ? (tMaybe(`forms.builder.role.${x}`) ?? x) : x)) : String(x));
    const shown = v === undefined ? '' : Array.isArray(v) ? (r.field === '$initiator.department' || f?.type === 'person' || f?.type === 'department' ? t('forms.builder.nItems', { n: v.length }) : v.map(one).join('、')) : one(v);
    return `${name} ${t(`forms.builder.op.${r.op}`)} ${shown}`.trim();
  };
  const join = (mode: Condition['mode']) => (mode === 'all' ? t('forms.builder.and') : t('forms.builder.or'));
  const parts = [...c.rules.map(rule), ...(c.groups ?? []).map((g) => `(${g.rules.map(rule).join(join(g.mode))})`)];
  return parts.length ? parts.join(join(c.mode)) : t('forms.builder.noCondition');
}

function AddGap({ at, inBranch, actions, label }: { at: NodePath; inBranch?: boolean; actions: FlowActions; label: string }) {
  const [open, setOpen] = useState(false);
  const types: FlowNode['type'][] = inBranch ? ['approve', 'cc'] : ['approve', 'cc', 'branch'];
  return (
    <div class="ff-gap">
      <span class="ff-line" aria-hidden="true" />
      <button type="button" class="ff-plus" aria-expanded={open} aria-label={label} onClick={() => setOpen(!open)}>
        <Icon name={open ? 'close' : 'plus'} size={16} />
      </button>
      {open ? (
        <div class="ff-add-menu" role="group" aria-label={label}>
          {types.map((ty) => (
            <button
              key={ty}
              type="button"
              class={`ff-add-item ff-kind-${ty}`}
              onClick={() => {
                setOpen(false);
                actions.add(at, ty);
              }}
            >
              {ty === 'branch' ? <GlyphIcon name="branch" size={18} /> : <Icon name={ty === 'approve' ? 'stamp' : 'forward'} size={18} />}
              <span>{t(`forms.builder.node.${ty}`)}</span>
            </button>
          ))}
        </div>
      ) : null}
      <span class="ff-line" aria-hidden="true" />
    </div>
  );
}

function NodeTools({ flow, path, actions, name }: { flow: Flow; path: NodePath; actions: FlowActions; name: string }) {
  return (
    <span class="ff-tools">
      <button type="button" class="icon-btn" disabled={!canMoveNode(flow, path, -1)} aria-label={t('forms.builder.nodeUp', { name })} onClick={() => actions.move(path, -1)}>
        <Icon name="arrowUp" size={16} />
      </button>
      <button type="button" class="icon-btn" disabled={!canMoveNode(flow, path, 1)} aria-label={t('forms.builder.nodeDown', { name })} onClick={() => actions.move(path, 1)}>
        <Icon name="arrowDown" size={16} />
      </button>
      <button type="button" class="icon-btn fb-del" aria-label={t('forms.builder.nodeRemove', { name })} onClick={() => actions.remove(path)}>
        <Icon name="trash" size={16} />
      </button>
    </span>
  );
}

function NodeCard({ node, path, flow, fields, selected, bad, actions }: { node: Exclude<FlowNode, { type: 'branch' }>; path: NodePath; flow: Flow; fields: FormField[]; selected: boolean; bad: boolean; actions: FlowActions }) {
  const specs = node.type === 'approve' ? node.approvers : node.recipients;
  const who = specs.map((s) => approverText(s, fields)).join('、') || t('forms.builder.needApprover');
  return (
    <div class={`ff-node ff-kind-${node.type} ${selected ? 'is-selected' : ''} ${bad ? 'is-bad' : ''}`}>
      <div class="ff-node-head">
        <Icon name={node.type === 'approve' ? 'stamp' : 'forward'} size={16} />
        <span class="grow ellipsis">{node.name}</span>
        <NodeTools flow={flow} path={path} actions={actions} name={node.name} />
      </div>
      <button type="button" class="ff-node-body" aria-pressed={selected} onClick={() => actions.select(path)}>
        <span class="ff-who">{who}</span>
        {node.type === 'approve' ? (
          <span class="ff-meta">
            {specs.length > 1 ? t(`forms.approvals.mode.${node.mode}`) : null}
            {node.timeoutHours ? <span>{t('forms.builder.timeoutShort', { n: node.timeoutHours })}</span> : null}
          </span>
        ) : null}
        {bad ? <span class="small danger-text">{t('forms.builder.hasProblem')}</span> : null}
        <Icon name="chevronRight" size={16} class="ff-go" />
      </button>
    </div>
  );
}

export function FlowCanvas({ flow, schema, selected, badPaths, actions }: { flow: Flow; schema: FormSchema; selected: NodePath | null; badPaths: readonly NodePath[]; actions: FlowActions }) {
  const fields = allFields(schema).filter((f) => f.type !== 'description');
  const isBad = (p: NodePath) => badPaths.some((b) => samePath(b, p) || (!isInner(p) && b.index === p.index && isInner(b)));
  return (
    <div class="ff">
      <div class="ff-cap ff-start">
        <GlyphIcon name="start" size={18} />
        <div>
          <div class="strong">{t('forms.builder.startNode')}</div>
          <div class="small muted">{t('forms.builder.startNodeHint')}</div>
        </div>
      </div>
      <AddGap at={{ index: 0 }} actions={actions} label={t('forms.builder.addNodeAt', { n: 1 })} />
      {flow.nodes.map((node, i) => (
        <div key={node.id} class="ff-step">
          {node.type === 'branch' ? (
            <div class={`ff-branch ${selected && !isInner(selected) && selected.index === i ? 'is-selected' : ''} ${isBad({ index: i }) ? 'is-bad' : ''}`}>
              <div class="ff-node ff-kind-branch">
                <div class="ff-node-head">
                  <GlyphIcon name="branch" size={16} />
                  <span class="grow ellipsis">{node.name}</span>
                  <NodeTools flow={flow} path={{ index: i }} actions={actions} name={node.name} />
                </div>
                <button type="button" class="ff-node-body" aria-pressed={!!selected && samePath(selected, { index: i })} onClick={() => actions.select({ index: i })}>
                  <span class="ff-who">{t('forms.builder.branchSummary', { n: node.branches.length })}</span>
                  <Icon name="chevronRight" size={16} class="ff-go" />
                </button>
              </div>
              <div class="ff-lanes">
                {node.branches.map((b, bi) => (
                  <div key={bi} class="ff-lane">
                    <button type="button" class="ff-cond" onClick={() => actions.select({ index: i })}>
                      <span class="ff-cond-top">
                        <span class="strong ellipsis grow">{b.name}</span>
                        <Badge tone={b.when ? 'primary' : 'neutral'}>{b.when ? t('forms.builder.priorityN', { n: bi + 1 }) : t('forms.builder.defaultBranch')}</Badge>
                      </span>
                      <span class="small text-2 ff-cond-text">{conditionText(b.when, fields)}</span>
                    </button>
                    <AddGap at={{ index: i, branch: bi, inner: 0 }} inBranch actions={actions} label={t('forms.builder.addNodeInBranch', { name: b.name, n: 1 })} />
                    {b.nodes.map((inner, k) => {
                      const p = { index: i, branch: bi, inner: k };
                      return (
                        <div key={inner.id}>
                          <NodeCard node={inner} path={p} flow={flow} fields={fields} selected={!!selected && samePath(selected, p)} bad={badPaths.some((x) => samePath(x, p))} actions={actions} />
                          <AddGap at={{ index: i, branch: bi, inner: k + 1 }} inBranch actions={actions} label={t('forms.builder.addNodeInBranch', { name: b.name, n: k + 2 })} />
                        </div>
                      );
                    })}
                    {b.nodes.length === 0 ? <p class="ff-lane-empty small muted">{t('forms.builder.branchEmpty')}</p> : null}
                  </div>
                ))}
              </div>
            </div>
          ) : (
            <NodeCard node={node} path={{ index: i }} flow={flow} fields={fields} selected={!!selected && samePath(selected, { index: i })} bad={isBad({ index: i })} actions={actions} />
          )}
          <AddGap at={{ index: i + 1 }} actions={actions} label={t('forms.builder.addNodeAt', { n: i + 2 })} />
        </div>
      ))}
      <div class="ff-cap ff-end">
        <GlyphIcon name="flag" size={18} />
        <div>
          <div class="strong">{t('forms.builder.endNode')}</div>
          {flow.nodes.length === 0 ? <div class="small muted">{t('forms.builder.noFlowHint')}</div> : null}
        </div>
      </div>
      <section class="ff-rules" aria-labelledby="ff-rules-title">
        <h3 id="ff-rules-title" class="small strong">
          {t('forms.builder.autoRules')}
        </h3>
        <ul class="small text-2">
          <li>{t('forms.builder.autoInitiator')}</li>
          <li>{t('forms.builder.autoRepeat')}</li>
          <li>{t('forms.builder.autoFallback')}</li>
          <li>{t('forms.builder.autoTimeout')}</li>
        </ul>
      </section>
    </div>
  );
}
