// A handwritten signature: draw with a finger, pen or mouse (pointer events, no page scrolling while drawing),
// sharp on high-density screens (the canvas is scaled by devicePixelRatio), clear and sign again. The value is a
// PNG data URL small enough for the server's limit (300 000 characters): it is drawn again smaller if needed.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { SIGNATURE_MAX_CHARS } from '../../../../server/lib/form-validate';
import { t } from '../../../i18n';
import { Button } from '../../../ui';

type Point = { x: number; y: number; w: number };
type Stroke = Point[];

const HEIGHT = 180;
const INK = '#1b2230';

function drawStrokes(ctx: CanvasRenderingContext2D, strokes: Stroke[], scale: number): void {
  ctx.save();
  ctx.scale(scale, scale);
  ctx.strokeStyle = INK;
  ctx.fillStyle = INK;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const s of strokes) {
    if (s.length === 1) {
      ctx.beginPath();
      ctx.arc(s[0]!.x, s[0]!.y, s[0]!.w / 2, 0, Math.PI * 2);
      ctx.fill();
      continue;
    }
    for (let i = 1; i < s.length; i++) {
      const a = s[i - 1]!;
      const b = s[i]!;
      ctx.lineWidth = (a.w + b.w) / 2;
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      ctx.stroke();
    }
  }
  ctx.restore();
}

/** The strokes as a PNG data URL within the size limit (smaller scales until it fits). */
export function exportSignature(strokes: Stroke[], width: number, height: number, dpr: number, limit = SIGNATURE_MAX_CHARS): string | null {
  if (!strokes.length) return null;
  let scale = Math.min(Math.max(dpr, 1), 2);
  for (let attempt = 0; attempt < 6; attempt++) {
    const c = document.createElement('canvas');
    c.width = Math.max(1, Math.round(width * scale));
    c.height = Math.max(1, Math.round(height * scale));
    const ctx = c.getContext('2d');
    if (!ctx) return null;
    drawStrokes(ctx, strokes, scale);
    const url = c.toDataURL('image/png');
    if (url.length <= limit) return url;
    scale *= 0.7;
  }
  return null;
}

export interface SignaturePadProps {
  value: string | null;
  onChange: (v: string | null) => void;
  label: string;
  /** Optional extras for use inside a form field. */
  id?: string;
  hideLabel?: boolean;
  describedBy?: string;
  invalid?: boolean;
  disabled?: boolean;
  /** A smaller size limit than the forms' (another module's server may accept less). */
  maxChars?: number;
}

export function SignaturePad({ value, onChange, label, id, hideLabel, describedBy, invalid, disabled, maxChars }: SignaturePadProps) {
  const auto = useId();
  const padId = id ?? `sig-${auto}`;
  const [editing, setEditing] = useState(!value);
  const [hasInk, setHasInk] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Stroke[]>([]);
  const current = useRef<Stroke | null>(null);
  const size = useRef({ w: 0, h: HEIGHT, dpr: 1 });

  const redraw = () => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.clearRect(0, 0, c.width, c.height);
    drawStrokes(ctx, strokes.current, size.current.dpr);
  };

  // Size the canvas to its box in device pixels; keep the drawing when the box changes (rotation).
  useEffect(() => {
    if (!editing) return;
    const el = wrap.current;
    const c = canvas.current;
    if (!el || !c) return;
    const fit = () => {
      const w = el.clientWidth;
      const dpr = window.devicePixelRatio || 1;
      size.current = { w, h: HEIGHT, dpr };
      c.width = Math.round(w * dpr);
      c.height = Math.round(HEIGHT * dpr);
      c.style.width = `${w}px`;
      c.style.height = `${HEIGHT}px`;
      redraw();
    };
    fit();
    const ro = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(fit) : null;
    ro?.observe(el);
    return () => ro?.disconnect();
  }, [editing]);

  const pointAt = (e: PointerEvent): Point => {
    const r = canvas.current!.getBoundingClientRect();
    // Pens vary the width with pressure; fingers and mice draw a steady line.
    const w = e.pointerType === 'pen' && e.pressure > 0 ? 1.2 + e.pressure * 2.6 : 2.4;
    return { x: e.clientX - r.left, y: e.clientY - r.top, w };
  };

  const finish = () => {
    if (!current.current) return;
    current.current = null;
    const { w, h, dpr } = size.current;
    onChange(exportSignature(strokes.current, w, h, dpr, maxChars));
  };

  const clear = () => {
    strokes.current = [];
    current.current = null;
    setHasInk(false);
    redraw();
    onChange(null);
  };

  const labelEl = (
    <span id={`${padId}-label`} class={hideLabel ? 'sr-only' : 'field-label'}>
      {label}
    </span>
  );

  if (!editing && value) {
    return (
      <div class="sig">
        {labelEl}
        <div class="sig-done">
          <img id={padId} tabIndex={-1} class="sig-img" src={value} alt={t('forms.field.signatureOf', { label })} aria-describedby={describedBy} />
        </div>
        {!disabled ? (
          <div class="sig-actions">
            <Button
              size="sm"
              icon="pen"
              onClick={() => {
                strokes.current = [];
                setHasInk(false);
                setEditing(true);
                onChange(null);
              }}
            >
              {t('forms.field.signAgain')}
            </Button>
          </div>
        ) : null}
      </div>
    );
  }

  return (
    <div class={`sig ${invalid ? 'sig-invalid' : ''}`}>
      {labelEl}
      <div ref={wrap} class="sig-pad">
        <canvas
          id={padId}
          ref={canvas}
          tabIndex={disabled ? -1 : 0}
          role="img"
          aria-labelledby={`${padId}-label`}
          aria-describedby={[`${padId}-hint`, describedBy].filter(Boolean).join(' ')}
          aria-invalid={invalid ? 'true' : undefined}
          class="sig-canvas"
          onPointerDown={(e) => {
            if (disabled || (e.pointerType === 'mouse' && e.button !== 0)) return;
            e.preventDefault();
            canvas.current?.setPointerCapture(e.pointerId);
            const s: Stroke = [pointAt(e)];
            current.current = s;
            strokes.current.push(s);
            setHasInk(true);
            redraw();
          }}
          onPointerMove={(e) => {
            const s = current.current;
            if (!s) return;
            const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
            for (const ev of events.length ? events : [e]) s.push(pointAt(ev));
            redraw();
          }}
          onPointerUp={finish}
          onPointerCancel={finish}
        />
        {!hasInk ? (
          <span class="sig-placeholder" aria-hidden="true">
            {t('forms.field.signHere')}
          </span>
        ) : null}
        <span class="sig-line" aria-hidden="true" />
      </div>
      <div class="sig-actions">
        <span id={`${padId}-hint`} class="fr-help">
          {t('forms.field.signHint')}
        </span>
        <Button size="sm" variant="ghost" disabled={disabled || !hasInk} onClick={clear}>
          {t('forms.field.clearSignature')}
        </Button>
      </div>
    </div>
  );
}
