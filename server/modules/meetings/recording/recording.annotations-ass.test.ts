import { describe, expect, it } from 'vitest';
import type { AnnotationStroke } from '../meetings.signal.dto.js';
import { annotationsToAss, assColor, assText, assTime, fitRect } from './recording.annotations-ass.js';

const stroke = (id: string, tool: AnnotationStroke['tool'], points: [number, number][], extra: Partial<AnnotationStroke> = {}): AnnotationStroke => ({
  id, tool, color: '#e53935', width: 0.01, points: points.map(([x, y]) => ({ x, y })), ...extra,
});
const dialogues = (ass: string) => ass.split('\n').filter((l) => l.startsWith('Dialogue:'));
const screen = [{ from: 1000, to: 9000, feedId: 7 }];
const full = () => fitRect(1280, 720);

describe('ASS helpers', () => {
  it('formats times, colours and text safely', () => {
    expect(assTime(3_723_456)).toBe('1:02:03.46');
    expect(assTime(-5)).toBe('0:00:00.00');
    expect(assColor('#12aBcd')).toBe('&HCDAB12&');
    expect(assColor('red')).toBe('&H3539E5&');
    expect(assText('a{\\b1}b\nc')).toBe('a｛＼b1｝b\\Nc');
  });
  it('fits a picture into the frame as the ffmpeg graph pads it', () => {
    expect(fitRect(640, 360)).toEqual({ x: 0, y: 0, w: 1280, h: 720 });
    expect(fitRect(320, 240)).toEqual({ x: 160, y: 0, w: 960, h: 720 });
    expect(fitRect(0, 0)).toEqual({ x: 0, y: 0, w: 1280, h: 720 });
  });
});

describe('annotationsToAss', () => {
  it('draws each tool in its time window, in frame pixels, until a clear', () => {
    const { ass, events } = annotationsToAss({
      screenIntervals: screen,
      rectOf: full,
      annotations: [
        { at: 2000, pid: 'a', stroke: stroke('p', 'pen', [[0.1, 0.5], [0.2, 0.5]]) },
        { at: 2500, pid: 'a', stroke: stroke('h', 'highlighter', [[0, 0], [1, 1]], { color: '#fdd835', width: 0.03 }) },
        { at: 3000, pid: 'a', stroke: stroke('a', 'arrow', [[0.5, 0.5], [0.75, 0.5]]) },
        { at: 3500, pid: 'a', stroke: stroke('t', 'text', [[0.25, 0.25]], { text: '重点' }) },
        { at: 4000, pid: 'a', stroke: stroke('l', 'laser', [[0.5, 0.5]]) },
        { at: 6000, pid: 'a', stroke: stroke('c', 'clear', []) },
        { at: 7000, pid: 'a', stroke: stroke('p2', 'pen', [[0.1, 0.1], [0.2, 0.2]]) },
      ],
    });
    const lines = dialogues(ass);
    expect(events).toBe(lines.length);
    expect(ass).toContain('PlayResX: 1280');
    const pen = lines.find((l) => l.includes(',p,'))!;
    expect(pen).toMatch(/^Dialogue: 0,0:00:02\.00,0:00:06\.00,/); // ended by the clear
    expect(pen).toContain('\\bord6.4'); // half of 0.01 × 1280
    expect(pen).toContain('m 128 360 l 256 360 128 360');
    const hl = lines.find((l) => l.includes(',h,'))!;
    expect(hl).toContain('\\3a&H80&');
    expect(hl).toContain('\\3c&H35D8FD&');
    expect(lines.filter((l) => l.includes(',a,'))).toHaveLength(2); // shaft + head
    expect(lines.find((l) => l.includes(',t,'))).toMatch(/0:00:03\.50,0:00:06\.00,.*\\pos\(320,180\).*重点$/);
    expect(lines.filter((l) => l.includes(',l,')).every((l) => l.includes('0:00:04.00,0:00:05.00'))).toBe(true);
    expect(lines.find((l) => l.includes(',p2,'))).toMatch(/0:00:07\.00,0:00:09\.00,/); // until the share ends
  });

  it('grows a stroke drawn in parts and drops strokes outside a screen share', () => {
    const { ass } = annotationsToAss({
      screenIntervals: screen,
      rectOf: () => fitRect(320, 240),
      annotations: [
        { at: 500, pid: 'a', stroke: stroke('early', 'pen', [[0, 0], [1, 1]]) },
        { at: 2000, pid: 'a', stroke: stroke('s', 'pen', [[0, 0], [0.5, 0]], { part: 0 }) },
        { at: 2200, pid: 'a', stroke: stroke('s', 'pen', [[1, 0]], { part: 1, done: true }) },
      ],
    });
    const lines = dialogues(ass);
    expect(ass).not.toContain(',early,');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/0:00:02\.00,0:00:02\.20,.*m 160 0 l 640 0 160 0\{/);
    expect(lines[1]).toMatch(/0:00:02\.20,0:00:09\.00,.*m 160 0 l 640 0 1120 0 640 0 160 0\{/);
  });

  it('writes a valid script with no events when nothing was drawn', () => {
    const { ass, events } = annotationsToAss({ screenIntervals: [], rectOf: full, annotations: [] });
    expect(events).toBe(0);
    expect(ass).toContain('[Events]');
  });
});
