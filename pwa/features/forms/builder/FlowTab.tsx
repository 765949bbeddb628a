// The 流程 tab: the flow chain with the selected node's properties beside it (desktop) or in a sheet (phones).
import { useEffect, useState } from 'preact/hooks';
import type { Flow, FlowNode } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { Dialog } from '../../../ui';
import type { FormDraftSave } from './api-builder';
import { FlowCanvas } from './FlowEditor';
import { getNode, insertNode, isInner, makeNode, moveNode, removeNode, samePath, updateNode, type NodePath } from './flow-state';
import type { PlacedProblem } from './problems';
import { NodeEditor } from './NodeEditor';
import { useMedia } from './use-builder';

export function FlowTab({
  draft,
  update,
  selected,
  setSelected,
  problems,
  reveal,
  onRevealed,
}: {
  draft: FormDraftSave;
  update: (fn: (d: FormDraftSave) => FormDraftSave) => void;
  selected: NodePath | null;
  setSelected: (p: NodePath | null) => void;
  problems: PlacedProblem[];
  /** A problem was picked: on phones open the selected node's sheet. */
  reveal: boolean;
  onRevealed: () => void;
}) {
  const wide = useMedia('(min-width: 1024px)');
  const [sheet, setSheet] = useState(false);
  useEffect(() => {
    if (!reveal) return;
    onRevealed();
    if (!wide && selected) setSheet(true);
  }, [reveal]);
  const setFlow = (fn: (f: Flow) => Flow) => update((d) => ({ ...d, flow: fn(d.flow) }));
  const node = selected ? getNode(draft.flow, selected) : null;
  const badPaths = problems.flatMap((p) => (p.target.tab === 'flow' ? [p.target.path] : []));
  const texts = {
    approve: t('forms.builder.node.approve'),
    cc: t('forms.builder.node.cc'),
    branch: t('forms.builder.node.branch'),
    condition: (n: number) => t('forms.builder.conditionN', { n }),
    otherwise: t('forms.builder.otherwise'),
  };

  const select = (p: NodePath | null) => {
    setSelected(p);
    if (!wide && p) setSheet(true);
  };

  const canvas = (
    <FlowCanvas
      flow={draft.flow}
      schema={draft.schema}
      selected={selected}
      badPaths={badPaths}
      actions={{
        select,
        add: (at, type) => {
          const n: FlowNode = makeNode(type, draft.flow, texts);
          setFlow((f) => insertNode(f, at, n));
          select(at);
        },
        move: (p, delta) => {
          const r = moveNode(draft.flow, p, delta);
          setFlow(() => r.flow);
          if (samePath(selected, p)) setSelected(r.path);
        },
        remove: (p) => {
          setFlow((f) => removeNode(f, p));
          setSelected(null);
          setSheet(false);
        },
      }}
    />
  );

  const editor = node ? (
    <NodeEditor
      key={node.id}
      node={node}
      schema={draft.schema}
      onChange={(n) => selected && setFlow((f) => updateNode(f, selected, () => n))}
      onRemove={() => {
        if (selected) setFlow((f) => removeNode(f, selected));
        setSelected(null);
        setSheet(false);
      }}
    />
  ) : (
    <div class="fb-props-empty">
      <p class="strong">{t('forms.builder.noNodeSelected')}</p>
      <p class="small muted">{t('forms.builder.noNodeSelectedHint')}</p>
    </div>
  );

  if (wide) {
    return (
      <div class="fb-flow-cols">
        <div class="fb-col fb-col-flow">{canvas}</div>
        <aside class="fb-col fb-col-props" aria-label={t('forms.builder.properties')}>
          {editor}
        </aside>
      </div>
    );
  }
  return (
    <div class="fb-narrow">
      {canvas}
      <Dialog open={sheet && !!node} onClose={() => setSheet(false)} title={node && selected && isInner(selected) ? t('forms.builder.innerNodeTitle') : t('forms.builder.nodeTitle')}>
        {editor}
      </Dialog>
    </div>
  );
}
