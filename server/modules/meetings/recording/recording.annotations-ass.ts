// Annotations on a shared screen → an ASS subtitle script that ffmpeg's `ass` filter (libass) burns into
// the recording. Pure. Strokes are ASS vector drawings ({\p1}): a pen line is the path drawn out and back
// again with a border of half the line width (libass strokes the border, the zero-area fill is invisible),
// a highlighter is the same half transparent, an arrow adds a filled head, text is plain dialogue text,
// a laser shows for a second. `clear` ends every stroke drawn before it; a stroke never outlives the
// screen share it was drawn on.
import type { AnnotationStroke, Point } from '../meetings.signal.dto.js';

export const FRAME = { w: 1280, h: 720 };
export const LASER_MS = 1000;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where a w×h picture lands when scaled to fit the frame and centred (as the ffmpeg graph pads it). */
export function fitRect(w: number, h: number, frame = FRAME): Rect {
  if (!(w > 0 && h > 0)) return { x: 0, y: 0, w: frame.w, h: frame.h };
  const s = Math.min(frame.w / w, frame.h / h);
  const rw = Math.round(w * s);
  const rh = Math.round(h * s);
  return { x: Math.floor((frame.w - rw) / 2), y: Math.floor((frame.h - rh) / 2), w: rw, h: rh };
}

export interface AssInput {
  annotations: readonly { at: number; pid: string; stroke: AnnotationStroke }[];
  screenIntervals: readonly { from: number; to: number; feedId: number }[];
  /** The shared video's place in the frame, per screen feed. */
  rectOf: (feedId: number) => Rect;
}

/** H:MM:SS.cc */
export function assTime(ms: number): string {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(cs % 100).padStart(2, '0')}`;
}

/** '#rrggbb' → ASS '&HBBGGRR&' (anything else draws red, the usual pen). */
export function assColor(css: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css.trim());
  const [r, g, b] = m ? [m[1]!, m[2]!, m[3]!] : ['E5', '39', '35'];
  return `&H${b}${g}${r}&`.toUpperCase();
}

/** Dialogue text must not open override blocks or escapes. */
export function assText(text: string): string {
  return text.replace(/\\/g, '＼').replace(/\{/g, '｛').replace(/\}/g, '｝').replace(/\r?\n/g, '\\N').slice(0, 500);
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

interface Drawn {
  start: number;
  end: number;
  stroke: AnnotationStroke;
  points: Point[];
}

/** Strokes merged by id (parts append points), each shown from its first part, growing with each part. */
function lifetimes(input: AssInput): { drawn: Drawn[]; feedOf: Map<Drawn, number> } {
  const drawn: Drawn[] = [];
  const feedOf = new Map<Drawn, number>();
  const byId = new Map<string, Drawn>();
  const live: Drawn[] = [];
  for (const a of [...input.annotations].sort((x, y) => x.at - y.at)) {
    const interval = input.screenIntervals.find((i) => i.from <= a.at && a.at < i.to);
    if (!interval) continue;
    const s = a.stroke;
    if (s.tool === 'clear') {
      for (const d of live.splice(0)) d.end = Math.min(d.end, a.at);
      byId.clear();
      continue;
    }
    const prev = byId.get(s.id);
    const points = [...(prev && (s.part ?? 0) > 0 ? prev.points : []), ...s.points.map((p) => ({ x: clamp01(p.x), y: clamp01(p.y) }))];
    if (prev) prev.end = Math.min(prev.end, a.at); // the next part replaces the shorter drawing
    const end = s.tool === 'laser' ? Math.min(interval.to, a.at + LASER_MS) : interval.to;
    const d: Drawn = { start: a.at, end, stroke: s, points };
    byId.set(s.id, d);
    live.push(d);
    drawn.push(d);
    feedOf.set(d, interval.feedId);
  }
  return { drawn: drawn.filter((d) => d.end > d.start && (d.points.length || d.stroke.tool === 'text')), feedOf };
}

function outAndBack(pts: { x: number; y: number }[]): string {
  if (pts.length === 1) pts = [pts[0]!, { x: pts[0]!.x + 0.5, y: pts[0]!.y }];
  const there = pts.map((p) => `${r1(p.x)} ${r1(p.y)}`);
  const back = there.slice(0, -1).reverse();
  return `m ${there[0]} l ${[...there.slice(1), ...back].join(' ')}`;
}

function polygon(pts: { x: number; y: number }[]): string {
  return `m ${r1(pts[0]!.x)} ${r1(pts[0]!.y)} l ${pts.slice(1).map((p) => `${r1(p.x)} ${r1(p.y)}`).join(' ')}`;
}

function circle(c: { x: number; y: number }, radius: number): { x: number; y: number }[] {
  return Array.from({ length: 12 }, (_, i) => ({ x: c.x + radius * Math.cos((i * Math.PI) / 6), y: c.y + radius * Math.sin((i * Math.PI) / 6) }));
}

const HEADER = `[Script Info]
; Meeting annotations, burned in by ffmpeg (libass)
ScriptType: v4.00+
PlayResX: ${FRAME.w}
PlayResY: ${FRAME.h}
WrapStyle: 2
ScaledBorderAndShadow: yes

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Ink,Noto Sans CJK SC,36,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,0,0,7,0,0,0,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
`;

export function annotationsToAss(input: AssInput): { ass: string; events: number } {
  const { drawn, feedOf } = lifetimes(input);
  const lines: string[] = [];
  drawn.forEach((d, i) => {
    const rect = input.rectOf(feedOf.get(d)!);
    const px = (p: Point) => ({ x: rect.x + p.x * rect.w, y: rect.y + p.y * rect.h });
    const pts = d.points.map(px);
    const width = Math.max(1, Math.min(0.05, Math.max(0.002, d.stroke.width || 0.004)) * rect.w);
    const color = assColor(d.stroke.color);
    const layer = Math.min(i, 999);
    const line = (text: string) => lines.push(`Dialogue: ${layer},${assTime(d.start)},${assTime(d.end)},Ink,${d.stroke.id.replace(/,/g, ' ').slice(0, 40)},0,0,0,,${text}`);
    const path = (alpha: string, w: number) => `{\\an7\\pos(0,0)\\bord${r1(w / 2)}\\shad0\\1a&HFF&\\3c${color}\\3a&H${alpha}&\\p1}${outAndBack(pts)}{\\p0}`;
    switch (d.stroke.tool) {
      case 'pen':
        line(path('00', width));
        break;
      case 'highlighter':
        line(path('80', width));
        break;
      case 'laser':
        line(path('40', width));
        line(`{\\an7\\pos(0,0)\\bord0\\shad0\\1c${color}\\1a&H00&\\p1}${polygon(circle(pts[pts.length - 1]!, Math.max(6, width * 1.5)))}{\\p0}`);
        break;
      case 'arrow': {
        const tip = pts[pts.length - 1]!;
        const from = pts.length > 1 ? pts[pts.length - 2]! : { x: tip.x - 1, y: tip.y };
        const angle = Math.atan2(tip.y - from.y, tip.x - from.x);
        const len = Math.max(14, width * 4);
        const wing = (a: number) => ({ x: tip.x - len * Math.cos(angle + a), y: tip.y - len * Math.sin(angle + a) });
        line(path('00', width));
        line(`{\\an7\\pos(0,0)\\bord0\\shad0\\1c${color}\\1a&H00&\\p1}${polygon([tip, wing(0.45), wing(-0.45)])}{\\p0}`);
        break;
      }
      case 'text': {
        const at = pts[0] ?? { x: rect.x, y: rect.y };
        const size = Math.max(18, Math.round(rect.h * 0.06));
        line(`{\\an7\\pos(${r1(at.x)},${r1(at.y)})\\fs${size}\\bord2\\shad0\\1c${color}\\3c&HFFFFFF&}${assText(d.stroke.text ?? '')}`);
        break;
      }
      default:
        break;
    }
  });
  return { ass: HEADER + lines.join('\n') + (lines.length ? '\n' : ''), events: lines.length };
}
