// Drawing on a shared screen. Points are fractions (0…1) of the shared video's picture, not of the element:
// the video is letterboxed (object-fit: contain) differently on every screen, so a point must be mapped
// through the picture's content box both when it is drawn and when it is shown.
import type {
  AnnotationEvent,
  AnnotationStroke,
  AnnotationTool,
  MeetingRole,
  Point,
  RoomState,
} from '../../../../server/modules/meetings/meetings.signal.dto';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where the picture sits inside an element of elW×elH showing a vidW×vidH video with object-fit: contain. */
export function contentBox(elW: number, elH: number, vidW: number, vidH: number): Box {
  if (elW <= 0 || elH <= 0) return { x: 0, y: 0, w: 0, h: 0 };
  if (vidW <= 0 || vidH <= 0) return { x: 0, y: 0, w: elW, h: elH };
  // Width-limited (bars top and bottom) or height-limited (bars left and right); the full side is exact.
  if (elW / elH <= vidW / vidH) {
    const h = (elW * vidH) / vidW;
    return { x: 0, y: (elH - h) / 2, w: elW, h };
  }
  const w = (elH * vidW) / vidH;
  return { x: (elW - w) / 2, y: 0, w, h: elH };
}

const round4 = (v: number) => Math.round(v * 10_000) / 10_000;
const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** An element-relative position → a picture fraction (clamped into the picture, 4 decimals on the wire). */
export function toNorm(px: number, py: number, box: Box): Point {
  if (box.w <= 0 || box.h <= 0) return { x: 0, y: 0 };
  return { x: round4(clamp01((px - box.x) / box.w)), y: round4(clamp01((py - box.y) / box.h)) };
}

export function fromNorm(p: Point, box: Box): { x: number; y: number } {
  return { x: box.x + p.x * box.w, y: box.y + p.y * box.h };
}

/** Stroke width per tool, as a fraction of the picture's width. */
export const TOOL_WIDTH: Record<Exclude<AnnotationTool, 'clear'>, number> = {
  pen: 0.004,
  highlighter: 0.02,
  arrow: 0.004,
  text: 0.018,
  laser: 0.01,
};

export const COLORS = ['#ff3b30', '#ffcc00', '#34c759', '#0a84ff', '#ffffff', '#000000'] as const;

/** Who may draw: the presenter always; hosts when the room says hosts; everyone when it says all. */
export function canAnnotate(room: Pick<RoomState, 'annotate' | 'presenter'>, self: { pid: string; role: MeetingRole } | null): boolean {
  if (!self || !room.presenter) return false;
  if (room.presenter === self.pid) return true;
  if (room.annotate === 'all') return true;
  return room.annotate === 'hosts' && (self.role === 'host' || self.role === 'cohost');
}

const SEND_INTERVAL_MS = 33; // ~30 parts a second: smooth for viewers, light on the socket

/**
 * Cuts one stroke being drawn into parts: the first part (part 0) carries the tool and first point, later
 * parts only the new points, the last has `done: true`. `add` returns a part when one is due.
 */
export class StrokeSender {
  private pending: Point[] = [];
  private part = 0;
  private lastSent = -Infinity;

  constructor(private readonly base: Omit<AnnotationStroke, 'points' | 'part' | 'done'>) {}

  get id(): string {
    return this.base.id;
  }

  add(p: Point, now: number): AnnotationStroke | null {
    this.pending.push(p);
    if (now - this.lastSent < SEND_INTERVAL_MS) return null;
    return this.flush(now, false);
  }

  end(now: number): AnnotationStroke {
    return this.flush(now, true)!;
  }

  private flush(now: number, done: boolean): AnnotationStroke | null {
    if (!this.pending.length && !done) return null;
    const part: AnnotationStroke = { ...this.base, points: this.pending, part: this.part };
    if (done) part.done = true;
    this.pending = [];
    this.part += 1;
    this.lastSent = now;
    return part;
  }
}

/** A stroke as shown: the points of all parts so far, when it last changed (ms, local clock). */
export interface ShownStroke {
  id: string;
  pid: string;
  tool: AnnotationTool;
  color: string;
  width: number;
  points: Point[];
  text?: string;
  done: boolean;
  updated: number;
}

export const LASER_FADE_MS = 1000;

/**
 * The drawing as everyone sees it. Parts of a stroke are merged by id (a part that arrives before its
 * first part still counts: the first part then fills in tool and colour); `clear` wipes everything.
 */
export class AnnotationBoard {
  private strokes = new Map<string, ShownStroke>();
  private order: string[] = [];

  apply(ev: AnnotationStroke & { pid: string }, now: number): void {
    if (ev.tool === 'clear') {
      this.strokes.clear();
      this.order = [];
      return;
    }
    const cur = this.strokes.get(ev.id);
    if (!cur) {
      this.strokes.set(ev.id, {
        id: ev.id,
        pid: ev.pid,
        tool: ev.tool,
        color: ev.color,
        width: ev.width,
        points: [...ev.points],
        text: ev.text,
        done: !!ev.done,
        updated: now,
      });
      this.order.push(ev.id);
      return;
    }
    if ((ev.part ?? 0) === 0) {
      // The first part came late: its points go in front.
      cur.points = [...ev.points, ...cur.points];
      Object.assign(cur, { tool: ev.tool, color: ev.color, width: ev.width, text: ev.text ?? cur.text });
    } else cur.points.push(...ev.points);
    cur.done = cur.done || !!ev.done;
    cur.updated = now;
  }

  /** Load the strokes the `joined` message carries (a late joiner sees the drawing so far). */
  load(events: AnnotationEvent[], now: number): void {
    this.clear();
    for (const e of events) this.apply(e, now);
  }

  clear(): void {
    this.strokes.clear();
    this.order = [];
  }

  /** The strokes to draw now, oldest first; finished laser strokes that have faded are dropped. */
  visible(now: number): ShownStroke[] {
    const out: ShownStroke[] = [];
    for (const id of this.order) {
      const s = this.strokes.get(id)!;
      if (s.tool === 'laser' && now - s.updated > LASER_FADE_MS) {
        if (s.done) this.strokes.delete(id);
        continue;
      }
      out.push(s);
    }
    this.order = this.order.filter((id) => this.strokes.has(id));
    return out;
  }

  /** Whether something on the board still changes with time (a laser fading): keep animating. */
  animating(now: number): boolean {
    for (const s of this.strokes.values()) if (s.tool === 'laser' && now - s.updated <= LASER_FADE_MS) return true;
    return false;
  }
}

/** Opacity of a laser stroke `age` ms after it last moved: full for a while, then fading to nothing at 1 s. */
export function laserAlpha(age: number): number {
  if (age <= LASER_FADE_MS / 2) return 1;
  return Math.max(0, 1 - (age - LASER_FADE_MS / 2) / (LASER_FADE_MS / 2));
}

/** The two barbs of an arrow head at `to`, pointing away from `from`. */
export function arrowHead(from: { x: number; y: number }, to: { x: number; y: number }, size: number): [{ x: number; y: number }, { x: number; y: number }] {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const spread = Math.PI / 7;
  return [
    { x: to.x - size * Math.cos(angle - spread), y: to.y - size * Math.sin(angle - spread) },
    { x: to.x - size * Math.cos(angle + spread), y: to.y - size * Math.sin(angle + spread) },
  ];
}

/** Draw the board on a canvas the size of the element (CSS px; the caller scales for devicePixelRatio). */
export function drawBoard(ctx: CanvasRenderingContext2D, strokes: ShownStroke[], box: Box, now: number): void {
  for (const s of strokes) {
    const pts = s.points.map((p) => fromNorm(p, box));
    const lw = Math.max(1, s.width * box.w);
    ctx.save();
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = lw;
    if (s.tool === 'highlighter') ctx.globalAlpha = 0.35;
    if (s.tool === 'text') {
      const first = pts[0];
      if (first && s.text) {
        ctx.font = `600 ${Math.max(12, lw * 1.6)}px system-ui, sans-serif`;
        ctx.textBaseline = 'top';
        ctx.fillText(s.text, first.x, first.y);
      }
    } else if (s.tool === 'laser') {
      const last = pts[pts.length - 1];
      ctx.globalAlpha = laserAlpha(now - s.updated);
      // The trail: the last few points, so a moving pointer leaves a short tail.
      ctx.lineWidth = lw / 2;
      ctx.beginPath();
      pts.slice(-12).forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
      ctx.stroke();
      if (last) {
        ctx.shadowColor = s.color;
        ctx.shadowBlur = lw * 2;
        ctx.beginPath();
        ctx.arc(last.x, last.y, lw, 0, Math.PI * 2);
        ctx.fill();
      }
    } else if (s.tool === 'arrow') {
      const a = pts[0];
      const b = pts[pts.length - 1];
      if (a && b) {
        ctx.beginPath();
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(b.x, b.y);
        ctx.stroke();
        const [l, r] = arrowHead(a, b, lw * 5);
        ctx.beginPath();
        ctx.moveTo(b.x, b.y);
        ctx.lineTo(l.x, l.y);
        ctx.lineTo(r.x, r.y);
        ctx.closePath();
        ctx.fill();
      }
    } else {
      ctx.beginPath();
      pts.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
      if (pts.length === 1) ctx.lineTo(pts[0]!.x + 0.01, pts[0]!.y);
      ctx.stroke();
    }
    ctx.restore();
  }
}
