import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../api/types';
import {
  MAX_STROKE_POINTS,
  PEN_COLOURS,
  anchorOf,
  appendPoint,
  boxOf,
  byPosition,
  inkOn,
  isFromOtherVersion,
  isTooSmall,
  shapeBox,
  strokePath,
  toPagePoint,
  zoomIn,
  zoomOut,
} from './annotation-tools';

const rect = { left: 100, top: 50, width: 400, height: 600 };

describe('page coordinates', () => {
  it('turn a pointer position into fractions of the page', () => {
    expect(toPagePoint(rect, 300, 350)).toEqual({ x: 0.5, y: 0.5 });
    expect(toPagePoint(rect, 100, 50)).toEqual({ x: 0, y: 0 });
  });

  it('stay the same at any zoom: the same spot on a page twice as large gives the same fractions', () => {
    const big = { left: 100, top: 50, width: 800, height: 1200 };
    expect(toPagePoint(big, 100 + 800 * 0.3, 50 + 1200 * 0.7)).toEqual(toPagePoint(rect, 100 + 400 * 0.3, 50 + 600 * 0.7));
  });

  it('clamp positions outside the page to its edges', () => {
    expect(toPagePoint(rect, 0, 10_000)).toEqual({ x: 0, y: 1 });
  });

  it('survive a page that has no size yet', () => {
    expect(toPagePoint({ left: 0, top: 0, width: 0, height: 0 }, 10, 10)).toEqual({ x: 0, y: 0 });
  });
});

describe('highlight boxes', () => {
  it('are the same whichever way the drag went', () => {
    expect(boxOf({ x: 0.6, y: 0.4 }, { x: 0.2, y: 0.1 })).toEqual({ x: 0.2, y: 0.1, w: expect.closeTo(0.4, 10) as number, h: expect.closeTo(0.3, 10) as number });
  });

  it('a tap is not a highlight', () => {
    expect(isTooSmall(boxOf({ x: 0.5, y: 0.5 }, { x: 0.502, y: 0.6 }))).toBe(true);
    expect(isTooSmall(boxOf({ x: 0.5, y: 0.5 }, { x: 0.6, y: 0.6 }))).toBe(false);
  });
});

describe('ink strokes', () => {
  it('skip points too close to the last one and stop at the server limit', () => {
    let s = appendPoint([], { x: 0.1, y: 0.1 }, 1.4);
    s = appendPoint(s, { x: 0.1005, y: 0.1 }, 1.4);
    expect(s).toHaveLength(1);
    s = appendPoint(s, { x: 0.2, y: 0.1 }, 1.4);
    expect(s).toHaveLength(2);
    const full = Array.from({ length: MAX_STROKE_POINTS }, (_, i) => ({ x: i / MAX_STROKE_POINTS, y: 0 }));
    expect(appendPoint(full, { x: 0.9, y: 0.9 }, 1)).toHaveLength(MAX_STROKE_POINTS);
  });

  it('become SVG paths in the 1 × aspect box; one point is a dot', () => {
    expect(strokePath([{ x: 0.1, y: 0.5 }, { x: 0.2, y: 1 }], 1.5)).toBe('M0.1 0.75L0.2 1.5');
    expect(strokePath([{ x: 0.1, y: 0.5 }], 2)).toBe('M0.1 1l0.0001 0');
    expect(strokePath([], 1)).toBe('');
  });

  it('have a bounding box and an anchor at its top-right', () => {
    const shape = { type: 'ink' as const, width: 0.004, strokes: [[{ x: 0.2, y: 0.3 }, { x: 0.4, y: 0.35 }], [{ x: 0.3, y: 0.5 }]] };
    expect(shapeBox(shape)).toEqual({ x: 0.2, y: 0.3, w: expect.closeTo(0.2, 10) as number, h: expect.closeTo(0.2, 10) as number });
    expect(anchorOf(shape)).toEqual({ x: 0.4, y: 0.3 });
  });
});

function annotation(over: Partial<Annotation>): Annotation {
  return {
    id: 'a',
    fileId: 'f',
    fileName: '合同.pdf',
    versionId: 'v2',
    versionNumber: 2,
    page: 1,
    shape: { type: 'note', at: { x: 0.5, y: 0.5 } },
    colour: '#e53935',
    text: '',
    authorId: 'u',
    authorName: '王校办',
    assigneeId: null,
    assigneeName: null,
    status: 'open',
    resolvedByName: null,
    resolvedAt: null,
    createdAt: '2026-01-05T08:00:00.000Z',
    replies: [],
    ...over,
  };
}

describe('annotation lists', () => {
  it('are in reading order: page, then top to bottom', () => {
    const list = [
      annotation({ id: 'c', page: 2, shape: { type: 'note', at: { x: 0.1, y: 0.1 } } }),
      annotation({ id: 'b', page: 1, shape: { type: 'highlight', from: { x: 0.1, y: 0.6 }, to: { x: 0.3, y: 0.7 } } }),
      annotation({ id: 'a', page: 1, shape: { type: 'note', at: { x: 0.9, y: 0.2 } } }),
    ];
    expect(list.sort(byPosition).map((a) => a.id)).toEqual(['a', 'b', 'c']);
  });

  it('mark annotations of another version than the one on screen', () => {
    expect(isFromOtherVersion(annotation({ versionId: 'v1' }), 'v2')).toBe(true);
    expect(isFromOtherVersion(annotation({ versionId: 'v2' }), 'v2')).toBe(false);
    expect(isFromOtherVersion(annotation({ versionId: 'v1' }), null)).toBe(false);
  });
});

describe('zoom and colours', () => {
  it('zoom in and out by steps, within limits', () => {
    expect(zoomIn(1)).toBe(1.1);
    expect(zoomOut(1)).toBe(0.9);
    expect(zoomIn(0.43)).toBe(0.5);
    expect(zoomIn(4)).toBe(4);
    expect(zoomOut(0.25)).toBe(0.25);
  });

  it('pin numbers stay legible on every pen colour', () => {
    expect(PEN_COLOURS.map(inkOn)).toEqual(['#ffffff', '#ffffff', '#ffffff', '#3a3000', '#ffffff']);
  });
});
