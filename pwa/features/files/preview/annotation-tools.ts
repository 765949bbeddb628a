// Pure geometry for annotations. Every coordinate is a fraction of the page (0..1 from the top-left),
// so a mark stays on the same spot of the page at any zoom and on any screen; ink width is a fraction
// of the page width. The SVG overlay draws in a viewBox of 1 × aspect (aspect = height / width).
import type { Annotation, AnnotationShape } from '../../../api/types';
import type { PEN_COLOURS as DTO_PEN_COLOURS } from '../../../../server/modules/files/files.dto';

export type Tool = 'select' | 'note' | 'highlight' | 'ink';
export const TOOLS: readonly Tool[] = ['select', 'note', 'highlight', 'ink'];

/** The server's pen colours (same order; the type makes a drift a compile error). */
export const PEN_COLOURS: typeof DTO_PEN_COLOURS = ['#e53935', '#1e88e5', '#43a047', '#fdd835', '#212121'];
export type PenColour = (typeof PEN_COLOURS)[number];
export const COLOUR_NAMES: Record<PenColour, 'red' | 'blue' | 'green' | 'yellow' | 'black'> = {
  '#e53935': 'red',
  '#1e88e5': 'blue',
  '#43a047': 'green',
  '#fdd835': 'yellow',
  '#212121': 'black',
};

/** Text colour that reads on a pen colour (dark on yellow, white on the rest). */
export function inkOn(colour: string): string {
  return colour.toLowerCase() === '#fdd835' ? '#3a3000' : '#ffffff';
}

/** Inline CSS variables for something painted in an annotation's colour. */
export function pinStyle(colour: string): Record<string, string> {
  return { '--pin': colour, '--pin-ink': inkOn(colour) };
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Ink is drawn this wide, as a fraction of the page width (≈ 2.7 pt on A4). */
export const INK_WIDTH = 0.0045;
/** Server limits on one ink annotation. */
export const MAX_STROKES = 50;
export const MAX_STROKE_POINTS = 2000;
/** A drag smaller than this (either side, fraction of the page) is a tap, not a highlight. */
export const MIN_HIGHLIGHT = 0.008;

export const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
const round4 = (v: number): number => Math.round(v * 10000) / 10000;

/** A pointer position → page fractions, from the page element's on-screen rectangle. */
export function toPagePoint(rect: { left: number; top: number; width: number; height: number }, clientX: number, clientY: number): Point {
  if (rect.width <= 0 || rect.height <= 0) return { x: 0, y: 0 };
  return { x: round4(clamp01((clientX - rect.left) / rect.width)), y: round4(clamp01((clientY - rect.top) / rect.height)) };
}

/** The rectangle spanned by two corners, in any drag direction. */
export function boxOf(a: Point, b: Point): Box {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

export function isTooSmall(box: Box): boolean {
  return box.w < MIN_HIGHLIGHT || box.h < MIN_HIGHLIGHT;
}

/**
 * Thins a stroke while drawing: a point closer than `minStep` to the last kept one is skipped, and a stroke
 * never grows beyond the server's limit. `aspect` makes distances isotropic (y is a fraction of the height).
 */
export function appendPoint(stroke: Point[], p: Point, aspect: number, minStep = 0.002): Point[] {
  const last = stroke[stroke.length - 1];
  if (last) {
    const dx = p.x - last.x;
    const dy = (p.y - last.y) * aspect;
    if (dx * dx + dy * dy < minStep * minStep) return stroke;
  }
  if (stroke.length >= MAX_STROKE_POINTS) return stroke;
  return [...stroke, p];
}

/** SVG path data for one stroke in the 1 × aspect viewBox; a single point becomes a dot. */
export function strokePath(points: readonly Point[], aspect: number): string {
  const first = points[0];
  if (!first) return '';
  const f = (v: number) => String(Math.round(v * 100000) / 100000);
  if (points.length === 1) return `M${f(first.x)} ${f(first.y * aspect)}l0.0001 0`;
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(p.x)} ${f(p.y * aspect)}`).join('');
}

/** The bounding box of any shape, in page fractions. */
export function shapeBox(shape: AnnotationShape): Box {
  switch (shape.type) {
    case 'note':
      return { x: shape.at.x, y: shape.at.y, w: 0, h: 0 };
    case 'highlight':
      return boxOf(shape.from, shape.to);
    case 'ink': {
      let x0 = 1;
      let y0 = 1;
      let x1 = 0;
      let y1 = 0;
      for (const s of shape.strokes)
        for (const p of s) {
          x0 = Math.min(x0, p.x);
          y0 = Math.min(y0, p.y);
          x1 = Math.max(x1, p.x);
          y1 = Math.max(y1, p.y);
        }
      return x1 < x0 ? { x: 0, y: 0, w: 0, h: 0 } : { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
    }
  }
}

/** Where an annotation's badge sits and where we scroll to: the pin, or the top-right of the shape. */
export function anchorOf(shape: AnnotationShape): Point {
  const b = shapeBox(shape);
  return shape.type === 'note' ? { x: b.x, y: b.y } : { x: clamp01(b.x + b.w), y: b.y };
}

/** Made on another version than the one being viewed (shown dimmed, marked "old version"). */
export function isFromOtherVersion(a: Pick<Annotation, 'versionId'>, viewedVersionId: string | null): boolean {
  return viewedVersionId !== null && a.versionId !== viewedVersionId;
}

/** Reading order: page, then top to bottom, then left to right. */
export function byPosition(a: Annotation, b: Annotation): number {
  if (a.page !== b.page) return a.page - b.page;
  const pa = anchorOf(a.shape);
  const pb = anchorOf(b.shape);
  return pa.y - pb.y || pa.x - pb.x || a.createdAt.localeCompare(b.createdAt);
}

/** Zoom steps (1 = 100 %: one PDF point is 96/72 CSS px). */
export const ZOOM_MIN = 0.25;
export const ZOOM_MAX = 4;
const STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4];

export function zoomIn(z: number): number {
  return STEPS.find((s) => s > z + 0.001) ?? ZOOM_MAX;
}

export function zoomOut(z: number): number {
  return [...STEPS].reverse().find((s) => s < z - 0.001) ?? ZOOM_MIN;
}

export function clampZoom(z: number): number {
  return Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, z));
}
