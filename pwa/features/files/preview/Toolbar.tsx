// The annotation tools (select/pan, note, highlight, ink), pen colour, undo, save for ink, and zoom.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { Spinner } from '../../../ui';
import { COLOUR_NAMES, PEN_COLOURS, TOOLS, type Tool } from './annotation-tools';
import { PvIcon, type PreviewIconName } from './preview-icons';
import { usePreview } from './preview-store';

const TOOL_ICONS: Record<Tool, PreviewIconName> = { select: 'hand', note: 'note', highlight: 'marker', ink: 'pen' };

function ColourButton() {
  const store = usePreview();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const current = store.colour.value;

  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);

  return (
    <div class="pv-colour" ref={box}>
      <button
        type="button"
        class="pv-tool"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={t('preview.colourCurrent', { colour: t(`preview.colours.${COLOUR_NAMES[current]}`) })}
        title={t('preview.colour')}
        onClick={() => setOpen(!open)}
      >
        <span class="pv-swatch pv-swatch-lg" style={{ background: current }} />
      </button>
      {open ? (
        <div class="pv-colour-pop" role="group" aria-label={t('preview.colour')}>
          {PEN_COLOURS.map((c) => (
            <button
              key={c}
              type="button"
              class="pv-colour-opt"
              aria-pressed={c === current}
              aria-label={t(`preview.colours.${COLOUR_NAMES[c]}`)}
              title={t(`preview.colours.${COLOUR_NAMES[c]}`)}
              onClick={() => {
                store.colour.value = c;
                setOpen(false);
              }}
            >
              <span class="pv-swatch pv-swatch-lg" style={{ background: c }} />
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

export function Toolbar() {
  const store = usePreview();
  const tool = store.tool.value;
  const drafts = store.strokes.value.length;
  const pct = Math.round(store.zoom.value * 100);
  return (
    <div class="pv-toolbar" role="toolbar" aria-label={t('preview.tools')}>
      <div class="pv-toolgroup" role="group" aria-label={t('preview.toolsGroup')}>
        {TOOLS.map((x) => (
          <button
            key={x}
            type="button"
            class="pv-tool"
            aria-pressed={tool === x}
            aria-label={t(`preview.tool.${x}`)}
            title={t(`preview.tool.${x}`)}
            onClick={() => store.setTool(x)}
          >
            <PvIcon name={TOOL_ICONS[x]} />
          </button>
        ))}
      </div>
      <span class="pv-sep" aria-hidden="true" />
      <ColourButton />
      <button
        type="button"
        class="pv-tool"
        aria-label={t('preview.undo')}
        title={t('preview.undo')}
        disabled={!store.canUndo.value || store.saving.value}
        onClick={() => void store.undo()}
      >
        <PvIcon name="undo" />
      </button>
      {drafts > 0 ? (
        <button type="button" class="pv-save" onClick={() => void store.saveInk()} disabled={store.saving.value}>
          {store.saving.value ? <Spinner size={14} /> : null}
          {t('preview.saveInk', { n: drafts })}
        </button>
      ) : null}
      <span class="pv-grow" />
      <div class="pv-toolgroup" role="group" aria-label={t('preview.zoom')}>
        <button type="button" class="pv-tool" aria-label={t('preview.zoomOut')} title={t('preview.zoomOut')} onClick={() => store.zoomStep(-1)}>
          <PvIcon name="zoomOut" />
        </button>
        <span class="pv-zoom-pct" aria-live="polite" aria-label={t('preview.zoomLevel', { pct })}>
          {pct}%
        </span>
        <button type="button" class="pv-tool" aria-label={t('preview.zoomIn')} title={t('preview.zoomIn')} onClick={() => store.zoomStep(1)}>
          <PvIcon name="zoomIn" />
        </button>
        <button
          type="button"
          class="pv-tool"
          aria-pressed={store.fit.value}
          aria-label={t('preview.fitWidth')}
          title={t('preview.fitWidth')}
          onClick={() => store.fitWidth()}
        >
          <PvIcon name="fitWidth" />
        </button>
      </div>
    </div>
  );
}

/** One line saying what the active tool does, over the document. */
export function ToolHint() {
  const store = usePreview();
  const tool = store.tool.value;
  if (tool === 'select' || store.pending.value) return null;
  return (
    <p class="pv-hint" role="status">
      {t(`preview.toolHint.${tool}`)}
    </p>
  );
}
