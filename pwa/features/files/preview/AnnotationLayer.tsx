// What sits on one page above the document: existing annotations (SVG shapes and numbered pins), the
// marks being made, and — while a drawing tool is on — the surface that turns taps and drags into marks.
// Positions are page fractions, so everything stays put at any zoom. Only the ink and highlight tools
// take over touch (touch-action: none); otherwise a finger scrolls the document as usual.
import type { JSX } from 'preact';
import { useRef } from 'preact/hooks';
import type { Annotation } from '../../../api/types';
import { t } from '../../../i18n';
import { INK_WIDTH, anchorOf, pinStyle, appendPoint, boxOf, isFromOtherVersion, isTooSmall, shapeBox, strokePath, toPagePoint, type Point } from './annotation-tools';
import { NoteEditor } from './NoteEditor';
import { usePreview } from './preview-store';

interface Gesture {
  pointerId: number;
  start: Point;
  points: Point[];
}

function Shape({ a, aspect, focused, onOpen }: { a: Annotation; aspect: number; focused: boolean; onOpen: () => void }) {
  const s = a.shape;
  if (s.type === 'note') return null;
  const box = shapeBox(s);
  const outline = focused ? (
    <rect
      class="pv-focus-ring"
      x={box.x - 0.006}
      y={(box.y - 0.006 / aspect) * aspect}
      width={box.w + 0.012}
      height={(box.h + 0.012 / aspect) * aspect}
      rx="0.004"
    />
  ) : null;
  if (s.type === 'highlight')
    return (
      <g onClick={onOpen}>
        <rect class="pv-hl pv-hit" x={box.x} y={box.y * aspect} width={box.w} height={box.h * aspect} fill={a.colour} />
        {outline}
      </g>
    );
  return (
    <g onClick={onOpen}>
      {s.strokes.map((st, i) => {
        const d = strokePath(st, aspect);
        return (
          <g key={i}>
            <path class="pv-ink-hit pv-hit" d={d} stroke-width={Math.max(s.width * 4, 0.02)} />
            <path class="pv-ink" d={d} stroke={a.colour} stroke-width={s.width} />
          </g>
        );
      })}
      {outline}
    </g>
  );
}

function Badge({ a, n, focused, old, onOpen }: { a: Annotation; n: number; focused: boolean; old: boolean; onOpen: () => void }) {
  const at = anchorOf(a.shape);
  const isNote = a.shape.type === 'note';
  const label = t('preview.pinLabel', { n, author: a.authorName, text: a.text || t(`preview.kind.${a.shape.type}`) });
  const cls = ['pv-pin', isNote ? 'pv-pin-note' : 'pv-pin-tag', focused ? 'is-focused' : '', a.status === 'resolved' ? 'is-resolved' : '', old ? 'is-old' : '', at.x > 0.7 ? 'tag-left' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <button
      type="button"
      class={cls}
      style={{ left: `${at.x * 100}%`, top: `${at.y * 100}%`, ...pinStyle(a.colour) } as JSX.CSSProperties}
      aria-label={label}
      aria-pressed={focused}
      data-annotation={a.id}
      onClick={(e) => {
        e.stopPropagation();
        onOpen();
      }}
    >
      <span class="pv-pin-num">{n}</span>
      {old ? <span class="pv-old-tag">{t('preview.oldVersion', { n: a.versionNumber })}</span> : null}
    </button>
  );
}

export function AnnotationLayer({ page, aspect }: { page: number; aspect: number }) {
  const store = usePreview();
  const tool = store.tool.value;
  const colour = store.colour.value;
  const focusedId = store.focusedId.value;
  const viewed = store.viewedVersionId.value;
  const sorted = store.sorted.value;
  const pending = store.pending.value;
  const drafts = store.strokes.value.filter((s) => s.page === page);
  const layer = useRef<HTMLDivElement>(null);
  const gesture = useRef<Gesture | null>(null);
  const livePath = useRef<SVGPathElement>(null);
  const liveRect = useRef<SVGRectElement>(null);

  const here = sorted.map((a, i) => ({ a, n: i + 1 })).filter((x) => x.a.page === page);
  const point = (clientX: number, clientY: number) => toPagePoint(layer.current!.getBoundingClientRect(), clientX, clientY);

  const showLive = (g: Gesture) => {
    if (tool === 'ink') livePath.current?.setAttribute('d', strokePath(g.points, aspect));
    else if (tool === 'highlight' && liveRect.current) {
      const b = boxOf(g.start, g.points[g.points.length - 1] ?? g.start);
      liveRect.current.setAttribute('x', String(b.x));
      liveRect.current.setAttribute('y', String(b.y * aspect));
      liveRect.current.setAttribute('width', String(b.w));
      liveRect.current.setAttribute('height', String(b.h * aspect));
    }
  };
  const clearLive = () => {
    livePath.current?.setAttribute('d', '');
    liveRect.current?.setAttribute('width', '0');
  };

  const onPointerDown = (e: PointerEvent) => {
    if ((tool !== 'ink' && tool !== 'highlight') || gesture.current || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    try {
      (e.currentTarget as Element).setPointerCapture(e.pointerId);
    } catch {
      /* a pointer the browser no longer tracks: the stroke still follows moves over the page */
    }
    const p = point(e.clientX, e.clientY);
    gesture.current = { pointerId: e.pointerId, start: p, points: [p] };
    showLive(gesture.current);
  };
  const onPointerMove = (e: PointerEvent) => {
    const g = gesture.current;
    if (!g || g.pointerId !== e.pointerId) return;
    e.preventDefault();
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e]) {
      const p = point(ev.clientX, ev.clientY);
      g.points = tool === 'ink' ? appendPoint(g.points, p, aspect) : [g.start, p];
    }
    showLive(g);
  };
  const onPointerUp = (e: PointerEvent) => {
    const g = gesture.current;
    if (!g || g.pointerId !== e.pointerId) return;
    gesture.current = null;
    clearLive();
    if (tool === 'ink') {
      store.addStroke({ page, colour, points: g.points });
      return;
    }
    const box = boxOf(g.start, g.points[g.points.length - 1] ?? g.start);
    if (isTooSmall(box)) return;
    store.place({ page, colour, shape: { type: 'highlight', from: { x: box.x, y: box.y }, to: { x: box.x + box.w, y: box.y + box.h } } });
  };
  const onPointerCancel = (e: PointerEvent) => {
    if (gesture.current?.pointerId !== e.pointerId) return;
    gesture.current = null;
    clearLive();
  };
  const onClick = (e: MouseEvent) => {
    if (tool !== 'note') return;
    store.place({ page, colour, shape: { type: 'note', at: point(e.clientX, e.clientY) } });
  };

  const pendingBox = pending?.page === page && pending.shape.type === 'highlight' ? shapeBox(pending.shape) : null;
  const pendingAt = pending?.page === page ? anchorOf(pending.shape) : null;

  return (
    <div class={`pv-layer tool-${tool}`} ref={layer}>
      <svg class="pv-shapes" viewBox={`0 0 1 ${aspect}`} preserveAspectRatio="none" aria-hidden="true">
        {here.map(({ a }) => (
          <g
            key={a.id}
            class={`${isFromOtherVersion(a, viewed) ? 'pv-old' : ''} ${a.status === 'resolved' ? 'pv-resolved' : ''}`}
            data-annotation={a.id}
          >
            <Shape a={a} aspect={aspect} focused={a.id === focusedId} onOpen={() => tool === 'select' && store.focus(a.id, false)} />
          </g>
        ))}
        {drafts.map((s, i) => (
          <path key={i} class="pv-ink pv-draft" d={strokePath(s.points, aspect)} stroke={s.colour} stroke-width={INK_WIDTH} />
        ))}
        {pendingBox ? (
          <rect class="pv-hl pv-pending" x={pendingBox.x} y={pendingBox.y * aspect} width={pendingBox.w} height={pendingBox.h * aspect} fill={pending!.colour} />
        ) : null}
        <path ref={livePath} class="pv-ink" d="" stroke={colour} stroke-width={INK_WIDTH} />
        <rect ref={liveRect} class="pv-hl pv-pending" x="0" y="0" width="0" height="0" fill={colour} />
      </svg>
      {tool !== 'select' ? (
        <div
          class="pv-capture"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerCancel}
          onClick={onClick}
          data-page={page}
        />
      ) : null}
      {here.map(({ a, n }) => (
        <Badge key={a.id} a={a} n={n} focused={a.id === focusedId} old={isFromOtherVersion(a, viewed)} onOpen={() => store.focus(a.id, false)} />
      ))}
      {pendingAt && pending?.shape.type === 'note' ? (
        <span class="pv-pin pv-pin-note is-pending" style={{ left: `${pendingAt.x * 100}%`, top: `${pendingAt.y * 100}%`, ...pinStyle(pending.colour) } as JSX.CSSProperties}>
          <span class="pv-pin-num">+</span>
        </span>
      ) : null}
      {pending?.page === page ? <NoteEditor key={`${pending.shape.type}${pendingAt?.x}${pendingAt?.y}`} mark={pending} /> : null}
    </div>
  );
}
