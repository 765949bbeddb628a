// A transparent canvas over the shared screen. Everyone sees the strokes; who may draw gets a toolbar.
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AnnotationTool } from '../../../../server/modules/meetings/meetings.signal.dto';
import { t } from '../../../i18n';
import { COLORS, StrokeSender, TOOL_WIDTH, contentBox, drawBoard, toNorm, type Box } from './room.annotate';
import type { RoomClient } from './room.client';
import { RoomIcon, type RoomIconName } from './RoomIcon';

type DrawTool = Exclude<AnnotationTool, 'clear'>;
const TOOLS: { tool: DrawTool; icon: RoomIconName }[] = [
  { tool: 'pen', icon: 'pen' },
  { tool: 'highlighter', icon: 'highlighter' },
  { tool: 'arrow', icon: 'arrow' },
  { tool: 'text', icon: 'text' },
  { tool: 'laser', icon: 'laser' },
];

function strokeId(pid: string): string {
  return `${pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

export function AnnotationLayer({ client, video, canDraw }: { client: RoomClient; video: RefObject<HTMLVideoElement>; canDraw: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [tool, setTool] = useState<DrawTool>('pen');
  const [color, setColor] = useState<string>(COLORS[0]);
  const [textAt, setTextAt] = useState<{ x: number; y: number; nx: number; ny: number } | null>(null);
  const drawing = useRef<StrokeSender | null>(null);
  const box = useRef<Box>({ x: 0, y: 0, w: 0, h: 0 });
  const version = client.boardVersion.value; // re-render (and redraw) when strokes arrive

  // Size the canvas to the element and redraw; keep animating while a laser fades.
  useEffect(() => {
    const c = canvas.current;
    const v = video.current;
    if (!c || !v) return;
    let frame = 0;
    const draw = () => {
      frame = 0;
      const w = c.clientWidth;
      const h = c.clientHeight;
      const dpr = Math.min(2, window.devicePixelRatio || 1);
      if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
        c.width = Math.round(w * dpr);
        c.height = Math.round(h * dpr);
      }
      box.current = contentBox(w, h, v.videoWidth, v.videoHeight);
      const ctx = c.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const now = performance.now();
      drawBoard(ctx, client.board.visible(now), box.current, now);
      if (client.board.animating(now)) frame = requestAnimationFrame(draw);
    };
    draw();
    const ro = new ResizeObserver(() => draw());
    ro.observe(c);
    v.addEventListener('resize', draw);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      v.removeEventListener('resize', draw);
    };
  }, [version, video.current]);

  const point = (e: PointerEvent) => {
    const r = canvas.current!.getBoundingClientRect();
    return { px: e.clientX - r.left, py: e.clientY - r.top };
  };

  const onDown = (e: PointerEvent) => {
    if (!canDraw) return;
    const pid = client.self.value?.pid;
    if (!pid) return;
    const { px, py } = point(e);
    const p = toNorm(px, py, box.current);
    if (tool === 'text') {
      setTextAt({ x: px, y: py, nx: p.x, ny: p.y });
      return;
    }
    (e.currentTarget as HTMLCanvasElement).setPointerCapture(e.pointerId);
    const s = new StrokeSender({ id: strokeId(pid), tool, color: tool === 'laser' ? '#ff3b30' : color, width: TOOL_WIDTH[tool] });
    drawing.current = s;
    const part = s.add(p, performance.now());
    if (part) client.annotate(part);
  };
  const onMove = (e: PointerEvent) => {
    const s = drawing.current;
    if (!s) return;
    const { px, py } = point(e);
    const part = s.add(toNorm(px, py, box.current), performance.now());
    if (part) client.annotate(part);
  };
  const onUp = () => {
    const s = drawing.current;
    if (!s) return;
    drawing.current = null;
    client.annotate(s.end(performance.now()));
  };

  const submitText = (text: string) => {
    const pid = client.self.value?.pid;
    if (textAt && pid && text.trim()) {
      client.annotate({ id: strokeId(pid), tool: 'text', color, width: TOOL_WIDTH.text, points: [{ x: textAt.nx, y: textAt.ny }], text: text.trim().slice(0, 200), part: 0, done: true });
    }
    setTextAt(null);
  };

  const clear = () => {
    const pid = client.self.value?.pid;
    if (pid) client.annotate({ id: strokeId(pid), tool: 'clear', color: '#000000', width: 0.001, points: [], part: 0, done: true }); // the schema wants a colour and width even here
  };

  return (
    <>
      <canvas
        ref={canvas}
        class={`room-annotate${canDraw ? ' room-annotate-on' : ''}`}
        data-testid="annotation-canvas"
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
      />
      {textAt ? (
        <input
          class="room-annotate-text"
          style={{ left: `${textAt.x}px`, top: `${textAt.y}px`, color }}
          aria-label={t('meetingRoom.annotate.textPrompt')}
          placeholder={t('meetingRoom.annotate.textPrompt')}
          autoFocus
          maxLength={200}
          onKeyDown={(e) => {
            if (e.key === 'Enter') submitText((e.currentTarget as HTMLInputElement).value);
            if (e.key === 'Escape') setTextAt(null);
          }}
          onBlur={(e) => submitText((e.currentTarget as HTMLInputElement).value)}
        />
      ) : null}
      {canDraw ? (
        <div class="room-annotate-bar" role="toolbar" aria-label={t('meetingRoom.annotate.toolbar')}>
          {TOOLS.map((x) => (
            <button key={x.tool} type="button" class={tool === x.tool ? 'is-on' : ''} aria-pressed={tool === x.tool} aria-label={t(`meetingRoom.annotate.${x.tool}`)} title={t(`meetingRoom.annotate.${x.tool}`)} onClick={() => setTool(x.tool)}>
              <RoomIcon name={x.icon} size={20} />
            </button>
          ))}
          <span class="room-annotate-sep" />
          {COLORS.map((c) => (
            <button key={c} type="button" class={`room-swatch${color === c ? ' is-on' : ''}`} style={{ '--swatch': c }} aria-pressed={color === c} aria-label={t('meetingRoom.annotate.color', { color: c })} onClick={() => setColor(c)} />
          ))}
          <span class="room-annotate-sep" />
          <button type="button" aria-label={t('meetingRoom.annotate.clear')} title={t('meetingRoom.annotate.clear')} onClick={clear}>
            <RoomIcon name="clear" size={20} />
          </button>
        </div>
      ) : null}
    </>
  );
}
