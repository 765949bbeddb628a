// Drag and drop for the builder canvas on pointer events, so one code path serves mouse, pen and touch: a field's
// drag handle (or a palette item) starts a drag after a few pixels of movement; the drop gap is found from the
// rows' boxes (no layout change while dragging, so it never jitters); the page scrolls near the edges; Escape
// cancels. Keyboard users have the 上移/下移 buttons instead.
import { signal } from '@preact/signals';
import type { FieldType } from '../../../../server/lib/form-schema';
import type { FieldAt } from './builder-state';

export type DragSource = { kind: 'field'; key: string; from: FieldAt } | { kind: 'new'; type: FieldType };

export interface DragState {
  source: DragSource;
  label: string;
  x: number;
  y: number;
  /** The gap the item would drop into, or null when the pointer is outside the canvas. */
  target: FieldAt | null;
}

const THRESHOLD = 5;
const EDGE = 56;

/** Which gap of which section list is under (x, y): lists carry data-drop-section, rows data-drop-index. */
export function dropTargetAt(root: HTMLElement, x: number, y: number, strict: boolean): FieldAt | null {
  const box = root.getBoundingClientRect();
  if (strict && (x < box.left || x > box.right || y < box.top || y > box.bottom)) return null;
  const lists = Array.from(root.querySelectorAll<HTMLElement>('[data-drop-section]'));
  if (!lists.length) return null;
  // The list under the pointer, else the nearest one vertically.
  let best: HTMLElement | null = null;
  let bestDist = Infinity;
  for (const l of lists) {
    const r = l.getBoundingClientRect();
    const dist = y < r.top ? r.top - y : y > r.bottom ? y - r.bottom : 0;
    if (dist < bestDist) {
      bestDist = dist;
      best = l;
    }
  }
  if (!best) return null;
  const section = Number(best.dataset.dropSection);
  const rows = Array.from(best.querySelectorAll<HTMLElement>(':scope > [data-drop-index]'));
  let index = rows.length;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!.getBoundingClientRect();
    if (y < r.top + r.height / 2) {
      index = i;
      break;
    }
  }
  return { section, index };
}

function scrollParent(el: HTMLElement | null): HTMLElement | null {
  for (let n = el; n; n = n.parentElement) {
    const o = getComputedStyle(n).overflowY;
    if ((o === 'auto' || o === 'scroll') && n.scrollHeight > n.clientHeight) return n;
  }
  return null;
}

export function createDnd(onDrop: (source: DragSource, target: FieldAt) => void) {
  const state = signal<DragState | null>(null);
  let canvas: HTMLElement | null = null;
  let frame = 0;
  let lastY = 0;
  /** Set right after a drag ends so the click that follows pointerup does not also "tap" the item. */
  let justDragged = false;

  const autoscroll = () => {
    frame = 0;
    const s = state.value;
    if (!s) return;
    const scroller = scrollParent(canvas);
    const top = scroller ? scroller.getBoundingClientRect().top : 0;
    const bottom = scroller ? scroller.getBoundingClientRect().bottom : window.innerHeight;
    const dy = lastY < top + EDGE ? -12 : lastY > bottom - EDGE ? 12 : 0;
    if (dy) {
      if (scroller) scroller.scrollTop += dy;
      else window.scrollBy(0, dy);
      if (canvas) state.value = { ...s, target: dropTargetAt(canvas, s.x, s.y, s.source.kind === 'new') };
      frame = requestAnimationFrame(autoscroll);
    }
  };

  /** Call from a pointerdown handler; the drag starts once the pointer has moved a few pixels. */
  function start(e: PointerEvent, source: DragSource, label: string): void {
    if (e.button !== 0) return;
    const x0 = e.clientX;
    const y0 = e.clientY;
    let active = false;
    const move = (ev: PointerEvent) => {
      if (!active) {
        if (Math.hypot(ev.clientX - x0, ev.clientY - y0) < THRESHOLD) return;
        active = true;
      }
      ev.preventDefault();
      lastY = ev.clientY;
      const target = canvas ? dropTargetAt(canvas, ev.clientX, ev.clientY, source.kind === 'new') : null;
      state.value = { source, label, x: ev.clientX, y: ev.clientY, target };
      if (!frame) frame = requestAnimationFrame(autoscroll);
    };
    const end = (commit: boolean) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', cancel);
      window.removeEventListener('keydown', key, true);
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      const s = state.value;
      state.value = null;
      if (active) {
        justDragged = true;
        setTimeout(() => (justDragged = false), 0);
      }
      if (commit && active && s?.target) onDrop(s.source, s.target);
    };
    const up = () => end(true);
    const cancel = () => end(false);
    const key = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape') {
        ev.preventDefault();
        end(false);
      }
    };
    window.addEventListener('pointermove', move, { passive: false });
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', cancel);
    window.addEventListener('keydown', key, true);
  }

  return {
    state,
    start,
    /** The canvas element holding the section lists. */
    setCanvas: (el: HTMLElement | null) => {
      canvas = el;
    },
    /** true during the click event that ends a drag. */
    wasDrag: () => justDragged,
  };
}

export type Dnd = ReturnType<typeof createDnd>;
