import { describe, expect, it } from 'vitest';
import { parseTimeline, planRecording, type TimelineEvent } from './recording.timeline.js';

const T0 = Date.parse('2026-11-29T02:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const jsonl = (lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n');
const cam = (ms: number, feedId: number, pid: string) => ({ t: at(ms), type: 'feed', feedId, pid, name: pid, source: 'camera', file: `feed-${feedId}-camera` });
const talk = (ms: number, pid: string, talking = true) => ({ t: at(ms), type: 'talking', pid, talking });
const plan = (lines: object[], holdMs = 2000) => planRecording(parseTimeline(jsonl(lines)).events, { holdMs });

describe('parseTimeline', () => {
  it('keeps well-formed events in time order and counts the rest', () => {
    const text = [
      JSON.stringify({ t: at(500), type: 'stop' }),
      'not json',
      JSON.stringify({ t: at(0), type: 'start' }),
      JSON.stringify({ t: 'yesterday', type: 'start' }),
      JSON.stringify({ t: at(10), type: 'feed', feedId: 1, pid: 'a', source: 'camera', file: '../../etc/passwd' }),
      JSON.stringify({ t: at(10), type: 'feed', feedId: 1, pid: 'a', source: 'camera', file: 'feed-1-camera' }),
      JSON.stringify({ t: at(20), type: 'talking', pid: 'a' }),
      '',
    ].join('\n');
    const { events, skipped } = parseTimeline(text);
    expect(skipped).toBe(4);
    expect(events.map((e) => e.type)).toEqual(['start', 'feed', 'stop']);
    expect(events[0]!.t).toBe(T0);
    expect((events[1] as Extract<TimelineEvent, { type: 'feed' }>).name).toBe('');
  });
});

describe('planRecording', () => {
  it('shows a shared screen at once while it is on, then the speaker again', () => {
    const p = plan([
      { t: at(0), type: 'start' },
      cam(0, 1, 'a'),
      talk(0, 'a'),
      { t: at(3000), type: 'feed', feedId: 9, pid: 'a', name: 'a', source: 'screen', file: 'feed-9-screen' },
      { t: at(3100), type: 'unfeed', feedId: 9 },
      { t: at(5000), type: 'stop' },
    ]);
    expect(p.durationMs).toBe(5000);
    expect(p.segments).toEqual([
      { from: 0, to: 3000, feedId: 1 },
      { from: 3000, to: 3100, feedId: 9 },
      { from: 3100, to: 5000, feedId: 1 },
    ]);
    expect(p.screenIntervals).toEqual([{ from: 3000, to: 3100, feedId: 9 }]);
  });

  it('holds a speaker for the minimum time before switching, and follows the latest talker', () => {
    const p = plan([
      { t: at(0), type: 'start' },
      cam(0, 1, 'a'),
      cam(0, 2, 'b'),
      cam(0, 3, 'c'),
      talk(100, 'a'),
      talk(600, 'b'), // a has been on for 0.5 s: wait until 2.0 s
      talk(2500, 'c'), // b since 2.0 s: wait until 4.0 s …
      talk(2700, 'c', false),
      talk(2800, 'a'), // … by then a talks (c stopped): a
      { t: at(9000), type: 'stop' },
    ]);
    expect(p.segments).toEqual([
      { from: 0, to: 2000, feedId: 1 },
      { from: 2000, to: 4000, feedId: 2 },
      { from: 4000, to: 9000, feedId: 1 },
    ]);
  });

  it('keeps the last speaker through silence, falls back to the first camera, and is black with no picture', () => {
    const p = plan([
      { t: at(0), type: 'start' },
      cam(1000, 1, 'a'),
      cam(1000, 2, 'b'),
      talk(1500, 'b'),
      talk(1800, 'b', false),
      { t: at(6000), type: 'unfeed', feedId: 2 }, // the speaker leaves: at once to the remaining camera
      { t: at(7000), type: 'stop' },
    ]);
    expect(p.segments).toEqual([
      { from: 0, to: 1000, feedId: null },
      { from: 1000, to: 3000, feedId: 1 }, // b spoke at 1.5 s, but the first camera is held for 2 s
      { from: 3000, to: 6000, feedId: 2 },
      { from: 6000, to: 7000, feedId: 1 },
    ]);
  });

  it('ends at the last event when the stop never made it into the timeline', () => {
    const p = plan([{ t: at(0), type: 'start' }, cam(0, 1, 'a'), talk(4200, 'a')]);
    expect(p.durationMs).toBe(4200);
    expect(p.segments).toEqual([{ from: 0, to: 4200, feedId: 1 }]);
  });

  it('gives an empty plan for an empty timeline', () => {
    expect(plan([]).durationMs).toBe(0);
    expect(plan([]).segments).toEqual([]);
  });
});
