import { describe, expect, it } from 'vitest';
import { AnnotationBoard, StrokeSender, arrowHead, canAnnotate, contentBox, fromNorm, laserAlpha, toNorm } from './room.annotate';

describe('content box (object-fit: contain)', () => {
  it('letterboxes a wide picture top and bottom, a tall one left and right', () => {
    expect(contentBox(1000, 1000, 1920, 1080)).toEqual({ x: 0, y: 218.75, w: 1000, h: 562.5 });
    expect(contentBox(360, 640, 1920, 1080)).toEqual({ x: 0, y: 218.75, w: 360, h: 202.5 });
    expect(contentBox(800, 300, 400, 300)).toEqual({ x: 200, y: 0, w: 400, h: 300 });
    expect(contentBox(800, 300, 0, 0)).toEqual({ x: 0, y: 0, w: 800, h: 300 });
  });

  it('maps a point to the same spot of the picture on a phone and on a desktop', () => {
    const desk = contentBox(1280, 720, 1920, 1080);
    const phone = contentBox(360, 640, 1920, 1080);
    const p = toNorm(640, 360, desk);
    expect(p).toEqual({ x: 0.5, y: 0.5 });
    expect(fromNorm(p, phone)).toEqual({ x: 180, y: 320 });
    const corner = toNorm(1280 * 0.25, 720 * 0.75, desk);
    expect(fromNorm(corner, phone)).toEqual({ x: 90, y: 218.75 + 202.5 * 0.75 });
  });

  it('clamps points in the black bars into the picture and rounds to 4 decimals', () => {
    const box = contentBox(360, 640, 1920, 1080);
    expect(toNorm(10, 5, box)).toEqual({ x: 0.0278, y: 0 });
    expect(toNorm(400, 700, box)).toEqual({ x: 1, y: 1 });
  });
});

describe('stroke parts', () => {
  it('sends at most ~30 parts a second, each with only the new points, the last marked done', () => {
    const s = new StrokeSender({ id: 's1', tool: 'pen', color: '#f00', width: 0.004 });
    const sent = [s.add({ x: 0.1, y: 0.1 }, 1000), s.add({ x: 0.2, y: 0.2 }, 1010), s.add({ x: 0.3, y: 0.3 }, 1040), s.add({ x: 0.4, y: 0.4 }, 1050)];
    expect(sent.map((x) => x && x.part)).toEqual([0, null, 1, null]);
    expect(sent[2]!.points).toEqual([{ x: 0.2, y: 0.2 }, { x: 0.3, y: 0.3 }]);
    const last = s.end(1060);
    expect(last).toEqual({ id: 's1', tool: 'pen', color: '#f00', width: 0.004, points: [{ x: 0.4, y: 0.4 }], part: 2, done: true });
  });

  it('rebuilds the stroke from its parts on the receiving side, even out of order, and clear wipes it', () => {
    const sender = new StrokeSender({ id: 's1', tool: 'pen', color: '#f00', width: 0.004 });
    const parts = [sender.add({ x: 0, y: 0 }, 0)!, sender.add({ x: 0.5, y: 0.5 }, 100)!, sender.end(200)];
    const board = new AnnotationBoard();
    board.apply({ ...parts[1]!, pid: 'a' }, 1);
    board.apply({ ...parts[0]!, pid: 'a' }, 2);
    board.apply({ ...parts[2]!, pid: 'a' }, 3);
    const [shown] = board.visible(3);
    expect(shown!.points).toEqual([{ x: 0, y: 0 }, { x: 0.5, y: 0.5 }]);
    expect(shown!.done).toBe(true);
    expect(shown!.tool).toBe('pen');
    board.apply({ id: 'c', tool: 'clear', color: '', width: 0, points: [], pid: 'a' }, 4);
    expect(board.visible(4)).toEqual([]);
  });

  it('fades a laser stroke out about a second after it stops moving', () => {
    const board = new AnnotationBoard();
    board.apply({ id: 'l', tool: 'laser', color: '#f00', width: 0.01, points: [{ x: 0.5, y: 0.5 }], part: 0, done: true, pid: 'a' }, 1000);
    board.apply({ id: 'p', tool: 'pen', color: '#f00', width: 0.01, points: [{ x: 0.5, y: 0.5 }], part: 0, done: true, pid: 'a' }, 1000);
    expect(board.visible(1500).map((s) => s.id)).toEqual(['l', 'p']);
    expect(board.animating(1500)).toBe(true);
    expect(board.visible(2100).map((s) => s.id)).toEqual(['p']);
    expect(board.animating(2100)).toBe(false);
    expect(laserAlpha(100)).toBe(1);
    expect(laserAlpha(750)).toBeCloseTo(0.5);
    expect(laserAlpha(1200)).toBe(0);
  });
});

describe('geometry and rights', () => {
  it('points an arrow head back along the shaft', () => {
    const [l, r] = arrowHead({ x: 0, y: 0 }, { x: 10, y: 0 }, 2);
    expect(l.x).toBeLessThan(10);
    expect(r.x).toBeLessThan(10);
    expect(l.y).toBeCloseTo(-r.y);
  });

  it('lets the presenter draw always, hosts when allowed, everyone when allowed', () => {
    const room = { presenter: 'p1', annotate: 'presenter' as const };
    expect(canAnnotate(room, { pid: 'p1', role: 'attendee' })).toBe(true);
    expect(canAnnotate(room, { pid: 'p2', role: 'host' })).toBe(false);
    expect(canAnnotate({ ...room, annotate: 'hosts' }, { pid: 'p2', role: 'cohost' })).toBe(true);
    expect(canAnnotate({ ...room, annotate: 'hosts' }, { pid: 'p3', role: 'attendee' })).toBe(false);
    expect(canAnnotate({ ...room, annotate: 'all' }, { pid: 'p3', role: 'attendee' })).toBe(true);
    expect(canAnnotate({ presenter: null, annotate: 'all' }, { pid: 'p3', role: 'host' })).toBe(false);
  });
});
